use super::Context;
use crate::finding::{Finding, RuleId};

pub fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (fi, file) in cx.config.files.iter().enumerate() {
        for (id, (_, _, p)) in file.patterns().enumerate() {
            if !cx.ownership.matched[fi][id] {
                out.push(dead(cx, p));
            }
        }
    }
    for p in &cx.config.settings.unowned {
        let set = crate::pattern::PatternSet::new([&p.compiled]);
        if !cx.ownership.paths.iter().any(|path| set.is_match(path)) {
            out.push(dead(cx, p));
        }
    }
    out
}

fn dead(cx: &Context<'_>, p: &crate::config::PatternDef) -> Finding {
    Finding::new(
        RuleId::DeadPattern,
        format!("pattern `{}` matches no tracked file", p.text.value),
    )
    .at(cx.config.location(&p.text.at), "matches nothing")
    .help("fix or remove it; did the directory move?")
}
