use super::HistoryContext;
use crate::finding::{Finding, RuleId};

pub fn check(cx: &HistoryContext<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    if cx.metrics.changes == 0 {
        return out;
    }
    for team in &cx.config.teams {
        for dep in &team.depends_on {
            let shared = cx
                .metrics
                .team_pairs
                .iter()
                .find(|p| {
                    (p.a == team.name && p.b == dep.value) || (p.b == team.name && p.a == dep.value)
                })
                .map_or(0.0, |p| p.shared);
            if shared == 0.0 {
                out.push(
                    Finding::new(
                        RuleId::UnusedDependency,
                        format!(
                            "`{}` depends on `{}`, but no change touched both",
                            team.name, dep.value
                        ),
                    )
                    .teams([team.name.clone(), dep.value.clone()])
                    .at(
                        cx.config.location(&dep.at),
                        "no shared change in the window",
                    )
                    .help("remove the dependency, or audit a longer window with --since"),
                );
            }
        }
    }
    out
}
