//! The proposed moves as Markdown (a pull request comment, a step summary).

use std::fmt::Write;

use super::{pct, ratio, SuggestReport};
use crate::markdown::escape;
use teamlint_core::finding::text::count;

pub fn render(doc: &SuggestReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## teamlint suggest: {}\n", escape(&doc.repo));
    let _ = writeln!(
        out,
        "**Repository separability: {} → {}** with {} move(s), over {} changes.\n",
        pct(doc.before),
        pct(doc.after),
        doc.moves.len(),
        doc.window.changes
    );
    if !doc.moves.is_empty() {
        out.push_str("| # | move | where | from | to | files | separability after | stop / start crossing | teams |\n|--:|---|---|---|---|--:|--:|--:|---|\n");
        for (i, m) in doc.moves.iter().enumerate() {
            let teams: Vec<String> = m
                .teams
                .iter()
                .map(|t| format!("{} {} → {}", escape(&t.name), pct(t.before), pct(t.after)))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} `{}` | {} | {} | {} | {} | {} | {} / {} | {} |",
                i + 1,
                m.kind,
                escape(&m.patterns.join("`, `")),
                escape(&m.location),
                escape(&m.from.join(" + ")),
                escape(&m.to),
                m.files,
                pct(m.separability),
                count(m.fixed),
                count(m.broken),
                teams.join("; ")
            );
        }
        out.push('\n');
        for (i, m) in doc.moves.iter().enumerate() {
            if let Some(why) = &m.why {
                let _ = writeln!(out, "- move {}: {}", i + 1, escape(why));
            }
        }
        if doc.moves.iter().any(|m| m.why.is_some()) {
            out.push('\n');
        }
    }
    if !doc.teams.is_empty() {
        let _ = writeln!(
            out,
            "### Teams\n\nChange volume kept within ÷{0} and ×{0} of today's.\n",
            doc.bound
        );
        out.push_str("| team | separability | proposed | volume | proposed | ratio |\n|---|--:|--:|--:|--:|--:|\n");
        for t in &doc.teams {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                escape(&t.name),
                pct(t.separability_before),
                pct(t.separability_after),
                count(t.volume_before),
                count(t.volume_after),
                ratio(t.volume_before, t.volume_after)
            );
        }
        out.push('\n');
    }
    for n in &doc.notes {
        let _ = writeln!(out, "> {}", escape(n));
    }
    out
}
