//! OWNERS.toml to CODEOWNERS: one flat file that GitHub resolves exactly as
//! the root and directory OWNERS.toml files resolve.
//!
//! GitHub has one file where the last matching line wins; teamlint has one
//! file per directory where the nearest file with a matching rule wins. The
//! two agree when each directory file becomes a block of lines anchored
//! under its directory, with ancestors' blocks before descendants' blocks:
//! a line of a nearer file then always comes later than any line of a file
//! further up, and a path no line of its nearest file matches still finds
//! the ancestors' lines above. Lines of unrelated directories never match
//! the same path, so their relative order does not matter.

use std::collections::BTreeSet;
use std::fmt;

use super::layout::{self, Want};
use crate::config::{Config, OwnersFile, RuleOwner, FILE_NAME};
use crate::pattern::escape_literal;

/// Why a CODEOWNERS file cannot be written for a config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportError {
    /// Teams that own paths but have no usable GitHub owner: `missing` have
    /// no `github` at all, `invalid` have one GitHub would reject
    /// (team, value).
    Github {
        missing: Vec<String>,
        invalid: Vec<(String, String)>,
    },
    /// A directory with an OWNERS.toml whose name no CODEOWNERS line can
    /// hold (a line break in it).
    Unrepresentable { dir: String },
    /// What GitLab's syntax cannot say, or a team without a GitLab owner.
    Gitlab { message: String, help: String },
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::Github { missing, invalid } => {
                f.write_str("cannot export CODEOWNERS: ")?;
                if !missing.is_empty() {
                    let names = quoted(missing.iter().map(String::as_str));
                    if missing.len() == 1 {
                        write!(f, "team {names} has no `github` owner")?;
                    } else {
                        write!(f, "teams {names} have no `github` owner")?;
                    }
                }
                if !invalid.is_empty() {
                    if !missing.is_empty() {
                        f.write_str("; ")?;
                    }
                    let list: Vec<String> = invalid
                        .iter()
                        .map(|(t, v)| format!("team `{t}` has `github = \"{v}\"`"))
                        .collect();
                    write!(
                        f,
                        "{}, which is not @user, @org/team or an email",
                        list.join(", ")
                    )?;
                }
                Ok(())
            }
            ExportError::Unrepresentable { dir } => write!(
                f,
                "cannot export CODEOWNERS: the directory {dir:?} holds an {FILE_NAME}, \
                 and a CODEOWNERS line cannot name it (it has a line break)"
            ),
            ExportError::Gitlab { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for ExportError {}

impl ExportError {
    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            ExportError::Github { missing, invalid } => {
                let first = missing
                    .first()
                    .or(invalid.first().map(|(t, _)| t))
                    .map_or("NAME", String::as_str);
                format!(
                    "add the team's GitHub owner to the root {FILE_NAME}, e.g. \
                     `github = \"@org/team\"` under [teams.{}]",
                    crate::config::toml_key(first)
                )
            }
            ExportError::Unrepresentable { .. } => {
                "rename the directory, or move its rules into a parent OWNERS.toml".into()
            }
            ExportError::Gitlab { help, .. } => help.clone(),
        }
    }
}

/// A CODEOWNERS line: the pattern and its owners (none: explicitly unowned).
type Line = (String, Vec<String>);

fn quoted<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The CODEOWNERS text for a config, in the config's dialect, written
/// over `previous` (the file it replaces) so that unchanged lines keep
/// their layout.
pub fn export(config: &Config, previous: Option<&str>) -> Result<String, ExportError> {
    if config.dialect == crate::pattern::Dialect::Gitlab {
        return super::gitlab::export(config, previous);
    }
    check_github(config)?;
    let mut files: Vec<&OwnersFile> = config.files.iter().collect();
    // Ancestors first: a directory sorts before everything under it.
    files.sort_by(|a, b| a.dir.cmp(&b.dir));

    // Per OWNERS.toml: its label and its lines as (pattern, owners).
    let mut blocks: Vec<(String, Vec<Line>)> = Vec::new();
    for file in files {
        if file.dir.contains(['\n', '\r']) {
            return Err(ExportError::Unrepresentable {
                dir: file.dir.clone(),
            });
        }
        let mut lines = Vec::new();
        let whole = if file.dir.is_empty() {
            "*".to_string()
        } else {
            format!("/{}/", escape_literal(&file.dir))
        };
        if let Some(t) = &file.default_team {
            // The file's lowest-priority rule: first in its block.
            lines.push((whole, handles(config, [t.value.as_str()])));
        } else if !file.inherit && !file.dir.is_empty() {
            // Ancestors stop here: what this file does not own is unowned.
            lines.push((whole, Vec::new()));
        }
        for (_, rule, p) in file.patterns() {
            let owners = match &rule.owner {
                RuleOwner::Team(t) => handles(config, [t.value.as_str()]),
                RuleOwner::Teams(ts) => handles(config, ts.iter().map(|t| t.value.as_str())),
                RuleOwner::Unowned => Vec::new(),
            };
            lines.push((relocate(&file.dir, &p.text.value), owners));
        }
        if !lines.is_empty() {
            let label = if file.dir.is_empty() {
                FILE_NAME.to_string()
            } else {
                format!("{}/{FILE_NAME}", file.dir)
            };
            blocks.push((label, lines));
        }
    }

    let mut want = vec![Want::Fresh(
        "# Generated by `teamlint codeowners --write` from OWNERS.toml. Do not edit:\n\
         # edit OWNERS.toml (and the OWNERS.toml files in directories) and run\n\
         # `teamlint codeowners --write` again; `teamlint codeowners --check` fails\n\
         # when this file and OWNERS.toml disagree about any file."
            .into(),
    )];
    for (label, lines) in blocks {
        want.push(Want::Fresh(String::new()));
        want.push(Want::Fresh(format!("# {label}")));
        for (pattern, owners) in lines {
            want.push(Want::Line {
                key: entry_key(&pattern, &owners),
                text: layout::Line::Entry {
                    pattern,
                    owners: owners.join(" "),
                },
            });
        }
    }
    Ok(layout::write(&want, previous, line_key))
}

/// What makes two GitHub lines the same: the pattern as the export escapes
/// it, and the owners in order, without regard to case.
fn entry_key(pattern: &str, owners: &[String]) -> String {
    format!(
        "{}\0{}",
        github_escapes(pattern),
        layout::owners_key(owners)
    )
}

/// The key of a line of a previous GitHub CODEOWNERS; `None` for what
/// GitHub skips (kept as it is).
fn line_key(line: &str) -> Option<String> {
    let (lines, _) = super::parse(line);
    let l = lines.first()?;
    Some(entry_key(&l.pattern, &l.owners))
}

/// Every team a rule or a default names must have a valid GitHub owner.
fn check_github(config: &Config) -> Result<(), ExportError> {
    let mut named = BTreeSet::new();
    for file in &config.files {
        named.extend(file.default_team.iter().map(|t| t.value.as_str()));
        for rule in &file.rules {
            match &rule.owner {
                RuleOwner::Team(t) => {
                    named.insert(t.value.as_str());
                }
                RuleOwner::Teams(ts) => named.extend(ts.iter().map(|t| t.value.as_str())),
                RuleOwner::Unowned => {}
            }
        }
    }
    let (mut missing, mut invalid) = (Vec::new(), Vec::new());
    for team in config
        .teams
        .iter()
        .filter(|t| named.contains(t.name.as_str()))
    {
        match &team.github {
            None => missing.push(team.name.clone()),
            Some(g) if !super::is_owner(g.value.trim()) => {
                invalid.push((team.name.clone(), g.value.clone()))
            }
            Some(_) => {}
        }
    }
    if missing.is_empty() && invalid.is_empty() {
        Ok(())
    } else {
        Err(ExportError::Github { missing, invalid })
    }
}

/// The GitHub owners of some teams, in the order named, each once.
fn handles<'a>(config: &Config, teams: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in teams {
        let Some(h) = config
            .team(name)
            .and_then(|t| t.github.as_ref())
            .map(|g| g.value.trim().to_string())
        else {
            continue;
        };
        if !out.iter().any(|o| o.eq_ignore_ascii_case(&h)) {
            out.push(h);
        }
    }
    out
}

/// A pattern of the OWNERS.toml in `dir`, rewritten relative to the root.
fn relocate(dir: &str, pattern: &str) -> String {
    let pattern = github_escapes(pattern);
    if dir.is_empty() {
        return pattern;
    }
    let dir = escape_literal(dir);
    let body = strip_trailing_slashes(&pattern);
    let dir_only = body.len() < pattern.len();
    if body.contains('/') {
        // Anchored: relative to the file's directory.
        let rest = pattern.strip_prefix('/').unwrap_or(&pattern);
        return format!("/{dir}/{rest}");
    }
    match (body, dir_only) {
        // `**` owns everything below; `**/` every file in a subdirectory.
        ("**", false) => format!("/{dir}/**"),
        ("**", true) => format!("/{dir}/*/"),
        // Unanchored: at any depth below the file's directory.
        _ => format!("/{dir}/**/{pattern}"),
    }
}

/// The pattern without its trailing (unescaped) slashes.
fn strip_trailing_slashes(p: &str) -> &str {
    let mut s = p;
    while s.len() > 1 && s.ends_with('/') && !s.ends_with("\\/") {
        s = &s[..s.len() - 1];
    }
    s
}

/// Escapes what teamlint reads literally but a CODEOWNERS line cannot hold
/// as is: brackets (GitHub rejects unescaped ones), whitespace (it ends the
/// pattern) and a leading `#` (it starts a comment). Escapes already in the
/// pattern are kept.
fn github_escapes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 4);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push('\\');
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '#' if out.is_empty() => out.push_str("\\#"),
            c if c.is_whitespace() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Source;
    use crate::ownership::Resolver;
    use std::fmt::Write as _;

    fn load(root: &str, dirs: &[(&str, &str)]) -> Config {
        let dirs = dirs
            .iter()
            .map(|(d, t)| {
                (
                    d.to_string(),
                    Source::new(format!("{d}/OWNERS.toml"), t.to_string()),
                )
            })
            .collect();
        match Config::load(Source::new("OWNERS.toml".into(), root.into()), dirs) {
            Ok(c) => c,
            Err((_, errors)) => panic!(
                "{:?}",
                errors.iter().map(|e| &e.message).collect::<Vec<_>>()
            ),
        }
    }

    /// Each path's GitHub owners under a config, sorted.
    fn owners(config: &Config, paths: &[String]) -> Vec<Vec<String>> {
        let resolver = Resolver::new(config);
        let all = resolver.resolve_all(paths.to_vec());
        all.decisions
            .iter()
            .map(|d| {
                let mut h: Vec<String> = d
                    .owner
                    .team_ids()
                    .iter()
                    .map(|&t| config.teams[t].github.as_ref().unwrap().value.clone())
                    .collect();
                h.sort();
                h
            })
            .collect()
    }

    /// Exports, imports the export, and compares every path's owners.
    fn round_trip(config: &Config, paths: &[String]) -> String {
        let text = export(config, None).unwrap();
        let (toml, skipped) = super::super::import(&text, "CODEOWNERS");
        assert_eq!(skipped, 0, "{text}");
        let back = load(&toml, &[]);
        let want = owners(config, paths);
        let got = owners(&back, paths);
        for (i, p) in paths.iter().enumerate() {
            assert_eq!(
                want[i], got[i],
                "`{p}`: OWNERS.toml {:?}, CODEOWNERS {:?}\n{text}",
                want[i], got[i]
            );
        }
        text
    }

    const TEAMS: &str = "[teams.a]\ngithub = \"@acme/a\"\n\
        [teams.b]\ngithub = \"@acme/b\"\n\
        [teams.c]\ngithub = \"c@acme.test\"\n\
        [teams.d]\ngithub = \"@dora\"\n";

    #[test]
    fn directory_files_become_anchored_blocks() {
        let root = format!(
            "version = 1\n{TEAMS}[[own]]\nteam = \"a\"\npaths = [\"*\"]\n\
             [[own]]\nteam = \"b\"\npaths = [\"*.tf\"]\n"
        );
        let c = load(
            &root,
            &[
                (
                    "svc",
                    "team = \"c\"\n[[own]]\nteam = \"d\"\npaths = [\"/api/\", \"deploy/\", \"*.tf\"]\n",
                ),
                (
                    "apps/[id] x",
                    "inherit = false\n[[own]]\nteams = [\"a\", \"b\"]\npaths = [\"page.ts\"]\n",
                ),
            ],
        );
        let text = export(&c, None).unwrap();
        let body: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect();
        assert_eq!(
            body,
            [
                "*                          @acme/a",
                "*.tf                       @acme/b",
                "/apps/\\[id\\]\\ x/",
                "/apps/\\[id\\]\\ x/**/page.ts @acme/a @acme/b",
                "/svc/                      c@acme.test",
                "/svc/api/                  @dora",
                "/svc/**/deploy/            @dora",
                "/svc/**/*.tf               @dora",
            ]
        );
        assert!(text.starts_with("# Generated by `teamlint codeowners --write`"));
        assert!(text.contains("# svc/OWNERS.toml\n"));
    }

    #[test]
    fn brackets_spaces_and_hashes_are_escaped_once() {
        assert_eq!(github_escapes("/apps/[id]/x.ts"), "/apps/\\[id\\]/x.ts");
        assert_eq!(github_escapes("/apps/\\[id\\]/"), "/apps/\\[id\\]/");
        assert_eq!(github_escapes("my dir/"), "my\\ dir/");
        assert_eq!(github_escapes("my\\ dir/"), "my\\ dir/");
        assert_eq!(github_escapes("#notes"), "\\#notes");
        assert_eq!(github_escapes("a#b"), "a#b");
    }

    #[test]
    fn relocation_keeps_the_meaning_of_each_kind_of_pattern() {
        assert_eq!(relocate("d", "/x/"), "/d/x/");
        assert_eq!(relocate("d", "x/y"), "/d/x/y");
        assert_eq!(relocate("d", "x/*"), "/d/x/*");
        assert_eq!(relocate("d", "/*"), "/d/*");
        assert_eq!(relocate("d", "*"), "/d/**/*");
        assert_eq!(relocate("d", "**"), "/d/**");
        assert_eq!(relocate("d", "**/"), "/d/*/");
        assert_eq!(relocate("d", "**/logs"), "/d/**/logs");
        assert_eq!(relocate("d", "deploy/"), "/d/**/deploy/");
        assert_eq!(relocate("my dir", "[id]/"), "/my\\ dir/**/\\[id\\]/");
        assert_eq!(relocate("", "[id]"), "\\[id\\]");
    }

    #[test]
    fn teams_without_github_are_all_named() {
        let c = load(
            "version = 1\n[teams.a]\n[teams.b]\ngithub = \"acme\"\n[teams.c]\n[teams.idle]\n\
             [[own]]\nteam = \"a\"\npaths = [\"*\"]\n\
             [[own]]\nteams = [\"b\", \"c\"]\npaths = [\"/x/\"]\n",
            &[],
        );
        let err = export(&c, None).unwrap_err();
        assert_eq!(
            err,
            ExportError::Github {
                missing: vec!["a".into(), "c".into()],
                invalid: vec![("b".into(), "acme".into())],
            }
        );
        let msg = err.to_string();
        assert!(
            msg.contains("teams `a`, `c` have no `github` owner"),
            "{msg}"
        );
        assert!(err.help().contains("github = \"@org/team\""));
    }

    /// A small deterministic generator, so the test needs no dependency.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) % n as u64) as usize
        }
    }

    #[test]
    fn random_nested_configs_resolve_the_same_after_export() {
        const PATTERNS: &[&str] = &[
            "*", "**", "**/", "*.tf", "*.md", "/*", "/*.md", "x/", "/x/", "x", "/x", "x/*", "x/**",
            "/x/**", "**/x", "**/x/", "x/**/y", "y", "/y/", "[id]", "/[id]/", "a b/", "/a\\ b/*",
            "f?o", "x/y", "/x/y/", "docs/*", "foo**", "*/y",
        ];
        const DIRS: &[&str] = &["x", "x/y", "x/[id]", "a b", "a b/x", "y", "x/y/x"];
        let mut paths: Vec<String> = Vec::new();
        for top in [
            "", "x/", "x/y/", "x/[id]/", "a b/", "a b/x/", "y/", "x/y/x/", "z/",
        ] {
            for rest in [
                "a.tf",
                "a.md",
                "x",
                "x/a.md",
                "x/y/a",
                "y/b",
                "[id]/p.ts",
                "a b/c",
                "foo",
                "fxo",
                "docs/r.md",
                "docs/s/r.md",
                "q/x/y/z.tf",
                "foobar/t",
            ] {
                paths.push(format!("{top}{rest}"));
            }
        }
        paths.sort();
        paths.dedup();
        let teams = ["a", "b", "c", "d"];
        let mut rng = Lcg(7);
        for _ in 0..300 {
            let rules = |rng: &mut Lcg| {
                let mut s = String::new();
                for _ in 0..rng.next(4) {
                    let owner = match rng.next(6) {
                        0 => "unowned = true".to_string(),
                        1 => "teams = [\"a\", \"c\"]".to_string(),
                        _ => format!("team = \"{}\"", teams[rng.next(4)]),
                    };
                    let pats: Vec<String> = (0..1 + rng.next(3))
                        .map(|_| crate::config::toml_string(PATTERNS[rng.next(PATTERNS.len())]))
                        .collect();
                    let _ = write!(s, "[[own]]\n{owner}\npaths = [{}]\n", pats.join(", "));
                }
                s
            };
            let mut root = "version = 1\n".to_string();
            if rng.next(4) == 0 {
                root.push_str("team = \"d\"\n");
            }
            root.push_str(TEAMS);
            root.push_str(&rules(&mut rng));
            let mut dirs = Vec::new();
            for d in DIRS {
                if rng.next(2) == 0 {
                    continue;
                }
                let mut text = String::new();
                if rng.next(3) == 0 {
                    let _ = writeln!(text, "team = \"{}\"", teams[rng.next(4)]);
                }
                if rng.next(3) == 0 {
                    text.push_str("inherit = false\n");
                }
                text.push_str(&rules(&mut rng));
                dirs.push((*d, text));
            }
            let dir_refs: Vec<(&str, &str)> = dirs.iter().map(|(d, t)| (*d, t.as_str())).collect();
            round_trip(&load(&root, &dir_refs), &paths);
        }
    }
}
