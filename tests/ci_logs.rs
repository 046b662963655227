//! Nothing a repository holds becomes a GitHub Actions workflow command in a
//! CI log: every line teamlint writes, on either stream, in every format,
//! read the way the Actions runner reads it.

mod support;

use support::TestRepo;

/// The commands the runner would run in `log`: it splits lines on LF and on
/// a bare CR, trims a line's leading white space and runs it when it starts
/// with `::`; the older form `##[name]data` runs anywhere in a line.
fn commands(log: &str) -> Vec<String> {
    log.split(['\n', '\r'])
        .filter(|l| l.trim_start().starts_with("::") || l.contains("##["))
        .map(str::to_string)
        .collect()
}

/// The runner's view of a whole run: commands on either stream.
fn run_commands(run: &support::Run) -> Vec<String> {
    let mut all = commands(&run.stdout);
    all.extend(commands(&run.stderr));
    all
}

const EVIL_TEAM: &str = "x                                                                          ::error title=pwned::team";

/// A pull request's OWNERS.toml names a team whose name wraps onto a help
/// line of its own, and a file whose name holds the runner's older form.
fn hostile_repo() -> TestRepo {
    let mut r = TestRepo::new();
    r.write(
        "OWNERS.toml",
        "version = 1\n[teams.pay]\nleader = \"p@acme.com\"\n[[own]]\nteam = \"pay\"\npaths = [\"/OWNERS.toml\", \"/pay/\"]\n",
    );
    r.write("pay/a.rs", "a");
    r.commit("base ##[error]subject");
    r.write(
        "OWNERS.toml",
        &format!(
            "version = 1\n[teams.pay]\nleader = \"p@acme.com\"\n[[own]]\nteam = \"pay\"\npaths = [\"/OWNERS.toml\", \"/pay/\"]\n[[own]]\nteam = \"{EVIL_TEAM}\"\npaths = [\"/evil/\"]\n"
        ),
    );
    r.write("evil/a.rs", "a");
    r.write("##[error]pwned.rs", "x");
    r.write("pay/b.rs", "b");
    r.commit("##[warning]second ::error::x");
    r
}

#[test]
fn no_output_of_any_command_or_format_starts_a_workflow_command() {
    let r = hostile_repo();
    let cases: &[&[&str]] = &[
        &["check"],
        &["check", "--color", "always"],
        &["check", "--format", "json"],
        &["check", "--format", "markdown"],
        &["check", "--format", "sarif"],
        &["check", "--base", "HEAD~1"],
        &["ls"],
        &["explain", "##[error]pwned.rs", "evil/a.rs"],
        &["audit", "--no-cache"],
        &["audit", "--no-cache", "--format", "json"],
        &["audit", "--no-cache", "--format", "markdown"],
        &["audit", "--no-cache", "--format", "csv"],
        &["suggest"],
        &["rules", "##[error]x"],
        &["check", "--base", "##[error]nope"],
    ];
    for args in cases {
        let run = r.run(args);
        assert!(run.code != 101 && !run.stderr.contains("panicked"), "{run}");
        let found = run_commands(&run);
        assert!(found.is_empty(), "{args:?} wrote commands {found:?}\n{run}");
    }
    // The text itself is still there for a reader.
    let human = r.run(&["check"]);
    assert!(
        human.stdout.contains("pwned.rs") && human.stdout.contains("error title=pwned"),
        "{human}"
    );
}

#[test]
fn the_github_format_writes_only_its_own_commands() {
    let r = hostile_repo();
    let run = r.run(&["check", "--format", "github"]);
    for line in run.stdout.lines() {
        assert!(
            line.starts_with("::error ")
                || line.starts_with("::warning ")
                || line.starts_with("::notice"),
            "{line:?}\n{run}"
        );
        assert!(!line.contains("##["), "{line:?}");
    }
    assert!(run_commands(&run)
        .iter()
        .all(|c| !c.contains("##[") && c.starts_with("::")));
    assert!(run.stdout.contains("pwned.rs"), "{run}");
}

#[test]
fn an_actions_run_brackets_everything_but_the_annotations() {
    let r = hostile_repo();
    let mut cmd = r.cmd();
    cmd.env("GITHUB_ACTIONS", "true").arg("check");
    let run = support::Run::from(cmd.output().unwrap()).of(&cmd);
    let first = run.stdout.lines().next().unwrap_or("");
    let token = first
        .strip_prefix("::stop-commands::")
        .unwrap_or_else(|| panic!("not bracketed:\n{run}"));
    assert!(token.len() >= 32, "{token:?}");
    assert_eq!(
        run.stdout.lines().last(),
        Some(format!("::{token}::").as_str()),
        "{run}"
    );
    // Another run, another token.
    let again = support::Run::from(cmd.output().unwrap());
    assert!(
        !again.stdout.contains(token),
        "{again:?}",
        again = again.stdout
    );

    // The github format's annotations stay outside any bracket.
    let mut gh = r.cmd();
    gh.env("GITHUB_ACTIONS", "true")
        .args(["check", "--format", "github"]);
    let run = support::Run::from(gh.output().unwrap()).of(&gh);
    assert!(!run.stdout.contains("stop-commands"), "{run}");
    assert!(run.stdout.starts_with("::error "), "{run}");
}
