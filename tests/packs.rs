//! The scan's own pack reader gives every object exactly as libgit2 does,
//! in packs that git wrote with offset deltas, with deltas by id, and with
//! long chains; and objects it has no pack for come through libgit2.

mod support;

use std::path::Path;

use teamlint_git::repo::Repo;

/// git in `dir`, reading no configuration but the repository's.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = support::command("git")
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

/// A history whose files change a little at a time (so git stores most
/// versions as deltas), with nested trees.
fn history() -> support::TestRepo {
    support::seal();
    let mut r = support::TestRepo::new();
    let mut text = String::new();
    for i in 0..120 {
        text.push_str(&format!("line {i} of a file that grows slowly\n"));
        r.write(&format!("src/mod{}/lib.rs", i % 4), &text);
        r.write(
            &format!("docs/d{}/readme.md", i % 3),
            &text[text.len() / 2..],
        );
        r.commit(&format!("change {i}"));
    }
    r
}

/// Every object of the repository, read both ways: how many are deltas,
/// and how many the reader found in its packs.
fn same_objects(dir: &Path) -> (usize, u64) {
    let list = git(
        dir,
        &[
            "cat-file",
            "--batch-all-objects",
            "--batch-check=%(objectname) %(objecttype) %(deltabase)",
        ],
    );
    let repo = git2::Repository::open(dir).unwrap();
    let odb = repo.odb().unwrap();
    let ours = Repo::discover(dir).unwrap();
    let objects = ours.objects().unwrap();
    let mut reader = objects.reader();
    let mut deltas = 0;
    for line in list.lines() {
        let mut f = line.split(' ');
        let id = git2::Oid::from_str(f.next().unwrap()).unwrap();
        f.next();
        if f.next().is_some_and(|b| !b.starts_with("0000000")) {
            deltas += 1;
        }
        let want = odb.read(id).unwrap();
        let (_, got) = reader.read(id).unwrap_or_else(|| panic!("{id} not read"));
        assert_eq!(got, want.data(), "{id}");
    }
    (deltas, reader.from_packs)
}

#[test]
fn offset_deltas_and_long_chains_read_as_libgit2_reads_them() {
    let r = history();
    git(
        r.path(),
        &["repack", "-a", "-d", "-f", "--depth=200", "--window=50"],
    );
    let (deltas, packed) = same_objects(r.path());
    assert!(deltas > 100, "only {deltas} deltas: the test proves little");
    assert!(packed as usize > 4 * 120, "{packed} objects from the pack");
}

#[test]
fn deltas_by_id_read_as_libgit2_reads_them() {
    let r = history();
    git(r.path(), &["config", "repack.useDeltaBaseOffset", "false"]);
    git(r.path(), &["repack", "-a", "-d", "-f"]);
    let (deltas, packed) = same_objects(r.path());
    assert!(deltas > 100, "only {deltas} deltas: the test proves little");
    assert!(packed as usize > 4 * 120, "{packed} objects from the pack");
}

#[test]
fn loose_objects_and_several_packs_are_read_too() {
    let mut r = history();
    git(r.path(), &["repack", "-d"]);
    r.write("late.txt", "written after the pack");
    r.commit("loose");
    git(r.path(), &["repack", "-d"]);
    r.write("later.txt", "loose");
    r.commit("loose again");
    let (_, packed) = same_objects(r.path());
    assert!(packed > 0);
}
