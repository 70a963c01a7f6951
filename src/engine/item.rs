//! Items: attribute name -> value, kept in name order so that every rendering is deterministic.

use std::collections::BTreeMap;

use super::value::AttributeValue;

/// A DynamoDB item (or a Key, or a map of expression attribute values).
pub type Item = BTreeMap<String, AttributeValue>;

/// The largest item DynamoDB stores: 400 KB, inclusive (spec §7.1).
pub const MAX_ITEM_SIZE: usize = 409_600;

/// Item size per spec §7.1: for each attribute, UTF-8 bytes of the name plus the size of the value.
pub fn item_size(_item: &Item) -> usize {
    todo!()
}
