//! What Query and Scan share: the table or index read, `Select`, ExclusiveStartKey, one page of results
//! (Limit, the 1 MB page, LastEvaluatedKey), FilterExpression, projection and read capacity.

use std::borrow::Cow;

use crate::engine::capacity::{self, CapacityKind, ConsumedCapacity};
use crate::engine::database::Database;
use crate::engine::error::ApiError;
use crate::engine::expr::ExpressionAttributes;
use crate::engine::item::Item;
use crate::engine::key::{KeySchema, PrimaryKey};
use crate::engine::messages;
use crate::engine::table::{ProjectionType, Row, SecondaryIndex, Table};
use crate::engine::trace::{ActionTrace, ActionType, RequestTrace};
use crate::engine::value::ValueLayer;

use super::common;
use super::expressions::{self, ParsedCondition};
use super::projection::PathTree;
use super::{ReturnConsumedCapacity, WireMap};

/// DynamoDB stops a page after reading 1 MB.
pub const PAGE_BYTES: usize = 1024 * 1024;

/// `Select`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Select {
    AllAttributes,
    AllProjectedAttributes,
    SpecificAttributes,
    Count,
}

impl Select {
    pub fn parse(text: &str) -> Option<Select> {
        Some(match text {
            "ALL_ATTRIBUTES" => Select::AllAttributes,
            "ALL_PROJECTED_ATTRIBUTES" => Select::AllProjectedAttributes,
            "SPECIFIC_ATTRIBUTES" => Select::SpecificAttributes,
            "COUNT" => Select::Count,
            _ => return None,
        })
    }
    pub fn name(self) -> &'static str {
        match self {
            Select::AllAttributes => "ALL_ATTRIBUTES",
            Select::AllProjectedAttributes => "ALL_PROJECTED_ATTRIBUTES",
            Select::SpecificAttributes => "SPECIFIC_ATTRIBUTES",
            Select::Count => "COUNT",
        }
    }
}

/// What Query and Scan return.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadOutput {
    /// `None` with Select COUNT (the response then has no `Items`).
    pub items: Option<Vec<Item>>,
    pub count: usize,
    pub scanned_count: usize,
    pub last_evaluated_key: Option<Item>,
    pub consumed_capacity: Option<ConsumedCapacity>,
}

/// The table or index being read.
#[derive(Clone, Copy)]
pub struct Target<'a> {
    pub table: &'a Table,
    /// The index and whether it is global.
    pub index: Option<(&'a SecondaryIndex, bool)>,
}

impl<'a> Target<'a> {
    /// The key schema of what is read.
    pub fn key_schema(&self) -> &'a KeySchema {
        match self.index {
            Some((index, _)) => &index.key_schema,
            None => &self.table.schema.key_schema,
        }
    }
    /// What a read can see of an item: GSIs hold only their projection; LSIs fetch the rest from the table.
    fn visible<'i>(&self, item: &'i Item) -> Cow<'i, Item> {
        match self.index {
            Some((index, true)) if index.projection.projection_type != ProjectionType::All => {
                Cow::Owned(index.project(&self.table.schema.key_schema, item))
            }
            _ => Cow::Borrowed(item),
        }
    }
    fn read_size(&self, item: &Item, size: usize) -> usize {
        match self.index {
            Some((index, _)) => {
                capacity::projected_size(index, &self.table.schema.key_schema, item)
            }
            None => size,
        }
    }
    /// LastEvaluatedKey: the table's key attributes, plus the index's for index reads.
    fn key_of(&self, item: &Item) -> Item {
        let mut key = self.table.schema.key_schema.key_map_of(item);
        if let Some((index, _)) = self.index {
            key.extend(index.key_schema.key_map_of(item));
        }
        key
    }
}

/// Table and index lookup with the Select / ConsistentRead rules.
pub struct ReadSetup<'a> {
    pub target: Target<'a>,
    pub select: Select,
}

pub fn setup<'a>(
    db: &'a Database,
    table_name: &str,
    index_name: Option<&str>,
    select: Option<Select>,
    has_projection: bool,
    consistent_read: bool,
) -> Result<ReadSetup<'a>, ApiError> {
    let table = common::find_table(db, table_name)?;
    let index = match index_name {
        Some(name) => Some(
            table
                .schema
                .index(name)
                .ok_or_else(|| ApiError::validation(messages::index_not_found(name)))?,
        ),
        None => None,
    };
    if let Some((_, true)) = index {
        if consistent_read {
            return Err(ApiError::validation(messages::GSI_CONSISTENT_READ));
        }
    }
    let select = match select {
        Some(Select::SpecificAttributes) if has_projection => Select::SpecificAttributes,
        Some(Select::SpecificAttributes) => {
            return Err(ApiError::validation(
                messages::SELECT_SPECIFIC_WITHOUT_PROJECTION,
            ))
        }
        Some(other) if has_projection => {
            return Err(ApiError::validation(messages::select_with_projection(
                other.name(),
            )))
        }
        Some(s) => s,
        None if has_projection => Select::SpecificAttributes,
        None if index.is_some() => Select::AllProjectedAttributes,
        None => Select::AllAttributes,
    };
    match (select, index) {
        (Select::AllProjectedAttributes, None) => {
            return Err(ApiError::validation(
                messages::SELECT_ALL_PROJECTED_ON_TABLE,
            ))
        }
        (Select::AllAttributes, Some((i, true)))
            if i.projection.projection_type != ProjectionType::All =>
        {
            return Err(ApiError::validation(
                messages::select_all_attributes_on_index(&i.name),
            ))
        }
        _ => {}
    }
    Ok(ReadSetup {
        target: Target { table, index },
        select,
    })
}

/// Validate an ExclusiveStartKey: valid values, exactly the table's (and index's) key attributes with their
/// types. Returns the table key and, for index reads, the index key.
pub fn start_key(
    target: &Target<'_>,
    wire: &WireMap,
) -> Result<(Item, PrimaryKey, Option<PrimaryKey>), ApiError> {
    let key = common::validate_attribute_map(wire, ValueLayer::Current)
        .map_err(|e| ApiError::validation(messages::exclusive_start_key_invalid(&e.message)))?;
    let table_keys = &target.table.schema.key_schema;
    let invalid = || ApiError::validation(messages::STARTING_KEY_INVALID);
    let mut expected: Vec<&str> = table_keys.attributes().map(|a| a.name.as_str()).collect();
    if let Some((index, _)) = target.index {
        for a in index.key_schema.attributes() {
            if !expected.contains(&a.name.as_str()) {
                expected.push(&a.name);
            }
        }
    }
    if key.len() != expected.len() || key.keys().any(|k| !expected.contains(&k.as_str())) {
        return Err(invalid());
    }
    let table_key = table_keys
        .key_of_key_map(&table_keys.key_map_of(&key))
        .map_err(|_| invalid())?;
    let index_key = match target.index {
        Some((index, _)) => Some(index.key_schema.index_key_of(&key).ok_or_else(invalid)?),
        None => None,
    };
    Ok((key, table_key, index_key))
}

/// One item a read looks at.
pub struct Candidate<'a> {
    pub row: Row<'a>,
}

/// The page settings shared by Query and Scan.
pub struct PageSettings<'a> {
    pub target: Target<'a>,
    pub select: Select,
    pub limit: Option<usize>,
    pub consistent_read: bool,
    pub projection: Option<PathTree>,
    pub filter: Option<&'a ParsedCondition>,
    pub attrs: &'a ExpressionAttributes,
    pub return_consumed_capacity: ReturnConsumedCapacity,
}

/// Read one page from `candidates` (already positioned after the ExclusiveStartKey, in read order).
pub fn read_page<'a>(
    settings: &PageSettings<'a>,
    candidates: impl Iterator<Item = Candidate<'a>>,
    trace: &mut RequestTrace,
) -> ReadOutput {
    let target = &settings.target;
    let table_name = target.table.name();
    let mut items = Vec::new();
    let mut count = 0;
    let mut scanned = 0;
    let mut bytes = 0usize;
    let mut last_key = None;
    for candidate in candidates {
        if settings.limit.is_some_and(|l| scanned >= l) || bytes >= PAGE_BYTES {
            break;
        }
        scanned += 1;
        let item = candidate.row.item();
        bytes += target.read_size(&item, candidate.row.size());
        let visible = target.visible(&item);
        let mut action = ActionTrace::new(
            trace.actions.len(),
            ActionType::Read,
            target.table.shared_name().clone(),
        );
        action.key = Some(target.table.schema.key_schema.key_map_of(&item).into());
        let passed = match settings.filter {
            Some(filter) => {
                let result = expressions::evaluate(filter, Some(&visible), settings.attrs);
                let passed = result.result;
                action.condition = Some(result);
                passed
            }
            None => true,
        };
        trace.actions.push(action);
        let reached_end = settings.limit.is_some_and(|l| scanned >= l) || bytes >= PAGE_BYTES;
        if reached_end {
            last_key = Some(target.key_of(&item));
        }
        if passed {
            count += 1;
            if settings.select != Select::Count {
                items.push(
                    match (&settings.projection, settings.select, target.index) {
                        (Some(tree), _, _) => tree.apply(&visible),
                        // What the index holds (an LSI's filter may read beyond it; its result does not).
                        (None, Select::AllProjectedAttributes, Some((index, _))) => {
                            index.project(&target.table.schema.key_schema, &visible)
                        }
                        (None, _, _) => visible.into_owned(),
                    },
                );
            }
        }
    }
    let consumed = (settings.return_consumed_capacity != ReturnConsumedCapacity::None).then(|| {
        let units = capacity::read_units(bytes, settings.consistent_read);
        let mut c = ConsumedCapacity::new(table_name, CapacityKind::Read, false);
        match target.index {
            Some((index, global)) => c.add_index(&index.name, global, units),
            None => c.add_table(units),
        }
        c
    });
    ReadOutput {
        items: (settings.select != Select::Count).then_some(items),
        count,
        scanned_count: scanned,
        last_evaluated_key: last_key,
        consumed_capacity: consumed,
    }
}
