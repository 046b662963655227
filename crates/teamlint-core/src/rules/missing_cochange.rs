use std::collections::HashMap;

use crate::config::Config;
use crate::finding::{CommitRef, Evidence, Finding, RuleId};
use crate::metrics::Change;
use crate::ownership::Resolver;

/// Partners reported per changed file, the most confident first: past a
/// few, a file is coupled to a whole area and a list helps nobody.
const MAX_PER_FILE: usize = 3;
/// Commits that carried a coupling, shown as its evidence.
const EVIDENCE_COMMITS: usize = 3;

/// One historical partner of a changed file.
pub struct Partner {
    pub file: String,
    pub file_team: String,
    pub other: String,
    pub other_team: String,
    pub revs: u32,
    /// Changes of the partner.
    pub other_revs: u32,
    pub shared: u32,
    /// The changes both were in, newest first (indices into the changes).
    pub commits: Vec<usize>,
}

/// The files of other teams that `changed` files have changed with, over
/// `changes` (whose ids name `paths`), that still exist (`exists`), with
/// the changes that carried each pair.
pub fn partners(
    config: &Config,
    resolver: &Resolver,
    changes: &[Change],
    paths: &[String],
    changed: &[&str],
    exists: &dyn Fn(&str) -> bool,
) -> Vec<Partner> {
    let ids: HashMap<&str, u32> = paths
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i as u32))
        .collect();
    let team_of = |p: &str| -> Option<usize> { resolver.resolve(p).owner.team() };
    let targets: Vec<u32> = changed.iter().filter_map(|p| ids.get(p).copied()).collect();
    let c = &config.coupling;
    let min_shared = c.min_shared.max(1);
    let mut out = Vec::new();
    for (f, g, revs, shared) in crate::metrics::cochanges(changes, &targets) {
        // Noise: too little history on either side to mean anything, or a
        // partner that is not there to change any more.
        if shared < min_shared || f64::from(shared) / f64::from(revs.max(1)) < 0.5 {
            continue;
        }
        let (fp, gp) = (&paths[f as usize], &paths[g as usize]);
        let (Some(ft), Some(gt)) = (team_of(fp), team_of(gp)) else {
            continue;
        };
        if ft == gt || revs < c.min_revs || !exists(gp) {
            continue;
        }
        out.push((
            (f, g),
            Partner {
                file: fp.clone(),
                file_team: config.teams[ft].name.clone(),
                other: gp.clone(),
                other_team: config.teams[gt].name.clone(),
                revs,
                other_revs: 0,
                shared,
                commits: Vec::new(),
            },
        ));
    }
    // The most confident partners of each file, then by name.
    out.sort_by(|(_, a), (_, b)| {
        a.file.cmp(&b.file).then_with(|| {
            let (ca, cb) = (confidence(a), confidence(b));
            cb.total_cmp(&ca).then_with(|| a.other.cmp(&b.other))
        })
    });
    let mut per_file: HashMap<String, usize> = HashMap::new();
    out.retain(|(_, p)| {
        let n = per_file.entry(p.file.clone()).or_default();
        *n += 1;
        *n <= MAX_PER_FILE
    });
    // The evidence of what is reported, in one pass over the history.
    let mut partners_of: HashMap<u32, u32> = HashMap::new();
    for ((_, g), _) in &out {
        partners_of.insert(*g, 0);
    }
    for (i, ch) in changes.iter().enumerate() {
        for g in &ch.files {
            if let Some(n) = partners_of.get_mut(g) {
                *n += 1;
            }
        }
        for ((f, g), p) in out.iter_mut() {
            if p.commits.len() < EVIDENCE_COMMITS && ch.files.contains(f) && ch.files.contains(g) {
                p.commits.push(i);
            }
        }
    }
    out.into_iter()
        .map(|((_, g), mut p)| {
            p.other_revs = partners_of.get(&g).copied().unwrap_or(0);
            p
        })
        .collect()
}

fn confidence(p: &Partner) -> f64 {
    f64::from(p.shared) / f64::from(p.revs.max(1))
}

/// The findings, with each partner's commits as `commit(i)` gives them.
pub fn check(partners: &[Partner], commit: &dyn Fn(usize) -> Option<CommitRef>) -> Vec<Finding> {
    partners
        .iter()
        .map(|p| {
            let evidence = Evidence {
                revs_a: f64::from(p.revs),
                revs_b: f64::from(p.other_revs),
                shared: f64::from(p.shared),
                degree: crate::metrics::degree(
                    f64::from(p.shared),
                    f64::from(p.revs),
                    f64::from(p.other_revs),
                ),
                confidence_ab: confidence(p),
                confidence_ba: crate::metrics::confidence(
                    f64::from(p.shared),
                    f64::from(p.other_revs),
                ),
                commits: p.commits.iter().filter_map(|&i| commit(i)).collect(),
            };
            Finding::new(
                RuleId::MissingCochange,
                format!(
                    "`{}` changed with `{}` ({}) in {} of its {} changes; this change leaves it alone",
                    p.file, p.other, p.other_team, p.shared, p.revs
                ),
            )
            .path(p.file.clone())
            .subject(p.other.clone())
            .paths(vec![p.file.clone(), p.other.clone()])
            .teams([p.file_team.clone(), p.other_team.clone()])
            .help(format!(
                "does `{}` need this change too? tell `{}`, or declare the dependency. {}",
                p.other,
                p.other_team,
                super::evidence_line(&evidence)
            ))
            .evidence(evidence)
        })
        .collect()
}
