//! Primary keys: the key schema of a table or index, key extraction from items and `Key` maps with DynamoDB's
//! messages (spec §5), and the normalised key that storage is sorted by.

use serde::{Deserialize, Serialize};

use super::image::ImageRef;
use super::item::Item;
use super::messages;
use super::number::Number;
use super::value::AttributeValue;

mod attribute_list;
mod key_bytes;

pub use attribute_list::AttributeList;

/// Largest partition-key value (UTF-8 bytes for S, raw bytes for B), spec §5.
pub const MAX_HASH_KEY_BYTES: usize = 2048;
/// Largest sort-key value, spec §5.
pub const MAX_RANGE_KEY_BYTES: usize = 1024;

/// The three types a key attribute may have (`ScalarAttributeType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
    pub fn scalar_type(&self) -> ScalarType {
        match self {
            KeyValue::S(_) => ScalarType::S,
            KeyValue::N(_) => ScalarType::N,
            KeyValue::B(_) => ScalarType::B,
        }
    }
    fn part(&self) -> key_bytes::Part<'_> {
        match self {
            KeyValue::S(s) => key_bytes::Part::Bytes(s.as_bytes()),
            KeyValue::N(n) => key_bytes::Part::Number(n),
            KeyValue::B(b) => key_bytes::Part::Bytes(b),
        }
    }
}

/// Where an item lives: its partition key and, for tables with one, its sort key, encoded so that comparing
/// the bytes compares the keys in DynamoDB's order (hash, then range; N by value, S and B by unsigned bytes).
/// The table stores this encoding in front of each item and searches by it, so a lookup builds no decoded key
/// and a comparison is a byte comparison (see `key_bytes`). `hash()` and `range()` decode the parts.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PrimaryKey {
    bytes: key_bytes::KeyBytes,
    types: KeyTypes,
}

/// The types of a key's parts (needed to decode them; one table's keys all have the same).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyTypes {
    pub hash: ScalarType,
    pub range: Option<ScalarType>,
}

impl PrimaryKey {
    pub fn new(hash: KeyValue, range: Option<KeyValue>) -> PrimaryKey {
        let types = KeyTypes {
            hash: hash.scalar_type(),
            range: range.as_ref().map(KeyValue::scalar_type),
        };
        let hash = hash.part();
        let range = range.as_ref().map(KeyValue::part);
        PrimaryKey {
            bytes: key_bytes::encode(hash, range),
            types,
        }
    }
    /// A key from its encoding (a table entry's key bytes).
    pub(crate) fn from_bytes(bytes: &[u8], types: KeyTypes) -> PrimaryKey {
        PrimaryKey {
            bytes: key_bytes::KeyBytes::from_slice(bytes),
            types,
        }
    }
    /// The encoding: byte order is key order.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.as_slice()
    }
    pub fn types(&self) -> KeyTypes {
        self.types
    }
    /// The partition key value.
    pub fn hash(&self) -> KeyValue {
        self.parts().0
    }
    /// The sort key value, for tables with one.
    pub fn range(&self) -> Option<KeyValue> {
        self.parts().1
    }
    fn parts(&self) -> (KeyValue, Option<KeyValue>) {
        let decoded = key_bytes::decode(self.bytes.as_slice(), self.types);
        debug_assert!(decoded.is_some(), "a damaged key encoding");
        decoded.unwrap_or_else(|| (KeyValue::S(String::new()), None))
    }
}

impl std::fmt::Debug for PrimaryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (hash, range) = self.parts();
        f.debug_struct("PrimaryKey")
            .field("hash", &hash)
            .field("range", &range)
            .finish()
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

    /// The types of this schema's key parts.
    pub fn types(&self) -> KeyTypes {
        KeyTypes {
            hash: self.hash.attribute_type,
            range: self.range.as_ref().map(|a| a.attribute_type),
        }
    }

    /// The key encoded from its parts (already checked against this schema's types).
    fn key_from_parts(&self, hash: &AttributeValue, range: Option<&AttributeValue>) -> PrimaryKey {
        PrimaryKey {
            bytes: key_bytes::encode(value_part(hash), range.map(value_part)),
            types: self.types(),
        }
    }

    /// The key of a full item (PutItem, a transact Put): missing or wrong-typed key attributes give DynamoDB's
    /// `Missing the key` / `Type mismatch for key` messages, in schema order (hash first).
    pub fn key_of_item(&self, item: &Item) -> Result<PrimaryKey, String> {
        self.key_of_item_values(&self.key_values(item))
    }

    /// `key_of_item` on key values already looked up (`key_values`).
    pub fn key_of_item_values(&self, values: &KeyValues<'_>) -> Result<PrimaryKey, String> {
        let hash = key_part_of_item(&self.hash, values.hash)?;
        let range = match &self.range {
            Some(attr) => Some(key_part_of_item(attr, values.range)?),
            None => None,
        };
        Ok(self.key_from_parts(hash, range))
    }

    /// The key attributes' values in `item`, looked up once for the checks and the key that need them.
    pub fn key_values<'i>(&self, item: &'i Item) -> KeyValues<'i> {
        KeyValues {
            hash: item.get(&self.hash.name),
            range: self.range.as_ref().and_then(|a| item.get(&a.name)),
            len: item.len(),
        }
    }

    /// `key_values` of a `Key` map kept as a `AttributeList`.
    pub fn key_values_of_map<'i>(&self, key: &'i AttributeList) -> KeyValues<'i> {
        KeyValues {
            hash: key.get(&self.hash.name),
            range: self.range.as_ref().and_then(|a| key.get(&a.name)),
            len: key.len(),
        }
    }

    /// The key of a `Key` map (GetItem, UpdateItem, DeleteItem, transact Update/Delete/ConditionCheck/Get): it
    /// must hold exactly the key attributes with the right types, else `The provided key element does not
    /// match the schema`.
    pub fn key_of_key_map(&self, key: &Item) -> Result<PrimaryKey, String> {
        self.key_of_key_map_values(&self.key_values(key))
    }

    /// `key_of_key_map` on key values already looked up (`key_values`).
    pub fn key_of_key_map_values<'i>(&self, values: &KeyValues<'i>) -> Result<PrimaryKey, String> {
        if values.len != self.len() {
            return Err(messages::KEY_SCHEMA_MISMATCH.to_string());
        }
        let part = |attr: &KeyAttribute,
                    value: Option<&'i AttributeValue>|
         -> Result<&'i AttributeValue, String> {
            match value {
                Some(v) if attr.attribute_type.matches(v) => Ok(v),
                _ => Err(messages::KEY_SCHEMA_MISMATCH.to_string()),
            }
        };
        let hash = part(&self.hash, values.hash)?;
        let range = match &self.range {
            Some(attr) => Some(part(attr, values.range)?),
            None => None,
        };
        Ok(self.key_from_parts(hash, range))
    }

    /// The key under which an item appears in an index with this schema, or `None` when the item lacks an index
    /// key attribute or has it with another type (sparse indexes).
    pub fn index_key_of(&self, item: &Item) -> Option<PrimaryKey> {
        self.index_key_with(|name| item.get(name))
    }

    /// `index_key_of` for a stored item image: only the key attributes are decoded.
    pub fn index_key_of_image(&self, image: ImageRef<'_>) -> Option<PrimaryKey> {
        let hash = image.get(&self.hash.name);
        let range = self.range.as_ref().map(|a| image.get(&a.name));
        self.index_key_with(|name| {
            if name == self.hash.name {
                hash.as_ref()
            } else {
                range.as_ref().and_then(Option::as_ref)
            }
        })
    }

    fn index_key_with<'v>(
        &self,
        get: impl Fn(&str) -> Option<&'v AttributeValue>,
    ) -> Option<PrimaryKey> {
        let part = |attr: &KeyAttribute| -> Option<&'v AttributeValue> {
            get(&attr.name).filter(|v| attr.attribute_type.matches(v))
        };
        let hash = part(&self.hash)?;
        let range = match &self.range {
            Some(attr) => Some(part(attr)?),
            None => None,
        };
        Some(self.key_from_parts(hash, range))
    }

    /// The key of a table entry (its key bytes).
    pub fn key_from_bytes(&self, bytes: &[u8]) -> PrimaryKey {
        PrimaryKey::from_bytes(bytes, self.types())
    }

    /// The key attributes of an item as a `Key` map (absent attributes are skipped).
    pub fn key_map_of(&self, item: &Item) -> Item {
        let mut map = Item::new();
        for a in self.attributes() {
            if let Some(v) = item.get(&a.name) {
                map.insert(a.name.clone(), v.clone());
            }
        }
        map
    }

    /// The key attributes of an item as a `Key` map, moved out of the item.
    pub fn take_key_map(&self, item: &mut Item) -> Item {
        let mut map = Item::new();
        for a in self.attributes() {
            if let Some((name, v)) = item.remove_entry(&a.name) {
                map.insert(name, v);
            }
        }
        map
    }

    /// The `Key` map of a normalised key.
    pub fn key_map(&self, key: &PrimaryKey) -> Item {
        let mut map = Item::new();
        let (hash, range) = key.parts();
        map.insert(self.hash.name.clone(), hash.to_attribute());
        if let (Some(attr), Some(range)) = (&self.range, range) {
            map.insert(attr.name.clone(), range.to_attribute());
        }
        map
    }

    /// Size limits of key values (spec §5): partition key 2048 bytes, sort key 1024 bytes. Numbers have none.
    pub fn check_key_sizes(&self, item: &Item) -> Result<(), String> {
        self.check_key_sizes_of(&self.key_values(item))
    }

    /// `check_key_sizes` on key values already looked up (`key_values`).
    pub fn check_key_sizes_of(&self, values: &KeyValues<'_>) -> Result<(), String> {
        if let Some(v) = values.hash {
            if key_value_len(v) > MAX_HASH_KEY_BYTES {
                return Err(messages::HASH_KEY_TOO_LARGE.to_string());
            }
        }
        if let Some(v) = values.range {
            if key_value_len(v) > MAX_RANGE_KEY_BYTES {
                return Err(messages::RANGE_KEY_TOO_LARGE.to_string());
            }
        }
        Ok(())
    }

    /// `check_empty_key_values` for this schema's key attributes (hash, then range) on values already looked
    /// up.
    pub fn check_empty_key_values_of(&self, values: &KeyValues<'_>) -> Result<(), String> {
        if let Some(v) = values.hash {
            check_empty_key_value(&self.hash.name, v)?;
        }
        if let (Some(attr), Some(v)) = (&self.range, values.range) {
            check_empty_key_value(&attr.name, v)?;
        }
        Ok(())
    }
}

/// The values of a schema's key attributes in one item or `Key` map (`KeySchema::key_values`): the size,
/// empty-value and key checks of one action read them from here instead of looking each one up again.
#[derive(Clone, Copy, Debug)]
pub struct KeyValues<'i> {
    hash: Option<&'i AttributeValue>,
    /// `None` also when the schema has no sort key.
    range: Option<&'i AttributeValue>,
    /// How many attributes the item or map holds.
    len: usize,
}

/// A key attribute value as the encoder reads it (the caller has checked its type: S, N or B).
fn value_part(value: &AttributeValue) -> key_bytes::Part<'_> {
    match value {
        AttributeValue::N(n) => key_bytes::Part::Number(n),
        AttributeValue::S(s) => key_bytes::Part::Bytes(s.as_bytes()),
        AttributeValue::B(b) => key_bytes::Part::Bytes(b),
        // Not a key type: never reached (types are checked first); encodes as empty bytes.
        _ => key_bytes::Part::Bytes(&[]),
    }
}

fn key_part_of_item<'i>(
    attr: &KeyAttribute,
    value: Option<&'i AttributeValue>,
) -> Result<&'i AttributeValue, String> {
    match value {
        None => Err(messages::missing_key_in_item(&attr.name)),
        Some(v) if attr.attribute_type.matches(v) => Ok(v),
        Some(v) => Err(messages::key_type_mismatch(
            &attr.name,
            attr.attribute_type.name(),
            v.type_name(),
        )),
    }
}

fn key_value_len(value: &AttributeValue) -> usize {
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
        if let Some(value) = item.get(name) {
            check_empty_key_value(name, value)?;
        }
    }
    Ok(())
}

/// `check_empty_key_values` for every attribute of a `Key` map, in the map's order (without looking each one
/// up again).
pub fn check_empty_key_map(key: &Item) -> Result<(), String> {
    key.iter()
        .try_for_each(|(name, value)| check_empty_key_value(name, value))
}

/// `check_empty_key_map` for a `AttributeList` (same order: by name).
pub fn check_empty_key_entries(key: &AttributeList) -> Result<(), String> {
    key.iter()
        .try_for_each(|(name, value)| check_empty_key_value(name, value))
}

fn check_empty_key_value(name: &str, value: &AttributeValue) -> Result<(), String> {
    match value {
        AttributeValue::S(s) if s.is_empty() => Err(messages::key_empty_string(name)),
        AttributeValue::B(b) if b.is_empty() => Err(messages::key_empty_binary(name)),
        _ => Ok(()),
    }
}

/// The bytes every key of partition `hash` starts with, for a table with a range key; for a table without
/// one, the whole key.
pub(crate) fn partition_bytes(hash: &KeyValue, has_range: bool) -> Vec<u8> {
    if has_range {
        key_bytes::hash_prefix(hash.part())
    } else {
        key_bytes::encode(hash.part(), None).as_slice().to_vec()
    }
}
