//! Objects read straight from the repository's pack files, for the scan.
//!
//! A history scan reads every commit and most trees once, in history's
//! order, from packs whose objects are stored as chains of deltas. libgit2
//! keeps 16 MiB of delta bases and, when that is full, drops every base at
//! once, so a long history re-inflates the same chains again and again;
//! its packs are also behind process-wide locks. This reader maps each pack
//! and its index once for all threads, keeps the bases it resolved (least
//! lately used out first, [`BASE_CACHE_BYTES`] per thread: with two threads,
//! the 96 MiB git keeps), and shares nothing mutable between threads.
//!
//! It reads pack index version 2 and packs of version 2 and 3 with SHA-1
//! ids. An object it does not find in a pack (a loose object, an
//! alternate's, a pack it did not open), or one whose bytes it cannot make
//! sense of, is read through libgit2 instead, so the answer never depends
//! on this reader.
//!
//! Inflating is most of the time a scan spends here; flate2 runs on
//! zlib-rs (pure Rust, no C build). Against the system's zlib 1.2.13, an
//! audit of git/git since 2024 (`audit --no-cache`, 10 interleaved runs of
//! each, a loaded 2-core machine) took 0.99 s of CPU against 1.23 s
//! (medians; fastest 0.85 s against 0.91 s); dd-trace-go's, 0.077 s
//! against 0.074 s (equal).
//!
//! Measured against gitoxide (gix-odb 0.84 over gix-pack 0.74, given the
//! same 48 MiB of delta bases): every commit of HEAD's history and every
//! tree its newest 10,000 commits reach, each read whole on one thread, by
//! `benches/gix_trial.rs` (`cargo bench -p teamlint-git --features
//! gix-trial --bench gix_trial -- REPO read`; medians of 5 interleaved
//! rounds, 3 for a million commits; both read the same objects and bytes).
//! The synthetic histories are `benches/scale.sh`'s (200,000 files,
//! fast-import's long delta chains); `index-100k` is its one commit of
//! 100,000 files. One run on a 2-core machine shared with other builds,
//! after flate2 moved to zlib-rs (gix-pack inflates with zlib-rs too).
//!
//! | operation | repository | both read | ours ms | gix ms | gix / ours |
//! |---|---|---|---:|---:|---:|
//! | read commits + trees | git/git | 105,440 objects, 531,072,264 bytes | 560 | 923 | 1.65 |
//! | read commits + trees | DataDog/dd-trace-go | 35,611 objects, 23,586,244 bytes | 71.7 | 122 | 1.70 |
//! | read commits + trees | astral-sh/ruff | 99,021 objects, 126,064,109 bytes | 265 | 581 | 2.19 |
//! | read commits + trees | synthetic, 10k commits | 105,559 objects, 62,777,150 bytes | 144 | 568 | 3.94 |
//! | read commits + trees | synthetic, 100k commits | 194,006 objects, 81,744,500 bytes | 892 | 1,397 | 1.57 |
//! | read commits + trees | synthetic, 1M commits | 1,095,141 objects, 282,749,215 bytes | 4,847 | 5,036 | 1.04 |
//! | read commits + trees | synthetic, index-100k | 10,422 objects, 4,107,496 bytes | 11.9 | 9.4 | 0.79 |
//!
//! gix-odb is slower on every history, by half or more on the real ones,
//! and about even only on the largest; it is faster only on a pack of
//! whole objects (one commit, its trees undeltified), which is not what a
//! scan reads. So this reader stays. gix-odb (which also reads loose
//! objects and alternates, where this reader asks libgit2) would replace
//! this file's 501 lines of code (646 with comments), but not
//! [`Reader::read_head`]'s partial inflate, which has no counterpart there.

use std::path::Path;
use std::rc::Rc;

use git2::{ObjectType, Odb, Oid};
use memmap2::Mmap;
use rustc_hash::FxHashMap;

/// A repository's objects as the scan reads them: its packs, mapped once
/// for every reader, and libgit2 for what they do not hold.
pub struct Objects<'r> {
    packs: Packs,
    odb: Odb<'r>,
}

impl<'r> Objects<'r> {
    pub(crate) fn open(repo: &'r git2::Repository) -> teamlint_core::error::Result<Objects<'r>> {
        use crate::OrGit;
        Ok(Objects {
            packs: Packs::open(repo),
            odb: repo.odb().git()?,
        })
    }

    /// A reader of these objects, with its own cache of delta bases (one
    /// per thread).
    pub fn reader(&self) -> Reader<'_> {
        Reader::new(&self.packs, &self.odb)
    }
}

impl crate::repo::Repo {
    /// The repository's objects, read as the history scan reads them.
    pub fn objects(&self) -> teamlint_core::error::Result<Objects<'_>> {
        Objects::open(&self.git)
    }
}

/// The largest object this reader inflates; a larger one (or a header that
/// claims one) is left to libgit2, so a damaged pack cannot make it
/// allocate without bound.
const MAX_OBJECT: usize = 1 << 30;

/// Delta bases kept per reader.
pub(crate) const BASE_CACHE_BYTES: usize = 48 << 20;

/// The packs of a repository's object directory, mapped, and the
/// repository's replace refs, which apply to every object read (a commit,
/// a tree), as git applies them.
pub(crate) struct Packs {
    packs: Vec<Pack>,
    replace: super::oid_map::OidMap<Oid>,
}

/// git stops following replacements of replacements at this depth.
const MAX_REPLACE_DEPTH: usize = 5;

struct Pack {
    idx: Mmap,
    data: Mmap,
    count: usize,
}

impl Packs {
    /// The packs of a repository (under `objects/pack` of its common git
    /// directory). Any pack that cannot be opened or is not of a known
    /// version is left out (its objects are read through libgit2).
    pub(crate) fn open(repo: &git2::Repository) -> Packs {
        let replace = super::rewrite::Rewrites::load(repo).replacements();
        // Index v2 is read with SHA-1's 20-byte names only.
        if !crate::repo::index::is_sha1(repo) {
            return Packs {
                packs: Vec::new(),
                replace,
            };
        }
        let dir = repo.commondir().join("objects").join("pack");
        let mut found: Vec<(std::time::SystemTime, std::path::PathBuf)> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "idx"))
            .map(|e| {
                let mtime = e.metadata().and_then(|m| m.modified());
                (mtime.unwrap_or(std::time::UNIX_EPOCH), e.path())
            })
            .collect();
        // Newest first, as git looks them up.
        found.sort_by_key(|f| std::cmp::Reverse(f.0));
        let packs = found
            .into_iter()
            .filter_map(|(_, idx)| Pack::open(&idx, &idx.with_extension("pack")))
            .collect();
        Packs { packs, replace }
    }

    /// The object git reads for `oid`: its replacement, followed as far as
    /// git follows one.
    fn replaced(&self, mut oid: Oid) -> Oid {
        for _ in 0..MAX_REPLACE_DEPTH {
            match self.replace.get(&oid) {
                Some(&next) => oid = next,
                None => break,
            }
        }
        oid
    }
}

fn map(path: &Path) -> Option<Mmap> {
    let file = std::fs::File::open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    // SAFETY: git writes a pack and its index once and never changes them
    // in place (repacking writes new files and removes the old ones).
    unsafe { Mmap::map(&file) }.ok()
}

fn be32(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

/// Index v2: magic, version, 256 fanout counts, then names, CRCs, 32-bit
/// offsets and 64-bit offsets.
const IDX_HEADER: usize = 8 + 256 * 4;

impl Pack {
    fn open(idx_path: &Path, pack_path: &Path) -> Option<Pack> {
        let idx = map(idx_path)?;
        let data = map(pack_path)?;
        if idx.get(..4)? != b"\xfftOc" || be32(&idx, 4)? != 2 {
            return None;
        }
        let count = be32(&idx, 4 + 4 * 256)? as usize;
        // Names, CRCs and 32-bit offsets are all there; 64-bit ones are
        // checked where read.
        if idx.len() < IDX_HEADER + count * 28 + 40 {
            return None;
        }
        if data.get(..4)? != b"PACK"
            || !matches!(be32(&data, 4)?, 2 | 3)
            || be32(&data, 8)? as usize != count
        {
            return None;
        }
        Some(Pack { idx, data, count })
    }

    fn name(&self, i: usize) -> &[u8] {
        let at = IDX_HEADER + i * 20;
        &self.idx[at..at + 20]
    }

    /// The offset in the pack of an object, if the pack holds it.
    fn find(&self, oid: &[u8]) -> Option<u64> {
        let first = usize::from(oid[0]);
        let lo = if first == 0 {
            0
        } else {
            be32(&self.idx, 8 + (first - 1) * 4)? as usize
        };
        let hi = (be32(&self.idx, 8 + first * 4)? as usize).min(self.count);
        let (mut lo, mut hi) = (lo, hi);
        // Names are uniformly spread: the first steps guess where the name
        // lies between the range's ends (two or three probes of the index
        // where halving takes a dozen, each a cache miss), then halve.
        // They are compared by their first eight bytes first: a call to
        // memcmp per step costs more than the search.
        let key = u64::from_be_bytes(oid.get(..8)?.try_into().ok()?);
        let mut guesses = 0;
        while lo < hi {
            let mid = if hi - lo > 8 && guesses < 4 {
                guesses += 1;
                let (a, b) = (self.head(lo), self.head(hi - 1));
                if key <= a {
                    lo
                } else if key >= b {
                    hi - 1
                } else {
                    let span = (hi - 1 - lo) as u128;
                    lo + (u128::from(key - a) * span / u128::from(b - a)) as usize
                }
            } else {
                (lo + hi) / 2
            };
            let name = self.name(mid);
            match self
                .head(mid)
                .cmp(&key)
                .then_with(|| name[8..].cmp(&oid[8..]))
            {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return self.offset(mid),
            }
        }
        None
    }

    /// The first eight bytes of the `i`th name, as a number.
    fn head(&self, i: usize) -> u64 {
        <[u8; 8]>::try_from(&self.name(i)[..8]).map_or(0, u64::from_be_bytes)
    }

    fn offset(&self, i: usize) -> Option<u64> {
        let off32_at = IDX_HEADER + self.count * 24;
        let v = be32(&self.idx, off32_at + i * 4)?;
        if v & 0x8000_0000 == 0 {
            return Some(u64::from(v));
        }
        let at = off32_at + self.count * 4 + (v & 0x7fff_ffff) as usize * 8;
        Some(u64::from_be_bytes(
            self.idx.get(at..at + 8)?.try_into().ok()?,
        ))
    }
}

/// An object's kind as a pack stores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Commit,
    Tree,
    Blob,
    Tag,
}

impl Kind {
    fn from_pack(t: u8) -> Option<Kind> {
        Some(match t {
            1 => Kind::Commit,
            2 => Kind::Tree,
            3 => Kind::Blob,
            4 => Kind::Tag,
            _ => return None,
        })
    }

    fn from_git2(t: ObjectType) -> Option<Kind> {
        Some(match t {
            ObjectType::Commit => Kind::Commit,
            ObjectType::Tree => Kind::Tree,
            ObjectType::Blob => Kind::Blob,
            ObjectType::Tag => Kind::Tag,
            _ => return None,
        })
    }
}

/// A delta base kept: its kind, bytes, and the clock when last used.
type Base = (Kind, Rc<[u8]>, u64);

/// One thread's reader: the packs, its own cache of delta bases, and
/// libgit2 for what the packs do not hold.
pub struct Reader<'a> {
    packs: &'a Packs,
    odb: &'a Odb<'a>,
    /// The pack that answered last: consecutive reads mostly hit it.
    last: usize,
    /// Delta bases by (pack, offset), with when each was used last.
    bases: FxHashMap<(u32, u64), Base>,
    bytes: usize,
    clock: u64,
    inflate: flate2::Decompress,
    /// For the start of an object: deflate without zlib's wrapper, whose
    /// checksum covers the whole stream and is not read.
    raw: flate2::Decompress,
    /// Objects answered from the packs (the others came through libgit2).
    pub from_packs: u64,
    /// The last object read from a pack had bytes that contradict its
    /// header (a stream shorter or longer than it claims, a delta that
    /// does not fit its base).
    damaged: bool,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(packs: &'a Packs, odb: &'a Odb<'a>) -> Reader<'a> {
        Reader {
            packs,
            odb,
            last: 0,
            bases: FxHashMap::default(),
            bytes: 0,
            clock: 0,
            inflate: flate2::Decompress::new(true),
            raw: flate2::Decompress::new(false),
            from_packs: 0,
            damaged: false,
        }
    }

    /// An object's kind and bytes; `None` if it cannot be read.
    pub fn read(&mut self, oid: Oid) -> Option<(Kind, Vec<u8>)> {
        let oid = self.packs.replaced(oid);
        if let Some((pack, at)) = self.locate(oid.as_bytes()) {
            self.damaged = false;
            if let Some((kind, data)) = self.read_at(pack, at) {
                self.from_packs += 1;
                return Some((kind, data.to_vec()));
            }
            // Bytes that contradict their header are damaged, and git
            // refuses them too; libgit2 would read the same bytes at the
            // cost the header claims (1 GiB for a lying header), so it is
            // asked only about what this reader does not read at all.
            if self.damaged {
                return None;
            }
        }
        let obj = self.odb.read(oid).ok()?;
        Some((Kind::from_git2(obj.kind())?, obj.data().to_vec()))
    }

    /// The start of an object, into `out`: its bytes up to and including
    /// the first blank line (`\n\n`: a commit's header), or all of them
    /// when there is none. An undeltified object in a pack is inflated only
    /// that far; any other is read whole, as [`Reader::read`] reads it. So
    /// a commit's header costs a third of the commit.
    pub fn read_head(&mut self, oid: Oid, out: &mut Vec<u8>) -> Option<Kind> {
        let at = self.position(oid);
        self.read_head_at(oid, at, out)
    }

    /// [`Reader::read_head`] of an object whose [`Reader::position`] is
    /// known.
    pub fn read_head_at(
        &mut self,
        oid: Oid,
        position: Option<(usize, u64)>,
        out: &mut Vec<u8>,
    ) -> Option<Kind> {
        out.clear();
        let oid = self.packs.replaced(oid);
        if let Some((pack, at)) = position {
            self.damaged = false;
            if let Some(kind) = self.head_at(pack, at, out) {
                self.from_packs += 1;
                return Some(kind);
            }
            if self.damaged {
                return None;
            }
        }
        out.clear();
        let obj = self.odb.read(oid).ok()?;
        out.extend_from_slice(obj.data());
        Kind::from_git2(obj.kind())
    }

    /// [`Reader::read_head`] in a pack.
    fn head_at(&mut self, pack: usize, at: u64, out: &mut Vec<u8>) -> Option<Kind> {
        let whole = |r: &mut Self, out: &mut Vec<u8>| {
            let (kind, data) = r.read_at(pack, at)?;
            out.extend_from_slice(&data);
            Some(kind)
        };
        if self.bases.contains_key(&(pack as u32, at)) {
            return whole(self, out);
        }
        let (t, size, i) = object_header(&self.packs.packs[pack].data, at)?;
        match Kind::from_pack(t) {
            Some(kind) => {
                self.inflated_head(pack, i, size, out)?;
                Some(kind)
            }
            // A delta: its chain is resolved whole (and its bases kept).
            None => whole(self, out),
        }
    }

    /// The zlib stream at `at` inflated into `out` until the bytes hold a
    /// blank line or the stream ends (then they must be `size` bytes): a
    /// step of [`HEAD_STEP`] bytes at a time, doubling.
    fn inflated_head(
        &mut self,
        pack: usize,
        at: usize,
        size: usize,
        out: &mut Vec<u8>,
    ) -> Option<()> {
        let input = self.packs.packs[pack].data.get(at..)?;
        // One byte of room past the end lets zlib see the stream's end.
        let limit = size.checked_add(1)?;
        // The wrapper is two bytes git always writes the same way (deflate,
        // no preset dictionary); any other is read as zlib reads it.
        let (cmf, flg) = (*input.first()?, *input.get(1)?);
        let wrapped = cmf & 0x0f != 8
            || cmf >> 4 > 7
            || flg & 0x20 != 0
            || (u16::from(cmf) << 8 | u16::from(flg)) % 31 != 0;
        let (z, input) = if wrapped {
            self.inflate.reset(true);
            (&mut self.inflate, input)
        } else {
            self.raw.reset(false);
            (&mut self.raw, &input[2..])
        };
        let mut step = HEAD_STEP;
        loop {
            let read = usize::try_from(z.total_in()).ok()?;
            let written = out.len();
            let room = step.min(limit - written);
            out.resize(written + room, 0);
            let status = z.decompress(
                input.get(read..)?,
                &mut out[written..],
                flate2::FlushDecompress::Finish,
            );
            let made = usize::try_from(z.total_out()).ok()?;
            out.truncate(made);
            let status = status.ok()?;
            if made > size {
                self.damaged = true;
                return None;
            }
            if status == flate2::Status::StreamEnd {
                self.damaged |= made != size;
                return (made == size).then_some(());
            }
            // The blank line, perhaps across the last step's end.
            if out[written.saturating_sub(1)..]
                .windows(2)
                .any(|w| w == b"\n\n")
            {
                return Some(());
            }
            let stalled = made == written && usize::try_from(z.total_in()).ok()? == read;
            if stalled && made < written + room {
                self.damaged = true;
                return None;
            }
            step = step.saturating_mul(2);
        }
    }

    /// An object from the packs alone: `None` where [`Reader::read`] would
    /// ask libgit2 (not in a pack, or bytes this reader cannot make sense
    /// of).
    pub fn read_packed(&mut self, oid: Oid) -> Option<(Kind, Vec<u8>)> {
        let oid = self.packs.replaced(oid);
        let (pack, at) = self.locate(oid.as_bytes())?;
        let (kind, data) = self.read_at(pack, at)?;
        Some((kind, data.to_vec()))
    }

    /// Where an object lies in the packs (which pack, what offset), if in
    /// one: reading objects in this order reads each pack front to back.
    pub fn position(&mut self, oid: Oid) -> Option<(usize, u64)> {
        let oid = self.packs.replaced(oid);
        self.locate(oid.as_bytes())
    }

    fn locate(&mut self, oid: &[u8]) -> Option<(usize, u64)> {
        let n = self.packs.packs.len();
        (0..n)
            .map(|k| (self.last + k) % n)
            .find_map(|p| self.packs.packs[p].find(oid).map(|at| (p, at)))
            .inspect(|&(p, _)| self.last = p)
    }

    /// The object at an offset: its chain of deltas followed down to a
    /// base (or one kept), then applied back up one link at a time, each
    /// delta inflated only when it is applied (a long chain holds one delta
    /// and two objects at once, never the whole chain); the bases kept.
    fn read_at(&mut self, pack: usize, at: u64) -> Option<(Kind, Rc<[u8]>)> {
        // (offset, where its delta's zlib stream starts, its size) from the
        // object asked for down the chain.
        let mut chain: Vec<(u64, usize, usize)> = Vec::new();
        let mut here = at;
        let (kind, mut data) = loop {
            if let Some((kind, data, used)) = self.bases.get_mut(&(pack as u32, here)) {
                self.clock += 1;
                *used = self.clock;
                break (*kind, data.clone());
            }
            // A chain longer than git ever writes (4,095) is not trusted.
            if chain.len() > 5000 {
                return None;
            }
            let d = &self.packs.packs[pack].data;
            let (t, size, mut i) = object_header(d, here)?;
            match t {
                6 => {
                    // OFS_DELTA: the base lies a distance back in this pack.
                    let mut c = *d.get(i)?;
                    i += 1;
                    let mut back = u64::from(c & 0x7f);
                    while c & 0x80 != 0 {
                        c = *d.get(i)?;
                        i += 1;
                        back = back.checked_add(1)?.checked_shl(7)? | u64::from(c & 0x7f);
                    }
                    chain.push((here, i, size));
                    here = here.checked_sub(back).filter(|&b| b > 0)?;
                }
                7 => {
                    // REF_DELTA: the base named by id, in this pack here.
                    let base = d.get(i..i + 20)?;
                    chain.push((here, i + 20, size));
                    here = self.packs.packs[pack].find(base)?;
                }
                t => {
                    let kind = Kind::from_pack(t)?;
                    break (kind, Rc::from(self.inflated(pack, i, size)?));
                }
            }
        };
        // Apply the deltas from the base up, keeping each base on the way.
        while let Some((off, delta_at, size)) = chain.pop() {
            self.keep(pack, here, kind, &data);
            let delta = self.inflated(pack, delta_at, size)?;
            let Some(applied) = apply(&data, &delta) else {
                self.damaged = true;
                return None;
            };
            data = Rc::from(applied);
            here = off;
        }
        Some((kind, data))
    }

    fn keep(&mut self, pack: usize, at: u64, kind: Kind, data: &Rc<[u8]>) {
        if data.len() > BASE_CACHE_BYTES / 16 || self.bases.contains_key(&(pack as u32, at)) {
            return;
        }
        self.clock += 1;
        self.bytes += data.len() + 64;
        self.bases
            .insert((pack as u32, at), (kind, data.clone(), self.clock));
        if self.bytes > BASE_CACHE_BYTES {
            super::keep_newer_half(&mut self.bases, |v| v.2);
            self.bytes = self.bases.values().map(|v| v.1.len() + 64).sum();
        }
    }

    /// `size` bytes inflated from the zlib stream at `at` in a pack. The
    /// buffer grows with what the stream gives, never to what the header
    /// claims before it is read: a header that claims 1 GiB over a few
    /// bytes costs those bytes.
    fn inflated(&mut self, pack: usize, at: usize, size: usize) -> Option<Vec<u8>> {
        let input = self.packs.packs[pack].data.get(at..)?;
        // One byte of room past the end lets zlib see the stream's end.
        let limit = size.checked_add(1)?;
        let mut out = Vec::with_capacity(limit.min(INFLATE_START));
        self.inflate.reset(true);
        loop {
            let read = usize::try_from(self.inflate.total_in()).ok()?;
            let written = out.len();
            let status = self
                .inflate
                .decompress_vec(
                    input.get(read..)?,
                    &mut out,
                    flate2::FlushDecompress::Finish,
                )
                .ok()?;
            if status == flate2::Status::StreamEnd {
                break;
            }
            let stalled =
                out.len() == written && usize::try_from(self.inflate.total_in()).ok()? == read;
            if out.len() < out.capacity() && stalled || out.len() >= limit {
                self.damaged = true;
                return None;
            }
            if out.len() == out.capacity() {
                out.reserve_exact(out.capacity().min(limit - out.len()).max(1));
            }
        }
        self.damaged |= out.len() != size;
        (out.len() == size).then_some(out)
    }
}

/// The first step of a [`Reader::read_head`]: most commits' headers fit.
const HEAD_STEP: usize = 384;

/// The first buffer an object is inflated into; it doubles as the stream
/// fills it, up to the size the header gives.
const INFLATE_START: usize = 64 << 10;

/// A git delta applied to its base: the result's bytes, or `None` if the
/// delta does not fit the base.
fn apply(base: &[u8], delta: &[u8]) -> Option<Vec<u8>> {
    let mut i = 0;
    let varint = |i: &mut usize| -> Option<usize> {
        let mut v = 0usize;
        let mut shift = 0;
        loop {
            let c = *delta.get(*i)?;
            *i += 1;
            v |= usize::from(c & 0x7f).checked_shl(shift)?;
            shift += 7;
            if c & 0x80 == 0 {
                return Some(v);
            }
        }
    };
    let base_size = varint(&mut i)?;
    let size = varint(&mut i)?;
    if base_size != base.len() || size > MAX_OBJECT {
        return None;
    }
    // The size the delta claims bounds the result, not the buffer: it
    // grows with what the copies and inserts write.
    let mut out = Vec::with_capacity(size.min(base.len().saturating_add(delta.len())));
    while i < delta.len() {
        let op = delta[i];
        i += 1;
        if op & 0x80 != 0 {
            let mut offset = 0usize;
            let mut len = 0usize;
            for k in 0..4 {
                if op & (1 << k) != 0 {
                    offset |= usize::from(*delta.get(i)?) << (8 * k);
                    i += 1;
                }
            }
            for k in 0..3 {
                if op & (0x10 << k) != 0 {
                    len |= usize::from(*delta.get(i)?) << (8 * k);
                    i += 1;
                }
            }
            if len == 0 {
                len = 0x10000;
            }
            out.extend_from_slice(base.get(offset..offset.checked_add(len)?)?);
        } else if op != 0 {
            let n = usize::from(op);
            out.extend_from_slice(delta.get(i..i + n)?);
            i += n;
        } else {
            return None;
        }
        if out.len() > size {
            return None;
        }
    }
    (out.len() == size).then_some(out)
}

/// An object's header in a pack at offset `at`: its type, its size (at
/// most [`MAX_OBJECT`]) and where what follows the header starts.
fn object_header(d: &[u8], at: u64) -> Option<(u8, usize, usize)> {
    let mut i = usize::try_from(at).ok()?;
    let mut c = *d.get(i)?;
    i += 1;
    let t = (c >> 4) & 7;
    let mut size = u64::from(c & 15);
    let mut shift = 4;
    while c & 0x80 != 0 {
        c = *d.get(i)?;
        i += 1;
        size |= u64::from(c & 0x7f).checked_shl(shift)?;
        shift += 7;
    }
    let size = usize::try_from(size).ok().filter(|&s| s <= MAX_OBJECT)?;
    Some((t, size, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deltas_copy_and_insert() {
        let base = b"hello, world";
        // Base 12 bytes, result 11: copy 5 from 0 ("hello"), then insert 6
        // bytes (" there").
        let delta = [
            12,
            11,
            0x80 | 0x10,
            5,
            6,
            b' ',
            b't',
            b'h',
            b'e',
            b'r',
            b'e',
        ];
        assert_eq!(apply(base, &delta).unwrap(), b"hello there");
        // A copy past the base's end, or a wrong base size, is refused.
        assert!(apply(base, &[12, 5, 0x80 | 0x01 | 0x10, 10, 5]).is_none());
        assert!(apply(b"short", &delta).is_none());
        // A result size past the cap is refused before anything is allocated.
        let huge = [
            12,
            0xff,
            0xff,
            0xff,
            0xff,
            0xff,
            0xff,
            0xff,
            0x7f,
            0x80 | 0x10,
            5,
        ];
        assert!(apply(base, &huge).is_none());
    }
}
