//! The audit's view-model: the orderings and comparisons every audit format
//! shows, decided once so that two formats never disagree.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use teamlint_core::metrics::{FilePair, Metrics, TeamPair, TeamStats};

/// Teams, least separable first; no score ("not enough history") sorts last,
/// since it is not a good score.
pub(crate) fn least_separable(m: &Metrics) -> Vec<&TeamStats> {
    let mut rows: Vec<&TeamStats> = m.teams.iter().collect();
    rows.sort_by(|a, b| match (a.separability, b.separability) {
        (Some(x), Some(y)) => x.total_cmp(&y).then_with(|| a.name.cmp(&b.name)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.name.cmp(&b.name),
    });
    rows
}

/// Team pairs with a shared change, most coupled first.
pub(crate) fn coupled_team_pairs(m: &Metrics) -> Vec<&TeamPair> {
    let mut pairs: Vec<&TeamPair> = m.team_pairs.iter().filter(|p| p.shared > 0.0).collect();
    pairs.sort_by(|a, b| {
        b.degree
            .total_cmp(&a.degree)
            .then_with(|| b.shared.total_cmp(&a.shared))
            .then_with(|| (&a.a, &a.b).cmp(&(&b.a, &b.b)))
    });
    pairs
}

/// File pairs whose files belong to different teams (or one is unowned),
/// most coupled first.
pub(crate) fn cross_team_file_pairs(m: &Metrics) -> Vec<&FilePair> {
    let mut pairs: Vec<&FilePair> = m
        .file_pairs
        .iter()
        .filter(|p| p.a_team != p.b_team)
        .collect();
    pairs.sort_by(|a, b| {
        b.degree
            .total_cmp(&a.degree)
            .then_with(|| b.shared.total_cmp(&a.shared))
            .then_with(|| (&a.a, &a.b).cmp(&(&b.a, &b.b)))
    });
    pairs
}

/// One team under both maps. The outer `None`: no such team in that map;
/// the inner one: not enough history.
pub(crate) struct TeamDelta<'m> {
    pub name: &'m str,
    pub today: Option<Option<f64>>,
    pub proposed: Option<Option<f64>>,
}

/// One team pair under both maps; `None`: a team of the pair does not exist
/// in that map. Pairs without a shared change count as degree 0.
pub(crate) struct PairDelta<'m> {
    pub a: &'m str,
    pub b: &'m str,
    pub today: Option<f64>,
    pub proposed: Option<f64>,
}

/// Every team of either map, by name.
pub(crate) fn team_deltas<'m>(today: &'m Metrics, proposed: &'m Metrics) -> Vec<TeamDelta<'m>> {
    let seps = |m: &'m Metrics| -> BTreeMap<&'m str, Option<f64>> {
        m.teams
            .iter()
            .map(|t| (t.name.as_str(), t.separability))
            .collect()
    };
    let (before, after) = (seps(today), seps(proposed));
    let names: BTreeSet<&str> = before.keys().chain(after.keys()).copied().collect();
    names
        .into_iter()
        .map(|name| TeamDelta {
            name,
            today: before.get(name).copied(),
            proposed: after.get(name).copied(),
        })
        .collect()
}

/// Every pair with a shared change under either map, most coupled first.
pub(crate) fn pair_deltas<'m>(today: &'m Metrics, proposed: &'m Metrics) -> Vec<PairDelta<'m>> {
    let degrees = |m: &'m Metrics| -> BTreeMap<(&'m str, &'m str), f64> {
        m.team_pairs
            .iter()
            .filter(|p| p.shared > 0.0)
            .map(|p| (key(&p.a, &p.b), finite(p.degree)))
            .collect()
    };
    let names =
        |m: &'m Metrics| -> BTreeSet<&'m str> { m.teams.iter().map(|t| t.name.as_str()).collect() };
    let (before, after) = (degrees(today), degrees(proposed));
    let (teams_before, teams_after) = (names(today), names(proposed));
    let keys: BTreeSet<(&str, &str)> = before.keys().chain(after.keys()).copied().collect();
    let value = |degrees: &BTreeMap<(&str, &str), f64>, teams: &BTreeSet<&str>, k| {
        let (a, b) = k;
        (teams.contains(a) && teams.contains(b)).then(|| degrees.get(&k).copied().unwrap_or(0.0))
    };
    let mut rows: Vec<PairDelta<'m>> = keys
        .into_iter()
        .map(|k| PairDelta {
            a: k.0,
            b: k.1,
            today: value(&before, &teams_before, k),
            proposed: value(&after, &teams_after, k),
        })
        .collect();
    let peak = |r: &PairDelta<'_>| r.today.unwrap_or(0.0).max(r.proposed.unwrap_or(0.0));
    rows.sort_by(|x, y| {
        peak(y)
            .total_cmp(&peak(x))
            .then_with(|| (x.a, x.b).cmp(&(y.a, y.b)))
    });
    rows
}

/// A team pair as an unordered key.
pub fn key<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

/// A figure to draw or sort by: NaN and infinities count as zero.
pub(crate) fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        0.0
    }
}
