//! Service errors as the AWS CLI prints them (standard error, exit code 254):
//!
//! ```text
//!
//! An error occurred (TransactionCanceledException) when calling the TransactWriteItems operation: Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]
//! ```
//!
//! then txlab's addition: what the AWS CLI hides, the cancellation reasons, one line per action (its index in
//! `TransactItems`, type, table, key, code, message, and the item returned with `ALL_OLD`), and the item a
//! single-item `ConditionalCheckFailedException` returns.

use super::style::{self, paint};
use super::value;
use crate::cli::messages;
use crate::cli::Operation;
use crate::engine::ApiError;
use serde_json::{Map, Value};

/// A service error: the code (`TransactionCanceledException`), the message, and the modeled extras.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceError {
    pub code: String,
    pub message: String,
    /// `CancellationReasons` of a `TransactionCanceledException`, in request order.
    pub cancellation_reasons: Option<Vec<Value>>,
    /// The `Item` a `ConditionalCheckFailedException` carries with `ReturnValuesOnConditionCheckFailure=ALL_OLD`.
    pub item: Option<Map<String, Value>>,
}

impl ServiceError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> ServiceError {
        ServiceError {
            code: code.into(),
            message: message.into(),
            cancellation_reasons: None,
            item: None,
        }
    }

    pub fn from_api_error(error: &ApiError) -> ServiceError {
        ServiceError::new(error.error_type.name(), error.message.clone())
    }

    /// From an error body on the wire, read as botocore reads it: the code is `__type` after `#` (and before
    /// any `:`), the message `message` or else `Message`.
    pub fn from_body(body: &Value) -> ServiceError {
        let raw_type = body.get("__type").and_then(Value::as_str).unwrap_or("");
        let code = raw_type.split(':').next().unwrap_or("");
        let code = code.rsplit('#').next().unwrap_or(code);
        let message = match body.get("message").or_else(|| body.get("Message")) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        ServiceError {
            code: code.to_string(),
            message,
            cancellation_reasons: body
                .get("CancellationReasons")
                .and_then(Value::as_array)
                .cloned(),
            item: body.get("Item").and_then(Value::as_object).cloned(),
        }
    }
}

/// The error as the AWS CLI prints it, plus txlab's lines. Put actions show their whole item (see
/// [`render_error_with_keys`] to show only the key).
pub fn render_error(
    operation: Operation,
    request: &Value,
    error: &ServiceError,
    color: bool,
) -> String {
    render_error_with_keys(operation, request, error, color, &|_| None)
}

/// `render_error`, where `key_names(table)` gives a table's key attribute names so that a Put action shows its
/// key rather than its whole item.
pub fn render_error_with_keys(
    operation: Operation,
    request: &Value,
    error: &ServiceError,
    color: bool,
    key_names: &dyn Fn(&str) -> Option<Vec<String>>,
) -> String {
    let headline = messages::service_error(&error.code, operation.name(), &error.message);
    let mut out = format!("\n{}\n", paint(color, style::RED, &headline));
    if let Some(reasons) = &error.cancellation_reasons {
        out.push_str(&paint(
            color,
            style::DIM,
            messages::CANCELLATION_REASONS_HEADING,
        ));
        out.push('\n');
        let actions = request
            .get("TransactItems")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (i, reason) in reasons.iter().enumerate() {
            out.push_str(&reason_line(i, actions.get(i), reason, color, key_names));
            out.push('\n');
        }
    }
    if let Some(item) = &error.item {
        out.push_str(&format!(
            "{} {}\n",
            paint(color, style::DIM, messages::RETURNED_ITEM_HEADING),
            value::item(item)
        ));
    }
    out
}

/// `  TransactItems[1] Delete MusicCollection {Artist: S "x"}: ConditionalCheckFailed: The conditional request
/// failed; item {…}`
fn reason_line(
    index: usize,
    action: Option<&Value>,
    reason: &Value,
    color: bool,
    key_names: &dyn Fn(&str) -> Option<Vec<String>>,
) -> String {
    let (kind, body) = action
        .and_then(Value::as_object)
        .and_then(|m| m.iter().next())
        .map(|(k, v)| (k.as_str(), Some(v)))
        .unwrap_or(("?", None));
    let table = body
        .and_then(|b| b.get("TableName"))
        .and_then(Value::as_str)
        .unwrap_or("?");
    let target = match body {
        Some(b) => describe_target(b, table, key_names),
        None => String::new(),
    };
    let code = reason.get("Code").and_then(Value::as_str).unwrap_or("?");
    let code_style = if code == "None" {
        style::GREEN
    } else {
        style::RED
    };
    let mut line = format!(
        "  {} {} {}",
        paint(color, style::DIM, &format!("TransactItems[{index}]")),
        paint(color, style::BOLD, kind),
        paint(color, style::CYAN, table),
    );
    if !target.is_empty() {
        line.push(' ');
        line.push_str(&target);
    }
    line.push_str(": ");
    line.push_str(&paint(color, code_style, code));
    if let Some(message) = reason.get("Message").and_then(Value::as_str) {
        line.push_str(": ");
        line.push_str(message);
    }
    if let Some(item) = reason.get("Item").and_then(Value::as_object) {
        line.push_str("; ");
        line.push_str(&paint(color, style::DIM, "item"));
        line.push(' ');
        line.push_str(&value::item(item));
    }
    line
}

/// The key of an action, or for a Put its item's key (or whole item when the key schema is unknown).
fn describe_target(
    body: &Value,
    table: &str,
    key_names: &dyn Fn(&str) -> Option<Vec<String>>,
) -> String {
    if let Some(key) = body.get("Key").and_then(Value::as_object) {
        return value::item(key);
    }
    let Some(item) = body.get("Item").and_then(Value::as_object) else {
        return String::new();
    };
    match key_names(table) {
        Some(names) => {
            let key: Map<String, Value> = names
                .iter()
                .filter_map(|n| item.get(n).map(|v| (n.clone(), v.clone())))
                .collect();
            value::item(&key)
        }
        None => format!("item {}", value::item(item)),
    }
}
