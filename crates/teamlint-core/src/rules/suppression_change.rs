use crate::baseline::Baseline;
use crate::config::{Config, PatternDef};
use crate::finding::text::{first_few, plural};
use crate::finding::{Finding, Location, RuleId, Severity, Source};

/// Added entries named in the message before the rest are counted.
const SHOWN: usize = 3;

/// What a change may widen: the map and the baseline on both sides. A
/// change that brings the map in has no `before` and is not judged here
/// (adoption brings its baseline with it).
pub struct Suppression<'a> {
    pub before: &'a Config,
    pub after: &'a Config,
    pub baseline_before: Option<&'a Baseline>,
    /// The baseline after the change, with its text (for the lines).
    pub baseline_after: Option<(&'a Baseline, &'a Source)>,
}

pub fn check(s: &Suppression<'_>) -> Vec<Finding> {
    let mut out = levels(s.before, s.after);
    out.extend(patterns(
        s.after,
        &s.before.settings.unowned,
        &s.after.settings.unowned,
        "unowned",
        "may now stay unowned",
    ));
    out.extend(patterns(
        s.after,
        &s.before.settings.exclude,
        &s.after.settings.exclude,
        "exclude",
        "is no longer analysed",
    ));
    out.extend(baseline(s.baseline_before, s.baseline_after));
    out
}

/// A rule allowed, or set below what it was.
fn levels(before: &Config, after: &Config) -> Vec<Finding> {
    let was = crate::rules::Levels::new(Some(before), &[]);
    after
        .rule_levels
        .iter()
        .filter(|(rule, now, _)| *now < was.severity(*rule))
        .map(|(rule, now, at)| {
            let from = was.severity(*rule);
            Finding::new(
                RuleId::SuppressionChange,
                format!("the change lowers `{rule}` from {from} to {now}"),
            )
            .subject(format!("{rule} {from} -> {now}"))
            .at(after.location(at), format!("was {from}"))
            .help(if *now == Severity::Allow {
                "this switches the rule off for every change after this one: have the map's owner review it"
            } else {
                "findings of this rule no longer fail a run: have the map's owner review it"
            })
        })
        .collect()
}

/// Patterns added to a `[settings]` list that hides files from rules.
fn patterns(
    after: &Config,
    before: &[PatternDef],
    now: &[PatternDef],
    key: &str,
    effect: &str,
) -> Vec<Finding> {
    now.iter()
        .filter(|p| !before.iter().any(|b| b.text.value == p.text.value))
        .map(|p| {
            Finding::new(
                RuleId::SuppressionChange,
                format!(
                    "the change adds `{}` to [settings] {key}: what it matches {effect}",
                    p.text.value
                ),
            )
            .subject(format!("{key} {}", p.text.value))
            .at(after.location(&p.text.at), format!("added to {key}"))
            .help(
                "have the map's owner review it; give the files an owner instead if they have one",
            )
        })
        .collect()
}

/// Entries added to the baseline: findings the change hides.
fn baseline(before: Option<&Baseline>, after: Option<(&Baseline, &Source)>) -> Vec<Finding> {
    let Some((after, source)) = after else {
        return Vec::new();
    };
    let added: Vec<&crate::baseline::Entry> = after
        .entries
        .iter()
        .filter(|e| before.is_none_or(|b| !b.entries.contains(*e)))
        .collect();
    if added.is_empty() {
        return Vec::new();
    }
    let name = |e: &crate::baseline::Entry| {
        let what = e
            .path
            .as_deref()
            .or(e.subject.as_deref())
            .unwrap_or_default();
        format!("{} `{what}`", e.rule)
    };
    let named: Vec<String> = added.iter().map(|e| name(e)).collect();
    let mut f = Finding::new(
        RuleId::SuppressionChange,
        format!(
            "the change adds {} to the baseline, so {} a check: {}",
            plural(added.len(), "finding", "findings"),
            if added.len() == 1 {
                "it never fails"
            } else {
                "they never fail"
            },
            first_few(&named, SHOWN, false)
        ),
    )
    .subject("baseline entries added")
    .paths(added.iter().filter_map(|e| e.path.clone()).collect())
    .help("a baseline records what was there before; fix new findings instead of recording them, or have the map's owner review it");
    if let Some(span) = entry_span(&source.text, added[0]) {
        f = f.at(Location::new(source, span), "added here");
    }
    vec![f]
}

/// Where an entry stands in the baseline's text: the line of its path or
/// subject (entries are written one field a line).
fn entry_span(text: &str, e: &crate::baseline::Entry) -> Option<std::ops::Range<usize>> {
    let (key, value) = match (&e.path, &e.subject) {
        (Some(p), _) => ("path", p),
        (None, Some(s)) => ("subject", s),
        _ => return None,
    };
    let needle = format!("\"{key}\": {}", serde_json::to_string(value).ok()?);
    let start = text.find(&needle)?;
    Some(start..start + needle.len())
}
