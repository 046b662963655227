//! JSON: one versioned document per run, with stable field names.

use serde_json::{json, Value};

use super::{CheckReport, PathEntry};
use crate::rules::Rule;

pub const VERSION: u32 = 1;

fn finish(v: Value) -> String {
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

pub fn check(doc: &CheckReport<'_>) -> String {
    let mut v = json!({
        "version": VERSION,
        "findings": doc.findings,
        "summary": doc.summary,
    });
    if !doc.notes.is_empty() {
        v["notes"] = json!(doc.notes);
    }
    if let Some(c) = &doc.change {
        v["change"] = json!({
            "files": c.files,
            "teams": c.teams.iter().map(|(t, n)| json!({"team": t, "files": n})).collect::<Vec<_>>(),
            "unowned": c.unowned,
        });
    }
    finish(v)
}

pub fn paths(entries: &[PathEntry]) -> String {
    finish(json!({ "version": VERSION, "paths": entries }))
}

pub fn rules(rules: &[&Rule]) -> String {
    let list: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "name": r.name,
                "default": r.default,
                "group": r.group.as_str(),
                "summary": r.summary,
                "doc": r.doc,
            })
        })
        .collect();
    finish(json!({ "version": VERSION, "rules": list }))
}
