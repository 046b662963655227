//! The machine formats end to end: SARIF checked against the SARIF 2.1.0
//! schema, GitHub workflow commands parsed back the way the runner reads
//! them, and `--output` / `--summary`.

mod support;

use std::collections::BTreeMap;

use serde_json::Value;
use support::{Run, TestRepo};

const OWNERS: &str = r#"version = 1

[teams.payments]
leader = "alice@acme.com"

[teams.search]
members = ["erin@acme.com"]

[[own]]
team = "payments"
paths = ["/services/payments/", "/gone/", "OWNERS.toml"]

[[own]]
team = "search"
paths = ["/apps/[id]/"]
"#;

/// Unowned files whose names need escaping in every format.
const ODD: &str = "a,b:c%d.txt";
const SPACED: &str = "my dir/x.txt";
const NEWLINE: &str = "new\nline.txt";

/// A repository with findings of several kinds: three unowned files
/// (paths only), a team without a leader and a dead pattern (config spans).
fn repo() -> TestRepo {
    let mut repo = TestRepo::new();
    repo.commit_files(
        &[
            ("OWNERS.toml", OWNERS),
            ("services/payments/a.rs", "x"),
            ("apps/[id]/page.ts", "x"),
            (ODD, "x"),
            (SPACED, "x"),
            (NEWLINE, "x"),
        ],
        "init",
    );
    repo
}

fn run_ok(repo: &TestRepo, args: &[&str]) -> Run {
    let run = repo.run(args);
    assert_eq!(
        run.code, 1,
        "teamlint {args:?} should find errors\nstdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    run
}

fn sarif(repo: &TestRepo) -> Value {
    run_ok(repo, &["check", "--format", "sarif"]).json()
}

/// The SARIF 2.1.0 schema (the OASIS schema as Microsoft's SARIF SDK ships
/// it), compiled with format assertions so URIs are checked too.
struct SarifSchema {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl SarifSchema {
    fn load() -> SarifSchema {
        let path = support::fixture("sarif/sarif-schema-2.1.0.json");
        let text = std::fs::read_to_string(&path).expect("read the SARIF schema");
        let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
        let url =
            "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json";
        let mut compiler = boon::Compiler::new();
        compiler.enable_format_assertions();
        compiler.add_resource(url, schema).expect("add the schema");
        let mut schemas = boon::Schemas::new();
        let index = compiler
            .compile(url, &mut schemas)
            .unwrap_or_else(|e| panic!("compile the SARIF schema: {e:#}"));
        SarifSchema { schemas, index }
    }

    fn validate(&self, doc: &Value) -> Result<(), String> {
        self.schemas
            .validate(doc, self.index)
            .map_err(|e| format!("{e}"))
    }
}

fn results(doc: &Value) -> &Vec<Value> {
    doc["runs"][0]["results"].as_array().expect("results")
}

fn physical(result: &Value) -> &Value {
    &result["locations"][0]["physicalLocation"]
}

#[test]
fn sarif_is_valid_against_the_sarif_2_1_0_schema() {
    let repo = repo();
    let doc = sarif(&repo);
    if let Err(e) = SarifSchema::load().validate(&doc) {
        panic!("invalid SARIF: {e}\n{doc:#}");
    }

    assert_eq!(doc["version"], "2.1.0");
    let driver = &doc["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "teamlint");
    let listed = repo.run(&["rules", "--format", "json"]).json();
    assert_eq!(
        driver["rules"].as_array().unwrap().len(),
        listed["rules"].as_array().unwrap().len()
    );

    let results = results(&doc);
    let mut by_uri: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in results {
        let loc = physical(r);
        let uri = loc["artifactLocation"]["uri"]
            .as_str()
            .expect("every result has a uri");
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(
            loc["region"]["startLine"].as_u64().is_some_and(|l| l >= 1),
            "{r:#}"
        );
        let rule = r["ruleId"].as_str().unwrap();
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(driver["rules"][index]["id"], rule);
        by_uri
            .entry(uri.to_string())
            .or_default()
            .push(rule.to_string());
    }
    let expected: BTreeMap<String, Vec<String>> = [
        ("a%2Cb%3Ac%25d.txt", vec!["unowned-file"]),
        ("my%20dir/x.txt", vec!["unowned-file"]),
        ("new%0Aline.txt", vec!["unowned-file"]),
        ("OWNERS.toml", vec!["missing-leader", "dead-pattern"]),
    ]
    .into_iter()
    .map(|(u, r)| (u.to_string(), r.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(by_uri, expected);

    // Config findings carry the span: `/gone/` on line 11, quotes included.
    let dead = results
        .iter()
        .find(|r| r["ruleId"] == "dead-pattern")
        .unwrap();
    let line = OWNERS.lines().nth(10).unwrap();
    let start = line.find("\"/gone/\"").unwrap() + 1;
    assert_eq!(
        physical(dead)["region"],
        serde_json::json!({
            "startLine": 11, "startColumn": start,
            "endLine": 11, "endColumn": start + "\"/gone/\"".len(),
        })
    );
    let odd = results
        .iter()
        .find(|r| physical(r)["artifactLocation"]["uri"] == "a%2Cb%3Ac%25d.txt")
        .unwrap();
    assert!(odd["message"]["text"]
        .as_str()
        .unwrap()
        .starts_with("`a,b:c%d.txt` has no owner\nhelp: "));
}

#[test]
fn the_schema_rejects_broken_sarif() {
    let schema = SarifSchema::load();
    let doc = sarif(&repo());
    assert_eq!(schema.validate(&doc), Ok(()));

    type Mutation = fn(&mut Value);
    let mutations: [(&str, Mutation); 5] = [
        ("no version", |d| {
            d.as_object_mut().unwrap().remove("version");
        }),
        ("an unknown level", |d| {
            d["runs"][0]["results"][0]["level"] = "fatal".into();
        }),
        ("line 0", |d| {
            d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
                0.into();
        }),
        ("a result without a message", |d| {
            d["runs"][0]["results"][0]
                .as_object_mut()
                .unwrap()
                .remove("message");
        }),
        ("a uri that is not a uri", |d| {
            d["runs"][0]["tool"]["driver"]["informationUri"] = "not a uri".into();
        }),
    ];
    for (what, mutate) in mutations {
        let mut broken = doc.clone();
        mutate(&mut broken);
        assert_ne!(broken, doc, "{what}: the mutation changed nothing");
        assert!(
            schema.validate(&broken).is_err(),
            "{what}: the schema accepted a broken document"
        );
    }
}

#[test]
fn sarif_for_a_broken_config_is_valid_and_points_at_the_errors() {
    let mut repo = TestRepo::new();
    repo.commit_files(
        &[
            (
                "OWNERS.toml",
                "version = 1\nbogus = 3\n[[own]]\nteam = \"zz\"\npaths = [\"!x\"]\n",
            ),
            ("f", "x"),
        ],
        "init",
    );
    let run = repo.run(&["check", "--format", "sarif"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let doc = run.json();
    if let Err(e) = SarifSchema::load().validate(&doc) {
        panic!("invalid SARIF: {e}\n{doc:#}");
    }
    assert_eq!(
        doc["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
    let located: Vec<(String, u64)> = results(&doc)
        .iter()
        .map(|r| {
            let loc = physical(r);
            assert_eq!(loc["artifactLocation"]["uri"], "OWNERS.toml", "{r:#}");
            (
                r["ruleId"].as_str().unwrap().to_string(),
                loc["region"]["startLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        located.contains(&("invalid-config".into(), 2)),
        "{located:?}"
    );
    assert!(
        located.contains(&("invalid-pattern".into(), 5)),
        "{located:?}"
    );
}

#[test]
fn sarif_fingerprints_survive_a_line_move() {
    let mut repo = repo();
    let before = sarif(&repo);
    repo.commit_files(
        &[("OWNERS.toml", &format!("# who owns what\n\n{OWNERS}"))],
        "comment",
    );
    let after = sarif(&repo);

    let keyed = |doc: &Value| -> BTreeMap<String, (Value, Value)> {
        results(doc)
            .iter()
            .map(|r| {
                (
                    r["message"]["text"].as_str().unwrap().to_string(),
                    (
                        r["partialFingerprints"].clone(),
                        physical(r)["region"]["startLine"].clone(),
                    ),
                )
            })
            .collect()
    };
    let (before, after) = (keyed(&before), keyed(&after));
    assert_eq!(before.len(), 5);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    let mut moved = 0;
    for (message, (fp, line)) in &before {
        let (fp_after, line_after) = &after[message];
        assert!(fp["teamlint/v2"].is_string(), "{message}: {fp}");
        assert_eq!(fp, fp_after, "{message}: the fingerprint changed");
        if line != line_after {
            assert_eq!(line_after.as_u64(), line.as_u64().map(|l| l + 2));
            moved += 1;
        }
    }
    assert_eq!(moved, 2, "the two config findings moved down two lines");
    let distinct: std::collections::BTreeSet<String> =
        before.values().map(|(fp, _)| fp.to_string()).collect();
    assert_eq!(distinct.len(), before.len(), "fingerprints are distinct");
}

/// Reads a workflow command as the runner does: `::name k=v,k=v::data`,
/// properties split on `,` then the first `=`, every value unescaped.
fn parse_command(line: &str) -> (String, BTreeMap<String, String>, String) {
    let rest = line
        .strip_prefix("::")
        .unwrap_or_else(|| panic!("not a command: {line:?}"));
    let (head, data) = rest
        .split_once("::")
        .unwrap_or_else(|| panic!("no `::` before the data: {line:?}"));
    let (name, props) = head.split_once(' ').unwrap_or((head, ""));
    let props = props
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p
                .split_once('=')
                .unwrap_or_else(|| panic!("property without `=`: {p:?} in {line:?}"));
            (k.to_string(), unescape(v))
        })
        .collect();
    (name.to_string(), props, unescape(data))
}

/// Undoes the toolkit's escaping, left to right.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let code = rest
            .get(i..i + 3)
            .unwrap_or_else(|| panic!("bad escape in {s:?}"));
        out.push(match code {
            "%25" => '%',
            "%0D" => '\r',
            "%0A" => '\n',
            "%3A" => ':',
            "%2C" => ',',
            _ => panic!("`%` not escaped in {s:?}"),
        });
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    out
}

#[test]
fn github_commands_parse_back_to_the_findings() {
    let repo = repo();
    let json = run_ok(&repo, &["check", "--format", "json"]).json();
    let findings = json["findings"].as_array().unwrap();
    let run = run_ok(&repo, &["check", "--format", "github"]);
    assert_eq!(run.stderr, "");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), findings.len() + 1, "{}", run.stdout);

    let mut paths = Vec::new();
    for (line, f) in lines.iter().zip(findings) {
        let (command, props, message) = parse_command(line);
        assert_eq!(command, f["severity"].as_str().unwrap());
        assert_eq!(
            props["title"],
            format!("teamlint ({})", f["rule"].as_str().unwrap())
        );
        let expected_message = format!(
            "{}\nhelp: {}",
            f["message"].as_str().unwrap(),
            f["help"].as_str().unwrap()
        );
        assert_eq!(message, expected_message);
        match &f["location"] {
            Value::Null => {
                assert_eq!(props["file"], f["path"].as_str().unwrap());
                assert!(!props.contains_key("line"), "{line}");
                paths.push(props["file"].clone());
            }
            l => {
                assert_eq!(props["file"], l["file"].as_str().unwrap());
                assert_eq!(props["line"], l["line"].to_string());
                assert_eq!(props["col"], l["column"].to_string());
            }
        }
    }
    paths.sort();
    let mut expected = vec![ODD, SPACED, NEWLINE];
    expected.sort();
    assert_eq!(paths, expected);

    let s = &json["summary"];
    assert_eq!(s["errors"], 4);
    assert_eq!(
        lines.last().unwrap(),
        &format!(
            "::notice::teamlint: 4 errors, 1 warning in {} files",
            s["files"]
        )
    );
}

#[test]
fn output_replaces_the_file_and_leaves_stdout_empty() {
    let repo = repo();
    let expected = run_ok(&repo, &["check", "--format", "sarif"]).stdout;
    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("report.sarif");
    // A longer old file: a write in place would leave its tail behind.
    std::fs::write(&target, "x".repeat(expected.len() * 2)).unwrap();

    let run = run_ok(
        &repo,
        &[
            "check",
            "--format",
            "sarif",
            "--output",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(run.stdout, "");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), expected);
    let left: Vec<_> = std::fs::read_dir(out_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["report.sarif"], "no temporary file is left behind");
}

#[test]
fn summary_appends_markdown_beside_the_main_format() {
    let repo = repo();
    let markdown = run_ok(&repo, &["check", "--format", "markdown"]).stdout;
    let github = run_ok(&repo, &["check", "--format", "github"]).stdout;
    assert!(markdown.starts_with("## "), "{markdown}");
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("step-summary.md");
    let summary_arg = summary.to_str().unwrap();

    for _ in 0..2 {
        let run = run_ok(
            &repo,
            &["check", "--format", "github", "--summary", summary_arg],
        );
        assert_eq!(run.stdout, github, "the main report is unchanged");
    }
    assert_eq!(
        std::fs::read_to_string(&summary).unwrap(),
        format!("{markdown}{markdown}")
    );

    // With --output too, stdout stays empty and both files are written.
    let report = dir.path().join("report.sarif");
    let run = run_ok(
        &repo,
        &[
            "check",
            "--format",
            "sarif",
            "--output",
            report.to_str().unwrap(),
            "--summary",
            summary_arg,
        ],
    );
    assert_eq!(run.stdout, "");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    assert_eq!(
        std::fs::read_to_string(&summary).unwrap(),
        format!("{markdown}{markdown}{markdown}")
    );
}
