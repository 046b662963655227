//! Markdown: the audit for GitHub job summaries and pull-request comments.
//!
//! GitHub refuses a step summary over 1 MiB, so every table stops at a row
//! cap or when the page nears [`MAX_BYTES`], and says how many rows it left
//! out; the JSON and CSV reports have them all.

use std::fmt::Write as _;

use super::lead;
use super::model::{
    coupled_team_pairs, cross_team_file_pairs, least_separable, pair_deltas, team_deltas,
};
use crate::markdown::{code, escape};
use crate::AuditReport;
use teamlint_core::finding::text::{self, count, percent};
use teamlint_core::finding::Severity;

/// Stay well under GitHub's 1 MiB, leaving room for the closing lines.
const MAX_BYTES: usize = 900 * 1024;
/// Past this nothing more is added, whatever the section.
const HARD_LIMIT: usize = 1000 * 1024;
const MAX_TEAMS: usize = 100;
const MAX_TEAM_PAIRS: usize = 100;
const MAX_FILE_PAIRS: usize = 20;
const MAX_FINDINGS: usize = 200;
const MAX_PERIODS: usize = 120;
/// Long labels (repo name, config path) are cut to this many characters.
const MAX_LABEL: usize = 200;

pub fn render(doc: &AuditReport<'_>) -> String {
    let m = doc.metrics;
    let w = &doc.window;
    let mut out = String::new();
    let _ = writeln!(out, "## teamlint audit: {}\n", label(&doc.repo));

    let range = match (&w.since, &w.until) {
        (Some(s), Some(u)) => format!("{} to {}", escape(s), escape(u)),
        (Some(s), None) => format!("since {}", escape(s)),
        (None, Some(u)) => format!("whole history until {}", escape(u)),
        (None, None) => "whole history".to_string(),
    };
    let dates = match (&w.first, &w.last) {
        (Some(f), Some(l)) => format!(" (changes dated {} to {})", escape(f), escape(l)),
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "**Window:** {range}{dates} · {} changes counted · skipped: {} bulk, {} by ignored \
         authors, {} with missing objects\n",
        w.changes, w.skipped_large, w.skipped_authors, w.skipped_missing
    );
    let s = doc.summary;
    let _ = writeln!(
        out,
        "**Repository separability: {}** of {} changes touching owned files touched one team · \
         {} error(s), {} warning(s)\n",
        percent(m.separability),
        count(m.owned_changes),
        s.errors,
        s.warnings
    );

    if let Some(lt) = doc.lead_time {
        let _ = writeln!(out, "**Time to value:** {}\n", escape(&lead::summary(lt)));
    }

    if !m.shared_rules.is_empty() {
        let mut rules: Vec<&teamlint_core::metrics::SharedRule> = m.shared_rules.iter().collect();
        rules.sort_by(|a, b| b.changes.total_cmp(&a.changes));
        section(&mut out, "Shared rules (their files count for no team)");
        table(
            &mut out,
            "| rule | teams | where | changes | share |\n|---|---|---|--:|--:|\n",
            rules.iter().map(|r| {
                format!(
                    "| {} | {} | {} | {} | {:.1}% |\n",
                    code(&r.rule.pattern),
                    escape(&r.rule.teams.join(", ")),
                    code(&format!("{}:{}", r.rule.file, r.rule.line)),
                    count(r.changes),
                    r.share * 100.0
                )
            }),
            rules.len(),
            10,
            "",
        );
    }

    let teams = least_separable(m);
    section(&mut out, "Teams, least separable first");
    table(
        &mut out,
        "| team | revs | separability | cross-team | leader focus | cohesion |\n|---|--:|--:|--:|--:|--:|\n",
        teams.iter().map(|t| {
            let sep = match t.separability {
                Some(_) => percent(t.separability),
                None => "— (not enough history)".to_string(),
            };
            let people = |x: Option<f64>| x.map_or_else(|| "—".to_string(), |_| percent(x));
            format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                escape(&t.name),
                count(t.revs),
                sep,
                count(t.cross_team),
                people(t.people.leader_focus),
                people(t.people.cohesion)
            )
        }),
        teams.len(),
        MAX_TEAMS,
        "No team had a change in this window.",
    );

    let pairs = coupled_team_pairs(m);
    section(&mut out, "Team pairs with shared changes");
    table(
        &mut out,
        "| a | b | shared | degree | declared |\n|---|---|--:|--:|:-:|\n",
        pairs.iter().map(|p| {
            let degree = if !p.scored {
                "— (not enough history)".to_string()
            } else if doc.undeclared(p) {
                format!("**{:.2}**", p.degree)
            } else {
                format!("{:.2}", p.degree)
            };
            format!(
                "| {} | {} | {} | {} | {} |\n",
                escape(&p.a),
                escape(&p.b),
                count(p.shared),
                degree,
                if p.declared { "✓" } else { "✗" }
            )
        }),
        pairs.len(),
        MAX_TEAM_PAIRS,
        "No two teams changed together.",
    );

    let files = cross_team_file_pairs(m);
    section(&mut out, "Top cross-team file pairs");
    table(
        &mut out,
        "| file a | file b | teams | shared | degree | confidence a→b / b→a |\n\
         |---|---|---|--:|--:|--:|\n",
        files.iter().map(|p| {
            let team = |t: &Option<String>| t.as_deref().map_or("unowned".to_string(), escape);
            format!(
                "| {} | {} | {} ↔ {} | {} | {:.2} | {:.2} / {:.2} |\n",
                escape(&p.a),
                escape(&p.b),
                team(&p.a_team),
                team(&p.b_team),
                count(p.shared),
                p.degree,
                p.confidence_ab,
                p.confidence_ba
            )
        }),
        files.len(),
        MAX_FILE_PAIRS,
        "No pair of files owned by different teams changed together often enough to report.",
    );

    if let Some(lt) = doc.lead_time {
        lead_time(&mut out, lt);
    }

    section(&mut out, "Findings");
    table(
        &mut out,
        "| severity | rule | message |\n|---|---|---|\n",
        doc.findings.iter().map(|f| {
            let sev = match f.severity {
                Severity::Error => "🔴 error",
                _ => "🟡 warning",
            };
            let mut message = escape(&f.message);
            if let Some(p) = &f.path {
                let _ = write!(message, " ({})", escape(p));
            }
            format!("| {sev} | `{}` | {message} |\n", escape(f.rule.name()))
        }),
        doc.findings.len(),
        MAX_FINDINGS,
        "No findings.",
    );

    if let Some(c) = &doc.compare {
        section(
            &mut out,
            &format!("Proposed ownership: {}", label(&c.label)),
        );
        if let (Some(a), Some(b)) = (doc.lead_time, c.lead_time) {
            let _ = writeln!(
                out,
                "Time to value, cross-team / single-team lead time: {}{}\n",
                lead::ratio_change(a, b),
                lead::headline(b).map_or(String::new(), |h| format!(" ({})", escape(&h)))
            );
        }
        let mut rows = vec![format!(
            "| **repository** | {} | {} | {} |\n",
            percent(m.separability),
            percent(c.metrics.separability),
            text::delta_pp(m.separability, c.metrics.separability)
        )];
        let cell = |x: Option<Option<f64>>| x.map_or("no such team".to_string(), percent);
        rows.extend(team_deltas(m, c.metrics).into_iter().map(|t| {
            format!(
                "| {} | {} | {} | {} |\n",
                escape(t.name),
                cell(t.today),
                cell(t.proposed),
                text::delta_pp(t.today.flatten(), t.proposed.flatten())
            )
        }));
        let total = rows.len();
        table(
            &mut out,
            "| team | separability today | proposed | Δ |\n|---|--:|--:|--:|\n",
            rows.into_iter(),
            total,
            MAX_TEAMS + 1,
            "",
        );
        let deltas = pair_deltas(m, c.metrics);
        let cell = |x: Option<f64>| x.map_or("no such team".to_string(), |d| format!("{d:.2}"));
        table(
            &mut out,
            "| a | b | degree today | proposed | Δ |\n|---|---|--:|--:|--:|\n",
            deltas.iter().map(|r| {
                let delta = match (r.today, r.proposed) {
                    (Some(b), Some(a)) => text::signed(a - b, 2),
                    _ => "—".to_string(),
                };
                format!(
                    "| {} | {} | {} | {} | {} |\n",
                    escape(r.a),
                    escape(r.b),
                    cell(r.today),
                    cell(r.proposed),
                    delta
                )
            }),
            deltas.len(),
            MAX_TEAM_PAIRS,
            "No two teams share a change under either map.",
        );
    }

    if let Some(periods) = &doc.trend {
        section(&mut out, "Trend");
        table(
            &mut out,
            "| period | changes | separability |\n|---|--:|--:|\n",
            periods.iter().map(|p| {
                format!(
                    "| {} | {} | {} |\n",
                    escape(&p.period),
                    p.changes,
                    percent(p.separability)
                )
            }),
            periods.len(),
            MAX_PERIODS,
            "No periods.",
        );
    }

    for n in &doc.notes {
        if out.len() > MAX_BYTES {
            break;
        }
        let _ = writeln!(out, "> {}", escape(n));
    }
    cap(&mut out);
    out
}

/// Time to value: lead time by teams touched, per team, per period.
fn lead_time(out: &mut String, lt: &teamlint_core::metrics::LeadTime) {
    section(out, "Time to value (lead time of landed changes)");
    if out.len() >= HARD_LIMIT {
        return;
    }
    if let Some(h) = lead::headline(lt) {
        let _ = writeln!(out, "**{}**\n", escape(&h));
    }
    if let Some(s) = lead::size_matched(lt) {
        let _ = writeln!(out, "{}\n", escape(&s));
    }
    let _ = writeln!(out, "{}\n", escape(&lead::counts(lt)));
    table(
        out,
        "| teams touched | changes | median | p90 |\n|---|--:|--:|--:|\n",
        lt.by_teams.iter().map(|b| {
            format!(
                "| {} | {} | {} | {} |\n",
                b.teams,
                b.changes,
                lead::hours(b.median_hours),
                lead::hours(b.p90_hours)
            )
        }),
        lt.by_teams.len(),
        3,
        "",
    );
    let teams: Vec<_> = lt.teams.iter().filter(|t| t.changes > 0).collect();
    table(
        out,
        "| team | landed changes | median | p90 |\n|---|--:|--:|--:|\n",
        teams.iter().map(|t| {
            format!(
                "| {} | {} | {} | {} |\n",
                escape(&t.name),
                t.changes,
                lead::hours(t.median_hours),
                lead::hours(t.p90_hours)
            )
        }),
        teams.len(),
        MAX_TEAMS,
        "",
    );
    table(
        out,
        "| period | landed changes | median, 1 team | median, 2+ teams | ratio |\n|---|--:|--:|--:|--:|\n",
        lt.periods.iter().map(|p| {
            let single = p.by_teams.first().and_then(|b| b.median_hours);
            format!(
                "| {} | {} | {} | {} | {} |\n",
                escape(&p.period),
                p.measured,
                lead::hours(single),
                lead::hours(p.ratio.as_ref().map(|r| r.cross_team_hours)),
                p.ratio.as_ref().map_or("—".into(), |r| lead::times(r.value))
            )
        }),
        lt.periods.len(),
        MAX_PERIODS,
        "",
    );
}

fn section(out: &mut String, title: &str) {
    if out.len() < HARD_LIMIT {
        let _ = writeln!(out, "### {title}\n");
    }
}

/// A table of at most `max` rows that also stops near [`MAX_BYTES`], with a
/// line for what it left out; `empty` (if not blank) when there are no rows.
fn table(
    out: &mut String,
    header: &str,
    rows: impl Iterator<Item = String>,
    total: usize,
    max: usize,
    empty: &str,
) {
    if out.len() >= HARD_LIMIT {
        return;
    }
    if total == 0 {
        if !empty.is_empty() {
            let _ = writeln!(out, "{empty}\n");
        }
        return;
    }
    out.push_str(header);
    let mut shown = 0;
    for row in rows.take(max) {
        if out.len() + row.len() > MAX_BYTES {
            break;
        }
        out.push_str(&row);
        shown += 1;
    }
    if shown < total {
        let _ = writeln!(
            out,
            "\n… and {} more (the JSON and CSV reports have them all).",
            total - shown
        );
    }
    out.push('\n');
}

/// The last guard for the 1 MiB limit: cut at a line end.
fn cap(out: &mut String) {
    if out.len() <= HARD_LIMIT {
        return;
    }
    let mut end = HARD_LIMIT;
    while end > 0 && !out.is_char_boundary(end) {
        end -= 1;
    }
    let end = out[..end].rfind('\n').map_or(end, |i| i + 1);
    out.truncate(end);
    out.push_str("\n… truncated to stay under GitHub's 1 MiB limit.\n");
}

fn label(s: &str) -> String {
    if s.chars().count() > MAX_LABEL {
        let cut: String = s.chars().take(MAX_LABEL - 1).collect();
        escape(&cut) + "…"
    } else {
        escape(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::fixtures::{pair, sample, team, EVIL_PATH, QUOTED_PATH};
    use teamlint_core::finding::Finding;
    use teamlint_core::finding::RuleId;

    /// The cells of the table row that starts with `first`.
    fn row<'a>(md: &'a str, first: &str) -> Vec<&'a str> {
        let line = md
            .lines()
            .find(|l| l.starts_with(&format!("| {first} |")))
            .unwrap_or_else(|| panic!("no row for {first} in\n{md}"));
        split_cells(line)
    }

    /// Splits a GFM table row on unescaped pipes.
    fn split_cells(line: &str) -> Vec<&str> {
        let mut cells = Vec::new();
        let (mut start, mut escaped) = (0, false);
        for (i, c) in line.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '|' if !escaped => {
                    cells.push(line[start..i].trim());
                    start = i + 1;
                }
                _ => escaped = false,
            }
        }
        cells.retain(|c| !c.is_empty());
        cells
    }

    #[test]
    fn has_every_section_and_table_header() {
        let s = sample();
        let md = render(&s.report());
        assert!(md.starts_with("## teamlint audit: acme\\<shop\\>\n"));
        assert!(
            md.contains("**Window:** since 2025-01-01 (changes dated 2025-01-03 to 2025-02-27)")
        );
        assert!(md.contains("32 changes counted · skipped: 1 bulk, 2 by ignored authors"));
        assert!(md.contains("**Repository separability: 70%**"));
        for header in [
            "| team | revs | separability | cross-team | leader focus | cohesion |",
            "| a | b | shared | degree | declared |",
            "| file a | file b | teams | shared | degree | confidence a→b / b→a |",
            "| severity | rule | message |",
            "| team | separability today | proposed | Δ |",
            "| a | b | degree today | proposed | Δ |",
            "| period | changes | separability |",
        ] {
            assert_eq!(md.matches(header).count(), 1, "{header}");
        }
        assert!(md.contains("> cache rebuilt \\<fresh\\>"));
    }

    #[test]
    fn rows_carry_the_numbers() {
        let s = sample();
        let md = render(&s.report());
        assert_eq!(
            row(&md, "payments"),
            ["payments", "20", "60%", "8", "—", "—"]
        );
        assert_eq!(
            row(&md, "web\\<&\\>"),
            ["web\\<&\\>", "3", "— (not enough history)", "2", "—", "—"]
        );
        // Undeclared above the threshold is bold; the declared pair has no score.
        let lines: Vec<&str> = md
            .lines()
            .filter(|l| l.starts_with("| payments |"))
            .collect();
        assert!(
            lines.contains(&"| payments | platform | 6 | **0.34** | ✗ |"),
            "{lines:?}"
        );
        assert!(lines.contains(&"| payments | web\\<&\\> | 2 | — (not enough history) | ✓ |"));
        assert!(lines.contains(&"| payments | 60% | 85% | +25 pp |"));
        assert!(lines.contains(&"| payments | platform | 0.34 | 0.10 | −0.24 |"));
        assert!(lines.contains(&"| payments | web\\<&\\> | 0.17 | no such team | — |"));
        assert!(md.contains("| **repository** | 70% | 82% | +12 pp |"));
        let feb: Vec<&str> = md
            .lines()
            .filter(|l| l.starts_with("| 2025-02 |"))
            .collect();
        assert!(feb.contains(&"| 2025-02 | 18 | 75% |"), "{feb:?}");
        // The lead-time trend: landed changes, medians and the ratio.
        let lt = s
            .lead_time
            .periods
            .iter()
            .find(|p| p.period == "2025-02")
            .unwrap();
        let lead_row = format!("| 2025-02 | {} | ", lt.measured);
        assert!(feb.iter().any(|l| l.starts_with(&lead_row)), "{feb:?}");
        assert!(md.contains("| 🔴 error | `undeclared-coupling` |"));
    }

    #[test]
    fn cells_are_escaped_so_pipes_do_not_split_them() {
        let s = sample();
        let md = render(&s.report());
        assert!(md.contains("infra/\"main\"\\|v2.tf"));
        assert!(!md.contains("<script>"));
        let line = md
            .lines()
            .find(|l| l.contains("alert(1)"))
            .expect("file pair row");
        let cells = split_cells(line);
        assert_eq!(cells.len(), 6, "{line}");
        assert_eq!(
            cells[0],
            "services/pay/\\<script\\>alert(1)\\</script\\>,x.rs"
        );
        assert_eq!(cells[1], "infra/\"main\"\\|v2.tf");
        assert_eq!(cells[2], "payments ↔ platform");
        let finding = md
            .lines()
            .find(|l| l.contains("undeclared-coupling"))
            .expect("finding row");
        assert_eq!(split_cells(finding).len(), 3, "{finding}");
        assert!(finding.contains("change together \\| \\<b\\>often\\</b\\>"));
        // The raw constants really hold the characters the test is about.
        assert!(EVIL_PATH.contains("<script>") && QUOTED_PATH.contains('|'));
    }

    #[test]
    fn optional_sections_only_when_present() {
        let s = sample();
        let mut doc = s.report();
        doc.compare = None;
        doc.trend = None;
        let md = render(&doc);
        assert!(!md.contains("### Proposed ownership"));
        assert!(!md.contains("### Trend"));
        assert!(md.contains("### Findings"));
    }

    #[test]
    fn long_tables_are_cut_with_a_count() {
        let mut s = sample();
        s.metrics.teams = (0..150)
            .map(|i| team(&format!("t{i:03}"), 10.0, Some(0.5), 1.0))
            .collect();
        s.metrics.file_pairs = (0..25).map(|_| s.metrics.file_pairs[0].clone()).collect();
        let md = render(&s.report());
        assert!(md.contains("… and 50 more"), "teams cut at 100");
        assert!(md.contains("… and 5 more"), "file pairs cut at 20");
        assert!(md.contains("| t099 |") && !md.contains("| t100 |"));
    }

    #[test]
    fn stays_under_one_mebibyte() {
        let mut s = sample();
        let long = "x".repeat(2000);
        s.metrics.teams = (0..100)
            .map(|i| team(&format!("{long}{i}"), 10.0, Some(0.5), 1.0))
            .collect();
        s.metrics.team_pairs = (0..100)
            .map(|i| pair(&format!("{long}{i}"), &long, 3.0, (10.0, 10.0), false))
            .collect();
        s.findings = (0..200)
            .map(|i| Finding::new(RuleId::CoupledFiles, format!("{long} {i}")))
            .collect();
        let md = render(&s.report());
        assert!(md.len() < 1024 * 1024, "{} bytes", md.len());
        assert!(md.contains(" more (the JSON and CSV reports have them all)."));
    }

    #[test]
    fn empty_audit_says_so() {
        let mut s = sample();
        s.metrics.teams.clear();
        s.metrics.team_pairs.clear();
        s.metrics.file_pairs.clear();
        s.metrics.separability = None;
        s.findings.clear();
        let md = render(&s.report());
        assert!(md.contains("**Repository separability: —**"));
        assert!(md.contains("No team had a change in this window."));
        assert!(md.contains("No findings."));
    }
}
