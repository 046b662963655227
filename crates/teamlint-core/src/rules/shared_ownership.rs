use rustc_hash::FxHashMap as HashMap;

use super::Context;
use crate::finding::text::{first_few, plural};
use crate::finding::{Finding, RuleId};
use crate::ownership::{Owner, RuleRef};

/// Files named in the message before the rest are counted.
const SHOWN: usize = 3;

/// One finding per rule that gives its files to several teams: the rule is
/// the problem, so a file added under it later is the same finding.
pub fn check(cx: &Context<'_>) -> Vec<Finding> {
    let o = cx.ownership;
    let mut order: Vec<RuleRef> = Vec::new();
    let mut files: HashMap<RuleRef, Vec<usize>> = HashMap::default();
    for (i, d) in o.decisions.iter().enumerate() {
        let (Owner::Teams(_), Some(r)) = (&d.owner, d.rule) else {
            continue;
        };
        files
            .entry(r)
            .or_insert_with(|| {
                order.push(r);
                Vec::new()
            })
            .push(i);
    }
    order
        .into_iter()
        .filter_map(|r| {
            let ids = files.remove(&r)?;
            let names = o.decisions[ids[0]].owner.names(cx.config);
            let paths: Vec<&str> = ids.iter().map(|&i| o.paths[i].as_str()).collect();
            let pattern = super::pattern_text(cx, r).unwrap_or_default();
            let mut f = Finding::new(
                RuleId::SharedOwnership,
                format!(
                    "`{pattern}` gives {} to {} teams ({}): {}",
                    plural(paths.len(), "file", "files"),
                    names.len(),
                    names.join(", "),
                    first_few(&paths, SHOWN, true)
                ),
            )
            .subject(pattern)
            .teams(names.iter().copied())
            .paths(paths.iter().map(|p| p.to_string()).collect())
            .help(format!(
                "two owners is no owner: give these files to one team (`team = \"{}\"`) and declare `depends_on` for the other{}",
                names.first().copied().unwrap_or_default(),
                if names.len() > 2 { "s" } else { "" }
            ));
            if let Some(at) = super::pattern_at(cx, r) {
                f = f.at(at, "this rule names several teams");
            }
            Some(f)
        })
        .collect()
}
