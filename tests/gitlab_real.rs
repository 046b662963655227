//! Real CODEOWNERS files, given by path (they are not part of this
//! repository): `TEAMLINT_REAL_GITLAB_CODEOWNERS` (a GitLab file, e.g.
//! gitlab-org/gitlab's `.gitlab/CODEOWNERS`) and
//! `TEAMLINT_REAL_GITHUB_CODEOWNERS` (a GitHub file). Without them the
//! tests have nothing to read and say so.
//!
//! The GitLab file is imported with every section, written back byte for
//! byte, and resolved over a tree built from its own patterns (two paths
//! per entry, and a neighbour of each), compared path by path with an
//! independent reading of GitLab's rules (Ruby's `fnmatch` written out
//! again here, its sections, exclusions and one entry per normalized
//! pattern); then `init` and `codeowners --check` run over that tree in a
//! real repository.

// The figures a real file gives (sizes, timings) are what these tests are
// run for; they go to the test's standard error.
#![allow(clippy::print_stderr)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use teamlint_core::codeowners::gitlab;
use teamlint_core::config::Config;
use teamlint_core::finding::Source;
use teamlint_core::ownership::Resolver;

use support::TestRepo;

fn real(var: &str) -> Option<String> {
    let path = std::env::var_os(var)?;
    Some(std::fs::read_to_string(path).expect("readable file"))
}

fn load(text: &str) -> Config {
    match Config::load(Source::new("OWNERS.toml".into(), text.into()), Vec::new()) {
        Ok(c) => c,
        Err((_, errors)) => panic!(
            "{:?}",
            errors.iter().map(|e| &e.message).collect::<Vec<_>>()
        ),
    }
}

/// GitLab's pattern normalization, written out again.
fn normalize(p: &str) -> String {
    if p == "*" {
        return "/**/*".into();
    }
    let mut p = p
        .strip_prefix("\\#")
        .map_or(p.to_string(), |r| format!("#{r}"));
    p = p.replace("\\ ", " ");
    if !p.starts_with('/') {
        p = format!("/**/{p}");
    }
    if p.ends_with('/') {
        p.push_str("**/*");
    }
    p
}

/// Ruby's `File.fnmatch(p, s, FNM_DOTMATCH | FNM_PATHNAME)` for the
/// patterns of real files (`*`, `**/`, `?`, `\` and simple classes).
fn fnmatch(p: &str, s: &str) -> bool {
    fn go(p: &[&str], s: &[&str]) -> bool {
        match p.first() {
            None => s.is_empty(),
            Some(&"**") if p.len() > 1 => (0..=s.len()).any(|k| go(&p[1..], &s[k..])),
            Some(seg) => {
                !s.is_empty() && {
                    let a: Vec<char> = seg.chars().collect();
                    let b: Vec<char> = s[0].chars().collect();
                    one(&a, &b) && go(&p[1..], &s[1..])
                }
            }
        }
    }
    fn one(p: &[char], s: &[char]) -> bool {
        match p.first() {
            None => s.is_empty(),
            Some('*') => (0..=s.len()).any(|k| one(&p[1..], &s[k..])),
            Some('?') => !s.is_empty() && one(&p[1..], &s[1..]),
            Some('\\') if p.len() > 1 => s.first() == Some(&p[1]) && one(&p[2..], &s[1..]),
            Some('[') => {
                let Some(end) = p.iter().skip(1).position(|&c| c == ']') else {
                    return false;
                };
                let class = &p[1..1 + end];
                let (neg, class) = match class.first() {
                    Some('!' | '^') => (true, &class[1..]),
                    _ => (false, class),
                };
                !s.is_empty() && class.contains(&s[0]) != neg && one(&p[2 + end..], &s[1..])
            }
            Some(c) => s.first() == Some(c) && one(&p[1..], &s[1..]),
        }
    }
    let p: Vec<&str> = p.split('/').collect();
    let s: Vec<&str> = s.split('/').collect();
    go(&p, &s)
}

/// GitLab's owners of a path, by its rules, independently of teamlint.
fn gitlab_owners(file: &gitlab::File, path: &str) -> BTreeSet<String> {
    // Per section, one entry per normalized pattern: first place, last value.
    let mut sections: BTreeMap<Option<usize>, Vec<(String, &gitlab::Entry)>> = BTreeMap::new();
    for e in &file.entries {
        let section = e.header.map(|h| file.headers[h].section);
        let list = sections.entry(section).or_default();
        let body = e.pattern.strip_prefix('!').unwrap_or(&e.pattern);
        let key = normalize(body);
        match list.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = e,
            None => list.push((key, e)),
        }
    }
    let path = format!("/{path}");
    let mut out = BTreeSet::new();
    for list in sections.values() {
        let matching: Vec<&gitlab::Entry> = list
            .iter()
            .filter(|(k, _)| fnmatch(k, &path))
            .map(|(_, e)| *e)
            .collect();
        if matching.iter().any(|e| e.pattern.starts_with('!')) {
            continue;
        }
        if let Some(e) = matching.last() {
            let owners = if e.written {
                e.owners.clone()
            } else {
                e.header
                    .map(|h| file.headers[h].owners.clone())
                    .unwrap_or_default()
            };
            out.extend(owners.iter().map(|o| o.to_lowercase()));
        }
    }
    out
}

/// Two paths that each entry's pattern matches, and a neighbour of each.
fn tree(file: &gitlab::File) -> Vec<String> {
    let mut out = BTreeSet::new();
    for e in &file.entries {
        let body = e.pattern.strip_prefix('!').unwrap_or(&e.pattern);
        let n = normalize(body);
        for deep in [false, true] {
            let mut segs = Vec::new();
            for seg in n.trim_start_matches('/').split('/') {
                if seg == "**" {
                    if deep {
                        segs.push("d1".to_string());
                        segs.push("d2".to_string());
                    }
                    continue;
                }
                let mut s = String::new();
                let mut chars = seg.chars().peekable();
                while let Some(c) = chars.next() {
                    match c {
                        '*' => s.push('x'),
                        '?' => s.push('q'),
                        '\\' => s.extend(chars.next()),
                        '[' => {
                            let mut class: Vec<char> = Vec::new();
                            for c in chars.by_ref() {
                                if c == ']' {
                                    break;
                                }
                                class.push(c);
                            }
                            match class.first() {
                                Some('!' | '^') | None => s.push('z'),
                                Some(&c) => s.push(c),
                            }
                        }
                        c => s.push(c),
                    }
                }
                if s.is_empty() {
                    s.push('x');
                }
                segs.push(s);
            }
            let path = segs.join("/");
            if let Some((dir, _)) = path.rsplit_once('/') {
                out.insert(format!("{dir}/neighbour.txt"));
            }
            out.insert(path);
        }
    }
    out.into_iter().collect()
}

#[test]
fn a_real_gitlab_codeowners_imports_with_every_section_and_checks_clean() {
    let Some(text) = real("TEAMLINT_REAL_GITLAB_CODEOWNERS") else {
        eprintln!("TEAMLINT_REAL_GITLAB_CODEOWNERS is not set: nothing to read");
        return;
    };
    let file = gitlab::parse(&text);
    let imported = gitlab::import(&text, ".gitlab/CODEOWNERS");
    let config = load(&imported.text);
    let names: Vec<&str> = config
        .sections
        .iter()
        .map(|s| s.name.value.as_str())
        .collect();
    assert_eq!(names, file.sections, "every section is imported");
    let exclusions = file
        .entries
        .iter()
        .filter(|e| e.pattern.starts_with('!'))
        .count();
    let optional = config.sections.iter().filter(|s| s.optional).count();
    let defaults = config.sections.iter().filter(|s| s.owner.is_some()).count();
    let nested = file
        .entries
        .iter()
        .flat_map(|e| &e.owners)
        .filter(|o| o.matches('/').count() >= 2)
        .count();

    let back = teamlint_core::codeowners::export(&config, Some(&text)).unwrap();
    assert!(back == text, "the export over the file is the file");

    let paths = tree(&file);
    let started = Instant::now();
    let resolver = Resolver::new(&config);
    let all = resolver.resolve_all(paths.clone());
    let elapsed = started.elapsed();
    let mut differ = Vec::new();
    for (i, p) in paths.iter().enumerate() {
        let ours: BTreeSet<String> = all.decisions[i]
            .owner
            .team_ids()
            .iter()
            .map(|&t| {
                config.teams[t]
                    .gitlab
                    .as_ref()
                    .unwrap()
                    .value
                    .to_lowercase()
            })
            .collect();
        let theirs = gitlab_owners(&file, p);
        if ours != theirs {
            differ.push(format!("`{p}`: teamlint {ours:?}, GitLab {theirs:?}"));
        }
    }
    eprintln!(
        "{} lines, {} entries, {} sections ({optional} optional, {defaults} with default owners), \
         {exclusions} exclusions, {nested} owners that are nested groups, {} syntax errors, \
         {} teams; {} paths resolved in {:.1} ms, {} differ from GitLab's reading",
        text.lines().count(),
        file.entries.len(),
        file.sections.len(),
        file.errors.len(),
        config.teams.len(),
        paths.len(),
        elapsed.as_secs_f64() * 1e3,
        differ.len()
    );
    assert!(differ.is_empty(), "{}", differ.join("\n"));

    // The commands, in a real repository holding that tree.
    let mut repo = TestRepo::new();
    repo.write(".gitlab/CODEOWNERS", &text);
    for p in &paths {
        if p != ".gitlab/CODEOWNERS" {
            repo.write(p, "x\n");
        }
    }
    repo.commit("tree");
    repo.run(&["init", "--from-codeowners", ".gitlab/CODEOWNERS"])
        .expect_code(0);
    repo.run(&["codeowners", "--write"]).expect_code(0);
    let started = Instant::now();
    let run = repo.run(&["codeowners", "--check"]);
    eprintln!(
        "codeowners --check over {} files: exit {} in {:.0} ms",
        paths.len() + 2,
        run.code,
        started.elapsed().as_secs_f64() * 1e3
    );
    // Only GitLab's own syntax errors, if the file has any, are reported.
    let drift = run.stdout.lines().filter(|l| l.contains(" says ")).count();
    assert_eq!(drift, 0, "{}", run.stdout);
}

#[test]
fn a_real_github_codeowners_comes_back_byte_for_byte() {
    let Some(text) = real("TEAMLINT_REAL_GITHUB_CODEOWNERS") else {
        eprintln!("TEAMLINT_REAL_GITHUB_CODEOWNERS is not set: nothing to read");
        return;
    };
    let (toml, skipped) = teamlint_core::codeowners::import(&text, "CODEOWNERS");
    let config = load(&toml);
    let back = teamlint_core::codeowners::export(&config, Some(&text)).unwrap();
    eprintln!(
        "{} lines, {} skipped, {} bytes back, identical: {}",
        text.lines().count(),
        skipped,
        back.len(),
        back == text
    );
    assert!(back == text);
}
