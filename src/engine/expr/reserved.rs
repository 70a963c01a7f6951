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
    lookup(pack(bytes))
}

/// `is_reserved` for the identifier at `start..start + len` of `text` (ASCII letters, digits and `_`, as the
/// lexer reads identifiers), without copying it: the sixteen bytes from `start` are read in one load when the
/// text has them. No letter check is needed: upper-casing by clearing bit 5 turns a digit or `_` into a byte
/// that is not a letter, so a packed identifier with one cannot equal a packed reserved word.
#[inline]
pub fn is_reserved_identifier(text: &[u8], start: usize, len: usize) -> bool {
    if len == 0 || len > MAX_WORD {
        return false;
    }
    let chunk: Option<[u8; MAX_WORD]> = text
        .get(start..start + MAX_WORD)
        .and_then(|chunk| chunk.try_into().ok());
    let packed = match chunk {
        // Keep the identifier's `len` bytes (the high ones, big-endian), zero what follows it.
        Some(chunk) => {
            u128::from_be_bytes(chunk) & (u128::MAX << (8 * (MAX_WORD - len))) & !CASE_BITS
        }
        None => match text.get(start..start + len) {
            Some(word) => pack(word),
            None => return false,
        },
    };
    lookup(packed)
}

/// Whether a word packed as in `pack` is in the table.
#[inline]
fn lookup(packed: u128) -> bool {
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
    // Byte by byte: a copy of a slice of variable length would be a call.
    let mut packed = 0u128;
    for (i, &b) in word.iter().take(MAX_WORD).enumerate() {
        packed |= u128::from(b) << (8 * (MAX_WORD - 1 - i));
    }
    packed & !CASE_BITS
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

    /// Reading an identifier in place gives `is_reserved`'s answer, wherever it sits in the text (the one-load
    /// path and the near-the-end path), for words, words with a digit or `_`, and a following character.
    #[test]
    fn identifiers_in_place_read_like_names() {
        let mut names: Vec<String> = WORDS.lines().map(str::to_ascii_lowercase).collect();
        names.extend(
            [
                "ABORT1",
                "ABORT_",
                "Artist",
                "a",
                "A_B",
                "x9",
                "abortabortabortab",
                "Name",
            ]
            .map(String::from),
        );
        for name in &names {
            for text in [
                name.to_string(),
                format!("{name} AND b = :v"),
                format!("(x.{name}[1])"),
            ] {
                let start = text.find(name.as_str()).expect("in the text");
                assert_eq!(
                    is_reserved_identifier(text.as_bytes(), start, name.len()),
                    is_reserved(name),
                    "{name} in {text:?}"
                );
            }
        }
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
