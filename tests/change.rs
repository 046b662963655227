//! `check --staged` and `check --base`: the change rules on real commits.

mod support;

use support::TestRepo;

const OWNERS: &str = r#"version = 1
[teams.web]
leader = "w@acme.com"
[teams.api]
leader = "a@acme.com"
[teams.ops]
leader = "o@acme.com"
depends_on = ["api"]

[[own]]
team = "ops"
paths = ["/OWNERS.toml", "/infra/"]
[[own]]
team = "web"
paths = ["/web/"]
[[own]]
team = "api"
paths = ["/api/"]
"#;

fn base_repo() -> TestRepo {
    let mut r = TestRepo::new();
    r.write("OWNERS.toml", OWNERS);
    r.write("web/app.ts", "1");
    r.write("api/server.rs", "1");
    r.write("infra/main.tf", "1");
    r.commit("init");
    r
}

#[test]
fn a_staged_file_no_rule_owns_is_an_error() {
    let r = base_repo();
    r.write("tools/run.sh", "x");
    r.stage_all();
    let run = r.run(&["check", "--staged", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let j = run.json();
    assert_eq!(j["findings"][0]["rule"], "unowned-file");
    assert_eq!(j["findings"][0]["path"], "tools/run.sh");
    assert_eq!(j["change"]["files"], 1);
}

#[test]
fn only_staged_paths_count_not_the_working_tree() {
    let r = base_repo();
    r.write("tools/unstaged.sh", "x");
    r.write("web/app.ts", "2");
    let mut index = r.repo.index().unwrap();
    index.add_path(std::path::Path::new("web/app.ts")).unwrap();
    index.write().unwrap();
    let run = r.run(&["check", "--staged", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json()["change"]["files"], 1);
    assert!(run.rules().is_empty());
}

#[test]
fn a_change_across_two_teams_warns_unless_declared() {
    let r = base_repo();
    r.write("web/app.ts", "2");
    r.write("api/server.rs", "2");
    r.stage_all();
    let run = r.run(&["check", "--staged", "--format", "json"]);
    assert_eq!(run.code, 0, "a warning");
    assert_eq!(run.rules(), vec!["cross-team-change"]);
    let f = &run.json()["findings"][0];
    assert_eq!(f["teams"], serde_json::json!(["web", "api"]));

    // ops depends on api: together they count as one team.
    let r = base_repo();
    r.write("infra/main.tf", "2");
    r.write("api/server.rs", "2");
    r.stage_all();
    assert!(r
        .run(&["check", "--staged", "--format", "json"])
        .rules()
        .is_empty());

    // max_teams_per_change = 2 allows two.
    let r = base_repo();
    r.write(
        "OWNERS.toml",
        &OWNERS.replace(
            "version = 1",
            "version = 1\n[settings]\nmax_teams_per_change = 2",
        ),
    );
    r.stage_all();
    let mut r = r;
    r.commit("raise");
    r.write("web/app.ts", "3");
    r.write("api/server.rs", "3");
    r.stage_all();
    assert!(r
        .run(&["check", "--staged", "--format", "json"])
        .rules()
        .is_empty());
}

#[test]
fn staged_deletions_and_renames() {
    let r = base_repo();
    std::fs::remove_file(r.path().join("web/app.ts")).unwrap();
    r.rename("api/server.rs", "api/main.rs");
    r.stage_all();
    let run = r.run(&["check", "--staged", "--format", "json"]);
    let j = run.json();
    // A rename is one file changed, as git counts it.
    assert_eq!(j["change"]["files"], 2, "{j:#}");
    assert_eq!(j["summary"]["files"], 2, "{j:#}");
    // The deletion still touches web: two teams. And it leaves web with no
    // file, so its pattern is dead and the team owns nothing: the change
    // brings those in.
    let mut rules = run.rules();
    rules.sort();
    assert_eq!(
        rules,
        vec!["cross-team-change", "dead-pattern", "team-owns-nothing"]
    );
}

#[test]
fn before_the_first_commit_everything_staged_is_new() {
    let r = TestRepo::new();
    r.write("OWNERS.toml", OWNERS);
    r.write("web/app.ts", "1");
    r.write("stray.txt", "1");
    r.stage_all();
    let run = r.run(&["check", "--staged", "--format", "json"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let j = run.json();
    assert_eq!(j["change"]["files"], 3);
    assert!(run.rules().contains(&"unowned-file".to_string()));
}

#[test]
fn editing_owners_lists_the_files_that_move() {
    let mut r = base_repo();
    r.write("api/more.rs", "x");
    r.commit("more api");
    r.write(
        "OWNERS.toml",
        &OWNERS.replace(
            "paths = [\"/api/\"]",
            "paths = [\"/api/server.rs\"]\n[[own]]\nteam = \"web\"\npaths = [\"/api/more.rs\"]",
        ),
    );
    r.stage_all();
    let run = r.run(&["check", "--staged", "--format", "json"]);
    let j = run.json();
    let f = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "ownership-change")
        .unwrap_or_else(|| panic!("{j:#}"));
    assert_eq!(f["paths"], serde_json::json!(["api/more.rs"]));
    assert!(f["message"].as_str().unwrap().contains("from api to web"));
}

#[test]
fn a_pull_request_range_from_the_merge_base() {
    let mut r = base_repo();
    let base = r.repo.head().unwrap().target().unwrap();
    r.write("web/app.ts", "pr");
    r.write("api/server.rs", "pr");
    r.commit("pr change");
    let run = r.run(&["check", "--base", &base.to_string(), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let j = run.json();
    assert_eq!(j["change"]["files"], 2);
    assert_eq!(run.rules(), vec!["cross-team-change"]);
    // --head names the head explicitly; the same range.
    let run2 = r.run(&[
        "check",
        "--base",
        &base.to_string(),
        "--head",
        "HEAD",
        "--format",
        "json",
    ]);
    assert_eq!(run.json()["findings"], run2.json()["findings"]);
}

#[test]
fn a_base_that_does_not_exist_is_a_clear_error() {
    let r = base_repo();
    let run = r.run(&["check", "--base", "no-such-branch"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`no-such-branch` does not exist"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("fetch"), "{}", run.stderr);
}

#[test]
fn a_detached_head_and_a_huge_change() {
    let mut r = base_repo();
    let head = r.repo.head().unwrap().target().unwrap();
    r.repo.set_head_detached(head).unwrap();
    for i in 0..10_000 {
        r.write(&format!("web/gen/{}/f{i}.ts", i % 100), "x");
    }
    r.stage_all();
    let run = r.run(&["check", "--staged", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["change"]["files"], 10_000);
    r.commit("huge");
    let run = r.run(&["check", "--base", &head.to_string(), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["change"]["files"], 10_000);
}

#[test]
fn missing_cochange_reads_the_history_cache_and_never_scans() {
    let mut r = base_repo();
    for i in 0..6 {
        r.write("web/app.ts", &format!("v{i}"));
        r.write("api/server.rs", &format!("v{i}"));
        r.commit("web and api together");
    }
    r.write("web/app.ts", "alone");
    r.stage_all();
    // No cache yet: skipped, with a note.
    let run = r.run(&["check", "--staged", "--format", "json"]);
    assert!(!run.rules().contains(&"missing-cochange".to_string()));
    assert!(
        run.json()["notes"]
            .to_string()
            .contains("missing-cochange skipped"),
        "{}",
        run.stdout
    );
    assert!(
        !r.repo.path().join("teamlint/history.bin").exists(),
        "the check did not scan"
    );

    // An audit leaves the cache; now the rule has history to go on.
    let audit = r.run(&["audit", "--format", "json", "--exit-zero"]);
    assert_eq!(audit.code, 0, "{}", audit.stderr);
    let run = r.run(&["check", "--staged", "--format", "json"]);
    let j = run.json();
    let f = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "missing-cochange")
        .unwrap_or_else(|| panic!("{j:#}"));
    assert_eq!(
        f["paths"],
        serde_json::json!(["web/app.ts", "api/server.rs"])
    );
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("7 of its 7 changes"),
        "{}",
        f["message"]
    );

    // Changing both: nothing is left alone.
    r.write("api/server.rs", "both");
    r.stage_all();
    let run = r.run(&["check", "--staged", "--format", "json"]);
    assert!(!run.rules().contains(&"missing-cochange".to_string()));
}
