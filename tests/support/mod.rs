//! A temp-dir repository built through git2, so a test scripts a history in
//! a few lines, and a runner for the teamlint binary.
//!
//! Tests are sealed from the developer's configuration: every process they
//! start ([`command`]) and libgit2 inside the test process ([`seal`]) see
//! an empty HOME, XDG_CONFIG_HOME and global git config, and no system
//! one. A `core.hooksPath` or `init.defaultBranch` in `~/.gitconfig` must
//! change no test.
#![allow(dead_code)]

pub mod pack;
pub mod schema;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Once, OnceLock};

use git2::{IndexAddOption, Oid, Repository, Signature, Time};

pub struct TestRepo {
    pub dir: tempfile::TempDir,
    pub repo: Repository,
    /// Seconds since the epoch of the next commit; each commit adds a day.
    pub time: i64,
}

pub const T0: i64 = 1_700_000_000;

/// The configuration home every test sees: empty, shared by the tests of
/// a run, never the developer's.
pub fn sealed_home() -> &'static Path {
    static HOME: OnceLock<PathBuf> = OnceLock::new();
    HOME.get_or_init(|| {
        let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sealed-home");
        std::fs::create_dir_all(home.join("xdg")).expect("sealed home");
        home
    })
}

/// The git config teamlint's tests write nowhere and read as empty.
fn sealed_global_config() -> PathBuf {
    sealed_home().join("xdg").join("empty-gitconfig")
}

/// Points libgit2 in this process away from the user's and the machine's
/// git config. Called before any repository is opened or built.
pub fn seal() {
    static SEALED: Once = Once::new();
    SEALED.call_once(|| {
        let home = sealed_home();
        let _ = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(sealed_global_config());
        for level in [
            git2::ConfigLevel::System,
            git2::ConfigLevel::XDG,
            git2::ConfigLevel::Global,
            git2::ConfigLevel::ProgramData,
        ] {
            // SAFETY: runs once, before this process opens a repository.
            unsafe { git2::opts::set_search_path(level, home.join("xdg")) }
                .expect("seal libgit2's config search path");
        }
    });
}

/// A command for `program` that sees no configuration of the developer's
/// and none of the caller's `GIT_*` variables (a test run from a git hook
/// inherits `GIT_DIR` and `GIT_INDEX_FILE`).
pub fn command(program: impl AsRef<OsStr>) -> Command {
    seal();
    let home = sealed_home();
    let mut c = Command::new(program);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("GIT_") {
            c.env_remove(key);
        }
    }
    c.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("xdg"))
        .env("GIT_CONFIG_GLOBAL", sealed_global_config())
        .env("GIT_CONFIG_SYSTEM", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    c
}

/// git in `dir`, sealed as [`command`] is; its standard output, or the
/// test fails with its error.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = command("git")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// [`command`] for the teamlint binary.
pub fn teamlint() -> Command {
    command(env!("CARGO_BIN_EXE_teamlint"))
}

impl TestRepo {
    pub fn new() -> TestRepo {
        seal();
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = Repository::init(dir.path()).expect("git init");
        {
            let mut cfg = repo.config().expect("config");
            cfg.set_str("user.name", "Test").unwrap();
            cfg.set_str("user.email", "test@example.com").unwrap();
        }
        TestRepo {
            dir,
            repo,
            time: T0,
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, contents: &str) -> &Self {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
        self
    }

    pub fn write_bytes(&self, rel: &str, contents: &[u8]) -> &Self {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
        self
    }

    /// A symbolic link at `rel` to `target` (as written, relative or not).
    #[cfg(unix)]
    pub fn symlink(&self, rel: &str, target: impl AsRef<Path>) -> &Self {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, p).unwrap();
        self
    }

    /// A named pipe (FIFO) at `rel`: reading it would wait for a writer.
    #[cfg(unix)]
    pub fn fifo(&self, rel: &str) -> &Self {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let made = command("mkfifo").arg(&p).status().expect("run mkfifo");
        assert!(made.success(), "mkfifo {}", p.display());
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.path().join(rel)).unwrap();
        self
    }

    pub fn rename(&self, from: &str, to: &str) -> &Self {
        let dst = self.path().join(to);
        std::fs::create_dir_all(dst.parent().unwrap()).unwrap();
        std::fs::rename(self.path().join(from), dst).unwrap();
        self
    }

    /// Stages every change in the working tree, like `git add -A`.
    pub fn stage_all(&self) -> &Self {
        let mut index = self.repo.index().unwrap();
        index
            .add_all(["*"].iter(), IndexAddOption::DEFAULT, None)
            .unwrap();
        index.update_all(["*"].iter(), None).unwrap();
        index.write().unwrap();
        self
    }

    /// Stages everything and commits as `author` (an email), a day after
    /// the previous commit.
    pub fn commit_as(&mut self, author: &str, message: &str) -> Oid {
        let name = author.split('@').next().unwrap().to_string();
        self.commit_by(&name, author, message)
    }

    /// Stages everything and commits as `name <email>`.
    pub fn commit_by(&mut self, name: &str, author: &str, message: &str) -> Oid {
        self.stage_all();
        let mut index = self.repo.index().unwrap();
        let tree_id = index.write_tree().unwrap();
        let tree = self.repo.find_tree(tree_id).unwrap();
        let sig = Signature::new(name, author, &Time::new(self.time, 0)).unwrap();
        self.time += 86_400;
        let parents: Vec<git2::Commit> = match self.repo.head() {
            Ok(h) => vec![h.peel_to_commit().unwrap()],
            Err(_) => vec![],
        };
        let parent_refs: Vec<&git2::Commit> = parents.iter().collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parent_refs)
            .unwrap()
    }

    pub fn commit(&mut self, message: &str) -> Oid {
        self.commit_as("dev@example.com", message)
    }

    /// Writes files and commits them in one step.
    pub fn commit_files(&mut self, files: &[(&str, &str)], message: &str) -> Oid {
        for (p, c) in files {
            self.write(p, c);
        }
        self.commit(message)
    }

    pub fn cmd(&self) -> Command {
        let mut c = teamlint();
        c.current_dir(self.path())
            .env_remove("NO_COLOR")
            .env("COLUMNS", "80")
            .env_remove("GITHUB_ACTIONS");
        c
    }

    /// Runs teamlint in the repository, failing if it takes longer than
    /// `secs` seconds.
    pub fn run_within(&self, args: &[&str], secs: u64) -> Run {
        Run::within(self.cmd().args(args), std::time::Duration::from_secs(secs))
    }

    /// Runs teamlint in the repository.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut cmd = self.cmd();
        cmd.args(args);
        let output = cmd.output().expect("run teamlint");
        Run::from(output).of(&cmd)
    }
}

/// A finished teamlint run. Shown (`{run}`) it is everything a failing
/// test needs: the command, where it ran, its exit status and both streams.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    /// The command line and its directory, when known.
    pub command: String,
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "command: {}\nexit status: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.command, self.code, self.stdout, self.stderr
        )
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            command: String::new(),
        }
    }
}

impl Run {
    /// Records the command that ran, for [`Display`](std::fmt::Display).
    pub fn of(mut self, cmd: &Command) -> Run {
        let args: Vec<String> = cmd
            .get_args()
            .map(|a| format!("{:?}", a.to_string_lossy()))
            .collect();
        self.command = format!(
            "{} {} (in {})",
            cmd.get_program().to_string_lossy(),
            args.join(" "),
            cmd.get_current_dir()
                .map_or_else(|| ".".to_string(), |d| d.display().to_string())
        );
        self
    }

    /// Fails the test, showing the whole run, unless it exited with `code`.
    #[allow(dead_code)]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "unexpected exit status\n{self}");
        self
    }

    /// Runs `cmd`, failing the test if it takes longer than `limit`: a hang
    /// or a runaway read fails a test instead of stalling the suite.
    pub fn within(cmd: &mut Command, limit: std::time::Duration) -> Run {
        use std::io::Read;
        use std::process::Stdio;
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the command");
        let drain = |mut r: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut v = Vec::new();
                let _ = r.read_to_end(&mut v);
                v
            })
        };
        let out = drain(Box::new(child.stdout.take().unwrap()));
        let err = drain(Box::new(child.stderr.take().unwrap()));
        let start = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                panic!("did not finish within {limit:?}: {cmd:?}");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        Run::from(Output {
            status,
            stdout: out.join().unwrap(),
            stderr: err.join().unwrap(),
        })
        .of(cmd)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{self}"))
    }

    /// The rules of the findings in a JSON check report.
    pub fn rules(&self) -> Vec<String> {
        self.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    }
}

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}
