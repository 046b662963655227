//! The GitLab CI template (`templates/gitlab/teamlint.gitlab-ci.yml`) run
//! the way a GitLab runner runs a job: its `before_script` and `script`
//! items in one bash with `set -eo pipefail`, in the project directory,
//! with the `CI_*` variables of a merge-request pipeline (or a scheduled
//! one), over a real repository with a merge request's history. The Code
//! Quality file it leaves is checked against GitLab's documented fields.
#![cfg(unix)]

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use support::{Run, TestRepo};

fn template() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/gitlab/teamlint.gitlab-ci.yml");
    std::fs::read_to_string(path).unwrap()
}

/// The items of `key` (a list of strings, plain or `|` block scalars) in
/// the top-level `job` of a YAML text written as the template is.
fn items(yaml: &str, job: &str, key: &str) -> Vec<String> {
    let lines: Vec<&str> = yaml.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let Some(start) = lines.iter().position(|l| *l == format!("{job}:")) else {
        panic!("no job `{job}`");
    };
    let end = lines[start + 1..]
        .iter()
        .position(|l| !l.trim().is_empty() && indent(l) == 0 && !l.starts_with('#'))
        .map_or(lines.len(), |i| start + 1 + i);
    let job_lines = &lines[start + 1..end];
    let Some(k) = job_lines.iter().position(|l| l.trim() == format!("{key}:")) else {
        return Vec::new();
    };
    let key_indent = indent(job_lines[k]);
    let mut out = Vec::new();
    let mut i = k + 1;
    while i < job_lines.len() {
        let l = job_lines[i];
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            i += 1;
            continue;
        }
        if indent(l) <= key_indent {
            break;
        }
        let item = l.trim_start().strip_prefix("- ").expect("a list item");
        if item == "|" {
            let item_indent = indent(l);
            let mut text = String::new();
            let mut j = i + 1;
            while j < job_lines.len()
                && (job_lines[j].trim().is_empty() || indent(job_lines[j]) > item_indent)
            {
                let body = job_lines[j];
                text.push_str(body.get(item_indent + 2..).unwrap_or("").trim_end());
                text.push('\n');
                j += 1;
            }
            out.push(text);
            i = j;
        } else {
            out.push(item.to_string());
            i += 1;
        }
    }
    out
}

/// The template's top-level `variables:` (`KEY: "value"`), which a runner
/// sets for every job.
fn template_variables(yaml: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut on = false;
    for l in yaml.lines() {
        if !l.starts_with(' ') && !l.trim().is_empty() && !l.starts_with('#') {
            on = l == "variables:";
            continue;
        }
        if let Some((k, v)) = l.trim().split_once(": ").filter(|_| on) {
            out.push((k.to_string(), v.trim_matches('"').to_string()));
        }
    }
    out
}

/// Where a job finds its tools.
struct Tools {
    /// Directories put first on PATH.
    first: Vec<PathBuf>,
    /// The teamlint under test on PATH (else no teamlint is).
    teamlint: bool,
}

/// Runs `job` as a runner does, in `dir`, with these `CI_*` variables and
/// the teamlint under test on PATH.
fn run_job(job: &str, dir: &Path, vars: &[(&str, &str)]) -> Run {
    let tools = Tools {
        first: Vec::new(),
        teamlint: true,
    };
    run_job_with(job, dir, vars, &tools)
}

/// Runs `job` as a runner does: its `before_script` (or the one it
/// extends) and `script` items in one bash with `set -eo pipefail`, in
/// `dir`, with the template's variables, then these.
fn run_job_with(job: &str, dir: &Path, vars: &[(&str, &str)], tools: &Tools) -> Run {
    let yaml = template();
    let mut script = String::from("set -eo pipefail\n");
    for key in ["before_script", "script"] {
        let mut found = items(&yaml, job, key);
        if found.is_empty() && key == "before_script" {
            found = items(&yaml, ".teamlint-install", key);
        }
        for item in found {
            script.push_str(&item);
            script.push('\n');
        }
    }
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_teamlint"));
    let mut path: Vec<PathBuf> = tools.first.clone();
    if tools.teamlint {
        path.push(bin.parent().unwrap().to_path_buf());
    }
    // The machine's PATH, less any directory with a teamlint of its own.
    let system = std::env::var_os("PATH").unwrap_or_default();
    path.extend(std::env::split_paths(&system).filter(|d| !d.join("teamlint").exists()));
    let path = std::env::join_paths(path).unwrap();
    let mut cmd = support::command("bash");
    cmd.arg("-c").arg(&script).current_dir(dir);
    for (key, _) in std::env::vars_os() {
        let k = key.to_string_lossy();
        if k.starts_with("CI_") || k.starts_with("TEAMLINT") || k == "GITLAB_CI" || k == "NO_COLOR"
        {
            cmd.env_remove(&key);
        }
    }
    cmd.env("PATH", path)
        .env("CI", "true")
        .env("GITLAB_CI", "true")
        .env("CI_PROJECT_DIR", dir)
        .env("CI_DEFAULT_BRANCH", "main")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("COLUMNS", "80");
    for (k, v) in template_variables(&yaml) {
        cmd.env(k, v);
    }
    for (k, v) in vars {
        cmd.env(k, v);
    }
    Run::within(&mut cmd, Duration::from_secs(120))
}

const OWNERS: &str = r#"version = 1

[teams.payments]
leader = "alice@acme.com"

[teams.platform]
leader = "dave@acme.com"

[[own]]
team = "platform"
paths = ["/OWNERS.toml", "/infra/", "/.gitlab-ci.yml"]

[[own]]
team = "payments"
paths = ["/services/payments/"]
"#;

/// A merge request: on `main`, payments' API and platform's config have
/// changed together six times; the merge request's two commits change the
/// API alone and add a file no rule owns.
struct MergeRequest {
    repo: TestRepo,
    base: String,
    head: String,
}

fn merge_request() -> MergeRequest {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS)
        .write(
            ".gitlab-ci.yml",
            "include:\n  - local: teamlint.gitlab-ci.yml\n",
        )
        .write(
            ".gitignore",
            ".teamlint/\n/gl-code-quality-report.json\n/teamlint-*\n",
        );
    repo.commit("start");
    for i in 0..6 {
        repo.write("services/payments/api.rs", &format!("fn api() {{ {i} }}\n"))
            .write("infra/payments.tf", &format!("# version {i}\n"));
        repo.commit(&format!("payments {i} with its infra"));
    }
    let base = repo
        .commit_files(&[("README.md", "# shop\n")], "readme")
        .to_string();
    repo.write("services/payments/api.rs", "fn api() { 7 }\n");
    repo.commit("api only");
    let head = repo
        .commit_files(&[("docs/notes.md", "# notes\n")], "notes")
        .to_string();
    MergeRequest { repo, base, head }
}

fn merge_request_vars(mr: &MergeRequest) -> Vec<(&'static str, &str)> {
    vec![
        ("CI_PIPELINE_SOURCE", "merge_request_event"),
        ("CI_MERGE_REQUEST_DIFF_BASE_SHA", mr.base.as_str()),
        ("CI_MERGE_REQUEST_IID", "7"),
        ("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main"),
        ("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feature"),
        ("CI_COMMIT_SHA", mr.head.as_str()),
    ]
}

fn show(run: &Run) -> String {
    format!(
        "exit {}\nstdout:\n{}\nstderr:\n{}",
        run.code, run.stdout, run.stderr
    )
}

/// Every issue has the fields GitLab's Code Quality documents, with their
/// types and values.
fn check_code_quality(report: &serde_json::Value) {
    let issues = report.as_array().expect("a JSON array");
    for issue in issues {
        for field in ["description", "check_name", "fingerprint"] {
            assert!(
                issue[field].as_str().is_some_and(|s| !s.is_empty()),
                "{field}: {issue}"
            );
        }
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().unwrap_or("")),
            "{issue}"
        );
        assert!(
            issue["location"]["path"]
                .as_str()
                .is_some_and(|p| !p.starts_with('/')),
            "{issue}"
        );
        assert!(
            issue["location"]["lines"]["begin"]
                .as_u64()
                .is_some_and(|n| n >= 1),
            "{issue}"
        );
    }
    let mut prints: Vec<&str> = issues
        .iter()
        .filter_map(|i| i["fingerprint"].as_str())
        .collect();
    prints.sort_unstable();
    prints.dedup();
    assert_eq!(prints.len(), issues.len(), "fingerprints are unique");
}

#[test]
fn a_merge_request_pipeline_writes_the_code_quality_report_with_missing_cochange() {
    let mr = merge_request();
    let run = run_job("teamlint", mr.repo.path(), &merge_request_vars(&mr));
    // The new file nobody owns is an error: the job fails.
    assert_eq!(run.code, 1, "{}", show(&run));
    let text = std::fs::read_to_string(mr.repo.path().join("gl-code-quality-report.json")).unwrap();
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    check_code_quality(&report);
    let issues = report.as_array().unwrap();
    let find = |rule: &str| {
        issues
            .iter()
            .find(|i| i["check_name"] == rule)
            .unwrap_or_else(|| panic!("no {rule} in {text}"))
    };
    let unowned = find("unowned-file");
    assert_eq!(unowned["location"]["path"], "docs/notes.md");
    assert_eq!(unowned["severity"], "major");
    // The history cache was refreshed first, so the partner the API always
    // changed with is missed.
    let cochange = find("missing-cochange");
    assert_eq!(cochange["location"]["path"], "services/payments/api.rs");
    assert!(
        cochange["description"]
            .as_str()
            .unwrap()
            .contains("infra/payments.tf"),
        "{cochange}"
    );
    assert_eq!(cochange["severity"], "minor");
    // The summary is on the log, and the history cache is where GitLab
    // saves it from.
    assert!(run.stdout.contains("unowned-file"), "{}", show(&run));
    assert!(mr
        .repo
        .path()
        .join(".teamlint/history/history.bin")
        .is_file());
}

#[test]
fn the_next_pipeline_starts_from_the_saved_cache_and_fingerprints_stay() {
    let mr = merge_request();
    let first = run_job("teamlint", mr.repo.path(), &merge_request_vars(&mr));
    assert_eq!(first.code, 1, "{}", show(&first));
    let before =
        std::fs::read_to_string(mr.repo.path().join("gl-code-quality-report.json")).unwrap();
    // A new pipeline: a fresh clone with only GitLab's cache directory.
    let clone = tempfile::tempdir().unwrap();
    let status = support::command("git")
        .args(["clone", "-q"])
        .arg(mr.repo.path())
        .arg(clone.path())
        .status()
        .unwrap();
    assert!(status.success());
    let cache = clone.path().join(".teamlint/history");
    std::fs::create_dir_all(&cache).unwrap();
    std::fs::copy(
        mr.repo.path().join(".teamlint/history/history.bin"),
        cache.join("history.bin"),
    )
    .unwrap();
    let second = run_job("teamlint", clone.path(), &merge_request_vars(&mr));
    assert_eq!(second.code, 1, "{}", show(&second));
    let after = std::fs::read_to_string(clone.path().join("gl-code-quality-report.json")).unwrap();
    let prints = |t: &str| {
        let v: serde_json::Value = serde_json::from_str(t).unwrap();
        let mut p: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap().to_string())
            .collect();
        p.sort();
        p
    };
    assert_eq!(prints(&before), prints(&after));
}

#[test]
fn a_clean_merge_request_passes_with_an_empty_report() {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS)
        .write(
            ".gitignore",
            ".teamlint/\n/gl-code-quality-report.json\n/teamlint-*\n",
        )
        .write("services/payments/api.rs", "fn api() {}\n");
    let base = repo.commit("base").to_string();
    repo.write("services/payments/api.rs", "fn api() { 1 }\n");
    let head = repo.commit("change").to_string();
    let mr = MergeRequest { repo, base, head };
    let run = run_job("teamlint", mr.repo.path(), &merge_request_vars(&mr));
    assert_eq!(run.code, 0, "{}", show(&run));
    let text = std::fs::read_to_string(mr.repo.path().join("gl-code-quality-report.json")).unwrap();
    assert_eq!(text.trim(), "[]");
}

#[test]
fn the_scheduled_audit_keeps_its_html_and_the_cache_merge_requests_start_from() {
    let mr = merge_request();
    let run = run_job(
        "teamlint-audit",
        mr.repo.path(),
        &[
            ("CI_PIPELINE_SOURCE", "schedule"),
            ("CI_COMMIT_SHA", mr.head.as_str()),
        ],
    );
    // Exit 1 (findings) is allowed by the job; anything else is not.
    assert!(run.code == 0 || run.code == 1, "{}", show(&run));
    let html = std::fs::read_to_string(mr.repo.path().join("teamlint-audit.html")).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"),
        "{}",
        &html[..80.min(html.len())]
    );
    assert!(mr
        .repo
        .path()
        .join(".teamlint/history/history.bin")
        .is_file());
}

#[test]
fn the_template_wires_gitlab_as_documented() {
    let yaml = template();
    // Merge-request pipelines and schedules, each its own job.
    assert!(yaml.contains("teamlint:\n  extends: .teamlint-install"));
    assert!(yaml.contains("    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\""));
    assert!(yaml.contains("    - if: $CI_PIPELINE_SOURCE == \"schedule\""));
    // The Code Quality report is an artifact report.
    assert!(yaml.contains("    reports:\n      codequality: gl-code-quality-report.json"));
    // The install is one step of its own: the release's install.sh, and
    // cargo install --locked only as the fallback.
    let install = items(&yaml, ".teamlint-install", "before_script");
    assert!(
        install[0].contains("/v$TEAMLINT_VERSION/install.sh")
            && install[0].contains("--version \"$TEAMLINT_VERSION\"")
            && install[0].contains("cargo install --locked"),
        "{}",
        install[0]
    );
    assert!(items(&yaml, "teamlint", "script")
        .iter()
        .all(|s| !s.contains("cargo")));
    // The version users pin is the release this template ships with.
    let vars = template_variables(&yaml);
    let version = vars.iter().find(|(k, _)| k == "TEAMLINT_VERSION");
    assert_eq!(
        version.map(|(_, v)| v.as_str()),
        Some(env!("CARGO_PKG_VERSION")),
        "TEAMLINT_VERSION is not Cargo.toml's version"
    );
    // The installed binary is cached by version (or the ref built).
    assert!(yaml.contains("key: teamlint-bin-v2-$TEAMLINT_VERSION-$TEAMLINT_REF\n      paths:\n        - .teamlint/bin/"));
    // The history cache is keyed by version and base, with a fallback.
    assert!(yaml.contains(
        "key: teamlint-history-v2-$TEAMLINT_VERSION-$TEAMLINT_REF-$CI_MERGE_REQUEST_DIFF_BASE_SHA"
    ));
    assert!(yaml.contains(
        "fallback_keys:\n        - teamlint-history-v2-$TEAMLINT_VERSION-$TEAMLINT_REF-default"
    ));
    // The whole history is fetched.
    assert!(yaml.contains("GIT_DEPTH: \"0\""));
}

#[test]
fn a_shallow_clone_warns_and_still_checks() {
    let mr = merge_request();
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", mr.repo.path().display());
    let status = support::command("git")
        .args(["clone", "-q", "--depth", "3", &url])
        .arg(clone.path())
        .status()
        .unwrap();
    assert!(status.success());
    let run = run_job("teamlint", clone.path(), &merge_request_vars(&mr));
    assert!(
        run.stdout.contains("the clone is shallow"),
        "{}",
        show(&run)
    );
    assert_eq!(run.code, 1, "{}", show(&run));
    assert!(clone.path().join("gl-code-quality-report.json").is_file());
}

// ---- the install: the release binary, the fallback, the refusal ----

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The release target of this machine, as scripts/install.sh names it.
fn host_target() -> String {
    let arch = std::env::consts::ARCH;
    match std::env::consts::OS {
        "macos" => format!("{arch}-apple-darwin"),
        _ => format!("{arch}-unknown-linux-gnu"),
    }
}

fn executable(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// A directory of tools: `teamlint`, a program that runs the teamlint under
/// test (so that the release packs a small file) and leaves a mark that it
/// ran, and `cargo`, which records its arguments and "builds" that program
/// into `--root`.
struct Fakes {
    dir: tempfile::TempDir,
}

impl Fakes {
    fn new() -> Fakes {
        let dir = tempfile::tempdir().unwrap();
        let real = env!("CARGO_BIN_EXE_teamlint");
        let program = dir.path().join("program");
        std::fs::create_dir(&program).unwrap();
        executable(
            &program.join("teamlint"),
            &format!(
                "#!/bin/sh\ntouch '{}'\nexec '{real}' \"$@\"\n",
                dir.path().join("ran").display()
            ),
        );
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        executable(
            &bin.join("cargo"),
            &format!(
                "#!/bin/sh\nprintf '%s\\n' \"$*\" >>'{}'\nroot=\nwhile [ $# -gt 0 ]; do\n  if [ \"$1\" = --root ]; then root=\"$2\"; fi\n  shift\ndone\nmkdir -p \"$root/bin\"\ncp '{}' \"$root/bin/teamlint\"\n",
                dir.path().join("cargo-ran").display(),
                program.join("teamlint").display()
            ),
        );
        Fakes { dir }
    }

    fn program(&self) -> PathBuf {
        self.dir.path().join("program/teamlint")
    }

    fn tools(&self) -> Tools {
        Tools {
            first: vec![self.dir.path().join("bin")],
            teamlint: false,
        }
    }

    /// What `cargo` was asked to do, if it ran.
    fn cargo(&self) -> Option<String> {
        std::fs::read_to_string(self.dir.path().join("cargo-ran")).ok()
    }

    fn teamlint_ran(&self) -> bool {
        self.dir.path().join("ran").exists()
    }
}

/// A release directory as the release workflow publishes one
/// (`scripts/release.sh archive`, then `finish`, which adds install.sh),
/// laid out as the download URLs are: `BASE/vVERSION/...`.
fn release_of(program: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let tag = dir.path().join(format!("v{VERSION}"));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/release.sh");
    for args in [
        vec![
            "archive",
            program.to_str().unwrap(),
            &host_target(),
            tag.to_str().unwrap(),
        ],
        vec!["finish", tag.to_str().unwrap()],
    ] {
        let mut cmd = support::command("bash");
        cmd.arg(&script).args(&args);
        let run = Run::within(&mut cmd, Duration::from_secs(60));
        assert_eq!(run.code, 0, "{run}");
    }
    assert!(tag.join("install.sh").is_file());
    dir
}

fn file_url(dir: &Path) -> String {
    format!("file://{}", dir.display())
}

#[test]
fn the_release_binary_is_installed_without_a_build_and_cached() {
    let fakes = Fakes::new();
    let release = release_of(&fakes.program());
    let url = file_url(release.path());
    let mr = merge_request();
    let mut vars = merge_request_vars(&mr);
    vars.push(("TEAMLINT_RELEASES_URL", &url));
    let run = run_job_with("teamlint", mr.repo.path(), &vars, &fakes.tools());
    // The job runs as before (the unowned file fails it), with the binary
    // the release published, downloaded and checked by its install.sh.
    assert_eq!(run.code, 1, "{}", show(&run));
    assert!(
        run.stdout
            .contains("teamlint: the release binary, teamlint "),
        "{}",
        show(&run)
    );
    assert!(run.stderr.contains("verified"), "{}", show(&run));
    assert_eq!(fakes.cargo(), None, "cargo ran:\n{}", show(&run));
    assert!(fakes.teamlint_ran());
    let installed = mr.repo.path().join(".teamlint/bin/bin/teamlint");
    assert_eq!(
        std::fs::read(&installed).unwrap(),
        std::fs::read(fakes.program()).unwrap()
    );
    let report = mr.repo.path().join("gl-code-quality-report.json");
    let text = std::fs::read_to_string(&report).unwrap();
    check_code_quality(&serde_json::from_str(&text).unwrap());

    // The next pipeline, with GitLab's cache of .teamlint/bin: no download
    // (and the version pinned as a tag name is the same version).
    let offline = "file:///nonexistent/teamlint-releases";
    let tag = format!("v{VERSION}");
    let mut vars = merge_request_vars(&mr);
    vars.push(("TEAMLINT_RELEASES_URL", offline));
    vars.push(("TEAMLINT_VERSION", &tag));
    let again = run_job_with("teamlint", mr.repo.path(), &vars, &fakes.tools());
    assert_eq!(again.code, 1, "{}", show(&again));
    assert!(
        again
            .stdout
            .contains("teamlint: the cached binary, teamlint "),
        "{}",
        show(&again)
    );
    assert_eq!(fakes.cargo(), None);
}

#[test]
fn no_release_binary_for_the_platform_falls_back_to_cargo() {
    let fakes = Fakes::new();
    // A release with install.sh but no archive for this machine: install.sh
    // exits 3.
    let release = tempfile::tempdir().unwrap();
    let tag = release.path().join(format!("v{VERSION}"));
    std::fs::create_dir(&tag).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/install.sh"),
        tag.join("install.sh"),
    )
    .unwrap();
    let url = file_url(release.path());
    let mr = merge_request();
    let mut vars = merge_request_vars(&mr);
    vars.push(("TEAMLINT_RELEASES_URL", &url));
    let run = run_job_with("teamlint", mr.repo.path(), &vars, &fakes.tools());
    assert_eq!(run.code, 1, "{}", show(&run));
    assert!(
        run.stdout.contains("no release binary of") && run.stdout.contains("so it is built"),
        "{}",
        show(&run)
    );
    let cargo = fakes
        .cargo()
        .unwrap_or_else(|| panic!("no build\n{}", show(&run)));
    assert!(
        cargo.starts_with("install --locked --force --git https://github.com/teamlint/teamlint")
            && cargo.contains(&format!("--tag v{VERSION}")),
        "{cargo}"
    );
    assert!(fakes.teamlint_ran());
    assert!(mr.repo.path().join("gl-code-quality-report.json").is_file());

    // A release without install.sh (an older one) builds too; TEAMLINT_REF
    // builds that ref without asking the release.
    let empty = tempfile::tempdir().unwrap();
    let url = file_url(empty.path());
    let mr = merge_request();
    let mut vars = merge_request_vars(&mr);
    vars.push(("TEAMLINT_RELEASES_URL", &url));
    vars.push(("TEAMLINT_REF", "feature-branch"));
    let fakes = Fakes::new();
    let run = run_job_with("teamlint", mr.repo.path(), &vars, &fakes.tools());
    assert_eq!(run.code, 1, "{}", show(&run));
    assert!(
        fakes
            .cargo()
            .is_some_and(|c| c.contains("--rev feature-branch")),
        "{}",
        show(&run)
    );
    let fakes = Fakes::new();
    let mr = merge_request();
    let mut vars = merge_request_vars(&mr);
    vars.push(("TEAMLINT_RELEASES_URL", &url));
    let run = run_job_with("teamlint", mr.repo.path(), &vars, &fakes.tools());
    assert_eq!(run.code, 1, "{}", show(&run));
    assert!(
        run.stdout.contains("no install.sh in the release"),
        "{}",
        show(&run)
    );
    assert!(fakes.cargo().is_some(), "{}", show(&run));
}

#[test]
fn a_release_binary_that_fails_its_checksum_fails_the_job_without_a_build() {
    let fakes = Fakes::new();
    let release = release_of(&fakes.program());
    // The archive on the server is not the one the release's checksum names.
    let archive = release.path().join(format!(
        "v{VERSION}/teamlint-{VERSION}-{}.tar.gz",
        host_target()
    ));
    let mut bytes = std::fs::read(&archive).unwrap();
    bytes.extend_from_slice(b"tampered");
    std::fs::write(&archive, bytes).unwrap();
    let url = file_url(release.path());
    for job in ["teamlint", "teamlint-audit"] {
        let mr = merge_request();
        let mut vars = merge_request_vars(&mr);
        if job == "teamlint-audit" {
            vars = vec![("CI_PIPELINE_SOURCE", "schedule")];
        }
        vars.push(("TEAMLINT_RELEASES_URL", &url));
        let run = run_job_with(job, mr.repo.path(), &vars, &fakes.tools());
        // Exit 2, not 1: the audit job allows 1 (findings), never a
        // refused install.
        assert_eq!(run.code, 2, "{}", show(&run));
        assert!(run.stdout.contains("was refused"), "{}", show(&run));
        assert!(run.stderr.contains("refused"), "{}", show(&run));
        assert_eq!(fakes.cargo(), None, "{}", show(&run));
        assert!(!fakes.teamlint_ran());
        assert!(!mr.repo.path().join(".teamlint/bin/bin/teamlint").exists());
        assert!(!mr.repo.path().join("gl-code-quality-report.json").exists());
    }
}
