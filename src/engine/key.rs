//! Primary keys: the key schema of a table or index, key extraction from items and `Key` maps with DynamoDB's
//! messages (spec §5), and the normalised key that storage is sorted by.

use serde::{Deserialize, Serialize};

use super::item::Item;
use super::messages;
use super::number::Number;
use super::value::AttributeValue;

/// Largest partition-key value (UTF-8 bytes for S, raw bytes for B), spec §5.
pub const MAX_HASH_KEY_BYTES: usize = 2048;
/// Largest sort-key value, spec §5.
pub const MAX_RANGE_KEY_BYTES: usize = 1024;

/// The three types a key attribute may have (`ScalarAttributeType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ScalarType {
    S,
    N,
    B,
}

impl ScalarType {
    pub fn name(self) -> &'static str {
        match self {
            ScalarType::S => "S",
            ScalarType::N => "N",
            ScalarType::B => "B",
        }
    }
    pub fn parse(text: &str) -> Option<ScalarType> {
        match text {
            "S" => Some(ScalarType::S),
            "N" => Some(ScalarType::N),
            "B" => Some(ScalarType::B),
            _ => None,
        }
    }
    pub fn matches(self, value: &AttributeValue) -> bool {
        matches!(
            (self, value),
            (ScalarType::S, AttributeValue::S(_))
                | (ScalarType::N, AttributeValue::N(_))
                | (ScalarType::B, AttributeValue::B(_))
        )
    }
}

/// One key attribute value, normalised: numbers by value, strings and binaries by bytes. The derived order is
/// DynamoDB's sort order within one type (a table's key attribute has one type, so mixed types never meet).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyValue {
    S(String),
    N(Number),
    B(Vec<u8>),
}

impl KeyValue {
    pub fn from_attribute(value: &AttributeValue) -> Option<KeyValue> {
        match value {
            AttributeValue::S(s) => Some(KeyValue::S(s.clone())),
            AttributeValue::N(n) => Some(KeyValue::N(*n)),
            AttributeValue::B(b) => Some(KeyValue::B(b.clone())),
            _ => None,
        }
    }
    pub fn to_attribute(&self) -> AttributeValue {
        match self {
            KeyValue::S(s) => AttributeValue::S(s.clone()),
            KeyValue::N(n) => AttributeValue::N(*n),
            KeyValue::B(b) => AttributeValue::B(b.clone()),
        }
    }
}

/// Where an item lives: its partition key and, for tables with one, its sort key. Ordered by hash, then range.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PrimaryKey {
    pub hash: KeyValue,
    pub range: Option<KeyValue>,
    /// The partition key's type in `KeyValue`'s order (S, N, B).
    tag: u8,
    /// The first 8 bytes of an S or B partition key, big-endian, zero-padded (0 for N): with `tag`, most
    /// comparisons in a large table are decided by integer compares (it orders like the bytes, since a shorter
    /// value pads with zeros; equal prefixes fall back to the full comparison).
    prefix: u64,
}

impl PrimaryKey {
    pub fn new(hash: KeyValue, range: Option<KeyValue>) -> PrimaryKey {
        let (tag, bytes): (u8, &[u8]) = match &hash {
            KeyValue::S(s) => (0, s.as_bytes()),
            KeyValue::N(_) => (1, &[]),
            KeyValue::B(b) => (2, b),
        };
        let mut buf = [0u8; 8];
        let n = bytes.len().min(8);
        buf[..n].copy_from_slice(&bytes[..n]);
        PrimaryKey {
            hash,
            range,
            tag,
            prefix: u64::from_be_bytes(buf),
        }
    }
}

impl Ord for PrimaryKey {
    // The fast path is inlined into the table's B-tree search, which compares a key with dozens of stored keys
    // per lookup; only equal prefixes (or N keys) call the full comparison.
    #[inline]
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let fast = (self.tag, self.prefix).cmp(&(other.tag, other.prefix));
        if fast.is_ne() {
            return fast;
        }
        self.cmp_full(other)
    }
}

impl PrimaryKey {
    #[inline(never)]
    fn cmp_full(&self, other: &Self) -> std::cmp::Ordering {
        self.hash
            .cmp(&other.hash)
            .then_with(|| self.range.cmp(&other.range))
    }
}

impl PartialOrd for PrimaryKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A key attribute: name and type (a `KeySchemaElement` joined with its `AttributeDefinition`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyAttribute {
    pub name: String,
    pub attribute_type: ScalarType,
}

/// HASH and optional RANGE attribute of a table or an index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySchema {
    pub hash: KeyAttribute,
    pub range: Option<KeyAttribute>,
}

impl KeySchema {
    pub fn attributes(&self) -> impl Iterator<Item = &KeyAttribute> {
        std::iter::once(&self.hash).chain(self.range.iter())
    }
    pub fn contains(&self, name: &str) -> bool {
        self.attributes().any(|a| a.name == name)
    }
    pub fn len(&self) -> usize {
        1 + usize::from(self.range.is_some())
    }
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The key of a full item (PutItem, a transact Put): missing or wrong-typed key attributes give DynamoDB's
    /// `Missing the key` / `Type mismatch for key` messages, in schema order (hash first).
    pub fn key_of_item(&self, item: &Item) -> Result<PrimaryKey, String> {
        let hash = key_part_of_item(&self.hash, item)?;
        let range = match &self.range {
            Some(attr) => Some(key_part_of_item(attr, item)?),
            None => None,
        };
        Ok(PrimaryKey::new(hash, range))
    }

    /// The key of a `Key` map (GetItem, UpdateItem, DeleteItem, transact Update/Delete/ConditionCheck/Get): it
    /// must hold exactly the key attributes with the right types, else `The provided key element does not
    /// match the schema`.
    pub fn key_of_key_map(&self, key: &Item) -> Result<PrimaryKey, String> {
        if key.len() != self.len() {
            return Err(messages::KEY_SCHEMA_MISMATCH.to_string());
        }
        let part = |attr: &KeyAttribute| -> Result<KeyValue, String> {
            match key.get(&attr.name) {
                Some(v) if attr.attribute_type.matches(v) => KeyValue::from_attribute(v)
                    .ok_or_else(|| messages::KEY_SCHEMA_MISMATCH.to_string()),
                _ => Err(messages::KEY_SCHEMA_MISMATCH.to_string()),
            }
        };
        let hash = part(&self.hash)?;
        let range = match &self.range {
            Some(attr) => Some(part(attr)?),
            None => None,
        };
        Ok(PrimaryKey::new(hash, range))
    }

    /// The key under which an item appears in an index with this schema, or `None` when the item lacks an index
    /// key attribute or has it with another type (sparse indexes).
    pub fn index_key_of(&self, item: &Item) -> Option<PrimaryKey> {
        let part = |attr: &KeyAttribute| -> Option<KeyValue> {
            let v = item.get(&attr.name)?;
            if attr.attribute_type.matches(v) {
                KeyValue::from_attribute(v)
            } else {
                None
            }
        };
        let hash = part(&self.hash)?;
        let range = match &self.range {
            Some(attr) => Some(part(attr)?),
            None => None,
        };
        Some(PrimaryKey::new(hash, range))
    }

    /// The key attributes of an item as a `Key` map (absent attributes are skipped).
    pub fn key_map_of(&self, item: &Item) -> Item {
        self.attributes()
            .filter_map(|a| item.get(&a.name).map(|v| (a.name.clone(), v.clone())))
            .collect()
    }

    /// The `Key` map of a normalised key.
    pub fn key_map(&self, key: &PrimaryKey) -> Item {
        let mut map = Item::new();
        map.insert(self.hash.name.clone(), key.hash.to_attribute());
        if let (Some(attr), Some(range)) = (&self.range, &key.range) {
            map.insert(attr.name.clone(), range.to_attribute());
        }
        map
    }

    /// Size limits of key values (spec §5): partition key 2048 bytes, sort key 1024 bytes. Numbers have none.
    pub fn check_key_sizes(&self, item: &Item) -> Result<(), String> {
        if let Some(v) = item.get(&self.hash.name) {
            if key_bytes(v) > MAX_HASH_KEY_BYTES {
                return Err(messages::HASH_KEY_TOO_LARGE.to_string());
            }
        }
        if let Some(attr) = &self.range {
            if let Some(v) = item.get(&attr.name) {
                if key_bytes(v) > MAX_RANGE_KEY_BYTES {
                    return Err(messages::RANGE_KEY_TOO_LARGE.to_string());
                }
            }
        }
        Ok(())
    }
}

fn key_part_of_item(attr: &KeyAttribute, item: &Item) -> Result<KeyValue, String> {
    match item.get(&attr.name) {
        None => Err(messages::missing_key_in_item(&attr.name)),
        Some(v) if attr.attribute_type.matches(v) => {
            KeyValue::from_attribute(v).ok_or_else(|| messages::missing_key_in_item(&attr.name))
        }
        Some(v) => Err(messages::key_type_mismatch(
            &attr.name,
            attr.attribute_type.name(),
            v.type_name(),
        )),
    }
}

fn key_bytes(value: &AttributeValue) -> usize {
    match value {
        AttributeValue::S(s) => s.len(),
        AttributeValue::B(b) => b.len(),
        _ => 0,
    }
}

/// Empty S or B values are forbidden for key attributes (spec §5): the message names the attribute. `names`
/// are the key attributes to look at, in the order DynamoDB checks them.
pub fn check_empty_key_values<'a>(
    item: &Item,
    names: impl Iterator<Item = &'a str>,
) -> Result<(), String> {
    for name in names {
        match item.get(name) {
            Some(AttributeValue::S(s)) if s.is_empty() => {
                return Err(messages::key_empty_string(name))
            }
            Some(AttributeValue::B(b)) if b.is_empty() => {
                return Err(messages::key_empty_binary(name))
            }
            _ => {}
        }
    }
    Ok(())
}
