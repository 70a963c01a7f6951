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

/// Whether `name` is a reserved word, ignoring ASCII letter case. Allocates nothing: the name is upper-cased
/// and packed into one integer, which is looked up among the words packed the same way.
pub fn is_reserved(name: &str) -> bool {
    // Every reserved word is ASCII letters only and short; anything else cannot match.
    let bytes = name.as_bytes();
    if bytes.is_empty() || bytes.len() > MAX_WORD || !bytes.iter().all(u8::is_ascii_alphabetic) {
        return false;
    }
    packed_words().binary_search(&pack(bytes)).is_ok()
}

/// The word's bytes, upper-cased, big-endian in a u128 with zero padding: distinct for distinct words of up
/// to 16 letters (no letter is a zero byte).
fn pack(word: &[u8]) -> u128 {
    let mut buffer = [0u8; MAX_WORD];
    for (slot, b) in buffer.iter_mut().zip(word) {
        *slot = b.to_ascii_uppercase();
    }
    u128::from_be_bytes(buffer)
}

fn packed_words() -> &'static [u128] {
    static PACKED: OnceLock<Vec<u128>> = OnceLock::new();
    PACKED.get_or_init(|| {
        let mut words: Vec<u128> = WORDS.lines().map(|w| pack(w.as_bytes())).collect();
        words.sort_unstable();
        words
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
    }
}
