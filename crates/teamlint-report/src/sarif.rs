//! SARIF 2.1.0: for GitHub code scanning and other SARIF viewers.
//!
//! GitHub rejects a result without a location, so every result gets one:
//! the span in a config file when the finding has it, else line 1 of the
//! finding's path, else line 1 of the root config.
//!
//! `partialFingerprints` hash rule, teams and path
//! ([`Finding::fingerprint`]), never a line, so an alert survives edits that
//! only move it. Findings that share that identity in one run (two dead
//! patterns in one file) are told apart by a `:N` occurrence suffix, as
//! CodeQL does, so code scanning does not fold them into one alert.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::{CheckReport, Place};
use teamlint_core::finding::RuleId;
use teamlint_core::finding::{Finding, Location, Severity, Source};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SARIF_VERSION: &str = "2.1.0";

/// Where a reader learns about the tool: the crate's repository once
/// Cargo.toml names one, its crates.io page until then.
const INFORMATION_URI: &str = if env!("CARGO_PKG_REPOSITORY").is_empty() {
    concat!("https://crates.io/crates/", env!("CARGO_PKG_NAME"))
} else {
    env!("CARGO_PKG_REPOSITORY")
};

/// Relative URIs are relative to the repository root, which the consumer
/// (GitHub: the checkout) knows and we do not name.
const SRCROOT: &str = "%SRCROOT%";

/// Findings that point nowhere are shown on the root config.
const ROOT_CONFIG: &str = "OWNERS.toml";

/// Versioned so that a change in what the hash covers starts new alerts
/// under a new key instead of silently re-matching old ones.
const FINGERPRINT_KEY: &str = "teamlint/v2";

pub fn check(doc: &CheckReport<'_>) -> String {
    let root = doc.sources.first().map_or(ROOT_CONFIG, |s| s.path.as_str());
    let mut seen: HashMap<u64, usize> = HashMap::new();
    let mut results = Vec::new();
    let mut unplaced = Vec::new();
    for f in doc.findings {
        let mut places = doc.places(f);
        if places.is_empty() && doc.changed.is_none() {
            places.push(Place {
                file: root.to_string(),
                line: None,
            });
        }
        let Some(place) = places.first() else {
            // A change check: no file of the change to put it on. It is
            // told as a notification, never put on an untouched file.
            unplaced.push(json!({
                "level": level(f.severity),
                "descriptor": { "id": f.rule },
                "message": { "text": message_text(f) },
            }));
            continue;
        };
        let hash = fnv1a64(f.fingerprint().as_bytes());
        let occurrence = seen.entry(hash).or_insert(0);
        *occurrence += 1;
        results.push(result(
            f,
            place,
            doc.sources,
            &format!("{hash:016x}:{occurrence}"),
        ));
    }
    let notifications: Vec<Value> = unplaced
        .into_iter()
        .chain(
            doc.notes
                .iter()
                .map(|n| json!({ "level": "note", "message": { "text": n } })),
        )
        .collect();
    let mut invocation = json!({ "executionSuccessful": !doc.config_failed });
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = Value::Array(notifications);
    }
    let v = json!({
        "$schema": SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {
                "driver": {
                    "name": "teamlint",
                    "informationUri": INFORMATION_URI,
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": RuleId::ALL.iter().map(|&r| rule(r)).collect::<Vec<_>>(),
                }
            },
            // Source::line_col counts characters, not UTF-16 units.
            "columnKind": "unicodeCodePoints",
            "invocations": [invocation],
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

fn rule(r: RuleId) -> Value {
    json!({
        "id": r.name(),
        "shortDescription": { "text": r.summary() },
        "fullDescription": { "text": what_it_does(r) },
        "help": { "text": r.doc(), "markdown": r.doc() },
        "defaultConfiguration": { "level": level(r.default_severity()) },
        "properties": { "tags": [r.group().as_str()] },
    })
}

/// The body of the doc's "What it does" section, on one line.
fn what_it_does(r: RuleId) -> String {
    let Some((_, rest)) = r.doc().split_once("## What it does") else {
        return r.summary().to_string();
    };
    let body = rest.split("\n## ").next().unwrap_or("");
    let text = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        r.summary().to_string()
    } else {
        text
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Allow => "none",
    }
}

fn result(f: &Finding, place: &Place, sources: &[Source], fingerprint: &str) -> Value {
    // A finding about a file sits on that file, where a pull request's
    // reviewer sees it; the rule that decided it is a related location.
    let location = match (&f.location, place.line) {
        (Some(l), Some(_)) if l.file == place.file => physical(&l.file, region(l, sources)),
        _ => physical(&place.file, first_line()),
    };
    let mut r = json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": { "text": message_text(f) },
        "locations": [location],
        "partialFingerprints": { FINGERPRINT_KEY: fingerprint },
    });
    r["ruleIndex"] = json!(f.rule as usize);
    if let (Some(l), true) = (&f.location, place.line.is_none() || f.path.is_some()) {
        let mut related = physical(&l.file, region(l, sources));
        related["id"] = json!(1);
        related["message"] = json!({ "text": "the rule that decides it" });
        r["relatedLocations"] = json!([related]);
    }
    r
}

/// A whole-file result still names a line: GitHub code scanning places an
/// alert only by `region.startLine`.
fn first_line() -> Value {
    json!({ "startLine": 1 })
}

/// The message, then the help line.
fn message_text(f: &Finding) -> String {
    match &f.help {
        Some(h) => format!("{}\nhelp: {h}", f.message),
        None => f.message.clone(),
    }
}

fn physical(path: &str, region: Value) -> Value {
    json!({ "physicalLocation": { "artifactLocation": artifact(path), "region": region } })
}

fn artifact(path: &str) -> Value {
    match absolute_uri(path) {
        Some(uri) => json!({ "uri": uri }),
        None => json!({ "uri": encode_path(path), "uriBaseId": SRCROOT }),
    }
}

/// A `file:` URI for an absolute path (a `--config` outside the repository).
fn absolute_uri(path: &str) -> Option<String> {
    if path.starts_with('/') {
        return Some(format!("file://{}", encode_path(path)));
    }
    let b = path.as_bytes();
    let drive = b.len() >= 3
        && b[0].is_ascii_alphabetic()
        && b[1] == b':'
        && (b[2] == b'\\' || b[2] == b'/');
    drive.then(|| {
        format!(
            "file:///{}:{}",
            &path[..1],
            encode_path(&path[2..].replace('\\', "/"))
        )
    })
}

/// Percent-encodes a path for a URI (RFC 3986): unreserved characters and
/// `/` stay, every other byte of the UTF-8 becomes `%XX`. Encoding the
/// sub-delimiters too keeps `:` in a first segment from reading as a scheme.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in teamlint_core::pathname::to_bytes(path).iter() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Start from the location; the end from its span, when the source it
/// points into is at hand.
fn region(l: &Location, sources: &[Source]) -> Value {
    let (line, column) = (l.line.max(1), l.column.max(1));
    let mut r = json!({ "startLine": line, "startColumn": column });
    let source = sources.iter().find(|s| s.path == l.file);
    if let Some(s) = source.filter(|s| l.span.start <= l.span.end && l.span.end <= s.text.len()) {
        let (end_line, end_column) = s.line_col(l.span.end);
        if (end_line, end_column) >= (line, column) {
            r["endLine"] = json!(end_line);
            r["endColumn"] = json!(end_column);
        }
    }
    r
}

/// FNV-1a, 64 bits: std's hasher may change between releases, and a
/// fingerprint must not.
fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use teamlint_core::finding::RuleId;

    const CONFIG: &str = "version = 1\n\n[teams.search]\nmembers = []\n";

    fn sources() -> Vec<Source> {
        vec![Source::new("OWNERS.toml".into(), CONFIG.into())]
    }

    fn at(sources: &[Source], needle: &str) -> Location {
        let start = CONFIG.find(needle).unwrap();
        Location::new(&sources[0], start..start + needle.len())
    }

    fn render(findings: &[Finding], sources: &[Source]) -> Value {
        let doc = CheckReport::new(findings, 3, sources);
        serde_json::from_str(&check(&doc)).unwrap()
    }

    fn results(v: &Value) -> &Vec<Value> {
        v["runs"][0]["results"].as_array().unwrap()
    }

    fn kinds(sources: &[Source]) -> Vec<Finding> {
        vec![
            Finding::new(RuleId::MissingLeader, "team `search` has no leader")
                .teams(["search"])
                .at(at(sources, "[teams.search]"), "here")
                .help("add a leader"),
            Finding::new(RuleId::UnownedFile, "`apps/[id]/my page.ts` has no owner")
                .path("apps/[id]/my page.ts"),
            Finding::new(RuleId::LeaderOfMany, "nowhere in particular"),
        ]
    }

    #[test]
    fn fnv1a64_matches_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn uris_keep_slashes_and_encode_the_rest() {
        assert_eq!(
            encode_path("apps/[id]/my page.ts"),
            "apps/%5Bid%5D/my%20page.ts"
        );
        assert_eq!(encode_path("a,b:c%d.txt"), "a%2Cb%3Ac%25d.txt");
        assert_eq!(encode_path("é/x~y_z-1.rs"), "%C3%A9/x~y_z-1.rs");
        assert_eq!(encode_path("line\r\nbreak"), "line%0D%0Abreak");
    }

    #[test]
    fn absolute_config_paths_become_file_uris() {
        assert_eq!(
            artifact("/tmp/my dir/OWNERS.toml"),
            json!({ "uri": "file:///tmp/my%20dir/OWNERS.toml" })
        );
        assert_eq!(
            artifact("C:\\cfg\\OWNERS.toml"),
            json!({ "uri": "file:///C:/cfg/OWNERS.toml" })
        );
        assert_eq!(
            artifact("cfg/OWNERS.toml"),
            json!({ "uri": "cfg/OWNERS.toml", "uriBaseId": "%SRCROOT%" })
        );
    }

    #[test]
    fn every_result_has_a_location() {
        let sources = sources();
        let v = render(&kinds(&sources), &sources);
        let results = results(&v);
        assert_eq!(results.len(), 3);
        for r in results {
            let uri = &r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
            assert!(uri.as_str().is_some_and(|u| !u.is_empty()), "{r:#}");
        }
        let loc = |i: usize| &results[i]["locations"][0]["physicalLocation"];
        assert_eq!(
            loc(0)["region"],
            json!({ "startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 15 })
        );
        assert_eq!(
            loc(1),
            &json!({
                "artifactLocation": { "uri": "apps/%5Bid%5D/my%20page.ts", "uriBaseId": "%SRCROOT%" },
                "region": { "startLine": 1 },
            })
        );
        assert_eq!(
            loc(2),
            &json!({
                "artifactLocation": { "uri": "OWNERS.toml", "uriBaseId": "%SRCROOT%" },
                "region": { "startLine": 1 },
            })
        );
    }

    #[test]
    fn a_result_points_at_the_root_config_even_without_sources() {
        let v = render(&[Finding::new(RuleId::InvalidConfig, "broken")], &[]);
        assert_eq!(
            results(&v)[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "OWNERS.toml"
        );
    }

    #[test]
    fn fingerprints_do_not_change_when_only_the_line_changes() {
        let sources = sources();
        let moved = vec![Source::new(
            "OWNERS.toml".into(),
            format!("# a comment\n\n{CONFIG}"),
        )];
        let start = moved[0].text.find("[teams.search]").unwrap();
        let here = Finding::new(RuleId::MissingLeader, "team `search` has no leader")
            .teams(["search"])
            .at(at(&sources, "[teams.search]"), "here");
        let there = Finding::new(RuleId::MissingLeader, "team `search` has no leader")
            .teams(["search"])
            .at(Location::new(&moved[0], start..start + 3), "here");
        let a = render(std::slice::from_ref(&here), &sources);
        let b = render(std::slice::from_ref(&there), &moved);
        let line = |v: &Value| {
            v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"]
                .clone()
        };
        assert_ne!(line(&a), line(&b));
        let fp = |v: &Value| results(v)[0]["partialFingerprints"].clone();
        assert_eq!(fp(&a), fp(&b));
        let fp_text = fp(&a)[FINGERPRINT_KEY].as_str().unwrap().to_string();
        assert_eq!(
            fp_text,
            format!("{:016x}:1", fnv1a64(b"missing-leader|search||OWNERS.toml|"))
        );

        // Another team is another alert.
        let other = Finding::new(RuleId::MissingLeader, "team `x` has no leader")
            .teams(["x"])
            .at(at(&sources, "[teams.search]"), "here");
        assert_ne!(fp(&render(&[other], &sources)), fp(&a));
    }

    #[test]
    fn equal_fingerprints_in_one_run_are_numbered() {
        let sources = sources();
        let dead = |needle| {
            Finding::new(RuleId::DeadPattern, "pattern matches nothing")
                .subject("/gone/")
                .at(at(&sources, needle), "x")
        };
        let v = render(&[dead("version"), dead("members")], &sources);
        let fps: Vec<&str> = results(&v)
            .iter()
            .map(|r| r["partialFingerprints"][FINGERPRINT_KEY].as_str().unwrap())
            .collect();
        let hash = format!("{:016x}", fnv1a64(b"dead-pattern|||OWNERS.toml|/gone/"));
        assert_eq!(fps, [format!("{hash}:1"), format!("{hash}:2")]);
    }

    #[test]
    fn messages_keep_odd_characters_and_add_the_help_line() {
        let f = Finding::new(RuleId::UnownedFile, "`a,b:c%d.txt` has no owner\r\nreally")
            .path("a,b:c%d.txt")
            .help("list it: in [settings], unowned");
        let v = render(&[f], &[]);
        let r = &results(&v)[0];
        assert_eq!(
            r["message"]["text"],
            "`a,b:c%d.txt` has no owner\r\nreally\nhelp: list it: in [settings], unowned"
        );
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "a%2Cb%3Ac%25d.txt"
        );
    }

    #[test]
    fn rules_list_every_rule_and_results_index_them() {
        let sources = sources();
        let v = render(&kinds(&sources), &sources);
        let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), RuleId::ALL.len());
        let dead = &rules[RuleId::ALL
            .iter()
            .position(|r| r.name() == "dead-pattern")
            .unwrap()];
        assert_eq!(dead["defaultConfiguration"]["level"], "warning");
        assert_eq!(
            dead["shortDescription"]["text"],
            "a pattern matches no tracked file"
        );
        assert!(dead["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("## How to fix"));
        assert!(!dead["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .contains('#'));
        for r in results(&v) {
            match r.get("ruleIndex") {
                Some(i) => assert_eq!(rules[i.as_u64().unwrap() as usize]["id"], r["ruleId"]),
                None => assert_eq!(r["ruleId"], "unknown-rule-kind"),
            }
        }
    }

    #[test]
    fn output_is_deterministic() {
        let sources = sources();
        let findings = kinds(&sources);
        let doc = CheckReport::new(&findings, 3, &sources);
        assert_eq!(check(&doc), check(&doc));
        assert!(check(&doc).ends_with("}\n"));
    }
}
