//! Markdown: for job summaries and pull-request comments.

use std::fmt::Write as _;

use super::{CheckReport, PathEntry};
use crate::finding::Severity;

/// GitHub caps a step summary at 1 MiB; stay well under it.
const MAX_BYTES: usize = 900 * 1024;

/// Escapes text for a Markdown table cell or a line.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '*' | '_' | '`' | '<' | '>' | '[' | ']' | '\\' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub fn check(doc: &CheckReport<'_>) -> String {
    let mut out = String::new();
    let s = doc.summary;
    let icon = if s.errors > 0 {
        "❌"
    } else if s.warnings > 0 {
        "⚠️"
    } else {
        "✅"
    };
    let _ = writeln!(out, "## {icon} teamlint\n");
    let _ = writeln!(
        out,
        "**{}** error(s), **{}** warning(s) in {} file(s).\n",
        s.errors, s.warnings, s.files
    );
    if let Some(c) = &doc.change {
        let teams: Vec<String> = c
            .teams
            .iter()
            .map(|(t, n)| format!("`{}` ({n})", escape(t)))
            .collect();
        let _ = writeln!(
            out,
            "This change touches {} file(s) owned by {} team(s): {}{}.\n",
            c.files,
            c.teams.len(),
            if teams.is_empty() {
                "none".to_string()
            } else {
                teams.join(", ")
            },
            if c.unowned > 0 {
                format!(", and {} unowned file(s)", c.unowned)
            } else {
                String::new()
            }
        );
    }
    if !doc.findings.is_empty() {
        out.push_str("| | rule | finding | where |\n|---|---|---|---|\n");
        let mut shown = 0;
        for f in doc.findings {
            let sev = if f.severity == Severity::Error {
                "🔴"
            } else {
                "🟡"
            };
            // A finding about a file is shown on that file (and the rule
            // that decided it), as its annotation is.
            let place = match (&f.location, &f.path) {
                (Some(l), Some(p)) => {
                    format!("`{}` (`{}:{}`)", escape(p), escape(&l.file), l.line)
                }
                (Some(l), None) => format!("`{}:{}`", escape(&l.file), l.line),
                (None, Some(p)) => format!("`{}`", escape(p)),
                _ => String::new(),
            };
            let row = format!(
                "| {sev} | `{}` | {} | {place} |\n",
                f.rule,
                escape(&f.message)
            );
            if out.len() + row.len() > MAX_BYTES {
                break;
            }
            out.push_str(&row);
            shown += 1;
        }
        if shown < doc.findings.len() {
            let _ = writeln!(
                out,
                "\n… and {} more (the full list is in the JSON or SARIF report).",
                doc.findings.len() - shown
            );
        }
        out.push('\n');
    }
    for n in &doc.notes {
        let _ = writeln!(out, "> {}", escape(n));
    }
    out
}

pub fn paths(entries: &[PathEntry]) -> String {
    let mut out = String::from("| path | team | rule |\n|---|---|---|\n");
    for e in entries {
        let team = if e.unowned {
            "—".to_string()
        } else {
            e.teams.join(", ")
        };
        let rule = e
            .rule
            .as_ref()
            .map(|r| format!("`{}:{}` `{}`", escape(&r.file), r.line, escape(&r.pattern)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            escape(&e.path),
            escape(&team),
            rule
        );
    }
    out
}
