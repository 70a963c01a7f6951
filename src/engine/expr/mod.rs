//! Condition and update expressions: parsing with DynamoDB's static checks, printing, evaluation with a trace.
//! CONTRACT: the functions re-exported here are what the operations layer calls.

pub mod ast;
mod eval_condition;
mod eval_functions;
mod eval_read;
mod eval_update;
pub mod path;
mod update_paths;

pub use eval_condition::evaluate_condition;
pub use eval_update::{apply_update, UpdateOutcome};

use std::collections::BTreeMap;

use super::item::Item;
use super::messages::ExpressionKind;
use ast::Span;

/// The request's placeholder maps (`ExpressionAttributeNames`, `ExpressionAttributeValues`), already validated
/// as values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExpressionAttributes {
    pub names: BTreeMap<String, String>,
    pub values: Item,
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
