use super::Context;
use crate::finding::{Finding, RuleId};

pub fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut owns = vec![false; cx.config.teams.len()];
    for d in &cx.ownership.decisions {
        for &t in d.owner.team_ids() {
            owns[t] = true;
        }
    }
    cx.config
        .teams
        .iter()
        .zip(owns)
        .filter(|(t, owns)| t.declared && !owns)
        .map(|(t, _)| {
            Finding::new(
                RuleId::TeamOwnsNothing,
                format!("team `{}` owns no file", t.name),
            )
            .teams([t.name.clone()])
            .at(cx.config.location(&t.at), "owns nothing")
            .help("give it paths in an [[own]] rule, or remove the team")
        })
        .collect()
}
