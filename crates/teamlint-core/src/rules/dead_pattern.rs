use super::Context;
use crate::finding::{Finding, RuleId};

pub fn check(cx: &Context<'_>) -> Vec<Finding> {
    // The map's own files are there before they are committed (`init`
    // writes them, and the rule that gives them an owner comes with them).
    let own: Vec<&str> = cx
        .config
        .sources
        .iter()
        .map(|s| s.path.as_str())
        .chain([crate::baseline::FILE_NAME])
        .collect();
    let mut out = Vec::new();
    for (fi, file) in cx.config.files.iter().enumerate() {
        for (id, (_, _, p)) in file.patterns().enumerate() {
            if !cx.ownership.matched[fi][id] && !matches_own(cx, fi, p, &own) {
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

/// Does the pattern (of config file `fi`, relative to its directory)
/// match one of the map's own files?
fn matches_own(cx: &Context<'_>, fi: usize, p: &crate::config::PatternDef, own: &[&str]) -> bool {
    let dir = cx.config.files[fi].dir.as_str();
    let set = crate::pattern::PatternSet::new([&p.compiled]);
    own.iter().any(|path| {
        let rel = match dir {
            "" => Some(*path),
            d => path.strip_prefix(d).and_then(|r| r.strip_prefix('/')),
        };
        rel.is_some_and(|r| set.is_match(r))
    })
}

fn dead(cx: &Context<'_>, p: &crate::config::PatternDef) -> Finding {
    Finding::new(
        RuleId::DeadPattern,
        format!("pattern `{}` matches no tracked file", p.text.value),
    )
    .subject(p.text.value.clone())
    .at(cx.config.location(&p.text.at), "matches nothing")
    .help("fix or remove it; did the directory move?")
}
