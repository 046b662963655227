use super::Context;
use crate::finding::{Finding, RuleId};
use crate::ownership::Owner;

pub fn check(cx: &Context<'_>) -> Vec<Finding> {
    let o = cx.ownership;
    o.paths
        .iter()
        .zip(&o.decisions)
        .filter_map(|(p, d)| {
            let Owner::Teams(_) = &d.owner else {
                return None;
            };
            let names = d.owner.names(cx.config);
            let mut f = Finding::new(
                RuleId::SharedOwnership,
                format!("`{p}` is owned by {} teams: {}", names.len(), names.join(", ")),
            )
            .path(p.clone())
            .teams(names)
            .help("two owners is no owner: give the path to one team and declare `depends_on` for the other");
            if let Some(r) = d.rule {
                if let Some(at) = super::pattern_at(cx, r) {
                    f = f.at(at, "this rule names several teams");
                }
            }
            Some(f)
        })
        .collect()
}
