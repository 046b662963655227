//! What can move: the files one pattern of the root OWNERS.toml decides, a
//! whole rule, or what a directory pattern decides under one subdirectory.
//! Unowned paths (an `unowned = true` rule, or no rule) never move; nor do
//! excluded paths, which the history does not count.

use rustc_hash::FxHashMap as HashMap;

use crate::config::Config;
use crate::ownership::Decision;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Every pattern of one rule of the root file (its index there).
    Rule(usize),
    /// One pattern of the root file (its position in the file).
    Pattern(usize),
    /// What a directory pattern decides under one of its subdirectories
    /// (`dir` is repository-relative and ends with `/`).
    Dir { pattern: usize, dir: String },
}

#[derive(Clone, Debug)]
pub struct Unit {
    pub scope: Scope,
    /// History path ids.
    pub files: Vec<u32>,
    /// Tracked files today.
    pub tracked: u32,
    /// The teams that own the unit today.
    pub owners: Vec<usize>,
    /// Test directories that move with it (the layout pairs them with its
    /// code and they share its owners today), each with the position of
    /// the last root pattern deciding any of their files: a pattern
    /// written right after it gives them to the receiving team.
    pub tests: Vec<(String, usize)>,
    /// A test directory whose code shares its owners today: it moves only
    /// with that code.
    pub follows_code: bool,
}

/// The repository-relative directory a root pattern names, when it names
/// one exactly (`/contrib/`, `contrib/database/sql/`): every path under a
/// subdirectory of it matches it.
pub(crate) fn dir_base(pattern: &str) -> Option<String> {
    if !pattern.ends_with('/') || pattern.contains(['*', '?', '[', '\\', '!']) {
        return None;
    }
    let inner = pattern.trim_start_matches('/');
    let anchored = pattern.starts_with('/') || inner.trim_end_matches('/').contains('/');
    (anchored && !inner.is_empty()).then(|| inner.to_string())
}

/// Every unit of the root file that decides at least one changed path.
/// `history` and `tracked` are (path, its decision today) in path order.
pub fn units(
    config: &Config,
    history: &[(&str, &Decision)],
    excluded: &dyn Fn(&str) -> bool,
    tracked: &[(&str, &Decision)],
) -> Vec<Unit> {
    let Some(root) = config.files.first() else {
        return Vec::new();
    };
    let patterns: Vec<(usize, Option<String>)> = root
        .patterns()
        .map(|(rule, _, p)| (rule, dir_base(&p.text.value)))
        .collect();
    let mut per_rule = vec![0usize; root.rules.len()];
    for (rule, _) in &patterns {
        per_rule[*rule] += 1;
    }
    let mut index: HashMap<Scope, usize> = HashMap::default();
    let mut out: Vec<Unit> = Vec::new();
    let mut keys = Vec::new();
    let scopes = |path: &str, d: &Decision, keys: &mut Vec<Scope>| {
        keys.clear();
        let Some(r) = d.rule else { return };
        if r.file != 0 || r.is_default() || d.owner.team_ids().is_empty() {
            return;
        }
        let id = r.pattern as usize;
        let Some((rule, base)) = patterns.get(id) else {
            return;
        };
        keys.push(Scope::Pattern(id));
        if per_rule[*rule] > 1 {
            keys.push(Scope::Rule(*rule));
        }
        if let Some(rest) = base.as_deref().and_then(|b| path.strip_prefix(b)) {
            let cut = path.len() - rest.len();
            for (i, _) in rest.match_indices('/') {
                keys.push(Scope::Dir {
                    pattern: id,
                    dir: path[..cut + i + 1].to_string(),
                });
            }
        }
    };
    for (id, &(path, d)) in history.iter().enumerate() {
        if excluded(path) {
            continue;
        }
        scopes(path, d, &mut keys);
        for k in keys.drain(..) {
            let i = *index.entry(k.clone()).or_insert_with(|| {
                out.push(Unit {
                    scope: k,
                    files: Vec::new(),
                    tracked: 0,
                    owners: d.owner.team_ids().to_vec(),
                    tests: Vec::new(),
                    follows_code: false,
                });
                out.len() - 1
            });
            out[i].files.push(id as u32);
        }
    }
    for &(path, d) in tracked {
        scopes(path, d, &mut keys);
        for k in keys.drain(..) {
            if let Some(&i) = index.get(&k) {
                out[i].tracked += 1;
            }
        }
    }
    // A directory that exists only in history cannot take a pattern.
    out.retain(|u| !matches!(u.scope, Scope::Dir { .. }) || u.tracked > 0);
    out.sort_by(|a, b| a.scope.cmp(&b.scope));
    pair_tests(&mut out, &patterns, history, tracked);
    out
}

/// The history paths under `dir`, as a range of `history` (path order).
fn under(history: &[(&str, &Decision)], dir: &str) -> std::ops::Range<usize> {
    let start = history.partition_point(|(p, _)| *p < dir);
    let len = history[start..].partition_point(|(p, _)| p.starts_with(dir));
    start..start + len
}

/// Tests kept with their code: a unit naming a directory takes the test
/// directories of the code under it (when they share its owners today,
/// every one of their changed files decided by the root file); a unit
/// that is such a test directory moves only with its code.
fn pair_tests(
    units: &mut [Unit],
    patterns: &[(usize, Option<String>)],
    history: &[(&str, &Decision)],
    tracked: &[(&str, &Decision)],
) {
    let mut dirs: Vec<&str> = Vec::new();
    for &(p, _) in tracked {
        for (i, _) in p.match_indices('/') {
            dirs.push(&p[..=i]);
        }
    }
    dirs.sort_unstable();
    dirs.dedup();
    let exists = |d: &str| dirs.binary_search(&d).is_ok();
    let pairs: Vec<(&str, String)> = dirs
        .iter()
        .filter_map(|&t| super::layout::tested_by(t, &exists).map(|c| (t, c)))
        .collect();
    if pairs.is_empty() {
        return;
    }
    // The owners of every changed file under a directory, when they are
    // the same and all decided by the root file; with the last pattern.
    let owned_as = |dir: &str| -> Option<(Vec<usize>, usize)> {
        let range = under(history, dir);
        let mut owners: Option<&[usize]> = None;
        let mut last = 0;
        for &(_, d) in &history[range] {
            let r = d.rule.filter(|r| r.file == 0 && !r.is_default())?;
            let ids = d.owner.team_ids();
            if ids.is_empty() || owners.is_some_and(|o| o != ids) {
                return None;
            }
            owners = Some(ids);
            last = last.max(r.pattern as usize);
        }
        owners.map(|o| (o.to_vec(), last))
    };
    for unit in units.iter_mut() {
        let base = match &unit.scope {
            Scope::Dir { dir, .. } => Some(dir.as_str()),
            Scope::Pattern(p) => patterns.get(*p).and_then(|(_, b)| b.as_deref()),
            Scope::Rule(_) => None,
        };
        let Some(base) = base else { continue };
        for (test, code) in &pairs {
            if test.starts_with(base) {
                // A test directory itself: does its code share its owners?
                if code.as_str() != base && !code.starts_with(base) {
                    if let Some((o, _)) = owned_as(code) {
                        unit.follows_code |= *test == base && o == unit.owners;
                    }
                }
                continue;
            }
            if !code.starts_with(base) {
                continue;
            }
            if let Some((o, last)) = owned_as(test) {
                if o == unit.owners {
                    let range = under(history, test);
                    unit.files.extend(range.map(|i| i as u32));
                    unit.tests.push((test.to_string(), last));
                }
            }
        }
        if !unit.tests.is_empty() {
            // Nested test directories come once, the outermost.
            unit.tests.sort();
            let mut kept: Vec<(String, usize)> = Vec::new();
            for t in unit.tests.drain(..) {
                if !kept.iter().any(|k| t.0.starts_with(k.0.as_str())) {
                    kept.push(t);
                }
            }
            unit.tests = kept;
            unit.files.sort_unstable();
            unit.files.dedup();
        }
    }
}
