//! Shared infrastructure, found from history: files that most teams write
//! alongside their own code (a changelog, release notes, a lock file, a
//! generated registry). Given to one team, each change another team makes
//! with them crosses teams; they are better left unowned.
//!
//! A candidate is a directory (everything under it) or a file. It is
//! shared when, over the window:
//!
//! - it has at least twice `min_revs` changes and at least
//!   [`MIN_SHARE_OF_ALL`] of all changes, and at least three quarters of
//!   them also touch files outside it (it is written alongside other code,
//!   seldom on its own);
//! - most teams write it: for at least half of the teams with history, it
//!   is touched by at least [`MIN_COVERAGE`] of that team's changes;
//! - a directory is written one file at a time (at most a tenth of its
//!   changes touch two of its files: changelog entries, release notes),
//!   unlike code, whose files change together;
//! - the teams of those other files are many and even: the effective
//!   number of teams (the inverse of the sum of squared shares, each
//!   change spread evenly over the teams it touches outside the candidate)
//!   is at least [`MIN_EFFECTIVE`] and at least a quarter of the teams
//!   with history, and no team has more than [`MAX_SHARE`] of it (no one
//!   team's code changes with it most of the time).
//!
//! The outermost candidate that qualifies is reported; what lies under it
//! is not reported again.

use rustc_hash::FxHashMap as HashMap;

use super::Graph;

/// The fewest teams, effectively, that write a shared file.
pub(crate) const MIN_EFFECTIVE: f64 = 3.0;
/// The most of a shared file's co-changes one team may account for.
pub(crate) const MAX_SHARE: f64 = 0.4;
/// The least share of a shared file's changes that touch other files.
pub(crate) const MIN_ALONGSIDE: f64 = 0.75;
/// The most share of a shared directory's changes that touch two of its
/// files.
pub(crate) const MAX_TOGETHER: f64 = 0.1;
/// The least share of all changes a shared file is touched by.
pub(crate) const MIN_SHARE_OF_ALL: f64 = 0.01;
/// The least share of a team's changes that touch a file it writes as
/// shared infrastructure.
pub(crate) const MIN_COVERAGE: f64 = 0.02;

#[derive(Clone, Debug)]
pub struct Shared {
    /// A directory (ending with `/`) or a file, repository-relative.
    pub path: String,
    /// History path ids under it.
    pub files: Vec<u32>,
    /// Weighted changes touching it.
    pub changes: f64,
    /// The share of them that touch other files too.
    pub alongside: f64,
    /// The teams whose files change with it, effectively.
    pub effective_teams: f64,
    /// Distinct teams whose files change with it.
    pub teams: usize,
    /// The largest share of one team.
    pub top_share: f64,
    /// Distinct authors of its changes.
    pub authors: usize,
}

/// The shared candidates of `paths` (history paths, sorted). `team_of`
/// gives a path's single team (none for unowned or shared paths);
/// `eligible` says which paths may be declared unowned (a candidate with
/// another path under it is not one); `teams` is how many teams there are.
pub fn shared(
    graph: &Graph,
    paths: &[String],
    team_of: &dyn Fn(u32) -> Option<usize>,
    eligible: &dyn Fn(u32) -> bool,
    teams: usize,
    min_revs: f64,
) -> Vec<Shared> {
    // Teams with enough history to count.
    let mut team_changes = vec![0.0; teams];
    let mut seen = Vec::new();
    for (fs, w) in graph.files.iter().zip(&graph.weight) {
        seen.clear();
        seen.extend(fs.iter().filter_map(|&f| team_of(f)));
        seen.sort_unstable();
        seen.dedup();
        for &t in &seen {
            if let Some(x) = team_changes.get_mut(t) {
                *x += w;
            }
        }
    }
    let active = team_changes.iter().filter(|&&c| c >= min_revs).count();
    let all: f64 = graph.weight.iter().sum();
    let need = MIN_EFFECTIVE.max(active as f64 / 4.0);
    if (active as f64) < need {
        return Vec::new();
    }

    // Candidates: every changed file and every directory above one, with
    // the files under it; a directory holding an ineligible path is out.
    let mut dirs: HashMap<&str, (Vec<u32>, bool)> = HashMap::default();
    let mut files: Vec<(&str, Vec<u32>)> = Vec::new();
    for (f, p) in paths.iter().enumerate() {
        let f = f as u32;
        if graph
            .changes_of
            .get(f as usize)
            .is_none_or(|c| c.is_empty())
        {
            continue;
        }
        let ok = eligible(f);
        if ok && graph.revs[f as usize] >= min_revs {
            files.push((p.as_str(), vec![f]));
        }
        for (i, _) in p.match_indices('/') {
            let e = dirs.entry(&p[..=i]).or_insert_with(|| (Vec::new(), true));
            e.0.push(f);
            e.1 &= ok;
        }
    }
    let mut candidates: Vec<(&str, Vec<u32>)> = dirs
        .into_iter()
        .filter(|(_, (_, ok))| *ok)
        .map(|(d, (fs, _))| (d, fs))
        .chain(files)
        .collect();
    candidates.sort_by(|a, b| a.0.cmp(b.0));

    let mut inside = vec![u32::MAX; graph.revs.len()];
    let mut stamp = vec![u32::MAX; graph.files.len()];
    let mut out: Vec<Shared> = Vec::new();
    let mut share = vec![0.0; teams];
    let mut with_team = vec![0.0; teams];
    let mut others = Vec::new();
    let mut authors = Vec::new();
    for (id, (path, fs)) in candidates.iter().enumerate() {
        if out
            .last()
            .is_some_and(|s| s.path.ends_with('/') && path.starts_with(s.path.as_str()))
        {
            continue;
        }
        let id = id as u32;
        for &f in fs {
            inside[f as usize] = id;
        }
        share.iter_mut().for_each(|x| *x = 0.0);
        with_team.iter_mut().for_each(|x| *x = 0.0);
        authors.clear();
        let (mut total, mut along, mut together) = (0.0, 0.0, 0.0);
        for &f in fs {
            for &c in &graph.changes_of[f as usize] {
                if stamp[c as usize] == id {
                    continue;
                }
                stamp[c as usize] = id;
                let w = graph.weight[c as usize];
                total += w;
                if let Some(&a) = graph.author.get(c as usize) {
                    authors.push(a);
                }
                let mut outside = false;
                let mut within = 0;
                others.clear();
                for &g in &graph.files[c as usize] {
                    if inside[g as usize] != id {
                        outside = true;
                        others.extend(team_of(g));
                    } else {
                        within += 1;
                    }
                }
                if within > 1 {
                    together += w;
                }
                if !outside {
                    continue;
                }
                along += w;
                others.sort_unstable();
                others.dedup();
                for &t in &others {
                    if let (Some(x), Some(y)) = (share.get_mut(t), with_team.get_mut(t)) {
                        *x += w / others.len() as f64;
                        *y += w;
                    }
                }
            }
        }
        let covered = (0..teams)
            .filter(|&t| {
                team_changes[t] >= min_revs && with_team[t] >= MIN_COVERAGE * team_changes[t]
            })
            .count();
        if total < 2.0 * min_revs
            || total < MIN_SHARE_OF_ALL * all
            || 2 * covered < active
            || along < MIN_ALONGSIDE * total
            || together > MAX_TOGETHER * total
        {
            continue;
        }
        let sum: f64 = share.iter().sum();
        if sum <= 0.0 {
            continue;
        }
        let squares: f64 = share.iter().map(|x| (x / sum) * (x / sum)).sum();
        let effective = 1.0 / squares;
        let top = share.iter().fold(0.0f64, |m, &x| m.max(x / sum));
        if effective + 1e-9 < need || top > MAX_SHARE + 1e-9 {
            continue;
        }
        authors.sort_unstable();
        authors.dedup();
        out.push(Shared {
            path: path.to_string(),
            files: fs.clone(),
            changes: total,
            alongside: along / total,
            effective_teams: effective,
            teams: share.iter().filter(|&&x| x > 0.0).count(),
            top_share: top,
            authors: authors.len(),
        });
    }
    out
}
