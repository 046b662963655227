//! A first split drafted from history: K balanced teams of directories that
//! change together.
//!
//! Each directory's direct files are one unit, weighted by their changes;
//! each change is a hyperedge over its units. Paths left out (shared
//! infrastructure) belong to no unit. A test directory is glued to the code
//! it tests when the layout says so and history does not say otherwise.
//! The units are then partitioned into K teams of at most `(1 + IMBALANCE)`
//! times the mean weight (see `hyper`: a multilevel run and a start that
//! cuts the units in path order into K runs, each refined with FM moves;
//! the better stands), and a team with too few changes merges into the
//! one it changes with most.

use rustc_hash::FxHashMap as HashMap;

use super::hyper::{self, Hypergraph};
use super::{layout, Graph};

/// How far above the mean weight a team may grow: the imbalance
/// hypergraph partitioners take (0.5: at most 1.5 × the mean).
pub const IMBALANCE: f64 = 0.5;

/// Changes with other directories from which a test directory's history
/// can overrule its layout.
const GLUE_EVIDENCE: f64 = 5.0;

#[derive(Clone, Debug)]
pub struct Draft {
    /// Every directory that holds a tracked file (or leads to one),
    /// repository-relative with a trailing `/` (`""`: the root), sorted.
    pub dirs: Vec<String>,
    /// The team of each directory's direct files.
    pub team_of: Vec<usize>,
    /// The weighted changes of each directory's direct files.
    pub weight: Vec<f64>,
    pub teams: Vec<DraftTeam>,
    /// The share of changes that touch one team, as the draft counts it.
    pub separability: Option<f64>,
    /// Teams merged into another for having too few changes.
    pub merged: usize,
    /// Test directories kept with the code they test: (tests, code).
    pub glued: Vec<(String, String)>,
}

#[derive(Clone, Debug, Default)]
pub struct DraftTeam {
    /// The weighted changes of the files it owns.
    pub volume: f64,
    /// The weighted changes that touch it.
    pub changes: f64,
}

/// The directories of `tracked`, with their ancestors.
fn directories(tracked: &[String]) -> Vec<String> {
    let mut dirs: Vec<String> = vec![String::new()];
    for p in tracked {
        for (i, _) in p.match_indices('/') {
            if !nameable(&p[..=i]) {
                break;
            }
            dirs.push(p[..=i].to_string());
        }
    }
    dirs.sort_unstable();
    dirs.dedup();
    dirs
}

/// Can a pattern name this directory and nothing else? Not when its name
/// holds a control character (a tab, an escape: no CODEOWNERS line can
/// hold one), bytes that are not UTF-8, or a glob character (`*`, `?`)
/// or `\`, which a pattern would read as more than the name. Such a
/// directory stays with its parent's team.
pub fn nameable(dir: &str) -> bool {
    !dir.chars().any(|c| {
        c.is_control() || matches!(c, '*' | '?' | '\\') || crate::pathname::raw_byte(c).is_some()
    })
}

/// The unit of each history path: its nearest directory in `dirs`.
fn unit_of_paths(paths: &[String], dirs: &[String]) -> Vec<u32> {
    let index: HashMap<&str, u32> = dirs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.as_str(), i as u32))
        .collect();
    paths
        .iter()
        .map(|p| {
            let mut end = p.len();
            while let Some(i) = p[..end].rfind('/') {
                if let Some(&u) = index.get(&p[..=i]) {
                    return u;
                }
                end = i;
            }
            index.get("").copied().unwrap_or(0)
        })
        .collect()
}

/// The hypergraph over units: each change's units with how many of its
/// files each holds.
struct Units {
    weight: Vec<f64>,
    edges: Vec<Vec<(u32, u32)>>,
    edge_weight: Vec<f64>,
    of_unit: Vec<Vec<(u32, u32)>>,
}

impl Units {
    fn new(graph: &Graph, unit_of: &[u32], n: usize) -> Units {
        let mut weight = vec![0.0; n];
        for (f, r) in graph.revs.iter().enumerate() {
            if let Some(w) = weight.get_mut(unit_of[f] as usize) {
                *w += r;
            }
        }
        let mut edges = Vec::with_capacity(graph.files.len());
        let mut of_unit = vec![Vec::new(); n];
        for (c, files) in graph.files.iter().enumerate() {
            // Left-out paths (`u32::MAX`) belong to no unit.
            let mut us: Vec<u32> = files
                .iter()
                .map(|&f| unit_of[f as usize])
                .filter(|&u| (u as usize) < n)
                .collect();
            us.sort_unstable();
            let mut e: Vec<(u32, u32)> = Vec::new();
            for u in us {
                match e.last_mut() {
                    Some((v, k)) if *v == u => *k += 1,
                    _ => e.push((u, 1)),
                }
            }
            for &(u, k) in &e {
                of_unit[u as usize].push((c as u32, k));
            }
            edges.push(e);
        }
        Units {
            weight,
            edges,
            edge_weight: graph.weight.clone(),
            of_unit,
        }
    }
}

/// What a draft leaves out and how small a team may be.
#[derive(Clone, Copy, Debug, Default)]
pub struct DraftOptions<'a> {
    /// History paths no team gets (shared infrastructure), by path id.
    pub skip: &'a [bool],
    /// A team with fewer changes than this merges into the team it
    /// changes with most.
    pub min_changes: f64,
}

/// K teams over the directories of `tracked`, from the history in `graph`
/// (whose path ids are `paths`).
pub fn draft(
    graph: &Graph,
    paths: &[String],
    tracked: &[String],
    k: usize,
    options: DraftOptions<'_>,
) -> Draft {
    let dirs = directories(tracked);
    let mut unit_of = unit_of_paths(paths, &dirs);
    for (u, &skip) in unit_of.iter_mut().zip(options.skip) {
        if skip {
            *u = u32::MAX;
        }
    }
    let units = Units::new(graph, &unit_of, dirs.len());
    let (group_of, glued) = glue(&dirs, &units);
    let groups = group_of.iter().map(|&g| g + 1).max().unwrap_or(0);
    let mut gw = vec![0.0; groups];
    for (u, &g) in group_of.iter().enumerate() {
        gw[g] += units.weight[u];
    }
    let weighted = gw.iter().filter(|&&w| w > 0.0).count();
    let k = k.clamp(1, weighted.max(1));
    let h = Hypergraph::new(
        gw.clone(),
        units.edges.iter().zip(&units.edge_weight).map(|(e, &w)| {
            (
                e.iter()
                    .map(|&(u, _)| group_of[u as usize] as u32)
                    .collect(),
                w,
            )
        }),
    );
    let cap = (1.0 + IMBALANCE) * gw.iter().sum::<f64>() / k as f64;
    let start = start(&gw, k);
    let part = hyper::partition(&h, k, cap, vec![start]);
    let mut team_of: Vec<usize> = group_of.iter().map(|&g| part[g]).collect();
    let merged = merge_small(&units, &mut team_of, k, options.min_changes);

    // Teams left empty (a unit heavier than a team's share, or merged)
    // are dropped.
    let mut used = vec![false; k];
    for (u, &t) in team_of.iter().enumerate() {
        used[t] |= units.weight[u] > 0.0;
    }
    let mut renumber = vec![0; k];
    let mut n = 0;
    for t in 0..k {
        renumber[t] = n;
        n += usize::from(used[t]);
    }
    let k = n.max(1);
    for (u, t) in team_of.iter_mut().enumerate() {
        *t = if units.weight[u] > 0.0 {
            renumber[*t]
        } else {
            0
        };
    }
    let mut teams = vec![DraftTeam::default(); k];
    for (u, &t) in team_of.iter().enumerate() {
        teams[t].volume += units.weight[u];
    }
    for (t, c) in team_changes(&units, &team_of, k).into_iter().enumerate() {
        teams[t].changes = c;
    }
    let separability = separability(&units, &team_of);
    settle_idle(&dirs, &units.weight, &mut team_of, k);
    Draft {
        dirs,
        team_of,
        weight: units.weight,
        teams,
        separability,
        merged,
        glued,
    }
}

/// Test directories glued to the code they test (the layout says so, see
/// `layout`), unless history says otherwise: the test directory has
/// `GLUE_EVIDENCE` changes or more with other directories and under a
/// quarter of them touch its code. Returns each unit's group and the pairs
/// glued (test, code).
fn glue(dirs: &[String], units: &Units) -> (Vec<usize>, Vec<(String, String)>) {
    let index: HashMap<&str, usize> = dirs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.as_str(), i))
        .collect();
    let mut parent: Vec<usize> = (0..dirs.len()).collect();
    fn root(parent: &mut [usize], mut u: usize) -> usize {
        while parent[u] != u {
            parent[u] = parent[parent[u]];
            u = parent[u];
        }
        u
    }
    let mut glued = Vec::new();
    for (t, dir) in dirs.iter().enumerate() {
        if units.weight[t] <= 0.0 {
            continue;
        }
        let Some(code) = layout::tested_by(dir, &|d| index.contains_key(d)) else {
            continue;
        };
        let (mut with_code, mut with_others) = (0.0, 0.0);
        for &(c, _) in &units.of_unit[t] {
            let e = &units.edges[c as usize];
            if e.len() < 2 {
                continue;
            }
            let w = units.edge_weight[c as usize];
            with_others += w;
            if e.iter()
                .any(|&(u, _)| dirs[u as usize].starts_with(code.as_str()))
            {
                with_code += w;
            }
        }
        if with_others >= GLUE_EVIDENCE && with_code < with_others / 4.0 {
            continue;
        }
        let c = index[code.as_str()];
        let (a, b) = (root(&mut parent, t), root(&mut parent, c));
        if a != b {
            parent[a] = b;
        }
        glued.push((dir.clone(), code));
    }
    let mut ids: HashMap<usize, usize> = HashMap::default();
    let group_of = (0..dirs.len())
        .map(|u| {
            let r = root(&mut parent, u);
            let next = ids.len();
            *ids.entry(r).or_insert(next)
        })
        .collect();
    (group_of, glued)
}

/// The weighted changes touching each team.
fn team_changes(units: &Units, team_of: &[usize], k: usize) -> Vec<f64> {
    let mut out = vec![0.0; k];
    let mut ts = Vec::new();
    for (e, &w) in units.edges.iter().zip(&units.edge_weight) {
        ts.clear();
        ts.extend(e.iter().map(|&(u, _)| team_of[u as usize]));
        ts.sort_unstable();
        ts.dedup();
        for &t in &ts {
            out[t] += w;
        }
    }
    out
}

/// Teams with fewer than `min` changes merge, smallest first, into the
/// team they share most changes with (else the lightest other). Returns
/// how many merged.
fn merge_small(units: &Units, team_of: &mut [usize], k: usize, min: f64) -> usize {
    let mut merged = 0;
    loop {
        let changes = team_changes(units, team_of, k);
        let alive: Vec<usize> = (0..k)
            .filter(|&t| {
                team_of
                    .iter()
                    .zip(&units.weight)
                    .any(|(&x, &w)| x == t && w > 0.0)
            })
            .collect();
        if alive.len() < 2 {
            return merged;
        }
        let Some(&small) = alive
            .iter()
            .filter(|&&t| changes[t] < min)
            .min_by(|&&a, &&b| changes[a].total_cmp(&changes[b]).then(a.cmp(&b)))
        else {
            return merged;
        };
        let mut with = vec![0.0; k];
        for (e, &w) in units.edges.iter().zip(&units.edge_weight) {
            if e.iter().any(|&(u, _)| team_of[u as usize] == small) {
                for &(u, _) in e {
                    with[team_of[u as usize]] += w;
                }
            }
        }
        let into = alive
            .iter()
            .copied()
            .filter(|&t| t != small)
            .max_by(|&a, &b| {
                with[a]
                    .total_cmp(&with[b])
                    .then(changes[b].total_cmp(&changes[a]))
                    .then(b.cmp(&a))
            })
            .unwrap_or(small);
        for t in team_of.iter_mut() {
            if *t == small {
                *t = into;
            }
        }
        merged += 1;
    }
}

/// Units in path order cut into `k` runs of about equal weight: a run
/// ends where the next unit's middle passes its share, or where the units
/// left are just enough for one team each.
fn start(weight: &[f64], k: usize) -> Vec<usize> {
    let total: f64 = weight.iter().sum();
    let mut left = weight.iter().filter(|&&w| w > 0.0).count();
    let mut team_of = vec![0; weight.len()];
    let (mut acc, mut in_team, mut team) = (0.0, 0usize, 0usize);
    for (u, &w) in weight.iter().enumerate() {
        if w > 0.0 {
            let share = total * (team + 1) as f64 / k as f64;
            if team + 1 < k && in_team > 0 && (acc + w / 2.0 > share || left < k - team) {
                team += 1;
                in_team = 0;
            }
            in_team += 1;
            left -= 1;
        }
        team_of[u] = team;
        acc += w;
    }
    team_of
}

fn separability(units: &Units, team_of: &[usize]) -> Option<f64> {
    let (mut owned, mut single) = (0.0, 0.0);
    for (e, w) in units.edges.iter().zip(&units.edge_weight) {
        let Some(&(first, _)) = e.first() else {
            continue;
        };
        owned += w;
        if e.iter()
            .all(|&(u, _)| team_of[u as usize] == team_of[first as usize])
        {
            single += w;
        }
    }
    (owned > 0.0).then(|| single / owned)
}

/// Directories whose files never changed (and containers with no files)
/// take the team with the most weight under them, else their parent's: so
/// that the map needs as few patterns as it can.
fn settle_idle(dirs: &[String], weight: &[f64], team_of: &mut [usize], k: usize) {
    let parent = parents(dirs);
    let mut under = vec![vec![0.0; k]; dirs.len()];
    // Sorted: children come after their parent, so walk backwards.
    for u in (0..dirs.len()).rev() {
        if weight[u] > 0.0 {
            under[u][team_of[u]] += weight[u];
        }
        if let Some(p) = parent[u] {
            let (lo, hi) = under.split_at_mut(u);
            for (x, y) in lo[p].iter_mut().zip(&hi[0]) {
                *x += y;
            }
        }
    }
    for u in 0..dirs.len() {
        if weight[u] > 0.0 {
            continue;
        }
        let best = (0..k).max_by(|&a, &b| under[u][a].total_cmp(&under[u][b]).then(b.cmp(&a)));
        team_of[u] = match (best, parent[u]) {
            (Some(t), _) if under[u][t] > 0.0 => t,
            (_, Some(p)) => team_of[p],
            _ => team_of[u],
        };
    }
}

/// Each directory's parent in `dirs` (sorted, with every ancestor).
fn parents(dirs: &[String]) -> Vec<Option<usize>> {
    let index: HashMap<&str, usize> = dirs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.as_str(), i))
        .collect();
    dirs.iter()
        .map(|d| {
            if d.is_empty() {
                return None;
            }
            let d = &d[..d.len() - 1];
            index.get(d.rfind('/').map_or("", |i| &d[..=i])).copied()
        })
        .collect()
}

/// One pattern of a draft: a directory (`""`: every path) given to a team.
#[derive(Clone, Debug)]
pub struct DraftPattern {
    pub dir: String,
    pub team: usize,
    /// The weight of the units it decides.
    pub volume: f64,
}

impl Draft {
    /// The team of each of `paths` (history paths): its directory's, none
    /// for a path outside every directory drafted.
    pub fn teams_of(&self, paths: &[String]) -> Vec<Option<usize>> {
        unit_of_paths(paths, &self.dirs)
            .into_iter()
            .map(|u| self.team_of.get(u as usize).copied())
            .collect()
    }

    /// The patterns that write the draft, parents first: a directory gets
    /// one where its team differs from the one it would inherit.
    pub fn patterns(&self) -> Vec<DraftPattern> {
        let parent = parents(&self.dirs);
        let mut decided_by = vec![usize::MAX; self.dirs.len()];
        let mut out: Vec<DraftPattern> = Vec::new();
        for u in 0..self.dirs.len() {
            let inherited = parent[u].map(|p| decided_by[p]);
            match inherited {
                Some(i) if i != usize::MAX && out[i].team == self.team_of[u] => decided_by[u] = i,
                _ => {
                    out.push(DraftPattern {
                        dir: self.dirs[u].clone(),
                        team: self.team_of[u],
                        volume: 0.0,
                    });
                    decided_by[u] = out.len() - 1;
                }
            }
            out[decided_by[u]].volume += self.weight[u];
        }
        out
    }
}
