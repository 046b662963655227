use super::Context;
use crate::finding::{Finding, RuleId};
use crate::ownership::Owner;

pub fn check(cx: &Context<'_>) -> Vec<Finding> {
    let o = cx.ownership;
    o.paths
        .iter()
        .zip(&o.decisions)
        .filter(|(p, d)| d.owner == Owner::Nobody && !cx.resolver.may_be_unowned(p))
        .map(|(p, _)| {
            Finding::new(RuleId::UnownedFile, format!("`{p}` has no owner"))
                .path(p.clone())
                .help("add an [[own]] rule for it, or list it in [settings] unowned")
        })
        .collect()
}
