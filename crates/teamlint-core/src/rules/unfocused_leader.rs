use super::HistoryContext;
use crate::finding::text::count;
use crate::finding::{Finding, RuleId};

/// A leader whose own team gets fewer than this share of their changes is
/// not single-threaded.
pub(crate) const THRESHOLD: f64 = 0.5;

/// Teams listed in a finding's evidence.
const SHOWN: usize = 4;

pub fn check(cx: &HistoryContext<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for t in &cx.metrics.teams {
        let Some(focus) = t.people.leader_focus else {
            continue;
        };
        if focus >= THRESHOLD {
            continue;
        }
        let Some(team) = cx.config.team(&t.name) else {
            continue;
        };
        let Some(leader) = &team.leader else {
            continue;
        };
        let by: Vec<String> = t
            .people
            .leader_by_team
            .iter()
            .take(SHOWN)
            .map(|(name, w)| format!("`{name}` {}", count(*w)))
            .collect();
        let more = t.people.leader_by_team.len().saturating_sub(SHOWN);
        let mut evidence = by.join(", ");
        if more > 0 {
            evidence.push_str(&format!(" and {more} more"));
        }
        out.push(
            Finding::new(
                RuleId::UnfocusedLeader,
                format!(
                    "`{}`'s leader {} is {:.0}% focused: {} of {} changes touched only `{}`'s code",
                    t.name,
                    leader.value,
                    focus * 100.0,
                    count(focus * t.people.leader_changes),
                    count(t.people.leader_changes),
                    t.name
                ),
            )
            .teams([t.name.clone()])
            .at(cx.config.location(&leader.at), format!("{:.0}% focused", focus * 100.0))
            .help(format!(
                "the leader's changes by team: {evidence}; give the leader one team's work, or name the person who does it"
            )),
        );
    }
    out
}
