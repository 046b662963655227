use super::HistoryContext;
use crate::finding::{Finding, RuleId};

pub fn check(cx: &HistoryContext<'_>) -> Vec<Finding> {
    let min = f64::from(cx.config.coupling.min_revs);
    let mut out = Vec::new();
    for t in &cx.metrics.teams {
        if t.revs < min || t.revs <= 0.0 {
            continue;
        }
        let Some((other, w)) = t
            .authors_by_team
            .iter()
            .find(|(name, _)| !name.is_empty() && *name != t.name)
        else {
            continue;
        };
        if *w / t.revs <= 0.5 || *w < min {
            continue;
        }
        let mut f = Finding::new(
            RuleId::OwnershipMismatch,
            format!(
                "{:.0}% of the changes to `{}`'s files come from members of `{}`",
                w / t.revs * 100.0,
                t.name,
                other
            ),
        )
        .teams([t.name.clone(), other.clone()])
        .help(format!(
            "{} of {} changes; move the paths to `{other}`, or the people to `{}`",
            crate::finding::text::count(*w),
            crate::finding::text::count(t.revs),
            t.name
        ));
        if let Some(team) = cx.config.team(&t.name) {
            f = f.at(
                cx.config.location(&team.at),
                format!("mostly changed by `{other}`"),
            );
        }
        out.push(f);
    }
    out
}
