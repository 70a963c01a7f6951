//! Finding the first byte of a small set in a text, eight bytes at a time (SWAR: SIMD within a register). A loop
//! over bytes costs ~200 instructions per typical string; the word-wide test a fraction of that. Used where the
//! endpoint reads every request: the end of a JSON string's plain run, the separators of the Authorization header.
//!
//! The test: in a 64-bit word, `flag_below(w, b)` sets the high bit of (at least) every byte below `b`; XOR with
//! `splat(c)` turns the bytes equal to `c` into zeros, so `flag_below(w ^ splat(c), 1)` flags them. A byte flagged
//! wrongly always sits above a rightly flagged one (the borrow comes from it), so the lowest flag is exact.

/// `b` in every byte of a word.
pub const fn splat(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}

/// High bits set for the bytes of `w` below `b` (`b` ≤ 0x80; see the module comment for the wrong flags).
#[inline(always)]
pub fn flag_below(w: u64, b: u8) -> u64 {
    w.wrapping_sub(splat(b)) & !w & splat(0x80)
}

/// High bits set for the bytes of `w` equal to `c`.
#[inline(always)]
pub fn flag_equal(w: u64, c: u8) -> u64 {
    flag_below(w ^ splat(c), 1)
}

/// The position of the first byte of `bytes` that `stops` is true for. `flags` must set the high bit of each
/// such byte in a little-endian word (and may set wrong ones only above a right one); `stops` says the same of
/// one byte, for the tail shorter than a word.
#[inline(always)]
pub fn find_first(
    bytes: &[u8],
    flags: impl Fn(u64) -> u64,
    stops: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let found = flags(u64::from_le_bytes(word));
        if found != 0 {
            return Some(base + (found.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| stops(b))
        .map(|n| base + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against a byte loop, on every position of every byte value, with the flagged byte before, among and after
    /// bytes that borrow (0x00, 0x01, the searched value minus one).
    #[test]
    fn finds_what_a_byte_loop_finds() {
        let stop = |b: u8| b == b'"' || b == b'\\' || b < 0x20;
        let flags = |w| flag_equal(w, b'"') | flag_equal(w, b'\\') | flag_below(w, 0x20);
        for len in 0..20 {
            for at in 0..len {
                for value in 0..=255u8 {
                    for filler in [b'a', 0x21, b'"' - 1, b'\\' + 1, 0xff] {
                        let mut bytes = vec![filler; len];
                        bytes[at] = value;
                        let expected = bytes.iter().position(|&b| stop(b));
                        assert_eq!(find_first(&bytes, flags, stop), expected, "{bytes:?}");
                    }
                }
            }
        }
    }
}
