//! `teamlint check`: every ownership rule fires when it should and is
//! silent when it should be, on real repositories.

mod support;

use support::TestRepo;

const TEAMS: &str = r#"
version = 1
[teams.payments]
leader = "alice@acme.com"
[teams.platform]
leader = "dave@acme.com"
"#;

fn repo_with(owners: &str, files: &[&str]) -> TestRepo {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", owners);
    for f in files {
        repo.write(f, "x\n");
    }
    repo.commit("initial");
    repo
}

fn clean_config() -> String {
    format!(
        "{TEAMS}
[[own]]
team = \"platform\"
paths = [\"*\"]

[[own]]
team = \"payments\"
paths = [\"/services/payments/\"]
"
    )
}

#[test]
fn a_clean_repository_has_no_findings_and_exits_zero() {
    let repo = repo_with(
        &clean_config(),
        &["services/payments/a.rs", "infra/main.tf"],
    );
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.rules(), Vec::<String>::new());
    assert_eq!(run.json()["summary"]["files"], 3);
    let human = repo.run(&["check"]);
    assert!(
        human.stdout.contains("no findings in 3 files"),
        "{}",
        human.stdout
    );
}

#[test]
fn unowned_file_fires_and_is_exempted_by_settings() {
    let cfg = format!("{TEAMS}\n[[own]]\nteam = \"payments\"\npaths = [\"/services/\", \"/OWNERS.toml\"]\n[[own]]\nteam = \"platform\"\npaths=[\"/infra/\"]\n");
    let repo = repo_with(&cfg, &["services/a.rs", "infra/x", "tools/run.sh"]);
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.rules(), vec!["unowned-file"]);
    assert_eq!(run.json()["findings"][0]["path"], "tools/run.sh");

    let exempt = cfg.replace(
        "version = 1",
        "version = 1\n[settings]\nunowned = [\"/tools/\"]",
    );
    let repo = repo_with(&exempt, &["services/a.rs", "infra/x", "tools/run.sh"]);
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.rules().is_empty());
}

#[test]
fn shared_ownership_fires_for_several_teams() {
    let cfg = format!(
        "{}\n[[own]]\nteams = [\"payments\", \"platform\"]\npaths = [\"/libs/\"]\n",
        clean_config()
    );
    let repo = repo_with(&cfg, &["services/payments/a.rs", "libs/money.rs"]);
    let run = repo.run(&["check", "--format", "json"]);
    let j = run.json();
    assert_eq!(run.rules(), vec!["shared-ownership"]);
    // One finding about the rule, listing its files.
    assert_eq!(j["findings"][0]["path"], serde_json::Value::Null);
    assert_eq!(j["findings"][0]["subject"], "/libs/");
    assert_eq!(
        j["findings"][0]["paths"],
        serde_json::json!(["libs/money.rs"])
    );
    assert_eq!(
        j["findings"][0]["teams"],
        serde_json::json!(["payments", "platform"])
    );
    assert_eq!(j["findings"][0]["location"]["line"], 18);
}

#[test]
fn missing_leader_and_leader_of_many() {
    let cfg = clean_config()
        .replace("leader = \"dave@acme.com\"", "leader = \"ALICE@acme.com\"")
        + "\n[teams.search]\nmembers = [\"erin@acme.com\"]\n[[own]]\nteam = \"search\"\npaths = [\"/search/\"]\n";
    let repo = repo_with(&cfg, &["services/payments/a.rs", "search/x"]);
    let run = repo.run(&["check", "--format", "json"]);
    let mut rules = run.rules();
    rules.sort();
    assert_eq!(rules, vec!["leader-of-many", "missing-leader"]);
    assert_eq!(run.code, 1);

    let repo = repo_with(&clean_config(), &["services/payments/a.rs"]);
    assert!(repo.run(&["check", "--format", "json"]).rules().is_empty());
}

#[test]
fn dead_pattern_shadowed_rule_and_team_owns_nothing() {
    let cfg = format!(
        "{TEAMS}
[teams.growth]
leader = \"fay@acme.com\"

[[own]]
team = \"payments\"
paths = [\"/services/payments/\", \"/servics/typo/\"]

[[own]]
team = \"platform\"
paths = [\"*\"]
"
    );
    let repo = repo_with(&cfg, &["services/payments/a.rs", "infra/x"]);
    let run = repo.run(&["check", "--format", "json"]);
    let j = run.json();
    let mut got: Vec<(String, String)> = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().into(),
                f["message"].as_str().unwrap().into(),
            )
        })
        .collect();
    got.sort();
    let rules: Vec<&str> = got.iter().map(|(r, _)| r.as_str()).collect();
    // `/services/payments/` matches but `*` comes later and wins: shadowed.
    // Nothing is owned by payments then, nor by growth.
    assert_eq!(
        rules,
        vec![
            "dead-pattern",
            "shadowed-rule",
            "team-owns-nothing",
            "team-owns-nothing"
        ]
    );
    assert!(got[0].1.contains("/servics/typo/"));
    assert_eq!(run.code, 0, "warnings only");
}

#[test]
fn severities_from_config_and_flags() {
    let cfg = format!("{TEAMS}\n[rules]\nunowned-file = \"warning\"\n[[own]]\nteam = \"payments\"\npaths = [\"/OWNERS.toml\"]\n[[own]]\nteam=\"platform\"\npaths=[\"/infra/\"]\n");
    let repo = repo_with(&cfg, &["infra/x", "stray.txt"]);
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.json()["findings"][0]["severity"], "warning");

    let run = repo.run(&["check", "--format", "json", "-D", "unowned-file"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["findings"][0]["severity"], "error");

    let run = repo.run(&["check", "--format", "json", "-A", "unowned-file"]);
    assert!(run.rules().is_empty());

    let run = repo.run(&["check", "-D", "unowned-file", "--exit-zero"]);
    assert_eq!(run.code, 0);

    let run = repo.run(&["check", "-D", "unowned-fil"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `unowned-file`"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_paths_limits_the_report() {
    let cfg = format!("{TEAMS}\n[[own]]\nteam = \"payments\"\npaths = [\"/OWNERS.toml\"]\n[[own]]\nteam=\"platform\"\npaths=[\"/infra/\"]\n");
    let repo = repo_with(&cfg, &["infra/x", "a/stray.txt", "b/stray.txt"]);
    let run = repo.run(&["check", "--format", "json", "a"]);
    let j = run.json();
    assert_eq!(j["findings"].as_array().unwrap().len(), 1);
    assert_eq!(j["findings"][0]["path"], "a/stray.txt");
}

#[test]
fn directory_files_are_relative_and_nearest_wins() {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", &clean_config());
    repo.write(
        "services/payments/OWNERS.toml",
        "team = \"payments\"\n[[own]]\nteam = \"platform\"\npaths = [\"deploy/\", \"*.tf\"]\n",
    );
    repo.write("services/payments/api.rs", "");
    repo.write("services/payments/deploy/k8s.yaml", "");
    repo.write("services/payments/main.tf", "");
    repo.write("deploy/x", "");
    repo.commit("init");
    let run = repo.run(&["ls", "--format", "json"]);
    let j = run.json();
    let owner = |p: &str| -> String {
        j["paths"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["path"] == p)
            .map(|e| e["teams"][0].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(owner("services/payments/api.rs"), "payments");
    assert_eq!(owner("services/payments/deploy/k8s.yaml"), "platform");
    assert_eq!(owner("services/payments/main.tf"), "platform");
    assert_eq!(owner("deploy/x"), "platform");
    assert_eq!(owner("services/payments/OWNERS.toml"), "payments");
}

#[test]
fn inherit_false_stops_at_the_directory() {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", &clean_config());
    repo.write(
        "legacy/OWNERS.toml",
        "inherit = false\n[[own]]\nteam = \"payments\"\npaths = [\"/kept/\", \"OWNERS.toml\"]\n",
    );
    repo.write("legacy/kept/a", "");
    repo.write("legacy/orphan/b", "");
    repo.commit("init");
    let run = repo.run(&["check", "--format", "json"]);
    let j = run.json();
    let paths: Vec<&str> = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "unowned-file")
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, vec!["legacy/orphan/b"]);
}

#[test]
fn an_untracked_directory_file_counts() {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", &clean_config());
    repo.write("web/app.ts", "");
    repo.commit("init");
    // Not staged: the user is still writing it.
    repo.write("web/OWNERS.toml", "team = \"payments\"\n");
    let run = repo.run(&["explain", "web/app.ts", "--format", "json"]);
    assert_eq!(run.json()["paths"][0]["teams"][0], "payments");
}

#[test]
fn the_index_decides_what_is_tracked() {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", &clean_config());
    repo.write("tracked.txt", "");
    repo.commit("init");
    repo.write("untracked.txt", "");
    let run = repo.run(&["ls"]);
    assert!(run.stdout.contains("tracked.txt\tplatform"));
    assert!(!run.stdout.contains("untracked.txt"));
}

#[test]
fn excluded_paths_are_not_analysed() {
    let cfg = format!("{TEAMS}\n[settings]\nexclude = [\"vendor/**\"]\n[[own]]\nteam = \"payments\"\npaths = [\"/OWNERS.toml\"]\n[[own]]\nteam=\"platform\"\npaths=[\"/infra/\"]\n");
    let repo = repo_with(&cfg, &["infra/x", "vendor/lib/a.c"]);
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json()["summary"]["files"], 2);
}

#[test]
fn works_from_a_subdirectory_and_with_dash_c() {
    let repo = repo_with(&clean_config(), &["services/payments/a.rs"]);
    let run = support::Run::from(
        repo.cmd()
            .current_dir(repo.path().join("services"))
            .args(["explain", "payments/a.rs", "--format", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.json()["paths"][0]["path"], "services/payments/a.rs");
    assert_eq!(run.json()["paths"][0]["teams"][0], "payments");

    let other = tempfile::tempdir().unwrap();
    let run = support::Run::from(
        support::teamlint()
            .current_dir(other.path())
            .arg("-C")
            .arg(repo.path())
            .args(["check", "--format", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

/// `check --staged PATHS` and `check --base REV PATHS` reject a path that
/// matches nothing, with the nearest one, as `check PATHS` does; a file the
/// change deleted is a path of the change.
#[test]
fn change_checks_reject_paths_that_match_nothing() {
    let cfg =
        format!("{TEAMS}\n[[own]]\nteam = \"payments\"\npaths = [\"/OWNERS.toml\", \"/pay/\"]\n");
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", &cfg)
        .write("pay/api.rs", "")
        .write("pay/old.rs", "");
    repo.commit("init");
    repo.write("pay/api.rs", "changed");
    repo.remove("pay/old.rs");
    repo.stage_all();
    for args in [
        &["check", "--staged", "pay/apii.rs"][..],
        &["check", "--base", "HEAD", "pay/apii.rs"][..],
    ] {
        let run = repo.run(args);
        assert_eq!(run.code, 2, "{run}");
        assert!(
            run.stderr.contains("no tracked file at `pay/apii.rs`"),
            "{run}"
        );
        assert!(run.stderr.contains("pay/api.rs"), "{run}");
    }
    for path in ["pay/api.rs", "pay", "pay/old.rs"] {
        let run = repo.run(&["check", "--staged", "--format", "json", path]);
        assert_ne!(run.code, 2, "{run}");
    }
    repo.commit("change");
    let run = repo.run(&[
        "check",
        "--base",
        "HEAD~1",
        "--format",
        "json",
        "pay/old.rs",
    ]);
    assert_ne!(run.code, 2, "{run}");
}
