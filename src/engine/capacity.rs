//! Consumed-capacity accounting (spec §1.7, §1.8).
//!
//! Writes cost 1 unit per started KB (1,024 bytes) of the larger of the item before and after, at least 1;
//! reads 1 unit per started 4 KB, halved when eventually consistent. Transactions double the table's units
//! (prepare + commit) but not the index arms. Entries are one per table, in order of first appearance.

use super::item::Item;
use super::key::KeySchema;
use super::table::{SecondaryIndex, TableSchema};

/// `ReturnConsumedCapacity`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ReturnConsumedCapacity {
    #[default]
    None,
    Total,
    Indexes,
}

impl ReturnConsumedCapacity {
    pub fn parse(text: &str) -> Option<ReturnConsumedCapacity> {
        match text {
            "NONE" => Some(ReturnConsumedCapacity::None),
            "TOTAL" => Some(ReturnConsumedCapacity::Total),
            "INDEXES" => Some(ReturnConsumedCapacity::Indexes),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CapacityKind {
    Read,
    Write,
}

/// One `ConsumedCapacity` entry.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsumedCapacity {
    pub table_name: String,
    pub kind: CapacityKind,
    /// Transactional operations also report `ReadCapacityUnits` / `WriteCapacityUnits` (spec §1.7).
    pub split: bool,
    pub table: f64,
    pub local_indexes: Vec<(String, f64)>,
    pub global_indexes: Vec<(String, f64)>,
    /// Whether the base table was touched at all (a Query on a GSI reads only the index).
    pub table_touched: bool,
}

impl ConsumedCapacity {
    pub fn new(table_name: &str, kind: CapacityKind, split: bool) -> ConsumedCapacity {
        ConsumedCapacity {
            table_name: table_name.to_string(),
            kind,
            split,
            table: 0.0,
            local_indexes: Vec::new(),
            global_indexes: Vec::new(),
            table_touched: false,
        }
    }
    /// Table plus index arms.
    pub fn total(&self) -> f64 {
        self.table
            + self.local_indexes.iter().map(|(_, u)| u).sum::<f64>()
            + self.global_indexes.iter().map(|(_, u)| u).sum::<f64>()
    }
    pub fn add_table(&mut self, units: f64) {
        self.table += units;
        self.table_touched = true;
    }
    pub fn add_index(&mut self, index: &str, global: bool, units: f64) {
        let arms = if global {
            &mut self.global_indexes
        } else {
            &mut self.local_indexes
        };
        match arms.iter_mut().find(|(n, _)| n == index) {
            Some((_, u)) => *u += units,
            None => arms.push((index.to_string(), units)),
        }
    }
}

/// Per-table entries in order of first appearance (Appendix D #10).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CapacityLedger {
    pub entries: Vec<ConsumedCapacity>,
}

impl CapacityLedger {
    pub fn entry(&mut self, table: &str, kind: CapacityKind, split: bool) -> &mut ConsumedCapacity {
        let pos = match self.entries.iter().position(|e| e.table_name == table) {
            Some(p) => p,
            None => {
                self.entries.push(ConsumedCapacity::new(table, kind, split));
                self.entries.len() - 1
            }
        };
        &mut self.entries[pos]
    }
}

/// Write units for an item of `size` bytes: one per started KB, at least one.
pub fn write_units(size: usize) -> f64 {
    size.div_ceil(1024).max(1) as f64
}

/// Read units for `size` bytes: one per started 4 KB, at least one; halved when eventually consistent.
pub fn read_units(size: usize, consistent: bool) -> f64 {
    let units = size.div_ceil(4096).max(1) as f64;
    if consistent {
        units
    } else {
        units / 2.0
    }
}

/// Bytes of what `index` stores of `item` (spec §7.1 counting, projected attributes only).
pub fn projected_size(index: &SecondaryIndex, table_keys: &KeySchema, item: &Item) -> usize {
    item.iter()
        .filter(|(name, _)| index.projects(table_keys, name))
        .map(|(name, value)| name.len() + value.size())
        .sum()
}

fn same_projection(index: &SecondaryIndex, table_keys: &KeySchema, a: &Item, b: &Item) -> bool {
    let pa = a.iter().filter(|(n, _)| index.projects(table_keys, n));
    let pb = b.iter().filter(|(n, _)| index.projects(table_keys, n));
    pa.eq(pb)
}

/// Write units each index is charged when an item goes from `old` to `new` (spec §1.8): a new entry or a removed
/// one costs its size, a moved key costs both, a changed projection the larger, an unchanged entry nothing.
/// Returns (index name, is global, units) in schema order (LSIs, then GSIs).
pub fn index_write_units(
    schema: &TableSchema,
    old: Option<&Item>,
    new: Option<&Item>,
) -> Vec<(String, bool, f64)> {
    let mut arms = Vec::new();
    let table_keys = &schema.key_schema;
    for (index, global) in schema.indexes() {
        let old_key = old.and_then(|i| index.key_schema.index_key_of(i).map(|k| (k, i)));
        let new_key = new.and_then(|i| index.key_schema.index_key_of(i).map(|k| (k, i)));
        let units = match (old_key, new_key) {
            (None, None) => None,
            (None, Some((_, n))) => Some(write_units(projected_size(index, table_keys, n))),
            (Some((_, o)), None) => Some(write_units(projected_size(index, table_keys, o))),
            (Some((ok, o)), Some((nk, n))) => {
                if ok != nk {
                    Some(
                        write_units(projected_size(index, table_keys, o))
                            + write_units(projected_size(index, table_keys, n)),
                    )
                } else if same_projection(index, table_keys, o, n) {
                    None
                } else {
                    let size = projected_size(index, table_keys, o)
                        .max(projected_size(index, table_keys, n));
                    Some(write_units(size))
                }
            }
        };
        if let Some(u) = units {
            arms.push((index.name.clone(), global, u));
        }
    }
    arms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_per_item() {
        assert_eq!(write_units(0), 1.0);
        assert_eq!(write_units(1024), 1.0);
        assert_eq!(write_units(1025), 2.0);
        assert_eq!(write_units(3 * 1024), 3.0);
        assert_eq!(read_units(0, true), 1.0);
        assert_eq!(read_units(0, false), 0.5);
        assert_eq!(read_units(4096, true), 1.0);
        assert_eq!(read_units(4097, true), 2.0);
        assert_eq!(read_units(4097, false), 1.0);
    }
}
