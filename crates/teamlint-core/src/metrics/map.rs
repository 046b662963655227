//! The metrics under one ownership map: every path's owners (and the
//! shared rules that decide some), the input the computation reads, and
//! the metrics themselves, the same for every command that shows them.

use super::{compute, Change, Input, Metrics, Owners, SharedRuleDef};
use crate::config::people::People;
use crate::config::Config;
use crate::ownership::{Decision, Owner, Resolver, RuleInfo, RuleRef};

/// The history the metrics read: its paths (sorted: a path id is its
/// rank), its authors' emails, and its counted changes.
#[derive(Clone, Copy, Debug)]
pub struct Log<'a> {
    pub paths: &'a [String],
    pub authors: &'a [String],
    pub changes: &'a [Change],
}

/// Builds the metrics input for one ownership map and hands it to `f`.
pub fn with_input<T>(
    config: &Config,
    owners: &Owners,
    log: &Log<'_>,
    reference_time: i64,
    teams_only: bool,
    f: impl FnOnce(&Input<'_>) -> T,
) -> T {
    let names: Vec<String> = config.teams.iter().map(|t| t.name.clone()).collect();
    let declared = |a: usize, b: usize| config.declared_pair(a, b);
    let people = People::new(config);
    let leaders = People::leaders(config);
    let author_teams: Vec<Option<usize>> = log
        .authors
        .iter()
        .map(|email| people.team_of(email))
        .collect();
    let author_leads: Vec<Option<usize>> = log
        .authors
        .iter()
        .map(|email| leaders.team_of(email))
        .collect();
    f(&Input {
        changes: log.changes,
        paths: log.paths,
        owners,
        team_names: &names,
        declared: &declared,
        author_teams: &author_teams,
        author_leads: &author_leads,
        coupling: &config.coupling,
        reference_time,
        teams_only,
    })
}

/// Every path's owning teams today, by path id, for the paths the changes
/// touch (a long history names many paths that no counted change does).
/// The log's paths are sorted, as the sweep needs them.
pub fn owners(config: &Config, resolver: &Resolver, log: &Log<'_>) -> Owners {
    let mut used = vec![false; log.paths.len()];
    for c in log.changes {
        for &f in &c.files {
            used[f as usize] = true;
        }
    }
    let mut wanted: Vec<&str> = Vec::with_capacity(log.paths.len());
    wanted.extend(
        log.paths
            .iter()
            .zip(&used)
            .filter(|(_, &u)| u)
            .map(|(p, _)| p.as_str()),
    );
    let decided = resolver.decide_all(&wanted);
    let mut next = decided.iter();
    let mut shared = SharedRules::default();
    let mut by_path = Vec::with_capacity(used.len());
    let owners = Owners::new(used.iter().map(|&u| {
        let d = if u { next.next() } else { None };
        by_path.push(d.map_or(Owners::NOT_SHARED, |d| shared.id(config, resolver, d)));
        d.map_or(&[][..], |d| d.owner.sole())
    }));
    owners.with_shared(shared.defs, by_path)
}

/// The shared rules met while resolving, numbered as they are met.
#[derive(Default)]
struct SharedRules {
    ids: std::collections::HashMap<RuleRef, u32>,
    defs: Vec<SharedRuleDef>,
}

impl SharedRules {
    /// The number of the shared rule that decided `d`, if one did.
    fn id(&mut self, config: &Config, resolver: &Resolver, d: &Decision) -> u32 {
        let (Owner::Teams(teams), Some(r)) = (&d.owner, d.rule) else {
            return Owners::NOT_SHARED;
        };
        if let Some(&id) = self.ids.get(&r) {
            return id;
        }
        let (file, line, pattern) = RuleInfo::of(config, resolver, r)
            .map(|i| (i.file, i.line, i.pattern))
            .unwrap_or_default();
        let id = self.defs.len() as u32;
        self.defs.push(SharedRuleDef {
            file,
            line,
            pattern,
            teams: teams
                .iter()
                .map(|&t| config.teams[t].name.clone())
                .collect(),
        });
        self.ids.insert(r, id);
        id
    }
}

/// The metrics of the map `config` over `log`.
pub fn measure(
    config: &Config,
    owners: &Owners,
    log: &Log<'_>,
    reference_time: i64,
    teams_only: bool,
) -> Metrics {
    with_input(config, owners, log, reference_time, teams_only, compute)
}
