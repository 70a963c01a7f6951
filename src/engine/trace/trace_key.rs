//! The key an action targeted, as its trace keeps it. A transaction's action already has the key encoded
//! (`PrimaryKey`, inline for short keys) and the table's key schema (shared), which together make the `Key` map
//! on demand: keeping those instead of the map costs no allocation per action and nothing to free. Single-item
//! requests, and traces read back from a session file, keep the map itself. Serialized as the map, so saved
//! traces keep their shape.

use std::borrow::Cow;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::engine::item::Item;
use crate::engine::key::{KeySchema, PrimaryKey};

/// An action's key attributes (see the module comment).
#[derive(Clone)]
pub enum TraceKey {
    /// The encoded key and the key schema of the table it belongs to.
    Encoded {
        schema: Arc<KeySchema>,
        key: PrimaryKey,
    },
    /// The `Key` map.
    Map(Item),
}

impl TraceKey {
    /// The `Key` map.
    pub fn to_item(&self) -> Cow<'_, Item> {
        match self {
            TraceKey::Encoded { schema, key } => Cow::Owned(schema.key_map(key)),
            TraceKey::Map(map) => Cow::Borrowed(map),
        }
    }
    /// The key in a table with key schema `schema`, or DynamoDB's message when the map does not fit it.
    pub fn primary_key(&self, schema: &KeySchema) -> Result<PrimaryKey, String> {
        match self {
            TraceKey::Encoded { schema: own, key } if **own == *schema => Ok(key.clone()),
            _ => schema.key_of_key_map(&self.to_item()),
        }
    }
}

impl From<Item> for TraceKey {
    fn from(map: Item) -> TraceKey {
        TraceKey::Map(map)
    }
}

/// Keys compare as the maps they stand for, however they are kept.
impl PartialEq for TraceKey {
    fn eq(&self, other: &TraceKey) -> bool {
        self.to_item() == other.to_item()
    }
}

impl Eq for TraceKey {}

impl std::fmt::Debug for TraceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.to_item().fmt(f)
    }
}

impl Serialize for TraceKey {
    fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        self.to_item().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for TraceKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<TraceKey, D::Error> {
        Item::deserialize(deserializer).map(TraceKey::Map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::key::{KeyAttribute, ScalarType};
    use crate::engine::number::Number;
    use crate::engine::value::AttributeValue;

    /// An encoded key serializes, compares and converts exactly as its map does, with either key order of
    /// the attribute names; read back, it is that map.
    #[test]
    fn encoded_keys_are_their_maps() {
        for (hash, range) in [("pk", "sk"), ("z", "a")] {
            let schema = KeySchema {
                hash: KeyAttribute {
                    name: hash.into(),
                    attribute_type: ScalarType::S,
                },
                range: Some(KeyAttribute {
                    name: range.into(),
                    attribute_type: ScalarType::N,
                }),
            };
            let mut map = Item::new();
            map.insert(hash.into(), AttributeValue::S("a\u{0}b".into()));
            map.insert(range.into(), AttributeValue::N(Number::from_u64(42)));
            let key = schema.key_of_key_map(&map).expect("key");
            let encoded = TraceKey::Encoded {
                schema: Arc::new(schema.clone()),
                key: key.clone(),
            };
            let plain = TraceKey::Map(map.clone());
            assert_eq!(encoded, plain);
            assert_eq!(*encoded.to_item(), map);
            let json = serde_json::to_string(&encoded).expect("serializes");
            assert_eq!(json, serde_json::to_string(&map).expect("serializes"));
            let back: TraceKey = serde_json::from_str(&json).expect("deserializes");
            assert_eq!(back, encoded);
            assert_eq!(back.primary_key(&schema), Ok(key.clone()));
            assert_eq!(encoded.primary_key(&schema), Ok(key));
        }
    }
}
