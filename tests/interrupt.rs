//! Ctrl-C during a history scan: the diffs done so far are kept in a valid
//! cache, and the next scan diffs only the rest (docs/reference.md §6.3).

mod support;

use teamlint_core::config::Changeset;
use teamlint_core::error::Error;
use teamlint_git::history::{self, cache, Interrupt};
use teamlint_git::repo::Repo;

use support::TestRepo;

const COMMITS: usize = 400;

fn repo() -> TestRepo {
    support::seal();
    let mut r = TestRepo::new();
    for i in 0..COMMITS {
        r.write(&format!("d{}/f{}.rs", i % 7, i % 23), &i.to_string());
        r.commit(&format!("change {i}"));
    }
    r
}

fn options(interrupt: Option<&'static Interrupt>, use_cache: bool) -> history::Options {
    history::Options {
        changeset: Changeset::Commit,
        since: None,
        until: None,
        use_cache,
        threads: 1,
        interrupt,
        landings: false,
    }
}

#[test]
fn an_interrupted_scan_keeps_its_diffs_and_the_next_one_goes_on_from_there() {
    let r = repo();
    let git = Repo::discover(r.path()).unwrap();
    let stop: &'static Interrupt = Box::leak(Box::new(Interrupt::new()));
    // Ctrl-C once a hundred commits are diffed (progress comes every 64).
    let press = |done: u64, _total: u64| {
        if done >= 100 {
            stop.request();
        }
    };
    let err = match git.scan(&options(Some(stop), true), None, &press) {
        Err(e) => e,
        Ok(_) => panic!("the scan ran to the end"),
    };
    assert!(matches!(err, Error::Interrupted { .. }), "{err}");
    assert!(
        err.to_string().contains(&format!("of {COMMITS} commits")),
        "{err}"
    );

    let kept = cache::load(&cache::path(git.git_dir())).expect("a valid cache");
    let diffed = kept.commits.len();
    assert!(
        (100..COMMITS).contains(&diffed),
        "{diffed} diffs kept of {COMMITS}"
    );

    let again = Interrupt::new();
    let again: &'static Interrupt = Box::leak(Box::new(again));
    let resumed = git
        .scan(&options(Some(again), true), Some(kept), &|_, _| {})
        .unwrap();
    assert_eq!(resumed.diffed, COMMITS - diffed, "only the rest is diffed");
    let fresh = git.scan(&options(None, false), None, &|_, _| {}).unwrap();
    assert_eq!(resumed.commits.len(), COMMITS);
    assert_eq!(resumed.paths, fresh.paths);
    let files = |s: &history::Scan| -> Vec<(git2::Oid, Vec<String>)> {
        s.commits
            .iter()
            .map(|c| {
                (
                    c.id,
                    c.files
                        .iter()
                        .map(|&f| s.paths[f as usize].clone())
                        .collect(),
                )
            })
            .collect()
    };
    assert_eq!(files(&resumed), files(&fresh));
}

#[test]
fn a_request_with_no_scan_armed_is_not_taken() {
    let stop = Interrupt::new();
    assert!(!stop.request(), "the process would end at once");
}
