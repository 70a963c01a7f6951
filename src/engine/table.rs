//! Tables: schema (key schema, attribute definitions, secondary indexes, billing) and sorted item storage.
//!
//! Items are stored in a `BTreeMap` keyed by the normalised `PrimaryKey` (hash, then range; N by value, S and B
//! by bytes), so browsing and Scan are deterministic and get/put by key are logarithmic. Secondary indexes are
//! not materialised: a Query or Scan on an index sorts the table's entries that the index holds (sparse), which
//! keeps writes cheap and is plenty for the table sizes a workbench sees.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::item::{item_size, Item};
use super::key::{KeyAttribute, KeySchema, PrimaryKey};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BillingMode {
    Provisioned,
    PayPerRequest,
}

impl BillingMode {
    pub fn name(self) -> &'static str {
        match self {
            BillingMode::Provisioned => "PROVISIONED",
            BillingMode::PayPerRequest => "PAY_PER_REQUEST",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisionedThroughput {
    pub read_capacity_units: i64,
    pub write_capacity_units: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProjectionType {
    All,
    KeysOnly,
    Include,
}

impl ProjectionType {
    pub fn name(self) -> &'static str {
        match self {
            ProjectionType::All => "ALL",
            ProjectionType::KeysOnly => "KEYS_ONLY",
            ProjectionType::Include => "INCLUDE",
        }
    }
    pub fn parse(text: &str) -> Option<ProjectionType> {
        match text {
            "ALL" => Some(ProjectionType::All),
            "KEYS_ONLY" => Some(ProjectionType::KeysOnly),
            "INCLUDE" => Some(ProjectionType::Include),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexProjection {
    pub projection_type: ProjectionType,
    /// Only for INCLUDE; in the order given.
    pub non_key_attributes: Vec<String>,
}

/// A local or global secondary index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondaryIndex {
    pub name: String,
    pub key_schema: KeySchema,
    pub projection: IndexProjection,
    /// GSIs on PROVISIONED tables only.
    pub provisioned_throughput: Option<ProvisionedThroughput>,
}

impl SecondaryIndex {
    /// What the index stores of an item: its keys, the table's keys, and the projected attributes.
    pub fn project(&self, table_keys: &KeySchema, item: &Item) -> Item {
        match self.projection.projection_type {
            ProjectionType::All => item.clone(),
            ProjectionType::KeysOnly | ProjectionType::Include => item
                .iter()
                .filter(|(name, _)| self.projects(table_keys, name))
                .map(|(n, v)| (n.clone(), v.clone()))
                .collect(),
        }
    }
    /// Whether the attribute `name` is stored in this index.
    pub fn projects(&self, table_keys: &KeySchema, name: &str) -> bool {
        match self.projection.projection_type {
            ProjectionType::All => true,
            ProjectionType::KeysOnly => table_keys.contains(name) || self.key_schema.contains(name),
            ProjectionType::Include => {
                table_keys.contains(name)
                    || self.key_schema.contains(name)
                    || self.projection.non_key_attributes.iter().any(|a| a == name)
            }
        }
    }
}

/// Everything CreateTable fixed about a table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableSchema {
    pub name: String,
    /// In the order given to CreateTable (DescribeTable echoes it).
    pub attribute_definitions: Vec<KeyAttribute>,
    pub key_schema: KeySchema,
    pub local_indexes: Vec<SecondaryIndex>,
    pub global_indexes: Vec<SecondaryIndex>,
    pub billing_mode: BillingMode,
    /// Whether BillingMode was given explicitly (DescribeTable then shows BillingModeSummary).
    pub billing_mode_given: bool,
    pub provisioned_throughput: Option<ProvisionedThroughput>,
    pub created_millis: u64,
}

impl TableSchema {
    pub fn index(&self, name: &str) -> Option<(&SecondaryIndex, bool)> {
        if let Some(i) = self.local_indexes.iter().find(|i| i.name == name) {
            return Some((i, false));
        }
        self.global_indexes
            .iter()
            .find(|i| i.name == name)
            .map(|i| (i, true))
    }
    pub fn indexes(&self) -> impl Iterator<Item = (&SecondaryIndex, bool)> {
        self.local_indexes
            .iter()
            .map(|i| (i, false))
            .chain(self.global_indexes.iter().map(|i| (i, true)))
    }
    pub fn has_local_indexes(&self) -> bool {
        !self.local_indexes.is_empty()
    }
}

/// A stored item with its size (spec §7.1), kept so that capacity and TableSizeBytes need no recount. Items
/// are shared (`Arc`) so that a request's trace can hold the item before and after without copying it.
#[derive(Clone, Debug, PartialEq)]
struct Stored {
    item: Arc<Item>,
    size: usize,
}

/// A table: schema and items sorted by key.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub schema: TableSchema,
    items: BTreeMap<PrimaryKey, Stored>,
    size_bytes: u64,
}

impl Table {
    pub fn new(schema: TableSchema) -> Table {
        Table {
            schema,
            items: BTreeMap::new(),
            size_bytes: 0,
        }
    }
    pub fn name(&self) -> &str {
        &self.schema.name
    }
    pub fn key_schema(&self) -> &KeySchema {
        &self.schema.key_schema
    }
    pub fn get(&self, key: &PrimaryKey) -> Option<&Item> {
        self.items.get(key).map(|s| &*s.item)
    }
    /// The stored item and its size.
    pub fn get_sized(&self, key: &PrimaryKey) -> Option<(&Item, usize)> {
        self.items.get(key).map(|s| (&*s.item, s.size))
    }
    /// The stored item (shared) and its size.
    pub fn get_shared(&self, key: &PrimaryKey) -> Option<(&Arc<Item>, usize)> {
        self.items.get(key).map(|s| (&s.item, s.size))
    }
    /// Store `item` under `key` (the caller has validated that `key` is the item's key); returns the old item.
    pub fn put(&mut self, key: PrimaryKey, item: Item) -> Option<Arc<Item>> {
        let size = item_size(&item);
        self.put_shared(key, Arc::new(item), size)
    }
    pub fn put_sized(&mut self, key: PrimaryKey, item: Item, size: usize) -> Option<Arc<Item>> {
        self.put_shared(key, Arc::new(item), size)
    }
    pub fn put_shared(
        &mut self,
        key: PrimaryKey,
        item: Arc<Item>,
        size: usize,
    ) -> Option<Arc<Item>> {
        self.size_bytes += size as u64;
        let old = self.items.insert(key, Stored { item, size });
        old.map(|s| {
            self.size_bytes = self.size_bytes.saturating_sub(s.size as u64);
            s.item
        })
    }
    pub fn remove(&mut self, key: &PrimaryKey) -> Option<Arc<Item>> {
        let old = self.items.remove(key);
        old.map(|s| {
            self.size_bytes = self.size_bytes.saturating_sub(s.size as u64);
            s.item
        })
    }
    pub fn item_count(&self) -> usize {
        self.items.len()
    }
    pub fn size_bytes(&self) -> u64 {
        self.size_bytes
    }
    /// All items in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&PrimaryKey, &Item)> {
        self.items.iter().map(|(k, s)| (k, &*s.item))
    }
    /// Items in key order with their sizes.
    pub fn iter_sized(&self) -> impl DoubleEndedIterator<Item = (&PrimaryKey, &Item, usize)> {
        self.items.iter().map(|(k, s)| (k, &*s.item, s.size))
    }
    /// Items after `key` in key order (Scan with an ExclusiveStartKey).
    pub fn iter_after(
        &self,
        key: &PrimaryKey,
    ) -> impl Iterator<Item = (&PrimaryKey, &Item, usize)> {
        use std::ops::Bound;
        self.items
            .range((Bound::Excluded(key), Bound::Unbounded))
            .map(|(k, s)| (k, &*s.item, s.size))
    }
    /// The items whose partition key is `hash`, in sort-key order.
    pub fn partition(
        &self,
        hash: &super::key::KeyValue,
    ) -> impl Iterator<Item = (&PrimaryKey, &Item, usize)> {
        let start = PrimaryKey::new(hash.clone(), None);
        let hash = hash.clone();
        self.items
            .range(start..)
            .take_while(move |(k, _)| k.hash == hash)
            .map(|(k, s)| (k, &*s.item, s.size))
    }
    /// The entries of an index, sorted by index key then table key (GSIs do not order equal keys; the table key
    /// makes the order deterministic).
    pub fn index_entries(&self, index: &SecondaryIndex) -> Vec<IndexEntry<'_>> {
        let mut entries: Vec<IndexEntry<'_>> = self
            .items
            .iter()
            .filter_map(|(k, s)| {
                index.key_schema.index_key_of(&s.item).map(|ik| IndexEntry {
                    index_key: ik,
                    table_key: k,
                    item: &s.item,
                    size: s.size,
                })
            })
            .collect();
        entries.sort_by(|a, b| {
            a.index_key
                .cmp(&b.index_key)
                .then_with(|| a.table_key.cmp(b.table_key))
        });
        entries
    }
}

/// One item as an index sees it.
#[derive(Clone, Debug)]
pub struct IndexEntry<'a> {
    pub index_key: PrimaryKey,
    pub table_key: &'a PrimaryKey,
    pub item: &'a Item,
    pub size: usize,
}

/// On disk (the session file): the schema and the items in key order, in DynamoDB JSON.
#[derive(Serialize)]
struct TableOut<'a> {
    schema: &'a TableSchema,
    items: Vec<&'a Item>,
}

#[derive(Deserialize)]
struct TableIn {
    schema: TableSchema,
    items: Vec<Item>,
}

impl Serialize for Table {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        TableOut {
            schema: &self.schema,
            items: self.items.values().map(|s| &*s.item).collect(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Table {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let input = TableIn::deserialize(deserializer)?;
        let mut table = Table::new(input.schema);
        for item in input.items {
            let key = table
                .schema
                .key_schema
                .key_of_item(&item)
                .map_err(serde::de::Error::custom)?;
            table.put(key, item);
        }
        Ok(table)
    }
}
