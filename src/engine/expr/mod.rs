//! Condition and update expressions: parsing with DynamoDB's static checks, printing, evaluation with a trace.
//! CONTRACT: the functions re-exported here are what the operations layer calls.

pub mod ast;
mod attribute_key;
mod check_condition;
mod check_leaf;
mod check_update;
mod checks;
mod condition;
mod condition_parser;
mod cursor;
mod eval_condition;
mod eval_functions;
mod eval_read;
mod eval_trace;
mod eval_update;
mod item_view;
pub mod lexer;
mod operand;
pub mod path;
mod placeholder_map;
mod placeholders;
pub mod printer;
pub mod reserved;
mod update_image;
mod update_parser;
mod update_paths;
pub mod walk;

use std::collections::BTreeMap;

use super::messages::ExpressionKind;
use super::value::AttributeValue;
use ast::Span;

pub use check_update::check_update_keys;
pub use cursor::{MAX_EXPRESSION_BYTES, MAX_LIST_INDEX, MAX_OPERATORS, MAX_PATH_DEPTH};
pub use eval_condition::{evaluate_condition, evaluate_condition_shared, evaluate_condition_view};
pub use eval_update::{
    apply_update, apply_update_image, apply_update_owned, ImageUpdateOutcome, Spliced,
    UpdateOutcome, UpdatedItem,
};
pub use item_view::ItemView;
pub use placeholder_map::PlaceholderMap;
pub use placeholders::{
    check_placeholder_keys, check_unused, used_placeholders_condition,
    used_placeholders_projection, used_placeholders_update, UsedPlaceholders,
};
pub use printer::{print_condition, print_projection, print_update};
pub use walk::{
    erase_condition_spans, erase_projection_spans, erase_update_spans, same_condition,
    same_projection, same_update,
};

/// The request's placeholder maps (`ExpressionAttributeNames`, `ExpressionAttributeValues`), already validated
/// as values. The values are laid out flat (see `PlaceholderMap`): each expression looks them up several times.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExpressionAttributes {
    pub names: BTreeMap<String, String>,
    pub values: ValueMap,
}

/// ExpressionAttributeValues: `:value` placeholder -> value.
pub type ValueMap = PlaceholderMap<AttributeValue>;

/// Placeholder maps with at most this many entries are scanned rather than searched (see `placeholder`).
const SCAN_UP_TO: usize = 12;

/// A placeholder's definition in ExpressionAttributeNames or ExpressionAttributeValues. These maps are small:
/// a scan that first compares lengths and last bytes (placeholders share their first byte) costs less than
/// the tree's ordered comparisons, each a call to compare memory. A large map is searched as a tree.
pub(crate) fn placeholder<'a, V>(map: &'a BTreeMap<String, V>, key: &str) -> Option<&'a V> {
    if map.len() > SCAN_UP_TO {
        return map.get(key);
    }
    let key = key.as_bytes();
    map.iter()
        .find(|(k, _)| {
            let k = k.as_bytes();
            k.len() == key.len() && k.last() == key.last() && k == key
        })
        .map(|(_, v)| v)
}

/// A static expression error: DynamoDB's full message (with its `Invalid <Kind>: ` prefix where DynamoDB puts
/// one) and, where there is one, the span of the offending token, for front ends to underline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprError {
    pub kind: ExpressionKind,
    pub message: String,
    pub span: Option<Span>,
}

impl From<ExprError> for super::error::ApiError {
    fn from(e: ExprError) -> Self {
        super::error::ApiError::validation(e.message)
    }
}

/// Reads a ConditionExpression, FilterExpression or KeyConditionExpression (`kind` picks the message prefix)
/// and makes every static check DynamoDB makes, in its order: size, emptiness, syntax and the limits met while
/// reading (list index range, path depth, operator count), then redundant parentheses, unknown function,
/// misplaced function, reserved word, and per comparison: undefined placeholder, operand count, equal
/// operands, constant types (spec §3).
pub fn parse_condition(
    text: &str,
    kind: ExpressionKind,
    attrs: &ExpressionAttributes,
) -> Result<ast::Condition, ExprError> {
    let (condition, notes) = condition_parser::parse(text, kind)?;
    check_condition::check(text, &condition, &notes, kind, attrs)?;
    Ok(condition)
}

/// Reads an UpdateExpression with every static check (spec §4.1–4.3). Key attributes are checked separately
/// by `check_update_keys`, which needs the table.
pub fn parse_update(
    text: &str,
    attrs: &ExpressionAttributes,
) -> Result<ast::UpdateExpression, ExprError> {
    let (update, notes) = update_parser::parse_update(text)?;
    check_update::check(text, &update, &notes, attrs)?;
    Ok(update)
}

/// Reads a ProjectionExpression: paths separated by commas (spec §3.8).
pub fn parse_projection(
    text: &str,
    attrs: &ExpressionAttributes,
) -> Result<ast::Projection, ExprError> {
    let projection = update_parser::parse_projection(text)?;
    check_update::check_projection(&projection, attrs)?;
    Ok(projection)
}

/// Syntax only: the text checks, the grammar and the limits met while reading, plus the two findings that need
/// no placeholder maps (redundant parentheses, unknown function). For tools and tests (the printer's round
/// trip); requests go through `parse_condition`.
pub fn parse_condition_syntax(
    text: &str,
    kind: ExpressionKind,
) -> Result<ast::Condition, ExprError> {
    let (condition, notes) = condition_parser::parse(text, kind)?;
    notes_error(text, &notes, kind)?;
    Ok(condition)
}

/// Syntax only, for UpdateExpression (see `parse_condition_syntax`).
pub fn parse_update_syntax(text: &str) -> Result<ast::UpdateExpression, ExprError> {
    let (update, notes) = update_parser::parse_update(text)?;
    notes_error(text, &notes, ExpressionKind::UpdateExpression)?;
    Ok(update)
}

/// Syntax only, for ProjectionExpression.
pub fn parse_projection_syntax(text: &str) -> Result<ast::Projection, ExprError> {
    update_parser::parse_projection(text)
}

fn notes_error(
    text: &str,
    notes: &cursor::ParseNotes,
    kind: ExpressionKind,
) -> Result<(), ExprError> {
    if let Some(span) = notes.redundant_parens {
        return Err(cursor::error(
            kind,
            super::messages::REDUNDANT_PARENTHESES,
            Some(span),
        ));
    }
    if let Some(span) = notes.unknown_function {
        let name = cursor::ParseNotes::written(text, span);
        return Err(cursor::error(
            kind,
            &super::messages::invalid_function_name(name),
            Some(span),
        ));
    }
    Ok(())
}
