use std::collections::HashMap;

use crate::config::Config;
use crate::finding::{Finding, RuleId};
use crate::metrics::Change;
use crate::ownership::Resolver;

/// One historical partner of a changed file.
pub struct Partner {
    pub file: String,
    pub file_team: String,
    pub other: String,
    pub other_team: String,
    pub revs: u32,
    pub shared: u32,
}

/// The files of other teams that `changed` files have changed with, over
/// `changes` (whose ids name `paths`).
pub fn partners(
    config: &Config,
    resolver: &Resolver,
    changes: &[Change],
    paths: &[String],
    changed: &[&str],
) -> Vec<Partner> {
    let ids: HashMap<&str, u32> = paths
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i as u32))
        .collect();
    let team_of = |p: &str| -> Option<usize> { resolver.resolve(p).owner.team() };
    let targets: Vec<u32> = changed.iter().filter_map(|p| ids.get(p).copied()).collect();
    let mut out = Vec::new();
    for (f, g, revs, shared) in crate::metrics::cochanges(changes, &targets) {
        let (fp, gp) = (&paths[f as usize], &paths[g as usize]);
        let (Some(ft), Some(gt)) = (team_of(fp), team_of(gp)) else {
            continue;
        };
        if ft != gt {
            out.push(Partner {
                file: fp.clone(),
                file_team: config.teams[ft].name.clone(),
                other: gp.clone(),
                other_team: config.teams[gt].name.clone(),
                revs,
                shared,
            });
        }
    }
    out
}

pub fn check(config: &Config, partners: &[Partner]) -> Vec<Finding> {
    let min_shared = config.coupling.min_shared.max(1);
    partners
        .iter()
        .filter(|p| p.shared >= min_shared && f64::from(p.shared) / f64::from(p.revs.max(1)) >= 0.5)
        .map(|p| {
            Finding::new(
                RuleId::MissingCochange,
                format!(
                    "`{}` changed with `{}` ({}) in {} of its {} changes; this change leaves it alone",
                    p.file, p.other, p.other_team, p.shared, p.revs
                ),
            )
            .path(p.file.clone())
            .paths(vec![p.file.clone(), p.other.clone()])
            .teams([p.file_team.clone(), p.other_team.clone()])
            .help(format!(
                "does `{}` need this change too? tell `{}`, or declare the dependency",
                p.other, p.other_team
            ))
        })
        .collect()
}
