//! ExpressionAttributeValues laid out flat: a vector of entries kept in key order. An expression looks up each
//! of its `:values` once or more while it is checked and again while it is evaluated; walking a `BTreeMap`
//! costs more per entry than comparing the entry, so the usual small map is scanned, comparing lengths and
//! last bytes first (placeholders share their first byte). A large map is searched by bisection. Iteration
//! is in key order, as a `BTreeMap`'s (messages that list keys depend on it).

use std::collections::BTreeMap;

/// Maps with at most this many entries are scanned rather than bisected.
const SCAN_UP_TO: usize = 12;

/// A map from placeholder to definition with the subset of `BTreeMap`'s interface its users need.
#[derive(Clone, PartialEq, Eq)]
pub struct PlaceholderMap<V> {
    /// Sorted by key, keys distinct.
    entries: Vec<(String, V)>,
    /// `tag(key)` of each entry, in the same order: a scan compares these integers, and only a key longer than
    /// a tag holds is compared again in full (a comparison of byte strings is a call).
    tags: Vec<u64>,
}

/// Bytes of a key a tag holds, after its length.
const TAG_BYTES: usize = 7;

/// A key's length (low byte, saturated) and its first seven bytes: equal tags mean equal keys for keys of up to
/// seven bytes (`:value` and `#name` placeholders mostly are). The bytes are read as two overlapping words (a
/// loop over them costs three times as much): the overlap ORs each byte with itself.
#[inline]
fn tag(key: &[u8]) -> u64 {
    let len = key.len();
    let bytes = match len {
        0 => 0,
        1..=3 => {
            // First, middle and last byte (some of them the same one).
            let first = key.first().map_or(0, |&b| u64::from(b));
            let middle = key.get(len / 2).map_or(0, |&b| u64::from(b));
            let last = key.last().map_or(0, |&b| u64::from(b));
            first | middle << (8 * (len / 2)) | last << (8 * (len - 1))
        }
        _ => {
            // Bytes 0..4 and (n - 4)..n of the first n = min(len, 7).
            let n = len.min(TAG_BYTES);
            let word = |at: usize| {
                key.get(at..at + 4)
                    .and_then(|w| <[u8; 4]>::try_from(w).ok())
                    .map_or(0, |w| u64::from(u32::from_le_bytes(w)))
            };
            word(0) | word(n - 4) << (8 * (n - 4))
        }
    };
    (len.min(0xff) as u64) | bytes << 8
}

impl<V: std::fmt::Debug> std::fmt::Debug for PlaceholderMap<V> {
    /// As before the tags: the entries only.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlaceholderMap")
            .field("entries", &self.entries)
            .finish()
    }
}

impl<V> Default for PlaceholderMap<V> {
    fn default() -> Self {
        PlaceholderMap {
            entries: Vec::new(),
            tags: Vec::new(),
        }
    }
}

impl<V> PlaceholderMap<V> {
    pub fn new() -> Self {
        Self::default()
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// Entries in key order, with their tags.
    fn from_sorted(entries: Vec<(String, V)>) -> Self {
        let tags = entries.iter().map(|(k, _)| tag(k.as_bytes())).collect();
        PlaceholderMap { entries, tags }
    }

    /// The definition of `key`. The scan of a small map for a short key compares tags only; the rest is out of
    /// line, so that the usual lookup saves and restores few registers.
    #[inline]
    pub fn get(&self, key: &str) -> Option<&V> {
        let bytes = key.as_bytes();
        if self.entries.len() > SCAN_UP_TO || bytes.len() > TAG_BYTES {
            return self.get_slow(key);
        }
        let wanted = tag(bytes);
        let i = self.tags.iter().position(|t| *t == wanted)?;
        self.entries.get(i).map(|(_, v)| v)
    }

    /// `get` for a large map (bisection) or a key longer than a tag holds (tags, then the keys in full).
    #[inline(never)]
    fn get_slow(&self, key: &str) -> Option<&V> {
        if self.entries.len() > SCAN_UP_TO {
            return self
                .position(key)
                .ok()
                .and_then(|i| self.entries.get(i))
                .map(|(_, v)| v);
        }
        let key = key.as_bytes();
        let wanted = tag(key);
        self.tags
            .iter()
            .zip(&self.entries)
            .find(|(t, (k, _))| **t == wanted && k.as_bytes() == key)
            .map(|(_, (_, v))| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Defines `key`, returning its previous definition.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        match self.position(&key) {
            Ok(i) => self
                .entries
                .get_mut(i)
                .map(|(_, v)| std::mem::replace(v, value)),
            Err(i) => {
                self.tags.insert(i, tag(key.as_bytes()));
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &V)> + ExactSizeIterator {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }
}

impl<V> From<BTreeMap<String, V>> for PlaceholderMap<V> {
    /// In key order already: no sorting.
    fn from(map: BTreeMap<String, V>) -> Self {
        PlaceholderMap::from_sorted(map.into_iter().collect())
    }
}

impl<V> FromIterator<(String, V)> for PlaceholderMap<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        BTreeMap::from_iter(iter).into()
    }
}

impl<'a, V> IntoIterator for &'a PlaceholderMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, V)>,
        fn(&'a (String, V)) -> (&'a String, &'a V),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tag is the length and the first seven bytes, for every length.
    #[test]
    fn tags_hold_length_and_first_bytes() {
        let text = b"#abcdefghijklmnopqrstu";
        for len in 0..text.len() {
            let key = &text[..len];
            let mut expected = len as u64;
            for (i, &b) in key.iter().take(TAG_BYTES).enumerate() {
                expected |= u64::from(b) << (8 * (i + 1));
            }
            assert_eq!(tag(key), expected, "length {len}");
        }
    }

    /// Same answers as a `BTreeMap` for small (scanned) and large (bisected) maps, iteration in key order,
    /// insert replacing.
    #[test]
    fn behaves_like_a_btree_map() {
        for size in [0usize, 1, 5, 12, 13, 40] {
            let mut map = PlaceholderMap::new();
            let mut model = BTreeMap::new();
            for i in (0..size).rev() {
                let key = if i % 3 == 0 {
                    format!(":value_{}", i * 7 % 50)
                } else {
                    format!(":v{}", i * 7 % 50)
                };
                assert_eq!(map.insert(key.clone(), i), model.insert(key, i));
            }
            assert_eq!(map.insert(":v0".into(), 99), model.insert(":v0".into(), 99));
            assert_eq!(map.len(), model.len());
            assert!(map.iter().eq(model.iter()));
            for i in 0..60 {
                let long = format!(":value_{i}");
                for key in [format!(":v{i}"), format!("#v{i}"), format!(":w{i}"), long] {
                    assert_eq!(map.get(&key), model.get(&key), "{key} in a map of {size}");
                }
            }
            assert_eq!(PlaceholderMap::from(model.clone()), map);
            assert_eq!(
                model.clone().into_iter().collect::<PlaceholderMap<_>>(),
                map
            );
        }
    }
}
