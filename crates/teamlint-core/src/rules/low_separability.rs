use super::HistoryContext;
use crate::finding::{Finding, RuleId};

/// Below this share of single-team changes a team is not separable.
pub(crate) const THRESHOLD: f64 = 0.8;

pub fn check(cx: &HistoryContext<'_>) -> Vec<Finding> {
    cx.metrics
        .teams
        .iter()
        .filter_map(|t| {
            let s = t.separability?;
            if s >= THRESHOLD {
                return None;
            }
            let mut f = Finding::new(
                RuleId::LowSeparability,
                format!(
                    "team `{}` is {:.0}% separable: {} of its {} changes{} touched another team",
                    t.name,
                    s * 100.0,
                    crate::finding::text::count(t.cross_team),
                    crate::finding::text::count(t.revs),
                    // With `half_life`, a change counts for less as it ages.
                    if cx.config.coupling.half_life.is_some() {
                        " (weighted by age)"
                    } else {
                        ""
                    }
                ),
            )
            .teams([t.name.clone()])
            .help(
                match super::shared_cause_line(cx.metrics, t.shared_cause.as_ref(), t.cross_team) {
                    Some(cause) => format!("{cause}; then see the team's cross-team file pairs"),
                    None => "see the team's cross-team file pairs; `teamlint audit --compare OTHER.toml` tries a new split".to_string(),
                },
            );
            if let Some(team) = cx.config.team(&t.name) {
                f = f.at(cx.config.location(&team.at), format!("{:.0}% separable", s * 100.0));
            }
            Some(f)
        })
        .collect()
}
