//! The lead-time pass, measured on a real repository against its git
//! reference in the same run: `git log --first-parent` over the window,
//! plus the walk of the landed commits (`git rev-list HEAD REFS --not
//! BOUNDARY`: the merges' branches and the landed pull requests' refs, down
//! to the chain commit below the window). Prints the ratios, and the
//! cached pass against the first. A last reference line is the same walk
//! reading what the pass must know, each landed commit's author time
//! (`--format=%at`): with a commit-graph file git's plain walk reads no
//! commit object at all.
//!
//!     cargo bench --bench lead_time -- REPO [SINCE]
//!
//! SINCE is a date (2025-01-01); default: the whole history. The history
//! scan it needs is taken from (and kept in) the repository's history
//! cache; only the lead-time pass is timed.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use teamlint_core::config::Changeset;
use teamlint_git::history;
use teamlint_git::repo::Repo;

const RUNS: usize = 5;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(repo_path) = args.first() else {
        eprintln!("usage: cargo bench --bench lead_time -- REPO [SINCE]");
        std::process::exit(2);
    };
    let since = args.get(1).map(|d| {
        teamlint_core::config::Since::parse(d)
            .expect("SINCE: a date like 2025-01-01")
            .resolve(teamlint_core::date::now())
    });
    let tl = Repo::discover(Path::new(repo_path)).expect("a git repository");
    // For the git reference's refs and boundary only.
    let repo = git2::Repository::open(repo_path).expect("a git repository");
    let opts = history::Options {
        changeset: Changeset::Commit,
        since,
        until: None,
        use_cache: true,
        threads: 0,
        interrupt: None,
        landings: true,
    };
    let cache = history::cache::path(tl.git_dir());
    // The first scan fills the history cache; the second reads it.
    tl.scan(&opts, history::cache::load(&cache), &|_, _| {})
        .expect("the history scan");
    let scan = tl
        .scan(&opts, history::cache::load(&cache), &|_, _| {})
        .expect("the history scan, cached");
    println!(
        "repository: {repo_path}; window: {} first-parent commits",
        scan.landings.len()
    );

    let (first, found) = median(|| tl.landed(&scan, false).expect("lead time"));
    let landed_bin = repo.path().join("teamlint").join("landed.bin");
    let _ = std::fs::remove_file(&landed_bin);
    tl.landed(&scan, true)
        .expect("lead time, filling the cache");
    let (cached, again) = median(|| tl.landed(&scan, true).expect("lead time, cached"));
    assert_eq!(again.computed, 0, "the cached pass measured again");
    let measured = found
        .landings
        .iter()
        .filter(|l| l.first_authored.is_some())
        .count();
    println!(
        "landed changes: {} ({measured} measured); pull requests named: {} ({} without a ref); merge requests named: {} ({} without a ref)",
        found.landings.len(),
        found.pulls.0,
        found.pulls.1,
        found.merge_requests.0,
        found.merge_requests.1
    );

    let dir = repo.path();
    let window = since.map(|s| format!("--since=@{s}"));
    let mut fp = vec!["log", "--first-parent", "--format=%H"];
    if let Some(w) = &window {
        fp.push(w);
    }
    let (git_fp, _) = median(|| git(dir, &fp));
    // The landed commits' walk: HEAD (the merges' branches) and every named
    // request's ref that exists, down to the chain commit below the window.
    let refs: Vec<String> = found
        .landings
        .iter()
        .filter_map(|l| l.via.ref_name())
        .filter(|r| repo.refname_to_id(r).is_ok())
        .collect();
    let boundary = found
        .landings
        .last()
        .and_then(|l| repo.find_commit(scan.commits[l.index].id).ok())
        .and_then(|c| c.parent_id(0).ok());
    let git_refs = {
        let mut walk = vec!["rev-list".to_string(), "--stdin".to_string()];
        if let Some(b) = boundary {
            walk.push(format!("^{b}"));
        }
        // No blank line: it would end git's list of revisions.
        let mut input = String::from("HEAD\n");
        for r in &refs {
            input.push_str(r);
            input.push('\n');
        }
        let plain = median(|| git_stdin(dir, &walk, &input)).0;
        // The same walk printing each landed commit's author time: what
        // the pass must know, read by git (with a commit-graph file the
        // plain walk reads no commit object; this one reads each).
        walk.push("--format=%at".to_string());
        (plain, median(|| git_stdin(dir, &walk, &input)).0)
    };
    let (git_refs, git_authors) = git_refs;
    let reference = git_fp + git_refs;
    println!(
        "{:<46} {:>10}",
        "git log --first-parent (window)",
        ms(git_fp)
    );
    println!(
        "{:<46} {:>10}  ({} refs)",
        "git rev-list HEAD REFS --not BOUNDARY",
        ms(git_refs),
        refs.len()
    );
    println!(
        "{:<46} {:>10}  {:.2}x git log --first-parent, {:.2}x it plus the walk",
        "lead-time pass, first",
        ms(first),
        first.as_secs_f64() / git_fp.as_secs_f64(),
        first.as_secs_f64() / reference.as_secs_f64()
    );
    println!(
        "{:<46} {:>10}  (the first pass: {:.2}x it plus git log --first-parent)",
        "the same, --format=%at (author times)",
        ms(git_authors),
        first.as_secs_f64() / (git_fp + git_authors).as_secs_f64()
    );
    println!(
        "{:<46} {:>10}  {:.3}x the first pass",
        "lead-time pass, cached",
        ms(cached),
        cached.as_secs_f64() / first.as_secs_f64()
    );
}

fn median<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut last = f();
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        last = f();
        times.push(start.elapsed());
    }
    times.sort();
    (times[RUNS / 2], last)
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("--git-dir")
        .arg(dir)
        .args(args)
        .output()
        .expect("git");
    assert!(out.status.success(), "git {args:?}");
}

fn git_stdin(dir: &Path, args: &[String], input: &str) {
    use std::io::Write;
    let mut child = Command::new("git")
        .arg("--git-dir")
        .arg(dir)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("git");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write refs");
    assert!(child.wait().expect("git").success(), "git {args:?}");
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
