//! Tables: schema (key schema, attribute definitions, secondary indexes, billing) and sorted item storage.
//!
//! Items are stored in key order (hash, then range; N by value, S and B by bytes), each as one allocation of
//! encoded bytes (`rows`, `image`), so browsing and Scan are deterministic, get/put by key are logarithmic, and
//! a table takes about the size of its items in memory. Secondary indexes are
//! not materialised: a Query or Scan on an index sorts the table's entries that the index holds (sparse), which
//! keeps writes cheap and is plenty for the table sizes a workbench sees.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::image::{ImageRef, ItemImage};
use super::item::{item_size, Item};
use super::key::{partition_bytes, KeyAttribute, KeySchema, KeyTypes, KeyValue, PrimaryKey};
use super::rows::{Rows, Spot, StoredItem};

mod file;

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

/// A table: schema and items sorted by key (see `rows`).
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub schema: TableSchema,
    /// The name, shared with the traces of requests on this table (no copy per action).
    name: Arc<str>,
    /// The key schema, shared with the traces of requests on this table (`TraceKey::Encoded`).
    keys: Arc<KeySchema>,
    rows: Rows,
    size_bytes: u64,
}

/// One stored item as a read sees it: its key and its image, decoded on demand.
#[derive(Clone, Copy, Debug)]
pub struct Row<'a> {
    stored: &'a StoredItem,
    types: KeyTypes,
}

impl<'a> Row<'a> {
    /// The item's key (decoded parts via `PrimaryKey::hash`/`range`).
    pub fn key(&self) -> PrimaryKey {
        PrimaryKey::from_bytes(self.stored.key_bytes(), self.types)
    }
    /// The key's encoding (byte order is key order).
    pub fn key_bytes(&self) -> &'a [u8] {
        self.stored.key_bytes()
    }
    pub fn image(&self) -> ImageRef<'a> {
        self.stored.image()
    }
    /// The image as a trace keeps it, sharing the table's allocation (no copy).
    pub fn share_image(&self) -> ItemImage {
        self.stored.share_image()
    }
    /// The whole item, decoded.
    pub fn item(&self) -> Item {
        self.stored.image().to_item()
    }
    /// The item size of spec §7.1.
    pub fn size(&self) -> usize {
        self.stored.size()
    }
}

impl Table {
    pub fn new(schema: TableSchema) -> Table {
        Table {
            name: Arc::from(schema.name.as_str()),
            keys: Arc::new(schema.key_schema.clone()),
            schema,
            rows: Rows::default(),
            size_bytes: 0,
        }
    }
    pub fn name(&self) -> &str {
        &self.schema.name
    }
    /// The name, shared (traces hold it).
    pub fn shared_name(&self) -> &Arc<str> {
        &self.name
    }
    pub fn key_schema(&self) -> &KeySchema {
        &self.schema.key_schema
    }
    /// The key schema, shared (traces hold it).
    pub fn shared_key_schema(&self) -> &Arc<KeySchema> {
        &self.keys
    }
    fn row<'a>(&self, stored: &'a StoredItem) -> Row<'a> {
        Row {
            stored,
            types: self.schema.key_schema.types(),
        }
    }
    /// The stored item with this key.
    pub fn get(&self, key: &PrimaryKey) -> Option<Row<'_>> {
        self.rows.get(key.as_bytes()).map(|s| self.row(s))
    }
    /// The stored item with this key, and where it is (or would go): a write that follows can pass the spot
    /// to skip its search (`put_image_at`, `remove_at`).
    pub fn get_spot(&self, key: &PrimaryKey) -> (Option<Row<'_>>, Spot) {
        let (found, spot) = self.rows.get_spot(key.as_bytes());
        (found.map(|s| self.row(s)), spot)
    }
    /// The item with this key, decoded.
    pub fn item(&self, key: &PrimaryKey) -> Option<Item> {
        self.get(key).map(|r| r.item())
    }
    /// Store `item` under `key` (the caller has validated that `key` is the item's key); returns the old entry.
    pub fn put(&mut self, key: &PrimaryKey, item: &Item) -> Option<StoredItem> {
        let size = item_size(item);
        self.put_sized(key, item, size)
    }
    /// `put` for an item whose size (spec §7.1) the caller has computed.
    pub fn put_sized(&mut self, key: &PrimaryKey, item: &Item, size: usize) -> Option<StoredItem> {
        self.store(StoredItem::encode(key.as_bytes(), item, size), size)
    }
    /// `put` for an item already encoded (a trace's image).
    pub fn put_image(&mut self, key: &PrimaryKey, image: ImageRef<'_>) -> Option<StoredItem> {
        self.put_image_at(None, key, image)
    }
    /// `put_image` at a spot from `get_spot` (used if nothing moved it since).
    pub fn put_image_at(
        &mut self,
        spot: Option<Spot>,
        key: &PrimaryKey,
        image: ImageRef<'_>,
    ) -> Option<StoredItem> {
        self.store_at(spot, StoredItem::new(key.as_bytes(), image), image.size())
    }
    /// `put_image_at` for a trace's image: stored by sharing it when it was made as this key's entry
    /// (`ItemImage::encode_attributes_keyed`), else copied.
    pub fn put_item_image_at(
        &mut self,
        spot: Option<Spot>,
        key: &PrimaryKey,
        image: &ItemImage,
    ) -> Option<StoredItem> {
        let stored = StoredItem::from_image(key.as_bytes(), image);
        let size = stored.size();
        self.store_at(spot, stored, size)
    }
    fn store(&mut self, stored: StoredItem, size: usize) -> Option<StoredItem> {
        self.store_at(None, stored, size)
    }
    fn store_at(
        &mut self,
        spot: Option<Spot>,
        stored: StoredItem,
        size: usize,
    ) -> Option<StoredItem> {
        self.size_bytes += size as u64;
        let old = self.rows.insert_at(spot, stored);
        if let Some(old) = &old {
            self.size_bytes = self.size_bytes.saturating_sub(old.size() as u64);
        }
        old
    }
    pub fn remove(&mut self, key: &PrimaryKey) -> Option<StoredItem> {
        self.remove_at(None, key)
    }
    /// `remove` at a spot from `get_spot` (used if nothing moved it since).
    pub fn remove_at(&mut self, spot: Option<Spot>, key: &PrimaryKey) -> Option<StoredItem> {
        let old = self.rows.remove_at(spot, key.as_bytes());
        if let Some(old) = &old {
            self.size_bytes = self.size_bytes.saturating_sub(old.size() as u64);
        }
        old
    }
    pub fn item_count(&self) -> usize {
        self.rows.len()
    }
    pub fn size_bytes(&self) -> u64 {
        self.size_bytes
    }
    /// All items in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Row<'_>> + Clone + '_ {
        let types = self.schema.key_schema.types();
        self.rows.iter().map(move |stored| Row { stored, types })
    }
    /// Items after `key` in key order (Scan with an ExclusiveStartKey).
    pub fn iter_after(&self, key: &PrimaryKey) -> impl Iterator<Item = Row<'_>> + '_ {
        let types = self.schema.key_schema.types();
        self.rows
            .iter_from(key.as_bytes(), false)
            .map(move |stored| Row { stored, types })
    }
    /// The items whose partition key is `hash`, in sort-key order.
    pub fn partition(&self, hash: &KeyValue) -> impl Iterator<Item = Row<'_>> + '_ {
        let types = self.schema.key_schema.types();
        let has_range = types.range.is_some();
        let prefix = partition_bytes(hash, has_range);
        self.rows
            .iter_from(&prefix, true)
            .take_while(move |s| {
                if has_range {
                    s.key_bytes().starts_with(&prefix)
                } else {
                    s.key_bytes() == prefix.as_slice()
                }
            })
            .map(move |stored| Row { stored, types })
    }
    /// The entries of an index, sorted by index key then table key (GSIs do not order equal keys; the table key
    /// makes the order deterministic). Only the index's key attributes are decoded here.
    pub fn index_entries(&self, index: &SecondaryIndex) -> Vec<IndexEntry<'_>> {
        let mut entries: Vec<IndexEntry<'_>> = self
            .iter()
            .filter_map(|row| {
                index
                    .key_schema
                    .index_key_of_image(row.image())
                    .map(|index_key| IndexEntry { index_key, row })
            })
            .collect();
        entries.sort_by(|a, b| {
            a.index_key
                .cmp(&b.index_key)
                .then_with(|| a.row.key_bytes().cmp(b.row.key_bytes()))
        });
        entries
    }
}

/// One item as an index sees it.
#[derive(Clone, Debug)]
pub struct IndexEntry<'a> {
    pub index_key: PrimaryKey,
    pub row: Row<'a>,
}
