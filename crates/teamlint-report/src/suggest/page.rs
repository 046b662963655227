//! The proposed moves as one self-contained HTML page.

use std::fmt::Write;

use super::{pct, ratio, SuggestReport};
use crate::audit::html::escape;
use teamlint_core::finding::text::count;

pub fn render(doc: &SuggestReport) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>teamlint suggest: {0}</title>\n<style>\n\
         body{{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}}\n\
         table{{border-collapse:collapse}}td,th{{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:left}}\n\
         .n{{text-align:right}}code{{font-size:.9em}}\n</style>\n</head>\n<body>\n\
         <h1>teamlint suggest: {0}</h1>\n",
        escape(&doc.repo)
    );
    let _ = writeln!(
        out,
        "<p><strong>Repository separability: {} → {}</strong> with {} move(s), over {} changes.</p>",
        pct(doc.before),
        pct(doc.after),
        doc.moves.len(),
        doc.window.changes
    );
    if !doc.moves.is_empty() {
        out.push_str(
            "<section id=\"moves\">\n<h2>Proposed moves</h2>\n<table>\n<thead><tr><th class=\"n\">#</th>\
             <th>move</th><th>where</th><th>from</th><th>to</th><th class=\"n\">files</th>\
             <th class=\"n\">separability after</th><th class=\"n\">stop / start crossing</th>\
             <th>teams</th><th>commits</th></tr></thead>\n<tbody>\n",
        );
        for (i, m) in doc.moves.iter().enumerate() {
            let teams: Vec<String> = m
                .teams
                .iter()
                .map(|t| format!("{} {} → {}", escape(&t.name), pct(t.before), pct(t.after)))
                .collect();
            let commits: Vec<String> = m
                .commits
                .iter()
                .map(|c| format!("<code>{}</code> {}", escape(&c.id), escape(&c.subject)))
                .collect();
            let _ = writeln!(
                out,
                "<tr><td class=\"n\">{}</td><td>{} <code>{}</code></td><td>{}</td><td>{}</td><td>{}</td>\
                 <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{} / {}</td><td>{}</td><td>{}</td></tr>",
                i + 1,
                m.kind,
                escape(&m.patterns.join(", ")),
                escape(&m.location),
                escape(&m.from.join(" + ")),
                escape(&m.to),
                m.files,
                pct(m.separability),
                count(m.fixed),
                count(m.broken),
                teams.join("<br>"),
                commits.join("<br>")
            );
            if let Some(why) = &m.why {
                let _ = writeln!(
                    out,
                    "<tr><td></td><td colspan=\"9\">{}</td></tr>",
                    escape(why)
                );
            }
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }
    if !doc.teams.is_empty() {
        let _ = writeln!(
            out,
            "<section id=\"teams\">\n<h2>Teams</h2>\n<p>Change volume kept within ÷{0} and ×{0} of today's.</p>",
            doc.bound
        );
        out.push_str(
            "<table>\n<thead><tr><th>team</th><th class=\"n\">separability</th><th class=\"n\">proposed</th>\
             <th class=\"n\">volume</th><th class=\"n\">proposed</th><th class=\"n\">ratio</th></tr></thead>\n<tbody>\n",
        );
        for t in &doc.teams {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&t.name),
                pct(t.separability_before),
                pct(t.separability_after),
                count(t.volume_before),
                count(t.volume_after),
                ratio(t.volume_before, t.volume_after)
            );
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }
    for n in &doc.notes {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(n));
    }
    out.push_str("</body>\n</html>\n");
    out
}
