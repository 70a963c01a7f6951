//! Scan: every item of a table or index in storage order, filtered, projected and paged; optionally one
//! segment of a parallel scan.

use std::collections::BTreeMap;

use crate::engine::database::{Database, RequestContext};
use crate::engine::key::KeyValue;
use crate::engine::table::Row;
use crate::engine::trace::RequestTrace;
use crate::engine::value::ValueLayer;

use super::expressions::{self, ExpressionTexts};
use super::projection::PathTree;
use super::read_page::{self, Candidate, PageSettings, ReadOutput, Select};
use super::{OpError, ReturnConsumedCapacity, WireMap};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScanRequest {
    pub table_name: String,
    pub index_name: Option<String>,
    pub select: Option<Select>,
    pub limit: Option<usize>,
    pub consistent_read: bool,
    pub filter_expression: Option<String>,
    pub projection_expression: Option<String>,
    pub expression_attribute_names: Option<BTreeMap<String, String>>,
    pub expression_attribute_values: Option<WireMap>,
    pub exclusive_start_key: Option<WireMap>,
    /// (Segment, TotalSegments), both checked by the api layer.
    pub segment: Option<(u64, u64)>,
    pub return_consumed_capacity: ReturnConsumedCapacity,
}

/// Which segment of a parallel scan an item belongs to: a stable hash of its partition key.
pub fn segment_of(hash: &KeyValue, total: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    match hash {
        KeyValue::S(s) => feed(s.as_bytes()),
        KeyValue::B(b) => feed(b),
        KeyValue::N(n) => feed(n.to_canonical_string().as_bytes()),
    }
    h % total.max(1)
}

pub fn scan(
    db: &Database,
    req: &ScanRequest,
    _ctx: &RequestContext,
    trace: &mut RequestTrace,
) -> Result<ReadOutput, OpError> {
    let exprs = expressions::prepare(
        &ExpressionTexts {
            filter: req.filter_expression.as_deref(),
            projection: req.projection_expression.as_deref(),
            ..Default::default()
        },
        req.expression_attribute_names.as_ref(),
        req.expression_attribute_values.as_ref(),
        ValueLayer::Current,
    )?;
    let setup = read_page::setup(
        db,
        &req.table_name,
        req.index_name.as_deref(),
        req.select,
        exprs.projection.is_some(),
        req.consistent_read,
    )?;
    let target = setup.target;
    let start = match &req.exclusive_start_key {
        Some(wire) => {
            let (_, table_key, index_key) = read_page::start_key(&target, wire)?;
            Some((index_key, table_key))
        }
        None => None,
    };
    // After the starting key, projection before filter (dynalite's order).
    exprs.check_scalar_keys(&target.table.schema)?;
    let in_segment = |row: &Row<'_>| match req.segment {
        Some((segment, total)) => segment_of(&row.key().hash(), total) == segment,
        None => true,
    };
    let candidates: Box<dyn Iterator<Item = Candidate<'_>>> = match target.index {
        None => {
            let rows: Box<dyn Iterator<Item = _>> = match &start {
                Some((_, table_key)) => Box::new(target.table.iter_after(table_key)),
                None => Box::new(target.table.iter()),
            };
            Box::new(
                rows.filter(move |row| in_segment(row))
                    .map(|row| Candidate { row }),
            )
        }
        Some((index, _)) => {
            let mut entries = target.table.index_entries(index);
            if let Some((Some(index_key), table_key)) = &start {
                let skip = entries
                    .iter()
                    .take_while(|e| {
                        (e.index_key.as_bytes(), e.row.key_bytes())
                            .cmp(&(index_key.as_bytes(), table_key.as_bytes()))
                            .is_le()
                    })
                    .count();
                entries.drain(..skip);
            }
            Box::new(
                entries
                    .into_iter()
                    .filter(move |e| in_segment(&e.row))
                    .map(|e| Candidate { row: e.row }),
            )
        }
    };
    let settings = PageSettings {
        target,
        select: setup.select,
        limit: req.limit,
        consistent_read: req.consistent_read,
        projection: exprs
            .projection
            .as_ref()
            .map(|p| PathTree::from_projection(p, &exprs.attrs.names)),
        filter: exprs.filter.as_ref(),
        attrs: &exprs.attrs,
        return_consumed_capacity: req.return_consumed_capacity,
    };
    Ok(read_page::read_page(&settings, candidates, trace))
}
