//! A weighted hypergraph and its k-way partition by multilevel refinement:
//! coarsen by heavy-edge matching, partition the coarsest level, then
//! project back level by level, refining each with FM moves (the best
//! move even when it loses, the best prefix of a pass kept). The objective
//! is the weight of the hyperedges that stay within one block (the
//! changes that touch one team), under a weight cap per block.

use std::collections::BinaryHeap;

use rustc_hash::FxHashMap as HashMap;

/// Vertices weighted, hyperedges weighted, each hyperedge's pins distinct.
#[derive(Clone, Debug, Default)]
pub(crate) struct Hypergraph {
    pub vw: Vec<f64>,
    pub edges: Vec<Vec<u32>>,
    pub ew: Vec<f64>,
    /// Each vertex's hyperedges.
    pub inc: Vec<Vec<u32>>,
}

/// FM passes per level, at most.
const PASSES: usize = 8;
/// A pass stops after this many moves without a better prefix.
const PATIENCE: usize = 120;
/// Coarsening stops at this many vertices per block.
const COARSEST_PER_BLOCK: usize = 6;

impl Hypergraph {
    /// Hyperedges of one pin are dropped (they never cross blocks), and
    /// identical ones merged (their weights summed).
    pub fn new(vw: Vec<f64>, edges: impl IntoIterator<Item = (Vec<u32>, f64)>) -> Hypergraph {
        let mut index: HashMap<Vec<u32>, usize> = HashMap::default();
        let mut out_edges: Vec<Vec<u32>> = Vec::new();
        let mut ew: Vec<f64> = Vec::new();
        for (mut e, w) in edges {
            e.sort_unstable();
            e.dedup();
            if e.len() < 2 || w <= 0.0 {
                continue;
            }
            match index.get(&e) {
                Some(&i) => ew[i] += w,
                None => {
                    index.insert(e.clone(), out_edges.len());
                    out_edges.push(e);
                    ew.push(w);
                }
            }
        }
        let mut inc = vec![Vec::new(); vw.len()];
        for (i, e) in out_edges.iter().enumerate() {
            for &v in e {
                inc[v as usize].push(i as u32);
            }
        }
        Hypergraph {
            vw,
            edges: out_edges,
            ew,
            inc,
        }
    }

    /// The hypergraph with vertices merged by `map` (vertex -> cluster).
    fn contract(&self, map: &[u32], clusters: usize) -> Hypergraph {
        let mut vw = vec![0.0; clusters];
        for (v, &c) in map.iter().enumerate() {
            vw[c as usize] += self.vw[v];
        }
        let edges = self
            .edges
            .iter()
            .zip(&self.ew)
            .map(|(e, &w)| (e.iter().map(|&v| map[v as usize]).collect(), w));
        Hypergraph::new(vw, edges)
    }

    /// The weight of the hyperedges within one block.
    pub(crate) fn uncut(&self, part: &[usize]) -> f64 {
        self.edges
            .iter()
            .zip(&self.ew)
            .filter(|(e, _)| e.iter().all(|&v| part[v as usize] == part[e[0] as usize]))
            .map(|(_, w)| w)
            .sum()
    }

    /// Heavy-edge matching: each vertex, in order of weight (lightest
    /// first), pairs with the unmatched neighbour it shares the most
    /// hyperedge weight with (each hyperedge spread over its pins), when
    /// the pair stays under `cap`.
    fn matching(&self, cap: f64) -> (Vec<u32>, usize) {
        let n = self.vw.len();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| self.vw[a].total_cmp(&self.vw[b]).then(a.cmp(&b)));
        let mut map = vec![u32::MAX; n];
        let mut rating: HashMap<u32, f64> = HashMap::default();
        let mut clusters = 0u32;
        for &v in &order {
            if map[v] != u32::MAX {
                continue;
            }
            rating.clear();
            for &e in &self.inc[v] {
                let pins = &self.edges[e as usize];
                let r = self.ew[e as usize] / (pins.len() - 1) as f64;
                for &u in pins {
                    if u as usize != v && map[u as usize] == u32::MAX {
                        *rating.entry(u).or_default() += r;
                    }
                }
            }
            let best = rating
                .iter()
                .filter(|(&u, _)| self.vw[v] + self.vw[u as usize] <= cap)
                .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(&u, _)| u);
            map[v] = clusters;
            if let Some(u) = best {
                map[u as usize] = clusters;
            }
            clusters += 1;
        }
        (map, clusters as usize)
    }
}

/// A k-way partition of `h` with every block at most `cap`, starting from
/// each of `starts` (refined) and from a multilevel run; the best stands.
pub(crate) fn partition(h: &Hypergraph, k: usize, cap: f64, starts: Vec<Vec<usize>>) -> Vec<usize> {
    let mut best: Option<(f64, Vec<usize>)> = None;
    let mut consider = |mut part: Vec<usize>| {
        refine(h, &mut part, k, cap);
        let score = h.uncut(&part);
        if best.as_ref().is_none_or(|(s, _)| score > *s + 1e-9) {
            best = Some((score, part));
        }
    };
    for s in starts {
        consider(s);
    }
    consider(multilevel(h, k, cap));
    best.map(|(_, p)| p).unwrap_or_else(|| vec![0; h.vw.len()])
}

/// Coarsen, partition the coarsest level by agglomeration, and refine on
/// the way back up.
fn multilevel(h: &Hypergraph, k: usize, cap: f64) -> Vec<usize> {
    let total: f64 = h.vw.iter().sum();
    let cluster_cap = total / (2 * k.max(1)) as f64;
    let mut levels: Vec<(Hypergraph, Vec<u32>)> = Vec::new();
    let mut current = h.clone();
    while current.vw.len() > COARSEST_PER_BLOCK * k {
        let (map, n) = current.matching(cluster_cap);
        // Too little shrinks: the matching has run out of pairs.
        if n as f64 > 0.9 * current.vw.len() as f64 {
            break;
        }
        let next = current.contract(&map, n);
        levels.push((current, map));
        current = next;
    }
    let mut part = agglomerate(&current, k, cap);
    refine(&current, &mut part, k, cap);
    while let Some((finer, map)) = levels.pop() {
        part = map.iter().map(|&c| part[c as usize]).collect();
        refine(&finer, &mut part, k, cap);
    }
    part
}

/// Clusters merged bottom-up, the pair most connected for its size first
/// (each hyperedge spread over the pairs of its pins), while both fit in
/// `cap`, until `k` remain; nothing connected fitting, the two lightest
/// merge. Vertices of no weight join block 0.
pub(crate) fn agglomerate(h: &Hypergraph, k: usize, cap: f64) -> Vec<usize> {
    let n = h.vw.len();
    let mut weight = h.vw.clone();
    let mut alive: Vec<bool> = weight.iter().map(|&w| w > 0.0).collect();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut conn: Vec<HashMap<usize, f64>> = vec![HashMap::default(); n];
    for (e, &w) in h.edges.iter().zip(&h.ew) {
        let share = w / (e.len() - 1) as f64;
        for (i, &a) in e.iter().enumerate() {
            for &b in &e[i + 1..] {
                *conn[a as usize].entry(b as usize).or_default() += share;
                *conn[b as usize].entry(a as usize).or_default() += share;
            }
        }
    }
    // An entry is stale once either cluster has merged since.
    let mut version = vec![0u32; n];
    let mut heap: BinaryHeap<Pair> = BinaryHeap::new();
    let push = |heap: &mut BinaryHeap<Pair>,
                a: usize,
                b: usize,
                c: f64,
                weight: &[f64],
                version: &[u32]| {
        if weight[a] + weight[b] <= cap {
            let (a, b) = (a.min(b), a.max(b));
            heap.push(Pair {
                score: c / (weight[a] * weight[b]),
                a,
                b,
                va: version[a],
                vb: version[b],
            });
        }
    };
    for (a, row) in conn.iter().enumerate() {
        for (&b, &c) in row {
            if a < b && alive[a] && alive[b] {
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
            if h.vw[u] <= 0.0 {
                return 0;
            }
            let next = ids.len();
            *ids.entry(root(u)).or_insert(next)
        })
        .collect()
}

/// Per hyperedge: how many of its pins each block holds.
struct Counts(Vec<Vec<(usize, u32)>>);

impl Counts {
    fn new(h: &Hypergraph, part: &[usize]) -> Counts {
        Counts(
            h.edges
                .iter()
                .map(|e| {
                    let mut c: Vec<(usize, u32)> = Vec::new();
                    for &v in e {
                        bump(&mut c, part[v as usize], 1);
                    }
                    c
                })
                .collect(),
        )
    }

    fn of(&self, e: u32, block: usize) -> u32 {
        self.0[e as usize]
            .iter()
            .find(|&&(b, _)| b == block)
            .map_or(0, |&(_, n)| n)
    }
}

fn bump(c: &mut Vec<(usize, u32)>, block: usize, delta: i32) {
    match c.iter().position(|&(b, _)| b == block) {
        Some(i) => {
            let n = c[i].1 as i32 + delta;
            if n <= 0 {
                c.swap_remove(i);
            } else {
                c[i].1 = n as u32;
            }
        }
        None if delta > 0 => c.push((block, delta as u32)),
        None => {}
    }
}

/// The best block for `v` to move to and the gain, among blocks that fit.
fn best_target(
    h: &Hypergraph,
    counts: &Counts,
    part: &[usize],
    load: &[f64],
    cap: f64,
    v: usize,
    to: &mut [f64],
) -> Option<(usize, f64)> {
    let from = part[v];
    to.iter_mut().for_each(|x| *x = 0.0);
    let mut base = 0.0;
    let mut any = false;
    for &e in &h.inc[v] {
        let size = h.edges[e as usize].len() as u32;
        let w = h.ew[e as usize];
        let c = &counts.0[e as usize];
        if counts.of(e, from) == size {
            base -= w;
        }
        for &(b, n) in c {
            if b != from && n == size - 1 {
                to[b] += w;
                any = true;
            }
        }
    }
    let mut best: Option<(usize, f64)> = None;
    for (b, &extra) in to.iter().enumerate() {
        if b == from || load[b] + h.vw[v] > cap + 1e-9 {
            continue;
        }
        // Only a block a hyperedge of `v` reaches can gain; another is a
        // pure loss, worth trying only when nothing else is.
        if extra == 0.0 && any {
            continue;
        }
        let gain = base + extra;
        if best.is_none_or(|(_, g)| gain > g + 1e-12) {
            best = Some((b, gain));
        }
    }
    best
}

/// FM refinement: passes of single-vertex moves, each the best available
/// (even a losing one), every vertex moving at most once a pass, the best
/// prefix of the pass kept; until a pass gains nothing. Blocks stay under
/// `cap` and none is emptied.
pub(crate) fn refine(h: &Hypergraph, part: &mut [usize], k: usize, cap: f64) {
    let n = h.vw.len();
    if n == 0 || k < 2 {
        return;
    }
    let mut load = vec![0.0; k];
    let mut members = vec![0usize; k];
    for (v, &b) in part.iter().enumerate() {
        load[b] += h.vw[v];
        members[b] += 1;
    }
    let mut counts = Counts::new(h, part);
    let mut to = vec![0.0; k];
    let mut stamp = vec![0u32; n];
    let mut version = vec![0u32; n];
    for pass in 0..PASSES {
        let mut heap: BinaryHeap<Entry> = BinaryHeap::new();
        for (v, edges) in h.inc.iter().enumerate() {
            if edges.is_empty() {
                continue;
            }
            if let Some((b, g)) = best_target(h, &counts, part, &load, cap, v, &mut to) {
                heap.push(Entry {
                    gain: g,
                    v,
                    to: b,
                    version: version[v],
                });
            }
        }
        let mut locked = vec![false; n];
        let mut moves: Vec<(usize, usize, usize)> = Vec::new();
        let (mut sum, mut best, mut best_len) = (0.0, 0.0, 0);
        while let Some(entry) = heap.pop() {
            let v = entry.v;
            if locked[v] || entry.version != version[v] {
                continue;
            }
            let from = part[v];
            if members[from] <= 1 || load[entry.to] + h.vw[v] > cap + 1e-9 {
                // Re-evaluated: the loads moved since.
                version[v] += 1;
                if members[from] > 1 {
                    if let Some((b, g)) = best_target(h, &counts, part, &load, cap, v, &mut to) {
                        heap.push(Entry {
                            gain: g,
                            v,
                            to: b,
                            version: version[v],
                        });
                    }
                }
                continue;
            }
            let t = entry.to;
            for &e in &h.inc[v] {
                let c = &mut counts.0[e as usize];
                bump(c, from, -1);
                bump(c, t, 1);
            }
            part[v] = t;
            load[from] -= h.vw[v];
            load[t] += h.vw[v];
            members[from] -= 1;
            members[t] += 1;
            locked[v] = true;
            moves.push((v, from, t));
            sum += entry.gain;
            if sum > best + 1e-9 {
                best = sum;
                best_len = moves.len();
            } else if moves.len() - best_len > PATIENCE {
                break;
            }
            // The neighbours' gains changed: evaluate them again.
            let tick = (pass * n + moves.len()) as u32 + 1;
            for &e in &h.inc[v] {
                for &u in &h.edges[e as usize] {
                    let u = u as usize;
                    if locked[u] || stamp[u] == tick {
                        continue;
                    }
                    stamp[u] = tick;
                    version[u] += 1;
                    if let Some((b, g)) = best_target(h, &counts, part, &load, cap, u, &mut to) {
                        heap.push(Entry {
                            gain: g,
                            v: u,
                            to: b,
                            version: version[u],
                        });
                    }
                }
            }
        }
        // Undo what came after the best prefix.
        for &(v, from, t) in moves[best_len..].iter().rev() {
            for &e in &h.inc[v] {
                let c = &mut counts.0[e as usize];
                bump(c, t, -1);
                bump(c, from, 1);
            }
            part[v] = from;
            load[t] -= h.vw[v];
            load[from] += h.vw[v];
            members[t] -= 1;
            members[from] += 1;
        }
        for v in version.iter_mut() {
            *v += 1;
        }
        if best <= 1e-9 {
            break;
        }
    }
}

struct Entry {
    gain: f64,
    v: usize,
    to: usize,
    version: u32,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.gain
            .total_cmp(&other.gain)
            .then_with(|| other.v.cmp(&self.v))
            .then_with(|| other.to.cmp(&self.to))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Two clusters of four joined by one light hyperedge.
    fn two_clusters() -> Hypergraph {
        let mut edges = Vec::new();
        for base in [0u32, 4] {
            for i in 0..4 {
                for j in i + 1..4 {
                    edges.push((vec![base + i, base + j], 3.0));
                }
            }
        }
        edges.push((vec![0, 4], 1.0));
        Hypergraph::new(vec![1.0; 8], edges)
    }

    #[test]
    fn fm_leaves_a_local_optimum_that_greedy_moves_keep() {
        let h = two_clusters();
        // Interleaved: every single move from here gains little or loses.
        let mut part = vec![0, 1, 0, 1, 1, 0, 1, 0];
        refine(&h, &mut part, 2, 5.0);
        assert_eq!(h.uncut(&part), 36.0, "{part:?}");
        assert!(part[..4].iter().all(|&b| b == part[0]));
        assert!(part[4..].iter().all(|&b| b == part[4]));
    }

    #[test]
    fn the_multilevel_run_finds_the_clusters_under_the_cap() {
        let h = two_clusters();
        let part = partition(&h, 2, 4.0, Vec::new());
        assert_eq!(h.uncut(&part), 36.0, "{part:?}");
        let zero = part.iter().filter(|&&b| b == 0).count();
        assert_eq!(zero, 4);
    }
}
