//! `teamlint audit`: every count checked against what `git log` reports for
//! the same history (the git command line is the test oracle only), plus
//! the history rules, the cache and odd repositories.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use support::{Run, TestRepo};

const OWNERS: &str = r#"version = 1
[coupling]
renames = false
min_revs = 1
min_shared = 1
min_degree = 0.0
max_changeset = 1000
team_threshold = 0.0

[teams.web]
leader = "wendy@acme.com"
members = ["walt@acme.com"]
[teams.api]
leader = "ann@acme.com"
members = ["al@acme.com"]
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

/// A history with a root commit, edits, a deletion, a rename, a binary
/// file, paths with spaces and odd characters, a side branch and a merge.
fn scripted() -> TestRepo {
    let mut r = TestRepo::new();
    r.write("OWNERS.toml", OWNERS);
    r.write("web/app.ts", "1");
    r.write("api/server.rs", "1");
    r.commit_as("wendy@acme.com", "root");
    r.commit_files(
        &[("web/app.ts", "2"), ("api/server.rs", "2")],
        "cross change",
    );
    r.commit_files(
        &[("web/app.ts", "3"), ("web/style with space.css", "x")],
        "web only",
    );
    r.write_bytes("api/logo.png", &[0, 159, 146, 150, 0, 1, 2]);
    r.commit_as("ann@acme.com", "binary");
    r.commit_files(
        &[("api/server.rs", "3"), ("infra/main,odd:name.tf", "x")],
        "api and ops",
    );
    r.remove("web/style with space.css");
    r.commit_as("walt@acme.com", "delete");
    r.rename("api/server.rs", "api/main.rs");
    r.commit_as("al@acme.com", "rename");
    r.commit_files(&[("api/main.rs", "4"), ("web/app.ts", "4")], "cross again");

    // A side branch, merged back with a merge commit.
    let main_branch = format!("refs/heads/{}", r.repo.head().unwrap().shorthand().unwrap());
    {
        let head = r.repo.head().unwrap().peel_to_commit().unwrap();
        r.repo.branch("side", &head, false).unwrap();
    }
    let force = || {
        let mut b = git2::build::CheckoutBuilder::new();
        b.force();
        b
    };
    r.repo.set_head("refs/heads/side").unwrap();
    r.repo.checkout_head(Some(&mut force())).unwrap();
    r.commit_files(&[("web/side.ts", "s"), ("api/side.rs", "s")], "side work");
    let side = r.repo.head().unwrap().target().unwrap();
    r.repo.set_head(&main_branch).unwrap();
    r.repo.checkout_head(Some(&mut force())).unwrap();
    r.commit_files(&[("web/app.ts", "5")], "main work");
    // Merge: a commit with two parents and the union of both trees.
    r.write("web/side.ts", "s");
    r.write("api/side.rs", "s");
    r.stage_all();
    {
        let mut index = r.repo.index().unwrap();
        let tree = r.repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig =
            git2::Signature::new("m", "merger@acme.com", &git2::Time::new(r.time, 0)).unwrap();
        let main = r.repo.head().unwrap().peel_to_commit().unwrap();
        let side = r.repo.find_commit(side).unwrap();
        r.repo
            .commit(
                Some("HEAD"),
                &sig,
                &sig,
                "merge side",
                &tree,
                &[&main, &side],
            )
            .unwrap();
    }
    r.time += 86_400;
    r.commit_files(&[("ops.txt", "o")], "after merge");
    r
}

/// `git log` file lists, one per commit.
fn git_log(repo: &TestRepo, args: &[&str]) -> Vec<Vec<String>> {
    let out = support::command("git")
        .current_dir(repo.path())
        .args([
            "-c",
            "core.quotepath=off",
            "log",
            "--no-renames",
            "--name-only",
            "--format=%x00%H",
        ])
        .args(args)
        .output()
        .expect("git log");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .split('\0')
        .filter(|c| !c.trim().is_empty())
        .map(|c| {
            c.lines()
                .skip(1)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect()
        })
        .collect()
}

fn audit(repo: &TestRepo, extra: &[&str]) -> Value {
    let mut args = vec!["audit", "--format", "json", "--exit-zero"];
    args.extend_from_slice(extra);
    let run = repo.run(&args);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    run.json()
}

fn owner(path: &str) -> &'static str {
    if path.starts_with("web/") {
        "web"
    } else if path.starts_with("api/") {
        "api"
    } else {
        "ops"
    }
}

/// Checks files, teams and team pairs against the oracle's changes.
fn check_against(json: &Value, changes: &[Vec<String>]) {
    assert_eq!(
        json["window"]["changes"],
        changes.len(),
        "number of changes"
    );

    let mut revs: BTreeMap<&str, u64> = BTreeMap::new();
    let mut team_revs: BTreeMap<&str, u64> = BTreeMap::new();
    let mut team_shared: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    let mut single = 0;
    for files in changes {
        for f in files {
            *revs.entry(f).or_default() += 1;
        }
        let teams: BTreeSet<&str> = files.iter().map(|f| owner(f)).collect();
        for t in &teams {
            *team_revs.entry(t).or_default() += 1;
        }
        let teams: Vec<&str> = teams.into_iter().collect();
        for (i, a) in teams.iter().enumerate() {
            for b in &teams[i + 1..] {
                *team_shared.entry((a, b)).or_default() += 1;
            }
        }
        if teams.len() == 1 {
            single += 1;
        }
    }
    let got_files: BTreeMap<String, u64> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["revs"].as_f64().unwrap() as u64,
            )
        })
        .collect();
    let want_files: BTreeMap<String, u64> = revs.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    assert_eq!(got_files, want_files, "revs per file");

    for t in json["teams"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        assert_eq!(
            t["revs"].as_f64().unwrap() as u64,
            team_revs.get(name).copied().unwrap_or(0),
            "revs of {name}"
        );
    }
    for p in json["team_pairs"].as_array().unwrap() {
        let (a, b) = (p["a"].as_str().unwrap(), p["b"].as_str().unwrap());
        let key = if a < b { (a, b) } else { (b, a) };
        let want = team_shared.get(&key).copied().unwrap_or(0);
        assert_eq!(p["shared"].as_f64().unwrap() as u64, want, "shared {a}/{b}");
        let (ra, rb) = (team_revs[a] as f64, team_revs[b] as f64);
        let degree = want as f64 / ((ra + rb) / 2.0);
        assert!((p["degree"].as_f64().unwrap() - degree).abs() < 1e-9);
        assert!((p["confidence_ab"].as_f64().unwrap() - want as f64 / ra).abs() < 1e-9);
    }
    let owned = changes.len() as f64;
    assert!((json["separability"].as_f64().unwrap() - single as f64 / owned).abs() < 1e-9);
}

#[test]
fn counts_equal_git_log_in_commit_mode() {
    let repo = scripted();
    let changes = git_log(&repo, &["--no-merges"]);
    assert!(changes.len() >= 10);
    check_against(&audit(&repo, &[]), &changes);
}

#[test]
fn counts_equal_git_log_in_merge_mode() {
    let repo = scripted();
    let cfg = OWNERS.replace("renames = false", "renames = false\nchangeset = \"merge\"");
    repo.write("OWNERS.toml", &cfg);
    let changes = git_log(&repo, &["--first-parent", "--diff-merges=first-parent"]);
    let json = audit(&repo, &["--no-cache"]);
    check_against(&json, &changes);
    // The merge is one change carrying both files of the side branch.
    assert!(changes
        .iter()
        .any(|c| c.contains(&"web/side.ts".to_string()) && c.contains(&"api/side.rs".to_string())));
}

#[test]
fn a_window_equals_git_log_since() {
    let repo = scripted();
    let since = support::T0 + 5 * 86_400;
    let date = teamlint_core::date::format_date(since);
    let changes = git_log(
        &repo,
        &["--no-merges", &format!("--since={date}T00:00:00Z")],
    );
    let json = audit(&repo, &["--since", &date]);
    assert!(changes.len() < git_log(&repo, &["--no-merges"]).len());
    check_against(&json, &changes);
}

#[test]
fn renames_follow_the_file_to_its_current_path() {
    let repo = scripted();
    repo.write(
        "OWNERS.toml",
        &OWNERS.replace("renames = false", "renames = true"),
    );
    let json = audit(&repo, &[]);
    let revs = |p: &str| {
        json["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == p)
            .map(|f| f["revs"].as_f64().unwrap() as u64)
    };
    // git log --follow counts the commits that touched the file under any name.
    let follow = git_log(&repo, &["--no-merges", "--follow", "--", "api/main.rs"]).len() as u64;
    assert_eq!(revs("api/main.rs"), Some(follow));
    assert_eq!(revs("api/server.rs"), None, "history moved to the new path");
}

#[test]
fn bulk_changes_and_ignored_authors_are_skipped_and_counted() {
    let mut repo = scripted();
    let files: Vec<(String, &str)> = (0..40).map(|i| (format!("gen/f{i}.txt"), "x")).collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, c)| (p.as_str(), *c)).collect();
    repo.commit_files(&refs, "generated");
    repo.write("web/app.ts", "bot");
    repo.commit_as("49699333+dependabot[bot]@users.noreply.github.com", "bump");
    let cfg = OWNERS.replace(
        "max_changeset = 1000",
        "max_changeset = 30\nignore_authors = [\"dependabot[bot]\"]",
    );
    repo.write("OWNERS.toml", &cfg);
    let json = audit(&repo, &[]);
    assert_eq!(json["window"]["skipped_large"], 1);
    assert_eq!(json["window"]["skipped_authors"], 1);
    let ids = json["window"]["skipped_large_ids"].as_array().unwrap();
    assert_eq!(ids.len(), 1);
    let all = git_log(&repo, &["--no-merges"]);
    assert_eq!(json["window"]["changes"], all.len() - 2);
}

#[test]
fn the_cache_gives_identical_results_and_survives_corruption() {
    let mut repo = scripted();
    let cold = audit(&repo, &["--no-cache"]);
    let first = audit(&repo, &[]);
    let cache = repo.repo.path().join("teamlint/history.bin");
    assert!(cache.is_file(), "the first cached run writes the cache");
    let warm = audit(&repo, &[]);
    assert_eq!(cold, first);
    assert_eq!(cold, warm);

    // New commits: only those are read, and the result matches a cold run.
    repo.commit_files(&[("web/late.ts", "x"), ("api/late.rs", "y")], "late");
    assert_eq!(audit(&repo, &[]), audit(&repo, &["--no-cache"]));

    // Truncated, corrupt and foreign caches are rebuilt, never trusted.
    let good = std::fs::read(&cache).unwrap();
    for bad in [
        good[..good.len() / 2].to_vec(),
        flip(&good),
        b"somebody else's file".to_vec(),
    ] {
        std::fs::write(&cache, &bad).unwrap();
        assert_eq!(audit(&repo, &[]), audit(&repo, &["--no-cache"]));
        assert_ne!(std::fs::read(&cache).unwrap(), bad, "rebuilt");
    }
}

#[test]
fn the_cache_serves_a_window_after_another() {
    // The cache keeps the last window's diffs first; a different window
    // next must still read the same history as a cold run.
    let repo = scripted();
    let date = |days: i64| teamlint_core::date::format_date(support::T0 + days * 86_400);
    let windows: [Vec<String>; 4] = [
        vec![],
        vec!["--since".into(), date(5)],
        vec!["--until".into(), date(4)],
        vec![],
    ];
    for w in &windows {
        let args: Vec<&str> = w.iter().map(String::as_str).collect();
        let cold: Vec<&str> = args.iter().copied().chain(["--no-cache"]).collect();
        assert_eq!(audit(&repo, &args), audit(&repo, &cold), "window {w:?}");
    }
}

#[test]
fn an_untracked_directory_file_counts_in_the_audit() {
    // The user is still writing web/OWNERS.toml: the audit measures the
    // ownership it sets, as `check` and `explain` do.
    let repo = scripted();
    let before = audit(&repo, &[]);
    let team_of = |json: &Value, path: &str| {
        json["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == path)
            .map(|f| f["team"].clone())
            .unwrap()
    };
    assert_eq!(team_of(&before, "web/app.ts"), "web");
    repo.write("web/OWNERS.toml", "team = \"api\"\n");
    let after = audit(&repo, &[]);
    assert_eq!(team_of(&after, "web/app.ts"), "api");
    assert_eq!(after, audit(&repo, &["--no-cache"]));

    // A broken one is reported, pointing into it, as for a tracked file.
    repo.write("web/OWNERS.toml", "team = [\n");
    let run = repo.run(&["audit"]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("web/OWNERS.toml:1:"), "{}", run.stdout);
}

fn flip(data: &[u8]) -> Vec<u8> {
    let mut d = data.to_vec();
    let i = d.len() - 5;
    d[i] ^= 0xff;
    d
}

#[test]
fn coupling_rules_fire_with_evidence_and_respect_depends_on() {
    let repo = scripted();
    let cfg = OWNERS.replace("team_threshold = 0.0", "team_threshold = 0.2");
    repo.write("OWNERS.toml", &cfg);
    let run = repo.run(&["audit", "--format", "json"]);
    assert_eq!(run.code, 1, "undeclared coupling is an error");
    let json = run.json();
    let f = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["rule"] == "undeclared-coupling" && f["teams"] == serde_json::json!(["web", "api"])
        })
        .unwrap_or_else(|| panic!("{json:#}"))
        .clone();
    let ev = &f["evidence"];
    assert!(ev["shared"].as_f64().unwrap() >= 2.0);
    assert!(ev["confidence_ab"].as_f64().unwrap() > 0.0);
    let commits = ev["commits"].as_array().unwrap();
    assert!(!commits.is_empty() && commits.len() <= 3);
    // Newest first: the side branch's commit is the latest to touch both.
    assert_eq!(commits[0]["subject"], "side work");
    assert_eq!(commits[1]["subject"], "cross again");
    assert_eq!(f["location"]["file"], "OWNERS.toml");

    // Declared: silent.
    let declared = cfg.replace(
        "leader = \"wendy@acme.com\"",
        "leader = \"wendy@acme.com\"\ndepends_on = [\"api\"]",
    );
    repo.write("OWNERS.toml", &declared);
    let json = audit(&repo, &[]);
    assert!(!json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "undeclared-coupling"
            && f["teams"] == serde_json::json!(["web", "api"])));
}

#[test]
fn unused_dependency_low_separability_and_coupled_files() {
    let repo = scripted();
    let cfg = OWNERS
        .replace(
            "leader = \"otto@acme.com\"",
            "leader = \"otto@acme.com\"\ndepends_on = [\"docs\"]\n[teams.docs]\nleader = \"dora@acme.com\"",
        )
        .replace("min_degree = 0.0", "min_degree = 0.5")
        + "[[own]]\nteam = \"docs\"\npaths = [\"/docs/\"]\n";
    repo.write("OWNERS.toml", &cfg);
    let json = audit(&repo, &[]);
    let rules: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"unused-dependency"), "{rules:?}");
    assert!(rules.contains(&"low-separability"), "{rules:?}");
    assert!(rules.contains(&"coupled-files"), "{rules:?}");
    // The side branch's two files changed together every time: degree 1.
    let pair = json["file_pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["a"] == "api/side.rs" && p["b"] == "web/side.ts")
        .unwrap_or_else(|| panic!("{:#}", json["file_pairs"]));
    assert_eq!(pair["degree"], 1.0);
    assert_eq!(pair["a_team"], "api");
}

#[test]
fn ownership_mismatch_maps_authors_through_members() {
    let mut repo = TestRepo::new();
    repo.write(
        "OWNERS.toml",
        &OWNERS.replace("min_revs = 1", "min_revs = 3"),
    );
    repo.commit_as("otto@acme.com", "init");
    for i in 0..4 {
        repo.write("web/app.ts", &i.to_string());
        repo.commit_as("al@acme.com", "api member edits web");
    }
    let json = audit(&repo, &[]);
    let f = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "ownership-mismatch")
        .unwrap_or_else(|| panic!("{json:#}"))
        .clone();
    assert_eq!(f["teams"], serde_json::json!(["web", "api"]));
}

#[test]
fn below_min_revs_there_is_no_score() {
    let repo = scripted();
    repo.write(
        "OWNERS.toml",
        &OWNERS.replace("min_revs = 1", "min_revs = 100"),
    );
    let json = audit(&repo, &[]);
    for t in json["teams"].as_array().unwrap() {
        assert!(t["separability"].is_null(), "{t}");
    }
}

#[test]
fn half_life_weights_recent_changes_more() {
    let repo = scripted();
    repo.write(
        "OWNERS.toml",
        &OWNERS.replace("renames = false", "renames = false\nhalf_life = \"2 days\""),
    );
    let json = audit(&repo, &[]);
    let ops = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "ops.txt")
        .unwrap();
    // The newest change weighs 1.
    assert!((ops["revs"].as_f64().unwrap() - 1.0).abs() < 1e-9);
    let root_file = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "OWNERS.toml")
        .unwrap();
    assert!(root_file["revs"].as_f64().unwrap() < 0.1);
}

#[test]
fn by_month_gives_a_trend_and_compare_gives_both_maps() {
    let repo = scripted();
    let other = repo.path().join("proposed.toml");
    // The proposal: web takes over api's code.
    std::fs::write(
        &other,
        OWNERS.replace("team = \"api\"\npaths", "team = \"web\"\npaths"),
    )
    .unwrap();
    let json = audit(
        &repo,
        &["--by", "month", "--compare", other.to_str().unwrap()],
    );
    let trend = json["trend"].as_array().unwrap();
    assert!(!trend.is_empty());
    let total: u64 = trend.iter().map(|p| p["changes"].as_u64().unwrap()).sum();
    assert_eq!(total, json["window"]["changes"].as_u64().unwrap());
    let sep = json["compare"]["separability"].as_f64().unwrap();
    assert!(
        sep > json["separability"].as_f64().unwrap(),
        "merging web and api separates better"
    );
}

#[test]
fn every_format_renders() {
    let repo = scripted();
    for (format, needle) in [
        ("human", "repository separability"),
        ("markdown", "separability"),
        ("csv", "kind,a,b"),
        ("html", "<svg"),
    ] {
        let run = repo.run(&["audit", "--format", format, "--exit-zero", "--by", "month"]);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        assert!(run.stdout.contains(needle), "{format}:\n{}", run.stdout);
    }
}

#[test]
fn an_empty_repository_is_an_empty_report() {
    let repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS);
    let run = repo.run(&["audit", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["window"]["changes"], 0);
    assert!(json["notes"][0].as_str().unwrap().contains("no commits"));
    let human = repo.run(&["audit"]);
    assert_eq!(human.code, 0);
    assert!(human.stdout.contains("no commits"), "{}", human.stdout);
}

#[test]
fn a_shallow_clone_warns_with_fetch_depth() {
    let repo = scripted();
    let dir = tempfile::tempdir().unwrap();
    let clone = dir.path().join("shallow");
    let ok = support::command("git")
        .args(["clone", "-q", "--depth", "2"])
        .arg(format!("file://{}", repo.path().display()))
        .arg(&clone)
        .status()
        .unwrap();
    assert!(ok.success());
    std::fs::write(clone.join("OWNERS.toml"), OWNERS).unwrap();
    let run = Run::from(
        support::teamlint()
            .arg("-C")
            .arg(&clone)
            .args(["audit", "--format", "json", "--exit-zero"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let notes = run.json()["notes"].to_string();
    assert!(
        notes.contains("shallow") && notes.contains("fetch-depth: 0"),
        "{notes}"
    );
}

#[test]
fn missing_objects_are_skipped_and_counted() {
    let mut repo = scripted();
    // A commit whose tree object is gone, as in a damaged or partial copy.
    repo.write("lost/dir/file.txt", "x");
    let lost = repo.commit("loses a tree");
    repo.commit_files(&[("ops.txt", "later")], "later");
    let tree = repo.repo.find_commit(lost).unwrap().tree().unwrap();
    let sub = tree
        .get_path(std::path::Path::new("lost/dir"))
        .unwrap()
        .id();
    let hex = sub.to_string();
    let obj = repo
        .repo
        .path()
        .join("objects")
        .join(&hex[..2])
        .join(&hex[2..]);
    std::fs::remove_file(obj).unwrap();
    let json = audit(&repo, &["--no-cache"]);
    assert_eq!(json["window"]["skipped_missing"], 1);
    assert!(json["notes"].to_string().contains("could not be read"));
}

#[test]
fn bare_repositories_and_detached_heads() {
    let repo = scripted();
    let dir = tempfile::tempdir().unwrap();
    let bare = dir.path().join("b.git");
    git2::build::RepoBuilder::new()
        .bare(true)
        .clone(repo.path().to_str().unwrap(), &bare)
        .unwrap();
    let run = Run::from(
        support::teamlint()
            .arg("-C")
            .arg(&bare)
            .args(["audit", "--format", "json", "--exit-zero"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The bare clone has no OWNERS.toml edits: it reads HEAD's, which the
    // scripted history committed.
    assert_eq!(
        run.json()["window"]["changes"],
        git_log(&repo, &["--no-merges"]).len()
    );

    let head = repo.repo.head().unwrap().peel_to_commit().unwrap();
    let parent = head.parent(0).unwrap().id();
    repo.repo.set_head_detached(parent).unwrap();
    let json = audit(&repo, &[]);
    assert_eq!(
        json["window"]["changes"],
        git_log(&repo, &["--no-merges", "HEAD"]).len()
    );
}

#[test]
fn a_long_history_split_across_threads_still_equals_git_log() {
    // Many commits spread over threads give what one thread gives.
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS);
    repo.commit("init");
    for i in 0..700 {
        let file = match i % 3 {
            0 => format!("web/f{}.ts", i % 17),
            1 => format!("api/f{}.rs", i % 13),
            _ => format!("infra/f{}.tf", i % 7),
        };
        repo.write(&file, &i.to_string());
        if i % 5 == 0 {
            repo.write(&format!("web/pair{}.ts", i % 4), &i.to_string());
        }
        if i % 50 == 0 {
            repo.remove(&file);
        }
        repo.commit(&format!("change {i}"));
    }
    let changes = git_log(&repo, &["--no-merges"]);
    assert!(changes.len() > 512);
    let with_threads = |threads: &str, extra: &[&str]| {
        let mut args = vec!["audit", "--format", "json", "--exit-zero"];
        args.extend_from_slice(extra);
        let mut cmd = repo.cmd();
        cmd.args(&args).env("TEAMLINT_THREADS", threads);
        let run = support::Run::from(cmd.output().unwrap()).of(&cmd);
        assert_eq!(run.code, 0, "{run}");
        run.json()
    };
    check_against(&with_threads("2", &["--no-cache"]), &changes);
    check_against(&with_threads("2", &[]), &changes);
    check_against(&with_threads("1", &["--no-cache"]), &changes);
    check_against(&audit(&repo, &["--no-cache"]), &changes);
}

/// A window that ends before it starts is a usage error that says so; a
/// window whose every commit is skipped says that too.
#[test]
fn an_inverted_or_empty_window_says_so() {
    let repo = scripted();
    let run = repo.run(&["audit", "--since", "2024-01-01", "--until", "2023-01-01"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr
            .contains("--until 2023-01-01 is before --since 2024-01-01"),
        "{run}"
    );
    assert!(
        run.stderr.contains("give --until a date after --since"),
        "{run}"
    );
    repo.write(
        "OWNERS.toml",
        &OWNERS.replace("max_changeset = 1000", "max_changeset = 0"),
    );
    let run = repo.run(&["audit", "--no-cache", "--exit-zero"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stdout.contains("no change counted in the window"),
        "{run}"
    );
}
