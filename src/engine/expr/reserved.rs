//! DynamoDB's 573 reserved words (spec Appendix A). An unquoted path element equal to one of them, in any
//! letter case, is rejected with `Attribute name is a reserved keyword; reserved keyword: <as written>`.

use std::sync::OnceLock;

/// One word per line, upper case, in byte order (a unit test checks both).
const WORDS: &str = include_str!("reserved-words.txt");

/// How many words the list holds; the spec says 573.
pub fn count() -> usize {
    WORDS.lines().count()
}

/// Whether `name` is a reserved word, ignoring ASCII letter case. Allocates nothing: the name is compared
/// byte by byte, upper-cased on the fly, with the words of its first letter.
pub fn is_reserved(name: &str) -> bool {
    // Every reserved word is ASCII letters only, at most 14 long; anything else cannot match.
    let bytes = name.as_bytes();
    if bytes.is_empty() || bytes.len() > 32 || !bytes.iter().all(u8::is_ascii_alphabetic) {
        return false;
    }
    let index = index();
    let letter = usize::from(bytes.first().map_or(0, |b| b.to_ascii_uppercase() - b'A'));
    let (Some(&from), Some(&to)) = (index.starts.get(letter), index.starts.get(letter + 1)) else {
        return false;
    };
    let upper = bytes.iter().map(u8::to_ascii_uppercase);
    index
        .words
        .get(from..to)
        .unwrap_or_default()
        .binary_search_by(|word| word.bytes().cmp(upper.clone()))
        .is_ok()
}

/// The words in byte order, and where each initial letter's words start (`starts[26]` is the end).
struct Index {
    words: Vec<&'static str>,
    starts: [usize; 27],
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut words: Vec<&'static str> = WORDS.lines().collect();
        words.sort_unstable();
        let mut starts = [0; 27];
        for (letter, start) in (b'A'..=b'Z').zip(starts.iter_mut()) {
            *start = words.partition_point(|w| w.as_bytes().first().is_some_and(|&b| b < letter));
        }
        starts[26] = words.len();
        Index { words, starts }
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
