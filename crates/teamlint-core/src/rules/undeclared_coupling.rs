use super::{evidence_line, pair_evidence, HistoryContext};
use crate::finding::{Finding, RuleId};

pub fn check(cx: &HistoryContext<'_>) -> Vec<Finding> {
    let c = &cx.config.coupling;
    let revs = |name: &str| {
        cx.metrics
            .teams
            .iter()
            .find(|t| t.name == name)
            .map_or(0.0, |t| t.revs)
    };
    let mut out = Vec::new();
    for p in &cx.metrics.team_pairs {
        if !p.is_undeclared_coupling(c.team_threshold, c.min_shared) {
            continue;
        }
        let ev = pair_evidence(p, revs(&p.a), revs(&p.b));
        let mut f = Finding::new(
            RuleId::UndeclaredCoupling,
            format!(
                "teams `{}` and `{}` change together in {:.0}% of their changes, with no `depends_on`",
                p.a,
                p.b,
                p.degree * 100.0
            ),
        )
        .teams([p.a.clone(), p.b.clone()])
        .help(
            match super::shared_cause_line(cx.metrics, p.shared_cause.as_ref(), p.shared) {
                Some(cause) => format!("{}. {cause}", evidence_line(&ev)),
                None => format!(
                    "{}. Declare `depends_on = [\"{}\"]` if this is intended, or move the code so each team can change it alone",
                    evidence_line(&ev),
                    p.b
                ),
            },
        )
        .evidence(ev);
        if let Some(t) = cx.config.team(&p.a) {
            f = f.at(cx.config.location(&t.at), format!("coupled to `{}`", p.b));
        }
        out.push(f);
    }
    out
}
