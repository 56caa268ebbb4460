//! FNV-1a (64 bits): the hash of a policy's content (`accord-eval`'s
//! `content_hash`, which names a policy version in every row). Stable
//! across runs and machines; not a hash that resists chosen collisions.
//! (The readers' map from a record's keys to schema fields has its own
//! hasher, `decode::NameHasher`, which reads a name's ends only.)

/// The FNV-1a hasher, starting from the offset basis.
#[derive(Clone, Copy)]
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}
