//! `teamlint hook install`: the hook it writes stops real `git commit`s that
//! break ownership and lets clean ones through; it never replaces someone
//! else's hook unless told to.
#![cfg(unix)]

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use support::{Run, TestRepo};

const OWNERS: &str = r#"version = 1

[teams.payments]
leader = "alice@acme.com"

[teams.platform]
leader = "dave@acme.com"

[[own]]
team = "platform"
paths = ["/OWNERS.toml", "/infra/"]

[[own]]
team = "payments"
paths = ["/services/payments/"]
"#;

const MARKER: &str = "# installed by teamlint hook install";

const FOREIGN: &[u8] = b"#!/bin/sh\n# our own checks\nmake lint\n";

fn repo() -> TestRepo {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS)
        .write("services/payments/api.rs", "fn api() {}\n")
        .write("infra/main.tf", "# infra\n");
    repo.commit("initial");
    repo
}

/// Runs the git command line in `dir`, away from the user's and the
/// machine's git config, with the teamlint binary first on PATH.
fn git(dir: &Path, args: &[&str]) -> Output {
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_teamlint"));
    let mut path = std::ffi::OsString::from(exe.parent().unwrap());
    if let Some(old) = std::env::var_os("PATH") {
        path.push(":");
        path.push(old);
    }
    support::command("git")
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("run git")
}

fn git_ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn head(dir: &Path) -> String {
    git_ok(dir, &["rev-parse", "HEAD"]).trim().to_string()
}

fn committed_paths(dir: &Path) -> Vec<String> {
    git_ok(dir, &["ls-tree", "-r", "--name-only", "HEAD"])
        .lines()
        .map(str::to_string)
        .collect()
}

fn install(repo: &TestRepo, extra: &[&str]) -> Run {
    let mut args = vec!["hook", "install"];
    args.extend_from_slice(extra);
    repo.run(&args)
}

fn hook_path(repo: &TestRepo) -> PathBuf {
    repo.path().join(".git/hooks/pre-commit")
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_commit_adding_an_unowned_file_is_blocked_and_a_clean_commit_is_allowed() {
    let repo = repo();
    let dir = repo.path();
    let run = install(&repo, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = head(dir);

    // A file no rule owns: the hook runs `check --staged`, `unowned-file`
    // fires at error severity, and git refuses the commit.
    repo.write("docs/notes.md", "# notes\n");
    git_ok(dir, &["add", "docs/notes.md"]);
    let blocked = git(dir, &["commit", "-m", "add notes"]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&blocked.stdout),
        String::from_utf8_lossy(&blocked.stderr)
    );
    assert!(
        !blocked.status.success(),
        "the commit went through:\n{said}"
    );
    assert!(said.contains("unowned-file"), "{said}");
    assert_eq!(head(dir), before, "HEAD moved");
    assert!(!committed_paths(dir).contains(&"docs/notes.md".to_string()));

    // Unstage it; a change inside one team's code is clean.
    git_ok(dir, &["rm", "--cached", "-q", "docs/notes.md"]);
    repo.write("services/payments/refund.rs", "fn refund() {}\n");
    git_ok(dir, &["add", "services/payments/refund.rs"]);
    let allowed = git(dir, &["commit", "-m", "add refunds"]);
    assert!(
        allowed.status.success(),
        "a clean commit was blocked:\n{}{}",
        String::from_utf8_lossy(&allowed.stdout),
        String::from_utf8_lossy(&allowed.stderr)
    );
    assert_ne!(head(dir), before);
    let paths = committed_paths(dir);
    assert!(paths.contains(&"services/payments/refund.rs".to_string()));
    assert!(!paths.contains(&"docs/notes.md".to_string()));
}

#[test]
fn the_hook_is_an_executable_sh_script_that_runs_the_installing_binary() {
    let repo = repo();
    let run = install(&repo, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = hook_path(&repo);
    assert!(
        run.stderr.contains(&path.display().to_string()),
        "{}",
        run.stderr
    );
    assert_eq!(mode(&path), 0o755);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("#!/bin/sh\n"), "{text}");
    assert!(text.contains(MARKER), "{text}");
    assert!(text.contains("check --staged"), "{text}");
    assert!(
        text.contains(&format!("'{}'", env!("CARGO_BIN_EXE_teamlint"))),
        "{text}"
    );
    let syntax = support::command("sh")
        .arg("-n")
        .arg(&path)
        .output()
        .unwrap();
    assert!(syntax.status.success(), "{syntax:?}");
}

#[test]
fn a_foreign_hook_is_kept_byte_identical_without_force_and_replaced_with_it() {
    let repo = repo();
    let path = hook_path(&repo);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, FOREIGN).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o700)).unwrap();

    let refused = install(&repo, &[]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    assert!(refused.stderr.contains("pre-commit"), "{}", refused.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), FOREIGN);
    assert_eq!(mode(&path), 0o700);

    let forced = install(&repo, &["--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(MARKER), "{text}");
    assert_eq!(mode(&path), 0o755);
}

#[test]
fn an_edited_hook_of_ours_is_kept_without_force() {
    let repo = repo();
    assert_eq!(install(&repo, &[]).code, 0);
    let path = hook_path(&repo);
    let mut edited = std::fs::read_to_string(&path).unwrap();
    edited.push_str("# and our own step\nmake lint\n");
    std::fs::write(&path, &edited).unwrap();
    // A line edited in the middle counts as much as one appended.
    let reworded = std::fs::read_to_string(&path)
        .unwrap()
        .replace("check --staged", "check --staged -W all");

    for text in [&edited, &reworded] {
        std::fs::write(&path, text).unwrap();
        let refused = install(&repo, &[]);
        assert_eq!(refused.code, 2, "{}", refused.stderr);
        assert!(refused.stderr.contains("edited"), "{}", refused.stderr);
        assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
        assert_eq!(&std::fs::read_to_string(&path).unwrap(), text);
    }

    let forced = install(&repo, &["--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        !text.contains("make lint") && text.contains(MARKER),
        "{text}"
    );
    assert_eq!(
        install(&repo, &[]).code,
        0,
        "unchanged again: no force needed"
    );
}

#[test]
fn a_hook_that_is_a_link_is_foreign_and_never_replaced() {
    let repo = repo();
    let path = hook_path(&repo);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    repo.write_bytes("scripts/pre-commit", FOREIGN);
    std::os::unix::fs::symlink(repo.path().join("scripts/pre-commit"), &path).unwrap();
    for args in [&[][..], &["--force"]] {
        let run = install(&repo, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(std::fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(
            std::fs::read(repo.path().join("scripts/pre-commit")).unwrap(),
            FOREIGN
        );
    }
}

#[test]
fn reinstalling_our_own_hook_needs_no_force() {
    let repo = repo();
    assert_eq!(install(&repo, &[]).code, 0);
    let first = std::fs::read(hook_path(&repo)).unwrap();
    let again = install(&repo, &["-q"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(again.stderr, "", "-q prints nothing");
    assert_eq!(std::fs::read(hook_path(&repo)).unwrap(), first);
    assert_eq!(mode(&hook_path(&repo)), 0o755);
}

#[test]
fn core_hooks_path_is_where_the_hook_goes_relative_to_the_work_tree() {
    let repo = repo();
    repo.repo
        .config()
        .unwrap()
        .set_str("core.hooksPath", ".githooks")
        .unwrap();
    // From a subdirectory: the relative path is still the work tree's.
    let run = Run::from(
        repo.cmd()
            .current_dir(repo.path().join("services"))
            .args(["hook", "install"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = repo.path().join(".githooks/pre-commit");
    assert!(path.is_file(), "{}", run.stderr);
    assert!(!hook_path(&repo).exists());

    // Git runs it from there.
    let dir = repo.path();
    repo.write("docs/notes.md", "# notes\n");
    git_ok(dir, &["add", "docs/notes.md"]);
    assert!(!git(dir, &["commit", "-m", "add notes"]).status.success());
}

#[test]
fn a_linked_worktree_installs_into_the_shared_hooks_directory() {
    let repo = repo();
    let outside = tempfile::tempdir().unwrap();
    let wt = outside.path().join("wt");
    git_ok(
        repo.path(),
        &["worktree", "add", "-q", "-b", "side", wt.to_str().unwrap()],
    );
    let run = Run::from(
        repo.cmd()
            .current_dir(&wt)
            .args(["hook", "install"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(hook_path(&repo).is_file(), "{}", run.stderr);
}

#[test]
fn a_bare_repository_is_a_usage_error() {
    support::seal();
    let dir = tempfile::tempdir().unwrap();
    git2::Repository::init_bare(dir.path()).unwrap();
    let run = Run::from(
        support::teamlint()
            .args(["hook", "install"])
            .current_dir(dir.path())
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("bare"), "{}", run.stderr);
    assert!(!dir.path().join("hooks/pre-commit").exists());
}

#[test]
fn the_pre_commit_framework_hooks_run_check_staged_on_every_commit() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    let hooks: Vec<&str> = text.split("\n- id: ").skip(1).collect();
    assert_eq!(hooks.len(), 3, "{text}");
    for (hook, (id, language)) in hooks.iter().zip([
        ("teamlint", "rust"),
        ("teamlint-python", "python"),
        ("teamlint-system", "system"),
    ]) {
        assert!(hook.starts_with(&format!("{id}\n")), "{hook}");
        for line in [
            "  entry: teamlint check --staged\n".to_string(),
            format!("  language: {language}\n"),
            "  pass_filenames: false\n".to_string(),
            "  always_run: true\n".to_string(),
        ] {
            assert!(hook.contains(&line), "`{id}` lacks {line:?}");
        }
    }
}

/// `git commit -a` and `git commit PATH` stage into a temporary index that
/// git names in `$GIT_INDEX_FILE` for the hook; `.git/index` does not hold
/// the change yet. An already unowned file does not block an edit; an edit
/// that leaves a file unowned does, however it is committed.
#[test]
fn commit_all_and_commit_with_paths_are_checked_too() {
    let repo = repo();
    let dir = repo.path();
    // An unowned file that is already committed (before the hook existed).
    repo.write("docs/notes.md", "# notes\n");
    git_ok(dir, &["add", "docs/notes.md"]);
    git_ok(dir, &["commit", "-q", "-m", "notes"]);
    assert_eq!(install(&repo, &[]).code, 0);

    repo.write("docs/notes.md", "# notes, edited\n");
    let all = git(dir, &["commit", "-q", "-a", "-m", "edit notes"]);
    assert!(
        all.status.success(),
        "an old finding blocked `git commit -a`: {all:?}"
    );
    let before = head(dir);

    // Drop the rule for /infra/: infra/main.tf would be left unowned.
    repo.write("OWNERS.toml", &OWNERS.replace(", \"/infra/\"", ""));
    let all = git(dir, &["commit", "-a", "-m", "drop infra"]);
    assert!(!all.status.success(), "`git commit -a` went through");
    let partial = git(dir, &["commit", "OWNERS.toml", "-m", "drop infra"]);
    assert!(!partial.status.success(), "`git commit PATH` went through");
    assert!(
        String::from_utf8_lossy(&partial.stdout).contains("infra/main.tf")
            || String::from_utf8_lossy(&partial.stderr).contains("infra/main.tf"),
        "{partial:?}"
    );
    assert_eq!(head(dir), before);
}

/// Adoption in one go, in the order `init` prints: import, regenerate
/// CODEOWNERS, record the baseline, install the hook, commit. The commit
/// that brings the map in is judged against the baseline it brings, and
/// nothing the adoption wrote is a finding of its own.
#[test]
fn adopting_a_map_with_the_hook_installed_trips_over_nothing_of_its_own() {
    let mut repo = TestRepo::new();
    repo.write(
        ".github/CODEOWNERS",
        "# Owners\n/.github/ @acme/infra\n/web/ @acme/web\n/shared/ @acme/web @acme/api\n/api/ @acme/api\n",
    )
    .write("web/a.ts", "")
    .write("api/s.rs", "")
    .write("shared/x.go", "")
    .write("legacy/old.sh", "");
    repo.commit("before the map");
    let dir = repo.path();

    let run = repo.run(&["init", "--from-codeowners", ".github/CODEOWNERS"]);
    assert_eq!(run.code, 0, "{run}");
    // The map owner is who owned CODEOWNERS, and its files are that team's.
    assert!(run.stderr.contains("owned by team `infra`"), "{run}");
    // Leaders, as the import asks.
    let text = std::fs::read_to_string(dir.join("OWNERS.toml")).unwrap();
    let text = text.replace(
        "# leader = \"someone@example.com\"  # one person whose only job is this team\n",
        "leader = \"lead@acme.test\"\n",
    );
    std::fs::write(dir.join("OWNERS.toml"), text).unwrap();
    assert_eq!(repo.run(&["codeowners", "--write"]).code, 0);
    assert_eq!(repo.run(&["baseline", "--write"]).code, 0);
    assert_eq!(install(&repo, &[]).code, 0);
    git_ok(dir, &["add", "-A"]);
    let run = repo.run(&["check", "--staged", "--format", "json"]);
    let j = run.json();
    // What was there before (an unowned file, a shared rule, one leader
    // for three teams) is in the baseline; the adoption adds nothing.
    let rules: Vec<&str> = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(run.code, 0, "{run}");
    assert!(
        rules.iter().all(|r| *r == "leader-of-many"),
        "self-inflicted: {rules:?}"
    );
    let before = head(dir);
    git_ok(dir, &["commit", "-q", "-m", "Adopt the ownership map"]);
    assert_ne!(head(dir), before, "the hook blocked the adoption commit");
    // Afterwards the tree checks clean against the baseline it brought.
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 0, "{run}");
    // An ownership edit made the documented way is one team's change.
    let text = std::fs::read_to_string(dir.join("OWNERS.toml")).unwrap();
    let edited = text.replace("\"/web/\",", "\"/web/\", \"/legacy/\",");
    assert_ne!(edited, text);
    std::fs::write(dir.join("OWNERS.toml"), edited).unwrap();
    assert_eq!(repo.run(&["codeowners", "--write"]).code, 0);
    git_ok(dir, &["add", "-A"]);
    let run = repo.run(&["check", "--staged", "--format", "json"]);
    let j = run.json();
    assert_eq!(j["change"]["files"], 2, "{j:#}");
    assert!(
        j["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["rule"] != "cross-team-change"),
        "{j:#}"
    );
}
