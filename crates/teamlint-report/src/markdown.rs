//! Markdown: for job summaries and pull-request comments.

use std::fmt::Write as _;

use super::{CheckReport, PathEntry};
use teamlint_core::finding::Severity;

/// A check's summary is read on a pull request: it stays short however
/// many findings there are (the JSON and SARIF reports list them all).
const MAX_BYTES: usize = 60 * 1024;
/// Rows shown per rule before the rest of that rule are counted.
const ROWS_PER_RULE: usize = 25;

/// Text as a code span in a table cell: backslash escapes mean nothing
/// inside one, so the span is fenced with more backticks than the text
/// holds in a row, a `|` (which would end the cell) is escaped as GitHub
/// reads it, and a line break or other control character becomes a space.
pub fn code(s: &str) -> String {
    let clean: String = teamlint_core::pathname::shown(s)
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
    for c in teamlint_core::pathname::shown(s).chars() {
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
            match (c.unowned, c.shared) {
                (0, 0) => String::new(),
                (u, 0) => format!(", and {u} unowned file(s)"),
                (0, s) => format!(", and {s} file(s) of shared rules (no single team's)"),
                (u, s) => format!(
                    ", {u} unowned file(s) and {s} file(s) of shared rules (no single team's)"
                ),
            }
        );
    }
    // Grouped by rule, in the order the findings come: a count per rule,
    // then each rule's first rows.
    let mut order: Vec<teamlint_core::finding::RuleId> = Vec::new();
    let mut by_rule: std::collections::HashMap<
        teamlint_core::finding::RuleId,
        Vec<&teamlint_core::finding::Finding>,
    > = std::collections::HashMap::new();
    for f in doc.findings {
        by_rule
            .entry(f.rule)
            .or_insert_with(|| {
                order.push(f.rule);
                Vec::new()
            })
            .push(f);
    }
    if !order.is_empty() {
        out.push_str("| rule | severity | findings |\n|---|---|--:|\n");
        for r in &order {
            let list = &by_rule[r];
            let worst = list
                .iter()
                .map(|f| f.severity)
                .max()
                .unwrap_or(Severity::Warning);
            let _ = writeln!(out, "| `{r}` | {worst} | {} |", list.len());
        }
        out.push('\n');
    }
    let mut cut = 0;
    let mut cut_any = false;
    for r in &order {
        let list = &by_rule[r];
        if out.len() >= MAX_BYTES {
            cut += list.len();
            continue;
        }
        let _ = writeln!(out, "#### `{r}`\n");
        out.push_str("| | finding | where |\n|---|---|---|\n");
        let mut shown = 0;
        for f in list.iter().take(ROWS_PER_RULE) {
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
            let row = format!("| {sev} | {} | {place} |\n", escape(&f.message));
            if out.len() + row.len() > MAX_BYTES {
                break;
            }
            out.push_str(&row);
            shown += 1;
        }
        if shown < list.len() {
            let _ = writeln!(out, "\n… and {} more `{r}`.", list.len() - shown);
            cut_any = true;
        }
        out.push('\n');
    }
    if cut > 0 {
        let _ = writeln!(out, "… and {cut} more findings of other rules.\n");
    }
    if cut > 0 || cut_any {
        out.push_str("The JSON and SARIF reports list every finding.\n\n");
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
