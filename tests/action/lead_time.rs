//! The Action's `lead-time` input: the history step fetches the pull
//! requests' head refs and measures lead time, so that an audit after it
//! measures squash-merged pull requests; without it, nothing is fetched
//! and the refresh skips lead time.

use std::path::Path;

use git2::{Signature, Time};

use super::support::TestRepo;
use super::{show, Runner};

const OWNERS: &str = r#"version = 1

[teams.payments]
leader = "alice@acme.com"

[[own]]
team = "payments"
paths = ["*"]
"#;

/// An origin whose main line holds a squash landing of pull request 1,
/// with the pull request's commit kept at `refs/pull/1/head` as GitHub
/// keeps it; returns the origin and the pull request's commit.
fn origin() -> (TestRepo, git2::Oid) {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS).write("api.rs", "0\n");
    let base = repo.commit("base");
    // The pull request's commit, authored a day after the base.
    repo.write("api.rs", "1\n");
    repo.stage_all();
    let pr = {
        let git = &repo.repo;
        let tree = git
            .find_tree(git.index().unwrap().write_tree().unwrap())
            .unwrap();
        let sig = Signature::new("dev", "dev@example.com", &Time::new(repo.time, 0)).unwrap();
        let parent = git.find_commit(base).unwrap();
        let pr = git
            .commit(None, &sig, &sig, "api: one", &tree, &[&parent])
            .unwrap();
        git.reference("refs/pull/1/head", pr, true, "pull request")
            .unwrap();
        pr
    };
    // Three days on, the squash lands.
    repo.time += 3 * 86_400;
    repo.commit("api: one (#1)");
    (repo, pr)
}

fn clone(origin: &Path, to: &Path) {
    let out = super::support::command("git")
        .args(["clone", "-q"])
        .arg(origin)
        .arg(to)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn audit_json(ws: &Path) -> serde_json::Value {
    let out = super::support::teamlint()
        .current_dir(ws)
        .args(["audit", "--format", "json", "--exit-zero"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).expect("audit JSON")
}

#[test]
fn lead_time_fetches_the_pull_request_refs_and_measures_them() {
    let (origin, pr) = origin();
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    clone(origin.path(), &ws);
    let runner = Runner::new(&pr.to_string());

    let refresh = runner.script("action-history.sh", &ws, &[("INPUT_LEAD_TIME", "true")]);
    assert_eq!(refresh.code, 0, "{}", show(&refresh));
    assert!(
        refresh.stdout.contains("pull-request refs fetched"),
        "{}",
        show(&refresh)
    );
    let clone = git2::Repository::open(&ws).unwrap();
    assert_eq!(clone.refname_to_id("refs/pull/1/head").unwrap(), pr);
    assert!(
        ws.join(".git/teamlint/landed.bin").is_file(),
        "{}",
        show(&refresh)
    );

    let lt = &audit_json(&ws)["lead_time"];
    assert_eq!(lt["unmeasured"], 0, "{lt}");
    assert_eq!(lt["measured"], 2, "{lt}");
    // The squash landed three days (72 h) after its commit was written.
    let one = &lt["by_teams"][0];
    assert_eq!(one["p90_hours"], 72.0, "{lt}");
}

#[test]
fn without_lead_time_nothing_is_fetched_and_the_audit_says_how() {
    let (origin, pr) = origin();
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    clone(origin.path(), &ws);
    let runner = Runner::new(&pr.to_string());

    let refresh = runner.script("action-history.sh", &ws, &[]);
    assert_eq!(refresh.code, 0, "{}", show(&refresh));
    let clone = git2::Repository::open(&ws).unwrap();
    assert!(clone.refname_to_id("refs/pull/1/head").is_err());
    assert!(!ws.join(".git/teamlint/landed.bin").exists());
    assert!(ws.join(".git/teamlint/history.bin").is_file());

    let json = audit_json(&ws);
    assert_eq!(json["lead_time"]["unmeasured"], 1, "{json}");
    assert!(
        json["notes"]
            .to_string()
            .contains("git fetch origin '+refs/pull/*/head:refs/pull/*/head'"),
        "{json}"
    );

    // An input that is neither true nor false warns and fetches nothing.
    let odd = runner.script("action-history.sh", &ws, &[("INPUT_LEAD_TIME", "yes")]);
    assert_eq!(odd.code, 0, "{}", show(&odd));
    assert!(
        odd.stdout.contains("lead-time must be true or false"),
        "{}",
        show(&odd)
    );
    assert!(clone.refname_to_id("refs/pull/1/head").is_err());
}
