//! The audit JSON document (SPEC §4), versioned, with stable field names.

use serde_json::json;

use crate::report::AuditReport;

pub fn render(doc: &AuditReport<'_>) -> String {
    let m = doc.metrics;
    let mut v = json!({
        "version": 1,
        "window": doc.window,
        "teams": m.teams,
        "team_pairs": m.team_pairs,
        "file_pairs": m.file_pairs,
        "files": m.files,
        "separability": m.separability,
        "findings": doc.findings,
        "summary": doc.summary,
    });
    if let Some(t) = &doc.trend {
        v["trend"] = json!(t);
    }
    if let Some(c) = &doc.compare {
        v["compare"] = json!({
            "config": c.label,
            "teams": c.metrics.teams,
            "team_pairs": c.metrics.team_pairs,
            "separability": c.metrics.separability,
        });
    }
    if !doc.notes.is_empty() {
        v["notes"] = json!(doc.notes);
    }
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}
