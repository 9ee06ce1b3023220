//! Random streams: one independent Xoshiro256++ generator per (master seed,
//! replication, purpose), so that each replication is reproducible on its own
//! and two scenarios that differ only in staffing or routing see the same callers.

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// The generator every stream uses: named and portable, never `StdRng`.
pub type Stream = Xoshiro256PlusPlus;

/// What a stream is used for. Each call type has its own streams, so adding a
/// call type does not change the callers of the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Arrivals(usize),
    HandleTimes(usize),
    Patience(usize),
    AfterCallWork(usize),
    /// The per-replication volume factor.
    DayFactor,
    /// Whether a call of a type is avoided by a proactive notification.
    Proactive(usize),
    /// Whether (and when) a call type's abandoned or blocked caller retries.
    RetryCallType(usize),
    /// Whether (and when) an answered caller calls again.
    Recontact(usize),
    /// Whether a caller offered a callback accepts it.
    Callback(usize),
    /// Arrivals at an entry number.
    EntryArrivals(usize),
    /// One seed per caller of an entry: its IVR path and attributes.
    EntryCallers(usize),
    /// Whether (and when) an entry's blocked caller retries.
    RetryEntry(usize),
}

impl Purpose {
    fn code(self) -> u64 {
        let (kind, index) = match self {
            Purpose::Arrivals(c) => (1u64, c as u64),
            Purpose::HandleTimes(c) => (2, c as u64),
            Purpose::Patience(c) => (3, c as u64),
            Purpose::AfterCallWork(c) => (4, c as u64),
            Purpose::DayFactor => (5, 0),
            Purpose::Proactive(c) => (6, c as u64),
            Purpose::RetryCallType(c) => (7, c as u64),
            Purpose::Recontact(c) => (8, c as u64),
            Purpose::Callback(c) => (9, c as u64),
            Purpose::EntryArrivals(e) => (10, e as u64),
            Purpose::EntryCallers(e) => (11, e as u64),
            Purpose::RetryEntry(e) => (12, e as u64),
        };
        (kind << 32) | index
    }
}

/// SplitMix64's finaliser: a bijective mix with good avalanche.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The stream for `purpose` in replication `replication` of a run seeded `seed`.
pub fn stream(seed: u64, replication: u64, purpose: Purpose) -> Stream {
    let key =
        mix(mix(mix(seed) ^ replication.wrapping_mul(0x9e37_79b9_7f4a_7c15)) ^ purpose.code());
    Stream::seed_from_u64(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn streams_are_pinned_and_distinct() {
        let mut a = stream(42, 0, Purpose::Arrivals(0));
        let first: u64 = a.random();
        // Pinned: changing the seeding scheme changes every published result.
        assert_eq!(first, stream(42, 0, Purpose::Arrivals(0)).random::<u64>());
        let others = [
            stream(42, 1, Purpose::Arrivals(0)).random::<u64>(),
            stream(43, 0, Purpose::Arrivals(0)).random::<u64>(),
            stream(42, 0, Purpose::Arrivals(1)).random::<u64>(),
            stream(42, 0, Purpose::HandleTimes(0)).random::<u64>(),
        ];
        assert!(others.iter().all(|&o| o != first));
    }
}
