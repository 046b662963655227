//! Packs crafted to cost more than they hold: the history scan's memory is
//! bounded by what it reads, never by what a header claims or by the length
//! of a delta chain. Each run gets a virtual memory limit that the old
//! reader's allocations could not fit in.
#![cfg(unix)]

mod support;

use support::pack;
use support::{Run, TestRepo};

/// Address space for one run: room for the binary, its threads and the
/// mapped packs, not for a gigabyte.
const LIMIT_KB: u64 = 512 * 1024;

/// Two teams whose files change together.
const TWO_TEAMS: &str = "version = 1\n[teams.a]\nleader = \"a@acme.com\"\n[teams.b]\nleader = \"b@acme.com\"\n[coupling]\nmin_revs = 1\nmin_shared = 1\n[[own]]\nteam = \"a\"\npaths = [\"/a/\", \"/OWNERS.toml\"]\n[[own]]\nteam = \"b\"\npaths = [\"/b/\"]\n";

fn audit_limited(r: &TestRepo, secs: u64) -> Run {
    let mut cmd = r.cmd();
    let exe = cmd.get_program().to_owned();
    let mut sh = support::command("sh");
    sh.current_dir(r.path())
        .env("COLUMNS", "80")
        .arg("-c")
        .arg(format!(
            "ulimit -v {LIMIT_KB} && exec \"$0\" audit --no-cache --format json --exit-zero"
        ))
        .arg(exe);
    let _ = &mut cmd;
    Run::within(&mut sh, std::time::Duration::from_secs(secs))
}

fn owners(r: &mut TestRepo) {
    r.write(
        "OWNERS.toml",
        "version = 1\n[teams.a]\nleader = \"a@acme.com\"\n[[own]]\nteam = \"a\"\npaths = [\"*\"]\n",
    );
}

#[test]
fn a_header_claiming_a_gigabyte_costs_what_the_stream_holds() {
    let mut r = TestRepo::new();
    owners(&mut r);
    for i in 0..12 {
        r.write(&format!("src/f{i}.rs"), "x");
        r.commit(&format!("c{i}"));
    }
    pack::lying_trees(&r.repo, 1 << 30);
    let run = audit_limited(&r, 60);
    assert_eq!(run.code, 0, "{run}");
    // The trees cannot be read (their size is not what the header says):
    // every commit is counted unreadable, as git refuses them too.
    let window = &run.json()["window"];
    assert_eq!(window["changes"], 0, "{run}");
    assert_eq!(window["skipped_missing"], 12, "{run}");
}

#[test]
fn a_long_delta_chain_is_applied_link_by_link() {
    let mut r = TestRepo::new();
    owners(&mut r);
    r.write("src/a.rs", "a");
    r.commit("first");
    r.write("src/b.rs", "b");
    r.commit("second");
    // 700 links of 1 MiB each: 700 MiB if the chain is held at once.
    pack::long_chain(&r.repo, 700, 1 << 20);
    let log = support::command("git")
        .current_dir(r.path())
        .args(["log", "--format=%H", "--name-only"])
        .output()
        .unwrap();
    assert!(log.status.success(), "{log:?}");
    assert!(String::from_utf8_lossy(&log.stdout).contains("src/b.rs"));
    let run = audit_limited(&r, 120);
    assert_eq!(run.code, 0, "{run}");
    let json = run.json();
    assert_eq!(json["window"]["changes"], 2, "{run}");
    assert_eq!(json["window"]["skipped_missing"], 0, "{run}");
}

/// Commit subjects of megabytes (a pull request can push them, and the
/// Action audits its history) are cut when they are read: no report
/// carries more than the first few hundred characters of one.
#[test]
fn a_subject_of_megabytes_is_cut_where_it_is_read() {
    let mut r = TestRepo::new();
    r.write("OWNERS.toml", TWO_TEAMS);
    r.commit("map");
    let subject = "s".repeat(4 << 20);
    for i in 0..3 {
        r.commit_files(
            &[("a/x.rs", &i.to_string()), ("b/y.rs", &i.to_string())],
            &subject,
        );
    }
    let html = r.run(&["audit", "--no-cache", "--format", "html", "--exit-zero"]);
    assert_eq!(html.code, 0, "{}", html.stderr);
    assert!(
        html.stdout.len() < 1 << 20,
        "{} bytes of HTML",
        html.stdout.len()
    );
    let json = r.run(&["audit", "--no-cache", "--format", "json", "--exit-zero"]);
    assert!(
        json.stdout.len() < 1 << 20,
        "{} bytes of JSON",
        json.stdout.len()
    );
    let text = json.stdout;
    let longest = text
        .split('"')
        .filter(|s| s.starts_with("sss"))
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0);
    assert!(
        longest > 0 && longest <= 200,
        "a subject of {longest} characters"
    );
}

/// The repositories `benches/crafted.sh` measures, written under
/// `$TEAMLINT_BENCH_REPOS` (run with `--ignored`): trees whose headers
/// claim 1 GiB, a 4,000-link delta chain of 700 KB links, and five commit
/// subjects of 20 MB.
#[test]
#[ignore]
fn write_bench_repos() {
    let Some(out) = std::env::var_os("TEAMLINT_BENCH_REPOS") else {
        return;
    };
    let out = std::path::PathBuf::from(out);
    std::fs::create_dir_all(&out).unwrap();
    let keep = |r: TestRepo, name: &str| {
        let dest = out.join(name);
        let _ = std::fs::remove_dir_all(&dest);
        std::fs::rename(r.dir.keep(), &dest).unwrap();
    };

    let mut r = TestRepo::new();
    owners(&mut r);
    for i in 0..100 {
        r.write(&format!("src/f{}.rs", i % 10), &i.to_string());
        r.commit(&format!("c{i}"));
    }
    pack::lying_trees(&r.repo, 1 << 30);
    keep(r, "huge-header");

    let mut r = TestRepo::new();
    owners(&mut r);
    r.write("src/a.rs", "a");
    r.commit("first");
    r.write("src/b.rs", "b");
    r.commit("second");
    pack::long_chain(&r.repo, 4000, 700 << 10);
    keep(r, "long-chain");

    let mut r = TestRepo::new();
    r.write("OWNERS.toml", TWO_TEAMS);
    r.commit("map");
    let subject = "s".repeat(20 << 20);
    for i in 0..5 {
        r.commit_files(
            &[("a/x.rs", &i.to_string()), ("b/y.rs", &i.to_string())],
            &subject,
        );
    }
    let gc = support::command("git")
        .current_dir(r.path())
        .args(["gc", "-q"])
        .status()
        .unwrap();
    assert!(gc.success());
    keep(r, "subjects");
}
