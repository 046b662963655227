//! Real CODEOWNERS files, given by path (they are not part of this
//! repository): `TEAMLINT_REAL_GITLAB_CODEOWNERS` (a GitLab file, e.g.
//! gitlab-org/gitlab's own `.gitlab/CODEOWNERS`, whole), with
//! `TEAMLINT_REAL_GITLAB_PATHS` (optional: a file of that repository's
//! paths, one a line, added to the tree), and
//! `TEAMLINT_REAL_GITHUB_CODEOWNERS` (a GitHub file). Without them the
//! tests have nothing to read and say so.
//!
//! The GitLab file is imported with every section (sections, rules,
//! exclusions, optional marks, approvals and owners counted against
//! GitLab's own reading of the file), exported over itself (every line
//! comes back but headers GitLab reads the same without), and resolved over
//! a tree of the given paths and paths built from its own patterns (two
//! per entry, and a neighbour of each): per path, the owners teamlint reads
//! from the file and from its export, and an independent reading of
//! GitLab's rules (Ruby's `fnmatch` written out again here, its sections,
//! exclusions and one entry per normalized pattern) of both, all agree.
//! Then `init`, `codeowners --check` over the file, `codeowners --write`
//! and `codeowners --check` again run over that tree in a real repository.
//! The figures (sizes, counts, timings) go to standard error.

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

/// GitLab's optional sections, by section: a section is optional when it
/// has entries and every one of them (one per normalized pattern: its last
/// line) is under an optional header.
fn gitlab_optional(file: &gitlab::File) -> Vec<bool> {
    let mut last: Vec<BTreeMap<String, bool>> = vec![BTreeMap::new(); file.sections.len()];
    for e in &file.entries {
        let Some(h) = e.header.map(|h| &file.headers[h]) else {
            continue;
        };
        let body = e.pattern.strip_prefix('!').unwrap_or(&e.pattern);
        last[h.section].insert(normalize(body), h.optional);
    }
    last.iter()
        .map(|m| !m.is_empty() && m.values().all(|&o| o))
        .collect()
}

/// Lines with their numbers.
type Lines<'t> = Vec<(usize, &'t str)>;

/// The lines of `a` that `b` lacks and the lines of `b` that `a` lacks
/// (a longest common subsequence of lines), with their line numbers.
fn line_diff<'t>(a: &'t str, b: &'t str) -> (Lines<'t>, Lines<'t>) {
    let a: Vec<&str> = a.lines().collect();
    let b: Vec<&str> = b.lines().collect();
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[at(i, j)] = if a[i] == b[j] {
                lcs[at(i + 1, j + 1)] + 1
            } else {
                lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
            };
        }
    }
    let (mut only_a, mut only_b) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j == m || (i < n && lcs[at(i + 1, j)] >= lcs[at(i, j + 1)]) {
            only_a.push((i + 1, a[i]));
            i += 1;
        } else {
            only_b.push((j + 1, b[j]));
            j += 1;
        }
    }
    (only_a, only_b)
}

fn is_header(line: &str) -> bool {
    matches!(gitlab::classify(line.trim()), gitlab::Kind::Header { .. })
}

/// Each path's owners (GitLab's handles, lower case) as teamlint reads a
/// GitLab CODEOWNERS text: imported, then resolved.
fn teamlint_owners(text: &str, paths: &[String]) -> Vec<BTreeSet<String>> {
    let config = load(&gitlab::import(text, ".gitlab/CODEOWNERS").text);
    let all = Resolver::new(&config).resolve_all(paths.to_vec());
    all.decisions
        .iter()
        .map(|d| {
            d.owner
                .team_ids()
                .iter()
                .map(|&t| {
                    let team = &config.teams[t];
                    team.gitlab.as_ref().unwrap().value.to_lowercase()
                })
                .collect()
        })
        .collect()
}

/// The tree: the given paths and the paths built from the patterns, less
/// any path another one lies under (a file cannot be a directory too).
fn with_real_paths(file: &gitlab::File) -> (Vec<String>, usize) {
    let mut all: BTreeSet<String> = tree(file).into_iter().collect();
    let mut given = 0;
    if let Some(list) = real("TEAMLINT_REAL_GITLAB_PATHS") {
        for p in list.lines().filter(|l| !l.is_empty()) {
            given += 1;
            all.insert(p.trim_start_matches('/').to_string());
        }
    }
    let dirs: BTreeSet<String> = all
        .iter()
        .flat_map(|p| {
            p.match_indices('/')
                .map(|(i, _)| p[..i].to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let paths = all
        .into_iter()
        .filter(|p| !dirs.contains(p) && p != ".gitlab/CODEOWNERS")
        .collect();
    (paths, given)
}

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1e3
}

#[test]
fn a_real_gitlab_codeowners_imports_with_every_section_and_checks_clean() {
    let Some(text) = real("TEAMLINT_REAL_GITLAB_CODEOWNERS") else {
        eprintln!("TEAMLINT_REAL_GITLAB_CODEOWNERS is not set: nothing to read");
        return;
    };
    let file = gitlab::parse(&text);

    // ---- the import: every section, rule, mark and owner ----
    let started = Instant::now();
    let imported = gitlab::import(&text, ".gitlab/CODEOWNERS");
    let config = load(&imported.text);
    let import_ms = ms(started);
    let names: Vec<&str> = config
        .sections
        .iter()
        .map(|s| s.name.value.as_str())
        .collect();
    assert_eq!(names, file.sections, "every section is imported");
    assert!(
        imported.skipped.is_empty(),
        "lines left out: {:?}",
        imported.skipped
    );
    let root = &config.files[0];
    let patterns: usize = root.rules.iter().map(|r| r.patterns.len()).sum();
    assert_eq!(patterns, file.entries.len(), "every entry is a pattern");
    let in_order: Vec<&str> = root
        .rules
        .iter()
        .flat_map(|r| &r.patterns)
        .map(|p| p.text.value.as_str())
        .collect();
    let entries: Vec<&str> = file.entries.iter().map(|e| e.pattern.as_str()).collect();
    assert_eq!(in_order, entries, "the entries in order");
    // Each rule is in its entry's section.
    for (rule, e) in root
        .rules
        .iter()
        .flat_map(|r| r.patterns.iter().map(move |_| r))
        .zip(&file.entries)
    {
        let theirs = e.header.map(|h| file.headers[h].section);
        assert_eq!(
            rule.section.as_ref().map(|(i, _)| *i),
            theirs,
            "{}",
            e.pattern
        );
    }
    // Optional marks and default owners, as GitLab decides them.
    let optional: Vec<bool> = config.sections.iter().map(|s| s.optional).collect();
    assert_eq!(optional, gitlab_optional(&file), "optional sections");
    for (i, s) in config.sections.iter().enumerate() {
        let first = file.headers.iter().find(|h| h.section == i).unwrap();
        assert_eq!(
            s.owner.is_some(),
            !first.owners.is_empty(),
            "{}",
            first.name
        );
        // GitLab counts approvals per header: the map's one count per
        // section is GitLab's only when every header of it says the same.
        for h in file.headers.iter().filter(|h| h.section == i) {
            assert_eq!(h.approvals, s.approvals, "line {}: `{}`", h.number, h.name);
        }
    }
    let exclusions = entries.iter().filter(|p| p.starts_with('!')).count();
    let defaults = config.sections.iter().filter(|s| s.owner.is_some()).count();
    let with_approvals = config
        .sections
        .iter()
        .filter(|s| s.approvals.is_some())
        .count();
    let inherit = root.rules.iter().filter(|r| r.inherits).count();
    let shared = root
        .rules
        .iter()
        .filter(|r| matches!(r.owner, teamlint_core::config::RuleOwner::Teams(_)))
        .count();
    let owners: BTreeSet<String> = file
        .entries
        .iter()
        .flat_map(|e| &e.owners)
        .chain(file.headers.iter().flat_map(|h| &h.owners))
        .map(|o| o.to_lowercase())
        .collect();
    let kind = |o: &String| {
        if o.starts_with("@@") {
            "role"
        } else if !o.starts_with('@') {
            "email"
        } else {
            match o.matches('/').count() {
                0 => "user or group",
                1 => "subgroup",
                _ => "nested subgroup",
            }
        }
    };
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for o in &owners {
        *kinds.entry(kind(o)).or_default() += 1;
    }
    eprintln!(
        "file: {} bytes, {} lines, {} syntax errors; {} headers, {} sections ({} optional, \
         {defaults} with default owners, {with_approvals} with approvals); {} entries \
         ({exclusions} exclusions, {} in the unnamed section); {} owners {kinds:?}",
        text.len(),
        text.lines().count(),
        file.errors.len(),
        file.headers.len(),
        file.sections.len(),
        optional.iter().filter(|&&o| o).count(),
        file.entries.len(),
        file.entries.iter().filter(|e| e.header.is_none()).count(),
        owners.len(),
    );
    eprintln!(
        "import: {} teams, {} rules ({inherit} taking their section's default owners, \
         {shared} shared), {patterns} patterns, {} bytes of OWNERS.toml in {import_ms:.1} ms",
        config.teams.len(),
        root.rules.len(),
        imported.text.len(),
    );

    // ---- the export over the file ----
    let started = Instant::now();
    let back = teamlint_core::codeowners::export(&config, Some(&text)).unwrap();
    let export_ms = ms(started);
    let (gone, added) = line_diff(&text, &back);
    eprintln!(
        "export: {} bytes in {export_ms:.1} ms; {} lines of the file not in it, {} new",
        back.len(),
        gone.len(),
        added.len()
    );
    for (n, l) in &gone {
        eprintln!("  - line {n}: {l}");
    }
    for (n, l) in &added {
        eprintln!("  + line {n}: {l}");
    }
    // Entries and comments come back as they were; a header may go or
    // change only where GitLab reads the sections the same (checked below).
    assert!(
        gone.iter().chain(&added).all(|(_, l)| is_header(l)),
        "the export changed lines other than headers"
    );
    let again = gitlab::parse(&back);
    assert!(again.errors.is_empty() || !file.errors.is_empty());
    assert_eq!(again.sections.len(), file.sections.len());
    for (i, name) in file.sections.iter().enumerate() {
        assert!(again.sections[i].eq_ignore_ascii_case(name));
    }
    assert_eq!(gitlab_optional(&again), gitlab_optional(&file));
    let approvals = |f: &gitlab::File| -> Vec<Option<u64>> {
        f.entries
            .iter()
            .map(|e| e.header.and_then(|h| f.headers[h].approvals))
            .collect()
    };
    assert_eq!(approvals(&again), approvals(&file), "approvals per entry");

    // ---- owners per path: four readings agree ----
    let (paths, given) = with_real_paths(&file);
    let started = Instant::now();
    let ours = teamlint_owners(&text, &paths);
    let resolve_ms = ms(started);
    let ours_back = teamlint_owners(&back, &paths);
    let mut differ = Vec::new();
    let mut owned = 0;
    for (i, p) in paths.iter().enumerate() {
        let theirs = gitlab_owners(&file, p);
        let theirs_back = gitlab_owners(&again, p);
        owned += usize::from(!theirs.is_empty());
        if ours[i] != theirs || ours_back[i] != theirs || theirs_back != theirs {
            differ.push(format!(
                "`{p}`: GitLab {theirs:?}; teamlint {:?}; export: GitLab {theirs_back:?}, teamlint {:?}",
                ours[i], ours_back[i]
            ));
        }
    }
    eprintln!(
        "tree: {} paths ({given} given, the rest built from the patterns), {owned} with owners; \
         resolved in {resolve_ms:.1} ms; {} differ between the readings",
        paths.len(),
        differ.len()
    );
    assert!(differ.is_empty(), "{}", differ.join("\n"));

    // ---- the commands, in a real repository holding that tree ----
    let mut repo = TestRepo::new();
    repo.write(".gitlab/CODEOWNERS", &text);
    for p in &paths {
        repo.write(p, "x\n");
    }
    repo.commit("tree");
    let started = Instant::now();
    repo.run(&["init", "--from-codeowners", ".gitlab/CODEOWNERS"])
        .expect_code(0);
    let init_ms = ms(started);
    let drift = |run: &support::Run| -> Vec<String> {
        run.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["message"].as_str().unwrap_or("").to_string())
            .filter(|m| !m.contains("(GitLab: "))
            .collect()
    };
    // Over the file as it is: GitLab's reading of it is the map's.
    let started = Instant::now();
    let before = repo.run(&["codeowners", "--check", "--format", "json"]);
    let before_ms = ms(started);
    assert_eq!(drift(&before), Vec::<String>::new(), "{before}");
    let started = Instant::now();
    repo.run(&["codeowners", "--write"]).expect_code(0);
    let write_ms = ms(started);
    let written = std::fs::read_to_string(repo.path().join(".gitlab/CODEOWNERS")).unwrap();
    let (w_gone, w_added) = line_diff(&text, &written);
    let started = Instant::now();
    let after = repo.run(&["codeowners", "--check", "--format", "json"]);
    let after_ms = ms(started);
    assert_eq!(drift(&after), Vec::<String>::new(), "{after}");
    if file.errors.is_empty() {
        before.expect_code(0);
        after.expect_code(0);
    }
    eprintln!(
        "commands over {} files: init {init_ms:.0} ms; codeowners --check over the file: \
         exit {}, {} drift findings, {before_ms:.0} ms; --write {write_ms:.0} ms \
         ({} lines of the file gone, {} added: {:?}); --check after: exit {}, {} drift \
         findings, {after_ms:.0} ms",
        paths.len() + 1,
        before.code,
        drift(&before).len(),
        w_gone.len(),
        w_added.len(),
        w_added.iter().map(|(_, l)| *l).collect::<Vec<_>>(),
        after.code,
        drift(&after).len(),
    );
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
