//! The DynamoDB JSON protocol: one entry point for every front end (REPL, TUI, HTTP endpoint).
//!
//! `execute` takes an operation name and DynamoDB's JSON request, runs it on the engine and returns
//! DynamoDB's JSON response or error body, plus the request's trace. Validation happens in DynamoDB's order:
//! wire shapes (SerializationException), member constraints (the `N validation errors detected:` envelope),
//! then the operation's own checks in the engine.

pub mod members;
pub mod render;

mod body;
pub use body::{json_depth, parse_body, parse_json, parse_json_as, MAX_BODY_DEPTH};

mod items;
pub mod plain;
mod plain_json;
mod reads;
mod tables;
mod transact;

use serde_json::{Map, Value};

use crate::engine::database::{Database, RequestContext};
use crate::engine::error::{ApiError, ErrorType};
use crate::engine::item::Item;
use crate::engine::messages;
use crate::engine::ops::{self, OpError};
use crate::engine::trace::{CancellationReason, RequestTrace, Verdict};

/// The operations this engine answers, by DynamoDB name.
pub const OPERATIONS: &[&str] = &[
    "CreateTable",
    "DeleteItem",
    "DeleteTable",
    "DescribeTable",
    "GetItem",
    "ListTables",
    "PutItem",
    "Query",
    "Scan",
    "TransactGetItems",
    "TransactWriteItems",
    "UpdateItem",
];

/// An error as DynamoDB sends it.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorResponse {
    pub error: ApiError,
    /// TransactionCanceledException only.
    pub cancellation_reasons: Option<Vec<CancellationReason>>,
    /// ConditionalCheckFailedException with ReturnValuesOnConditionCheckFailure=ALL_OLD.
    pub item: Option<Item>,
}

impl ErrorResponse {
    /// The body: `__type` with namespace, `message` or `Message` as DynamoDB spells it for this type (left out
    /// when empty), and `CancellationReasons` / `Item` where they apply.
    pub fn to_json(&self) -> Value {
        let t = self.error.error_type;
        let mut m = Map::new();
        m.insert("__type".into(), Value::String(t.wire_type()));
        if let Some(reasons) = &self.cancellation_reasons {
            m.insert(
                "CancellationReasons".into(),
                Value::Array(reasons.iter().map(render::cancellation_reason).collect()),
            );
        }
        if !self.error.message.is_empty() {
            let key = if t.uses_capital_message() {
                "Message"
            } else {
                "message"
            };
            m.insert(key.into(), Value::String(self.error.message.clone()));
        }
        if let Some(item) = &self.item {
            m.insert("Item".into(), render::item(item));
        }
        Value::Object(m)
    }
    /// The HTTP status DynamoDB answers with.
    pub fn status(&self) -> u16 {
        match self.error.error_type {
            ErrorType::InternalServerError => 500,
            _ => 400,
        }
    }
}

impl From<OpError> for ErrorResponse {
    fn from(e: OpError) -> Self {
        ErrorResponse {
            error: e.error,
            cancellation_reasons: e.cancellation_reasons,
            item: e.item,
        }
    }
}

impl From<ApiError> for ErrorResponse {
    fn from(e: ApiError) -> Self {
        ErrorResponse {
            error: e,
            cancellation_reasons: None,
            item: None,
        }
    }
}

/// What every request returns: the response (or error) and what happened.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub response: Result<Value, ErrorResponse>,
    pub trace: RequestTrace,
}

/// Run one request. `operation` is `PutItem` or `DynamoDB_20120810.PutItem`.
pub fn execute(
    db: &mut Database,
    operation: &str,
    request: &Value,
    ctx: &RequestContext,
) -> Outcome {
    let operation = operation
        .strip_prefix("DynamoDB_20120810.")
        .unwrap_or(operation);
    // The operations' names are static: the trace borrows them.
    let mut trace = match OPERATIONS.iter().find(|o| **o == operation) {
        Some(known) => RequestTrace::new(*known),
        None => RequestTrace::new(operation.to_string()),
    };
    let response = dispatch(db, operation, request, ctx, &mut trace);
    finish(response, trace)
}

/// Run a request already in the engine's types (read by `plain::read`): the same outcome as `execute` on the
/// same body.
pub fn execute_typed(
    db: &mut Database,
    request: plain::TypedRequest,
    ctx: &RequestContext,
) -> Outcome {
    let mut trace = RequestTrace::new(request.operation());
    let response = request.run(db, ctx, &mut trace);
    finish(response, trace)
}

/// The verdict of a request that did not commit.
fn finish(response: Result<Value, ErrorResponse>, mut trace: RequestTrace) -> Outcome {
    match &response {
        Ok(_) => {}
        Err(e) if e.error.error_type == ErrorType::TransactionCanceledException => {
            trace.verdict = Verdict::Cancelled {
                codes: e
                    .cancellation_reasons
                    .iter()
                    .flatten()
                    .map(|r| r.code.to_string())
                    .collect(),
            };
        }
        Err(e) => {
            trace.verdict = Verdict::Error {
                error_type: e.error.error_type,
                message: e.error.message.clone(),
            };
        }
    }
    Outcome { response, trace }
}

/// Run one request from its raw body: a body that is not JSON is a SerializationException without a message.
pub fn execute_body(
    db: &mut Database,
    operation: &str,
    body: &[u8],
    ctx: &RequestContext,
) -> Outcome {
    match parse_body(body) {
        Ok(request) => execute(db, operation, &request, ctx),
        Err(e) => {
            let error = e.error;
            let trace = RequestTrace {
                operation: operation.to_string().into(),
                actions: Vec::new(),
                verdict: Verdict::Error {
                    error_type: error.error_type,
                    message: String::new(),
                },
            };
            Outcome {
                response: Err(error.into()),
                trace,
            }
        }
    }
}

fn dispatch(
    db: &mut Database,
    operation: &str,
    request: &Value,
    ctx: &RequestContext,
    trace: &mut RequestTrace,
) -> Result<Value, ErrorResponse> {
    if !OPERATIONS.contains(&operation) {
        return Err(ApiError::new(
            ErrorType::UnknownOperationException,
            messages::UNKNOWN_OPERATION,
        )
        .into());
    }
    let obj = members::body(request)?;
    Ok(match operation {
        "CreateTable" => {
            let req = tables::create_table(&obj)?;
            tables::description(
                "TableDescription",
                &ops::create_table::create_table(db, &req, ctx)?,
            )
        }
        "DeleteTable" => {
            let req = tables::delete_table(&obj)?;
            tables::description(
                "TableDescription",
                &ops::delete_table::delete_table(db, &req)?,
            )
        }
        "DescribeTable" => {
            let req = tables::describe_table(&obj)?;
            tables::description("Table", &ops::describe_table::describe_table(db, &req)?)
        }
        "ListTables" => {
            let req = tables::list_tables(&obj)?;
            tables::list_output(&ops::list_tables::list_tables(db, &req))
        }
        "PutItem" => {
            let req = items::put_item(&obj)?;
            let out = ops::put_item::put_item(db, &req, ctx, trace)?;
            items::write_output(&out, req.return_consumed_capacity)
        }
        "UpdateItem" => {
            let req = items::update_item(&obj)?;
            let out = ops::update_item::update_item(db, &req, ctx, trace)?;
            items::write_output(&out, req.return_consumed_capacity)
        }
        "DeleteItem" => {
            let req = items::delete_item(&obj)?;
            let out = ops::delete_item::delete_item(db, &req, ctx, trace)?;
            items::write_output(&out, req.return_consumed_capacity)
        }
        "GetItem" => {
            let req = items::get_item(&obj)?;
            let out = ops::get_item::get_item(db, &req, ctx, trace)?;
            items::get_output(&out, req.return_consumed_capacity)
        }
        "Query" => {
            let req = reads::query(&obj)?;
            let out = ops::query::query(db, &req, ctx, trace)?;
            reads::output(&out, req.return_consumed_capacity)
        }
        "Scan" => {
            let req = reads::scan(&obj)?;
            let out = ops::scan::scan(db, &req, ctx, trace)?;
            reads::output(&out, req.return_consumed_capacity)
        }
        "TransactWriteItems" => {
            let req = transact::transact_write_items(&obj, ctx)?;
            let capacity = req.return_consumed_capacity;
            // Handed over: the items and keys move into the transaction rather than being copied.
            let out = ops::transact_write::transact_write_items_owned(db, req, ctx, trace)?;
            transact::write_output(&out, capacity)
        }
        "TransactGetItems" => {
            let req = transact::transact_get_items(&obj, ctx)?;
            let out = ops::transact_get::transact_get_items(db, &req, ctx, trace)?;
            transact::get_output(&out, req.return_consumed_capacity)
        }
        _ => {
            return Err(ApiError::new(
                ErrorType::UnknownOperationException,
                messages::UNKNOWN_OPERATION,
            )
            .into())
        }
    })
}
