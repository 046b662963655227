//! The release install: `scripts/install.sh` and the Action's install step
//! against a fake release, packed by `scripts/release.sh` as the release
//! workflow packs one and served over HTTP from 127.0.0.1 (or `file://`).

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::Duration;

use super::support::{self, Run, TestRepo};
use super::{root, show, Runner};

const TARGET: &str = "x86_64-unknown-linux-gnu";
const VERSION: &str = env!("CARGO_PKG_VERSION");

fn archive_name() -> String {
    format!("teamlint-{VERSION}-{TARGET}.tar.gz")
}

/// A release directory laid out as the download URLs are:
/// `BASE/vVERSION/teamlint-VERSION-TARGET.tar.gz` and its `.sha256`, and the
/// hash of the source it was built from.
struct Release {
    dir: tempfile::TempDir,
}

impl Release {
    /// A release of `binary` for [`TARGET`], built from this checkout.
    fn of(binary: &Path) -> Release {
        let dir = tempfile::tempdir().unwrap();
        let tag = dir.path().join(format!("v{VERSION}"));
        let run = bash(&[
            root().join("scripts/release.sh").to_str().unwrap(),
            "archive",
            binary.to_str().unwrap(),
            TARGET,
            tag.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{run}");
        let finish = bash(&[
            root().join("scripts/release.sh").to_str().unwrap(),
            "finish",
            tag.to_str().unwrap(),
        ]);
        assert_eq!(finish.code, 0, "{finish}");
        let release = Release { dir };
        assert!(release.asset(&archive_name()).is_file());
        release
    }

    /// A release of a small program that answers `--version` as teamlint
    /// does (the real binary would only make the test slower).
    fn small() -> (Release, tempfile::TempDir) {
        let tools = tempfile::tempdir().unwrap();
        let program = telltale(tools.path(), &tools.path().join("ran"));
        (Release::of(&program), tools)
    }

    fn asset(&self, name: &str) -> PathBuf {
        self.dir.path().join(format!("v{VERSION}")).join(name)
    }

    fn file_url(&self) -> String {
        format!("file://{}", self.dir.path().display())
    }
}

fn bash(args: &[&str]) -> Run {
    let mut cmd = support::command("bash");
    cmd.args(args);
    Run::within(&mut cmd, Duration::from_secs(60))
}

/// A static file server on 127.0.0.1 for one directory, on a port the OS
/// picks. It stops when dropped, and on its own after two minutes.
struct Server {
    child: Child,
    url: String,
}

const SERVE: &str = r#"
import functools, http.server, sys, threading
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
handler.func.log_message = lambda *args: None
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
threading.Timer(120, server.shutdown).start()
print(server.server_address[1], flush=True)
server.serve_forever()
"#;

impl Server {
    fn serve(dir: &Path) -> Server {
        let mut child = support::command("python3")
            .args(["-c", SERVE])
            .arg(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start python3");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = std::io::BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let port = rx
            .recv_timeout(Duration::from_secs(20))
            .ok()
            .and_then(|l| l.trim().parse::<u16>().ok());
        let Some(port) = port else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the test server did not start");
        };
        Server {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `scripts/install.sh` with these arguments, the environment sealed.
fn install(args: &[&str], vars: &[(&str, &str)]) -> Run {
    let mut cmd = support::command("bash");
    cmd.arg(root().join("scripts/install.sh")).args(args);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("TEAMLINT") {
            cmd.env_remove(&key);
        }
    }
    for (k, v) in vars {
        cmd.env(k, v);
    }
    Run::within(&mut cmd, Duration::from_secs(60))
}

/// A program that says it is teamlint and leaves `marker` behind when run.
fn telltale(dir: &Path, marker: &Path) -> PathBuf {
    let path = dir.join("teamlint");
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\ntouch '{}'\necho 'teamlint {VERSION}'\n",
            marker.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn the_release_binary_is_downloaded_verified_and_installed() {
    let (release, tools) = Release::small();
    let server = Server::serve(release.dir.path());
    let dest = tempfile::tempdir().unwrap();
    let bin_dir = dest.path().join("tools/bin");
    let run = install(
        &[
            "--version",
            VERSION,
            "--target",
            TARGET,
            "--dest",
            bin_dir.to_str().unwrap(),
        ],
        &[("TEAMLINT_RELEASES_URL", &server.url)],
    );
    assert_eq!(run.code, 0, "{run}");
    let bin = bin_dir.join("teamlint");
    assert_eq!(run.stdout.trim(), bin.to_str().unwrap(), "{run}");
    assert!(run.stderr.contains("verified"), "{run}");
    // The file installed is the one released, byte for byte, and it runs.
    assert_eq!(
        std::fs::read(&bin).unwrap(),
        std::fs::read(tools.path().join("teamlint")).unwrap()
    );
    let mut version = support::command(&bin);
    version.arg("--version");
    let printed = Run::within(&mut version, Duration::from_secs(20));
    assert_eq!(printed.stdout.trim(), format!("teamlint {VERSION}"));

    // file:// works the same, and the version defaults to Cargo.toml's.
    let again = tempfile::tempdir().unwrap();
    let run = install(
        &["--target", TARGET, "--dest", again.path().to_str().unwrap()],
        &[("TEAMLINT_RELEASES_URL", &release.file_url())],
    );
    assert_eq!(run.code, 0, "{run}");
    assert!(again.path().join("teamlint").is_file());
}

/// Replaces the release's archive with a well-formed archive of another
/// program that would also leave `marker`, keeping the published checksum.
fn swap_archive(release: &Release, marker: &Path) {
    let other = tempfile::tempdir().unwrap();
    let program = telltale(other.path(), marker);
    let mut text = std::fs::read_to_string(&program).unwrap();
    text.push_str("# another build\n");
    std::fs::write(&program, text).unwrap();
    let swapped = Release::of(&program);
    std::fs::copy(
        swapped.asset(&archive_name()),
        release.asset(&archive_name()),
    )
    .unwrap();
}

#[test]
fn a_wrong_checksum_is_refused_and_the_binary_never_runs() {
    let tools = tempfile::tempdir().unwrap();
    let marker = tools.path().join("it-ran");
    let release = Release::of(&telltale(tools.path(), &marker));
    let server = Server::serve(release.dir.path());
    let dest = tempfile::tempdir().unwrap();
    let args = [
        "--target",
        TARGET,
        "--dest",
        dest.path().to_str().unwrap(),
        "--base-url",
        &server.url,
    ];

    // The archive was swapped for another well-formed one after its
    // checksum was published: only the checksum tells them apart.
    swap_archive(&release, &marker);
    let run = install(&args, &[]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("refused"), "{run}");
    assert!(run.stderr.contains("but the release says"), "{run}");
    assert!(!marker.exists(), "an unverified binary was run");
    assert!(!dest.path().join("teamlint").exists(), "{run}");
    assert!(run.stdout.is_empty(), "{run}");

    // A checksum file that holds no checksum is refused too.
    std::fs::write(
        release.asset(&format!("{}.sha256", archive_name())),
        "<html>not found</html>\n",
    )
    .unwrap();
    let run = install(&args, &[]);
    assert_eq!(run.code, 1, "{run}");
    assert!(!marker.exists(), "an unverified binary was run");
    assert!(!dest.path().join("teamlint").exists(), "{run}");
}

#[test]
fn a_release_binary_of_another_version_is_refused() {
    let tools = tempfile::tempdir().unwrap();
    let marker = tools.path().join("it-ran");
    let fake = telltale(tools.path(), &marker);
    std::fs::write(&fake, "#!/bin/sh\necho 'teamlint 0.0.1'\n").unwrap();
    let release = Release::of(&fake);
    let dest = tempfile::tempdir().unwrap();
    let run = install(
        &[
            "--target",
            TARGET,
            "--dest",
            dest.path().to_str().unwrap(),
            "--base-url",
            &release.file_url(),
        ],
        &[],
    );
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("teamlint 0.0.1"), "{run}");
    assert!(!dest.path().join("teamlint").exists(), "{run}");
}

#[test]
fn no_release_of_the_version_or_target_exits_3_for_the_caller_to_build() {
    let (release, _tools) = Release::small();
    let server = Server::serve(release.dir.path());
    let dest = tempfile::tempdir().unwrap();
    let dest = dest.path().to_str().unwrap();
    for (what, args) in [
        ("version", ["--version", "9.9.9", "--target", TARGET]),
        (
            "target",
            [
                "--version",
                VERSION,
                "--target",
                "riscv64gc-unknown-linux-gnu",
            ],
        ),
    ] {
        let mut all = args.to_vec();
        all.extend(["--dest", dest, "--base-url", &server.url]);
        let run = install(&all, &[]);
        assert_eq!(run.code, 3, "{what}\n{run}");
        assert!(run.stderr.contains("no teamlint-"), "{what}\n{run}");
    }
    // Nothing listens there: unavailable, not refused.
    let run = install(
        &["--target", TARGET, "--dest", dest],
        &[("TEAMLINT_RELEASES_URL", "http://127.0.0.1:9/releases")],
    );
    assert_eq!(run.code, 3, "{run}");
    // A version that is not one never reaches a URL.
    let run = install(&["--version", "1.0/../../x", "--dest", dest], &[]);
    assert_eq!(run.code, 2, "{run}");
}

/// PATH with a stub `cargo` first, and the log of its calls.
fn fake_cargo(dir: &Path) -> (String, PathBuf) {
    let bin = super::cache::fake_cargo(dir);
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    (path, dir.join("cargo.log"))
}

/// The Action's install step against `base`, with a stub `cargo` on PATH.
/// Returns the run, its outputs and the stub's calls so far.
fn action_install(
    runner: &Runner,
    repo: &TestRepo,
    base: &str,
    cache: &Path,
    tools: &Path,
) -> (Run, std::collections::BTreeMap<String, String>, String) {
    let (path, log) = fake_cargo(tools);
    runner.clear_outputs();
    let run = runner.script(
        "action-install.sh",
        repo.path(),
        &[
            ("PATH", &path),
            ("INPUT_INSTALL", "release"),
            ("TEAMLINT_ROOT", cache.to_str().unwrap()),
            ("TEAMLINT_RELEASES_URL", base),
            ("TEAMLINT_TARGET", TARGET),
        ],
    );
    let calls = std::fs::read_to_string(log).unwrap_or_default();
    (run, runner.outputs(), calls)
}

fn small_repo() -> TestRepo {
    let mut repo = TestRepo::new();
    repo.write("README.md", "# x\n");
    repo.commit("init");
    repo
}

#[test]
fn the_action_installs_its_release_and_builds_only_without_one() {
    let repo = small_repo();
    let runner = Runner::new("HEAD");
    let (release, _program) = Release::small();
    let server = Server::serve(release.dir.path());
    let tools = tempfile::tempdir().unwrap();

    // A release of the action's own source: downloaded, nothing built.
    let cache = runner.file("bin-release");
    let (run, out, calls) = action_install(&runner, &repo, &server.url, &cache, tools.path());
    assert_eq!(run.code, 0, "{}", show(&run));
    assert_eq!(out["source"], "release", "{}", show(&run));
    assert_eq!(out["built"], "false");
    assert_eq!(Path::new(&out["bin"]), cache.join("bin/teamlint"));
    assert!(calls.is_empty(), "cargo ran: {calls}");
    assert!(run.stderr.contains("verified"), "{}", show(&run));

    // The action's source is not the release's (a fork, a commit after the
    // release): the release binary is not used; the source is built.
    std::fs::write(
        release.asset(&format!("teamlint-{VERSION}-source.sha256")),
        format!("{}  other source\n", "0".repeat(64)),
    )
    .unwrap();
    let cache = runner.file("bin-fork");
    let (run, out, calls) = action_install(&runner, &repo, &server.url, &cache, tools.path());
    assert_eq!(run.code, 0, "{}", show(&run));
    assert_eq!(out["source"], "cargo", "{}", show(&run));
    assert_eq!(out["built"], "true");
    assert!(run.stderr.contains("other source"), "{}", show(&run));
    assert_eq!(calls.lines().count(), 1, "{calls}");
    assert!(
        calls.starts_with("install --locked --force --path "),
        "{calls}"
    );

    // No release at all (an unreleased version): built.
    let empty = tempfile::tempdir().unwrap();
    let none = Server::serve(empty.path());
    let cache = runner.file("bin-unreleased");
    let (run, out, calls) = action_install(&runner, &repo, &none.url, &cache, tools.path());
    assert_eq!(run.code, 0, "{}", show(&run));
    assert_eq!(out["source"], "cargo", "{}", show(&run));
    assert_eq!(calls.lines().count(), 2, "{calls}");

    // Then the cached build is used as it is: no download, no build.
    let (run, out, calls) = action_install(&runner, &repo, &none.url, &cache, tools.path());
    assert_eq!(run.code, 0, "{}", show(&run));
    assert_eq!(out["source"], "cache", "{}", show(&run));
    assert_eq!(out["built"], "false");
    assert_eq!(calls.lines().count(), 2, "{calls}");
}

#[test]
fn the_action_fails_on_a_wrong_checksum_and_neither_runs_nor_builds() {
    let repo = small_repo();
    let runner = Runner::new("HEAD");
    let tools = tempfile::tempdir().unwrap();
    let marker = tools.path().join("it-ran");
    let release = Release::of(&telltale(tools.path(), &marker));
    swap_archive(&release, &marker);
    let server = Server::serve(release.dir.path());

    let cache = runner.file("bin");
    let (run, out, calls) = action_install(&runner, &repo, &server.url, &cache, tools.path());
    assert_eq!(run.code, 2, "{}", show(&run));
    let error = run
        .stdout
        .lines()
        .find(|l| l.starts_with("::error "))
        .unwrap_or_else(|| panic!("no error annotation\n{}", show(&run)));
    assert!(error.contains("refused"), "{error}");
    assert!(
        run.stderr.contains("but the release says"),
        "{}",
        show(&run)
    );
    assert!(calls.is_empty(), "cargo ran: {calls}");
    assert!(!marker.exists(), "an unverified binary was run");
    assert!(!cache.join("bin/teamlint").exists());
    assert!(!out.contains_key("bin"), "{out:?}");
}
