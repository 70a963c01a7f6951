//! Checks and helpers shared by the operations: table lookup, value validation, item limits, index keys,
//! ReturnValues and ItemCollectionMetrics.

use crate::engine::database::Database;
use crate::engine::error::ApiError;
use crate::engine::item::{Item, MAX_ITEM_SIZE};
use crate::engine::key::AttributeList;
use crate::engine::messages;
use crate::engine::table::{Table, TableSchema};
use crate::engine::value::{AttributeValue, ValueLayer};

use super::expressions::ParsedUpdate;
use super::projection::PathTree;
use super::{ItemCollectionMetrics, ReturnValues, WireMap};

/// Deepest nesting DynamoDB stores, counting the top-level attribute as level 1 (spec §6.4).
pub const MAX_NESTING_DEPTH: usize = 32;

/// `TableName` members accept a table ARN (`arn:aws:dynamodb:<region>:<account>:table/<name>`) as well.
#[inline]
pub fn table_name_of(name: &str) -> &str {
    if name.starts_with("arn:") {
        return table_name_of_arn(name);
    }
    name
}

/// `table_name_of` for a name that starts like an ARN.
#[inline(never)]
fn table_name_of_arn(name: &str) -> &str {
    if let Some(pos) = name.find(":table/") {
        let rest = &name[pos + ":table/".len()..];
        return rest.split('/').next().unwrap_or(rest);
    }
    name
}

/// The table, or `ResourceNotFoundException: Requested resource not found` (item operations).
pub fn find_table<'a>(db: &'a Database, name: &str) -> Result<&'a Table, ApiError> {
    db.table(table_name_of(name)).ok_or_else(|| {
        ApiError::new(
            crate::engine::ErrorType::ResourceNotFoundException,
            messages::RESOURCE_NOT_FOUND,
        )
    })
}

/// Validate an Item or Key map (stage 2 of spec §6).
pub fn validate_attribute_map(map: &WireMap, layer: ValueLayer) -> Result<Item, ApiError> {
    validate_sized_attribute_map(map, layer).map(|(item, _)| item)
}

/// `validate_attribute_map` with the item's size (spec §7.1), counted as the values are built.
pub fn validate_sized_attribute_map(
    map: &WireMap,
    layer: ValueLayer,
) -> Result<(Item, usize), ApiError> {
    let mut item = Item::new();
    let mut size: usize = 0;
    for (name, wire) in map.entries() {
        if name.is_empty() {
            return Err(ApiError::validation(messages::EMPTY_ATTRIBUTE_NAME));
        }
        let value = wire.validate(layer)?;
        let added = name.len() + value.size();
        // A name given twice keeps its last value (as the map does): count only that one.
        if let Some(old) = item.insert(name.clone(), value) {
            size = size.saturating_sub(name.len() + old.size());
        }
        size += added;
    }
    Ok((item, size))
}

/// `validate_sized_attribute_map` on a map handed over: names and strings move into the item (same result,
/// same errors in the same order).
pub fn validate_sized_owned_map(
    map: WireMap,
    layer: ValueLayer,
) -> Result<(Item, usize), ApiError> {
    let mut item = Item::new();
    let mut size: usize = 0;
    for (name, wire) in map.into_entries() {
        if name.is_empty() {
            return Err(ApiError::validation(messages::EMPTY_ATTRIBUTE_NAME));
        }
        let value = wire.into_validated(layer)?;
        let name_len = name.len();
        let added = name_len + value.size();
        if let Some(old) = item.insert(name, value) {
            size = size.saturating_sub(name_len + old.size());
        }
        size += added;
    }
    Ok((item, size))
}

/// `validate_sized_attribute_map` for a `Key` map: the same checks in the same order, kept as a `AttributeList`
/// (no `Item` built) with its size.
pub fn validate_sized_key_map(
    map: &WireMap,
    layer: ValueLayer,
) -> Result<(AttributeList, usize), ApiError> {
    if let [(name, wire)] = map.entries() {
        if name.is_empty() {
            return Err(ApiError::validation(messages::EMPTY_ATTRIBUTE_NAME));
        }
        let key = AttributeList::one(name.clone(), wire.validate(layer)?);
        let size = key.size();
        return Ok((key, size));
    }
    let mut entries = Vec::with_capacity(map.len());
    for (name, wire) in map.entries() {
        if name.is_empty() {
            return Err(ApiError::validation(messages::EMPTY_ATTRIBUTE_NAME));
        }
        entries.push((name.clone(), wire.validate(layer)?));
    }
    let key = AttributeList::from_entries(entries);
    let size = key.size();
    Ok((key, size))
}

/// `validate_sized_key_map` on a map handed over: names and strings move into the key.
pub fn validate_sized_owned_key_map(
    map: WireMap,
    layer: ValueLayer,
) -> Result<(AttributeList, usize), ApiError> {
    // One attribute (a partition key, the usual `Key`): kept inline, no list allocated.
    if map.len() == 1 {
        if let Some((name, wire)) = map.into_entries().into_iter().next() {
            if name.is_empty() {
                return Err(ApiError::validation(messages::EMPTY_ATTRIBUTE_NAME));
            }
            let key = AttributeList::one(name, wire.into_validated(layer)?);
            let size = key.size();
            return Ok((key, size));
        }
        return Ok((AttributeList::default(), 0));
    }
    let mut entries = Vec::with_capacity(map.len());
    for (name, wire) in map.into_entries() {
        if name.is_empty() {
            return Err(ApiError::validation(messages::EMPTY_ATTRIBUTE_NAME));
        }
        entries.push((name, wire.into_validated(layer)?));
    }
    let key = AttributeList::from_entries(entries);
    let size = key.size();
    Ok((key, size))
}

/// Validate ExpressionAttributeValues; the older layer wraps each message with the placeholder (spec §6.2).
pub fn validate_expression_values(
    map: Option<&WireMap>,
    layer: ValueLayer,
) -> Result<Option<Item>, ApiError> {
    let Some(map) = map else { return Ok(None) };
    let mut values = Item::new();
    for (name, wire) in map.entries() {
        let value = wire.validate(layer).map_err(|e| {
            if layer == ValueLayer::Older
                && e.error_type == crate::engine::ErrorType::ValidationException
            {
                ApiError::validation(messages::values_invalid_value(&e.message, name))
            } else {
                e
            }
        })?;
        values.insert(name.clone(), value);
    }
    Ok(Some(values))
}

/// Whether every attribute nests at most 32 levels.
pub fn nesting_ok(item: &Item) -> bool {
    item.values().all(|v| v.depth() <= MAX_NESTING_DEPTH)
}

/// A written item's limits: nesting depth, then size (409,600 bytes inclusive). `too_large` is the message of
/// the surface (Put or Update).
pub fn check_item_limits(item: &Item, size: usize, too_large: &str) -> Result<(), String> {
    if !nesting_ok(item) {
        return Err(messages::NESTING_TOO_DEEP.to_string());
    }
    if size > MAX_ITEM_SIZE {
        return Err(too_large.to_string());
    }
    Ok(())
}

/// `check_item_limits` for an item kept as an `AttributeList`.
pub fn check_list_limits(item: &AttributeList, size: usize, too_large: &str) -> Result<(), String> {
    if !item.nests_within(MAX_NESTING_DEPTH) {
        return Err(messages::NESTING_TOO_DEEP.to_string());
    }
    if size > MAX_ITEM_SIZE {
        return Err(too_large.to_string());
    }
    Ok(())
}

/// Secondary-index key attributes of a written item: the right type and not empty (spec §5). `from_update`
/// chooses the UpdateExpression wording.
pub fn check_index_keys(
    schema: &TableSchema,
    item: &Item,
    from_update: bool,
) -> Result<(), String> {
    check_index_keys_with(
        schema,
        |name| item.get(name).map(std::borrow::Cow::Borrowed),
        from_update,
    )
}

/// `check_index_keys` on an item image (only the index key attributes are decoded).
pub fn check_index_keys_of_image(
    schema: &TableSchema,
    image: crate::engine::image::ImageRef<'_>,
    from_update: bool,
) -> Result<(), String> {
    check_index_keys_with(
        schema,
        |name| image.get(name).map(std::borrow::Cow::Owned),
        from_update,
    )
}

pub(super) fn check_index_keys_with<'i>(
    schema: &TableSchema,
    get: impl Fn(&str) -> Option<std::borrow::Cow<'i, AttributeValue>>,
    from_update: bool,
) -> Result<(), String> {
    for (index, _) in schema.indexes() {
        for attr in index.key_schema.attributes() {
            if schema.key_schema.contains(&attr.name) {
                continue;
            }
            let Some(value) = get(&attr.name) else {
                continue;
            };
            let value = &*value;
            if !attr.attribute_type.matches(value) {
                return Err(if from_update {
                    messages::UPDATE_INDEX_KEY_TYPE.to_string()
                } else {
                    messages::index_key_type_mismatch(
                        &attr.name,
                        attr.attribute_type.name(),
                        value.type_name(),
                        &index.name,
                    )
                });
            }
            let (empty_s, empty_b) = match value {
                AttributeValue::S(s) => (s.is_empty(), false),
                AttributeValue::B(b) => (false, b.is_empty()),
                _ => (false, false),
            };
            if empty_s {
                return Err(if from_update {
                    messages::UPDATE_INDEX_KEY_EMPTY_STRING.to_string()
                } else {
                    messages::index_key_empty_string(&index.name, &attr.name)
                });
            }
            if empty_b {
                return Err(if from_update {
                    messages::UPDATE_INDEX_KEY_EMPTY_BINARY.to_string()
                } else {
                    messages::index_key_empty_binary(&index.name, &attr.name)
                });
            }
        }
    }
    Ok(())
}

/// ItemCollectionMetrics for a write to a table with a local secondary index (spec §1.7): the partition key
/// and DynamoDB's estimate for a small collection.
pub fn collection_metrics(schema: &TableSchema, item: &Item) -> Option<ItemCollectionMetrics> {
    if !schema.has_local_indexes() {
        return None;
    }
    let hash = &schema.key_schema.hash.name;
    let value = item.get(hash)?;
    let mut key = Item::new();
    key.insert(hash.clone(), value.clone());
    Some(ItemCollectionMetrics {
        item_collection_key: key,
        size_estimate_range_gb: (0.0, 1.0),
    })
}

/// The paths an UpdateExpression writes (for UPDATED_OLD / UPDATED_NEW).
pub fn updated_paths(
    update: &ParsedUpdate,
    names: &std::collections::BTreeMap<String, String>,
) -> PathTree {
    let mut tree = PathTree::new();
    for clause in &update.tree.clauses {
        for action in &clause.actions {
            if let Some(segments) = crate::engine::expr::path::resolve(action.path(), names) {
                tree.insert(&segments);
            }
        }
    }
    tree
}

/// The `Attributes` of a write response; `None` when there is nothing to return.
pub fn return_attributes(
    return_values: ReturnValues,
    old: Option<&Item>,
    new: Option<&Item>,
    updated: Option<&PathTree>,
) -> Option<Item> {
    let picked = match return_values {
        ReturnValues::None => None,
        ReturnValues::AllOld => old.cloned(),
        ReturnValues::AllNew => new.cloned(),
        ReturnValues::UpdatedOld => old.map(|i| updated.map(|t| t.apply(i)).unwrap_or_default()),
        ReturnValues::UpdatedNew => new.map(|i| updated.map(|t| t.apply(i)).unwrap_or_default()),
    };
    picked.filter(|i| !i.is_empty())
}

/// The item a Put or a Delete replaces, decoded only when something reads it: the condition, ALL_OLD, or the
/// capacity of the table's indexes (the stored image is kept for the trace either way).
pub fn old_item_if_read(
    before: Option<crate::engine::table::Row<'_>>,
    schema: &TableSchema,
    has_condition: bool,
    return_values: ReturnValues,
    return_consumed_capacity: super::ReturnConsumedCapacity,
) -> Option<Item> {
    let wants_old = has_condition
        || return_values == ReturnValues::AllOld
        || (return_consumed_capacity != super::ReturnConsumedCapacity::None
            && schema.indexes().next().is_some());
    if wants_old {
        before.map(|r| r.item())
    } else {
        None
    }
}

/// ConditionalCheckFailedException, with the existing item when ALL_OLD was asked for (spec §1.9).
pub fn condition_failed(all_old: bool, old: Option<&Item>) -> super::OpError {
    super::OpError {
        error: ApiError::new(
            crate::engine::ErrorType::ConditionalCheckFailedException,
            messages::CONDITIONAL_CHECK_FAILED,
        ),
        cancellation_reasons: None,
        item: if all_old { old.cloned() } else { None },
    }
}

/// Capacity of a single-item write (spec §1.8 without the transactional doubling): the larger of the item
/// before and after, per started KB, plus the index arms.
pub fn single_write_capacity(
    schema: &TableSchema,
    mode: crate::engine::capacity::ReturnConsumedCapacity,
    old: Option<&Item>,
    old_size: usize,
    new: Option<&Item>,
    new_size: usize,
) -> Option<crate::engine::capacity::ConsumedCapacity> {
    use crate::engine::capacity::{self, CapacityKind, ConsumedCapacity, ReturnConsumedCapacity};
    if mode == ReturnConsumedCapacity::None {
        return None;
    }
    let mut c = ConsumedCapacity::new(&schema.name, CapacityKind::Write, false);
    c.add_table(capacity::write_units(old_size.max(new_size)));
    for (name, global, units) in capacity::index_write_units(schema, old, new) {
        c.add_index(&name, global, units);
    }
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The owned form answers as the borrowed one: the item and size, or the first error (in document order).
    #[test]
    fn owned_map_validates_as_the_borrowed_one() {
        let maps = [
            json!({"pk": {"S": "a"}, "n": {"N": "1.50"}, "b": {"B": "AAE="}, "l": {"L": [{"S": "x"}]}}),
            json!({"pk": {"S": ""}, "m": {"M": {"k": {"SS": ["a", "b"]}}}}),
            json!({"a": {"N": "x"}, "": {"S": "b"}}),
            json!({"": {"S": "b"}, "a": {"N": "x"}}),
            json!({"a": {"S": "b", "N": "1"}}),
            json!({"a": {}}),
            json!({"a": {"NULL": false}}),
        ];
        for map in maps {
            let wire = super::super::wire::parse_map(&map).expect("wire shape");
            for layer in [ValueLayer::Older, ValueLayer::Current] {
                let borrowed = validate_sized_attribute_map(&wire, layer);
                let owned = validate_sized_owned_map(wire.clone(), layer);
                assert_eq!(
                    format!("{owned:?}"),
                    format!("{borrowed:?}"),
                    "{map} ({layer:?})"
                );
            }
        }
    }
}
