//! The audit for a terminal: the team coupling matrix, the least separable
//! teams, the top cross-team file pairs, what was skipped, and findings.

use std::fmt::Write as _;

use super::lead;
use crate::{AuditReport, CheckReport, Style};
use teamlint_core::finding::text::{self, count, percent, printable};

const TOP_FILE_PAIRS: usize = 15;
const MAX_MATRIX_TEAMS: usize = 16;
/// Team names are cut past this, in tables (the JSON report has them whole).
const MAX_NAME: usize = 40;

fn bold(style: &Style, s: &str) -> String {
    if style.color {
        format!("\x1b[1m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

pub fn render(doc: &AuditReport<'_>, style: &Style) -> String {
    if style.quiet {
        return crate::human::concise(doc.findings, style);
    }
    let mut out = String::new();
    let m = doc.metrics;
    let w = &doc.window;
    let _ = writeln!(
        out,
        "{}",
        bold(style, &format!("teamlint audit: {}", printable(&doc.repo)))
    );
    let span = match (&w.first, &w.last) {
        (Some(a), Some(b)) => format!("{a} .. {b}"),
        _ => "no changes".into(),
    };
    let _ = writeln!(
        out,
        "window: {span}; {} changes counted, {} bulk skipped (> max_changeset), {} by ignored authors, {} unreadable",
        w.changes, w.skipped_large, w.skipped_authors, w.skipped_missing
    );
    let _ = writeln!(out, "repository separability: {}", percent(m.separability));
    if let Some(lt) = doc.lead_time {
        let _ = writeln!(out, "time to value: {}", lead::summary(lt));
    }
    out.push('\n');

    // Teams, least separable first.
    let teams: Vec<_> = super::model::least_separable(m)
        .into_iter()
        .filter(|t| t.revs > 0.0)
        .collect();
    if !teams.is_empty() {
        let width = teams.iter().map(|t| t.name.len()).max().unwrap_or(4).max(4);
        let _ = writeln!(out, "{}", bold(style, "teams, least separable first"));
        let _ = writeln!(
            out,
            "  {:width$}  {:>8}  {:>12}  {:>12}  {:>12}  {:>9}",
            "team", "changes", "cross-team", "separability", "leader focus", "cohesion"
        );
        for t in &teams {
            let sep = match t.separability {
                Some(_) => percent(t.separability),
                None => format!("< {} changes", doc.min_revs),
            };
            let people = |x: Option<f64>| x.map_or_else(|| "—".to_string(), |_| percent(x));
            let _ = writeln!(
                out,
                "  {:width$}  {:>8}  {:>12}  {:>12}  {:>12}  {:>9}",
                printable(&t.name),
                count(t.revs),
                count(t.cross_team),
                sep,
                people(t.people.leader_focus),
                people(t.people.cohesion)
            );
        }
        out.push('\n');
    }

    shared_rules(&mut out, m, style);
    matrix(&mut out, doc, style);
    if let Some(lt) = doc.lead_time {
        lead_time(&mut out, lt, style);
    }

    if !m.file_pairs.is_empty() {
        let _ = writeln!(out, "{}", bold(style, "top cross-team file pairs"));
        for p in m.file_pairs.iter().take(TOP_FILE_PAIRS) {
            let _ = writeln!(
                out,
                "  {:.0}%  {} ({}) <-> {} ({}): {} shared of {}/{} changes",
                p.degree * 100.0,
                printable(&p.a),
                printable(p.a_team.as_deref().unwrap_or("-")),
                printable(&p.b),
                printable(p.b_team.as_deref().unwrap_or("-")),
                count(p.shared),
                count(p.revs_a),
                count(p.revs_b)
            );
        }
        if m.file_pairs.len() > TOP_FILE_PAIRS {
            let _ = writeln!(
                out,
                "  … and {} more (`--format json`)",
                m.file_pairs.len() - TOP_FILE_PAIRS
            );
        }
        out.push('\n');
    }

    if let Some(trend) = &doc.trend {
        let _ = writeln!(out, "{}", bold(style, "trend"));
        for p in trend {
            let bar = p.separability.map_or(0, |s| (s * 30.0).round() as usize);
            let _ = writeln!(
                out,
                "  {:8}  {:>5} changes  {:>5}  {}",
                p.period,
                p.changes,
                percent(p.separability),
                "█".repeat(bar)
            );
        }
        out.push('\n');
    }

    if let Some(c) = &doc.compare {
        if let (Some(a), Some(b)) = (doc.lead_time, c.lead_time) {
            let _ = writeln!(
                out,
                "time to value under {}: cross-team / single-team {}",
                printable(&c.label),
                lead::ratio_change(a, b)
            );
            if let Some(h) = lead::headline(b) {
                let _ = writeln!(out, "  {h}");
            }
        }
        let _ = writeln!(
            out,
            "{}",
            bold(style, &format!("today vs {}", printable(&c.label)))
        );
        let _ = writeln!(
            out,
            "  repository separability: {} -> {}",
            percent(m.separability),
            percent(c.metrics.separability)
        );
        let width = c
            .metrics
            .teams
            .iter()
            .map(|t| t.name.chars().count())
            .max()
            .unwrap_or(4)
            .clamp(4, MAX_NAME);
        for t in &c.metrics.teams {
            let before = m
                .teams
                .iter()
                .find(|x| x.name == t.name)
                .and_then(|x| x.separability);
            let delta = match (before, t.separability) {
                (Some(a), Some(b)) => format!("{:+.0} pts", (b - a) * 100.0),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "  {:width$} {:>6} -> {:>6}  {delta}",
                text::truncate(&printable(&t.name), width),
                percent(before),
                percent(t.separability)
            );
        }
        out.push('\n');
    }

    if !w.skipped_large_ids.is_empty() {
        let ids: Vec<&str> = w
            .skipped_large_ids
            .iter()
            .take(10)
            .map(String::as_str)
            .collect();
        let _ = writeln!(
            out,
            "skipped as bulk: {}{}\n",
            ids.join(" "),
            if w.skipped_large_ids.len() > 10 {
                " …"
            } else {
                ""
            }
        );
    }

    // Findings, rendered like `check`'s.
    let mut check = CheckReport::new(doc.findings, 0, doc.sources);
    check.notes = doc.notes.clone();
    out.push_str(&crate::human::findings(&check, style));
    let s = doc.summary;
    let _ = writeln!(
        out,
        "{}, {} over {}",
        text::plural(s.errors, "error", "errors"),
        text::plural(s.warnings, "warning", "warnings"),
        text::plural(w.changes, "change", "changes")
    );
    out
}

/// Time to value: lead time by teams touched, per team, per period.
fn lead_time(out: &mut String, lt: &teamlint_core::metrics::LeadTime, style: &Style) {
    let _ = writeln!(
        out,
        "{}",
        bold(style, "time to value (lead time of landed changes)")
    );
    if let Some(h) = lead::headline(lt) {
        let _ = writeln!(out, "  {h}");
    }
    if let Some(s) = lead::size_matched(lt) {
        let _ = writeln!(out, "  {s}");
    }
    let _ = writeln!(out, "  {}", lead::counts(lt));
    let _ = writeln!(
        out,
        "  {:13}  {:>8}  {:>8}  {:>8}",
        "teams touched", "changes", "median", "p90"
    );
    for b in &lt.by_teams {
        let _ = writeln!(
            out,
            "  {:13}  {:>8}  {:>8}  {:>8}",
            b.teams,
            b.changes,
            lead::hours(b.median_hours),
            lead::hours(b.p90_hours)
        );
    }
    let teams: Vec<_> = lt.teams.iter().filter(|t| t.changes > 0).collect();
    if !teams.is_empty() {
        let width = teams
            .iter()
            .map(|t| t.name.chars().count())
            .max()
            .unwrap_or(4)
            .clamp(4, MAX_NAME);
        let _ = writeln!(
            out,
            "  {:width$}  {:>8}  {:>8}  {:>8}",
            "team", "changes", "median", "p90"
        );
        for t in teams {
            let _ = writeln!(
                out,
                "  {:width$}  {:>8}  {:>8}  {:>8}",
                text::truncate(&printable(&t.name), width),
                t.changes,
                lead::hours(t.median_hours),
                lead::hours(t.p90_hours)
            );
        }
    }
    if !lt.periods.is_empty() {
        let _ = writeln!(
            out,
            "  {:8}  {:>8}  {:>10}  {:>10}  {:>6}",
            "period", "changes", "1 team", "2+ teams", "ratio"
        );
        for p in &lt.periods {
            let _ = writeln!(
                out,
                "  {:8}  {:>8}  {:>10}  {:>10}  {:>6}",
                p.period,
                p.measured,
                lead::hours(
                    p.ratio
                        .as_ref()
                        .map(|r| r.single_team_hours)
                        .or(p.by_teams.first().and_then(|b| b.median_hours))
                ),
                lead::hours(p.ratio.as_ref().map(|r| r.cross_team_hours)),
                p.ratio
                    .as_ref()
                    .map_or("—".into(), |r| lead::times(r.value))
            );
        }
    }
    out.push('\n');
}

/// The team coupling matrix: degree of each pair, `*` where undeclared and
/// at or over the threshold.
/// Rules shown with the history their files carry before the rest are counted.
const TOP_SHARED_RULES: usize = 5;

/// The shared rules, most history first: their files count for no team.
fn shared_rules(out: &mut String, m: &teamlint_core::metrics::Metrics, style: &Style) {
    if m.shared_rules.is_empty() {
        return;
    }
    let mut rules: Vec<&teamlint_core::metrics::SharedRule> = m.shared_rules.iter().collect();
    rules.sort_by(|a, b| b.changes.total_cmp(&a.changes));
    let _ = writeln!(
        out,
        "{}",
        bold(
            style,
            "shared rules: two owners is no owner, so their files count for no team"
        )
    );
    for r in rules.iter().take(TOP_SHARED_RULES) {
        let _ = writeln!(
            out,
            "  {:>4.0}% of changes  {} ({}:{}, {})",
            r.share * 100.0,
            printable(&r.rule.pattern),
            printable(&r.rule.file),
            r.rule.line,
            printable(&r.rule.teams.join(", "))
        );
    }
    if rules.len() > TOP_SHARED_RULES {
        let _ = writeln!(
            out,
            "  … and {} more (`--format json`)",
            rules.len() - TOP_SHARED_RULES
        );
    }
    out.push('\n');
}

fn matrix(out: &mut String, doc: &AuditReport<'_>, style: &Style) {
    let m = doc.metrics;
    let mut teams: Vec<&str> = m
        .teams
        .iter()
        .filter(|t| t.revs > 0.0)
        .map(|t| t.name.as_str())
        .collect();
    if teams.len() < 2 {
        return;
    }
    teams.sort_unstable();
    if teams.len() > MAX_MATRIX_TEAMS {
        let _ = writeln!(out, "{}", bold(style, "most coupled team pairs"));
        for p in m.team_pairs.iter().filter(|p| p.shared > 0.0).take(20) {
            let _ = writeln!(
                out,
                "  {:.0}%  {} <-> {}  ({} shared){}",
                p.degree * 100.0,
                printable(&p.a),
                printable(&p.b),
                count(p.shared),
                if p.declared { ", declared" } else { "" }
            );
        }
        out.push('\n');
        return;
    }
    // Columns are numbered: names cut to a column's width could read alike.
    let width = teams
        .iter()
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, MAX_NAME);
    let _ = writeln!(
        out,
        "{}",
        bold(
            style,
            "team coupling (degree; * undeclared at or over the threshold)"
        )
    );
    let _ = write!(out, "  {:>2} {:width$}", "", "");
    for i in 1..=teams.len() {
        let _ = write!(out, " {i:>6}");
    }
    out.push('\n');
    for (i, a) in teams.iter().enumerate() {
        let _ = write!(
            out,
            "  {:>2} {:width$}",
            i + 1,
            text::truncate(&printable(a), width)
        );
        for b in &teams {
            let cell = if a == b {
                "·".to_string()
            } else {
                m.team_pairs
                    .iter()
                    .find(|p| (p.a == *a && p.b == *b) || (p.a == *b && p.b == *a))
                    .filter(|p| p.shared > 0.0)
                    .map_or("".into(), |p| {
                        let flag = doc.undeclared(p);
                        format!("{:.0}%{}", p.degree * 100.0, if flag { "*" } else { "" })
                    })
            };
            let _ = write!(out, " {cell:>6}");
        }
        out.push('\n');
    }
    out.push('\n');
}
