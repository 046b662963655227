//! The metrics of one ownership map over one set of changes.

use rustc_hash::FxHashMap as HashMap;

use super::{
    confidence, degree, Change, FilePair, FileStats, Metrics, Owners, SharedCause, SharedRule,
    TeamPair, TeamStats,
};
use crate::config::Coupling;

/// What the metrics are computed from.
pub struct Input<'a> {
    pub changes: &'a [Change],
    /// Every path id's text, sorted: ids compare as their paths do.
    pub paths: &'a [String],
    /// Every path id's owning team today (empty: unowned, or shared), and
    /// the shared rule that decides it, if one does.
    pub owners: &'a Owners,
    pub team_names: &'a [String],
    /// Declared `depends_on` pairs (a, b), either direction.
    pub declared: &'a (dyn Fn(usize, usize) -> bool + Sync),
    /// The team each author (by id) belongs to.
    pub author_teams: &'a [Option<usize>],
    /// The team each author (by id) leads.
    pub author_leads: &'a [Option<usize>],
    pub coupling: &'a Coupling,
    /// Ages for `half_life` are measured from here (the newest change).
    pub reference_time: i64,
    /// Skip per-file statistics (for per-period trends).
    pub teams_only: bool,
}

impl Input<'_> {
    pub fn weight(&self, time: i64) -> f64 {
        match self.coupling.half_life {
            // Commit times are whatever a commit says: an age past i64's
            // range saturates (a weight of 0), never wraps.
            Some(h) => 0.5f64.powf(self.reference_time.saturating_sub(time).max(0) as f64 / h),
            None => 1.0,
        }
    }
}

pub fn compute(input: &Input<'_>) -> Metrics {
    // The team half and the file half read the same changes: one core each.
    // The file half, which allocates the most, stays on this thread, whose
    // memory is already at hand.
    let (teams, (files, file_pairs)) = if input.teams_only {
        (team_stats(input), Default::default())
    } else {
        let mut teams = None;
        let files = rayon::in_place_scope(|s| {
            s.spawn(|_| teams = Some(team_stats(input)));
            file_stats(input)
        });
        (teams.expect("the scope ran it"), files)
    };
    Metrics {
        changes: input.changes.len(),
        teams: teams.teams,
        team_pairs: teams.pairs,
        file_pairs,
        files,
        separability: (teams.owned > 0.0).then(|| teams.single / teams.owned),
        owned_changes: teams.owned,
        shared_rules: teams.shared,
    }
}

/// The team half of the metrics.
struct Teams {
    teams: Vec<TeamStats>,
    pairs: Vec<TeamPair>,
    /// Changes that touched an owned file, and those that touched one team.
    owned: f64,
    single: f64,
    shared: Vec<SharedRule>,
}

/// Weighted changes per shared rule, for one team or team pair.
type ByRule = HashMap<usize, f64>;

/// The rule most of `cross` changes touch, if any does.
fn cause(by: Option<&ByRule>) -> Option<SharedCause> {
    by?.iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(&rule, &changes)| SharedCause { rule, changes })
}

fn team_stats(input: &Input<'_>) -> Teams {
    let nt = input.team_names.len();
    let min_revs = f64::from(input.coupling.min_revs);
    let mut team_revs = vec![0.0; nt];
    let mut team_raw = vec![0u32; nt];
    let mut team_cross = vec![0.0; nt];
    let mut pair_shared: HashMap<(usize, usize), f64> = HashMap::default();
    let mut authors: Vec<HashMap<Option<usize>, f64>> = vec![HashMap::default(); nt];
    let (mut owned, mut single) = (0.0, 0.0);
    let mut teams_of_change: Vec<usize> = Vec::new();
    let mut people = PeopleTally::new(nt);
    let mut total = 0.0;
    let mut rule_changes = vec![0.0; input.owners.shared_rules().len()];
    let mut rules_of_change: Vec<usize> = Vec::new();
    let mut team_rules: HashMap<usize, ByRule> = HashMap::default();
    let mut pair_rules: HashMap<(usize, usize), ByRule> = HashMap::default();

    for c in input.changes {
        let w = input.weight(c.time);
        total += w;
        teams_of_change.clear();
        rules_of_change.clear();
        for &f in &c.files {
            teams_of_change.extend_from_slice(input.owners.of(f));
            rules_of_change.extend(input.owners.shared_rule(f));
        }
        teams_of_change.sort_unstable();
        teams_of_change.dedup();
        rules_of_change.sort_unstable();
        rules_of_change.dedup();
        for &r in &rules_of_change {
            if let Some(n) = rule_changes.get_mut(r) {
                *n += w;
            }
            if teams_of_change.len() > 1 {
                for (i, &t) in teams_of_change.iter().enumerate() {
                    *team_rules.entry(t).or_default().entry(r).or_default() += w;
                    for &u in &teams_of_change[i + 1..] {
                        *pair_rules.entry((t, u)).or_default().entry(r).or_default() += w;
                    }
                }
            }
        }
        if teams_of_change.is_empty() {
            continue;
        }
        owned += w;
        if teams_of_change.len() == 1 {
            single += w;
        }
        let author = input.author_teams.get(c.author as usize).copied().flatten();
        let leads = input.author_leads.get(c.author as usize).copied().flatten();
        people.add(author, leads, &teams_of_change, w);
        for (i, &t) in teams_of_change.iter().enumerate() {
            team_revs[t] += w;
            team_raw[t] += 1;
            if teams_of_change.len() > 1 {
                team_cross[t] += w;
            }
            *authors[t].entry(author).or_default() += w;
            for &u in &teams_of_change[i + 1..] {
                *pair_shared.entry((t, u)).or_default() += w;
            }
        }
    }

    let teams: Vec<TeamStats> = (0..nt)
        .map(|t| {
            let mut by: Vec<(String, f64)> = authors[t]
                .iter()
                .map(|(a, w)| (a.map_or(String::new(), |a| input.team_names[a].clone()), *w))
                .collect();
            by.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            TeamStats {
                name: input.team_names[t].clone(),
                revs: team_revs[t],
                separability: (f64::from(team_raw[t]) >= min_revs && team_revs[t] > 0.0)
                    .then(|| 1.0 - team_cross[t] / team_revs[t]),
                cross_team: team_cross[t],
                shared_cause: cause(team_rules.get(&t)),
                authors_by_team: by,
                people: people.stats(t, min_revs, input.team_names),
            }
        })
        .collect();

    let mut team_pairs = Vec::new();
    for a in 0..nt {
        for b in a + 1..nt {
            let shared = pair_shared.get(&(a, b)).copied().unwrap_or(0.0);
            let declared = (input.declared)(a, b);
            if shared == 0.0 && !declared {
                continue;
            }
            team_pairs.push(TeamPair {
                a: input.team_names[a].clone(),
                b: input.team_names[b].clone(),
                shared,
                degree: degree(shared, team_revs[a], team_revs[b]),
                confidence_ab: confidence(shared, team_revs[a]),
                confidence_ba: confidence(shared, team_revs[b]),
                declared,
                scored: f64::from(team_raw[a]) >= min_revs && f64::from(team_raw[b]) >= min_revs,
                shared_cause: cause(pair_rules.get(&(a, b))),
                commits: Vec::new(),
            });
        }
    }
    team_pairs.sort_by(|x, y| {
        y.degree
            .total_cmp(&x.degree)
            .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
    });

    let shared = input
        .owners
        .shared_rules()
        .iter()
        .zip(rule_changes)
        .map(|(rule, changes)| SharedRule {
            rule: rule.clone(),
            changes,
            share: if total > 0.0 { changes / total } else { 0.0 },
        })
        .collect();
    Teams {
        teams,
        pairs: team_pairs,
        owned,
        single,
        shared,
    }
}

/// Changes by each team's leader and by its people, and those of them
/// that touch only the team's own code.
struct PeopleTally {
    leader: Vec<Share>,
    members: Vec<Share>,
    leader_touched: Vec<HashMap<usize, f64>>,
}

#[derive(Clone, Default)]
struct Share {
    weight: f64,
    raw: u32,
    own: f64,
}

impl Share {
    fn add(&mut self, own: bool, w: f64) {
        self.weight += w;
        self.raw += 1;
        if own {
            self.own += w;
        }
    }

    fn score(&self, min_revs: f64) -> Option<f64> {
        (f64::from(self.raw) >= min_revs && self.weight > 0.0).then(|| self.own / self.weight)
    }
}

impl PeopleTally {
    fn new(nt: usize) -> PeopleTally {
        PeopleTally {
            leader: vec![Share::default(); nt],
            members: vec![Share::default(); nt],
            leader_touched: vec![HashMap::default(); nt],
        }
    }

    fn add(&mut self, member_of: Option<usize>, leads: Option<usize>, teams: &[usize], w: f64) {
        let only = |t: usize| teams == [t];
        if let Some(t) = member_of.filter(|&t| t < self.members.len()) {
            self.members[t].add(only(t), w);
        }
        if let Some(t) = leads.filter(|&t| t < self.leader.len()) {
            self.leader[t].add(only(t), w);
            for &u in teams {
                *self.leader_touched[t].entry(u).or_default() += w;
            }
        }
    }

    fn stats(&self, t: usize, min_revs: f64, names: &[String]) -> super::People {
        let mut by: Vec<(String, f64)> = self.leader_touched[t]
            .iter()
            .map(|(&u, &w)| (names[u].clone(), w))
            .collect();
        by.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        super::People {
            leader_focus: self.leader[t].score(min_revs),
            cohesion: self.members[t].score(min_revs),
            leader_changes: self.leader[t].weight,
            leader_by_team: by,
        }
    }
}

/// Per-file revisions, and the cross-team file pairs that pass the
/// thresholds.
fn file_stats(input: &Input<'_>) -> (Vec<FileStats>, Vec<FilePair>) {
    let c = input.coupling;
    let n = input.paths.len();
    let mut revs = vec![0.0; n];
    let mut raw = vec![0u32; n];
    for ch in input.changes {
        let w = input.weight(ch.time);
        for &f in &ch.files {
            revs[f as usize] += w;
            raw[f as usize] += 1;
        }
    }
    let team_of = |f: u32| input.owners.single(f);
    // Only files with enough history and a single owner take part in pairs.
    let eligible: Vec<bool> = (0..n)
        .map(|f| raw[f] >= c.min_revs && team_of(f as u32).is_some())
        .collect();
    // Keys are (lower id, higher id): the pair in path order.
    let mut shared: HashMap<(u32, u32), (f64, u32)> = HashMap::default();
    let mut cand = Vec::new();
    for ch in input.changes {
        let w = input.weight(ch.time);
        cand.clear();
        cand.extend(ch.files.iter().copied().filter(|&f| eligible[f as usize]));
        for (i, &f) in cand.iter().enumerate() {
            for &g in &cand[i + 1..] {
                if team_of(f) != team_of(g) {
                    let e = shared.entry((f.min(g), f.max(g))).or_default();
                    e.0 += w;
                    e.1 += 1;
                }
            }
        }
    }
    let mut pairs: Vec<FilePair> = shared
        .into_iter()
        .filter_map(|((f, g), (s, raw_shared))| {
            let (ra, rb) = (revs[f as usize], revs[g as usize]);
            let d = degree(s, ra, rb);
            (raw_shared >= c.min_shared && d >= c.min_degree).then(|| FilePair {
                a: input.paths[f as usize].clone(),
                b: input.paths[g as usize].clone(),
                a_team: team_of(f).map(|t| input.team_names[t].clone()),
                b_team: team_of(g).map(|t| input.team_names[t].clone()),
                revs_a: ra,
                revs_b: rb,
                shared: s,
                degree: d,
                confidence_ab: confidence(s, ra),
                confidence_ba: confidence(s, rb),
                commits: Vec::new(),
                ids: (f, g),
            })
        })
        .collect();
    pairs.sort_unstable_by(|x, y| {
        y.degree
            .total_cmp(&x.degree)
            .then_with(|| y.shared.total_cmp(&x.shared))
            .then_with(|| x.ids.cmp(&y.ids))
    });
    let mut order: Vec<u32> = (0..n as u32).filter(|&f| raw[f as usize] > 0).collect();
    order.sort_unstable_by(|&x, &y| {
        revs[y as usize]
            .total_cmp(&revs[x as usize])
            .then(x.cmp(&y))
    });
    let files = order
        .into_iter()
        .map(|f| FileStats {
            path: input.paths[f as usize].clone(),
            revs: revs[f as usize],
            team: team_of(f).map(|t| input.team_names[t].clone()),
        })
        .collect();
    (files, pairs)
}
