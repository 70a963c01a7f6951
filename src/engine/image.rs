//! Item images: an item as one compact byte string, the form a table stores and a trace keeps (DynamoDB
//! Streams calls an item's state before and after a write its old and new *image*).
//!
//! An `Item` is a tree of small allocations (about 800 bytes for three attributes); its image is one
//! allocation of about the item's own size, decoded on demand: all of it (`to_item`), or one top-level attribute
//! (`get`) without touching the others.
//!
//! Layout (varint = unsigned LEB128):
//! ```text
//! image  := size:varint (name value)*          size = the item size of spec §7.1; names in item order
//! name   := len:varint utf8
//! value  := S len:varint bytes | N num | B len:varint bytes
//!         | SS count:varint (len:varint bytes)* | NS count:varint num* | BS count:varint (len:varint bytes)*
//!         | M bytes:u32le count:varint (name value)* | L bytes:u32le count:varint value*
//!         | NULL | FALSE | TRUE                 (one tag byte each, no payload)
//! num    := head:varint coefficient:varint     head = zigzag(exponent) * 2 + negative
//! ```
//! M and L carry the byte length of their contents so that a reader skips them in one step. Encoding is
//! canonical (items are name-ordered maps, sets are sorted, numbers normalised), so equal items have equal
//! images and images compare by bytes. An owned `ItemImage` has a table entry's layout (`skip:varint skipped
//! image`, see `ItemImage`). The codec is in `image/codec.rs`.

use std::sync::Arc;

use super::item::{item_size, Item};
use super::value::AttributeValue;

mod codec;
mod raw;

pub use raw::{RawAttribute, RawValue};

pub use codec::measure;
pub(crate) use codec::{
    image_len, tags, value_len, varint_len, write_image, write_str, write_value, write_varint,
    Exact, Reader, Sink, MAX_DEPTH,
};

/// An item image (owned), in a table entry's layout (`skip:varint skipped-bytes image`): an entry moved out
/// of its table (its key is what is skipped) is an `ItemImage` as it is, so a replaced or deleted item becomes
/// a trace's image without a copy; a fresh image skips nothing (one byte).
///
/// A table's entries are shared allocations (`rows::StoredItem`): an image made from an entry (the item a
/// ConditionCheck saw, an item replaced or deleted) shares it, and an image made with its key in front
/// (`encode_attributes_keyed`, a transaction's Put) is stored by sharing it: the trace and the table hold one
/// copy of the item.
#[derive(Clone)]
pub struct ItemImage {
    bytes: ImageBytes,
}

#[derive(Clone)]
enum ImageBytes {
    Owned(Box<[u8]>),
    Shared(Arc<[u8]>),
}

impl ImageBytes {
    #[inline]
    fn as_slice(&self) -> &[u8] {
        match self {
            ImageBytes::Owned(b) => b,
            ImageBytes::Shared(b) => b,
        }
    }
}

/// Zeros to start a shared allocation from (one copy, then the image is written over them).
static ZEROS: [u8; 1024] = [0; 1024];

/// A shared allocation of `len` bytes written by `exact` straight into it. `len` comes from the `*_len`
/// functions; should `exact` not write exactly that many bytes (a bug there), the bytes `grow` writes into a
/// `Vec` are used instead, so the image is right either way. (`exact` and `grow` are the same writer, once per
/// kind of `Sink`.)
pub(crate) fn build_shared(
    len: usize,
    exact: impl FnOnce(&mut Exact<'_>),
    grow: impl FnOnce(&mut Vec<u8>),
) -> Arc<[u8]> {
    let mut shared: Arc<[u8]> = match ZEROS.get(..len) {
        Some(zeros) => Arc::from(zeros),
        None => std::iter::repeat_n(0u8, len).collect(),
    };
    if let Some(buf) = Arc::get_mut(&mut shared) {
        let mut out = Exact::new(buf);
        exact(&mut out);
        if out.is_full() {
            return shared;
        }
    }
    debug_assert!(false, "an image measured wrong");
    let mut out = Vec::with_capacity(len);
    grow(&mut out);
    Arc::from(out)
}

impl PartialEq for ItemImage {
    fn eq(&self, other: &Self) -> bool {
        self.as_image() == other.as_image()
    }
}

impl Eq for ItemImage {}

impl std::hash::Hash for ItemImage {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_image().hash(state);
    }
}

/// An item image borrowed from a table entry or an `ItemImage`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ImageRef<'a>(&'a [u8]);

impl ItemImage {
    /// The image of `item`.
    pub fn encode(item: &Item) -> ItemImage {
        ItemImage::encode_sized(item, item_size(item))
    }
    /// The image of `item` whose size (spec §7.1) the caller has computed.
    pub fn encode_sized(item: &Item, size: usize) -> ItemImage {
        ItemImage::encode_measured(item, size, image_len(item, size))
    }
    /// The image of `item` measured by `measure` (size, then the image's length).
    pub fn encode_measured(item: &Item, size: usize, len: usize) -> ItemImage {
        let mut out = Vec::with_capacity(1 + len);
        out.push(0);
        write_image(&mut out, item, size);
        ItemImage {
            bytes: ImageBytes::Owned(out.into_boxed_slice()),
        }
    }
    /// The image of the attributes `attributes` gives in name order (one per name), whose size (spec §7.1) the
    /// caller has computed: an item kept as a list rather than an `Item`.
    pub fn encode_attributes<'v, I>(attributes: I, size: usize) -> ItemImage
    where
        I: Iterator<Item = (&'v str, &'v AttributeValue)> + Clone,
    {
        let len = codec::attributes_image_len(attributes.clone(), size);
        let mut out = Vec::with_capacity(1 + len);
        out.push(0);
        codec::write_attributes_image(&mut out, attributes, size);
        ItemImage {
            bytes: ImageBytes::Owned(out.into_boxed_slice()),
        }
    }
    /// `encode_attributes` with `key` as the skipped prefix: a table entry's bytes (`rows::StoredItem`), so
    /// that the table stores this image by sharing it (`shared_entry`).
    pub fn encode_attributes_keyed<'v, I>(key: &[u8], attributes: I, size: usize) -> ItemImage
    where
        I: Iterator<Item = (&'v str, &'v AttributeValue)> + Clone,
    {
        let key_len = key.len() as u64;
        let len =
            varint_len(key_len) + key.len() + codec::attributes_image_len(attributes.clone(), size);
        let shared = build_shared(
            len,
            |out| {
                write_varint(out, key_len);
                out.extend_from_slice(key);
                codec::write_attributes_image(out, attributes.clone(), size);
            },
            |out| {
                write_varint(out, key_len);
                out.extend_from_slice(key);
                codec::write_attributes_image(out, attributes.clone(), size);
            },
        );
        ItemImage::from_shared(shared)
    }
    /// `encode_sized` with `key` as the skipped prefix (see `encode_attributes_keyed`).
    pub fn encode_sized_keyed(key: &[u8], item: &Item, size: usize) -> ItemImage {
        let key_len = key.len() as u64;
        let len = varint_len(key_len) + key.len() + image_len(item, size);
        let shared = build_shared(
            len,
            |out| {
                write_varint(out, key_len);
                out.extend_from_slice(key);
                write_image(out, item, size);
            },
            |out| {
                write_varint(out, key_len);
                out.extend_from_slice(key);
                write_image(out, item, size);
            },
        );
        ItemImage::from_shared(shared)
    }
    /// A table entry (`key_len:varint key image`) moved out of its table.
    pub(crate) fn from_entry(bytes: Box<[u8]>) -> ItemImage {
        ItemImage {
            bytes: ImageBytes::Owned(bytes),
        }
    }
    /// A table entry, shared with its table (or moved out of it).
    pub(crate) fn from_shared(bytes: Arc<[u8]>) -> ItemImage {
        ItemImage {
            bytes: ImageBytes::Shared(bytes),
        }
    }
    /// The shared allocation, when this image is one whose skipped prefix is `key`: a table entry for that key
    /// as it is.
    pub(crate) fn shared_entry(&self, key: &[u8]) -> Option<&Arc<[u8]>> {
        match &self.bytes {
            ImageBytes::Shared(b) if split_prefix(b).0 == key => Some(b),
            _ => None,
        }
    }
    pub fn as_image(&self) -> ImageRef<'_> {
        ImageRef(skip_prefix(self.bytes.as_slice()))
    }
    /// The item size of spec §7.1.
    pub fn size(&self) -> usize {
        self.as_image().size()
    }
    pub fn to_item(&self) -> Item {
        self.as_image().to_item()
    }
    /// One top-level attribute, decoded.
    pub fn get(&self, name: &str) -> Option<AttributeValue> {
        self.as_image().get(name)
    }
}

impl<'a> ImageRef<'a> {
    /// Wrap bytes written by `write_image` (the table's entries).
    pub(crate) fn from_bytes(bytes: &'a [u8]) -> ImageRef<'a> {
        ImageRef(bytes)
    }
    pub fn bytes(&self) -> &'a [u8] {
        self.0
    }
    /// The item size of spec §7.1 (stored, not recounted).
    pub fn size(&self) -> usize {
        Reader::new(self.0).varint().unwrap_or(0) as usize
    }
    pub fn to_image(&self) -> ItemImage {
        let mut out = Vec::with_capacity(1 + self.0.len());
        out.push(0);
        out.extend_from_slice(self.0);
        ItemImage {
            bytes: ImageBytes::Owned(out.into_boxed_slice()),
        }
    }
    /// The whole item, decoded.
    pub fn to_item(&self) -> Item {
        let decoded = self.decode();
        debug_assert!(decoded.is_some(), "a damaged item image");
        decoded.unwrap_or_default()
    }
    fn decode(&self) -> Option<Item> {
        let mut r = Reader::new(self.0);
        r.varint()?;
        let mut item = Item::new();
        while !r.at_end() {
            let name = r.str()?;
            let value = r.value(0)?;
            item.insert(name.to_string(), value);
        }
        Some(item)
    }
    /// The item with only the attributes in `names` (sorted), decoded; the others are skipped.
    pub fn to_item_with(&self, names: &[String]) -> Item {
        let mut item = Item::new();
        let mut r = Reader::new(self.0);
        if r.varint().is_none() {
            return item;
        }
        let mut wanted = names.iter().peekable();
        while !r.at_end() {
            // Compared as bytes: a name equal to a wanted one is that (valid) string, and the others are
            // skipped, so no name needs a UTF-8 check.
            let Some(name) = r.str_bytes() else {
                break;
            };
            // Both lists are in byte order: skip the wanted names that sort before this attribute.
            while wanted.next_if(|w| w.as_bytes() < name).is_some() {}
            let Some(w) = wanted.peek() else {
                break;
            };
            if w.as_bytes() == name {
                match r.value(0) {
                    // String::clone, not to_string: on a `&&String` that goes through Display (~190 instructions).
                    Some(value) => item.insert(String::clone(w), value),
                    None => break,
                };
                wanted.next();
            } else if r.skip_value().is_none() {
                break;
            }
        }
        item
    }
    /// One top-level attribute, decoded; the others are skipped without decoding.
    pub fn get(&self, name: &str) -> Option<AttributeValue> {
        let mut r = self.find_reader(name)?;
        r.value(0)
    }
    /// Whether the item has the attribute.
    pub fn contains(&self, name: &str) -> bool {
        self.find_reader(name).is_some()
    }
    /// A reader positioned at the value of attribute `name`.
    pub(crate) fn find_reader(&self, name: &str) -> Option<Reader<'a>> {
        let mut r = Reader::new(self.0);
        r.varint()?;
        while !r.at_end() {
            // Bytes only: the name looked for is a valid string, and the names passed over need no check.
            let here = r.str_bytes()?;
            match cmp_name(here, name.as_bytes()) {
                std::cmp::Ordering::Equal => return Some(r),
                // Names are in order: the attribute is not there.
                std::cmp::Ordering::Greater => return None,
                std::cmp::Ordering::Less => r.skip_value()?,
            }
        }
        None
    }
    /// The attribute names, in order.
    pub fn names(&self) -> impl Iterator<Item = &'a str> {
        let mut r = Reader::new(self.0);
        let ok = r.varint().is_some();
        std::iter::from_fn(move || {
            if !ok || r.at_end() {
                return None;
            }
            let name = r.str()?;
            r.skip_value()?;
            Some(name)
        })
    }
}

impl std::fmt::Debug for ItemImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_image().fmt(f)
    }
}

impl std::fmt::Debug for ImageRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.to_item().fmt(f)
    }
}

impl From<&Item> for ItemImage {
    fn from(item: &Item) -> ItemImage {
        ItemImage::encode(item)
    }
}

/// As the item in DynamoDB JSON (what traces and sessions held before images existed).
impl serde::Serialize for ItemImage {
    fn serialize<Z: serde::Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        self.as_image().serialize(serializer)
    }
}

impl serde::Serialize for ImageRef<'_> {
    fn serialize<Z: serde::Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        use serde::ser::{Error, SerializeMap};
        let mut r = Reader::new(self.0);
        let damaged = || Z::Error::custom("a damaged item image");
        r.varint().ok_or_else(damaged)?;
        let mut map = serializer.serialize_map(None)?;
        while !r.at_end() {
            let name = r.str().ok_or_else(damaged)?;
            let value = r.value(0).ok_or_else(damaged)?;
            map.serialize_entry(name, &value)?;
        }
        map.end()
    }
}

impl<'de> serde::Deserialize<'de> for ItemImage {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Item::deserialize(deserializer).map(|item| ItemImage::encode(&item))
    }
}

/// Byte order of two short byte strings (attribute names, keys), compared in place: a call to `memcmp` costs
/// more than the few bytes compared.
#[inline]
pub(crate) fn cmp_name(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

/// The bytes after a `skip:varint skipped-bytes` prefix (a table entry's key, or nothing).
#[inline]
pub(crate) fn split_prefix(bytes: &[u8]) -> (&[u8], &[u8]) {
    // Keys shorter than 128 bytes (nearly all) have a one-byte length.
    if let Some((&len, rest)) = bytes.split_first() {
        if len < 0x80 && usize::from(len) <= rest.len() {
            return rest.split_at(usize::from(len));
        }
    }
    let mut r = Reader::new(bytes);
    let len = r.varint().unwrap_or(0) as usize;
    let skipped = r.take(len).unwrap_or(&[]);
    (skipped, r.rest())
}

fn skip_prefix(bytes: &[u8]) -> &[u8] {
    split_prefix(bytes).1
}
