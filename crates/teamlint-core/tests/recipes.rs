//! Rule recipes: every rule run on small fixtures, with no git and no
//! process, its findings compared with a reviewed snapshot.
//!
//! A recipe is a folder `tests/recipes/RULE/CASE/`, where `RULE` is the
//! rule's name (`dead-pattern`) and `CASE` starts with `fires-` (the rule
//! must find something) or `quiet-` (it must find nothing). Adding a
//! recipe is adding a folder; its snapshot, `findings.snap`, is written on
//! the first run (`INSTA_UPDATE=always`) and read by eye before it is
//! committed. A folder may hold:
//!
//! - `OWNERS.toml`: the map (required); `OWNERS.before.toml`: the map
//!   before the change under review, when the change edits it;
//! - `dirs/DIR/OWNERS.toml`: the map's directory file `DIR/OWNERS.toml`;
//! - `paths.txt`: the tracked files, one a line;
//! - `history.txt`: past changes, newest first as `git log` lists them,
//!   one a line: `[Nx] YYYY-MM-DD AUTHOR FILE...` (`3x` repeats a change);
//! - `change.txt`: the change under review, one file a line with git's
//!   status: `M path`, `A path` or `D path`;
//! - `CODEOWNERS`: the repository's CODEOWNERS (read as
//!   `.github/CODEOWNERS`);
//! - `baseline.json`, `baseline.before.json`: the baseline after and
//!   before the change.
//!
//! Lines starting with `#` and blank lines are skipped in the `.txt`
//! files. Each recipe runs only its rule's part of the pipeline, as the
//! commands do (`check` for the ownership rules, `check --base` for the
//! change rules, `audit` for the history rules), applies the map's
//! `[rules]` levels, and keeps the findings of its rule.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use teamlint_core::baseline::Baseline;
use teamlint_core::config::Config;
use teamlint_core::finding::{CommitRef, Finding, Group, RuleId, Source};
use teamlint_core::metrics::{self, Change};
use teamlint_core::ownership::Resolver;
use teamlint_core::rules::{self, ChangeContext, Context, HistoryContext, Levels};

/// Where the recipes live.
fn recipes_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/recipes")
}

/// One recipe folder, read.
struct Recipe {
    dir: PathBuf,
    rule: RuleId,
    /// Source path (as findings name it) to its text, for locations.
    texts: HashMap<String, String>,
}

impl Recipe {
    fn read(&self, name: &str) -> Option<String> {
        std::fs::read_to_string(self.dir.join(name)).ok()
    }

    /// The lines of a list file, without comments and blanks.
    fn lines(&self, name: &str) -> Vec<String> {
        self.read(name)
            .unwrap_or_default()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect()
    }

    fn config(&mut self, file: &str) -> Option<Config> {
        let text = self.read(file)?;
        if file == "OWNERS.toml" {
            self.texts.insert("OWNERS.toml".into(), text.clone());
        }
        let source = Source::new("OWNERS.toml".into(), text);
        let dirs = self.dir_files();
        for (_, s) in &dirs {
            self.texts.insert(s.path.clone(), s.text.clone());
        }
        match Config::load(source, dirs) {
            Ok(c) => Some(c),
            Err((_, errors)) => panic!(
                "{}/{file} does not load: {:?}",
                self.dir.display(),
                errors.iter().map(|e| &e.message).collect::<Vec<_>>()
            ),
        }
    }

    /// The directory files of the map: `dirs/DIR/OWNERS.toml` is the
    /// map's `DIR/OWNERS.toml`, on both sides of a change.
    fn dir_files(&self) -> Vec<(String, Source)> {
        fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Source)>) {
            for entry in read_dir_all(dir) {
                if entry.is_dir() {
                    walk(root, &entry, out);
                } else if entry.file_name().is_some_and(|n| n == "OWNERS.toml") {
                    let rel = entry.strip_prefix(root).expect("under dirs/");
                    let path = rel.to_string_lossy().replace('\\', "/");
                    let dir = path.trim_end_matches("OWNERS.toml").trim_end_matches('/');
                    let text = std::fs::read_to_string(&entry).expect("a directory file");
                    out.push((dir.to_string(), Source::new(path.clone(), text)));
                }
            }
        }
        let root = self.dir.join("dirs");
        let mut out = Vec::new();
        if root.is_dir() {
            walk(&root, &root, &mut out);
        }
        out
    }

    /// The tracked files at the head, sorted as git lists them.
    fn paths(&self) -> Vec<String> {
        let mut p = self.lines("paths.txt");
        p.sort_unstable();
        p.dedup();
        p
    }

    /// The change under review: (status, path).
    fn change(&self) -> Vec<(char, String)> {
        self.lines("change.txt")
            .iter()
            .map(|l| {
                let (status, path) = l
                    .split_once(char::is_whitespace)
                    .unwrap_or_else(|| panic!("change.txt: `{l}` is not `STATUS PATH`"));
                let status = status.chars().next().filter(|c| "MAD".contains(*c));
                let status =
                    status.unwrap_or_else(|| panic!("change.txt: `{l}`: status M, A or D"));
                (status, path.trim().to_string())
            })
            .collect()
    }

    fn baseline(&mut self, file: &str) -> Option<(Baseline, Source)> {
        let text = self.read(file)?;
        let baseline = Baseline::parse(text.as_bytes(), file)
            .unwrap_or_else(|e| panic!("{}/{file}: {e:?}", self.dir.display()));
        if file == "baseline.json" {
            self.texts
                .insert(teamlint_core::baseline::FILE_NAME.into(), text.clone());
        }
        Some((
            baseline,
            Source::new(teamlint_core::baseline::FILE_NAME.into(), text),
        ))
    }
}

/// A history as the scan gives it: commits newest first, with the paths and
/// authors they name interned.
struct History {
    /// Every path named by the history or tracked now, sorted: ids compare
    /// as their paths do.
    paths: Vec<String>,
    authors: Vec<String>,
    /// (time, author id, path ids), newest first.
    commits: Vec<(i64, u32, Vec<u32>)>,
}

impl History {
    fn read(recipe: &Recipe, tracked: &[String]) -> History {
        let mut raw: Vec<(i64, String, Vec<String>)> = Vec::new();
        for line in recipe.lines("history.txt") {
            let mut words = line.split_whitespace().peekable();
            let times = match words.peek().and_then(|w| w.strip_suffix('x')) {
                Some(n) => {
                    let n = n.parse::<usize>().expect("`Nx` repeats a change N times");
                    words.next();
                    n
                }
                None => 1,
            };
            let date = words.next().unwrap_or_default();
            let time = teamlint_core::date::parse_date(date)
                .unwrap_or_else(|| panic!("history.txt: `{line}`: no YYYY-MM-DD date"));
            let author = words.next().expect("an author").to_string();
            let files: Vec<String> = words.map(String::from).collect();
            assert!(!files.is_empty(), "history.txt: `{line}` names no file");
            for _ in 0..times {
                raw.push((time, author.clone(), files.clone()));
            }
        }
        // Newest first, as the walk lists them.
        raw.sort_by_key(|c| std::cmp::Reverse(c.0));
        let mut paths: Vec<String> = tracked.to_vec();
        paths.extend(raw.iter().flat_map(|c| c.2.iter().cloned()));
        paths.sort_unstable();
        paths.dedup();
        let mut authors: Vec<String> = Vec::new();
        let commits = raw
            .into_iter()
            .map(|(time, author, files)| {
                let a = match authors.iter().position(|x| *x == author) {
                    Some(a) => a,
                    None => {
                        authors.push(author);
                        authors.len() - 1
                    }
                };
                let ids = files
                    .iter()
                    .map(|f| paths.binary_search(f).expect("interned") as u32)
                    .collect();
                (time, a as u32, ids)
            })
            .collect();
        History {
            paths,
            authors,
            commits,
        }
    }

    /// The changes the metrics count under a config, as the history layer
    /// builds them: excluded paths dropped, ignored authors and bulk
    /// changes skipped.
    fn changes(&self, config: &Config, resolver: &Resolver) -> Vec<Change> {
        let c = &config.coupling;
        let ignored: Vec<bool> = self
            .authors
            .iter()
            .map(|email| {
                c.ignore_authors
                    .iter()
                    .any(|a| teamlint_core::config::people::author_matches(email, a))
            })
            .collect();
        let mut out = Vec::new();
        for (index, (time, author, files)) in self.commits.iter().enumerate() {
            let mut files: Vec<u32> = files
                .iter()
                .copied()
                .filter(|&f| !resolver.is_excluded(&self.paths[f as usize]))
                .collect();
            files.sort_unstable();
            files.dedup();
            if files.is_empty() || ignored[*author as usize] || files.len() > c.max_changeset {
                continue;
            }
            out.push(Change {
                index,
                time: *time,
                author: *author,
                files,
            });
        }
        out
    }

    /// A commit's id and subject: made up, stable.
    fn commit(&self, index: usize) -> (String, String) {
        (
            format!("c{:03}", index + 1),
            format!("change {}", index + 1),
        )
    }
}

/// The ownership rules, over the tracked files the map does not exclude.
fn ownership(r: &mut Recipe) -> (Config, Vec<Finding>) {
    let config = r.config("OWNERS.toml").expect("OWNERS.toml");
    let resolver = Resolver::new(&config);
    let analysed: Vec<String> = r
        .paths()
        .into_iter()
        .filter(|p| !resolver.is_excluded(p))
        .collect();
    let ownership = resolver.resolve_all(analysed);
    let cx = Context {
        config: &config,
        resolver: &resolver,
        ownership: &ownership,
    };
    let mut found = config.findings.clone();
    if r.rule == RuleId::CodeownersDrift {
        let text = r.read("CODEOWNERS").expect("a CODEOWNERS file");
        r.texts.insert(".github/CODEOWNERS".into(), text.clone());
        found.extend(rules::codeowners_drift::check(
            &cx,
            ".github/CODEOWNERS",
            &text,
        ));
    } else {
        found.extend(rules::ownership(&cx));
    }
    (config, found)
}

/// The change rules: the change's files with their owners after it, and the
/// files whose owner the edited map moves.
fn change(r: &mut Recipe) -> (Config, Vec<Finding>) {
    let config = r.config("OWNERS.toml").expect("OWNERS.toml");
    let resolver = Resolver::new(&config);
    let before = r.config("OWNERS.before.toml");
    let edited = before.is_some();
    let before_resolver = before.as_ref().map(Resolver::new);
    let (base, base_resolver) = match (&before, &before_resolver) {
        (Some(c), Some(r)) => (c, r),
        _ => (&config, &resolver),
    };
    let tracked = r.paths();
    let change = r.change();
    // The paths before the change: what it added is gone, what it deleted
    // is back.
    let mut base_paths: Vec<String> = tracked
        .iter()
        .filter(|p| !change.iter().any(|(s, c)| *s == 'A' && c == *p))
        .cloned()
        .collect();
    base_paths.extend(
        change
            .iter()
            .filter(|(s, _)| *s == 'D')
            .map(|(_, p)| p.clone()),
    );
    base_paths.sort_unstable();
    base_paths.dedup();

    let mut found = config.findings.clone();
    match r.rule {
        RuleId::SuppressionChange => {
            let after = r.baseline("baseline.json");
            let before_baseline = r.baseline("baseline.before.json");
            found.extend(rules::suppression_change::check(
                &rules::suppression_change::Suppression {
                    before: base,
                    after: &config,
                    baseline_before: before_baseline.as_ref().map(|(b, _)| b),
                    baseline_after: after.as_ref().map(|(b, s)| (b, s)),
                },
            ));
        }
        RuleId::MissingCochange => {
            let history = History::read(r, &tracked);
            let changes = history.changes(&config, &resolver);
            let edited: Vec<&str> = change
                .iter()
                .filter(|(s, _)| *s == 'M')
                .map(|(_, p)| p.as_str())
                .collect();
            let exists = |p: &str| tracked.binary_search_by(|t| t.as_str().cmp(p)).is_ok();
            let partners = rules::missing_cochange::partners(
                &config,
                &resolver,
                &changes,
                &history.paths,
                &edited,
                &exists,
            );
            let commit = |i: usize| {
                let c = changes.get(i)?;
                let (id, subject) = history.commit(c.index);
                Some(CommitRef {
                    id: metrics::short(id),
                    date: teamlint_core::date::format_date(c.time),
                    subject,
                })
            };
            found.extend(rules::missing_cochange::check(&partners, &commit));
        }
        _ => {
            // A deleted file belongs to the team the base gave it.
            let owned: Vec<(String, Vec<usize>)> = change
                .iter()
                .filter(|(_, p)| !resolver.is_excluded(p))
                .map(|(s, p)| {
                    let teams = if *s == 'D' && edited {
                        base_resolver
                            .resolve(p)
                            .owner
                            .sole()
                            .iter()
                            .filter_map(|&t| config.team_index.get(&base.teams[t].name).copied())
                            .collect()
                    } else {
                        resolver.resolve(p).owner.sole().to_vec()
                    };
                    (p.clone(), teams)
                })
                .collect();
            let moves = if edited {
                rules::moves(
                    &config,
                    &resolver,
                    &tracked,
                    Some((base, base_resolver)),
                    &base_paths,
                )
            } else {
                Vec::new()
            };
            found.extend(rules::change(&ChangeContext {
                config: &config,
                resolver: &resolver,
                paths: &owned,
                moves: &moves,
            }));
        }
    }
    (config, found)
}

/// The history rules: the metrics of the map over the history, with their
/// evidence.
fn history(r: &mut Recipe) -> (Config, Vec<Finding>) {
    let config = r.config("OWNERS.toml").expect("OWNERS.toml");
    let resolver = Resolver::new(&config);
    let history = History::read(r, &r.paths());
    let changes = history.changes(&config, &resolver);
    let log = metrics::Log {
        paths: &history.paths,
        authors: &history.authors,
        changes: &changes,
    };
    let owners = metrics::owners(&config, &resolver, &log);
    let reference_time = changes.iter().map(|c| c.time).max().unwrap_or(0);
    let mut m = metrics::measure(&config, &owners, &log, reference_time, false);
    let commit = |i: usize| history.commit(i);
    metrics::attach_evidence(
        &commit,
        history.paths.len(),
        &changes,
        &owners,
        &config,
        &mut m,
    );
    let found = rules::history(&HistoryContext {
        config: &config,
        metrics: &m,
    });
    (config, found)
}

/// Runs a recipe: its rule's findings, at the map's levels.
fn run(r: &mut Recipe) -> Vec<Finding> {
    let (config, found) = match r.rule.group() {
        Group::Ownership => ownership(r),
        Group::Change => change(r),
        Group::History => history(r),
        Group::Config => panic!("config rules are raised while the map is read"),
    };
    let rule = r.rule;
    Levels::new(Some(&config), &[])
        .apply(found)
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

/// Findings as a reader reviews them: one block each, with the line of
/// the source the location points at.
fn render(r: &Recipe, findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "no findings\n".into();
    }
    let mut out = String::new();
    for f in findings {
        out.push_str(&format!(
            "{} ({}): {}\n",
            f.rule,
            f.severity.as_str(),
            f.message
        ));
        if let Some(at) = &f.location {
            out.push_str(&format!("  at: {}:{}", at.file, at.line));
            if let Some(label) = &f.label {
                out.push_str(&format!(" ({label})"));
            }
            out.push('\n');
            if let Some(line) = r
                .texts
                .get(&at.file)
                .and_then(|t| t.lines().nth(at.line - 1))
            {
                out.push_str(&format!("    | {line}\n"));
            }
        }
        if let Some(help) = &f.help {
            out.push_str(&format!("  help: {help}\n"));
        }
        if let Some(p) = &f.path {
            out.push_str(&format!("  path: {p}\n"));
        }
        if !f.paths.is_empty() {
            out.push_str(&format!("  paths: {}\n", f.paths.join(", ")));
        }
        if !f.anchors.is_empty() {
            out.push_str(&format!("  anchors: {}\n", f.anchors.join(", ")));
        }
        if !f.teams.is_empty() {
            out.push_str(&format!("  teams: {}\n", f.teams.join(", ")));
        }
        if let Some(s) = &f.subject {
            out.push_str(&format!("  subject: {s}\n"));
        }
    }
    out
}

/// Every recipe folder: (rule folder name, case name, path).
fn cases() -> Vec<(String, String, PathBuf)> {
    let mut out = Vec::new();
    for rule in read_dir(&recipes_dir()) {
        for case in read_dir(&rule) {
            out.push((file_name(&rule), file_name(&case), case));
        }
    }
    out
}

/// The folders in a folder, sorted.
fn read_dir(dir: &Path) -> Vec<PathBuf> {
    read_dir_all(dir)
        .into_iter()
        .filter(|p| p.is_dir())
        .collect()
}

/// Everything in a folder, sorted.
fn read_dir_all(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    v.sort();
    v
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .expect("a name")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn recipes_match_their_snapshots() {
    let mut failed = Vec::new();
    for (rule_name, case, dir) in cases() {
        let name = format!("{rule_name}/{case}");
        let outcome = std::panic::catch_unwind(|| {
            let rule = RuleId::from_name(&rule_name)
                .unwrap_or_else(|| panic!("{name}: `{rule_name}` is no rule"));
            let mut recipe = Recipe {
                dir: dir.clone(),
                rule,
                texts: HashMap::new(),
            };
            let found = run(&mut recipe);
            match case.split('-').next() {
                Some("fires") => assert!(!found.is_empty(), "{name}: the rule found nothing"),
                Some("quiet") => assert!(
                    found.is_empty(),
                    "{name}: the rule found {}",
                    render(&recipe, &found)
                ),
                _ => panic!("{name}: a case is named `fires-…` or `quiet-…`"),
            }
            let mut settings = insta::Settings::clone_current();
            settings.set_snapshot_path(&dir);
            settings.set_prepend_module_to_snapshot(false);
            settings.set_omit_expression(true);
            settings.set_description(name.clone());
            settings.bind(|| insta::assert_snapshot!("findings", render(&recipe, &found)));
        });
        if outcome.is_err() {
            failed.push(name);
        }
    }
    assert!(failed.is_empty(), "recipes that failed: {failed:?}");
}

/// Every rule in `src/rules/` has a recipe that fires it and one that does
/// not: a new rule without them fails here.
#[test]
fn every_rule_has_recipes() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let rules: BTreeSet<String> = std::fs::read_dir(&src)
        .expect("src/rules")
        .map(|e| file_name(&e.expect("an entry").path()))
        .filter_map(|f| f.strip_suffix(".rs").map(|r| r.replace('_', "-")))
        .filter(|r| r != "mod")
        .collect();
    assert!(!rules.is_empty(), "no rule in src/rules");
    let cases = cases();
    let mut missing = Vec::new();
    for rule in &rules {
        assert!(
            RuleId::from_name(rule).is_some(),
            "src/rules/{rule}.rs names no rule"
        );
        for kind in ["fires-", "quiet-"] {
            if !cases
                .iter()
                .any(|(r, c, _)| r == rule && c.starts_with(kind))
            {
                missing.push(format!("{rule}/{kind}…"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "rules without a recipe (tests/recipes/RULE/CASE): {missing:?}"
    );
    for (rule, _, dir) in &cases {
        assert!(
            rules.contains(rule),
            "{}: no rule file src/rules/{}.rs",
            dir.display(),
            rule.replace('-', "_")
        );
    }
}
