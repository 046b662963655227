//! teamlint's own map, as README's first command uses it: `teamlint audit`
//! on this repository exits 0, and `teamlint check` finds the map valid.
//! A change that breaks either (a directory of test maps the map does not
//! exclude, a new file no team owns, a coupling no team declared) fails
//! here rather than in a new user's first minute.
// A test outside a git checkout says why it checked nothing.
#![allow(clippy::print_stderr)]

mod support;

use std::path::Path;
use std::time::Duration;

use support::Run;

/// The repository the tests were built from, when it is a git checkout
/// (a source archive has no history to audit).
fn this_repository() -> Option<&'static Path> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    root.join(".git").exists().then_some(root)
}

fn teamlint_here(root: &Path, args: &[&str]) -> Run {
    let mut cmd = support::teamlint();
    cmd.arg("-C").arg(root).args(args).env("NO_COLOR", "1");
    Run::within(&mut cmd, Duration::from_secs(300))
}

#[test]
fn this_repository_passes_its_own_check_and_audit() {
    let Some(root) = this_repository() else {
        // Said, not silently passed: there is nothing to check here.
        eprintln!("not a git checkout: the README's audit is checked in one");
        return;
    };
    let check = teamlint_here(root, &["check", "--format", "json"]);
    check.expect_code(0);
    let rules = check.rules();
    assert!(
        !rules
            .iter()
            .any(|r| r == "invalid-config" || r == "unknown-team"),
        "{check}"
    );
    // `--no-cache`: the developer's git directory is left as it is.
    let audit = teamlint_here(root, &["audit", "--no-cache", "--format", "json"]);
    audit.expect_code(0);
    let report = audit.json();
    assert!(
        report["window"]["changes"].as_u64().is_some_and(|n| n > 0),
        "the audit read this repository's history\n{audit}"
    );
}
