//! The page around the pictures: head, style sheet and header.

use super::*;

pub(super) fn head(out: &mut String, repo: &str) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"teamlint\">\n\
         <title>teamlint audit — {}</title>\n<style>\n{}</style>\n</head>\n<body>\n",
        escape(repo),
        CSS
    );
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

pub(super) fn header(out: &mut String, doc: &AuditReport<'_>) {
    let w = &doc.window;
    let m = doc.metrics;
    out.push_str("<header class=\"top\">\n<div>\n");
    let _ = writeln!(
        out,
        "<h1>{} <small>· teamlint audit</small></h1>",
        escape(&doc.repo)
    );
    let range = match (&w.since, &w.until) {
        (Some(s), Some(u)) => format!("from {} until {}", escape(s), escape(u)),
        (Some(s), None) => format!("since {}", escape(s)),
        (None, Some(u)) => format!("whole history until {}", escape(u)),
        (None, None) => "whole history".to_string(),
    };
    let dates = match (&w.first, &w.last) {
        (Some(f), Some(l)) => format!("; changes dated {} to {}", escape(f), escape(l)),
        _ => String::new(),
    };
    let _ = writeln!(out, "<p class=\"window\">Window: {range}{dates}.</p>");
    let _ = writeln!(
        out,
        "<p class=\"window\"><strong>{}</strong> changes counted; skipped: {} bulk (more files than \
         <code>max_changeset</code>), {} by ignored authors, {} with missing objects.</p>",
        w.changes, w.skipped_large, w.skipped_authors, w.skipped_missing
    );
    if let Some(lt) = doc.lead_time {
        let _ = writeln!(
            out,
            "<p class=\"window\">Time to value: <strong>{}</strong></p>",
            escape(&crate::audit::lead::summary(lt))
        );
    }
    if !w.skipped_large_ids.is_empty() {
        let ids: Vec<String> = w
            .skipped_large_ids
            .iter()
            .take(200)
            .map(|id| format!("<code>{}</code>", escape(&short_id(id))))
            .collect();
        let more = w.skipped_large_ids.len().saturating_sub(ids.len());
        let _ = writeln!(
            out,
            "<details><summary class=\"window\">Bulk changes skipped</summary><p>{}{}</p></details>",
            ids.join(" "),
            if more > 0 {
                format!(" … and {more} more")
            } else {
                String::new()
            }
        );
    }
    let s = doc.summary;
    let _ = writeln!(
        out,
        "<p class=\"counts\"><span class=\"sev error\">{} error{}</span> \
         <span class=\"sev warning\">{} warning{}</span></p>",
        s.errors,
        plural(s.errors),
        s.warnings,
        plural(s.warnings)
    );
    out.push_str("</div>\n");
    let class = match m.separability {
        Some(v) if v < LOW_SEPARABILITY => " bad",
        Some(_) => " good",
        None => "",
    };
    let _ = writeln!(
        out,
        "<div class=\"score\"><div class=\"big{class}\">{}</div>\
         <div class=\"label\">repository separability</div>\
         <div class=\"label\">of {} changes touching owned files, the share that touched one team</div></div>",
        percent(m.separability),
        count(m.owned_changes)
    );
    out.push_str("</header>\n");
}

pub(super) fn section_start(out: &mut String, id: &str, title: &str) {
    let _ = writeln!(out, "<section id=\"{id}\">\n<h2>{title}</h2>");
}
