//! Lint rules: each is a pure function from what teamlint read to findings.
//!
//! One file per rule, each with its name, default severity and doc. The
//! config rules (`invalid-config`, `invalid-pattern`, `unknown-team`) are
//! raised while the config is read; the others run here.

pub mod codeowners_drift;
mod coupled_files;
mod cross_team_change;
mod dead_pattern;
mod leader_of_many;
mod low_separability;
pub mod missing_cochange;
mod missing_leader;
mod ownership_change;
mod ownership_mismatch;
mod shadowed_rule;
mod shared_ownership;
pub mod suppression_change;
mod team_owns_nothing;
mod undeclared_coupling;
mod unfocused_leader;
mod unowned_file;
mod unused_dependency;

use crate::config::Config;
use crate::finding::{Finding, RuleId, Severity};
use crate::ownership::{Ownership, Resolver};

/// What the ownership rules look at.
pub struct Context<'a> {
    pub config: &'a Config,
    pub resolver: &'a Resolver,
    pub ownership: &'a Ownership,
}

/// Runs every ownership rule.
pub fn ownership(cx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(unowned_file::check(cx));
    out.extend(shared_ownership::check(cx));
    out.extend(missing_leader::check(cx.config));
    out.extend(leader_of_many::check(cx.config));
    out.extend(dead_pattern::check(cx));
    out.extend(shadowed_rule::check(cx));
    out.extend(team_owns_nothing::check(cx));
    out
}

/// A file whose owner a change moves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    pub path: String,
    pub before: Vec<String>,
    pub after: Vec<String>,
    /// The rule that decides the file after the change: where the move is
    /// made (or, when a rule was removed, the one that now decides).
    pub rule: Option<crate::ownership::RuleRef>,
}

/// Files whose owner moves from one team to another between the maps
/// before and after the change, over the paths both sides hold (`before`:
/// the base's map and its paths, sorted; `None` when it had no map).
pub fn moves(
    after: &Config,
    after_resolver: &Resolver,
    tracked: &[String],
    before: Option<(&Config, &Resolver)>,
    before_paths: &[String],
) -> Vec<Move> {
    // A map that did not exist (or did not load) before owned nothing, so
    // nothing moves from a team.
    let Some((before, before_resolver)) = before else {
        return Vec::new();
    };
    let names = |c: &Config, d: &crate::ownership::Decision| -> Vec<String> {
        d.owner.names(c).into_iter().map(String::from).collect()
    };
    let after_all = after_resolver.resolve_all(tracked.to_vec());
    let before_all = before_resolver.resolve_all(tracked.to_vec());
    let mut moves = Vec::new();
    for (i, path) in after_all.paths.iter().enumerate() {
        let d = &after_all.decisions[i];
        let now = names(after, d);
        let was = names(before, &before_all.decisions[i]);
        // New files get an owner, and a file nobody owned gets one: neither
        // moves from one team to another (unowned-file speaks of the rest).
        if was != now
            && !was.is_empty()
            && !now.is_empty()
            && before_paths.binary_search(path).is_ok()
        {
            moves.push(Move {
                path: path.clone(),
                before: was,
                after: now,
                rule: d.rule,
            });
        }
    }
    moves
}

/// What the change rules look at: the change's paths with their owners
/// after the change.
pub struct ChangeContext<'a> {
    pub config: &'a Config,
    pub resolver: &'a Resolver,
    /// (path, owning team after the change: none for an unowned file or one
    /// of a shared rule); deleted paths resolve under the new map too.
    pub paths: &'a [(String, Vec<usize>)],
    /// Files whose owner the change moves.
    pub moves: &'a [Move],
}

pub fn change(cx: &ChangeContext<'_>) -> Vec<Finding> {
    let mut out = cross_team_change::check(cx);
    out.extend(ownership_change::check(cx));
    out
}

/// What the history rules look at.
pub struct HistoryContext<'a> {
    pub config: &'a Config,
    pub metrics: &'a crate::metrics::Metrics,
}

/// Runs every history rule.
pub fn history(cx: &HistoryContext<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(undeclared_coupling::check(cx));
    out.extend(coupled_files::check(cx));
    out.extend(unused_dependency::check(cx));
    out.extend(low_separability::check(cx));
    out.extend(ownership_mismatch::check(cx));
    out.extend(unfocused_leader::check(cx));
    out
}

/// "most of these changes (12 of 20) also touch `contrib/` (OWNERS.toml:40),
/// which gives its files to teams a and b: give them to one team", when a
/// shared rule is where most of `cross` changes meet.
pub(crate) fn shared_cause_line(
    metrics: &crate::metrics::Metrics,
    cause: Option<&crate::metrics::SharedCause>,
    cross: f64,
) -> Option<String> {
    let c = cause?;
    let rule = &metrics.shared_rules.get(c.rule)?.rule;
    if cross <= 0.0 || c.changes * 2.0 < cross {
        return None;
    }
    Some(format!(
        "{} of these {} changes also touch files of the shared rule `{}` ({}:{}, teams {}): two owners is no owner; give those files to one team",
        crate::finding::text::count(c.changes),
        crate::finding::text::count(cross),
        rule.pattern,
        rule.file,
        rule.line,
        rule.teams.join(", ")
    ))
}

/// A team pair's evidence, for a finding.
pub(crate) fn pair_evidence(
    p: &crate::metrics::TeamPair,
    revs_a: f64,
    revs_b: f64,
) -> crate::finding::Evidence {
    crate::finding::Evidence {
        revs_a,
        revs_b,
        shared: p.shared,
        degree: p.degree,
        confidence_ab: p.confidence_ab,
        confidence_ba: p.confidence_ba,
        commits: p.commits.clone(),
    }
}

/// "3 shared changes of 10 and 12 (30%); latest: abc1234 2025-01-02 subject"
pub(crate) fn evidence_line(e: &crate::finding::Evidence) -> String {
    let mut s = format!(
        "{} shared of {} and {} changes; confidence {:.0}% and {:.0}%",
        crate::finding::text::count(e.shared),
        crate::finding::text::count(e.revs_a),
        crate::finding::text::count(e.revs_b),
        e.confidence_ab * 100.0,
        e.confidence_ba * 100.0
    );
    if !e.commits.is_empty() {
        let list: Vec<String> = e
            .commits
            .iter()
            .map(|c| format!("{} {} {}", c.id, c.date, c.subject))
            .collect();
        s.push_str("; latest: ");
        s.push_str(&list.join("; "));
    }
    s
}

/// Severity overrides: `[rules]` in the config, then `-D/-W/-A` flags;
/// the last one that names a rule (or `all`) wins, as in rustc and clippy.
#[derive(Clone, Debug, Default)]
pub struct Levels {
    /// `None` stands for `all`.
    levels: Vec<(Option<RuleId>, Severity)>,
}

impl Levels {
    pub fn new(config: Option<&Config>, flags: &[(Option<RuleId>, Severity)]) -> Levels {
        let mut levels = Vec::new();
        if let Some(c) = config {
            levels.extend(c.rule_levels.iter().map(|(r, s, _)| (Some(*r), *s)));
        }
        levels.extend(flags.iter().copied());
        Levels { levels }
    }

    pub fn severity(&self, rule: RuleId) -> Severity {
        self.levels
            .iter()
            .rev()
            .find(|(r, _)| r.is_none_or(|r| r == rule))
            .map_or(rule.default_severity(), |(_, s)| *s)
    }

    pub fn is_enabled(&self, rule: RuleId) -> bool {
        self.severity(rule) != Severity::Allow
    }

    /// Applies the overrides and drops allowed findings. Config errors stay
    /// errors: a broken config cannot be allowed.
    pub fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter_map(|mut f| {
                if !f.rule.is_fixed() {
                    f.severity = self.severity(f.rule);
                }
                (f.severity != Severity::Allow).then_some(f)
            })
            .collect()
    }
}

/// The text of the pattern a rule reference names (`None` for a file's
/// `team =` default).
pub(crate) fn pattern_text(cx: &Context<'_>, r: crate::ownership::RuleRef) -> Option<String> {
    let file = cx.config.files.get(r.file as usize)?;
    let (rule, idx) = cx.resolver.place(r)?;
    Some(file.rules.get(rule)?.patterns.get(idx)?.text.value.clone())
}

/// The location of a pattern, for a rule reference.
pub(crate) fn pattern_at(
    cx: &Context<'_>,
    r: crate::ownership::RuleRef,
) -> Option<crate::finding::Location> {
    pattern_location(cx.config, cx.resolver, r)
}

pub(crate) fn pattern_location(
    config: &Config,
    resolver: &Resolver,
    r: crate::ownership::RuleRef,
) -> Option<crate::finding::Location> {
    let file = config.files.get(r.file as usize)?;
    if r.is_default() {
        return file.default_team.as_ref().map(|t| config.location(&t.at));
    }
    let (rule, idx) = resolver.place(r)?;
    let p = file.rules.get(rule)?.patterns.get(idx)?;
    Some(config.location(&p.text.at))
}
