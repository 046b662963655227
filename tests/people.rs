//! Leader focus, team cohesion and `unfocused-leader`, measured on real
//! histories: the leader is matched by email or by a GitHub noreply handle.

mod support;

use serde_json::Value;
use support::TestRepo;

const OWNERS: &str = r#"version = 1
[coupling]
min_revs = 4

[teams.web]
leader = "@wendy"
members = ["walt@acme.com"]
[teams.api]
leader = "ann@acme.com"
[teams.ops]
leader = "otto@acme.com"

[[own]]
team = "ops"
paths = ["*"]
[[own]]
team = "web"
paths = ["/web/"]
[[own]]
team = "api"
paths = ["/api/"]
"#;

const WENDY: &str = "123+wendy@users.noreply.github.com";

fn audit(repo: &TestRepo, format: &str) -> support::Run {
    let run = repo.run(&["audit", "--format", format, "--exit-zero"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    run
}

fn team<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["teams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("no team {name}: {json:#}"))
}

fn unfocused(json: &Value) -> Vec<&Value> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "unfocused-leader")
        .collect()
}

/// web's leader: 1 change to web alone, 3 to api alone, 1 to web and api;
/// walt (a member): 3 to web alone.
fn scattered_leader() -> TestRepo {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS);
    repo.commit_as("otto@acme.com", "init");
    let mut n = 0;
    let mut edit = |repo: &mut TestRepo, author: &str, files: &[&str]| {
        n += 1;
        for f in files {
            repo.write(f, &n.to_string());
        }
        repo.commit_as(author, "edit");
    };
    edit(&mut repo, WENDY, &["web/a.ts"]);
    for _ in 0..3 {
        edit(&mut repo, WENDY, &["api/a.rs"]);
    }
    edit(&mut repo, WENDY, &["web/a.ts", "api/a.rs"]);
    for _ in 0..3 {
        edit(&mut repo, "walt@acme.com", &["web/b.ts"]);
    }
    repo
}

#[test]
fn leader_focus_and_cohesion_are_measured_per_team() {
    let repo = scattered_leader();
    let json = audit(&repo, "json").json();
    let web = team(&json, "web");
    assert_eq!(web["leader_changes"], 5.0);
    assert_eq!(web["leader_focus"], 0.2, "{web:#}");
    // wendy 1 of 5, walt 3 of 3.
    assert_eq!(web["cohesion"], 0.5, "{web:#}");
    assert_eq!(web["leader_by_team"][0], serde_json::json!(["api", 4.0]));
    // ann made no change, otto one: below min_revs, no score.
    assert!(team(&json, "api")["leader_focus"].is_null());
    assert!(team(&json, "ops")["cohesion"].is_null());
}

#[test]
fn unfocused_leader_fires_with_the_leaders_changes_by_team() {
    let repo = scattered_leader();
    let json = audit(&repo, "json").json();
    let found = unfocused(&json);
    assert_eq!(found.len(), 1, "{:#}", json["findings"]);
    let f = found[0];
    assert_eq!(f["severity"], "warning");
    let text = f.to_string();
    assert!(text.contains("20% focused"), "{text}");
    assert!(text.contains("`api` 4"), "{text}");
    assert!(text.contains("`web` 2"), "{text}");
}

#[test]
fn a_focused_leader_is_silent() {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS);
    repo.commit_as("otto@acme.com", "init");
    for i in 0..5 {
        repo.write("web/a.ts", &i.to_string());
        repo.commit_as(WENDY, "edit");
    }
    repo.write("api/a.rs", "x");
    repo.commit_as(WENDY, "edit");
    let json = audit(&repo, "json").json();
    assert!(unfocused(&json).is_empty(), "{:#}", json["findings"]);
    let focus = team(&json, "web")["leader_focus"].as_f64().unwrap();
    assert!((focus - 5.0 / 6.0).abs() < 1e-9, "{focus}");
}

#[test]
fn every_audit_format_shows_leader_focus() {
    let repo = scattered_leader();
    let human = audit(&repo, "human").stdout;
    assert!(human.contains("leader focus"), "{human}");
    assert!(human.contains("20%"), "{human}");
    let md = audit(&repo, "markdown").stdout;
    assert!(md.contains("| leader focus | cohesion |"), "{md}");
    let html = audit(&repo, "html").stdout;
    assert!(html.contains("<th class=\"n\">leader focus</th>"), "{html}");
}
