//! The page around the pictures: head, style sheet and header.

use super::*;

pub(super) fn head(repo: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            meta name="generator" content="teamlint";
            title { "teamlint audit — " (Shown(repo)) }
            // Our own style sheet: a CSS value may hold quotes, which a
            // style element takes as they are.
            style { (PreEscaped(CSS)) }
        }
    }
}

pub(super) const CSS: &str = r#":root{--fg:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bad:#b91c1c;--good:#15803d}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--fg);background:#f3f4f6}
main{max-width:1180px;margin:0 auto;padding:20px}
header.top{display:flex;flex-wrap:wrap;gap:16px 40px;align-items:center;background:#fff;border:1px solid var(--line);border-radius:8px;padding:18px 24px}
h1{font-size:22px;margin:0 0 6px;word-break:break-word}
h1 small{font-weight:400;color:var(--muted)}
.window{color:var(--muted);margin:2px 0}
header.top>div:first-child{flex:1 1 480px;min-width:0}
.score{flex:0 0 auto;text-align:right;max-width:300px}
.big{font-size:60px;font-weight:700;line-height:1;font-variant-numeric:tabular-nums}
.score .label{color:var(--muted)}
.counts{margin-top:8px}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 24px 18px;margin-top:18px}
h2{font-size:17px;margin:0 0 8px}
h3{font-size:15px;margin:14px 0 6px}
.chart{overflow-x:auto}
svg{max-width:100%;height:auto;font-family:inherit;display:block}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f9fafb;font-weight:600;white-space:nowrap}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.sev{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600}
.sev.error{background:#fee2e2;color:#991b1b}
.sev.warning{background:#fef3c7;color:#92400e}
.good{color:var(--good)}
.bad{color:var(--bad);font-weight:600}
.low td:first-child{box-shadow:inset 3px 0 var(--bad)}
.legend{display:flex;flex-wrap:wrap;gap:6px 22px;align-items:center;font-size:12px;color:var(--muted);margin-top:10px}
.ramp{display:inline-block;width:110px;height:10px;border:1px solid #d1d5db;vertical-align:middle;margin:0 4px}
.swatch{display:inline-block;width:14px;height:14px;vertical-align:middle;margin-right:5px;border:1px solid #d1d5db}
.line{display:inline-block;width:28px;height:0;vertical-align:middle;margin-right:5px}
.note{color:var(--muted);margin:4px 0 8px}
.help{color:var(--muted);font-size:12px}
ul.commits{margin:0;padding:0;list-style:none}
ul.commits li{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:360px}
details{margin-top:6px}
footer{color:var(--muted);font-size:12px;margin:18px 0 8px;text-align:center}
"#;

pub(super) fn header(doc: &AuditReport<'_>) -> Markup {
    let w = &doc.window;
    let m = doc.metrics;
    let s = doc.summary;
    let big = match m.separability {
        Some(v) if v < LOW_SEPARABILITY => "big bad",
        Some(_) => "big good",
        None => "big",
    };
    let skipped = w.skipped_large_ids.len();
    let listed = skipped.min(200);
    html! {
        header class="top" {
            div {
                h1 { (Shown(&doc.repo)) " " small { "· teamlint audit" } }
                p class="window" {
                    "Window: "
                    @match (&w.since, &w.until) {
                        (Some(s), Some(u)) => { "from " (Shown(s)) " until " (Shown(u)) }
                        (Some(s), None) => { "since " (Shown(s)) }
                        (None, Some(u)) => { "whole history until " (Shown(u)) }
                        (None, None) => { "whole history" }
                    }
                    @if let (Some(f), Some(l)) = (&w.first, &w.last) {
                        "; changes dated " (Shown(f)) " to " (Shown(l))
                    }
                    "."
                }
                p class="window" {
                    strong { (w.changes) } " changes counted; skipped: " (w.skipped_large)
                    " bulk (more files than " code { "max_changeset" } "), " (w.skipped_authors)
                    " by ignored authors, " (w.skipped_missing) " with missing objects."
                }
                @if let Some(lt) = doc.lead_time {
                    p class="window" {
                        "Time to value: " strong { (Shown(crate::audit::lead::summary(lt))) }
                    }
                }
                @if skipped > 0 {
                    details {
                        summary class="window" { "Bulk changes skipped" }
                        p {
                            @for (i, id) in w.skipped_large_ids.iter().take(listed).enumerate() {
                                @if i > 0 { " " }
                                code { (Shown(short_id(id))) }
                            }
                            @if skipped > listed { " … and " (skipped - listed) " more" }
                        }
                    }
                }
                p class="counts" {
                    span class="sev error" { (s.errors) " error" (plural(s.errors)) }
                    " "
                    span class="sev warning" { (s.warnings) " warning" (plural(s.warnings)) }
                }
            }
            div class="score" {
                div class=(big) { (percent(m.separability)) }
                div class="label" { "repository separability" }
                div class="label" {
                    "of " (count(m.owned_changes))
                    " changes touching owned files, the share that touched one team"
                }
            }
        }
    }
}

/// A section of the page with its heading.
pub(super) fn section(id: &str, title: &str, body: Markup) -> Markup {
    html! {
        section id=(id) {
            h2 { (title) }
            (body)
        }
    }
}
