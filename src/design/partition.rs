//! A first split drafted from history: K balanced teams of directories that
//! change together.
//!
//! Each directory's direct files are one unit, weighted by their changes;
//! each change is a hyperedge over its units. The start cuts the units in
//! path order into K runs of equal weight (siblings stay together); the
//! refinement then moves one unit at a time to the team that makes most
//! changes single-team (label propagation with exact gains), keeping every
//! team non-empty and at most `(1 + IMBALANCE)` times the mean weight,
//! until no move gains.

use std::collections::BinaryHeap;

use rustc_hash::FxHashMap as HashMap;

use super::Graph;

/// How far above the mean weight a team may grow: the imbalance
/// hypergraph partitioners take (0.5: at most 1.5 × the mean).
pub const IMBALANCE: f64 = 0.5;

/// Refinement passes over every unit, at most.
const PASSES: usize = 64;

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
}

#[derive(Clone, Debug, Default)]
pub struct DraftTeam {
    /// The weighted changes of the files it owns.
    pub volume: f64,
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
            weight[unit_of[f] as usize] += r;
        }
        let mut edges = Vec::with_capacity(graph.files.len());
        let mut of_unit = vec![Vec::new(); n];
        for (c, files) in graph.files.iter().enumerate() {
            let mut us: Vec<u32> = files.iter().map(|&f| unit_of[f as usize]).collect();
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

/// K teams over the directories of `tracked`, from the history in `graph`
/// (whose path ids are `paths`).
pub fn draft(graph: &Graph, paths: &[String], tracked: &[String], k: usize) -> Draft {
    let dirs = directories(tracked);
    let unit_of = unit_of_paths(paths, &dirs);
    let units = Units::new(graph, &unit_of, dirs.len());
    let weighted = units.weight.iter().filter(|&&w| w > 0.0).count();
    let k = k.clamp(1, weighted.max(1));
    // Two starts, each refined; the better one stands.
    let cap = (1.0 + IMBALANCE) * units.weight.iter().sum::<f64>() / k as f64;
    let mut team_of = start(&units.weight, k);
    refine(&units, &mut team_of, k);
    let mut merged = agglomerate(&units, k, cap);
    refine(&units, &mut merged, k);
    let score = |t: &[usize]| separability(&units, t).unwrap_or(0.0);
    if score(&merged) > score(&team_of) {
        team_of = merged;
    }
    // A unit heavier than a team's share leaves a team empty: drop it.
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
    let separability = separability(&units, &team_of);
    settle_idle(&dirs, &units.weight, &mut team_of, k);
    Draft {
        dirs,
        team_of,
        weight: units.weight,
        teams,
        separability,
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

/// Clusters merged bottom-up, the pair most connected for its size first
/// (each change spread over the pairs of its units), while both fit in
/// `cap`, until `k` remain.
fn agglomerate(units: &Units, k: usize, cap: f64) -> Vec<usize> {
    let n = units.weight.len();
    let mut weight = units.weight.clone();
    let mut alive: Vec<bool> = weight.iter().map(|&w| w > 0.0).collect();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut conn: Vec<HashMap<usize, f64>> = vec![HashMap::default(); n];
    for (e, &w) in units.edges.iter().zip(&units.edge_weight) {
        if e.len() < 2 {
            continue;
        }
        let share = w / (e.len() - 1) as f64;
        for (i, &(a, _)) in e.iter().enumerate() {
            for &(b, _) in &e[i + 1..] {
                *conn[a as usize].entry(b as usize).or_default() += share;
                *conn[b as usize].entry(a as usize).or_default() += share;
            }
        }
    }
    // A heap of candidate pairs; an entry is stale once either cluster
    // has merged since (its version moved on).
    let mut version = vec![0u32; n];
    let mut heap: BinaryHeap<Pair> = BinaryHeap::new();
    let push = |heap: &mut BinaryHeap<Pair>,
                a: usize,
                b: usize,
                c: f64,
                weight: &[f64],
                version: &[u32]| {
        if weight[a] + weight[b] <= cap {
            heap.push(Pair {
                score: c / (weight[a] * weight[b]),
                a: a.min(b),
                b: a.max(b),
                va: version[a.min(b)],
                vb: version[a.max(b)],
            });
        }
    };
    for (a, row) in conn.iter().enumerate() {
        for (&b, &c) in row {
            if a < b {
                push(&mut heap, a, b, c, &weight, &version);
            }
        }
    }
    let mut count = alive.iter().filter(|&&a| a).count();
    while count > k {
        let mut pick = None;
        while let Some(p) = heap.pop() {
            if alive[p.a] && alive[p.b] && version[p.a] == p.va && version[p.b] == p.vb {
                pick = Some((p.a, p.b));
                break;
            }
        }
        // Nothing connected fits: the two lightest merge.
        let (a, b) = match pick {
            Some(ab) => ab,
            None => {
                let mut light: Vec<usize> = (0..n).filter(|&a| alive[a]).collect();
                light.sort_by(|&x, &y| weight[x].total_cmp(&weight[y]).then(x.cmp(&y)));
                (light[0].min(light[1]), light[0].max(light[1]))
            }
        };
        weight[a] += weight[b];
        alive[b] = false;
        parent[b] = a;
        version[a] += 1;
        let from_b = std::mem::take(&mut conn[b]);
        for (x, c) in from_b {
            conn[x].remove(&b);
            if x != a {
                *conn[a].entry(x).or_default() += c;
                *conn[x].entry(a).or_default() += c;
            }
        }
        conn[a].remove(&b);
        for (&x, &c) in &conn[a] {
            push(&mut heap, a, x, c, &weight, &version);
        }
        count -= 1;
    }
    let root = |mut u: usize| {
        while parent[u] != u {
            u = parent[u];
        }
        u
    };
    let mut ids: HashMap<usize, usize> = HashMap::default();
    (0..n)
        .map(|u| {
            if units.weight[u] <= 0.0 {
                return 0;
            }
            let r = root(u);
            let next = ids.len();
            *ids.entry(r).or_insert(next)
        })
        .collect()
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

/// Moves single units to the team that gains most while one does.
fn refine(units: &Units, team_of: &mut [usize], k: usize) {
    let total: f64 = units.weight.iter().sum();
    let cap = (1.0 + IMBALANCE) * total / k as f64;
    let mut load = vec![0.0; k];
    let mut members = vec![0usize; k];
    for (u, &t) in team_of.iter().enumerate() {
        load[t] += units.weight[u];
        if units.weight[u] > 0.0 {
            members[t] += 1;
        }
    }
    // Per change: (team, files of it) for the teams it touches.
    let mut counts: Vec<Vec<(usize, u32)>> = units
        .edges
        .iter()
        .map(|e| {
            let mut c: Vec<(usize, u32)> = Vec::new();
            for &(u, n) in e {
                add(&mut c, team_of[u as usize], n as i64);
            }
            c
        })
        .collect();
    let mut order: Vec<usize> = (0..units.weight.len())
        .filter(|&u| units.weight[u] > 0.0)
        .collect();
    order.sort_by(|&a, &b| units.weight[b].total_cmp(&units.weight[a]).then(a.cmp(&b)));
    let mut to = vec![0.0; k];
    for _ in 0..PASSES {
        let mut moved = false;
        for &u in &order {
            let from = team_of[u];
            if members[from] <= 1 {
                continue;
            }
            to.iter_mut().for_each(|x| *x = 0.0);
            let mut base = 0.0;
            for &(c, n) in &units.of_unit[u] {
                let w = units.edge_weight[c as usize];
                let cs = &counts[c as usize];
                let before = if cs.len() == 1 { w } else { 0.0 };
                let mut rest = cs.iter().filter(|&&(t, m)| !(t == from && m == n));
                match (rest.next(), rest.next()) {
                    (None, _) => base += w - before,
                    (Some(&(t, _)), None) => {
                        base -= before;
                        to[t] += w;
                    }
                    _ => base -= before,
                }
            }
            let wu = units.weight[u];
            let mut best: Option<(usize, f64)> = None;
            for t in (0..k).filter(|&t| t != from) {
                if load[t] + wu > cap {
                    continue;
                }
                let gain = base + to[t];
                if gain > 1e-9 && best.is_none_or(|(_, g)| gain > g + 1e-12) {
                    best = Some((t, gain));
                }
            }
            let Some((t, _)) = best else { continue };
            for &(c, n) in &units.of_unit[u] {
                let cs = &mut counts[c as usize];
                add(cs, from, -(n as i64));
                add(cs, t, n as i64);
            }
            load[from] -= wu;
            load[t] += wu;
            members[from] -= 1;
            members[t] += 1;
            team_of[u] = t;
            moved = true;
        }
        if !moved {
            break;
        }
    }
}

fn add(counts: &mut Vec<(usize, u32)>, team: usize, n: i64) {
    match counts.iter().position(|&(t, _)| t == team) {
        Some(i) => {
            let m = counts[i].1 as i64 + n;
            if m <= 0 {
                counts.swap_remove(i);
            } else {
                counts[i].1 = m as u32;
            }
        }
        None if n > 0 => counts.push((team, n as u32)),
        None => {}
    }
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

/// A candidate merge, best score first (ties: the lower pair).
struct Pair {
    score: f64,
    a: usize,
    b: usize,
    va: u32,
    vb: u32,
}

impl PartialEq for Pair {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Pair {}

impl PartialOrd for Pair {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Pair {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| (other.a, other.b).cmp(&(self.a, self.b)))
    }
}
