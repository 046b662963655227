//! `teamlint baseline`: today's findings recorded; later runs report only
//! new ones and list the entries that no longer occur.

mod support;

use support::TestRepo;

const OWNERS: &str = r#"version = 1
[teams.web]
leader = "w@acme.com"
[teams.api]
leader = "a@acme.com"
[[own]]
team = "web"
paths = ["/web/", "/OWNERS.toml", "/gone/"]
[[own]]
team = "api"
paths = ["/api/"]
"#;

fn repo() -> TestRepo {
    let mut r = TestRepo::new();
    r.write("OWNERS.toml", OWNERS);
    r.write("web/a.ts", "");
    r.write("api/b.rs", "");
    r.write("old/legacy.txt", "");
    r.write("old/more.txt", "");
    r.commit("init");
    r
}

#[test]
fn recorded_findings_are_hidden_and_new_ones_reported() {
    let mut r = repo();
    assert_eq!(r.run(&["check"]).code, 1, "two unowned files");
    let run = r.run(&["baseline", "--write"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(r.path().join("teamlint-baseline.json")).unwrap();
    assert!(
        text.contains("old/legacy.txt") && text.contains("dead-pattern"),
        "{text}"
    );
    assert!(!text.contains("\"line\""), "no line numbers: {text}");

    let run = r.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.rules().is_empty());

    r.write("tools/new.sh", "");
    r.commit("new unowned file");
    let run = r.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let j = run.json();
    assert_eq!(j["findings"].as_array().unwrap().len(), 1);
    assert_eq!(j["findings"][0]["path"], "tools/new.sh");

    // The staged check honours the baseline too.
    r.write("old/legacy.txt", "edited");
    r.stage_all();
    let run = r.run(&["check", "--staged", "--format", "json"]);
    assert!(run.rules().is_empty(), "{}", run.stdout);
}

#[test]
fn moving_lines_does_not_invalidate_the_baseline() {
    let mut r = repo();
    r.run(&["baseline", "--write"]);
    r.write("OWNERS.toml", &format!("# a comment\n# another\n{OWNERS}"));
    r.commit("shift lines");
    let run = r.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.rules().is_empty());
}

#[test]
fn fixed_findings_are_listed_as_stale() {
    let mut r = repo();
    r.run(&["baseline", "--write"]);
    std::fs::remove_file(r.path().join("old/legacy.txt")).unwrap();
    r.commit("remove one");
    let run = r.run(&["check", "--format", "json"]);
    let notes = run.json()["notes"].to_string();
    assert!(
        notes.contains("no longer occur") && notes.contains("old/legacy.txt"),
        "{notes}"
    );
}

#[test]
fn the_file_is_deterministic_and_sorted() {
    let r = repo();
    r.run(&["baseline", "--write"]);
    let a = std::fs::read(r.path().join("teamlint-baseline.json")).unwrap();
    r.run(&["baseline", "--write"]);
    let b = std::fs::read(r.path().join("teamlint-baseline.json")).unwrap();
    assert_eq!(a, b);
    let shown = r.run(&["baseline"]);
    assert_eq!(
        shown.stdout.as_bytes(),
        &a[..],
        "without --write it shows the same document"
    );
    let j: serde_json::Value = serde_json::from_slice(&a).unwrap();
    let keys: Vec<String> = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.to_string())
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_by(|x, y| {
        let (a, b): (serde_json::Value, serde_json::Value) = (
            serde_json::from_str(x).unwrap(),
            serde_json::from_str(y).unwrap(),
        );
        (a["rule"].as_str(), a["path"].as_str()).cmp(&(b["rule"].as_str(), b["path"].as_str()))
    });
    assert_eq!(keys, sorted);
}

#[test]
fn a_broken_baseline_is_a_clear_error() {
    let r = repo();
    r.write("teamlint-baseline.json", "{ not json");
    let run = r.run(&["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not a teamlint baseline"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("baseline --write"));
}
