use super::{evidence_line, pair_evidence, Group, HistoryContext, Rule};
use crate::finding::{Finding, Severity};

pub const RULE: Rule = Rule {
    name: "undeclared-coupling",
    default: Severity::Error,
    group: Group::History,
    summary: "team pair coupling ≥ `team_threshold` with no `depends_on` either way",
    doc: "## What it does
Reports two teams whose code changes together in at least `team_threshold`
(degree) of their changes, when neither declares `depends_on` the other.
Both teams need `min_revs` changes and the pair `min_shared` shared ones.

## Why is this bad?
Teams that must change together are not separable: each waits on the other,
and nobody owns the result. Coupling is allowed where it is declared, and
then it is a known, managed dependency.

## Example
`payments` and `platform` share 14 of their 40 and 35 changes (degree 37%),
and `[teams.payments]` has no `depends_on = [\"platform\"]`.

## How to fix
Move the code that changes together into one team, or split the interface
so that one side can change alone. If the dependency is intended, declare it
with `depends_on`; the finding's evidence lists the commits to look at.",
};

/// Does a team pair break the rule? (Reports mark the same pairs.)
pub fn violates(p: &crate::metrics::TeamPair, team_threshold: f64, min_shared: u32) -> bool {
    !p.declared && p.scored && p.degree >= team_threshold && p.shared >= f64::from(min_shared)
}

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
        if p.declared
            || !p.scored
            || p.degree < c.team_threshold
            || p.shared < f64::from(c.min_shared)
        {
            continue;
        }
        let ev = pair_evidence(p, revs(&p.a), revs(&p.b));
        let mut f = Finding::new(
            RULE.name,
            format!(
                "teams `{}` and `{}` change together in {:.0}% of their changes, with no `depends_on`",
                p.a,
                p.b,
                p.degree * 100.0
            ),
        )
        .teams([p.a.clone(), p.b.clone()])
        .help(format!(
            "{}. Declare `depends_on = [\"{}\"]` if this is intended, or move the code so each team can change it alone",
            evidence_line(&ev),
            p.b
        ))
        .evidence(ev);
        if let Some(t) = cx.config.team(&p.a) {
            f = f.at(cx.config.location(&t.at), format!("coupled to `{}`", p.b));
        }
        out.push(f);
    }
    out
}
