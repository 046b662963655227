//! Time to value: every landed change's lead time checked against what the
//! git command line gives by the definition (docs/reference.md §3): merges
//! and octopus merges, squash landings with and without a pull-request or
//! merge-request ref, rebase landings, the window's edge, a rename and a
//! bulk change. The git CLI is the oracle only.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use teamlint_core::config::Changeset;
use teamlint_git::history::{self, landed};
use teamlint_git::repo::Repo;

const OWNERS: &str = r#"version = 1
[coupling]
max_changeset = 6

[teams.a]
leader = "a@acme.com"
[teams.b]
leader = "b@acme.com"
[teams.c]
leader = "c@acme.com"

[[own]]
team = "a"
paths = ["/a/"]
[[own]]
team = "b"
paths = ["/b/"]
[[own]]
team = "c"
paths = ["/c/"]
[[own]]
teams = ["a", "b"]
paths = ["/shared/"]
"#;

const HOUR: i64 = 3600;
const T0: i64 = 1_735_689_600; // 2025-01-01

/// A repository driven through the git CLI, each command at a chosen
/// author and committer time.
struct Git {
    dir: tempfile::TempDir,
}

impl Git {
    fn new() -> Git {
        let g = Git {
            dir: tempfile::tempdir().unwrap(),
        };
        g.run(&["init", "-q", "-b", "main"], 0, 0);
        g
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn run(&self, args: &[&str], author: i64, committer: i64) -> String {
        let out = support::command("git")
            .current_dir(self.path())
            .args(args)
            .env("GIT_AUTHOR_NAME", "Dev")
            .env("GIT_AUTHOR_EMAIL", "dev@acme.com")
            .env("GIT_COMMITTER_NAME", "Dev")
            .env("GIT_COMMITTER_EMAIL", "dev@acme.com")
            .env("GIT_AUTHOR_DATE", format!("@{author} +0000"))
            .env("GIT_COMMITTER_DATE", format!("@{committer} +0000"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn git(&self, args: &[&str]) -> String {
        self.run(args, T0, T0)
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Writes the files and commits them, authored at `author` hours and
    /// committed at `committer` hours after T0.
    fn commit(&self, files: &[(&str, &str)], msg: &str, author: i64, committer: i64) {
        for (p, t) in files {
            self.write(p, t);
        }
        self.run(&["add", "-A"], 0, 0);
        self.run(
            &["commit", "-q", "-m", msg],
            T0 + author * HOUR,
            T0 + committer * HOUR,
        );
    }

    fn merge(&self, branches: &[&str], msg: &str, at: i64) {
        let mut args = vec!["merge", "-q", "--no-ff", "-m", msg];
        args.extend(branches);
        self.run(&args, T0 + at * HOUR, T0 + at * HOUR);
    }

    /// `git merge --squash` of `branch`, committed with `msg`.
    fn squash(&self, branch: &str, msg: &str, at: i64) {
        self.run(&["merge", "-q", "--squash", branch], 0, 0);
        self.run(&["commit", "-q", "-m", msg], T0 + at * HOUR, T0 + at * HOUR);
    }
}

/// Lead time (seconds) of every first-parent commit in the window, by the
/// definition, from the git CLI alone; `None`: not measurable.
fn oracle(g: &Git, since: i64) -> BTreeMap<String, Option<i64>> {
    let since = format!("--since=@{since}");
    let mut args = vec![
        "log",
        "--first-parent",
        "--format=%H%x09%P%x09%ct%x09%at%x09%s%x09%b%x00",
    ];
    if since != "--since=@0" {
        args.push(&since);
    }
    let log = g.git(&args);
    let mut out = BTreeMap::new();
    for rec in log
        .split('\0')
        .map(|r| r.trim_start_matches('\n'))
        .filter(|r| !r.is_empty())
    {
        let f: Vec<&str> = rec.splitn(6, '\t').collect();
        let (id, parents, ct, at, subject, body) = (f[0], f[1], f[2], f[3], f[4], f[5]);
        let ct: i64 = ct.parse().unwrap();
        let parents: Vec<&str> = parents.split(' ').collect();
        let earliest = |args: Vec<String>| -> Option<i64> {
            let mut a = vec!["log".to_string(), "--format=%at".to_string()];
            a.extend(args);
            let a: Vec<&str> = a.iter().map(String::as_str).collect();
            g.git(&a).lines().map(|l| l.parse::<i64>().unwrap()).min()
        };
        let first = if parents.len() > 1 {
            let mut args = vec![format!("^{}", parents[0])];
            args.extend(parents[1..].iter().map(|p| p.to_string()));
            earliest(args).or(Some(at.parse().unwrap()))
        } else if let Some(r) = request_ref(subject, body) {
            let exists = support::command("git")
                .current_dir(g.path())
                .args(["rev-parse", "-q", "--verify", &r])
                .output()
                .unwrap()
                .status
                .success();
            if exists {
                earliest(vec![format!("^{}", parents[0]), r])
            } else {
                None
            }
        } else {
            Some(at.parse().unwrap())
        };
        out.insert(id.to_string(), first.map(|a| ct - a));
    }
    out
}

/// The ref a landing's message names, read the simplest way.
fn request_ref(subject: &str, body: &str) -> Option<String> {
    if let Some(open) = subject.rfind("(#") {
        let n = &subject[open + 2..subject[open..].find(')')? + open];
        return Some(format!("refs/pull/{n}/head"));
    }
    let at = body.find("See merge request ")?;
    let name = body[at..].split_whitespace().nth(3)?;
    let n = name.rsplit_once('!')?.1;
    Some(format!("refs/merge-requests/{n}/head"))
}

fn scan(path: &Path, since: Option<i64>, changeset: Changeset, cache: bool) -> history::Scan {
    let repo = Repo::discover(path).unwrap();
    repo.scan(
        &history::Options {
            changeset,
            since,
            until: None,
            use_cache: cache,
            threads: 1,
            interrupt: None,
            landings: true,
        },
        if cache {
            history::cache::load(&history::cache::path(repo.git_dir()))
        } else {
            None
        },
        &|_, _| {},
    )
    .unwrap()
}

fn measured(
    path: &Path,
    since: Option<i64>,
    changeset: Changeset,
    cache: bool,
) -> (BTreeMap<String, Option<i64>>, landed::Landed) {
    let s = scan(path, since, changeset, cache);
    landings_of(path, s, cache)
}

/// The landings of a scan, computed from `s` as given.
fn landings_of(
    path: &Path,
    s: history::Scan,
    cache: bool,
) -> (BTreeMap<String, Option<i64>>, landed::Landed) {
    let repo = Repo::discover(path).unwrap();
    let found = repo.landed(&s, cache).unwrap();
    let by_id = found
        .landings
        .iter()
        .map(|l| (s.commits[l.index].id.to_string(), l.lead()))
        .collect();
    (by_id, found)
}

/// The scripted history: every kind of landing, in hours after T0.
fn history() -> Git {
    let g = Git::new();
    g.write("OWNERS.toml", OWNERS);
    g.commit(
        &[("a/x.rs", "0"), ("b/y.rs", "0"), ("c/z.rs", "0")],
        "root",
        0,
        0,
    );
    // A topic forked before the window's edge and merged after it.
    g.git(&["checkout", "-q", "-b", "old-topic"]);
    g.commit(&[("a/old.rs", "1")], "old work", 2, 2);
    g.git(&["checkout", "-q", "main"]);
    g.commit(&[("c/z.rs", "1")], "before the window", 5, 6);
    // The window starts at hour 10.
    g.merge(&["old-topic"], "Merge branch 'old-topic'", 12);
    // A topic on one team, another on two.
    g.git(&["checkout", "-q", "-b", "t1"]);
    g.commit(&[("a/x.rs", "2")], "t1 one", 13, 13);
    g.commit(&[("a/x.rs", "3")], "t1 two", 14, 15);
    g.git(&["checkout", "-q", "main"]);
    g.commit(&[("b/y.rs", "1")], "direct", 16, 16);
    g.git(&["checkout", "-q", "-b", "t2", "HEAD~1"]);
    g.commit(&[("a/t2.rs", "1"), ("b/t2.rs", "1")], "t2", 11, 17);
    g.git(&["checkout", "-q", "main"]);
    g.merge(&["t1"], "Merge branch 't1'", 20);
    g.merge(&["t2"], "Merge branch 't2'", 30);
    // An octopus over three teams.
    for (b, f, at) in [
        ("o1", "a/o.rs", 31),
        ("o2", "b/o.rs", 29),
        ("o3", "c/o.rs", 33),
    ] {
        g.git(&["checkout", "-q", "-b", b, "main"]);
        g.commit(&[(f, b)], b, at, at);
        g.git(&["checkout", "-q", "main"]);
    }
    g.merge(
        &["o1", "o2", "o3"],
        "Merge branches 'o1', 'o2' and 'o3'",
        40,
    );
    // Squash landings: GitHub with its ref, one without, GitLab with.
    g.git(&["checkout", "-q", "-b", "pr7", "main"]);
    g.commit(&[("c/s.rs", "1")], "pr7 one", 41, 41);
    g.commit(&[("c/s.rs", "2")], "pr7 two", 42, 42);
    g.git(&["checkout", "-q", "main"]);
    g.squash("pr7", "Add s (#7)", 50);
    g.git(&["update-ref", "refs/pull/7/head", "pr7"]);
    g.git(&["checkout", "-q", "-b", "pr8", "main"]);
    g.commit(&[("b/q.rs", "1")], "pr8", 51, 51);
    g.git(&["checkout", "-q", "main"]);
    g.squash("pr8", "Add q (#8)", 55);
    // A stacked request: its ref also holds pr8's commits, which the
    // squash did not bring onto the chain.
    g.git(&["checkout", "-q", "-b", "mr3", "pr8"]);
    g.commit(&[("a/m.rs", "1")], "mr3", 56, 56);
    g.git(&["checkout", "-q", "main"]);
    g.squash(
        "mr3",
        "Add m\n\nSquashed.\n\nSee merge request acme/shop!3",
        60,
    );
    g.git(&["update-ref", "refs/merge-requests/3/head", "mr3"]);
    // A rebase landing: commits authored earlier, committed onto main.
    g.commit(&[("a/r1.rs", "1")], "rebased one", 61, 70);
    g.commit(&[("a/r2.rs", "1"), ("b/r2.rs", "1")], "rebased two", 62, 70);
    // A rename from one team's directory into another's.
    g.git(&["mv", "a/x.rs", "b/x.rs"]);
    g.run(
        &["commit", "-q", "-m", "move x"],
        T0 + 71 * HOUR,
        T0 + 72 * HOUR,
    );
    // A bulk change (more than max_changeset = 6 files).
    let bulk: Vec<(String, String)> = (0..8)
        .map(|i| (format!("c/bulk{i}.rs"), "1".into()))
        .collect();
    let bulk: Vec<(&str, &str)> = bulk.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    g.commit(&bulk, "bulk", 73, 74);
    g
}

#[test]
fn every_lead_time_is_what_git_gives() {
    support::seal();
    let g = history();
    let since = T0 + 10 * HOUR;
    let want = oracle(&g, since);
    // Both changeset modes scan the chain; the answers are the same.
    for mode in [Changeset::Merge, Changeset::Commit] {
        let (got, found) = measured(g.path(), Some(since), mode, false);
        assert_eq!(got, want, "{mode:?}");
        assert_eq!(found.pulls, (2, 1), "one pull request without its ref");
        assert_eq!(found.merge_requests, (1, 0));
    }
    // Spot checks of the definition, in hours.
    let leads: BTreeMap<String, Option<i64>> = want;
    let subject_of = |id: &str| g.git(&["log", "-1", "--format=%s", id]).trim().to_string();
    let by_subject: BTreeMap<String, Option<i64>> = leads
        .iter()
        .map(|(id, l)| (subject_of(id), l.map(|s| s / HOUR)))
        .collect();
    assert_eq!(by_subject["Merge branch 'old-topic'"], Some(10));
    assert_eq!(by_subject["Merge branch 't1'"], Some(7));
    assert_eq!(by_subject["Merge branch 't2'"], Some(19));
    assert_eq!(by_subject["Merge branches 'o1', 'o2' and 'o3'"], Some(11));
    assert_eq!(by_subject["Add s (#7)"], Some(9));
    assert_eq!(by_subject["Add q (#8)"], None);
    assert_eq!(
        by_subject["Add m"],
        Some(9),
        "the stacked request's pr8 commit"
    );
    assert_eq!(by_subject["rebased two"], Some(8));
    assert_eq!(by_subject["move x"], Some(1));
    assert!(!by_subject.contains_key("before the window"));
}

#[test]
fn the_whole_history_and_a_cached_rerun_agree_with_git() {
    support::seal();
    let g = history();
    let want = oracle(&g, 0);
    let (first, found) = measured(g.path(), None, Changeset::Commit, true);
    assert_eq!(first, want);
    assert_eq!(found.computed, want.len());
    let (again, found) = measured(g.path(), None, Changeset::Commit, true);
    assert_eq!(again, want);
    assert_eq!(found.computed, 0, "every answer came from the cache");
    // New landings, and the missing ref fetched: only those are measured.
    g.git(&["checkout", "-q", "-b", "t9", "main"]);
    g.commit(&[("a/n.rs", "1")], "t9", 80, 80);
    g.git(&["checkout", "-q", "main"]);
    g.merge(&["t9"], "Merge branch 't9'", 90);
    g.git(&["update-ref", "refs/pull/8/head", "pr8"]);
    let want = oracle(&g, 0);
    let (third, found) = measured(g.path(), None, Changeset::Commit, true);
    assert_eq!(third, want);
    assert!(found.computed < want.len(), "{}", found.computed);
    assert_eq!(found.pulls, (2, 0));
}

/// The audit report over the scripted history: by teams touched, per team,
/// and what it says about the missing pull-request ref.
#[test]
fn the_audit_reports_lead_time_by_teams_touched() {
    support::seal();
    let g = history();
    let run = |args: &[&str]| {
        let out = support::teamlint()
            .current_dir(g.path())
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.code() == Some(0) || out.status.code() == Some(1));
        String::from_utf8(out.stdout).unwrap()
    };
    let json: serde_json::Value = serde_json::from_str(&run(&[
        "audit",
        "--format",
        "json",
        "--no-cache",
        "--since",
        "2025-01-01",
    ]))
    .unwrap();
    let lt = &json["lead_time"];
    // Landings from 2025-01-01 on: root (no lead: itself, 0 h) and all the
    // rest; "Add q (#8)" has no ref; the bulk change is skipped.
    assert_eq!(lt["unmeasured"], 1, "{lt}");
    assert_eq!(lt["skipped_large"], 1, "{lt}");
    let buckets: Vec<(String, u64)> = lt["by_teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["teams"].as_str().unwrap().to_string(),
                b["changes"].as_u64().unwrap(),
            )
        })
        .collect();
    // One team: before the window (c), old-topic (a), direct (b), t1 (a),
    // Add s (c), Add m (a: its diff holds a/m.rs only, pr8's file came
    // with Add q), rebased one (a), move x (b: the rename follows to the
    // new path). Two: t2, rebased two, and root (its a/x.rs is b/x.rs
    // today, renames followed). Three: the octopus.
    assert_eq!(
        buckets,
        vec![("1".into(), 8), ("2".into(), 3), ("3+".into(), 1)],
        "{lt}"
    );
    let ratio = &lt["ratio"];
    assert!(ratio["value"].as_f64().unwrap() > 0.0, "{lt}");
    assert!(ratio["low"].as_f64().unwrap() <= ratio["high"].as_f64().unwrap());
    let notes = json["notes"].to_string();
    assert!(notes.contains("have no `refs/pull/N/head`"), "{notes}");
    // The headline in the human report.
    let human = run(&["audit", "--no-cache", "--color", "never"]);
    assert!(
        human.contains("changes that touch 2+ teams take"),
        "{human}"
    );
}

#[test]
fn a_squash_history_without_pull_refs_says_how_to_fetch_them() {
    support::seal();
    let g = Git::new();
    g.write("OWNERS.toml", OWNERS);
    g.commit(&[("a/x.rs", "0")], "root", 0, 0);
    for i in 1..4 {
        g.commit(
            &[("a/x.rs", &i.to_string())],
            &format!("Change {i} (#{i})"),
            i,
            i + 1,
        );
    }
    let out = support::teamlint()
        .current_dir(g.path())
        .args(["audit", "--format", "json", "--no-cache"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["lead_time"]["unmeasured"], 3);
    let notes = json["notes"].to_string();
    assert!(
        notes.contains("git fetch origin '+refs/pull/*/head:refs/pull/*/head'"),
        "{notes}"
    );
}

/// The same lead times from loose objects, from packs (headers inflated
/// only as far as needed, deltas resolved), and from git's commit-graph
/// file (parents and times from the file, author times from the objects),
/// also when the file is a split chain and when it is older than the
/// newest commits (those are read from their objects). Each time both with
/// the commits the scan walked (not read again) and without them (every
/// commit read from the file or its object).
#[test]
fn packs_and_the_commit_graph_give_the_same_lead_times() {
    support::seal();
    let g = history();
    let since = T0 + 10 * HOUR;
    let want = oracle(&g, since);
    let lead = || {
        let s = scan(g.path(), Some(since), Changeset::Commit, false);
        assert!(!s.walked.is_empty());
        let mut unwalked = scan(g.path(), Some(since), Changeset::Commit, false);
        unwalked.walked.clear();
        let read = landings_of(g.path(), unwalked, false).0;
        let known = landings_of(g.path(), s, false).0;
        assert_eq!(read, known, "read again or known from the scan");
        known
    };
    assert_eq!(lead(), want, "loose objects");
    g.git(&["repack", "-adq", "--depth=50", "--window=50"]);
    assert_eq!(lead(), want, "packed");
    let graph = g.path().join(".git/objects/info/commit-graph");
    g.git(&["commit-graph", "write", "--reachable"]);
    assert!(graph.exists());
    assert_eq!(lead(), want, "with a commit-graph");
    // Newer than the file: a topic and its merge, and a pull request.
    g.git(&["checkout", "-q", "-b", "t9", "main"]);
    g.commit(&[("a/n.rs", "1")], "t9", 76, 80);
    g.git(&["checkout", "-q", "main"]);
    g.merge(&["t9"], "Merge branch 't9'", 90);
    g.git(&["checkout", "-q", "-b", "pr9", "HEAD~2"]);
    g.commit(&[("c/p.rs", "1")], "pr9", 75, 91);
    g.git(&["checkout", "-q", "main"]);
    g.squash("pr9", "Add p (#9)", 92);
    g.git(&["update-ref", "refs/pull/9/head", "pr9"]);
    let want = oracle(&g, since);
    assert_eq!(lead(), want, "a commit-graph older than the newest commits");
    std::fs::remove_file(&graph).unwrap();
    g.git(&["commit-graph", "write", "--reachable", "--split"]);
    assert!(g.path().join(".git/objects/info/commit-graphs").exists());
    assert_eq!(lead(), want, "a split commit-graph");
    g.git(&["config", "core.commitGraph", "false"]);
    assert_eq!(lead(), want, "the commit-graph turned off");
}

/// The requests' refs as git keeps them after `git pack-refs` (read from
/// `packed-refs` at once), then with one of them loose again and moved
/// (the loose ref wins, as in git), then with the packed file gone: every
/// lead time is still what git gives, with and without the cache.
#[test]
fn packed_and_loose_request_refs_give_the_same_lead_times() {
    support::seal();
    let g = history();
    let since = T0 + 10 * HOUR;
    let lead = |cache: bool| measured(g.path(), Some(since), Changeset::Commit, cache).0;
    g.git(&["pack-refs", "--all"]);
    assert!(!g.path().join(".git/refs/pull/7/head").exists());
    assert!(std::fs::read_to_string(g.path().join(".git/packed-refs"))
        .unwrap()
        .contains("refs/pull/7/head"));
    let want = oracle(&g, since);
    assert_eq!(lead(false), want, "packed");
    assert_eq!(lead(true), want, "packed, filling the cache");
    assert_eq!(lead(true), want, "packed, from the cache");
    // The pull request gains a commit written earlier: a loose ref now
    // overrides the packed one, and the lead time of `Add s (#7)` grows.
    g.git(&["checkout", "-q", "pr7"]);
    g.commit(&[("c/s2.rs", "1")], "pr7 again", 2, 51);
    g.git(&["checkout", "-q", "main"]);
    g.git(&["update-ref", "refs/pull/7/head", "pr7"]);
    assert!(g.path().join(".git/refs/pull/7/head").exists());
    let moved = oracle(&g, since);
    assert_ne!(moved, want, "the loose ref moved the request");
    assert_eq!(lead(true), moved, "loose over packed, from the cache");
    assert_eq!(lead(false), moved, "loose over packed");
    // Packed again, the loose file gone.
    g.git(&["pack-refs", "--all"]);
    assert!(!g.path().join(".git/refs/pull/7/head").exists());
    assert_eq!(lead(true), moved, "packed again, from the cache");
}
