//! A check that finds no OWNERS.toml says why: none at all, or one that
//! exists but is not in what `--staged` or `--base` reads.

mod support;

use support::TestRepo;

const MAP: &str = "version = 1\n[teams.core]\nleader = \"a@acme.test\"\n[[own]]\nteam = \"core\"\npaths = [\"*\"]\n";

#[test]
fn an_unstaged_owners_toml_is_named_with_the_command_that_stages_it() {
    let mut repo = TestRepo::new();
    repo.commit_files(&[("src/a.rs", "")], "init");
    repo.write("src/b.rs", "");
    repo.write("OWNERS.toml", MAP);
    let run = repo.run(&["check", "--staged"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("OWNERS.toml exists but is not staged"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("git add OWNERS.toml"), "{}", run.stderr);
}

#[test]
fn an_uncommitted_owners_toml_is_named_when_checking_against_a_base() {
    let mut repo = TestRepo::new();
    repo.commit_files(&[("src/a.rs", "")], "init");
    repo.commit_files(&[("src/b.rs", "")], "more");
    repo.write("OWNERS.toml", MAP);
    repo.stage_all();
    let run = repo.run(&["check", "--base", "HEAD~1"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("OWNERS.toml exists in the working tree but not in the commit"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("git commit"), "{}", run.stderr);
}

#[test]
fn no_owners_toml_anywhere_points_at_init() {
    let mut repo = TestRepo::new();
    repo.commit_files(&[("src/a.rs", "")], "init");
    repo.write("src/b.rs", "");
    repo.stage_all();
    let run = repo.run(&["check", "--staged"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("no OWNERS.toml at the root"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("teamlint init"), "{}", run.stderr);
}
