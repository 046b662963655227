//! The GitHub Action: `scripts/action.sh` run in a simulated Actions
//! environment against a real pull request (a base and a head commit), and
//! `action.yml` checked for the one rule that keeps it safe.
#![cfg(unix)]

mod support;

#[path = "action/cache.rs"]
mod cache;
#[path = "action/install.rs"]
mod install;
#[path = "action/yaml.rs"]
mod yaml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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

/// A file no rule owns, with the characters a workflow command must escape.
const ODD: &str = "docs/odd,name:1.md";
const ODD_ESCAPED: &str = "docs/odd%2Cname%3A1.md";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A pull request: the base commit is clean; the head edits both teams'
/// code and, unless `clean`, adds a file no rule owns.
struct PullRequest {
    repo: TestRepo,
    base: String,
}

fn pull_request(add_unowned: bool) -> PullRequest {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS)
        .write("services/payments/api.rs", "fn api() {}\n")
        .write("infra/main.tf", "# infra\n");
    let base = repo.commit("base").to_string();
    repo.write("services/payments/api.rs", "fn api() { todo!() }\n")
        .write("infra/main.tf", "# infra, changed\n");
    if add_unowned {
        repo.write(ODD, "# notes\n");
    }
    repo.commit("head");
    PullRequest { repo, base }
}

/// The files the runner provides, in a directory of their own.
struct Runner {
    dir: tempfile::TempDir,
}

impl Runner {
    fn new(base: &str) -> Runner {
        let dir = tempfile::tempdir().unwrap();
        let event = serde_json::json!({
            "action": "synchronize",
            "number": 7,
            "pull_request": {"number": 7, "base": {"ref": "main", "sha": base}},
        });
        std::fs::write(dir.path().join("event.json"), event.to_string()).unwrap();
        Runner { dir }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.file(name)).unwrap_or_default()
    }

    /// `$GITHUB_OUTPUT` as key -> value.
    fn outputs(&self) -> BTreeMap<String, String> {
        self.read("output")
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// Runs the action's check script with these `INPUT_*` variables.
    fn run(&self, pr: &PullRequest, inputs: &[(&str, &str)]) -> Run {
        self.script("action.sh", pr.repo.path(), inputs)
    }

    /// Runs one of the action's step scripts in `workspace`, the
    /// environment a runner gives plus `vars`.
    fn script(&self, name: &str, workspace: &Path, vars: &[(&str, &str)]) -> Run {
        let mut cmd = support::command("bash");
        cmd.arg(root().join("scripts").join(name))
            .current_dir(workspace);
        // Nothing from the machine running the tests leaks in (`command`
        // has already replaced every GIT_* variable).
        for (key, _) in std::env::vars_os() {
            let k = key.to_string_lossy();
            if k.starts_with("INPUT_")
                || k.starts_with("GITHUB_")
                || k.starts_with("RUNNER_")
                || k == "PR_BASE_SHA"
                || k.starts_with("TEAMLINT_")
                || k == "ImageOS"
                || k == "NO_COLOR"
            {
                cmd.env_remove(&key);
            }
        }
        cmd.env("TEAMLINT", env!("CARGO_BIN_EXE_teamlint"))
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_ACTION_PATH", root())
            .env("GITHUB_WORKSPACE", workspace)
            .env("GITHUB_EVENT_NAME", "pull_request")
            .env("GITHUB_EVENT_PATH", self.file("event.json"))
            .env("GITHUB_STEP_SUMMARY", self.file("summary.md"))
            .env("GITHUB_OUTPUT", self.file("output"))
            .env("GITHUB_PATH", self.file("path"))
            .env("RUNNER_TEMP", self.dir.path())
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("COLUMNS", "80");
        for (k, v) in vars {
            cmd.env(k, v);
        }
        // A script that waits on a download or a build fails the test
        // instead of stalling the suite.
        Run::within(&mut cmd, std::time::Duration::from_secs(120))
    }

    /// Forgets the outputs of the steps run so far.
    fn clear_outputs(&self) {
        let _ = std::fs::remove_file(self.file("output"));
    }
}

fn show(run: &Run) -> String {
    format!(
        "exit {}\nstdout:\n{}\nstderr:\n{}",
        run.code, run.stdout, run.stderr
    )
}

#[test]
fn a_pull_request_gets_annotations_a_summary_outputs_and_sarif() {
    let pr = pull_request(true);
    let runner = Runner::new(&pr.base);
    let sarif = runner.file("out/teamlint.sarif");
    let run = runner.run(&pr, &[("INPUT_SARIF_FILE", sarif.to_str().unwrap())]);

    // `unowned-file` is an error: the default fail-on fails the step.
    assert_eq!(run.code, 1, "{}", show(&run));

    // One annotation on the odd file, its `,` and `:` escaped.
    let error = run
        .stdout
        .lines()
        .find(|l| l.starts_with("::error ") && l.contains("unowned-file"))
        .unwrap_or_else(|| panic!("no unowned-file annotation\n{}", show(&run)));
    assert!(
        error.contains(&format!("file={ODD_ESCAPED}")),
        "{error}\n{}",
        show(&run)
    );
    // Unescaped, `,` would end the property and `:` would end the command.
    assert!(!run.stdout.contains("file=docs/odd,"), "{}", show(&run));
    // The change touches two teams with no declared dependency.
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("::warning") && l.contains("cross-team-change")),
        "{}",
        show(&run)
    );

    let summary = runner.read("summary.md");
    assert!(summary.contains("## "), "not Markdown:\n{summary}");
    assert!(summary.contains("unowned-file"), "{summary}");
    // Only the main run writes the summary, not the SARIF or JSON runs.
    let headings = summary
        .lines()
        .filter(|l| l.starts_with("## ") && l.ends_with("teamlint"))
        .count();
    assert_eq!(headings, 1, "{summary}");

    let outputs = runner.outputs();
    assert_eq!(
        outputs.get("errors").map(String::as_str),
        Some("1"),
        "{outputs:?}"
    );
    assert_eq!(
        outputs.get("warnings").map(String::as_str),
        Some("1"),
        "{outputs:?}"
    );
    assert_eq!(
        outputs.get("sarif-file").map(String::as_str),
        Some(sarif.to_str().unwrap())
    );

    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert!(
        results.iter().any(|r| r["ruleId"] == "unowned-file"),
        "{doc:#}"
    );
}

#[test]
fn fail_on_never_passes_a_change_with_errors_and_still_reports_them() {
    let pr = pull_request(true);
    let runner = Runner::new(&pr.base);
    let run = runner.run(&pr, &[("INPUT_FAIL_ON", "never")]);
    assert_eq!(run.code, 0, "{}", show(&run));
    assert!(run.stdout.contains(ODD_ESCAPED), "{}", show(&run));
    let outputs = runner.outputs();
    assert_eq!(
        outputs.get("errors").map(String::as_str),
        Some("1"),
        "{outputs:?}"
    );
    assert_eq!(outputs.get("sarif-file").map(String::as_str), Some(""));
}

#[test]
fn fail_on_warning_fails_a_change_with_only_warnings_and_error_does_not() {
    let pr = pull_request(false);
    let runner = Runner::new(&pr.base);
    let lenient = runner.run(&pr, &[]);
    assert_eq!(lenient.code, 0, "{}", show(&lenient));
    let outputs = runner.outputs();
    assert_eq!(
        outputs.get("errors").map(String::as_str),
        Some("0"),
        "{outputs:?}"
    );
    assert_eq!(
        outputs.get("warnings").map(String::as_str),
        Some("1"),
        "{outputs:?}"
    );

    let strict = runner.run(&pr, &[("INPUT_FAIL_ON", "warning")]);
    assert_eq!(strict.code, 1, "{}", show(&strict));
}

#[test]
fn args_are_split_like_a_shell_and_reach_teamlint() {
    let pr = pull_request(true);
    let runner = Runner::new(&pr.base);
    let run = runner.run(
        &pr,
        &[(
            "INPUT_ARGS",
            "-A 'unowned-file'\n  --allow \"cross-team-change\"",
        )],
    );
    assert_eq!(run.code, 0, "{}", show(&run));
    let outputs = runner.outputs();
    assert_eq!(
        outputs.get("errors").map(String::as_str),
        Some("0"),
        "{outputs:?}"
    );
    assert_eq!(
        outputs.get("warnings").map(String::as_str),
        Some("0"),
        "{outputs:?}"
    );
}

#[test]
fn inputs_are_data_never_shell() {
    let pr = pull_request(true);
    let runner = Runner::new(&pr.base);
    let run = runner.run(
        &pr,
        &[
            ("INPUT_BASE", "$(touch pwned-base)"),
            ("INPUT_CONFIG", "`touch pwned-config`"),
            ("INPUT_ARGS", "; touch pwned-args"),
        ],
    );
    assert_eq!(run.code, 2, "{}", show(&run));
    for name in ["pwned-base", "pwned-config", "pwned-args"] {
        assert!(!pr.repo.path().join(name).exists(), "{name} was created");
        assert!(!runner.file(name).exists(), "{name} was created");
    }
}

#[test]
fn a_base_commit_missing_from_the_clone_fails_with_a_fetch_depth_hint() {
    let pr = pull_request(false);
    let runner = Runner::new("0123456789abcdef0123456789abcdef01234567");
    let run = runner.run(&pr, &[("INPUT_FAIL_ON", "never")]);
    assert_eq!(run.code, 2, "{}", show(&run));
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("::error ") && l.contains("fetch-depth: 0")),
        "{}",
        show(&run)
    );
}

#[test]
fn an_unknown_fail_on_is_rejected_before_anything_runs() {
    let pr = pull_request(false);
    let runner = Runner::new(&pr.base);
    let run = runner.run(&pr, &[("INPUT_FAIL_ON", "sometimes")]);
    assert_eq!(run.code, 2, "{}", show(&run));
    assert!(run.stdout.starts_with("::error "), "{}", show(&run));
    assert!(runner.read("output").is_empty());
}

#[test]
fn a_sarif_file_whose_name_starts_with_a_dash_is_written() {
    let pr = pull_request(true);
    let runner = Runner::new(&pr.base);
    let run = runner.run(&pr, &[("INPUT_SARIF_FILE", "-results.sarif")]);
    assert_eq!(run.code, 1, "{}", show(&run));
    assert!(!run.stderr.contains("invalid option"), "{}", show(&run));
    let sarif = std::fs::read_to_string(pr.repo.path().join("-results.sarif")).unwrap();
    assert!(sarif.contains("unowned-file"), "{sarif}");
    assert_eq!(
        runner.outputs().get("sarif-file").map(String::as_str),
        Some("-results.sarif")
    );
}

#[test]
fn a_sarif_file_that_is_not_a_regular_file_is_left_alone() {
    let pr = pull_request(true);
    let runner = Runner::new(&pr.base);
    let dir = runner.file("reports");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("keep"), "x").unwrap();
    let run = runner.run(&pr, &[("INPUT_SARIF_FILE", dir.to_str().unwrap())]);
    assert_eq!(run.code, 2, "{}", show(&run));
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("::error ") && l.contains("not a regular file")),
        "{}",
        show(&run)
    );
    assert!(dir.join("keep").exists());
}
