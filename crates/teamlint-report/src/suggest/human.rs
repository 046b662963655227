//! The proposed moves for a terminal.

use std::fmt::Write;

use super::{pct, ratio, SuggestReport};
use crate::Style;
use teamlint_core::finding::text::{count, printable};

pub fn render(doc: &SuggestReport, style: &Style) -> String {
    let bold = |s: &str| {
        if style.color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: repository separability {} -> {} with {} move(s), over {} changes",
        bold(&printable(&doc.repo)),
        pct(doc.before),
        pct(doc.after),
        doc.moves.len(),
        doc.window.changes
    );
    out.push('\n');
    for (i, m) in doc.moves.iter().enumerate() {
        if m.kind == "unowned" {
            let _ = writeln!(
                out,
                "{} leave `{}` unowned ({}, {} file(s)), shared infrastructure owned today by {}",
                bold(&format!("{:>2}.", i + 1)),
                printable(&m.patterns.join("`, `")),
                printable(&m.location),
                m.files,
                printable(&m.from.join(" + "))
            );
        } else {
            let _ = writeln!(
                out,
                "{} give {} `{}` ({}, {} file(s)) from {} to {}",
                bold(&format!("{:>2}.", i + 1)),
                m.kind,
                printable(&m.patterns.join("`, `")),
                printable(&m.location),
                m.files,
                printable(&m.from.join(" + ")),
                printable(&m.to)
            );
        }
        if let Some(why) = &m.why {
            let _ = writeln!(out, "    why: {}", printable(why));
        }
        let _ = writeln!(
            out,
            "    separability after: {}; {} change(s) stop crossing teams, {} start",
            pct(m.separability),
            count(m.fixed),
            count(m.broken)
        );
        if !m.teams.is_empty() {
            let teams: Vec<String> = m
                .teams
                .iter()
                .map(|t| {
                    let name = printable(&t.name);
                    format!("{name} {} -> {}", pct(t.before), pct(t.after))
                })
                .collect();
            let _ = writeln!(out, "    teams: {}", teams.join(", "));
        }
        for c in &m.commits {
            let _ = writeln!(out, "    {} {} {}", c.id, c.date, printable(&c.subject));
        }
    }
    if !doc.teams.is_empty() {
        out.push('\n');
        let width = doc
            .teams
            .iter()
            .map(|t| printable(&t.name).chars().count())
            .max()
            .unwrap_or(4)
            .max(4);
        let _ = writeln!(
            out,
            "{}",
            bold(&format!(
                "teams (change volume kept within ÷{0} and ×{0} of today's)",
                doc.bound
            ))
        );
        let _ = writeln!(
            out,
            "  {:width$}  {:>12}  {:>9}  {:>9}  {:>9}  {:>6}",
            "team", "separability", "proposed", "volume", "proposed", "ratio"
        );
        for t in &doc.teams {
            let _ = writeln!(
                out,
                "  {:width$}  {:>12}  {:>9}  {:>9}  {:>9}  {:>6}",
                printable(&t.name),
                pct(t.separability_before),
                pct(t.separability_after),
                count(t.volume_before),
                count(t.volume_after),
                ratio(t.volume_before, t.volume_after)
            );
        }
    }
    for n in &doc.notes {
        let _ = writeln!(out, "note: {}", printable(n));
    }
    match &doc.written {
        Some(path) => {
            let _ = writeln!(
                out,
                "wrote {0}; `teamlint audit --compare {0}` measures it",
                printable(path)
            );
        }
        None if !doc.moves.is_empty() => {
            let _ = writeln!(out, "`--write FILE` writes the map with these moves");
        }
        None => {}
    }
    out
}
