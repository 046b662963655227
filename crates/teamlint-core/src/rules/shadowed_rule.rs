use super::Context;
use crate::finding::{Finding, RuleId};

pub fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (fi, file) in cx.config.files.iter().enumerate() {
        for (id, (_, _, p)) in file.patterns().enumerate() {
            if cx.ownership.matched[fi][id] && cx.ownership.won[fi][id] == 0 {
                out.push(
                    Finding::new(
                        RuleId::ShadowedRule,
                        format!(
                            "pattern `{}` matches files but a later or nearer rule wins all of them",
                            p.text.value
                        ),
                    )
                    .subject(p.text.value.clone())
                    .at(cx.config.location(&p.text.at), "never decides an owner")
                    .help("move it after the rules that override it, or remove it"),
                );
            }
        }
    }
    out
}
