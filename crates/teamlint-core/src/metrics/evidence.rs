//! Evidence: the few most recent commits behind each coupling figure, so a
//! reader can check it in `git show` (docs/reference.md §3).

use rustc_hash::FxHashMap;

use super::{Change, Metrics, Owners};
use crate::config::Config;
use crate::finding::CommitRef;

/// Commits shown as evidence for a coupling finding.
const EVIDENCE_COMMITS: usize = 3;
/// File pairs (the strongest) that get evidence commits.
const EVIDENCE_FILE_PAIRS: usize = 200;

/// A commit id as people quote it: its first ten hex digits.
pub fn short(id: impl std::fmt::Display) -> String {
    let s = id.to_string();
    s[..s.len().min(10)].to_string()
}

/// Fills in the most recent commits behind the coupling pairs (every team
/// pair, and the strongest file pairs), newest first. `commit(index)` gives
/// the id and subject of a change's commit (its [`Change::index`]); path ids
/// are below `paths`.
pub fn attach_evidence(
    commit: &dyn Fn(usize) -> (String, String),
    paths: usize,
    changes: &[Change],
    owners: &Owners,
    config: &Config,
    metrics: &mut Metrics,
) {
    let commit_ref = |i: usize| -> CommitRef {
        let c = &changes[i];
        let (id, subject) = commit(c.index);
        CommitRef {
            id: short(id),
            date: crate::date::format_date(c.time),
            subject,
        }
    };
    // The changes of each file in the strongest pairs, newest first: a
    // pair's commits are where its two lists meet.
    let strongest = metrics.file_pairs.len().min(EVIDENCE_FILE_PAIRS);
    let pairs = &mut metrics.file_pairs[..strongest];
    let mut by_file: Vec<Option<Vec<usize>>> = vec![None; paths];
    for p in pairs.iter() {
        by_file[p.ids.0 as usize] = Some(Vec::new());
        by_file[p.ids.1 as usize] = Some(Vec::new());
    }
    for (i, c) in changes.iter().enumerate() {
        for &f in &c.files {
            if let Some(list) = &mut by_file[f as usize] {
                list.push(i);
            }
        }
    }
    let none = Vec::new();
    for p in pairs {
        let of = |f: u32| by_file[f as usize].as_ref().unwrap_or(&none);
        let (la, lb) = (of(p.ids.0), of(p.ids.1));
        let (mut x, mut y, mut found) = (0, 0, Vec::new());
        while x < la.len() && y < lb.len() && found.len() < EVIDENCE_COMMITS {
            match la[x].cmp(&lb[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    found.push(la[x]);
                    x += 1;
                    y += 1;
                }
            }
        }
        p.commits = found.into_iter().map(commit_ref).collect();
    }
    // One pass, newest first: each team pair takes the first changes that
    // touch both teams (through the files they own today), until it has
    // enough.
    let mut wanted: FxHashMap<(usize, usize), Vec<usize>> = metrics
        .team_pairs
        .iter()
        .filter(|p| p.shared > 0.0)
        .filter_map(|p| {
            let (a, b) = (*config.team_index.get(&p.a)?, *config.team_index.get(&p.b)?);
            Some(((a.min(b), a.max(b)), Vec::new()))
        })
        .collect();
    let mut open = wanted.len();
    let mut teams = Vec::new();
    for (i, c) in changes.iter().enumerate() {
        if open == 0 {
            break;
        }
        teams.clear();
        teams.extend(c.files.iter().flat_map(|&f| owners.of(f).iter().copied()));
        teams.sort_unstable();
        teams.dedup();
        // `teams` is sorted, so (a, b) is already in key order.
        for (x, &a) in teams.iter().enumerate() {
            for &b in &teams[x + 1..] {
                if let Some(list) = wanted.get_mut(&(a, b)) {
                    if list.len() < EVIDENCE_COMMITS {
                        list.push(i);
                        if list.len() == EVIDENCE_COMMITS {
                            open -= 1;
                        }
                    }
                }
            }
        }
    }
    for p in metrics.team_pairs.iter_mut() {
        let (Some(&a), Some(&b)) = (config.team_index.get(&p.a), config.team_index.get(&p.b))
        else {
            continue;
        };
        if let Some(list) = wanted.get(&(a.min(b), a.max(b))) {
            p.commits = list.iter().map(|&i| commit_ref(i)).collect();
        }
    }
}
