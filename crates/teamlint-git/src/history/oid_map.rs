//! Maps keyed by object id, hashed by the id's own first bytes.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use git2::Oid;

/// Object ids are uniformly distributed already: their first bytes are a
/// fine hash, and SipHash over 20 bytes per lookup is measurable here.
#[derive(Default)]
pub(crate) struct OidHasher(u64);

impl Hasher for OidHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8).take(1) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.0 ^= u64::from_le_bytes(b);
        }
    }
}

pub type OidMap<V> = HashMap<Oid, V, BuildHasherDefault<OidHasher>>;
