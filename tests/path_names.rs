//! Path names that are not UTF-8 stay what git has, in every output
//! (docs/reference.md §6.4): text shows each such byte as git does
//! (`\351`, a listing C-quotes the name), SARIF percent-encodes it, JSON
//! carries it as the code point U+10FF00 plus the byte.
#![cfg(unix)]

mod support;

use std::os::unix::ffi::OsStrExt;

use support::TestRepo;

const OWNERS: &str = "version = 1\n[teams.pay]\nleader = \"p@acme.com\"\n[[own]]\nteam = \"pay\"\npaths = [\"/OWNERS.toml\", \"/pay/\"]\n";

/// Two names that differ in one Latin-1 byte: one name to anything lossy.
const E_ACUTE: &[u8] = b"misc/caf\xe9.go";
const E_GRAVE: &[u8] = b"misc/caf\xe8.go";

fn write_raw(r: &TestRepo, name: &[u8], contents: &str) {
    let p = r.path().join(std::ffi::OsStr::from_bytes(name));
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, contents).unwrap();
}

fn repo() -> TestRepo {
    let mut r = TestRepo::new();
    r.write("OWNERS.toml", OWNERS).write("pay/ok.rs", "1");
    write_raw(&r, E_ACUTE, "1");
    write_raw(&r, E_GRAVE, "1");
    r.commit("first");
    r.write("pay/ok.rs", "2");
    write_raw(&r, E_ACUTE, "2");
    write_raw(&r, E_GRAVE, "2");
    r.commit("second");
    r
}

/// A JSON string's name as git's bytes: each code point U+10FF80..U+10FFFF
/// is the byte it keeps.
fn git_bytes(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for c in s.chars() {
        match c as u32 {
            n @ 0x10_FF80..=0x10_FFFF => out.push((n - 0x10_FF00) as u8),
            _ => out.extend_from_slice(c.to_string().as_bytes()),
        }
    }
    out
}

#[test]
fn a_listing_and_the_human_check_show_each_byte_as_git_quotes_it() {
    let r = repo();
    let ls = r.run(&["ls"]);
    for quoted in ["\"misc/caf\\351.go\"", "\"misc/caf\\350.go\""] {
        assert!(
            ls.stdout.lines().any(|l| l.starts_with(quoted)),
            "{quoted} not listed:\n{ls}"
        );
    }
    let check = r.run(&["check", "--color", "never"]);
    for shown in ["misc/caf\\351.go", "misc/caf\\350.go"] {
        assert!(check.stdout.contains(shown), "{shown} not shown:\n{check}");
    }
    assert!(!check.stdout.contains('\u{fffd}'), "{check}");
}

#[test]
fn json_keeps_every_byte_and_two_names_stay_two() {
    let r = repo();
    let run = r.run(&["check", "--format", "json"]);
    let doc = run.json();
    let mut unowned: Vec<Vec<u8>> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "unowned-file")
        .map(|f| git_bytes(f["path"].as_str().unwrap()))
        .collect();
    unowned.sort();
    assert_eq!(unowned, vec![E_GRAVE.to_vec(), E_ACUTE.to_vec()], "{run}");

    let audit = r.run(&["audit", "--format", "json", "--exit-zero"]);
    let doc = audit.json();
    let names: Vec<Vec<u8>> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| git_bytes(f["path"].as_str().unwrap()))
        .collect();
    for name in [E_ACUTE, E_GRAVE] {
        assert!(names.contains(&name.to_vec()), "{audit}");
    }
}

#[test]
fn sarif_percent_encodes_the_bytes_and_annotations_name_the_file_as_git_does() {
    let r = repo();
    let sarif = r.run(&["check", "--format", "sarif"]);
    for uri in ["misc/caf%E9.go", "misc/caf%E8.go"] {
        assert!(sarif.stdout.contains(uri), "{uri} missing:\n{sarif}");
    }
    let gh = r.run(&["check", "--format", "github"]);
    for file in ["file=misc/caf\\351.go", "file=misc/caf\\350.go"] {
        assert!(gh.stdout.contains(file), "{file} missing:\n{gh}");
    }
}

#[test]
fn a_staged_change_and_a_base_check_name_the_same_bytes() {
    let mut r = repo();
    let base = r.commit("base");
    let new: &[u8] = b"misc/na\xefve.go";
    write_raw(&r, new, "new");
    r.stage_all();
    let unowned = |run: &support::Run| -> Vec<Vec<u8>> {
        run.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "unowned-file")
            .map(|f| git_bytes(f["path"].as_str().unwrap()))
            .collect()
    };
    let staged = r.run(&["check", "--staged", "--format", "json"]);
    assert_eq!(unowned(&staged), vec![new.to_vec()], "{staged}");
    r.commit("third");
    let pr = r.run(&["check", "--base", &base.to_string(), "--format", "json"]);
    assert_eq!(unowned(&pr), vec![new.to_vec()], "{pr}");
}

#[test]
fn explain_takes_a_name_that_is_not_utf8_as_an_argument() {
    let r = repo();
    let mut cmd = r.cmd();
    cmd.args(["explain", "--format", "json"])
        .arg(std::ffi::OsStr::from_bytes(E_ACUTE));
    let run = support::Run::from(cmd.output().unwrap()).of(&cmd);
    assert_eq!(run.code, 0, "{run}");
    let doc = run.json();
    let entry = &doc["paths"][0];
    assert_eq!(git_bytes(entry["path"].as_str().unwrap()), E_ACUTE, "{run}");
    assert_eq!(entry["unowned"], true, "{run}");
    assert_eq!(entry["tracked"], true, "{run}");
}
