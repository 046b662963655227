//! Raw git objects: commits and trees parsed straight from the object
//! database, and a tree diff that descends only into subtrees whose ids
//! differ (libgit2's `diff_tree_to_tree` expands unchanged subtrees, which
//! makes a history scan many times slower than `git log`).
//!
//! Measured against gitoxide (gix-diff 0.67's tree diff with its recorder
//! of paths, over gix-odb 0.84 with a 16 MiB object cache, the size of the
//! [`Differ`]'s): for each of HEAD's newest 10,000 commits, the paths it
//! changes against its first parent, on one thread, by
//! `benches/gix_trial.rs` (`-- REPO diff`; medians of 5 interleaved
//! rounds, 3 for a million commits; both list the same paths for every
//! commit, each sorted). Repositories and run as in `packs`.
//!
//! | operation | repository | both listed | ours ms | gix ms | gix / ours |
//! |---|---|---|---:|---:|---:|
//! | diff first parent | git/git | 10,000 commits, 48,711 paths | 700 | 1,098 | 1.57 |
//! | diff first parent | DataDog/dd-trace-go | 4,250 commits, 40,770 paths | 162 | 186 | 1.15 |
//! | diff first parent | astral-sh/ruff | 10,000 commits, 87,387 paths | 623 | 881 | 1.41 |
//! | diff first parent | synthetic, 10k commits | 10,000 commits, 32,630 paths | 431 | 803 | 1.86 |
//! | diff first parent | synthetic, 100k commits | 10,000 commits, 31,338 paths | 944 | 1,279 | 1.36 |
//! | diff first parent | synthetic, 1M commits | 10,000 commits, 32,310 paths | 1,410 | 1,695 | 1.20 |
//! | diff first parent | synthetic, index-100k | 1 commits, 100,001 paths | 26.8 | 24.9 | 0.93 |
//!
//! gix-diff is slower on every history (its objects come through gix-odb,
//! see `packs`, and it keeps no parsed trees); it is a little faster on
//! one root commit of 100,000 files, which no scan of a history spends its
//! time on. So this differ stays. (An earlier run, before zlib-rs and
//! under a heavier load, had the 1M history at 2,700 against 2,641 ms,
//! 0.98: on the largest history the two are close.)
//!
//! gix-diff would replace the differ's 214 lines of code (267 with
//! comments), gix-object the commit and tree parsing above them (177, 233;
//! [`parse_commit`] reads the committer date as git's walk does, cases
//! gix-object's parser would have to be held to). A gix-diff recorder must
//! be new for each diff: one used again starts from the last diff's path
//! and names every later path wrongly.

use std::cmp::Ordering;

use std::rc::Rc;

use git2::Oid;

use super::packs::{Kind, Reader};

/// A commit's fields that the scan needs.
pub struct RawCommit {
    pub tree: Oid,
    pub parents: Vec<Oid>,
    pub author_email: String,
    /// Author time (when the change was first written).
    pub author_time: i64,
    /// Committer time.
    pub time: i64,
}

/// Parses a raw commit object. `None` if it is not a well-formed commit.
/// The committer date is read as git reads it (`commit_date`): a date
/// that does not parse is 0, and the commit is walked like any other.
pub fn parse_commit(data: &[u8]) -> Option<RawCommit> {
    let mut tree = None;
    let mut parents = Vec::new();
    let mut author_email = String::new();
    let mut author_time = None;
    for line in data.split(|&b| b == b'\n') {
        if line.is_empty() {
            break; // the message follows
        }
        if let Some(hex) = line.strip_prefix(b"tree ") {
            tree = Oid::from_str(std::str::from_utf8(hex).ok()?).ok();
        } else if let Some(hex) = line.strip_prefix(b"parent ") {
            parents.push(Oid::from_str(std::str::from_utf8(hex).ok()?).ok()?);
        } else if let Some(rest) = line.strip_prefix(b"author ") {
            author_email = email_of(rest);
            author_time = time_of(rest);
        }
    }
    Some(RawCommit {
        tree: tree?,
        parents,
        author_email,
        // A commit without a readable author date was written when it
        // was committed, as far as anyone can tell.
        author_time: author_time.unwrap_or_else(|| commit_date(data)),
        time: commit_date(data),
    })
}

/// The committer date as git's `parse_commit_date` reads it: the line
/// after the tree and parents must be `author`, the next `committer`; the
/// date is what follows the last `>` of that line, leading digits only
/// (`123foo` is 123). Anything else is 0: git walks on with that date.
fn commit_date(data: &[u8]) -> i64 {
    let mut lines = data
        .split(|&b| b == b'\n')
        .skip_while(|l| l.starts_with(b"tree ") || l.starts_with(b"parent "));
    if !lines.next().is_some_and(|l| l.starts_with(b"author")) {
        return 0;
    }
    let Some(line) = lines.next().filter(|l| l.starts_with(b"committer")) else {
        return 0;
    };
    let Some(close) = line.iter().rposition(|&b| b == b'>') else {
        return 0;
    };
    let rest = &line[close + 1..];
    let start = rest
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    let rest = &rest[start..];
    let (negative, digits) = match rest.first() {
        Some(b'-') => (true, &rest[1..]),
        Some(b) if b.is_ascii_digit() => (false, rest),
        _ => return 0,
    };
    // strtoumax: saturating on overflow, a minus sign negates modulo 2^64.
    let mut v: u64 = 0;
    for &b in digits.iter().take_while(|b| b.is_ascii_digit()) {
        v = v.saturating_mul(10).saturating_add(u64::from(b - b'0'));
    }
    let v = if negative { v.wrapping_neg() } else { v };
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// The longest subject kept, in characters; a longer one ends in `…`.
pub(crate) const SUBJECT_CHARS: usize = 200;

/// The longest tree entry name read, in bytes (git's `PATH_MAX`): a tree
/// with a longer name is treated as damaged.
pub(crate) const NAME_BYTES: usize = 4096;

/// A raw commit's subject: its message's first paragraph on one line, as
/// `git log --format=%s` shows it, cut at [`SUBJECT_CHARS`]. Only the
/// first bytes of the message are looked at, so a subject of megabytes
/// costs no more than a short one.
pub fn subject(data: &[u8]) -> String {
    let Some(start) = data.windows(2).position(|w| w == b"\n\n") else {
        return String::new();
    };
    let message = &data[start + 2..];
    let cut = message.len() > SUBJECT_CHARS * 8;
    let message = String::from_utf8_lossy(&message[..message.len().min(SUBJECT_CHARS * 8)]);
    let mut out = String::new();
    let mut ended = false;
    for line in message.lines().skip_while(|l| l.trim().is_empty()) {
        let line = line.trim();
        if line.is_empty() {
            ended = true;
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line);
    }
    if let Some((i, _)) = out.char_indices().nth(SUBJECT_CHARS - 1) {
        if cut && !ended || out.chars().count() > SUBJECT_CHARS {
            out.truncate(i);
            out.push('…');
        }
    } else if cut && !ended {
        out.push('…');
    }
    out
}

/// A signature's time: `Name <email> 1700000000 +0100` → 1700000000.
fn time_of(sig: &[u8]) -> Option<i64> {
    let close = sig.iter().rposition(|&b| b == b'>')?;
    let rest = std::str::from_utf8(&sig[close + 1..]).ok()?;
    rest.split_whitespace().next()?.parse().ok()
}

/// A raw commit's message (after the header), as text.
pub fn message(data: &[u8]) -> std::borrow::Cow<'_, str> {
    match data.windows(2).position(|w| w == b"\n\n") {
        Some(start) => String::from_utf8_lossy(&data[start + 2..]),
        None => std::borrow::Cow::Borrowed(""),
    }
}

/// `Name <email> 1700000000 +0100` → `email`.
fn email_of(sig: &[u8]) -> String {
    let open = sig.iter().position(|&b| b == b'<');
    let close = sig.iter().rposition(|&b| b == b'>');
    match (open, close) {
        (Some(o), Some(c)) if o < c => String::from_utf8_lossy(&sig[o + 1..c]).into_owned(),
        _ => String::new(),
    }
}

/// A parsed tree: entries in git's order, names pointing into `data`.
pub struct Tree {
    data: Vec<u8>,
    entries: Vec<TreeEntry>,
}

#[derive(Clone, Copy)]
struct TreeEntry {
    name: (u32, u32),
    mode: u32,
    oid: Oid,
}

impl TreeEntry {
    fn is_tree(&self) -> bool {
        self.mode == 0o40000
    }
}

impl Tree {
    /// Parses the raw tree format: `<octal mode> <name>\0<20-byte id>`...
    pub fn parse(data: Vec<u8>) -> Option<Tree> {
        let mut entries = Vec::new();
        let mut i = 0;
        while i < data.len() {
            let sp = i + data[i..].iter().position(|&b| b == b' ')?;
            let mut mode = 0u32;
            for &b in &data[i..sp] {
                if !b.is_ascii_digit() || b > b'7' {
                    return None;
                }
                mode = mode.checked_mul(8)?.checked_add(u32::from(b - b'0'))?;
            }
            let nul = sp + 1 + data[sp + 1..].iter().position(|&b| b == 0)?;
            if nul - sp - 1 > NAME_BYTES {
                return None;
            }
            let oid = Oid::from_bytes(data.get(nul + 1..nul + 21)?).ok()?;
            entries.push(TreeEntry {
                name: (sp as u32 + 1, nul as u32),
                mode: canonical_mode(mode),
                oid,
            });
            i = nul + 21;
        }
        Some(Tree { data, entries })
    }

    /// Bytes held, about.
    fn size(&self) -> usize {
        self.data.len() + self.entries.len() * std::mem::size_of::<TreeEntry>() + 64
    }

    fn name(&self, e: &TreeEntry) -> &[u8] {
        &self.data[e.name.0 as usize..e.name.1 as usize]
    }
}

/// A tree entry's mode as git reads it (`canon_mode`): a file is 100644
/// or 100755 (by its owner's execute bit: `100664` is 100644), a link
/// 120000, a directory 40000, and anything else a gitlink.
fn canonical_mode(mode: u32) -> u32 {
    match mode & 0o170000 {
        0o100000 if mode & 0o100 != 0 => 0o100755,
        0o100000 => 0o100644,
        0o120000 => 0o120000,
        0o040000 => 0o040000,
        _ => 0o160000,
    }
}

/// git orders tree entries by name, comparing a subtree as if its name
/// ended in `/`.
fn git_order(a: &[u8], a_tree: bool, b: &[u8], b_tree: bool) -> Ordering {
    let n = a.len().min(b.len());
    match a[..n].cmp(&b[..n]) {
        Ordering::Equal => {}
        other => return other,
    }
    let end = |s: &[u8], tree: bool| -> Option<u8> {
        s.get(n).copied().or(if tree { Some(b'/') } else { None })
    };
    end(a, a_tree).cmp(&end(b, b_tree))
}

/// How a path changed in one commit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Added,
    Deleted,
    Modified,
}

/// One changed path: its bytes, status, and the blob ids on each side.
pub struct Delta {
    pub path: Vec<u8>,
    pub status: Status,
    pub old: Option<Oid>,
    pub new: Option<Oid>,
}

pub use super::oid_map::OidMap;

/// A missing or unreadable object.
#[derive(Debug)]
pub struct Missing;

/// Reads and diffs trees, keeping those read lately: a commit's parent tree
/// is most often the tree of the commit diffed just before, but history
/// ordered by time interleaves branches, whose trees come back a few
/// commits later. Measured on vectordotdev/vector (14,087 commits, 91,799
/// distinct trees): keeping only the last commit's trees read 158,157
/// trees; a cache of 64 MiB reads 91,886, and the first audit took 360 ms
/// instead of 395 (medians of 7 interleaved runs) with the 16 MiB kept.
pub struct Differ<'o> {
    objects: Reader<'o>,
    /// Parsed trees and the commit (a count) that last used each.
    trees: OidMap<(Rc<Tree>, u32)>,
    /// The trees' size in memory, about.
    bytes: usize,
    commit: u32,
    /// Root trees of commits read so far in this run.
    commit_trees: OidMap<Oid>,
}

/// What a differ keeps of the trees it read, at most (per thread).
const TREE_CACHE_BYTES: usize = 16 << 20;

impl<'o> Differ<'o> {
    pub fn new(objects: Reader<'o>) -> Self {
        Differ {
            objects,
            trees: OidMap::default(),
            bytes: 0,
            commit: 0,
            commit_trees: OidMap::default(),
        }
    }

    /// Call between commits. Past the cache's size, the trees used least
    /// lately go, down to half of it.
    pub(crate) fn next_commit(&mut self) {
        self.commit += 1;
        if self.commit_trees.len() > 4096 {
            self.commit_trees.clear();
        }
        if self.bytes > TREE_CACHE_BYTES {
            super::keep_newer_half(&mut self.trees, |(_, used)| u64::from(*used));
            self.bytes = self.trees.values().map(|(t, _)| t.size()).sum();
        }
    }

    pub(crate) fn read_commit(&mut self, oid: Oid) -> Result<RawCommit, Missing> {
        let (kind, data) = self.objects.read(oid).ok_or(Missing)?;
        if kind != Kind::Commit {
            return Err(Missing);
        }
        let c = parse_commit(&data).ok_or(Missing)?;
        self.commit_trees.insert(oid, c.tree);
        Ok(c)
    }

    /// A commit's root tree, from the commits already read when possible.
    pub(crate) fn commit_tree(&mut self, oid: Oid) -> Result<Oid, Missing> {
        match self.commit_trees.get(&oid) {
            Some(&t) => Ok(t),
            None => Ok(self.read_commit(oid)?.tree),
        }
    }

    fn tree(&mut self, oid: Oid) -> Result<Rc<Tree>, Missing> {
        if let Some((t, used)) = self.trees.get_mut(&oid) {
            *used = self.commit;
            return Ok(t.clone());
        }
        let (kind, data) = self.objects.read(oid).ok_or(Missing)?;
        if kind != Kind::Tree {
            return Err(Missing);
        }
        // Without hash verification a damaged tree may still read; one that
        // does not parse is treated as missing, never trusted.
        let t = Rc::new(Tree::parse(data).ok_or(Missing)?);
        self.bytes += t.size();
        self.trees.insert(oid, (t.clone(), self.commit));
        Ok(t)
    }

    /// Every path that differs between two trees (either may be absent).
    pub fn diff(&mut self, old: Option<Oid>, new: Option<Oid>) -> Result<Vec<Delta>, Missing> {
        let mut out = Vec::new();
        if old == new {
            return Ok(out);
        }
        let mut prefix = Vec::new();
        // The directories being compared, outermost first: a stack of our
        // own, since a tree may nest deeper than a thread's stack allows.
        let mut open = vec![self.frame(old, new, 0)?];
        while let Some(top) = open.last_mut() {
            match top.step() {
                Step::Done => {
                    prefix.truncate(top.restore);
                    open.pop();
                }
                Step::File(name, status, old, new) => out.push(Delta {
                    path: joined(&prefix, &name),
                    status,
                    old,
                    new,
                }),
                Step::Dir(name, old, new) => {
                    let restore = push(&mut prefix, &name);
                    let frame = self.frame(old, new, restore)?;
                    open.push(frame);
                }
            }
        }
        Ok(out)
    }

    fn frame(
        &mut self,
        old: Option<Oid>,
        new: Option<Oid>,
        restore: usize,
    ) -> Result<Frame, Missing> {
        Ok(Frame {
            a: old.map(|o| self.tree(o)).transpose()?,
            b: new.map(|o| self.tree(o)).transpose()?,
            i: 0,
            j: 0,
            restore,
        })
    }
}

/// One directory of a diff in progress: both sides, and how far the merge
/// of their entries has got.
struct Frame {
    a: Option<Rc<Tree>>,
    b: Option<Rc<Tree>>,
    i: usize,
    j: usize,
    /// The prefix length to go back to when this directory is done.
    restore: usize,
}

/// What the next differing entry of a directory calls for.
enum Step {
    Done,
    File(Vec<u8>, Status, Option<Oid>, Option<Oid>),
    /// A subtree to compare (added, deleted or changed).
    Dir(Vec<u8>, Option<Oid>, Option<Oid>),
}

impl Frame {
    fn step(&mut self) -> Step {
        let empty: &[TreeEntry] = &[];
        let ae = self.a.as_ref().map_or(empty, |t| &t.entries);
        let be = self.b.as_ref().map_or(empty, |t| &t.entries);
        loop {
            let (x, y) = match (ae.get(self.i), be.get(self.j)) {
                (None, None) => return Step::Done,
                (Some(&x), None) => {
                    self.i += 1;
                    return one_side(self.a.as_deref(), x, true);
                }
                (None, Some(&y)) => {
                    self.j += 1;
                    return one_side(self.b.as_deref(), y, false);
                }
                (Some(&x), Some(&y)) => (x, y),
            };
            let (ta, tb) = (self.a.as_deref(), self.b.as_deref());
            let name_a = ta.map_or(&[][..], |t| t.name(&x));
            let name_b = tb.map_or(&[][..], |t| t.name(&y));
            match git_order(name_a, x.is_tree(), name_b, y.is_tree()) {
                Ordering::Less => {
                    self.i += 1;
                    return one_side(ta, x, true);
                }
                Ordering::Greater => {
                    self.j += 1;
                    return one_side(tb, y, false);
                }
                Ordering::Equal => {
                    self.i += 1;
                    self.j += 1;
                    if x.oid == y.oid && x.mode == y.mode {
                        continue;
                    }
                    let name = name_a.to_vec();
                    if x.is_tree() && y.is_tree() {
                        return Step::Dir(name, Some(x.oid), Some(y.oid));
                    }
                    // Same name, both blobs (or both gitlinks): modified.
                    // Both trees cannot differ in kind here: a file and a
                    // tree of one name sort apart.
                    return Step::File(name, Status::Modified, Some(x.oid), Some(y.oid));
                }
            }
        }
    }
}

/// An entry present on one side only: a file added or deleted, or a whole
/// subtree added or deleted.
fn one_side(tree: Option<&Tree>, e: TreeEntry, deleted: bool) -> Step {
    let name = tree.map_or(&[][..], |t| t.name(&e)).to_vec();
    let (old, new) = if deleted {
        (Some(e.oid), None)
    } else {
        (None, Some(e.oid))
    };
    if e.is_tree() {
        Step::Dir(name, old, new)
    } else {
        let status = if deleted {
            Status::Deleted
        } else {
            Status::Added
        };
        Step::File(name, status, old, new)
    }
}

/// Appends `name/` to the prefix; returns the length to truncate back to.
fn push(prefix: &mut Vec<u8>, name: &[u8]) -> usize {
    let len = prefix.len();
    prefix.extend_from_slice(name);
    prefix.push(b'/');
    len
}

fn joined(prefix: &[u8], name: &[u8]) -> Vec<u8> {
    let mut p = Vec::with_capacity(prefix.len() + name.len());
    p.extend_from_slice(prefix);
    p.extend_from_slice(name);
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subject_is_the_first_paragraph_on_one_line() {
        let head = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@b.c> 1 +0000\ncommitter A <a@b.c> 1 +0000\n";
        let subject_of = |message: &str| subject(format!("{head}\n{message}").as_bytes());
        assert_eq!(
            subject_of("Fix the parser\n\nLong body.\n"),
            "Fix the parser"
        );
        assert_eq!(subject_of("Fix the\nparser  \n\nbody"), "Fix the parser");
        assert_eq!(subject_of("\n\n  Late start\n"), "Late start");
        assert_eq!(subject_of(""), "");
        assert_eq!(subject(head.as_bytes()), "");
        let long = "x".repeat(5 << 20);
        let cut = subject_of(&long);
        assert_eq!(cut.chars().count(), SUBJECT_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(
            subject_of(&"y".repeat(SUBJECT_CHARS)).chars().count(),
            SUBJECT_CHARS
        );
        assert!(!subject_of(&"y".repeat(SUBJECT_CHARS)).ends_with('…'));
    }

    #[test]
    fn git_orders_subtrees_with_a_trailing_slash() {
        // "a.b" (file) < "a" (tree, "a/") because '.' < '/'
        assert_eq!(git_order(b"a.b", false, b"a", true), Ordering::Less);
        assert_eq!(git_order(b"a", false, b"a.b", false), Ordering::Less);
        assert_eq!(git_order(b"a", true, b"a0", false), Ordering::Less);
        assert_eq!(git_order(b"a", true, b"a", false), Ordering::Greater);
    }

    #[test]
    fn parses_commits() {
        let raw = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A U <a@x.org> 1700000000 +0100\ncommitter C <c@x.org> 1700000100 +0000\n\nsubject\n";
        let c = parse_commit(raw).unwrap();
        assert_eq!(c.parents.len(), 1);
        assert_eq!(c.author_email, "a@x.org");
        assert_eq!(c.time, 1_700_000_100);
        assert!(parse_commit(b"garbage").is_none());
    }

    #[test]
    fn dates_read_as_git_reads_them() {
        let with = |committer: &str| {
            let raw = format!("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x.org> 5 +0000\n{committer}\n\nsubject\n");
            parse_commit(raw.as_bytes()).map(|c| c.time)
        };
        assert_eq!(
            with("committer C <c@x.org> 1700000100 +0000"),
            Some(1_700_000_100)
        );
        assert_eq!(with("committer C <c@x.org> nonsense +0000"), Some(0));
        assert_eq!(with("committer C <c@x.org>"), Some(0));
        assert_eq!(with("committer C <c@x.org>   123foo"), Some(123));
        assert_eq!(with("committer C <c@> x <c@x.org> 77 +0000"), Some(77));
        assert_eq!(
            with("committer C <c@x.org> 99999999999999999999999"),
            Some(i64::MAX)
        );
        assert_eq!(with("nobody"), Some(0));
    }

    #[test]
    fn modes_are_canonical_as_git_reads_them() {
        assert_eq!(canonical_mode(0o100664), 0o100644);
        assert_eq!(canonical_mode(0o100775), 0o100755);
        assert_eq!(canonical_mode(0o100600), 0o100644);
        assert_eq!(canonical_mode(0o040000), 0o040000);
        assert_eq!(canonical_mode(0o120777), 0o120000);
        assert_eq!(canonical_mode(0o160000), 0o160000);
        assert_eq!(canonical_mode(0o000000), 0o160000);
    }

    #[test]
    fn rejects_malformed_trees() {
        assert!(Tree::parse(b"100644 a".to_vec()).is_none());
        assert!(Tree::parse(b"100648 a\0aaaaaaaaaaaaaaaaaaaa".to_vec()).is_none());
        assert_eq!(Tree::parse(Vec::new()).unwrap().entries.len(), 0);
        // A name longer than any file system holds is a damaged tree.
        let entry = |len: usize| {
            let mut t = format!("100644 {}\0", "n".repeat(len)).into_bytes();
            t.extend_from_slice(&[7u8; 20]);
            t
        };
        assert!(Tree::parse(entry(NAME_BYTES)).is_some());
        assert!(Tree::parse(entry(NAME_BYTES + 1)).is_none());
    }
}
