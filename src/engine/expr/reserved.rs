//! DynamoDB's 573 reserved words (spec Appendix A). An unquoted path element equal to one of them, in any
//! letter case, is rejected with `Attribute name is a reserved keyword; reserved keyword: <as written>`.

use std::sync::OnceLock;

/// One word per line, upper case, in byte order (a unit test checks both).
const WORDS: &str = include_str!("reserved-words.txt");

/// How many words the list holds; the spec says 573.
pub fn count() -> usize {
    WORDS.lines().count()
}

/// Whether `name` is a reserved word, ignoring ASCII letter case.
pub fn is_reserved(name: &str) -> bool {
    // Every reserved word is ASCII letters only, at most 14 long; anything else cannot match.
    if name.is_empty() || name.len() > 32 || !name.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let upper = name.to_ascii_uppercase();
    sorted_words().binary_search(&upper.as_str()).is_ok()
}

fn sorted_words() -> &'static [&'static str] {
    static SORTED: OnceLock<Vec<&'static str>> = OnceLock::new();
    SORTED.get_or_init(|| {
        let mut words: Vec<&'static str> = WORDS.lines().collect();
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
    }
}
