//! The proposed moves as one self-contained HTML page, written with maud:
//! every value spliced into it is escaped, and text from the repository or
//! the config is spliced as `Shown`.

use maud::{html, PreEscaped, DOCTYPE};

use super::{pct, ratio, SuggestReport};
use crate::audit::html::{table_head, Shown, NUMBER, TEXT};
use teamlint_core::finding::text::count;

const CSS: &str = "body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}\n\
    table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;\
    text-align:left}\n\
    .n{text-align:right}code{font-size:.9em}\n";

pub fn render(doc: &SuggestReport) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { "teamlint suggest: " (Shown(&doc.repo)) }
                // Our own style sheet, taken as it is.
                style { (PreEscaped(CSS)) }
            }
            body {
                h1 { "teamlint suggest: " (Shown(&doc.repo)) }
                p {
                    strong {
                        "Repository separability: " (pct(doc.before)) " → " (pct(doc.after))
                    }
                    " with " (doc.moves.len()) " move(s), over " (doc.window.changes) " changes."
                }
                @if !doc.moves.is_empty() {
                    section id="moves" {
                        h2 { "Proposed moves" }
                        table {
                            (table_head(&[
                                ("#", NUMBER),
                                ("move", TEXT),
                                ("where", TEXT),
                                ("from", TEXT),
                                ("to", TEXT),
                                ("files", NUMBER),
                                ("separability after", NUMBER),
                                ("stop / start crossing", NUMBER),
                                ("teams", TEXT),
                                ("commits", TEXT),
                            ]))
                            tbody {
                                @for (i, m) in doc.moves.iter().enumerate() {
                                    tr {
                                        td class="n" { (i + 1) }
                                        td { (m.kind) " " code { (Shown(m.patterns.join(", "))) } }
                                        td { (Shown(&m.location)) }
                                        td { (Shown(m.from.join(" + "))) }
                                        td { (Shown(&m.to)) }
                                        td class="n" { (m.files) }
                                        td class="n" { (pct(m.separability)) }
                                        td class="n" { (count(m.fixed)) " / " (count(m.broken)) }
                                        td {
                                            @for (k, t) in m.teams.iter().enumerate() {
                                                @if k > 0 { br; }
                                                (Shown(&t.name)) " " (pct(t.before))
                                                " → " (pct(t.after))
                                            }
                                        }
                                        td {
                                            @for (k, c) in m.commits.iter().enumerate() {
                                                @if k > 0 { br; }
                                                code { (Shown(&c.id)) } " " (Shown(&c.subject))
                                            }
                                        }
                                    }
                                    @if let Some(why) = &m.why {
                                        tr { td {} td colspan="9" { (Shown(why)) } }
                                    }
                                }
                            }
                        }
                    }
                }
                @if !doc.teams.is_empty() {
                    section id="teams" {
                        h2 { "Teams" }
                        p {
                            "Change volume kept within ÷" (doc.bound) " and ×" (doc.bound)
                            " of today's."
                        }
                        table {
                            (table_head(&[
                                ("team", TEXT),
                                ("separability", NUMBER),
                                ("proposed", NUMBER),
                                ("volume", NUMBER),
                                ("proposed", NUMBER),
                                ("ratio", NUMBER),
                            ]))
                            tbody {
                                @for t in &doc.teams {
                                    tr {
                                        td { (Shown(&t.name)) }
                                        td class="n" { (pct(t.separability_before)) }
                                        td class="n" { (pct(t.separability_after)) }
                                        td class="n" { (count(t.volume_before)) }
                                        td class="n" { (count(t.volume_after)) }
                                        td class="n" { (ratio(t.volume_before, t.volume_after)) }
                                    }
                                }
                            }
                        }
                    }
                }
                @for n in &doc.notes {
                    p class="note" { (Shown(n)) }
                }
            }
        }
    };
    page.into_string()
}

#[cfg(test)]
mod tests {
    use super::super::{MoveRow, TeamChange, TeamRow};
    use super::*;
    use teamlint_core::finding::CommitRef;

    const EVIL: &str = "<script>alert('x')</script> & \"q\"";

    #[test]
    fn text_from_the_repository_is_escaped() {
        let raw = teamlint_core::pathname::from_bytes(b"pay\xff").into_owned();
        let doc = SuggestReport {
            repo: format!("acme{EVIL}"),
            window: Default::default(),
            before: Some(0.5),
            after: Some(0.75),
            moves: vec![MoveRow {
                kind: "pattern",
                patterns: vec![format!("/src/{EVIL}/")],
                location: "OWNERS.toml:7".into(),
                from: vec![raw.clone()],
                to: format!("web{EVIL}"),
                files: 3,
                separability: Some(0.75),
                teams: vec![TeamChange {
                    name: raw.clone(),
                    before: Some(0.5),
                    after: Some(0.9),
                }],
                fixed: 4.0,
                broken: 1.0,
                commits: vec![CommitRef {
                    id: "0123456".into(),
                    date: "2025-01-02".into(),
                    subject: format!("Fix {EVIL}"),
                }],
                why: Some(format!("because {EVIL}")),
            }],
            teams: vec![TeamRow {
                name: format!("web{EVIL}"),
                separability_before: Some(0.5),
                separability_after: Some(0.75),
                volume_before: 10.0,
                volume_after: 12.0,
            }],
            bound: 2.0,
            written: None,
            notes: vec![format!("note {EVIL}")],
        };
        let html = render(&doc);
        assert!(!html.contains("<script"), "{html}");
        let escaped = "&lt;script&gt;alert('x')&lt;/script&gt; &amp; &quot;q&quot;";
        for shown in [
            format!("<title>teamlint suggest: acme{escaped}</title>"),
            format!("<code>/src/{escaped}/</code>"),
            format!("<td>web{escaped}</td>"),
            format!("</code> Fix {escaped}</td>"),
            format!("<td colspan=\"9\">because {escaped}</td>"),
            format!("<p class=\"note\">note {escaped}</p>"),
        ] {
            assert!(html.contains(&shown), "{shown} not in {html}");
        }
        // A byte that is not UTF-8, as git writes it.
        assert!(!html.contains(&raw));
        assert!(html.contains("<td>pay\\377</td>"), "{html}");
        assert!(html.contains("pay\\377 50.0% → 90.0%"), "{html}");
    }
}
