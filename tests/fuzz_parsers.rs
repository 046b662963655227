//! Arbitrary bytes through every binary parser: pack files (whole objects,
//! deltas and their chains, read by the scan's own reader), the git index,
//! and the history cache. None may panic, hang or allocate past what it
//! reads.
//!
//! In the suite each target runs a few hundred cases. `benches/fuzz.sh`
//! runs each for a bounded time instead (`TEAMLINT_FUZZ_SECS` seconds per
//! target) and prints how many cases ran.

mod support;

use std::time::{Duration, Instant};

use git2::Oid;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use support::pack::{self, Object};
use teamlint_git::repo::Repo;

/// Runs `test` over `strategy`: a few hundred cases, or for
/// `TEAMLINT_FUZZ_SECS` seconds when set. Prints the figures.
fn fuzz<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let secs: Option<u64> = std::env::var("TEAMLINT_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok());
    let batch = 64;
    let deadline = secs.map(|s| Instant::now() + Duration::from_secs(s));
    let start = Instant::now();
    let mut cases = 0u64;
    let mut round = 0u64;
    loop {
        let config = Config {
            cases: batch,
            failure_persistence: None,
            rng_algorithm: proptest::test_runner::RngAlgorithm::ChaCha,
            ..Config::default()
        };
        // A new seed each round, fixed per round so a failure replays.
        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&round.to_le_bytes());
        seed[8..12].copy_from_slice(name.as_bytes().get(..4).unwrap_or(b"fuzz"));
        let rng = proptest::test_runner::TestRng::from_seed(
            proptest::test_runner::RngAlgorithm::ChaCha,
            &seed,
        );
        let mut runner = TestRunner::new_with_rng(config, rng);
        if let Err(e) = runner.run(&strategy, &test) {
            panic!("{name}, round {round}: {e}");
        }
        cases += u64::from(batch);
        round += 1;
        match deadline {
            Some(d) if Instant::now() < d => continue,
            Some(_) => break,
            None if round < 4 => continue,
            None => break,
        }
    }
    let took = start.elapsed().as_secs_f64();
    // The figures are this harness's output (benches/fuzz.sh reads them).
    let line = format!(
        "fuzz {name}: {cases} cases in {took:.1} s ({:.0} cases/s), no failure\n",
        cases as f64 / took
    );
    let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
}

/// The bytes of a small, valid git index of `n` files.
fn valid_index(n: usize) -> Vec<u8> {
    let mut d = b"DIRC".to_vec();
    d.extend_from_slice(&2u32.to_be_bytes());
    d.extend_from_slice(&(n as u32).to_be_bytes());
    for i in 0..n {
        let path = format!("dir/file{i}.rs");
        let start = d.len();
        d.extend_from_slice(&[0u8; 24]);
        d.extend_from_slice(&0o100644u32.to_be_bytes());
        d.extend_from_slice(&[0u8; 12]);
        d.extend_from_slice(&[7u8; 20]);
        d.extend_from_slice(&(path.len() as u16).to_be_bytes());
        d.extend_from_slice(path.as_bytes());
        let len = d.len() - start;
        d.extend(std::iter::repeat_n(0u8, 8 - len % 8));
    }
    d.extend_from_slice(&[0u8; 20]);
    d
}

/// Bytes with a few of them changed: mutations of a valid input reach
/// deeper than noise does.
fn mutated(base: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = base.len();
    proptest::collection::vec((0..len.max(1), any::<u8>()), 1..8).prop_map(move |edits| {
        let mut b = base.clone();
        for (at, v) in edits {
            if let Some(x) = b.get_mut(at) {
                *x = v;
            }
        }
        b
    })
}

#[test]
fn the_index_parser_takes_any_bytes() {
    let noise = proptest::collection::vec(any::<u8>(), 0..2048);
    let header = proptest::collection::vec(any::<u8>(), 0..2048).prop_map(|mut b| {
        let mut d = b"DIRC\0\0\0\x02".to_vec();
        d.append(&mut b);
        d
    });
    let strategy = prop_oneof![noise, header, mutated(valid_index(6))];
    fuzz("index", strategy, |bytes| {
        let _ = teamlint_git::repo::index_file::parse_index(&bytes);
        let _ = teamlint_git::repo::index_file::parse(&bytes);
        Ok(())
    });
}

/// A real cache file, written by an audit of a small history.
fn valid_cache() -> Vec<u8> {
    let mut r = support::TestRepo::new();
    r.write(
        "OWNERS.toml",
        "version = 1\n[teams.a]\nleader = \"a@b.c\"\n[[own]]\nteam = \"a\"\npaths = [\"*\"]\n",
    );
    for i in 0..4 {
        r.commit_files(&[(&format!("f{i}.rs"), "x"), ("g.rs", &i.to_string())], "c");
    }
    let run = r.run(&["audit", "--format", "json", "--exit-zero"]);
    assert_eq!(run.code, 0, "{run}");
    std::fs::read(r.repo.path().join("teamlint/history.bin")).unwrap()
}

#[test]
fn the_cache_parser_takes_any_bytes() {
    let valid = valid_cache();
    assert!(teamlint_git::history::cache::parse(&valid).is_some());
    let noise = proptest::collection::vec(any::<u8>(), 0..2048);
    // Mutations with the checksum made right again, so that the parser
    // reads past it into the payload.
    let fixed = mutated(valid.clone()).prop_map(|mut b| {
        let n = b.len();
        if n >= 24 {
            let payload = &b[12..n - 12];
            let len = (payload.len() as u64).to_le_bytes();
            let sum = crc32fast::hash(payload).to_le_bytes();
            b[n - 12..n - 4].copy_from_slice(&len);
            b[n - 4..].copy_from_slice(&sum);
        }
        b
    });
    let strategy = prop_oneof![noise, mutated(valid), fixed];
    fuzz("cache", strategy, |bytes| {
        let _ = teamlint_git::history::cache::parse(&bytes);
        Ok(())
    });
}

/// A pack of whole objects and a chain of deltas, as `support::pack`
/// writes it, and the ids it names.
fn valid_pack() -> (Vec<u8>, Vec<u8>, Vec<Oid>) {
    let dir = tempfile::tempdir().unwrap();
    let base = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@b.c> 1 +0000\ncommitter A <a@b.c> 1 +0000\n\nsubject\n".to_vec();
    let mut objects = vec![(
        pack::fake_id(0),
        Object::Whole {
            kind: 1,
            data: base.clone(),
            claimed: None,
        },
    )];
    let mut prev = base.len();
    for i in 1..6 {
        let result = format!("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\nversion {i}\n");
        objects.push((
            pack::fake_id(i),
            Object::Delta {
                base: i - 1,
                delta: pack::insert_delta(prev, result.as_bytes()),
            },
        ));
        prev = result.len();
    }
    objects.push((
        pack::fake_id(9),
        Object::Whole {
            kind: 2,
            data: Vec::new(),
            claimed: None,
        },
    ));
    pack::write(dir.path(), &objects);
    let pack_dir = dir.path().join("objects/pack");
    let mut files: Vec<_> = std::fs::read_dir(&pack_dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let idx = std::fs::read(&files[0]).unwrap();
    let data = std::fs::read(&files[1]).unwrap();
    (idx, data, objects.iter().map(|(id, _)| *id).collect())
}

#[test]
fn the_pack_reader_takes_any_bytes() {
    let (idx, data, ids) = valid_pack();
    let repo_dir = tempfile::tempdir().unwrap();
    let repo = git2::Repository::init_bare(repo_dir.path()).unwrap();
    let pack_dir = repo.path().join("objects/pack");
    std::fs::create_dir_all(&pack_dir).unwrap();
    // The pack as written reads whole from the pack itself.
    std::fs::write(pack_dir.join("pack-fuzz.idx"), &idx).unwrap();
    std::fs::write(pack_dir.join("pack-fuzz.pack"), &data).unwrap();
    {
        let ours = Repo::discover(repo_dir.path()).unwrap();
        let objects = ours.objects().unwrap();
        let mut reader = objects.reader();
        for id in &ids {
            assert!(reader.read(*id).is_some(), "{id}");
        }
        assert_eq!(reader.from_packs, ids.len() as u64);
    }
    let header = data[..12].to_vec();
    let noise = proptest::collection::vec(any::<u8>(), 0..4096).prop_map(move |mut body| {
        let mut d = header.clone();
        d.append(&mut body);
        d
    });
    let strategy = prop_oneof![noise, mutated(data.clone())];
    fuzz("pack", strategy, |bytes| {
        // The index is kept whole (it is git's, checked when opened); the
        // pack it points into is anything.
        std::fs::write(pack_dir.join("pack-fuzz.idx"), &idx).unwrap();
        std::fs::write(pack_dir.join("pack-fuzz.pack"), &bytes).unwrap();
        // A repository opened anew: libgit2 keeps the packs it opened.
        let ours = Repo::discover(repo_dir.path()).unwrap();
        let objects = ours.objects().unwrap();
        let mut reader = objects.reader();
        for id in &ids {
            // The reader's own work; what it cannot read goes to libgit2
            // in a scan, whose costs on a damaged pack are its own.
            if let Some((_, body)) = reader.read_packed(*id) {
                prop_assert!(
                    body.len() <= 1 << 20,
                    "{} bytes from a small pack",
                    body.len()
                );
            }
        }
        Ok(())
    });
}
