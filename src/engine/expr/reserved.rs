//! DynamoDB's 573 reserved words (spec Appendix A). An unquoted path element equal to one of them, in any
//! letter case, is rejected with `Attribute name is a reserved keyword; reserved keyword: <as written>`.

use std::sync::OnceLock;

/// One word per line, upper case, in byte order (a unit test checks both).
const WORDS: &str = include_str!("reserved-words.txt");

/// How many words the list holds; the spec says 573.
pub fn count() -> usize {
    WORDS.lines().count()
}

/// Room for every reserved word (the longest has 14 letters).
const MAX_WORD: usize = 16;

/// Whether `name` is a reserved word, ignoring ASCII letter case. Allocates nothing: the name is packed into
/// one integer, upper-cased there, and looked up in a hash table of the words packed the same way.
pub fn is_reserved(name: &str) -> bool {
    // Every reserved word is ASCII letters only and short; anything else cannot match.
    let bytes = name.as_bytes();
    if bytes.is_empty() || bytes.len() > MAX_WORD || !bytes.iter().all(u8::is_ascii_alphabetic) {
        return false;
    }
    let packed = pack(bytes);
    let table = table();
    let mut slot = slot_of(packed);
    // The table is mostly empty, so a probe ends at an empty slot long before it could go round.
    for _ in 0..table.len() {
        match table.get(slot) {
            Some(&word) if word == packed => return true,
            Some(0) | None => return false,
            Some(_) => slot = (slot + 1) & (TABLE_SLOTS - 1),
        }
    }
    false
}

/// Bit 5 of every byte: clearing it upper-cases an ASCII letter (and leaves the zero padding alone).
const CASE_BITS: u128 = u128::from_ne_bytes([0x20; 16]);

/// The word's bytes, big-endian in a u128 with zero padding, upper-cased: distinct for distinct words of up to
/// 16 letters (no letter is a zero byte). `word` must be ASCII letters.
fn pack(word: &[u8]) -> u128 {
    let mut buffer = [0u8; MAX_WORD];
    if let Some(head) = buffer.get_mut(..word.len()) {
        head.copy_from_slice(word);
    }
    u128::from_be_bytes(buffer) & !CASE_BITS
}

/// Slots in the hash table: a power of two, about four times the number of words.
const TABLE_SLOTS: usize = 2048;

fn slot_of(packed: u128) -> usize {
    let mixed = (packed as u64) ^ ((packed >> 64) as u64).rotate_left(29);
    // The top bits of a Fibonacci hash; TABLE_SLOTS is 2^11.
    (mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - 11)) as usize
}

/// Open addressing with linear probing; 0 marks an empty slot.
fn table() -> &'static [u128] {
    static TABLE: OnceLock<Vec<u128>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = vec![0u128; TABLE_SLOTS];
        for word in WORDS.lines() {
            let packed = pack(word.as_bytes());
            let mut slot = slot_of(packed);
            while table.get(slot).is_some_and(|w| *w != 0) {
                slot = (slot + 1) & (TABLE_SLOTS - 1);
            }
            if let Some(free) = table.get_mut(slot) {
                *free = packed;
            }
        }
        table
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_complete_and_sorted() {
        assert_eq!(count(), 573);
        let words: Vec<&str> = WORDS.lines().collect();
        let mut sorted = words.clone();
        sorted.sort_unstable();
        assert_eq!(words, sorted);
        assert!(words.iter().all(|w| w.len() < MAX_WORD));
    }

    #[test]
    fn lookup_ignores_case() {
        assert!(is_reserved("abOrT"));
        assert!(is_reserved("SIZE"));
        assert!(is_reserved("name"));
        assert!(is_reserved("zone"));
        assert!(!is_reserved("contains"));
        assert!(!is_reserved("begins_with"));
        assert!(!is_reserved("Artist"));
        assert!(!is_reserved(""));
        assert!(is_reserved("a") == WORDS.lines().any(|w| w == "A"));
        for word in WORDS.lines() {
            assert!(is_reserved(word), "{word}");
            assert!(is_reserved(&word.to_ascii_lowercase()), "{word}");
            assert!(
                !is_reserved(&format!("{word}X")) || WORDS.lines().any(|w| w == format!("{word}X"))
            );
        }
        assert!(!is_reserved("Zz") && !is_reserved("aaaaa"));
        assert!(
            !is_reserved("ABORT_") && !is_reserved("ABORT1") && !is_reserved("abortabortabortab")
        );
    }

    /// The hash table keeps its probe chains short (lookups stay a few comparisons).
    #[test]
    fn probe_chains_are_short() {
        let table = table();
        assert_eq!(table.iter().filter(|w| **w != 0).count(), 573);
        for word in WORDS.lines() {
            let packed = pack(word.as_bytes());
            let home = slot_of(packed);
            let at = table
                .iter()
                .position(|w| *w == packed)
                .expect("in the table");
            let distance = (at + TABLE_SLOTS - home) % TABLE_SLOTS;
            assert!(distance < 8, "{word} is {distance} slots from home");
        }
    }
}
