//! Markdown: for job summaries and pull-request comments.

use std::fmt::Write as _;

use super::{CheckReport, PathEntry};
use crate::finding::Severity;

/// GitHub caps a step summary at 1 MiB; stay well under it.
const MAX_BYTES: usize = 900 * 1024;

/// Text as a code span in a table cell: backslash escapes mean nothing
/// inside one, so the span is fenced with more backticks than the text
/// holds in a row, a `|` (which would end the cell) is escaped as GitHub
/// reads it, and a line break or other control character becomes a space.
pub fn code(s: &str) -> String {
    let clean: String = crate::pathname::shown(s)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .replace('|', "\\|");
    let longest = clean.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if clean.starts_with('`') || clean.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{clean}{pad}{fence}")
}

/// Escapes text for a Markdown table cell or a line.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::pathname::shown(s).chars() {
        match c {
            '|' | '*' | '_' | '`' | '<' | '>' | '[' | ']' | '\\' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
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
            .map(|(t, n)| format!("{} ({n})", code(t)))
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
                    format!("{} ({})", code(p), code(&format!("{}:{}", l.file, l.line)))
                }
                (Some(l), None) => code(&format!("{}:{}", l.file, l.line)),
                (None, Some(p)) => code(p),
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
            .map(|r| {
                format!(
                    "{} {}",
                    code(&format!("{}:{}", r.file, r.line)),
                    code(&r.pattern)
                )
            })
            .unwrap_or_default();
        let _ = writeln!(out, "| {} | {} | {} |", code(&e.path), escape(&team), rule);
    }
    out
}

#[cfg(test)]
mod code_tests {
    use super::code;

    #[test]
    fn code_spans_hold_any_name() {
        assert_eq!(code("a*b_c"), "`a*b_c`");
        assert_eq!(code("back`tick"), "``back`tick``");
        assert_eq!(code("`edge"), "`` `edge ``");
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(code("x\u{1b}[2J\ny"), "`x [2J y`");
    }
}
