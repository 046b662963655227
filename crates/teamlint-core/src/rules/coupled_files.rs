use super::{evidence_line, HistoryContext};
use crate::finding::{Evidence, Finding, RuleId};

pub fn check(cx: &HistoryContext<'_>) -> Vec<Finding> {
    cx.metrics
        .file_pairs
        .iter()
        .map(|p| {
            let ev = Evidence {
                revs_a: p.revs_a,
                revs_b: p.revs_b,
                shared: p.shared,
                degree: p.degree,
                confidence_ab: p.confidence_ab,
                confidence_ba: p.confidence_ba,
                commits: p.commits.clone(),
            };
            let teams: Vec<String> = p.a_team.iter().chain(&p.b_team).cloned().collect();
            Finding::new(
                RuleId::CoupledFiles,
                format!(
                    "`{}` and `{}` ({}) change together ({:.0}%)",
                    p.a,
                    p.b,
                    teams.join(" / "),
                    p.degree * 100.0
                ),
            )
            .path(p.a.clone())
            .paths(vec![p.a.clone(), p.b.clone()])
            .teams(teams)
            .help(evidence_line(&ev))
            .evidence(ev)
        })
        .collect()
}
