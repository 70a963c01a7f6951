//! Looking up an attribute name in a decoded item (a `BTreeMap<String, _>`) without a call per comparison. The
//! map compares `str`s, and `str`'s order calls `memcmp` even for the few bytes attribute names have (and
//! names usually differ in their first byte). `Key` is a `str` ordered the same way (bytewise, then by
//! length), compared in place; `String: Borrow<Key>` lets `BTreeMap::get` search with it.

use std::borrow::Borrow;
use std::cmp::Ordering;

/// A name to look up: a `str` with the same order as `str`, compared inline.
#[derive(PartialEq, Eq)]
#[repr(transparent)]
pub(super) struct Key(str);

impl Key {
    #[inline]
    pub(super) fn new(name: &str) -> &Key {
        // SAFETY: `Key` is `#[repr(transparent)]` over `str`, so a `&str` and a `&Key` have the same layout
        // and metadata (the same cast as `std::path::Path::new` on an `OsStr`).
        unsafe { &*(name as *const str as *const Key) }
    }
}

impl Borrow<Key> for String {
    #[inline]
    fn borrow(&self) -> &Key {
        Key::new(self)
    }
}

impl Ord for Key {
    /// `str`'s order: the first differing byte decides, else the shorter is less. (`Borrow` requires the
    /// same order as `String`'s, or a map lookup would go astray.)
    #[inline]
    fn cmp(&self, other: &Key) -> Ordering {
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        // Most names in an item differ in their first byte: decided without setting up the loop.
        if let (Some(x), Some(y)) = (a.first(), b.first()) {
            if x != y {
                return x.cmp(y);
            }
        }
        for (x, y) in a.iter().zip(b) {
            if x != y {
                return x.cmp(y);
            }
        }
        a.len().cmp(&b.len())
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Same order as `str` (prefixes, bytes above 0x7f, empty names), so a map finds exactly what it finds
    /// with a `&str`.
    #[test]
    fn orders_as_str_does() {
        let names = [
            "", "a", "A", "ab", "abc", "abd", "b", "Ä", "z", "zz", "¿", "Price", "Pri", "Prices",
        ];
        let mut map = BTreeMap::new();
        for (i, name) in names.iter().enumerate() {
            map.insert(name.to_string(), i);
        }
        for a in names {
            for b in names {
                assert_eq!(Key::new(a).cmp(Key::new(b)), a.cmp(b), "{a} {b}");
            }
            assert_eq!(map.get(Key::new(a)), map.get(a));
        }
        for absent in ["aa", "Pr", "Pricf", "ÄÄ", "{"] {
            assert_eq!(map.get(Key::new(absent)), None);
        }
    }
}
