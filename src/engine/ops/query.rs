//! Query: the items of one partition of a table or index, in sort-key order, narrowed by a condition on the
//! sort key, then filtered, projected and paged.

use std::collections::BTreeMap;

use crate::engine::database::{Database, RequestContext};
use crate::engine::error::ApiError;
use crate::engine::expr::ast::{
    Comparator, Condition, ConditionKind, Function, Node, NodeView, Operand,
};
use crate::engine::expr::{path, ExpressionAttributes};
use crate::engine::key::{KeyAttribute, KeySchema, KeyValue, PrimaryKey, ScalarType};
use crate::engine::messages::{self, ExpressionKind};
use crate::engine::table::Row;
use crate::engine::trace::RequestTrace;
use crate::engine::value::{AttributeValue, ValueLayer};

use super::expressions::{self, ExpressionTexts};
use super::key_paths;
use super::projection::PathTree;
use super::read_page::{self, Candidate, PageSettings, ReadOutput, Select};
use super::{OpError, ReturnConsumedCapacity, WireMap};

#[derive(Clone, Debug, PartialEq)]
pub struct QueryRequest {
    pub table_name: String,
    pub index_name: Option<String>,
    pub select: Option<Select>,
    pub limit: Option<usize>,
    pub consistent_read: bool,
    pub key_condition_expression: Option<String>,
    pub filter_expression: Option<String>,
    pub projection_expression: Option<String>,
    pub expression_attribute_names: Option<BTreeMap<String, String>>,
    pub expression_attribute_values: Option<WireMap>,
    pub exclusive_start_key: Option<WireMap>,
    pub scan_index_forward: bool,
    pub return_consumed_capacity: ReturnConsumedCapacity,
}

impl Default for QueryRequest {
    fn default() -> Self {
        QueryRequest {
            table_name: String::new(),
            index_name: None,
            select: None,
            limit: None,
            consistent_read: false,
            key_condition_expression: None,
            filter_expression: None,
            projection_expression: None,
            expression_attribute_names: None,
            expression_attribute_values: None,
            exclusive_start_key: None,
            scan_index_forward: true,
            return_consumed_capacity: ReturnConsumedCapacity::None,
        }
    }
}

/// The condition on the sort key.
#[derive(Clone, Debug, PartialEq)]
pub enum RangeCondition {
    Compare(Comparator, KeyValue),
    Between(KeyValue, KeyValue),
    BeginsWith(KeyValue),
}

impl RangeCondition {
    pub fn matches(&self, value: &KeyValue) -> bool {
        match self {
            RangeCondition::Compare(op, v) => {
                let ord = value.cmp(v);
                match op {
                    Comparator::Eq => ord.is_eq(),
                    Comparator::Lt => ord.is_lt(),
                    Comparator::Le => ord.is_le(),
                    Comparator::Gt => ord.is_gt(),
                    Comparator::Ge => ord.is_ge(),
                    Comparator::Ne => ord.is_ne(),
                }
            }
            RangeCondition::Between(lo, hi) => value >= lo && value <= hi,
            RangeCondition::BeginsWith(prefix) => match (value, prefix) {
                (KeyValue::S(s), KeyValue::S(p)) => s.as_bytes().starts_with(p.as_bytes()),
                (KeyValue::B(b), KeyValue::B(p)) => b.starts_with(p),
                _ => false,
            },
        }
    }
}

/// The key condition, understood.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyCondition {
    pub hash: KeyValue,
    pub range: Option<RangeCondition>,
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::validation(message)
}

fn prefixed(message: impl AsRef<str>) -> ApiError {
    invalid(format!(
        "{}{}",
        ExpressionKind::KeyConditionExpression.prefix(),
        message.as_ref()
    ))
}

/// Flatten the top-level ANDs; anything else that combines conditions is not allowed.
fn leaves(condition: &Condition) -> Result<Vec<&Node>, ApiError> {
    let mut out = Vec::new();
    let mut stack: Vec<&Node> = condition.root().into_iter().collect();
    while let Some(c) = stack.pop() {
        match &c.kind {
            ConditionKind::And(a, b) => {
                stack.extend(condition.node(*b));
                stack.extend(condition.node(*a));
            }
            ConditionKind::Or(..) => {
                return Err(prefixed(messages::key_condition_invalid_operator("OR")))
            }
            ConditionKind::Not(..) => {
                return Err(prefixed(messages::key_condition_invalid_operator("NOT")))
            }
            ConditionKind::In { .. } => {
                return Err(prefixed(messages::key_condition_invalid_operator("IN")))
            }
            _ => out.push(c),
        }
    }
    Ok(out)
}

/// An operand that names a key attribute: a single top-level name.
fn attribute_name(
    operand: &Operand,
    attrs: &ExpressionAttributes,
) -> Result<Option<String>, ApiError> {
    match operand {
        Operand::Path(p) => match path::resolve(p, &attrs.names).as_deref() {
            Some([crate::engine::expr::ast::PathSegment::Attribute(name)]) => {
                Ok(Some(name.clone()))
            }
            Some(_) => Err(prefixed(messages::KEY_CONDITION_NESTED)),
            None => Ok(None),
        },
        _ => Ok(None),
    }
}

fn constant<'a>(operand: &Operand, attrs: &'a ExpressionAttributes) -> Option<&'a AttributeValue> {
    match operand {
        Operand::Value { name, .. } => attrs.values.get(name.as_str()),
        _ => None,
    }
}

fn key_value(value: &AttributeValue, attr: &KeyAttribute) -> Result<KeyValue, ApiError> {
    if !attr.attribute_type.matches(value) {
        return Err(invalid(messages::KEY_CONDITION_TYPE_MISMATCH));
    }
    KeyValue::from_attribute(value).ok_or_else(|| invalid(messages::KEY_CONDITION_TYPE_MISMATCH))
}

/// One leaf: (attribute, condition on it).
enum Leaf<'a> {
    Compare(String, Comparator, &'a AttributeValue),
    Between(String, &'a AttributeValue, &'a AttributeValue),
    BeginsWith(String, &'a AttributeValue),
}

fn leaf<'a>(
    condition: &Condition,
    c: &Node,
    attrs: &'a ExpressionAttributes,
) -> Result<Leaf<'a>, ApiError> {
    let unsupported = || invalid(messages::QUERY_KEY_CONDITION_NOT_SUPPORTED);
    match condition.view(c) {
        NodeView::Compare { op, left, right } => {
            if *op == Comparator::Ne {
                return Err(prefixed(messages::key_condition_invalid_operator("<>")));
            }
            if let (Some(name), Some(v)) = (attribute_name(left, attrs)?, constant(right, attrs)) {
                return Ok(Leaf::Compare(name, *op, v));
            }
            // Value first: `:v < sk` is `sk > :v`.
            if let (Some(v), Some(name)) = (constant(left, attrs), attribute_name(right, attrs)?) {
                let flipped = match op {
                    Comparator::Lt => Comparator::Gt,
                    Comparator::Le => Comparator::Ge,
                    Comparator::Gt => Comparator::Lt,
                    Comparator::Ge => Comparator::Le,
                    other => *other,
                };
                return Ok(Leaf::Compare(name, flipped, v));
            }
            Err(unsupported())
        }
        NodeView::Between {
            operand,
            lower,
            upper,
        } => {
            match (
                attribute_name(operand, attrs)?,
                constant(lower, attrs),
                constant(upper, attrs),
            ) {
                (Some(name), Some(lo), Some(hi)) => Ok(Leaf::Between(name, lo, hi)),
                _ => Err(unsupported()),
            }
        }
        NodeView::Function(call) if call.function == Function::BeginsWith => {
            match (
                call.args
                    .first()
                    .map(|a| attribute_name(a, attrs))
                    .transpose()?
                    .flatten(),
                call.args.get(1).and_then(|a| constant(a, attrs)),
            ) {
                (Some(name), Some(v)) => Ok(Leaf::BeginsWith(name, v)),
                _ => Err(unsupported()),
            }
        }
        NodeView::Function(call) => Err(prefixed(messages::key_condition_invalid_operator(
            call.function.name(),
        ))),
        _ => Err(unsupported()),
    }
}

fn leaf_name<'l>(l: &'l Leaf<'_>) -> &'l str {
    match l {
        Leaf::Compare(n, ..) | Leaf::Between(n, ..) | Leaf::BeginsWith(n, ..) => n,
    }
}

/// Understand a KeyConditionExpression for a key schema (DynamoDB's key-condition rules).
pub fn key_condition(
    condition: &Condition,
    attrs: &ExpressionAttributes,
    keys: &KeySchema,
) -> Result<KeyCondition, ApiError> {
    let parts: Vec<Leaf<'_>> = leaves(condition)?
        .into_iter()
        .map(|c| leaf(condition, c, attrs))
        .collect::<Result<_, _>>()?;
    if parts.len() == 2 && leaf_name(&parts[0]) == leaf_name(&parts[1]) {
        return Err(prefixed(messages::KEY_CONDITION_ONE_PER_KEY));
    }
    if parts.len() > 2 {
        return Err(invalid(messages::KEY_CONDITION_TOO_MANY));
    }
    let Some(hash_leaf) = parts.iter().find(|l| leaf_name(l) == keys.hash.name) else {
        return Err(invalid(messages::query_missed_key(&keys.hash.name)));
    };
    let hash = match hash_leaf {
        Leaf::Compare(_, Comparator::Eq, v) => key_value(v, &keys.hash)?,
        _ => return Err(invalid(messages::QUERY_KEY_CONDITION_NOT_SUPPORTED)),
    };
    let mut range = None;
    for part in parts.iter().filter(|l| leaf_name(l) != keys.hash.name) {
        let Some(attr) = keys.range.as_ref().filter(|r| r.name == leaf_name(part)) else {
            return Err(match &keys.range {
                Some(r) => invalid(messages::query_missed_key(&r.name)),
                None => invalid(messages::QUERY_KEY_CONDITION_NOT_SUPPORTED),
            });
        };
        range = Some(match part {
            Leaf::Compare(_, op, v) => RangeCondition::Compare(*op, key_value(v, attr)?),
            Leaf::Between(_, lo, hi) => {
                RangeCondition::Between(key_value(lo, attr)?, key_value(hi, attr)?)
            }
            Leaf::BeginsWith(_, v) => {
                if attr.attribute_type == ScalarType::N {
                    return Err(prefixed(messages::incorrect_operand_type(
                        "begins_with",
                        "N",
                    )));
                }
                RangeCondition::BeginsWith(key_value(v, attr)?)
            }
        });
    }
    Ok(KeyCondition { hash, range })
}

pub fn query(
    db: &Database,
    req: &QueryRequest,
    _ctx: &RequestContext,
    trace: &mut RequestTrace,
) -> Result<ReadOutput, OpError> {
    let exprs = expressions::prepare(
        &ExpressionTexts {
            key_condition: req.key_condition_expression.as_deref(),
            filter: req.filter_expression.as_deref(),
            projection: req.projection_expression.as_deref(),
            ..Default::default()
        },
        req.expression_attribute_names.as_ref(),
        req.expression_attribute_values.as_ref(),
        ValueLayer::Current,
    )?;
    let Some(kc) = &exprs.key_condition else {
        return Err(OpError::validation(messages::QUERY_WITHOUT_KEY_CONDITION));
    };
    let setup = read_page::setup(
        db,
        &req.table_name,
        req.index_name.as_deref(),
        req.select,
        exprs.projection.is_some(),
        req.consistent_read,
    )?;
    let target = setup.target;
    let cond = key_condition(&kc.tree, &exprs.attrs, target.key_schema())?;
    let start = match &req.exclusive_start_key {
        Some(wire) => {
            let (key, table_key, index_key) = read_page::start_key(&target, wire)?;
            let hash_attr = &target.key_schema().hash.name;
            let start_hash = key.get(hash_attr).and_then(KeyValue::from_attribute);
            if start_hash.as_ref() != Some(&cond.hash) {
                return Err(OpError::validation(messages::STARTING_KEY_OUTSIDE_QUERY));
            }
            Some((index_key, table_key))
        }
        None => None,
    };
    // After the starting key (dynalite's order): projection inside a key, the filter naming the queried key,
    // then the filter inside a key.
    if let Some(p) = &exprs.projection {
        key_paths::check_scalar_keys(
            key_paths::projection_paths(p),
            &exprs.attrs.names,
            &target.table.schema,
        )?;
    }
    if let Some(f) = &exprs.filter {
        key_paths::check_filter_avoids_key(&f.tree, &exprs.attrs.names, target.key_schema())?;
    }
    exprs.check_scalar_keys(&target.table.schema)?;
    // (index key for index reads, the item) in sort-key order.
    let range_matches = |range: Option<KeyValue>| match (&cond.range, range) {
        (Some(rc), Some(r)) => rc.matches(&r),
        (Some(_), None) => false,
        (None, _) => true,
    };
    let mut rows: Vec<(Option<PrimaryKey>, Row<'_>)> = match target.index {
        None => target
            .table
            .partition(&cond.hash)
            .filter(|row| cond.range.is_none() || range_matches(row.key().range()))
            .map(|row| (None, row))
            .collect(),
        Some((index, _)) => target
            .table
            .index_entries(index)
            .into_iter()
            .filter(|e| {
                let (hash, range) = (e.index_key.hash(), e.index_key.range());
                hash == cond.hash && range_matches(range)
            })
            .map(|e| (Some(e.index_key), e.row))
            .collect(),
    };
    if !req.scan_index_forward {
        rows.reverse();
    }
    if let Some((index_key, table_key)) = &start {
        let position = |(k, row): &(Option<PrimaryKey>, Row<'_>)| match (index_key, k) {
            (Some(ik), Some(k)) => {
                (k.as_bytes(), row.key_bytes()).cmp(&(ik.as_bytes(), table_key.as_bytes()))
            }
            _ => row.key_bytes().cmp(table_key.as_bytes()),
        };
        let skip = rows
            .iter()
            .take_while(|row| {
                let ord = position(row);
                if req.scan_index_forward {
                    ord.is_le()
                } else {
                    ord.is_ge()
                }
            })
            .count();
        rows.drain(..skip);
    }
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
    Ok(read_page::read_page(
        &settings,
        rows.into_iter().map(|(_, row)| Candidate { row }),
        trace,
    ))
}
