//! The metrics of one ownership map over the scanned history, computed the
//! same way for every command that shows them (`audit`, `suggest`, `init
//! --from-history`): one figure, one engine.

use std::collections::HashMap;

use crate::config::{Config, Team, Text};
use crate::history::Scan;
use crate::metrics::{self, Change, Input, Metrics, Owners};
use crate::ownership::Resolver;

/// Builds the metrics input for one ownership map and hands it to `f`.
pub fn with_input<T>(
    config: &Config,
    owners: &Owners,
    scan: &Scan,
    changes: &[Change],
    reference_time: i64,
    teams_only: bool,
    f: impl FnOnce(&Input<'_>) -> T,
) -> T {
    let names: Vec<String> = config.teams.iter().map(|t| t.name.clone()).collect();
    let declared = |a: usize, b: usize| {
        let (ta, tb) = (&config.teams[a], &config.teams[b]);
        ta.depends_on.iter().any(|d| d.value == tb.name)
            || tb.depends_on.iter().any(|d| d.value == ta.name)
    };
    let people = people_index(config, |t| t.leader.iter().chain(&t.members));
    let leaders = people_index(config, |t| t.leader.iter());
    let author_teams: Vec<Option<usize>> = scan
        .authors
        .iter()
        .map(|email| author_team(&people, email))
        .collect();
    let author_leads: Vec<Option<usize>> = scan
        .authors
        .iter()
        .map(|email| author_team(&leaders, email))
        .collect();
    f(&Input {
        changes,
        paths: &scan.paths,
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
/// The scan's paths are sorted, as the sweep needs them.
pub fn owners(resolver: &Resolver, scan: &Scan, changes: &[Change]) -> Owners {
    let mut used = vec![false; scan.paths.len()];
    for c in changes {
        for &f in &c.files {
            used[f as usize] = true;
        }
    }
    let mut wanted: Vec<&str> = Vec::with_capacity(scan.paths.len());
    wanted.extend(
        scan.paths
            .iter()
            .zip(&used)
            .filter(|(_, &u)| u)
            .map(|(p, _)| p.as_str()),
    );
    let decided = resolver.decide_all(&wanted);
    let mut next = decided.iter();
    Owners::new(used.iter().map(|&u| match u {
        true => next.next().map_or(&[][..], |d| d.owner.team_ids()),
        false => &[],
    }))
}

pub fn measure(
    config: &Config,
    owners: &Owners,
    scan: &Scan,
    changes: &[Change],
    reference_time: i64,
    teams_only: bool,
) -> Metrics {
    with_input(
        config,
        owners,
        scan,
        changes,
        reference_time,
        teams_only,
        metrics::compute,
    )
}

/// Every person `named` in a team (lower-cased, without `@`), to their
/// team (the first that names them).
pub fn people_index<'c, I: Iterator<Item = &'c Text>>(
    config: &'c Config,
    named: impl Fn(&'c Team) -> I,
) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for (i, t) in config.teams.iter().enumerate() {
        for p in named(t) {
            m.entry(p.value.trim_start_matches('@').to_lowercase())
                .or_insert(i);
        }
    }
    m
}

/// An author email's team: the email itself, or the handle in a GitHub
/// noreply address (`123+carol@users.noreply.github.com` is `carol`).
pub fn author_team(people: &HashMap<String, usize>, email: &str) -> Option<usize> {
    let email = email.to_lowercase();
    if let Some(&t) = people.get(&email) {
        return Some(t);
    }
    let local = email.strip_suffix("@users.noreply.github.com")?;
    let handle = local.split_once('+').map_or(local, |(_, h)| h);
    people.get(handle).copied()
}
