//! Findings a team keeps switched on: a shared rule is one problem however
//! many files it grows to, its files belong to no single team in the
//! figures, a change check annotates only what the change touches, and
//! adoption trips over nothing of its own.

mod support;

use serde_json::Value;
use support::TestRepo;

const OWNERS: &str = r#"version = 1
[coupling]
min_revs = 2
min_shared = 2

[teams.web]
leader = "w@acme.com"
github = "@acme/web"
[teams.api]
leader = "a@acme.com"
github = "@acme/api"

[[own]]
team = "api"
paths = ["/OWNERS.toml", "/api/", "/teamlint-baseline.json"]
[[own]]
team = "web"
paths = ["/web/"]
[[own]]
teams = ["web", "api"]
paths = ["/contrib/"]
"#;

fn repo() -> TestRepo {
    let mut r = TestRepo::new();
    r.write("OWNERS.toml", OWNERS)
        .write("web/a.ts", "0")
        .write("web/b.ts", "0")
        .write("api/s.rs", "0")
        .write("contrib/x/a.go", "0")
        .write("contrib/y/b.go", "0");
    r.commit("init");
    r
}

fn findings<'j>(j: &'j Value, rule: &str) -> Vec<&'j Value> {
    j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

#[test]
fn a_shared_rule_is_one_finding_that_the_baseline_holds_as_it_grows() {
    let mut r = repo();
    let run = r.run(&["check", "--format", "json"]);
    let j = run.json();
    let shared = findings(&j, "shared-ownership");
    assert_eq!(shared.len(), 1, "{j:#}");
    assert_eq!(shared[0]["subject"], "/contrib/");
    assert_eq!(
        shared[0]["paths"],
        serde_json::json!(["contrib/x/a.go", "contrib/y/b.go"])
    );
    assert!(shared[0]["message"]
        .as_str()
        .unwrap()
        .contains("gives 2 files to 2 teams"));

    r.run(&["baseline", "--write"]).expect_code(0);
    let base = r.commit("adopt").to_string();

    // A new file under the shared rule is the same finding: nothing new.
    r.write("contrib/z/new.go", "0");
    r.stage_all();
    let run = r.run(&["check", "--staged", "--format", "json"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        findings(&run.json(), "shared-ownership").is_empty(),
        "{run}"
    );
    r.commit("a new integration");
    let run = r.run(&["check", "--base", &base, "--format", "json"]);
    assert_eq!(run.code, 0, "{run}");
    let run = r.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{run}");
}

#[test]
fn a_version_1_baseline_of_per_file_entries_still_holds_the_rule() {
    let r = repo();
    r.write(
        "teamlint-baseline.json",
        r#"{
  "version": 1,
  "findings": [
    {
      "rule": "shared-ownership",
      "teams": ["api", "web"],
      "path": "contrib/x/a.go"
    }
  ]
}
"#,
    );
    let run = r.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{run}");
    // Rewritten, it is version 2 and keyed by the rule.
    r.run(&["baseline", "--write"]).expect_code(0);
    let text = std::fs::read_to_string(r.path().join("teamlint-baseline.json")).unwrap();
    assert!(text.contains("\"version\": 2"), "{text}");
    assert!(text.contains("\"subject\": \"/contrib/\""), "{text}");
    assert!(!text.contains("contrib/x/a.go"), "{text}");
}

#[test]
fn files_of_a_shared_rule_belong_to_no_single_team_in_the_figures() {
    let mut r = repo();
    for i in 0..6 {
        r.commit_files(
            &[
                ("web/a.ts", &format!("v{i}")),
                ("contrib/x/a.go", &format!("v{i}")),
            ],
            "web and its integration",
        );
        r.commit_files(&[("api/s.rs", &format!("v{i}"))], "api alone");
    }
    for i in 0..3 {
        r.commit_files(
            &[
                ("web/b.ts", &format!("v{i}")),
                ("api/s.rs", &format!("x{i}")),
                ("contrib/y/b.go", &format!("v{i}")),
            ],
            "both teams meet in contrib",
        );
    }
    let run = r.run(&["audit", "--format", "json", "--exit-zero"]);
    let j = run.json();
    let team = |name: &str| {
        j["teams"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{j:#}"))
    };
    // web: its changes with contrib alone are one team's; only the first
    // commit and the three that also touch api cross teams (each change of
    // web's touches contrib, so the shared rule carries as many).
    let web = team("web");
    let revs = web["revs"].as_f64().unwrap();
    assert!(revs >= 9.0, "{web:#}");
    assert_eq!(web["cross_team"], 4.0, "{web:#}");
    assert_eq!(web["separability"].as_f64().unwrap(), (revs - 4.0) / revs);
    let rules = j["shared_rules"].as_array().unwrap();
    assert_eq!(rules.len(), 1, "{j:#}");
    assert_eq!(rules[0]["pattern"], "/contrib/");
    assert_eq!(rules[0]["teams"], serde_json::json!(["web", "api"]));
    assert_eq!(rules[0]["changes"].as_f64().unwrap(), revs);
    let total = j["window"]["changes"].as_f64().unwrap();
    assert_eq!(rules[0]["share"].as_f64().unwrap(), revs / total);
    // Where the cross-team changes meet is named as the cause.
    let low = findings(&j, "low-separability");
    let web_low = low
        .iter()
        .find(|f| f["teams"] == serde_json::json!(["web"]))
        .unwrap_or_else(|| panic!("{j:#}"));
    let help = web_low["help"].as_str().unwrap();
    assert!(help.contains("shared rule `/contrib/`"), "{help}");
    // The human report says how much history the rule carries.
    let human = r.run(&["audit", "--exit-zero", "--color", "never"]).stdout;
    assert!(human.contains("shared rules"), "{human}");
    assert!(human.contains("/contrib/ (OWNERS.toml:"), "{human}");
}

#[test]
fn a_change_touching_one_team_and_shared_files_is_not_cross_team() {
    let r = repo();
    r.write("web/a.ts", "1").write("contrib/x/a.go", "1");
    r.stage_all();
    let run = r.run(&["check", "--staged", "--format", "json"]);
    assert_eq!(run.code, 0, "{run}");
    let j = run.json();
    assert!(findings(&j, "cross-team-change").is_empty(), "{j:#}");
    assert_eq!(
        j["change"]["teams"],
        serde_json::json!([{"team": "web", "files": 1}]),
        "{j:#}"
    );
    assert_eq!(j["change"]["unowned"], 0, "{j:#}");
    assert_eq!(j["change"]["shared"], 1, "{j:#}");
}

#[test]
fn missing_cochange_names_only_partners_that_exist_with_the_commits_behind_them() {
    let mut r = repo();
    r.write("api/old.rs", "0");
    r.commit("old partner");
    for i in 0..4 {
        r.commit_files(
            &[("web/a.ts", &i.to_string()), ("api/old.rs", &i.to_string())],
            &format!("a with old {i}"),
        );
        r.commit_files(
            &[("web/b.ts", &i.to_string()), ("api/s.rs", &i.to_string())],
            &format!("b with s {i}"),
        );
    }
    r.remove("api/old.rs");
    r.commit("old partner goes");
    r.run(&["audit", "--exit-zero"]).expect_code(0);

    r.write("web/a.ts", "new").write("web/b.ts", "new");
    r.stage_all();
    let run = r.run(&["check", "--staged", "--format", "json"]);
    let j = run.json();
    let missing = findings(&j, "missing-cochange");
    assert_eq!(missing.len(), 1, "{j:#}");
    assert_eq!(missing[0]["path"], "web/b.ts");
    assert_eq!(missing[0]["subject"], "api/s.rs");
    let commits = missing[0]["evidence"]["commits"].as_array().unwrap();
    assert_eq!(commits.len(), 3, "{j:#}");
    assert_eq!(commits[0]["subject"], "b with s 3");
    assert_eq!(commits[0]["id"].as_str().unwrap().len(), 10);
    // Every format shows the commits.
    let human = r.run(&["check", "--staged", "--color", "never"]).stdout;
    assert!(human.contains("b with s 3"), "{human}");
}

/// The `file=` of each workflow command (none: the summary).
fn annotated(github: &str) -> Vec<(String, Option<String>)> {
    github
        .lines()
        .filter(|l| l.starts_with("::error") || l.starts_with("::warning"))
        .map(|l| {
            let command = l.split("::").nth(1).unwrap_or("");
            let props = command.split_once(' ').map_or("", |(_, p)| p);
            let title = props
                .split(',')
                .find_map(|p| p.strip_prefix("title=teamlint ("))
                .map(|t| t.trim_end_matches(')').to_string())
                .unwrap_or_default();
            let file = props
                .split(',')
                .find_map(|kv| kv.strip_prefix("file="))
                .map(String::from);
            (title, file)
        })
        .collect()
}

#[test]
fn annotations_land_only_on_files_the_change_touches() {
    let mut r = repo();
    r.write("legacy.txt", "no owner, long before this change");
    let base = r.commit("with an old problem").to_string();

    // A change across two teams: one annotation on a changed file of each.
    r.write("web/a.ts", "1").write("api/s.rs", "1");
    r.commit("across");
    let run = r.run(&["check", "--base", &base, "--all", "--format", "github"]);
    let ann = annotated(&run.stdout);
    let mut cross: Vec<&Option<String>> = ann
        .iter()
        .filter(|(t, _)| t == "cross-team-change")
        .map(|(_, f)| f)
        .collect();
    cross.sort();
    assert_eq!(
        cross,
        [&Some("api/s.rs".to_string()), &Some("web/a.ts".to_string())],
        "{}",
        run.stdout
    );
    // The old unowned file and the shared rule are not in the diff: they
    // go to the summary, never onto an untouched file.
    for (title, file) in &ann {
        if let Some(f) = file {
            assert!(
                ["api/s.rs", "web/a.ts"].contains(&f.as_str()),
                "{title} on {f}"
            );
        }
    }
    assert!(ann.iter().any(|(t, f)| t == "unowned-file" && f.is_none()));

    // A move of files is shown on the map's line that moves them.
    r.write(
        "OWNERS.toml",
        &OWNERS
            .replace(
                "paths = [\"/OWNERS.toml\", \"/api/\", \"/teamlint-baseline.json\"]",
                "paths = [\"/OWNERS.toml\", \"/api/\", \"/teamlint-baseline.json\", \"/web/b.ts\"]",
            )
            .replace("[[own]]\nteam = \"web\"\npaths = [\"/web/\"]\n", "")
            .replace(
                "[[own]]\nteam = \"api\"",
                "[[own]]\nteam = \"web\"\npaths = [\"/web/\"]\n[[own]]\nteam = \"api\"",
            ),
    );
    let head = r.commit("move b.ts to api").to_string();
    let run = r.run(&[
        "check", "--base", &head, "--head", &head, "--format", "github",
    ]);
    assert_eq!(run.code, 0, "{run}");
    let parent = format!("{head}~1");
    let run = r.run(&["check", "--base", &parent, "--format", "github"]);
    let moved: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("(ownership-change)"))
        .collect();
    assert_eq!(moved.len(), 1, "{}", run.stdout);
    assert!(
        moved[0].starts_with("::warning file=OWNERS.toml,line="),
        "{}",
        moved[0]
    );
    assert!(moved[0].contains("web/b.ts"), "{}", moved[0]);
}

#[test]
fn a_change_check_reads_the_baseline_from_the_side_it_reads_the_map() {
    let mut r = repo();
    r.run(&["baseline", "--write"]).expect_code(0);
    let base = r.commit("adopt").to_string();
    r.write("new/file.txt", "no owner");
    r.commit("a new unowned file");
    // The working tree's baseline says nothing of it, so this fails...
    let run = r.run(&["check", "--base", &base, "--format", "json"]);
    assert_eq!(run.code, 1, "{run}");
    // ...and a baseline rewritten in the working tree only changes
    // nothing: the pull request is judged as committed, as CI judges it.
    r.run(&["baseline", "--write"]).expect_code(0);
    let run = r.run(&["check", "--base", &base, "--format", "json"]);
    assert_eq!(run.code, 1, "{run}");
    // Committed, the widening is itself reported, on the baseline's line.
    r.commit("hide it");
    let run = r.run(&["check", "--base", &base, "--format", "json"]);
    let j = run.json();
    assert_eq!(run.code, 0, "{run}");
    let widened = findings(&j, "suppression-change");
    assert_eq!(widened.len(), 1, "{j:#}");
    assert_eq!(widened[0]["location"]["file"], "teamlint-baseline.json");
    assert!(widened[0]["message"]
        .as_str()
        .unwrap()
        .contains("unowned-file `new/file.txt`"));
}

#[test]
fn a_change_that_allows_a_rule_or_exempts_files_is_reported_on_that_line() {
    let mut r = repo();
    let base = r.commit("start").to_string();
    r.write("new/file.txt", "no owner");
    r.write(
        "OWNERS.toml",
        &OWNERS.replace(
            "version = 1\n",
            "version = 1\n[settings]\nunowned = [\"/new/\"]\n[rules]\nshared-ownership = \"warning\"\n",
        ),
    );
    r.commit("quietly");
    let run = r.run(&["check", "--base", &base, "--format", "json"]);
    let j = run.json();
    let widened = findings(&j, "suppression-change");
    let messages: Vec<&str> = widened
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(widened.len(), 2, "{j:#}");
    assert!(messages
        .iter()
        .any(|m| m.contains("lowers `shared-ownership` from error to warning")));
    assert!(messages
        .iter()
        .any(|m| m.contains("adds `/new/` to [settings] unowned")));
    assert!(widened
        .iter()
        .all(|f| f["location"]["file"] == "OWNERS.toml"));
}

#[test]
fn explain_answers_for_a_directory_as_a_directory_pattern_reads_it() {
    let mut r = TestRepo::new();
    r.write(
        "OWNERS.toml",
        "version = 1\n[teams.web]\nleader = \"w@a.b\"\n[teams.docs]\nleader = \"d@a.b\"\n\
         [[own]]\nteam = \"web\"\npaths = [\"apps/\"]\n[[own]]\nteam = \"docs\"\npaths = [\"*.md\", \"/OWNERS.toml\"]\n",
    )
    .write("apps/x/main.ts", "")
    .write("apps/README.md", "");
    r.commit("init");
    for arg in ["apps/", "apps"] {
        let run = r.run(&["explain", arg, "--format", "json"]);
        assert_eq!(run.code, 0, "{run}");
        let j = run.json();
        assert_eq!(
            j["paths"][0]["teams"],
            serde_json::json!(["web"]),
            "{arg}: {j:#}"
        );
        assert_eq!(j["paths"][0]["path"], "apps/");
    }
}

#[test]
fn a_bare_repository_answers_with_repository_paths() {
    let r = repo();
    let bare = tempfile::tempdir().unwrap();
    let target = bare.path().join("mirror.git");
    let cloned = support::command("git")
        .args(["clone", "-q", "--bare"])
        .arg(r.path())
        .arg(&target)
        .status()
        .unwrap();
    assert!(cloned.success());
    let run = support::teamlint()
        .current_dir(&target)
        .args(["ls"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(out.lines().any(|l| l == "web/a.ts\tweb"), "{out}");
    let run = support::teamlint()
        .current_dir(&target)
        .args(["explain", "web/a.ts", "--format", "json"])
        .output()
        .unwrap();
    let j: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(j["paths"][0]["path"], "web/a.ts", "{j:#}");
    assert_eq!(j["paths"][0]["teams"], serde_json::json!(["web"]));
}

#[test]
fn the_markdown_summary_of_thousands_of_findings_is_grouped_and_short() {
    let mut r = TestRepo::new();
    r.write(
        "OWNERS.toml",
        "version = 1\n[teams.web]\nleader = \"w@a.b\"\n[[own]]\nteam = \"web\"\npaths = [\"/OWNERS.toml\"]\n",
    );
    for i in 0..10_500 {
        r.write(&format!("d{}/f{i}.txt", i % 50), "");
    }
    r.commit("many unowned files");
    let run = r.run(&["check", "--format", "markdown"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.len() < 64 * 1024, "{} bytes", run.stdout.len());
    assert!(
        run.stdout.contains("| `unowned-file` | error | 10500 |"),
        "{}",
        &run.stdout[..500]
    );
    assert!(run.stdout.contains("… and 10475 more `unowned-file`."));
    // The JSON still lists every one.
    let j = r.run(&["check", "--format", "json"]).json();
    assert_eq!(j["findings"].as_array().unwrap().len(), 10_500);
}
