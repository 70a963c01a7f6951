//! A table on disk (the session file): the schema, then the items in key order, in DynamoDB JSON. Reading
//! stores each item as it is read (when the schema comes first, as txlab writes it), so loading a large
//! table never holds all its items decoded at once.

use std::fmt;

use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Table, TableSchema};
use crate::engine::item::Item;
use crate::engine::rows::Rows;

#[derive(Serialize)]
struct TableOut<'a> {
    schema: &'a TableSchema,
    items: ItemsOut<'a>,
}

/// The items, each written straight from its image.
struct ItemsOut<'a>(&'a Rows);

impl Serialize for ItemsOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|s| s.image()))
    }
}

impl Serialize for Table {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        TableOut {
            schema: &self.schema,
            items: ItemsOut(&self.rows),
        }
        .serialize(serializer)
    }
}

/// Store `item` in `table` under its key (DynamoDB's message when the item lacks it).
fn store<E: serde::de::Error>(table: &mut Table, item: &Item) -> Result<(), E> {
    let key = table
        .schema
        .key_schema
        .key_of_item(item)
        .map_err(E::custom)?;
    table.put(&key, item);
    Ok(())
}

impl<'de> Deserialize<'de> for Table {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(TableVisitor)
    }
}

struct TableVisitor;

impl<'de> Visitor<'de> for TableVisitor {
    type Value = Table;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a table: its schema and items")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Table, A::Error> {
        let mut table: Option<Table> = None;
        // Items read before the schema (a file written by hand) wait for it.
        let mut waiting: Option<Vec<Item>> = None;
        let mut items_read = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "schema" => {
                    if table.is_some() {
                        return Err(A::Error::duplicate_field("schema"));
                    }
                    table = Some(Table::new(map.next_value()?));
                }
                "items" => {
                    if items_read {
                        return Err(A::Error::duplicate_field("items"));
                    }
                    items_read = true;
                    match &mut table {
                        Some(t) => map.next_value_seed(StoreItems(t))?,
                        None => waiting = Some(map.next_value()?),
                    }
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let mut table = table.ok_or_else(|| A::Error::missing_field("schema"))?;
        if !items_read {
            return Err(A::Error::missing_field("items"));
        }
        if let Some(items) = waiting {
            for item in &items {
                store(&mut table, item)?;
            }
        }
        Ok(table)
    }
}

/// The `items` array, each item stored in the table as soon as it is read.
struct StoreItems<'t>(&'t mut Table);

impl<'de> DeserializeSeed<'de> for StoreItems<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for StoreItems<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of items")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element::<Item>()? {
            store(self.0, &item)?;
        }
        Ok(())
    }
}
