//! A table's items in key order. Each item is ONE allocation (`StoredItem`): its key encoded so that byte
//! order is key order (`key::PrimaryKey`), then its image (`image`). The items sit in sorted chunks of at most
//! `CHUNK` entries (a two-level sorted array) beside the first 8 bytes of their keys: a lookup is two binary
//! searches, mostly of integer compares; a write moves at most one chunk's entries; a table costs 24 bytes per
//! item beyond the items themselves.
//!
//! Why not a `BTreeMap<PrimaryKey, Item>`: a map stores a decoded key and item per entry (more than 1 KB for a
//! small item); `BTreeSet` cannot search with a borrowed key of another shape without a probe allocation.

use std::cmp::Ordering;

use std::sync::Arc;

use super::image::{
    build_shared, image_len, split_prefix, varint_len, write_image, write_varint, ImageRef,
    ItemImage, Sink,
};
use super::item::Item;

/// Entries per chunk: small enough that inserting moves little, large enough that the chunk list stays short
/// (1,600 chunks for 100,000 items).
const CHUNK: usize = 64;

/// One stored item: `key_len:varint key image`, a shared allocation: the trace of the write that stored it
/// (its `item_after`) and of a read that saw it (a ConditionCheck's `item_before`) hold the same bytes
/// (`ItemImage::from_shared`), not a copy.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct StoredItem(Arc<[u8]>);

impl StoredItem {
    /// An entry from an encoded key and an image.
    pub fn new(key: &[u8], image: ImageRef<'_>) -> StoredItem {
        let image = image.bytes();
        let len = varint_len(key.len() as u64) + key.len() + image.len();
        StoredItem(build_shared(
            len,
            |out| {
                write_varint(out, key.len() as u64);
                out.extend_from_slice(key);
                out.extend_from_slice(image);
            },
            |out| {
                write_varint(out, key.len() as u64);
                out.extend_from_slice(key);
                out.extend_from_slice(image);
            },
        ))
    }
    /// The entry for `key` holding `image`: the image's own allocation when it is already that entry
    /// (`ItemImage::encode_attributes_keyed`), else a copy.
    pub fn from_image(key: &[u8], image: &ItemImage) -> StoredItem {
        match image.shared_entry(key) {
            Some(shared) => StoredItem(Arc::clone(shared)),
            None => StoredItem::new(key, image.as_image()),
        }
    }
    /// An entry encoded straight from an item whose size (spec §7.1) is `size`.
    pub fn encode(key: &[u8], item: &Item, size: usize) -> StoredItem {
        let len = varint_len(key.len() as u64) + key.len() + image_len(item, size);
        StoredItem(build_shared(
            len,
            |out| {
                write_varint(out, key.len() as u64);
                out.extend_from_slice(key);
                write_image(out, item, size);
            },
            |out| {
                write_varint(out, key.len() as u64);
                out.extend_from_slice(key);
                write_image(out, item, size);
            },
        ))
    }
    /// The encoded key.
    #[inline]
    pub fn key_bytes(&self) -> &[u8] {
        self.split().0
    }
    pub fn image(&self) -> ImageRef<'_> {
        ImageRef::from_bytes(self.split().1)
    }
    /// The item size of spec §7.1.
    pub fn size(&self) -> usize {
        self.image().size()
    }
    /// The item's image, keeping this entry's allocation (no copy: an image has an entry's layout).
    pub fn into_image(self) -> ItemImage {
        ItemImage::from_shared(self.0)
    }
    /// The item's image, sharing this entry's allocation with the table.
    pub fn share_image(&self) -> ItemImage {
        ItemImage::from_shared(Arc::clone(&self.0))
    }
    #[inline]
    fn split(&self) -> (&[u8], &[u8]) {
        split_prefix(&self.0)
    }
}

impl std::fmt::Debug for StoredItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredItem")
            .field("key", &self.key_bytes())
            .field("item", &self.image())
            .finish()
    }
}

/// The first 8 bytes of a key, big-endian, zero-padded. Heads order like the keys they start (a shorter key
/// pads with zeros, which sort first), so most comparisons are decided by one integer compare, and only
/// equal heads compare the whole keys.
#[inline]
pub(crate) fn key_head(key: &[u8]) -> u64 {
    if let Some(first) = key.first_chunk::<8>() {
        return u64::from_be_bytes(*first);
    }
    // Shorter keys: read as at most one 4-byte, one 2-byte and one 1-byte piece (a copy into a padded buffer
    // would call memcpy; byte by byte costs a step per byte).
    let mut head = 0u64;
    let mut shift = 64;
    let mut rest = key;
    if let Some((four, tail)) = rest.split_first_chunk::<4>() {
        shift -= 32;
        head |= u64::from(u32::from_be_bytes(*four)) << shift;
        rest = tail;
    }
    if let Some((two, tail)) = rest.split_first_chunk::<2>() {
        shift -= 16;
        head |= u64::from(u16::from_be_bytes(*two)) << shift;
        rest = tail;
    }
    if let Some(&one) = rest.first() {
        shift -= 8;
        head |= u64::from(one) << shift;
    }
    head
}

/// A stored entry with its key's head (kept beside the pointer, so a search reads no item until the end).
#[derive(Clone, PartialEq, Eq)]
struct Entry {
    head: u64,
    item: StoredItem,
}

impl Entry {
    fn new(item: StoredItem) -> Entry {
        Entry {
            head: key_head(item.key_bytes()),
            item,
        }
    }
}

/// The position of `key` (whose head is `head`) in a sorted chunk, as `binary_search` gives it: by heads first
/// (one integer compare a step), then among the entries with that head (usually at most one) by whole keys.
/// Heads order like their keys, so every entry with a smaller head sorts before `key` and every one with a
/// larger head after it.
fn search_chunk(chunk: &[Entry], head: u64, key: &[u8]) -> Result<usize, usize> {
    let lo = chunk.partition_point(|e| e.head < head);
    let tied = chunk.get(lo..).unwrap_or(&[]);
    match tied.first() {
        Some(e) if e.head == head => {
            if tied.get(1).is_none_or(|next| next.head != head) {
                match e.item.key_bytes().cmp(key) {
                    Ordering::Less => Err(lo + 1),
                    Ordering::Equal => Ok(lo),
                    Ordering::Greater => Err(lo),
                }
            } else {
                let n = tied.partition_point(|e| e.head == head);
                let same = tied.get(..n).unwrap_or(&[]);
                match same.binary_search_by(|e| e.item.key_bytes().cmp(key)) {
                    Ok(i) => Ok(lo + i),
                    Err(i) => Err(lo + i),
                }
            }
        }
        _ => Err(lo),
    }
}

/// Where a key was found, or where it would be inserted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spot {
    chunk: usize,
    at: Result<usize, usize>,
}

/// The sorted entries: chunks in key order, none empty, each sorted; `fences[c]` is the head of chunk `c`'s
/// last key, so the chunk search runs over one small array of integers.
#[derive(Clone, Default)]
pub struct Rows {
    chunks: Vec<Vec<Entry>>,
    fences: Vec<u64>,
    len: usize,
}

fn new_chunk() -> Vec<Entry> {
    Vec::with_capacity(CHUNK)
}

impl Rows {
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// The chunk that holds `key` or would, and the position in that chunk (a key after every entry goes to
    /// the end of the last chunk; with no chunks at all, chunk 0).
    fn find(&self, key: &[u8]) -> (usize, Result<usize, usize>) {
        let head = key_head(key);
        // The first chunk whose last key is not below `key`: by heads, then, among chunks whose last head
        // equals `head` (usually none), by whole keys.
        let mut c = self.fences.partition_point(|&f| f < head);
        if self.fences.get(c) == Some(&head) {
            let ties = self
                .fences
                .get(c..)
                .map_or(0, |rest| rest.partition_point(|&f| f == head));
            let tied = self.chunks.get(c..c + ties).unwrap_or(&[]);
            c += tied.partition_point(|ch| ch.last().is_some_and(|e| e.item.key_bytes() < key));
        }
        match self.chunks.get(c) {
            Some(chunk) => (c, search_chunk(chunk, head, key)),
            None => match self.chunks.len().checked_sub(1) {
                Some(last) => (last, Err(self.chunks.get(last).map_or(0, Vec::len))),
                None => (0, Err(0)),
            },
        }
    }
    /// Where `key` is (or would go) and the entry there: a write that follows this read can pass the spot to
    /// skip its own search (`insert_at`, `remove_at`).
    pub fn get_spot(&self, key: &[u8]) -> (Option<&StoredItem>, Spot) {
        let (chunk, at) = self.find(key);
        let found = at
            .ok()
            .and_then(|i| self.chunks.get(chunk)?.get(i))
            .map(|e| &e.item);
        (found, Spot { chunk, at })
    }
    /// `find`, trusting `spot` when it still holds for `key` (nothing moved it since it was taken).
    fn find_from(&self, spot: Option<Spot>, key: &[u8]) -> (usize, Result<usize, usize>) {
        match spot {
            Some(spot) if self.spot_holds(spot, key) => (spot.chunk, spot.at),
            _ => self.find(key),
        }
    }
    /// Whether `spot` is where `find` would put `key`: the entry with that key, or a gap whose neighbours
    /// sort before and after it.
    fn spot_holds(&self, spot: Spot, key: &[u8]) -> bool {
        let Some(chunk) = self.chunks.get(spot.chunk) else {
            return false;
        };
        let below = |e: &Entry| e.item.key_bytes() < key;
        match spot.at {
            Ok(i) => chunk.get(i).is_some_and(|e| e.item.key_bytes() == key),
            Err(i) => {
                let before = match i.checked_sub(1) {
                    Some(p) => chunk.get(p).is_some_and(below),
                    None => match spot.chunk.checked_sub(1) {
                        Some(pc) => self
                            .chunks
                            .get(pc)
                            .and_then(|ch| ch.last())
                            .is_some_and(below),
                        None => true,
                    },
                };
                let after = match chunk.get(i) {
                    Some(e) => e.item.key_bytes() > key,
                    // The end of a chunk is a spot only at the end of the last one.
                    None => i == chunk.len() && spot.chunk + 1 == self.chunks.len(),
                };
                before && after
            }
        }
    }
    /// Set chunk `c`'s fence after its last entry changed.
    fn refresh_fence(&mut self, c: usize) {
        let head = self.chunks.get(c).and_then(|ch| ch.last()).map(|e| e.head);
        if let (Some(head), Some(fence)) = (head, self.fences.get_mut(c)) {
            *fence = head;
        }
    }
    /// Whether the structure is consistent: chunks non-empty and sorted, fences matching, the count right.
    #[doc(hidden)]
    pub fn is_consistent(&self) -> bool {
        self.chunks.len() == self.fences.len()
            && self.chunks.iter().all(|ch| !ch.is_empty())
            && self
                .chunks
                .iter()
                .zip(&self.fences)
                .all(|(ch, f)| ch.last().is_some_and(|e| e.head == *f))
            && self.chunks.iter().map(Vec::len).sum::<usize>() == self.len
            && self
                .iter()
                .zip(self.iter().skip(1))
                .all(|(a, b)| a.key_bytes() < b.key_bytes())
            && self
                .chunks
                .iter()
                .flatten()
                .all(|e| e.head == key_head(e.item.key_bytes()))
    }
    pub fn get(&self, key: &[u8]) -> Option<&StoredItem> {
        let (c, pos) = self.find(key);
        self.chunks.get(c)?.get(pos.ok()?).map(|e| &e.item)
    }
    /// Store `item`, replacing (and returning) the entry with the same key.
    pub fn insert(&mut self, item: StoredItem) -> Option<StoredItem> {
        self.insert_at(None, item)
    }
    /// `insert` at `spot` (from `get_spot`) if it still holds.
    pub fn insert_at(&mut self, spot: Option<Spot>, item: StoredItem) -> Option<StoredItem> {
        let (c, pos) = self.find_from(spot, item.key_bytes());
        let item = Entry::new(item);
        let (c, i) = match pos {
            Ok(i) => {
                if let Some(slot) = self.chunks.get_mut(c).and_then(|ch| ch.get_mut(i)) {
                    return Some(std::mem::replace(slot, item).item);
                }
                (c, i)
            }
            Err(i) => (c, i),
        };
        self.len += 1;
        let last = c + 1 >= self.chunks.len();
        let Some(chunk) = self.chunks.get_mut(c) else {
            self.fences.push(item.head);
            let mut chunk = new_chunk();
            chunk.push(item);
            self.chunks.push(chunk);
            return None;
        };
        if chunk.len() < CHUNK {
            chunk.insert(i.min(chunk.len()), item);
            self.refresh_fence(c);
            return None;
        }
        // A full chunk. Writing past either end of the table (keys arriving in order) starts a new chunk, so a
        // table loaded in key order has full chunks; elsewhere the chunk splits in half.
        if last && i >= CHUNK {
            self.fences.push(item.head);
            let mut fresh = new_chunk();
            fresh.push(item);
            self.chunks.push(fresh);
        } else if c == 0 && i == 0 {
            self.fences.insert(0, item.head);
            let mut fresh = new_chunk();
            fresh.push(item);
            self.chunks.insert(0, fresh);
        } else {
            let half = CHUNK / 2;
            let mut right = new_chunk();
            right.extend(chunk.drain(half..));
            if i <= half {
                chunk.insert(i, item);
            } else {
                right.insert((i - half).min(right.len()), item);
            }
            let right_fence = right.last().map_or(0, |e| e.head);
            self.chunks.insert(c + 1, right);
            self.fences.insert(c + 1, right_fence);
            self.refresh_fence(c);
        }
        None
    }
    /// Remove (and return) the entry with this key.
    pub fn remove(&mut self, key: &[u8]) -> Option<StoredItem> {
        self.remove_at(None, key)
    }
    /// `remove` at `spot` (from `get_spot`) if it still holds.
    pub fn remove_at(&mut self, spot: Option<Spot>, key: &[u8]) -> Option<StoredItem> {
        let (c, pos) = self.find_from(spot, key);
        let i = pos.ok()?;
        let chunk = self.chunks.get_mut(c)?;
        if i >= chunk.len() {
            return None;
        }
        let removed = chunk.remove(i);
        self.len -= 1;
        self.refresh_fence(c);
        self.rebalance(c);
        Some(removed.item)
    }
    /// After a removal from chunk `c`: drop it when empty; merge it with a neighbour when it is below a quarter
    /// full and they fit in one chunk (so chunks stay at least a quarter full on average).
    fn rebalance(&mut self, c: usize) {
        let Some(len) = self.chunks.get(c).map(Vec::len) else {
            return;
        };
        if len == 0 {
            self.chunks.remove(c);
            self.fences.remove(c);
            return;
        }
        if len >= CHUNK / 4 {
            return;
        }
        if self
            .chunks
            .get(c + 1)
            .is_some_and(|n| n.len() + len <= CHUNK)
        {
            let next = self.chunks.remove(c + 1);
            self.fences.remove(c + 1);
            if let Some(chunk) = self.chunks.get_mut(c) {
                chunk.extend(next);
            }
            self.refresh_fence(c);
            return;
        }
        if c > 0
            && self
                .chunks
                .get(c - 1)
                .is_some_and(|p| p.len() + len <= CHUNK)
        {
            let this = self.chunks.remove(c);
            self.fences.remove(c);
            if let Some(prev) = self.chunks.get_mut(c - 1) {
                prev.extend(this);
            }
            self.refresh_fence(c - 1);
        }
    }
    /// Every entry in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &StoredItem> + Clone + '_ {
        self.chunks.iter().flatten().map(|e| &e.item)
    }
    /// The entries from `key` on (after it, unless `inclusive`), in key order.
    pub fn iter_from(&self, key: &[u8], inclusive: bool) -> impl Iterator<Item = &StoredItem> + '_ {
        let (c, pos) = self.find(key);
        let start = match pos {
            Ok(i) if !inclusive => i + 1,
            Ok(i) | Err(i) => i,
        };
        let first = self
            .chunks
            .get(c)
            .and_then(|ch| ch.get(start..))
            .unwrap_or(&[]);
        let rest = self.chunks.get(c + 1..).unwrap_or(&[]);
        first.iter().chain(rest.iter().flatten()).map(|e| &e.item)
    }
}

/// Equal when they hold the same entries (however the chunks fell).
impl PartialEq for Rows {
    fn eq(&self, other: &Rows) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for Rows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod head_tests {
    use super::key_head;

    /// A key's head is its first 8 bytes, big-endian, zero-padded, for keys of every length.
    #[test]
    fn heads_are_the_first_eight_bytes_padded() {
        let bytes: Vec<u8> = (1..=12u8).map(|b| b.wrapping_mul(37) | 0x80).collect();
        for len in 0..=bytes.len() {
            let key = &bytes[..len];
            let mut padded = [0u8; 8];
            for (p, b) in padded.iter_mut().zip(key) {
                *p = *b;
            }
            assert_eq!(key_head(key), u64::from_be_bytes(padded), "length {len}");
        }
    }
}

#[cfg(test)]
mod shared_tests {
    use std::sync::Arc;

    use super::StoredItem;
    use crate::engine::image::ItemImage;
    use crate::engine::item::{item_size, Item};
    use crate::engine::value::AttributeValue;

    fn item() -> Item {
        let mut item = Item::new();
        item.insert("pk".into(), AttributeValue::S("k1".into()));
        item.insert("n".into(), AttributeValue::S("x".repeat(40)));
        item
    }

    /// An image made as a key's entry is stored by sharing it (one allocation for the trace and the table);
    /// any other image is copied. Either way the entry holds the same bytes as one built from scratch.
    #[test]
    fn keyed_images_are_stored_shared_and_others_copied() {
        let item = item();
        let size = item_size(&item);
        let fresh = StoredItem::encode(b"key1", &item, size);
        let keyed = ItemImage::encode_sized_keyed(b"key1", &item, size);
        let attributes = ItemImage::encode_attributes_keyed(
            b"key1",
            item.iter().map(|(n, v)| (n.as_str(), v)),
            size,
        );
        let plain = ItemImage::encode_sized(&item, size);
        for image in [&keyed, &attributes, &plain] {
            assert_eq!(image.as_image(), fresh.image());
            let stored = StoredItem::from_image(b"key1", image);
            assert!(stored == fresh);
            let shared = image.shared_entry(b"key1").is_some();
            assert_eq!(shared, !std::ptr::eq(image, &plain));
        }
        // Another key's image is copied under the key asked for.
        let other = StoredItem::from_image(b"key2", &keyed);
        assert_eq!(other.key_bytes(), b"key2");
        assert_eq!(other.image(), fresh.image());
        // Shared means the same allocation, in the table and in the image handed out.
        let stored = StoredItem::from_image(b"key1", &keyed);
        let again = stored.share_image();
        assert!(Arc::ptr_eq(
            &stored.0,
            &StoredItem::from_image(b"key1", &again).0
        ));
        assert_eq!(again, keyed);
    }

    /// Images longer than the zeros kept to start them from are built the same way.
    #[test]
    fn long_images_are_built_whole() {
        let mut item = item();
        item.insert("long".into(), AttributeValue::S("y".repeat(5000)));
        let size = item_size(&item);
        let fresh = StoredItem::encode(b"key1", &item, size);
        assert_eq!(fresh.image().to_item(), item);
        let keyed = ItemImage::encode_sized_keyed(b"key1", &item, size);
        assert_eq!(keyed.to_item(), item);
        assert!(StoredItem::from_image(b"key1", &keyed) == fresh);
    }
}
