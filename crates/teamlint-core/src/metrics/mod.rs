//! Coupling metrics over changes: per file and per team revisions, shared
//! changes, degree, confidence and separability (docs/reference.md §3).
//!
//! Everything here is pure arithmetic over [`Change`]s whose files are
//! already mapped to their owning teams; nothing here knows git.

mod compute;
mod evidence;
mod lead_time;
mod map;
pub mod stats;
mod trend;

pub use compute::{compute, Input};
pub use evidence::{attach_evidence, short};
pub use lead_time::{
    lead_time, size_class, Bucket, LandedChange, LeadInput, LeadTime, PeriodLead, Ratio, TeamLead,
};
pub use map::{measure, owners, with_input, Log};
pub use trend::{period_of, trend, Period};

use serde::Serialize;

use crate::finding::CommitRef;

/// One change as the metrics see it: when, by whom, which files (interned
/// path ids, already following renames and dropping excluded paths).
#[derive(Clone, Debug)]
pub struct Change {
    /// Index into the caller's commit list (for evidence).
    pub index: usize,
    pub time: i64,
    /// Author email, an id into the caller's list of authors.
    pub author: u32,
    pub files: Vec<u32>,
}

/// Each path's owning teams today, by path id, stored flat: the metrics
/// look them up for every file of every change.
#[derive(Clone, Debug, Default)]
pub struct Owners {
    /// Where each path's teams start in `teams`; one more entry than paths.
    start: Vec<u32>,
    teams: Vec<usize>,
    /// The shared rule (index into [`Input::shared_rules`]) that gives each
    /// path to several teams, or [`Owners::NOT_SHARED`]; empty when no path
    /// is shared.
    shared: Vec<u32>,
    shared_rules: Vec<SharedRuleDef>,
}

impl Owners {
    /// The teams of path 0, 1, 2….
    pub fn new<'a>(per_path: impl ExactSizeIterator<Item = &'a [usize]>) -> Owners {
        // Most paths have one team.
        let mut o = Owners {
            start: Vec::with_capacity(per_path.len() + 1),
            teams: Vec::with_capacity(per_path.len()),
            shared: Vec::new(),
            shared_rules: Vec::new(),
        };
        o.start.push(0);
        for teams in per_path {
            o.teams.extend_from_slice(teams);
            o.start.push(o.teams.len() as u32);
        }
        o
    }

    /// A path's teams (none: unowned, or a path this table does not know).
    pub fn of(&self, path: u32) -> &[usize] {
        let p = path as usize;
        match (self.start.get(p), self.start.get(p + 1)) {
            (Some(&a), Some(&b)) => &self.teams[a as usize..b as usize],
            _ => &[],
        }
    }

    pub const NOT_SHARED: u32 = u32::MAX;

    /// Records the shared rules, and by path id the one that decides each
    /// path ([`Owners::NOT_SHARED`] for none).
    pub fn with_shared(mut self, rules: Vec<SharedRuleDef>, by_path: Vec<u32>) -> Owners {
        self.shared = if rules.is_empty() {
            Vec::new()
        } else {
            by_path
        };
        self.shared_rules = rules;
        self
    }

    /// The rules that give their files to several teams.
    pub fn shared_rules(&self) -> &[SharedRuleDef] {
        &self.shared_rules
    }

    /// The shared rule that decides a path, if one does.
    pub(crate) fn shared_rule(&self, path: u32) -> Option<usize> {
        self.shared
            .get(path as usize)
            .filter(|&&s| s != Self::NOT_SHARED)
            .map(|&s| s as usize)
    }

    /// The path's team, when exactly one owns it.
    pub fn single(&self, path: u32) -> Option<usize> {
        match self.of(path) {
            [t] => Some(*t),
            _ => None,
        }
    }
}

/// The whole audit result for one ownership map.
#[derive(Clone, Debug, Serialize)]
pub struct Metrics {
    /// Changes counted (after skipping bulk, ignored authors, empty ones).
    pub changes: usize,
    pub teams: Vec<TeamStats>,
    pub team_pairs: Vec<TeamPair>,
    pub file_pairs: Vec<FilePair>,
    pub files: Vec<FileStats>,
    /// Share of changes touching at least one owned file that touch exactly
    /// one team; `None` when no change touched an owned file.
    pub separability: Option<f64>,
    /// Changes that touched at least one owned file.
    pub owned_changes: f64,
    /// The rules that give their files to several teams, and how much of
    /// the history their files carry (files of no single team, so these
    /// changes count for no team through them).
    pub shared_rules: Vec<SharedRule>,
}

/// A rule that names several teams, as a reader finds it in the map.
#[derive(Clone, Debug, Serialize)]
pub struct SharedRuleDef {
    pub file: String,
    pub line: usize,
    pub pattern: String,
    pub teams: Vec<String>,
}

/// A shared rule and the history its files carry.
#[derive(Clone, Debug, Serialize)]
pub struct SharedRule {
    #[serde(flatten)]
    pub rule: SharedRuleDef,
    /// Weighted changes touching at least one of its files.
    pub changes: f64,
    /// Their share of all changes counted.
    pub share: f64,
}

/// Where a team's (or a team pair's) cross-team changes meet: the shared
/// rule whose files most of them also touch.
#[derive(Clone, Debug, Serialize)]
pub struct SharedCause {
    /// Index into [`Metrics::shared_rules`].
    pub rule: usize,
    /// Weighted cross-team changes that touch the rule's files.
    pub changes: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct TeamStats {
    pub name: String,
    /// Weighted number of changes touching the team's files.
    pub revs: f64,
    /// Share of the team's changes that touch no other team; `None` below
    /// `min_revs` ("not enough history").
    pub separability: Option<f64>,
    /// Changes that also touched another team.
    pub cross_team: f64,
    /// The shared rule most of those cross-team changes also touch.
    #[serde(skip)]
    pub shared_cause: Option<SharedCause>,
    /// Authors of the team's changes by the team they belong to:
    /// (team name or "" for unknown, weighted changes).
    #[serde(skip)]
    pub authors_by_team: Vec<(String, f64)>,
    /// People: how single-threaded the team's leader and members are.
    #[serde(flatten)]
    pub people: People,
}

/// Leader focus and team cohesion (docs/reference.md §3): whether the
/// people of a team work on its code alone. Only changes that touch an
/// owned file count, as for separability.
#[derive(Clone, Debug, Default, Serialize)]
pub struct People {
    /// Share of the leader's changes that touch only this team's code;
    /// `None` below `min_revs` changes by the leader.
    pub leader_focus: Option<f64>,
    /// Share of the team's people's changes (leader and members) that touch
    /// only this team's code; `None` below `min_revs` changes by them.
    pub cohesion: Option<f64>,
    /// The leader's changes (weighted).
    pub leader_changes: f64,
    /// The leader's changes by each team they touched, most first (a
    /// change touching two teams counts for both).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub leader_by_team: Vec<(String, f64)>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TeamPair {
    pub a: String,
    pub b: String,
    pub shared: f64,
    pub degree: f64,
    pub confidence_ab: f64,
    pub confidence_ba: f64,
    /// A `depends_on` exists in either direction.
    pub declared: bool,
    /// Both teams have `min_revs` changes: the pair has a score.
    #[serde(skip)]
    pub scored: bool,
    /// The shared rule most of the pair's shared changes also touch.
    #[serde(skip)]
    pub shared_cause: Option<SharedCause>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub commits: Vec<CommitRef>,
}

impl TeamPair {
    /// Coupled at or above `team_threshold` in at least `min_shared`
    /// changes with no `depends_on` either way: what `undeclared-coupling`
    /// reports and every audit format marks.
    pub fn is_undeclared_coupling(&self, team_threshold: f64, min_shared: u32) -> bool {
        !self.declared
            && self.scored
            && self.degree >= team_threshold
            && self.shared >= f64::from(min_shared)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct FilePair {
    pub a: String,
    pub b: String,
    pub a_team: Option<String>,
    pub b_team: Option<String>,
    pub revs_a: f64,
    pub revs_b: f64,
    pub shared: f64,
    pub degree: f64,
    pub confidence_ab: f64,
    pub confidence_ba: f64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub commits: Vec<CommitRef>,
    /// The path ids of `a` and `b` in the metrics input.
    #[serde(skip)]
    pub ids: (u32, u32),
}

#[derive(Clone, Debug, Serialize)]
pub struct FileStats {
    pub path: String,
    pub revs: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
}

/// Metrics per period, for the trend of a periodic audit.
#[derive(Clone, Debug, Serialize)]
pub struct PeriodStats {
    /// `2025-01` for a month, `2025-Q1` for a quarter.
    pub period: String,
    pub changes: usize,
    pub separability: Option<f64>,
    pub teams: Vec<PeriodTeam>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PeriodTeam {
    pub name: String,
    pub revs: f64,
    pub separability: Option<f64>,
}

/// Degree of coupling: shared changes over the mean of both sides' changes.
pub fn degree(shared: f64, revs_a: f64, revs_b: f64) -> f64 {
    let mean = (revs_a + revs_b) / 2.0;
    if mean > 0.0 {
        shared / mean
    } else {
        0.0
    }
}

/// Confidence of a → b: the share of a's changes that also changed b.
pub fn confidence(shared: f64, revs_a: f64) -> f64 {
    if revs_a > 0.0 {
        shared / revs_a
    } else {
        0.0
    }
}

/// For each target file, the files that changed with it: (target, other,
/// changes of the target, changes shared). Only others outside `targets`.
pub fn cochanges(changes: &[Change], targets: &[u32]) -> Vec<(u32, u32, u32, u32)> {
    use rustc_hash::{FxHashMap, FxHashSet};
    let is_target: FxHashSet<u32> = targets.iter().copied().collect();
    let mut revs: FxHashMap<u32, u32> = FxHashMap::default();
    let mut shared: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    for c in changes {
        let hit: Vec<u32> = c
            .files
            .iter()
            .copied()
            .filter(|f| is_target.contains(f))
            .collect();
        for &f in &hit {
            *revs.entry(f).or_default() += 1;
            for &g in &c.files {
                if !is_target.contains(&g) {
                    *shared.entry((f, g)).or_default() += 1;
                }
            }
        }
    }
    let mut out: Vec<(u32, u32, u32, u32)> = shared
        .into_iter()
        .map(|((f, g), s)| (f, g, revs[&f], s))
        .collect();
    out.sort_unstable();
    out
}

/// The history window an audit covered.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Window {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Changes counted.
    pub changes: usize,
    /// Changes with more than `max_changeset` files, skipped.
    pub skipped_large: usize,
    /// Changes by `ignore_authors`, skipped.
    pub skipped_authors: usize,
    /// Commits whose trees could not be read (missing objects), skipped.
    pub skipped_missing: usize,
    /// The ids of the bulk changes skipped.
    pub skipped_large_ids: Vec<String>,
    /// Dates of the oldest and newest change counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last: Option<String>,
}
