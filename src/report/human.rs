//! Human output: miette diagnostics with spans into OWNERS.toml for config
//! findings, compact grouped lines for per-file findings.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

use super::{CheckReport, PathEntry, Style};
use crate::error::Error;
use crate::finding::RuleId;
use crate::finding::{Finding, Severity, Source};

/// Per-file findings of one rule shown before the rest are summed up.
const MAX_PATH_LINES: usize = 50;

fn paint(style: &Style, code: &str, text: &str) -> String {
    if style.color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn severity_word(style: &Style, s: Severity) -> String {
    match s {
        Severity::Error => paint(style, "1;31", "error"),
        Severity::Warning => paint(style, "1;33", "warning"),
        Severity::Allow => "allow".into(),
    }
}

fn handler(style: &Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
}

/// Renders one finding that points into a config file, with its span.
fn diagnostic(f: &Finding, sources: &[Source], style: &Style) -> String {
    let mut d = MietteDiagnostic::new(f.message.clone())
        .with_code(f.rule.name())
        .with_severity(match f.severity {
            Severity::Error => miette::Severity::Error,
            _ => miette::Severity::Warning,
        });
    if let Some(h) = &f.help {
        d = d.with_help(h.clone());
    }
    let source = f
        .location
        .as_ref()
        .and_then(|l| sources.iter().find(|s| s.path == l.file));
    let mut out = String::new();
    match (source, &f.location) {
        (Some(src), Some(loc)) => {
            let len = loc.span.end.saturating_sub(loc.span.start);
            d = d.with_label(LabeledSpan::at(
                loc.span.start..loc.span.start + len,
                f.label.clone().unwrap_or_default(),
            ));
            let report = miette::Report::new(d)
                .with_source_code(NamedSource::new(&src.path, src.text.clone()));
            let _ = handler(style).render_report(&mut out, report.as_ref());
        }
        _ => {
            let _ = handler(style).render_report(&mut out, &d);
        }
    }
    out
}

pub fn check(doc: &CheckReport<'_>, style: &Style) -> String {
    let mut out = findings(doc, style);
    if !style.quiet {
        out.push_str(&summary_line(doc, style));
    }
    out
}

/// The findings, the change line and the notes of a report, without the
/// closing summary line (the audit report closes with its own).
pub fn findings(doc: &CheckReport<'_>, style: &Style) -> String {
    let mut out = String::new();
    let (located, per_path): (Vec<&Finding>, Vec<&Finding>) =
        doc.findings.iter().partition(|f| f.location.is_some());
    for f in &located {
        out.push_str(&diagnostic(f, doc.sources, style));
        out.push('\n');
    }
    // Per-file findings, grouped by rule: one header and help per rule.
    let mut by_rule: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in per_path {
        by_rule.entry(f.rule.name()).or_default().push(f);
    }
    for (rule, list) in by_rule {
        let sev = list[0].severity;
        let _ = writeln!(
            out,
            "{}[{}]: {}",
            severity_word(style, sev),
            rule,
            crate::finding::text::plural(list.len(), "finding", "findings")
        );
        for f in list.iter().take(MAX_PATH_LINES) {
            let _ = writeln!(out, "  {} {}", paint(style, "2", "·"), f.message);
        }
        if list.len() > MAX_PATH_LINES {
            let _ = writeln!(
                out,
                "  … and {} more (`--format json` lists them all)",
                list.len() - MAX_PATH_LINES
            );
        }
        if let Some(h) = &list[0].help {
            let _ = writeln!(out, "  {} {h}", paint(style, "36", "help:"));
        }
        out.push('\n');
    }
    if let Some(c) = &doc.change {
        let teams: Vec<String> = c.teams.iter().map(|(t, n)| format!("{t} ({n})")).collect();
        let _ = writeln!(
            out,
            "change: {} touching {}{}",
            crate::finding::text::plural(c.files, "file", "files"),
            if teams.is_empty() {
                "no team".into()
            } else {
                teams.join(", ")
            },
            if c.unowned > 0 {
                format!(", {} unowned", c.unowned)
            } else {
                String::new()
            }
        );
    }
    for n in &doc.notes {
        let _ = writeln!(out, "{} {n}", paint(style, "36", "note:"));
    }
    out
}

fn summary_line(doc: &CheckReport<'_>, style: &Style) -> String {
    let s = doc.summary;
    let files = crate::finding::text::plural(s.files, "file", "files");
    if doc.config_failed {
        return format!(
            "{} {} in the ownership config; nothing was checked\n",
            paint(style, "1;31", "✗"),
            crate::finding::text::plural(s.errors, "error", "errors"),
        );
    }
    if s.errors == 0 && s.warnings == 0 {
        format!("{} no findings in {files}\n", paint(style, "1;32", "✓"))
    } else {
        format!(
            "{} {}, {} in {files}\n",
            paint(style, if s.errors > 0 { "1;31" } else { "1;33" }, "✗"),
            crate::finding::text::plural(s.errors, "error", "errors"),
            crate::finding::text::plural(s.warnings, "warning", "warnings"),
        )
    }
}

pub fn paths(entries: &[PathEntry], detailed: bool, style: &Style) -> String {
    let mut out = String::with_capacity(entries.len() * 48);
    if !detailed {
        for e in entries {
            let owner = if e.declared_unowned {
                "(unowned)".to_string()
            } else if e.unowned {
                "(no owner)".to_string()
            } else {
                e.teams.join(",")
            };
            let _ = writeln!(out, "{}\t{owner}", e.path);
        }
        return out;
    }
    for e in entries {
        let _ = writeln!(out, "{}", paint(style, "1", &e.path));
        let owner = if e.declared_unowned {
            "unowned (declared)".to_string()
        } else if e.unowned {
            paint(style, "31", "no owner")
        } else {
            e.teams
                .iter()
                .zip(&e.leaders)
                .map(|(t, l)| match l {
                    Some(l) => format!("{} (leader {l})", paint(style, "1;32", t)),
                    None => format!(
                        "{} ({})",
                        paint(style, "1;32", t),
                        paint(style, "31", "no leader")
                    ),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(out, "  owner:    {owner}");
        match &e.rule {
            Some(r) => {
                let _ = writeln!(out, "  rule:     {}:{}  {}", r.file, r.line, r.pattern);
            }
            None => {
                let _ = writeln!(out, "  rule:     none matches");
            }
        }
        for r in &e.overridden {
            let _ = writeln!(
                out,
                "  overrode: {}:{}  {}  ({})",
                r.file, r.line, r.pattern, r.owner
            );
        }
        if e.excluded {
            let _ = writeln!(
                out,
                "  note:     excluded by [settings] exclude: not analysed"
            );
        } else if e.unowned && !e.declared_unowned && e.exempt {
            let _ = writeln!(out, "  note:     may stay unowned ([settings] unowned)");
        }
        if e.tracked == Some(false) {
            let _ = writeln!(
                out,
                "  note:     not tracked: the owner a new file here would get"
            );
        }
    }
    out
}

pub fn rules(rules: &[RuleId], one: bool, style: &Style) -> String {
    let mut out = String::new();
    if one {
        let r = rules[0];
        let _ = writeln!(
            out,
            "{} ({}, default {})\n",
            paint(style, "1", r.name()),
            r.group().as_str(),
            r.default_severity()
        );
        let _ = writeln!(out, "{}", r.doc());
        return out;
    }
    let width = rules.iter().map(|r| r.name().len()).max().unwrap_or(0);
    let mut group = None;
    for r in rules {
        if group != Some(r.group()) {
            group = Some(r.group());
            let _ = writeln!(
                out,
                "{}",
                paint(style, "1", &format!("{} rules", r.group().as_str()))
            );
        }
        let _ = writeln!(
            out,
            "  {:width$}  {:7}  {}",
            r.name(),
            r.default_severity().as_str(),
            r.summary()
        );
    }
    out.push_str("\n`teamlint rules NAME` shows a rule's documentation.\n");
    out
}

/// Renders a failure (exit status 2) to the log stream.
pub fn error(err: &mut dyn std::io::Write, e: &Error, style: &Style) {
    let mut d = MietteDiagnostic::new(e.to_string()).with_severity(miette::Severity::Error);
    if let Some(h) = e.help() {
        d = d.with_help(h.to_string());
    }
    let mut out = String::new();
    let _ = handler(style).render_report(&mut out, &d);
    let _ = err.write_all(out.as_bytes());
}
