//! The proposed moves for a terminal.

use std::fmt::Write;

use super::{pct, ratio, SuggestReport};
use crate::finding::text::count;
use crate::report::Style;

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
        bold(&doc.repo),
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
                m.patterns.join("`, `"),
                m.location,
                m.files,
                m.from.join(" + ")
            );
        } else {
            let _ = writeln!(
                out,
                "{} give {} `{}` ({}, {} file(s)) from {} to {}",
                bold(&format!("{:>2}.", i + 1)),
                m.kind,
                m.patterns.join("`, `"),
                m.location,
                m.files,
                m.from.join(" + "),
                m.to
            );
        }
        if let Some(why) = &m.why {
            let _ = writeln!(out, "    why: {why}");
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
                .map(|t| format!("{} {} -> {}", t.name, pct(t.before), pct(t.after)))
                .collect();
            let _ = writeln!(out, "    teams: {}", teams.join(", "));
        }
        for c in &m.commits {
            let _ = writeln!(out, "    {} {} {}", c.id, c.date, c.subject);
        }
    }
    if !doc.teams.is_empty() {
        out.push('\n');
        let width = doc
            .teams
            .iter()
            .map(|t| t.name.len())
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
                t.name,
                pct(t.separability_before),
                pct(t.separability_after),
                count(t.volume_before),
                count(t.volume_after),
                ratio(t.volume_before, t.volume_after)
            );
        }
    }
    for n in &doc.notes {
        let _ = writeln!(out, "note: {n}");
    }
    match &doc.written {
        Some(path) => {
            let _ = writeln!(
                out,
                "wrote {path}; `teamlint audit --compare {path}` measures it"
            );
        }
        None if !doc.moves.is_empty() => {
            let _ = writeln!(out, "`--write FILE` writes the map with these moves");
        }
        None => {}
    }
    out
}
