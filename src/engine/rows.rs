//! A table's items in key order. Each item is ONE allocation (`StoredItem`): its key encoded so that byte
//! order is key order (`key::PrimaryKey`), then its image (`image`). The items sit in sorted chunks of at most
//! `CHUNK` entries (a two-level sorted array): a lookup is two binary searches of byte comparisons, a write
//! moves at most one chunk's entries, and a table costs 16 bytes per item beyond the items themselves.
//!
//! Why not a `BTreeMap<PrimaryKey, Item>`: a map stores a decoded key and item per entry (more than 1 KB for a
//! small item); `BTreeSet` cannot search with a borrowed key of another shape without a probe allocation.

use super::image::{varint_len, write_image, write_varint, ImageRef, Reader};
use super::item::Item;

/// Entries per chunk: small enough that inserting moves little, large enough that the chunk list stays short
/// (1,600 chunks for 100,000 items).
const CHUNK: usize = 64;

/// One stored item: `key_len:varint key image`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct StoredItem(Box<[u8]>);

impl StoredItem {
    /// An entry from an encoded key and an image.
    pub fn new(key: &[u8], image: ImageRef<'_>) -> StoredItem {
        let image = image.bytes();
        let mut out = Vec::with_capacity(varint_len(key.len() as u64) + key.len() + image.len());
        write_varint(&mut out, key.len() as u64);
        out.extend_from_slice(key);
        out.extend_from_slice(image);
        StoredItem(out.into_boxed_slice())
    }
    /// An entry encoded straight from an item whose size (spec §7.1) is `size`.
    pub fn encode(key: &[u8], item: &Item, size: usize) -> StoredItem {
        let image_len = super::image::image_len(item, size);
        let mut out = Vec::with_capacity(varint_len(key.len() as u64) + key.len() + image_len);
        write_varint(&mut out, key.len() as u64);
        out.extend_from_slice(key);
        write_image(&mut out, item, size);
        StoredItem(out.into_boxed_slice())
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
    #[inline]
    fn split(&self) -> (&[u8], &[u8]) {
        // Keys shorter than 128 bytes (nearly all) have a one-byte length.
        if let Some((&len, rest)) = self.0.split_first() {
            if len < 0x80 && usize::from(len) <= rest.len() {
                return rest.split_at(usize::from(len));
            }
        }
        let mut r = Reader::new(&self.0);
        let len = r.varint().unwrap_or(0) as usize;
        let key = r.take(len).unwrap_or(&[]);
        (key, r.rest())
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

/// The sorted entries: chunks in key order, none empty, each sorted.
#[derive(Clone, Default)]
pub struct Rows {
    chunks: Vec<Vec<StoredItem>>,
    len: usize,
}

fn new_chunk() -> Vec<StoredItem> {
    Vec::with_capacity(CHUNK)
}

impl Rows {
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// The chunk that holds `key` or would (`chunks.len()` when it sorts after every entry), and the position
    /// in that chunk.
    fn find(&self, key: &[u8]) -> (usize, Result<usize, usize>) {
        let c = self
            .chunks
            .partition_point(|ch| ch.last().is_some_and(|e| e.key_bytes() < key));
        match self.chunks.get(c) {
            Some(chunk) => (c, chunk.binary_search_by(|e| e.key_bytes().cmp(key))),
            None => (c, Err(0)),
        }
    }
    pub fn get(&self, key: &[u8]) -> Option<&StoredItem> {
        let (c, pos) = self.find(key);
        self.chunks.get(c)?.get(pos.ok()?)
    }
    /// Store `item`, replacing (and returning) the entry with the same key.
    pub fn insert(&mut self, item: StoredItem) -> Option<StoredItem> {
        let (c, pos) = self.find(item.key_bytes());
        let (c, i) = match pos {
            Ok(i) => {
                if let Some(slot) = self.chunks.get_mut(c).and_then(|ch| ch.get_mut(i)) {
                    return Some(std::mem::replace(slot, item));
                }
                (c, i)
            }
            Err(i) => (c, i),
        };
        self.len += 1;
        // After every entry: the end of the last chunk.
        let (c, i) = match self.chunks.len().checked_sub(1) {
            Some(last) if c > last => (last, self.chunks.get(last).map_or(0, Vec::len)),
            _ => (c, i),
        };
        let last = c + 1 >= self.chunks.len();
        let Some(chunk) = self.chunks.get_mut(c) else {
            let mut chunk = new_chunk();
            chunk.push(item);
            self.chunks.push(chunk);
            return None;
        };
        if chunk.len() < CHUNK {
            chunk.insert(i.min(chunk.len()), item);
            return None;
        }
        // A full chunk. Writing past either end of the table (keys arriving in order) starts a new chunk, so a
        // table loaded in key order has full chunks; elsewhere the chunk splits in half.
        if last && i >= CHUNK {
            let mut fresh = new_chunk();
            fresh.push(item);
            self.chunks.push(fresh);
        } else if c == 0 && i == 0 {
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
            self.chunks.insert(c + 1, right);
        }
        None
    }
    /// Remove (and return) the entry with this key.
    pub fn remove(&mut self, key: &[u8]) -> Option<StoredItem> {
        let (c, pos) = self.find(key);
        let i = pos.ok()?;
        let chunk = self.chunks.get_mut(c)?;
        if i >= chunk.len() {
            return None;
        }
        let removed = chunk.remove(i);
        self.len -= 1;
        self.rebalance(c);
        Some(removed)
    }
    /// After a removal from chunk `c`: drop it when empty; merge it with a neighbour when it is below a quarter
    /// full and they fit in one chunk (so chunks stay at least a quarter full on average).
    fn rebalance(&mut self, c: usize) {
        let Some(len) = self.chunks.get(c).map(Vec::len) else {
            return;
        };
        if len == 0 {
            self.chunks.remove(c);
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
            if let Some(chunk) = self.chunks.get_mut(c) {
                chunk.extend(next);
            }
            return;
        }
        if c > 0
            && self
                .chunks
                .get(c - 1)
                .is_some_and(|p| p.len() + len <= CHUNK)
        {
            let this = self.chunks.remove(c);
            if let Some(prev) = self.chunks.get_mut(c - 1) {
                prev.extend(this);
            }
        }
    }
    /// Every entry in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &StoredItem> + Clone + '_ {
        self.chunks.iter().flatten()
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
        first.iter().chain(rest.iter().flatten())
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
