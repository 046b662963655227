//! The best single move under the constraints, counted exactly: for a unit
//! and a change that touches it, let S be the teams of the change's other
//! files. Given to team t, the change touches one team exactly when S is
//! empty or {t}; so one pass over the unit's changes scores every team.

use super::{Graph, Unit};
use crate::metrics::Owners;

/// Each team's change volume (the revs of the files it owns, a shared file
/// counting for each of its teams) and tracked files.
#[derive(Clone, Debug)]
pub struct Volumes {
    pub volume: Vec<f64>,
    pub files: Vec<u32>,
}

impl Volumes {
    pub fn of(graph: &Graph, owners: &Owners, teams: usize, tracked_owners: &[&[usize]]) -> Self {
        let mut volume = vec![0.0; teams];
        for (f, r) in graph.revs.iter().enumerate() {
            for &t in owners.of(f as u32) {
                if let Some(v) = volume.get_mut(t) {
                    *v += r;
                }
            }
        }
        let mut files = vec![0; teams];
        for ts in tracked_owners {
            for &t in *ts {
                if let Some(n) = files.get_mut(t) {
                    *n += 1;
                }
            }
        }
        Volumes { volume, files }
    }
}

/// What every move must keep: each team's volume within `[low, high]`, and
/// every team that owns a file today owning one after.
#[derive(Clone, Debug)]
pub struct Bounds {
    pub low: Vec<f64>,
    pub high: Vec<f64>,
    /// Teams that may receive files (declared ones).
    pub receives: Vec<bool>,
}

impl Bounds {
    /// Between `today / factor` and `today * factor` for each team.
    pub fn around(today: &Volumes, factor: f64, receives: Vec<bool>) -> Bounds {
        Bounds {
            low: today.volume.iter().map(|v| v / factor).collect(),
            high: today.volume.iter().map(|v| v * factor).collect(),
            receives,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Candidate {
    pub unit: usize,
    pub to: usize,
    /// Weighted changes that become single-team, less those that stop.
    pub gain: f64,
    /// How much the repository separability rises.
    pub rise: f64,
}

/// The best moves found in one pass over the units.
#[derive(Clone, Debug, Default)]
pub struct Best {
    /// The move with the largest positive gain that keeps the bounds.
    pub within: Option<Candidate>,
    /// The move with the largest positive gain that keeps every team
    /// owning a file, whatever the volume bounds say.
    pub free: Option<Candidate>,
}

/// The best moves, within the bounds and without the volume bounds.
pub fn best_move(
    graph: &Graph,
    owners: &Owners,
    units: &[Unit],
    now: &Volumes,
    bounds: &Bounds,
) -> Best {
    let teams = bounds.receives.len();
    let single = graph.single(owners);
    // The separability now: single-team weight over the weight of
    // changes that touch a team. A move can add changes to the latter (a
    // change touching only files no single team owns, before), so
    // candidates compare by the separability they lead to.
    let owned: Vec<bool> = graph
        .files
        .iter()
        .map(|fs| fs.iter().any(|&f| !owners.of(f).is_empty()))
        .collect();
    let total_single: f64 = single
        .iter()
        .zip(&graph.weight)
        .filter(|(s, _)| **s)
        .map(|(_, w)| w)
        .sum();
    let total_owned: f64 = owned
        .iter()
        .zip(&graph.weight)
        .filter(|(o, _)| **o)
        .map(|(_, w)| w)
        .sum();
    let sep = |s: f64, o: f64| if o > 0.0 { s / o } else { 0.0 };
    let current = sep(total_single, total_owned);
    let mut in_unit = vec![u32::MAX; graph.revs.len()];
    let mut seen = vec![u32::MAX; graph.files.len()];
    let mut to_team = vec![0.0; teams];
    let mut others = Vec::new();
    let mut best = Best::default();
    for (u, unit) in units.iter().enumerate() {
        let stamp = u as u32;
        for &f in &unit.files {
            in_unit[f as usize] = stamp;
        }
        let volume: f64 = unit.files.iter().map(|&f| graph.revs[f as usize]).sum();
        // Every team that gives files up keeps a file (and its floor; a
        // shared unit's volume is no team's to lose).
        let sole = unit.owners.len() == 1;
        let can_give = |t: usize, floor: bool| {
            unit.owners.iter().filter(|&&o| o != t).all(|&o| {
                o >= teams
                    || ((!floor || !sole || now.volume[o] - volume >= bounds.low[o] - 1e-9)
                        && now.files[o] > unit.tracked)
            })
        };
        to_team.iter_mut().for_each(|x| *x = 0.0);
        let mut base = 0.0;
        let mut newly_owned = 0.0;
        for &f in &unit.files {
            for &c in &graph.changes_of[f as usize] {
                if seen[c as usize] == stamp {
                    continue;
                }
                seen[c as usize] = stamp;
                let w = graph.weight[c as usize];
                others.clear();
                for &g in &graph.files[c as usize] {
                    if in_unit[g as usize] != stamp {
                        others.extend_from_slice(owners.of(g));
                    }
                }
                others.sort_unstable();
                others.dedup();
                let before = if single[c as usize] { w } else { 0.0 };
                if !owned[c as usize] {
                    newly_owned += w;
                }
                match others.as_slice() {
                    [] => base += w - before,
                    [t] => {
                        base -= before;
                        if let Some(x) = to_team.get_mut(*t) {
                            *x += w;
                        }
                    }
                    _ => base -= before,
                }
            }
        }
        for (t, &extra) in to_team.iter().enumerate() {
            if !bounds.receives[t] || unit.owners == [t] || !can_give(t, false) {
                continue;
            }
            let gain = base + extra;
            let rise = sep(total_single + gain, total_owned + newly_owned) - current;
            let better = |best: &Option<Candidate>| match best {
                None => rise > 1e-12,
                Some(b) => {
                    rise > b.rise + 1e-12
                        || ((rise - b.rise).abs() <= 1e-12
                            && unit.files.len() < units[b.unit].files.len())
                }
            };
            let candidate = Candidate {
                unit: u,
                to: t,
                gain,
                rise,
            };
            if better(&best.free) {
                best.free = Some(candidate.clone());
            }
            let gains_volume = !unit.owners.contains(&t);
            if (gains_volume && now.volume[t] + volume > bounds.high[t] + 1e-9)
                || !can_give(t, true)
            {
                continue;
            }
            if better(&best.within) {
                best.within = Some(candidate);
            }
        }
    }
    best
}

/// The changes a move makes single-team, and those it makes cross teams,
/// newest first (change indices).
#[derive(Clone, Debug, Default)]
pub struct Effect {
    pub fixed: Vec<usize>,
    pub fixed_weight: f64,
    pub broken: Vec<usize>,
    pub broken_weight: f64,
}

pub fn effect(graph: &Graph, owners: &Owners, unit: &Unit, to: usize) -> Effect {
    let mut in_unit = vec![false; graph.revs.len()];
    for &f in &unit.files {
        in_unit[f as usize] = true;
    }
    let mut touched: Vec<u32> = unit
        .files
        .iter()
        .flat_map(|&f| graph.changes_of[f as usize].iter().copied())
        .collect();
    touched.sort_unstable();
    touched.dedup();
    let mut out = Effect::default();
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for c in touched {
        before.clear();
        after.clear();
        for &g in &graph.files[c as usize] {
            before.extend_from_slice(owners.of(g));
            if in_unit[g as usize] {
                after.push(to);
            } else {
                after.extend_from_slice(owners.of(g));
            }
        }
        for v in [&mut before, &mut after] {
            v.sort_unstable();
            v.dedup();
        }
        let w = graph.weight[c as usize];
        match (before.len() == 1, after.len() == 1) {
            (false, true) => {
                out.fixed.push(c as usize);
                out.fixed_weight += w;
            }
            (true, false) => {
                out.broken.push(c as usize);
                out.broken_weight += w;
            }
            _ => {}
        }
    }
    out
}

/// The changes that become single-team when `files` are left unowned
/// (none can start crossing teams: a change only loses teams).
pub fn unown_effect(graph: &Graph, owners: &Owners, files: &[u32]) -> Effect {
    let mut out_of = vec![false; graph.revs.len()];
    for &f in files {
        if let Some(x) = out_of.get_mut(f as usize) {
            *x = true;
        }
    }
    let mut touched: Vec<u32> = files
        .iter()
        .filter_map(|&f| graph.changes_of.get(f as usize))
        .flatten()
        .copied()
        .collect();
    touched.sort_unstable();
    touched.dedup();
    let mut out = Effect::default();
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for c in touched {
        before.clear();
        after.clear();
        for &g in &graph.files[c as usize] {
            before.extend_from_slice(owners.of(g));
            if !out_of[g as usize] {
                after.extend_from_slice(owners.of(g));
            }
        }
        for v in [&mut before, &mut after] {
            v.sort_unstable();
            v.dedup();
        }
        if before.len() > 1 && after.len() == 1 {
            out.fixed.push(c as usize);
            out.fixed_weight += graph.weight[c as usize];
        }
    }
    out
}
