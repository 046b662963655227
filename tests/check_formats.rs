//! `check` over one fixture in every format it renders, snapshotted: what a
//! user sees on a repository with many findings, grouped where they share a
//! rule and a span.

mod support;

use support::TestRepo;

const OWNERS: &str = r#"version = 1
[teams.web]
leader = "w@acme.com"
[teams.api]
leader = "a@acme.com"
[teams.ops]

[[own]]
team = "web"
paths = ["/OWNERS.toml"]
[[own]]
teams = ["web", "api"]
paths = ["/web/"]
[[own]]
team = "ops"
paths = ["/gone/"]
"#;

fn fixture() -> TestRepo {
    let r = TestRepo::new();
    r.write("OWNERS.toml", OWNERS);
    for i in 1..=12 {
        r.write(&format!("web/page{i:02}.ts"), "x");
    }
    r.write("stray.txt", "x").write("tools/run,1:%.sh", "x");
    r.stage_all();
    r
}

fn check(r: &TestRepo, format: &str) -> String {
    let run = r.run(&["check", "--format", format, "--color", "never"]);
    run.expect_code(1);
    run.stdout
}

#[test]
fn human() {
    insta::assert_snapshot!("check_human", check(&fixture(), "human"));
}

#[test]
fn human_quiet_prints_nothing_but_the_findings() {
    let r = fixture();
    let run = r.run(&["check", "-q", "--color", "never"]);
    run.expect_code(1);
    assert_eq!(
        run.stdout,
        "stray.txt: error[unowned-file] `stray.txt` has no owner\n\
         tools/run,1:%.sh: error[unowned-file] `tools/run,1:%.sh` has no owner\n\
         OWNERS.toml:6:8: error[missing-leader] team `ops` has no leader\n\
         OWNERS.toml:6:8: warning[team-owns-nothing] team `ops` owns no file\n\
         OWNERS.toml:13:10: error[shared-ownership] `/web/` gives 12 files to 2 teams (web, api): `web/page01.ts`, `web/page02.ts`, `web/page03.ts`, and 9 more\n\
         OWNERS.toml:16:10: warning[dead-pattern] pattern `/gone/` matches no tracked file\n"
    );
    // Nothing to report is nothing printed.
    let run = r.run(&[
        "check",
        "-q",
        "--color",
        "never",
        "stray.txt",
        "-A",
        "unowned-file",
    ]);
    assert_eq!(run.stdout, "");
}

#[test]
fn json() {
    insta::assert_snapshot!("check_json", check(&fixture(), "json"));
}

#[test]
fn github() {
    insta::assert_snapshot!("check_github", check(&fixture(), "github"));
}

#[test]
fn markdown() {
    insta::assert_snapshot!("check_markdown", check(&fixture(), "markdown"));
}

#[test]
fn sarif() {
    let text = check(&fixture(), "sarif");
    // The tool's version changes with every release; the rest must not.
    let text = text.replace(env!("CARGO_PKG_VERSION"), "VERSION");
    insta::assert_snapshot!("check_sarif", text);
}

#[test]
fn every_command_refuses_a_format_it_cannot_render_and_names_those_it_can() {
    let r = fixture();
    for (args, format, renders) in [
        (
            &["check"][..],
            "html",
            "human, json, sarif, github, markdown",
        ),
        (
            &["check"][..],
            "csv",
            "human, json, sarif, github, markdown",
        ),
        (&["audit"][..], "sarif", "human, json, markdown, html, csv"),
        (&["audit"][..], "github", "human, json, markdown, html, csv"),
        (&["ls"][..], "sarif", "human, json, markdown"),
        (
            &["explain", "stray.txt"][..],
            "html",
            "human, json, markdown",
        ),
        (&["rules"][..], "csv", "human, json"),
    ] {
        let mut argv = args.to_vec();
        argv.extend(["--format", format]);
        let run = r.run(&argv);
        assert_eq!(run.code, 2, "{argv:?}: {}", run.stdout);
        assert!(run.stdout.is_empty(), "{argv:?} printed a report");
        assert!(run.stderr.contains(renders), "{argv:?}: {}", run.stderr);
    }
}

#[test]
fn a_path_with_no_tracked_file_is_an_error_with_a_suggestion() {
    let r = fixture();
    let run = r.run(&["check", "web/page1.ts"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no tracked file at `web/page1.ts`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `web/page01.ts`?"),
        "{}",
        run.stderr
    );
    let run = r.run(&["ls", "--team", "wbe"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean `web`?"), "{}", run.stderr);
}

#[test]
fn later_severity_flags_override_earlier_ones() {
    let r = fixture();
    let run = r.run(&[
        "check",
        "-D",
        "all",
        "-A",
        "unowned-file",
        "--format",
        "json",
    ]);
    assert!(!run.rules().contains(&"unowned-file".to_string()));
    assert!(run.rules().contains(&"dead-pattern".to_string()));
    let j = run.json();
    assert!(j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["severity"] == "error"));
    // And the other way round.
    let run = r.run(&[
        "check",
        "-A",
        "unowned-file",
        "-D",
        "all",
        "--format",
        "json",
    ]);
    assert!(run.rules().contains(&"unowned-file".to_string()));
}

/// A file name can hold a newline, and the line after it anything: a GitHub
/// workflow command, a terminal escape. Human output never lets it start a
/// line of its own or reach the terminal raw; machine formats keep it
/// escaped their own way.
#[test]
fn control_characters_in_names_never_start_a_line_or_reach_the_terminal() {
    let r = TestRepo::new();
    r.write("OWNERS.toml", "version = 1\n[teams.pay]\nleader = \"p@acme.com\"\n[[own]]\nteam = \"pay\"\npaths = [\"/OWNERS.toml\", \"/pay/ok.rs\"]\n");
    let evil = "pay/x\n::error title=pwned::injected\u{1b}[2J";
    r.write("pay/ok.rs", "x");
    r.write(evil, "x");
    r.stage_all();
    for args in [
        &["check", "--color", "never"][..],
        &["check", "--color", "always"][..],
        &["ls"][..],
        &["explain", evil][..],
    ] {
        let run = r.run(args);
        for out in [&run.stdout, &run.stderr] {
            assert!(
                !out.lines().any(|l| l.trim_start().starts_with("::")),
                "{args:?} printed a workflow command:\n{out}"
            );
            assert!(
                !out.contains("\u{1b}[2J"),
                "{args:?} printed the escape raw"
            );
        }
        assert!(
            run.stdout
                .contains("pay/x\\n::error title=pwned::injected\\033[2J"),
            "{args:?}: {}",
            run.stdout
        );
    }
    // The github format escapes it as the Actions toolkit does.
    let gh = r.run(&["check", "--format", "github"]);
    assert!(
        gh.stdout
            .contains("file=pay/x%0A%3A%3Aerror title=pwned%3A%3Ainjected"),
        "{}",
        gh.stdout
    );
    assert!(gh.stdout.lines().all(|l| l.starts_with("::error")
        || l.starts_with("::warning")
        || l.starts_with("::notice")));
}
