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
}

/// The repository-relative directory a root pattern names, when it names
/// one exactly (`/contrib/`, `contrib/database/sql/`): every path under a
/// subdirectory of it matches it.
pub fn dir_base(pattern: &str) -> Option<String> {
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
    out
}
