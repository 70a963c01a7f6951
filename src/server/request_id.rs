//! `x-amzn-RequestId` values shaped like DynamoDB's: 52 characters from `0-9A-Z`
//! (e.g. `RGT6FF85315B851KKC095VSKBNVV4KQNSO5AEMVJF66Q9ASUAAJG`).
//!
//! They only need to be distinct, not secret: a counter mixed with the start time through splitmix64.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

const ALPHABET: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
pub const LEN: usize = 52;

static COUNTER: AtomicU64 = AtomicU64::new(0);
static SEED: OnceLock<u64> = OnceLock::new();

fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A new request id.
pub fn next() -> String {
    next_bytes().iter().map(|&b| char::from(b)).collect()
}

/// A new request id, without allocating.
pub fn next_bytes() -> [u8; LEN] {
    let seed = *SEED.get_or_init(|| {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        splitmix64(t ^ u64::from(std::process::id()))
    });
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut state = seed ^ n.wrapping_mul(0xD6E8_FEB8_6659_FD93);
    let mut out = [0u8; LEN];
    // 12 characters per 64-bit draw (36^12 < 2^64).
    for chunk in out.chunks_mut(12) {
        state = splitmix64(state);
        let mut x = state;
        for c in chunk {
            // The leading base-36 digit of x read as a fraction of 2^64 (x * 36 / 2^64, always < 36), x keeping
            // the rest: one multiplication per character instead of a division and a remainder.
            let wide = u128::from(x) * 36;
            *c = ALPHABET[(wide >> 64) as usize % ALPHABET.len()];
            x = wide as u64;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_52_uppercase_alphanumerics_and_distinct() {
        let a = super::next();
        let b = super::next();
        assert_eq!(a.len(), 52);
        assert!(a
            .bytes()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
        assert_ne!(a, b);
    }
}
