use crate::config::Config;
use crate::finding::{Finding, RuleId};

/// One historical partner of a changed file.
pub struct Partner {
    pub file: String,
    pub file_team: String,
    pub other: String,
    pub other_team: String,
    pub revs: u32,
    pub shared: u32,
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
