//! Diffing in a second process, when asked for (`TEAMLINT_HISTORY_WORKER=1`).
//!
//! libgit2 guards its object database with process-wide locks, so two
//! threads reading objects through it take turns; two processes do not
//! share those locks. The scan hands a run of commits to a copy of the
//! teamlint binary (a hidden `__history-worker` command) and diffs the other
//! run itself. Since the scan reads packed objects itself (`packs`), with no
//! shared lock, threads do as well as the worker: on vectordotdev/vector,
//! 360 ms with two threads, 357 ms with a thread and the worker (medians of
//! 7 interleaved runs). The worker still pays where objects are loose.
//!
//! The protocol is binary over the child's stdin and stdout: the parent
//! writes [`MAGIC`] (which carries the protocol's version) and every job,
//! then the child answers with [`MAGIC`], the table of the paths its answers
//! name, and the jobs it answered (all, or the oldest ones when Ctrl-C
//! stopped it) in order as path ids (the compact form of `diff`). A child
//! of another version, one that fails, or one that says anything on its
//! standard error is not trusted: its share is diffed in the parent, and
//! the reason reaches the report as a note.
//!
//! Before the scan read packs itself, `benches/audit.sh` measured on a quiet
//! 2-core machine, first audit of DataDog/dd-trace-go (3,935 changes): one
//! thread 181 ms, two threads 203 ms (they took turns on libgit2's pack),
//! one thread and a worker process 155 ms (`git log` 146 ms).

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use git2::{Oid, Repository};

use super::diff::{answer, Base, Compact, Job, Run};
use super::Interrupt;

/// Starts a worker for `jobs`; its answers arrive through the returned
/// handle's `finish`.
pub(super) struct Worker {
    child: std::process::Child,
    writer: Option<std::thread::JoinHandle<std::io::Result<()>>>,
    /// What the child says on its standard error, read as it says it.
    errors: Option<std::thread::JoinHandle<String>>,
}

/// The first bytes each side sends: a name and the protocol's version.
pub const MAGIC: [u8; 4] = *b"TLW\x02";

impl Worker {
    pub(super) fn start(exe: &Path, git_dir: &Path, jobs: &[Job]) -> std::io::Result<Worker> {
        let mut child = Command::new(exe)
            .arg("__history-worker")
            .arg(git_dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let errors = child.stderr.take().map(|mut e| {
            std::thread::spawn(move || {
                let mut text = String::new();
                let _ = e.read_to_string(&mut text);
                text
            })
        });
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| std::io::Error::other("no stdin"))?;
        let mut buf = Vec::with_capacity(jobs.len() * 61 + 8);
        buf.extend_from_slice(&MAGIC);
        buf.extend_from_slice(&(jobs.len() as u32).to_le_bytes());
        for j in jobs {
            buf.extend_from_slice(j.id.as_bytes());
            buf.extend_from_slice(j.tree.as_bytes());
            match j.base {
                Base::Empty => buf.extend_from_slice(&[0; 21]),
                Base::Tree(t) => {
                    buf.push(1);
                    buf.extend_from_slice(t.as_bytes());
                }
                Base::Commit(c) => {
                    buf.push(2);
                    buf.extend_from_slice(c.as_bytes());
                }
            }
        }
        let writer = std::thread::spawn(move || stdin.write_all(&buf));
        Ok(Worker {
            child,
            writer: Some(writer),
            errors,
        })
    }

    /// Passes Ctrl-C on to the worker (a terminal sends it to both, a
    /// process manager may not): it answers the jobs it diffed so far.
    pub(super) fn interrupt(&self) {
        #[cfg(unix)]
        {
            use rustix::process::{kill_process, Pid, Signal};
            let _ = kill_process(Pid::from_child(&self.child), Signal::INT);
        }
    }

    /// Reads the answers; `on_answer` is called once per job, for progress.
    /// A failure says what the child said, if anything.
    pub(super) fn finish(mut self, jobs: &[Job], on_answer: &dyn Fn()) -> std::io::Result<Run> {
        let answers = self.answers(jobs, on_answer);
        let said = self
            .errors
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
        let said = said.trim();
        match answers {
            Ok(a) if said.is_empty() => Ok(a),
            Ok(_) => Err(std::io::Error::other(format!("the worker said: {said}"))),
            Err(e) if said.is_empty() => Err(e),
            Err(e) => Err(std::io::Error::other(format!(
                "{e}; the worker said: {said}"
            ))),
        }
    }

    fn answers(&mut self, jobs: &[Job], on_answer: &dyn Fn()) -> std::io::Result<Run> {
        let stdout = self
            .child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("no stdout"))?;
        let mut r = BufReader::with_capacity(1 << 16, stdout);
        let mut magic = [0u8; 4];
        r.read_exact(&mut magic)?;
        if magic != MAGIC {
            return Err(std::io::Error::other(
                "the worker speaks another protocol version",
            ));
        }
        let bad = |what: &str| std::io::Error::other(format!("worker answer: {what}"));
        let n = read_u32(&mut r)? as usize;
        let mut paths = Vec::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let len = read_u32(&mut r)? as usize;
            if len > 1 << 20 {
                return Err(bad("path too long"));
            }
            let mut path = vec![0; len];
            r.read_exact(&mut path)?;
            paths.push(path);
        }
        let ids = |r: &mut BufReader<_>, k: usize| -> std::io::Result<Vec<u32>> {
            let n = read_u32(r)? as usize;
            let mut out = Vec::with_capacity((n * k).min(1 << 16));
            for _ in 0..n * k {
                let id = read_u32(r)?;
                if id as usize >= paths.len() {
                    return Err(bad("unknown path"));
                }
                out.push(id);
            }
            Ok(out)
        };
        // A worker stopped part way (Ctrl-C) answers its oldest jobs only.
        let answered = read_u32(&mut r)? as usize;
        if answered > jobs.len() {
            return Err(bad("more answers than jobs"));
        }
        let mut commits = Vec::with_capacity(answered);
        for job in &jobs[jobs.len() - answered..] {
            let id = read_oid(&mut r)?;
            if id != job.id {
                return Err(std::io::Error::other("worker answered out of order"));
            }
            let mut ok = [0u8; 1];
            r.read_exact(&mut ok)?;
            if ok[0] == 0 {
                commits.push(Err(id));
            } else {
                let files = ids(&mut r, 1)?;
                let pairs = ids(&mut r, 2)?;
                let renames = pairs.chunks_exact(2).map(|p| (p[0], p[1])).collect();
                commits.push(Ok((id, Compact { files, renames })));
            }
            on_answer();
        }
        if let Some(w) = self.writer.take() {
            w.join()
                .map_err(|_| std::io::Error::other("writer thread"))??;
        }
        let status = self.child.wait()?;
        if !status.success() {
            return Err(std::io::Error::other("worker failed"));
        }
        Ok(Run {
            paths,
            given: jobs.len(),
            commits,
        })
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // A worker whose answers were not read is not left running.
        if self.writer.is_some() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn read_u32(r: &mut impl Read) -> std::io::Result<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b))
}

fn read_oid(r: &mut impl Read) -> std::io::Result<Oid> {
    let mut b = [0u8; 20];
    r.read_exact(&mut b)?;
    Oid::from_bytes(&b).map_err(|e| std::io::Error::other(e.message().to_string()))
}

/// The worker side: reads jobs from `input`, answers on `output`.
pub fn serve(
    git_dir: &Path,
    input: &mut dyn Read,
    output: &mut dyn Write,
    stop: &Interrupt,
) -> std::io::Result<()> {
    let mut data = Vec::new();
    input.read_to_end(&mut data)?;
    let bad = || std::io::Error::other("malformed job list");
    if data.get(..4) != Some(&MAGIC[..]) {
        return Err(std::io::Error::other(
            "the parent speaks another protocol version",
        ));
    }
    let data = &data[4..];
    let n = u32::from_le_bytes(
        data.get(..4)
            .ok_or_else(bad)?
            .try_into()
            .map_err(|_| bad())?,
    ) as usize;
    let mut jobs = Vec::with_capacity(n.min(data.len() / 61));
    for i in 0..n {
        let at = 4 + i * 61;
        let rec = data.get(at..at + 61).ok_or_else(bad)?;
        let oid = |b: &[u8]| Oid::from_bytes(b).map_err(|_| bad());
        let base = match rec[40] {
            0 => Base::Empty,
            1 => Base::Tree(oid(&rec[41..61])?),
            _ => Base::Commit(oid(&rec[41..61])?),
        };
        jobs.push(Job {
            id: oid(&rec[..20])?,
            tree: oid(&rec[20..40])?,
            base,
        });
    }
    let repo =
        Repository::open(git_dir).map_err(|e| std::io::Error::other(e.message().to_string()))?;
    let odb = repo
        .odb()
        .map_err(|e| std::io::Error::other(e.message().to_string()))?;
    let packs = super::packs::Packs::open(&repo);
    let run = {
        let _armed = stop.arm();
        answer(
            super::packs::Reader::new(&packs, &odb),
            &jobs,
            Some(stop),
            &mut |_| {},
        )
    };
    let mut w = BufWriter::with_capacity(1 << 16, output);
    w.write_all(&MAGIC)?;
    w.write_all(&(run.paths.len() as u32).to_le_bytes())?;
    for p in &run.paths {
        w.write_all(&(p.len() as u32).to_le_bytes())?;
        w.write_all(p)?;
    }
    let put = |w: &mut BufWriter<_>, v: u32| w.write_all(&v.to_le_bytes());
    put(&mut w, run.commits.len() as u32)?;
    let answered = &jobs[jobs.len() - run.commits.len()..];
    for (job, answer) in answered.iter().zip(run.commits) {
        w.write_all(job.id.as_bytes())?;
        match answer {
            Err(_) => w.write_all(&[0])?,
            Ok((_, c)) => {
                w.write_all(&[1])?;
                put(&mut w, c.files.len() as u32)?;
                for f in c.files {
                    put(&mut w, f)?;
                }
                put(&mut w, c.renames.len() as u32)?;
                for (a, b) in c.renames {
                    put(&mut w, a)?;
                    put(&mut w, b)?;
                }
            }
        }
    }
    w.flush()
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn script(dir: &Path, body: &str) -> std::path::PathBuf {
        let exe = dir.join("worker");
        std::fs::write(&exe, format!("#!/bin/sh\ncat >/dev/null\n{body}\n")).unwrap();
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        exe
    }

    fn jobs() -> Vec<Job> {
        vec![Job {
            id: Oid::ZERO_SHA1,
            tree: Oid::ZERO_SHA1,
            base: Base::Empty,
        }]
    }

    #[test]
    fn a_failing_worker_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let exe = script(dir.path(), "echo 'cannot open the pack' >&2\nexit 3");
        let jobs = jobs();
        let w = Worker::start(&exe, dir.path(), &jobs).unwrap();
        let Err(err) = w.finish(&jobs, &|| {}) else {
            panic!("a broken worker was trusted");
        };
        let err = err.to_string();
        assert!(err.contains("cannot open the pack"), "{err}");
    }

    #[test]
    fn a_worker_of_another_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let exe = script(dir.path(), "printf 'TLW\\001'");
        let jobs = jobs();
        let w = Worker::start(&exe, dir.path(), &jobs).unwrap();
        let Err(err) = w.finish(&jobs, &|| {}) else {
            panic!("a broken worker was trusted");
        };
        let err = err.to_string();
        assert!(err.contains("another protocol version"), "{err}");
    }

    #[test]
    fn the_worker_side_refuses_another_version_and_greets_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = Vec::new();
        let mut input: &[u8] = b"TLW\x01\0\0\0\0";
        assert!(serve(dir.path(), &mut input, &mut out, &Interrupt::new()).is_err());
        git2::Repository::init(dir.path()).unwrap();
        let mut input: Vec<u8> = MAGIC.to_vec();
        input.extend_from_slice(&0u32.to_le_bytes());
        let stop = Interrupt::new();
        serve(&dir.path().join(".git"), &mut &input[..], &mut out, &stop).unwrap();
        assert_eq!(out[..4], MAGIC);
        assert_eq!(out[4..], [0u8; 8], "no paths, no answers");
    }
}
