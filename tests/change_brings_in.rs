//! A change check judges the change: a pull request (`check --base`) or a
//! commit (`check --staged`) fails for the ownership findings it brings in,
//! on the file they are about, and never for what was already there.

mod support;

use support::TestRepo;

/// A map with old problems: `legacy/` is unowned, `/gone/` is dead.
const OWNERS: &str = r#"version = 1
[teams.web]
leader = "w@acme.com"
github = "@acme/web"
[teams.api]
leader = "a@acme.com"
github = "@acme/api"

[[own]]
team = "api"
paths = ["/OWNERS.toml", "/api/", "/gone/", "/.github/"]
[[own]]
team = "web"
paths = ["/web/"]
"#;

fn messy() -> (TestRepo, String) {
    let mut r = TestRepo::new();
    r.write("OWNERS.toml", OWNERS)
        .write("web/app.ts", "1")
        .write("web/only.css", "1")
        .write("api/server.rs", "1")
        .write("legacy/old.sh", "1");
    let base = r.commit("init").to_string();
    (r, base)
}

/// The rule and path of each finding of a JSON check report.
fn found(j: &serde_json::Value) -> Vec<(String, String)> {
    j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// `check --base BASE --format json` at the head, and what it found.
fn pr(r: &TestRepo, base: &str) -> (i32, Vec<(String, String)>, serde_json::Value) {
    let run = r.run(&["check", "--base", base, "--format", "json"]);
    let j = run.json();
    (run.code, found(&j), j)
}

fn staged(r: &TestRepo) -> (i32, Vec<(String, String)>) {
    let run = r.run(&["check", "--staged", "--format", "json"]);
    (run.code, found(&run.json()))
}

fn rule_path(rule: &str, path: &str) -> (String, String) {
    (rule.to_string(), path.to_string())
}

#[test]
fn a_change_to_owned_files_in_a_messy_repository_passes() {
    let (mut r, base) = messy();
    // The whole tree has errors...
    assert_eq!(r.run(&["check"]).code, 1);
    r.write("web/app.ts", "2").write("api/server.rs", "2");
    r.stage_all();
    assert_eq!(staged(&r), (0, vec![rule_path("cross-team-change", "")]));
    r.commit("edit");
    // ...but neither the commit nor the pull request brought any in (the
    // change touches two teams: only a warning).
    let (code, found, _) = pr(&r, &base);
    assert_eq!(code, 0, "{found:?}");
    assert_eq!(found, vec![rule_path("cross-team-change", "")]);
    // Editing an already unowned file is no new problem either.
    r.write("legacy/old.sh", "2");
    r.stage_all();
    assert_eq!(staged(&r), (0, vec![]));
    // `--all` shows the old problems too.
    let all = r.run(&["check", "--staged", "--all", "--format", "json"]);
    assert_eq!(all.code, 1);
    assert!(all.rules().contains(&"unowned-file".to_string()));
    assert!(all.rules().contains(&"dead-pattern".to_string()));
}

#[test]
fn a_new_unowned_file_fails_on_that_file() {
    let (mut r, base) = messy();
    r.write("tools/run.sh", "x");
    r.stage_all();
    assert_eq!(
        staged(&r),
        (1, vec![rule_path("unowned-file", "tools/run.sh")])
    );
    r.commit("tools");
    let (code, found, _) = pr(&r, &base);
    assert_eq!(code, 1);
    assert_eq!(found, vec![rule_path("unowned-file", "tools/run.sh")]);
    // The annotation sits on the new file, not on OWNERS.toml.
    let gh = r.run(&["check", "--base", &base, "--format", "github"]);
    let lines: Vec<&str> = gh
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error"))
        .collect();
    assert_eq!(lines.len(), 1, "{}", gh.stdout);
    assert!(
        lines[0].starts_with("::error file=tools/run.sh,title=teamlint (unowned-file)::"),
        "{}",
        lines[0]
    );
    let sarif = r
        .run(&["check", "--base", &base, "--format", "sarif"])
        .json();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tools/run.sh"
    );
}

#[test]
fn deleting_the_last_file_of_a_pattern_makes_it_dead() {
    let (mut r, base) = messy();
    r.remove("web/only.css").remove("web/app.ts");
    r.stage_all();
    let (code, found) = staged(&r);
    assert_eq!(code, 0, "dead-pattern and team-owns-nothing are warnings");
    let rules: Vec<&str> = found.iter().map(|(r, _)| r.as_str()).collect();
    assert!(rules.contains(&"dead-pattern"), "{found:?}");
    assert!(rules.contains(&"team-owns-nothing"), "{found:?}");
    r.commit("drop web");
    let (_, found, j) = pr(&r, &base);
    let dead: Vec<&serde_json::Value> = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "dead-pattern")
        .collect();
    // Only `/web/` is new; `/gone/` was dead before.
    assert_eq!(dead.len(), 1, "{found:?}");
    assert!(dead[0]["message"].as_str().unwrap().contains("/web/"));
}

#[test]
fn a_hand_edit_of_codeowners_is_drift_the_change_brings_in() {
    let (mut r, _) = messy();
    let exported = r.run(&["codeowners"]).stdout;
    r.write(".github/CODEOWNERS", &exported);
    let base = r.commit("export").to_string();
    assert_eq!(r.run(&["check", "--base", &base]).code, 0);
    r.write(
        ".github/CODEOWNERS",
        &format!("{exported}/web/app.ts @acme/api\n"),
    );
    r.stage_all();
    assert_eq!(
        staged(&r),
        (1, vec![rule_path("codeowners-drift", ".github/CODEOWNERS")])
    );
    r.commit("hand edit");
    let (code, found, _) = pr(&r, &base);
    assert_eq!(code, 1);
    assert_eq!(
        found,
        vec![rule_path("codeowners-drift", ".github/CODEOWNERS")]
    );
}

#[test]
fn removing_a_leader_fails() {
    let (mut r, base) = messy();
    r.write(
        "OWNERS.toml",
        &OWNERS.replace("leader = \"w@acme.com\"\n", ""),
    );
    r.stage_all();
    let (code, found) = staged(&r);
    assert_eq!(code, 1);
    assert_eq!(found, vec![rule_path("missing-leader", "")]);
    r.commit("no leader");
    let (code, found, j) = pr(&r, &base);
    assert_eq!(code, 1);
    assert_eq!(found, vec![rule_path("missing-leader", "")], "{j:#}");
    assert_eq!(j["findings"][0]["teams"][0], "web");
}

#[test]
fn a_misspelt_team_is_a_finding_and_every_other_rule_still_runs() {
    let (r, _) = messy();
    r.write(
        "OWNERS.toml",
        &OWNERS.replace("team = \"web\"", "team = \"wbe\""),
    );
    let run = r.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "a finding, not a failure: {}", run.stderr);
    let j = run.json();
    let unknown = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "unknown-team")
        .expect("unknown-team");
    assert!(unknown["help"]
        .as_str()
        .unwrap()
        .contains("did you mean `web`?"));
    // The other rules ran: the old unowned file is still reported, and the
    // typo's files are owned by the name it used.
    assert!(run.rules().contains(&"unowned-file".to_string()));
    assert!(run.rules().contains(&"team-owns-nothing".to_string()));
    let ls = r.run(&["ls"]);
    assert!(ls.stdout.contains("web/app.ts\twbe"), "{}", ls.stdout);
}

/// `--config FILE` inside the repository is read from each side of the
/// change, as OWNERS.toml is: a moved rule is an ownership change, and the
/// working tree never decides the answer for a commit.
#[test]
fn a_config_inside_the_repository_is_read_from_each_side() {
    let mut r = TestRepo::new();
    r.write("conf/owners.toml", OWNERS)
        .write("web/app.ts", "1")
        .write("api/server.rs", "1");
    let base = r.commit("init").to_string();
    // The change gives web/ to api.
    r.write(
        "conf/owners.toml",
        &OWNERS
            .replace("paths = [\"/web/\"]", "paths = [\"/nothing/\"]")
            .replace("\"/api/\",", "\"/api/\", \"/web/\","),
    );
    r.commit("move web");
    let head = r.run(&[
        "-c",
        "conf/owners.toml",
        "check",
        "--base",
        &base,
        "--format",
        "json",
    ]);
    assert!(
        head.rules().contains(&"ownership-change".to_string()),
        "{}",
        head.stdout
    );
    // Whatever the working tree holds, the commit's version decides.
    r.write("conf/owners.toml", "this is not toml");
    let again = r.run(&[
        "-c",
        "conf/owners.toml",
        "check",
        "--base",
        &base,
        "--format",
        "json",
    ]);
    assert_eq!(again.rules(), head.rules(), "{}", again.stderr);
}

/// A finding about no path is told apart by the file it points into: the
/// same typo in a second directory file is a new finding.
#[test]
fn the_same_finding_in_another_file_is_new() {
    let mut r = TestRepo::new();
    r.write("OWNERS.toml", "version = 1\n[teams.web]\nleader = \"a@x.com\"\n[[own]]\nteam = \"web\"\npaths = [\"*\"]\n")
        .write("one/f", "1")
        .write("two/f", "1")
        .write("one/OWNERS.toml", "[[own]]\nteam = \"wbe\"\npaths = [\"/f\"]\n");
    r.commit("base");
    r.write(
        "two/OWNERS.toml",
        "[[own]]\nteam = \"wbe\"\npaths = [\"/f\"]\n",
    );
    r.stage_all();
    let run = r.run(&["check", "--staged", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let j = run.json();
    let unknown: Vec<&serde_json::Value> = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "unknown-team")
        .collect();
    assert_eq!(unknown.len(), 1, "{j:#}");
    assert_eq!(unknown[0]["location"]["file"], "two/OWNERS.toml");
}

/// A deleted file counts for the team the base gave it.
#[test]
fn a_deleted_file_belongs_to_its_team_at_the_base() {
    let mut r = TestRepo::new();
    r.write("OWNERS.toml", "version = 1\n[teams.web]\nleader = \"a@x.com\"\n[teams.search]\nleader = \"b@x.com\"\n[[own]]\nteam = \"web\"\npaths = [\"*\"]\n")
        .write("a", "1")
        .write("svc/search/x", "1")
        .write("svc/search/OWNERS.toml", "team = \"search\"\n");
    r.commit("base");
    r.rename("svc/search", "svc/find");
    r.stage_all();
    let run = r.run(&["check", "--staged", "--format", "json"]);
    assert!(
        !run.rules().contains(&"cross-team-change".to_string()),
        "{}",
        run.stdout
    );
}
