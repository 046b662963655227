//! The JSON Schema for OWNERS.toml: generated from the parser's own key
//! tables, committed as docs/owners.schema.json, and in agreement with the
//! parser on every key, on wrong types, and on the files teamlint writes.
//!
//! After changing the format, regenerate the committed file with
//! `TEAMLINT_UPDATE_SCHEMA=1 cargo nextest run --test schema`.

mod support;

use std::path::{Path, PathBuf};

use serde_json::Value;
use support::schema::{manifest_dir, Schema};
use support::{fixture, TestRepo};
use teamlint_core::config::schema::{self, Kind, Table};
use teamlint_core::config::Config;
use teamlint_core::finding::{RuleId, Source};

/// Config errors other than unknown-team (a finding about names, which the
/// schema does not know).
fn parser_errors(root: &str, dirs: &[(&str, &str)]) -> Vec<String> {
    let dirs = dirs
        .iter()
        .map(|(d, t)| {
            let path = format!("{d}/OWNERS.toml");
            (d.to_string(), Source::new(path, t.to_string()))
        })
        .collect();
    match Config::load(Source::new("OWNERS.toml".into(), root.into()), dirs) {
        Ok(_) => Vec::new(),
        Err((_, errors)) => errors
            .into_iter()
            .filter(|e| e.rule != RuleId::UnknownTeam)
            .map(|e| format!("{}: {}", e.rule.name(), e.message))
            .collect(),
    }
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let path = manifest_dir().join(schema::PATH);
    let generated = schema::text();
    if std::env::var_os("TEAMLINT_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is out of date; regenerate it with \
         `TEAMLINT_UPDATE_SCHEMA=1 cargo nextest run --test schema`",
        schema::PATH
    );
}

/// Values of a kind that both the parser and the schema accept.
fn valid(kind: Kind) -> Vec<String> {
    let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
    match kind {
        Kind::Version => s(&["1"]),
        Kind::String => s(&["\"a\""]),
        Kind::Bool => s(&["true", "false"]),
        Kind::Count => s(&["0", "30"]),
        Kind::PositiveCount => s(&["1", "2"]),
        Kind::Ratio => s(&["0.3", "1", "0"]),
        // Not `[]`: an [[own]] rule's `teams` must name a team.
        Kind::Strings => s(&["[\"a\", \"b\"]"]),
        Kind::Patterns => s(&["[\"/src/\", \"*.rs\", \"docs/*\"]"]),
        Kind::OneOf(values) => values.iter().map(|v| format!("\"{v}\"")).collect(),
        Kind::DateOrPeriod => s(&["\"12 months\"", "\"2025-01-01\"", "2025-01-01"]),
        Kind::Period => s(&["\"180 days\""]),
        Kind::Table(_) => s(&["{}"]),
        Kind::Teams => s(&["{}", "{ a = { leader = \"l@acme.test\" } }"]),
        Kind::OwnRules => s(&["[]", "[{ unowned = true, paths = [\"*\"] }]"]),
        Kind::RuleLevels => s(&["{}", "{ dead-pattern = \"warning\" }"]),
        Kind::Sections => s(&[
            "{}",
            "{ a = { team = \"x\", approvals = 2, optional = true } }",
        ]),
    }
}

/// Values of a kind that both must reject: wrong types and ranges.
fn invalid(kind: Kind) -> Vec<&'static str> {
    match kind {
        Kind::Version => vec!["\"1\"", "2"],
        Kind::String => vec!["1", "[\"a\", \"b\"]", "true"],
        Kind::Bool => vec!["\"yes\"", "1"],
        Kind::Count => vec!["\"5\"", "-1", "1.5"],
        Kind::PositiveCount => vec!["0", "\"1\""],
        Kind::Ratio => vec!["1.5", "-0.1", "\"x\""],
        Kind::Strings | Kind::Patterns => vec!["\"a\"", "[1]", "{}"],
        Kind::OneOf(_) => vec!["\"nope\"", "1"],
        Kind::DateOrPeriod | Kind::Period => vec!["1", "[]"],
        Kind::Table(_) => vec!["1", "[]"],
        Kind::Teams => vec![
            "1",
            "{ a = 1 }",
            "{ a = { boss = \"x\" } }",
            "{ \" \" = {} }",
        ],
        Kind::OwnRules => vec!["1", "[1]", "[{ paths = [\"*\"] }]"],
        Kind::RuleLevels => vec![
            "1",
            "{ not-a-rule = \"error\" }",
            "{ dead-pattern = \"fatal\" }",
        ],
        Kind::Sections => vec!["1", "{ a = 1 }", "{ a = { boss = 1 } }"],
    }
}

/// How to write a document that puts `key = value` in one table: the
/// root text, and a directory file's text when the table is in one.
type Place = fn(&str) -> (String, Option<String>);

/// Every table of the format, with its name and its [`Place`].
fn tables() -> Vec<(&'static str, &'static Table, Place)> {
    vec![
        ("root", &schema::ROOT, |kv| {
            // Sections are GitLab's: the map must be in its dialect.
            if kv.starts_with("sections ") {
                (
                    format!("codeowners = {{ dialect = \"gitlab\" }}\n{kv}"),
                    None,
                )
            } else {
                (kv.to_string(), None)
            }
        }),
        ("[codeowners]", &schema::CODEOWNERS, |kv| {
            (format!("codeowners = {{ {kv} }}"), None)
        }),
        ("[sections.a]", &schema::SECTION, |kv| {
            (
                format!("codeowners = {{ dialect = \"gitlab\" }}\nsections = {{ a = {{ {kv} }} }}"),
                None,
            )
        }),
        ("directory", &schema::DIRECTORY, |kv| {
            ("version = 1".into(), Some(kv.to_string()))
        }),
        ("[settings]", &schema::SETTINGS, |kv| {
            (format!("settings = {{ {kv} }}"), None)
        }),
        ("[coupling]", &schema::COUPLING, |kv| {
            (format!("coupling = {{ {kv} }}"), None)
        }),
        ("[teams.a]", &schema::TEAM, |kv| {
            (format!("teams = {{ a = {{ {kv} }} }}"), None)
        }),
        ("[[own]]", &schema::OWN_RULE, |kv| {
            // A rule needs paths and exactly one owner.
            let rest = if kv.starts_with("paths ") {
                "unowned = true"
            } else if kv == "unowned = false" || kv.starts_with("section ") {
                "team = \"a\", paths = [\"*\"]"
            } else {
                "paths = [\"*\"]"
            };
            // A rule's section is declared in a map in GitLab's dialect.
            let head = if kv.starts_with("section ") {
                "codeowners = { dialect = \"gitlab\" }\nsections = { a = {} }\n"
            } else {
                ""
            };
            (format!("{head}own = [{{ {kv}, {rest} }}]"), None)
        }),
    ]
}

/// What the parser and the schema say of a document: (parser, schema).
fn verdicts(schema: &Schema, root: &str, dir: Option<&str>) -> (Vec<String>, Result<(), String>) {
    match dir {
        Some(d) => (parser_errors(root, &[("sub", d)]), schema.check(d)),
        None => (parser_errors(root, &[]), schema.check(root)),
    }
}

#[test]
fn every_key_the_parser_takes_the_schema_takes_with_the_same_types() {
    let schema = Schema::load();
    let mut disagreements = Vec::new();
    for (table_name, table, place) in tables() {
        for key in table.keys {
            for value in valid(key.kind) {
                let kv = format!("{} = {value}", key.name);
                let (root, dir) = place(&kv);
                let (parser, by_schema) = verdicts(&schema, &root, dir.as_deref());
                if !parser.is_empty() || by_schema.is_err() {
                    disagreements.push(format!(
                        "{table_name} `{kv}`: parser {parser:?}, schema {by_schema:?}"
                    ));
                }
            }
            for value in invalid(key.kind) {
                let kv = format!("{} = {value}", key.name);
                let (root, dir) = place(&kv);
                let (parser, by_schema) = verdicts(&schema, &root, dir.as_deref());
                if parser.is_empty() || by_schema.is_ok() {
                    disagreements.push(format!(
                        "{table_name} `{kv}` must be rejected: parser {parser:?}, schema {by_schema:?}"
                    ));
                }
            }
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn a_key_outside_the_tables_is_rejected_by_both() {
    let schema = Schema::load();
    for (table_name, table, place) in tables() {
        for stray in ["owner", "Team", "path", "leaders", "x"] {
            if table.has(stray) {
                continue;
            }
            let (root, dir) = place(&format!("{stray} = \"x\""));
            let (parser, by_schema) = verdicts(&schema, &root, dir.as_deref());
            assert!(
                parser.iter().any(|e| e.contains("unknown key")),
                "{table_name} `{stray}`: parser {parser:?}"
            );
            assert!(
                by_schema.is_err(),
                "{table_name} `{stray}`: schema accepts it"
            );
        }
    }
}

#[test]
fn the_owner_forms_of_an_own_rule_agree() {
    let schema = Schema::load();
    let accepted = [
        "team = \"a\"",
        "teams = [\"a\", \"b\"]",
        "unowned = true",
        "team = \"a\", unowned = false",
    ];
    let rejected = [
        "",
        "team = \"a\", teams = [\"b\"]",
        "team = \"a\", unowned = true",
        "teams = []",
        "unowned = false",
    ];
    for owner in accepted.iter().chain(&rejected) {
        let sep = if owner.is_empty() { "" } else { ", " };
        let root = format!("own = [{{ {owner}{sep}paths = [\"*\"] }}]");
        let (parser, by_schema) = verdicts(&schema, &root, None);
        let want = accepted.contains(owner);
        assert_eq!(parser.is_empty(), want, "parser on `{root}`: {parser:?}");
        assert_eq!(by_schema.is_ok(), want, "schema on `{root}`: {by_schema:?}");
    }
}

#[test]
fn root_only_tables_in_a_directory_file_are_rejected_by_both() {
    let schema = Schema::load();
    for root_only in ["settings = {}", "coupling = {}", "teams = {}", "rules = {}"] {
        let dir = format!("inherit = false\n{root_only}\n");
        let (parser, by_schema) = verdicts(&schema, "version = 1", Some(&dir));
        assert!(!parser.is_empty(), "parser on `{dir}`");
        assert!(by_schema.is_err(), "schema on `{dir}`");
    }
}

#[test]
fn every_rule_and_level_is_in_the_schema() {
    let schema = Schema::load();
    for rule in RuleId::ALL {
        for level in schema::LEVELS {
            let root = format!("[rules]\n{} = \"{level}\"\n", rule.name());
            let (parser, by_schema) = verdicts(&schema, &root, None);
            assert!(parser.is_empty(), "parser on `{root}`: {parser:?}");
            assert!(by_schema.is_ok(), "schema on `{root}`: {by_schema:?}");
        }
    }
}

/// Every OWNERS.toml under `dir`, sorted.
fn owners_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(owners_files(&path));
        } else if path.file_name().is_some_and(|n| n == "OWNERS.toml") {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn every_fixture_and_the_repository_map_validate_and_load() {
    let schema = Schema::load();
    let mut files = owners_files(&fixture(""));
    assert!(files.len() >= 3, "{files:?}");
    files.push(manifest_dir().join("OWNERS.toml"));
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        if let Err(e) = schema.check(&text) {
            panic!("{}: {e}", file.display());
        }
    }
    // Each fixture tree loads: its top file is the root, the rest are
    // directory files.
    for tree in std::fs::read_dir(fixture("owners")).unwrap() {
        let tree = tree.unwrap().path();
        let root = std::fs::read_to_string(tree.join("OWNERS.toml")).unwrap();
        let dirs: Vec<(String, String)> = owners_files(&tree)
            .into_iter()
            .filter_map(|f| {
                let rel = f.parent()?.strip_prefix(&tree).ok()?.to_str()?.to_string();
                (!rel.is_empty()).then(|| (rel, std::fs::read_to_string(&f).unwrap()))
            })
            .collect();
        let dirs: Vec<(&str, &str)> = dirs.iter().map(|(d, t)| (d.as_str(), t.as_str())).collect();
        let errors = parser_errors(&root, &dirs);
        assert!(errors.is_empty(), "{}: {errors:?}", tree.display());
    }
}

#[test]
fn what_init_writes_names_the_schema_and_validates() {
    let schema = Schema::load();
    let directive = format!("#:schema {}\n", schema::URL);

    let mut repo = TestRepo::new();
    repo.write("src/main.rs", "");
    repo.commit("init");
    let run = repo.run(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let starter = std::fs::read_to_string(repo.path().join("OWNERS.toml")).unwrap();
    assert!(starter.starts_with(&directive), "{starter}");
    schema.check(&starter).unwrap();

    let codeowners = std::fs::read_to_string(fixture("codeowners/acme.CODEOWNERS")).unwrap();
    repo.write(".github/CODEOWNERS", &codeowners);
    let run = repo.run(&["init", "--force", "--from-codeowners", ".github/CODEOWNERS"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let imported = std::fs::read_to_string(repo.path().join("OWNERS.toml")).unwrap();
    assert!(imported.starts_with(&directive), "{imported}");
    schema.check(&imported).unwrap();
}

#[test]
fn the_schema_documents_every_key() {
    let json: Value = serde_json::from_str(&schema::text()).unwrap();
    let mut missing = Vec::new();
    fn walk(v: &Value, at: &str, missing: &mut Vec<String>) {
        if let Some(props) = v.get("properties").and_then(Value::as_object) {
            for (k, p) in props {
                let here = format!("{at}.{k}");
                let documented = p
                    .get("description")
                    .and_then(Value::as_str)
                    .is_some_and(|d| !d.is_empty());
                if !documented {
                    missing.push(here.clone());
                }
                walk(p, &here, missing);
            }
        }
        if let Some(defs) = v.get("definitions").and_then(Value::as_object) {
            for (k, d) in defs {
                walk(d, &format!("#{k}"), missing);
            }
        }
    }
    walk(&json, "", &mut missing);
    assert!(missing.is_empty(), "undocumented: {missing:?}");
}
