//! Requests read straight from their body into the engine's types, without a JSON value in between, for the
//! writes applications send most (PutItem, TransactWriteItems) in the shape every SDK sends them.
//!
//! Reading a body as a `serde_json::Value` (a map per object, a string per key) costs more than the
//! transaction it carries; the HTTP endpoint reads these bodies here instead, and keeps the body's text for the
//! history and the journal.
//!
//! The plain shape: every member one this operation has, of the JSON type it must have, no member twice, and
//! attribute values as `PlainWireItem` reads them. A body of any other shape, or one that breaks a member
//! constraint, is not read here (`None`): it is read as a JSON value by the ordinary path, which gives DynamoDB's
//! answer, in DynamoDB's order. What is read here is checked by the same constraint code as the ordinary path
//! (`put_item_checked`, `transact_write_items_checked`), so the typed request is the same either way;
//! `tests/api_plain.rs` checks that on every request the tests send.
//!
//! Reading happens in two steps because the second depends on the session (its profile's action limit) and
//! the first does not: `read` (outside the HTTP endpoint's lock) and `PlainBody::into_request` (under it).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::items::{self, WriteMembers};
use super::plain_json;
use super::transact::{self, ActionMembers, TransactWriteMembers};
use super::ErrorResponse;
use crate::engine::database::{Database, RequestContext};
use crate::engine::ops::transact_write::TransactWriteItemsRequest;
use crate::engine::ops::{self, put_item::PutItemRequest};
use crate::engine::trace::{ActionType, RequestTrace};
use crate::engine::value::PlainWireItem;

/// A request in the engine's types, ready to run.
#[derive(Debug)]
pub enum TypedRequest {
    PutItem(PutItemRequest),
    TransactWriteItems(TransactWriteItemsRequest),
}

impl TypedRequest {
    pub fn operation(&self) -> &'static str {
        match self {
            TypedRequest::PutItem(_) => "PutItem",
            TypedRequest::TransactWriteItems(_) => "TransactWriteItems",
        }
    }

    /// The ClientRequestToken, for a request that has one.
    pub fn client_request_token(&self) -> Option<&str> {
        match self {
            TypedRequest::TransactWriteItems(r) => r.client_request_token.as_deref(),
            TypedRequest::PutItem(_) => None,
        }
    }

    /// Run it on the engine (the same calls as `api::execute` makes after reading the members). Handed over:
    /// a transaction's items and keys move into the engine's items instead of being copied.
    pub(super) fn run(
        self,
        db: &mut Database,
        ctx: &RequestContext,
        trace: &mut RequestTrace,
    ) -> Result<Value, ErrorResponse> {
        match self {
            TypedRequest::PutItem(req) => {
                let out = ops::put_item::put_item(db, &req, ctx, trace)?;
                Ok(items::write_output(&out, req.return_consumed_capacity))
            }
            TypedRequest::TransactWriteItems(req) => {
                let capacity = req.return_consumed_capacity;
                let out = ops::transact_write::transact_write_items_owned(db, req, ctx, trace)?;
                Ok(transact::write_output(&out, capacity))
            }
        }
    }
}

/// A body read in the plain shape: its text and its members (layer 0 passed).
#[derive(Debug)]
pub struct PlainBody {
    text: String,
    members: Members,
}

#[derive(Debug)]
enum Members {
    PutItem(PutItemIn),
    TransactWriteItems(TransactWriteIn),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
struct PutItemIn {
    condition_expression: Option<String>,
    expression_attribute_names: Option<BTreeMap<String, String>>,
    expression_attribute_values: Option<PlainWireItem>,
    item: Option<PlainWireItem>,
    return_consumed_capacity: Option<String>,
    return_item_collection_metrics: Option<String>,
    return_values: Option<String>,
    return_values_on_condition_check_failure: Option<String>,
    table_name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
struct TransactWriteIn {
    client_request_token: Option<String>,
    return_consumed_capacity: Option<String>,
    return_item_collection_metrics: Option<String>,
    transact_items: Option<Vec<EntryIn>>,
}

/// One entry of TransactItems: the action objects it sets.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
struct EntryIn {
    // Boxed: an entry is moved a few times while it is read, and an action has many members.
    condition_check: Option<Box<ActionIn>>,
    delete: Option<Box<ActionIn>>,
    put: Option<Box<ActionIn>>,
    update: Option<Box<ActionIn>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
struct ActionIn {
    condition_expression: Option<String>,
    expression_attribute_names: Option<BTreeMap<String, String>>,
    expression_attribute_values: Option<PlainWireItem>,
    item: Option<PlainWireItem>,
    key: Option<PlainWireItem>,
    return_values_on_condition_check_failure: Option<String>,
    table_name: Option<String>,
    update_expression: Option<String>,
}

/// Read `body` for `operation` if it has the plain shape; if not, the body is handed back, to be read as a JSON
/// value.
pub fn read(operation: &str, body: Vec<u8>) -> Result<PlainBody, Vec<u8>> {
    if !matches!(operation, "PutItem" | "TransactWriteItems") {
        return Err(body);
    }
    // The whole body is checked for UTF-8 once (it is kept as the request's text), and then read as a `str`:
    // read from bytes, serde_json checks every string again (27 strings in a two-Put transaction, ~2,000
    // instructions per request in `txlab serve`). A body that is not UTF-8 goes back to the ordinary path,
    // which answers it as before.
    let text = match String::from_utf8(body) {
        Ok(text) => text,
        Err(e) => return Err(e.into_bytes()),
    };
    match members(operation, &text) {
        Some(members) => Ok(PlainBody { text, members }),
        None => Err(text.into_bytes()),
    }
}

/// The members of `text` in the plain shape: read by `plain_json` (on a two-Put transaction 8,900 instructions
/// instead of serde_json's 10,700, in `txlab serve`), or, for what that reader leaves (numbers, lone surrogates,
/// very deep bodies: bodies the plain shape then refuses or rarely sees), by serde_json. The visitors are the same, so both readers make the same
/// members of what they both read.
fn members(operation: &str, text: &str) -> Option<Members> {
    match operation {
        "PutItem" => plain_json::from_str(text)
            .ok()
            .or_else(|| serde_json::from_str(text).ok())
            .map(Members::PutItem),
        _ => plain_json::from_str(text)
            .ok()
            .or_else(|| serde_json::from_str(text).ok())
            .map(Members::TransactWriteItems),
    }
}

/// For tests: the members of `text` as each reader makes them (`plain_json`, serde_json), rendered with
/// `Debug`; `None` where a reader does not read it.
#[doc(hidden)]
pub fn members_by_each_reader(operation: &str, text: &str) -> [Option<String>; 2] {
    let render = |m: Option<Members>| m.map(|m| format!("{m:?}"));
    match operation {
        "PutItem" => [
            render(plain_json::from_str(text).ok().map(Members::PutItem)),
            render(serde_json::from_str(text).ok().map(Members::PutItem)),
        ],
        _ => [
            render(
                plain_json::from_str(text)
                    .ok()
                    .map(Members::TransactWriteItems),
            ),
            render(
                serde_json::from_str(text)
                    .ok()
                    .map(Members::TransactWriteItems),
            ),
        ],
    }
}

impl PlainBody {
    /// The body as it was sent.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn operation(&self) -> &'static str {
        match self.members {
            Members::PutItem(_) => "PutItem",
            Members::TransactWriteItems(_) => "TransactWriteItems",
        }
    }

    /// Layer 1, with the session's context: the typed request, or `None` when a member constraint fails (the
    /// ordinary path then reads the text and answers). The text is handed back either way.
    pub fn into_request(self, ctx: &RequestContext) -> (String, Option<TypedRequest>) {
        let typed = match self.members {
            Members::PutItem(p) => put_item(p).map(TypedRequest::PutItem),
            Members::TransactWriteItems(t) => {
                transact_write_items(t, ctx).map(TypedRequest::TransactWriteItems)
            }
        };
        (self.text, typed)
    }
}

fn put_item(p: PutItemIn) -> Option<PutItemRequest> {
    let w = WriteMembers {
        condition: p.condition_expression.as_deref(),
        names: p.expression_attribute_names,
        values: p.expression_attribute_values.map(|v| v.0),
        rcc: p.return_consumed_capacity.as_deref(),
        ricm: p.return_item_collection_metrics.as_deref(),
        rv: p.return_values.as_deref(),
        rvoccf: p.return_values_on_condition_check_failure.as_deref(),
        table: p.table_name.as_deref(),
    };
    items::put_item_checked(w, p.item.map(|i| i.0)).ok()
}

fn action(a: &mut ActionIn, kind: ActionType) -> ActionMembers<'_> {
    ActionMembers {
        condition: a.condition_expression.as_deref(),
        names: a.expression_attribute_names.take(),
        values: a.expression_attribute_values.take().map(|v| v.0),
        item: match kind {
            ActionType::Put => a.item.take().map(|i| i.0),
            _ => None,
        },
        key: match kind {
            ActionType::Put => None,
            _ => a.key.take().map(|k| k.0),
        },
        on_failure: a.return_values_on_condition_check_failure.as_deref(),
        table: a.table_name.as_deref(),
        update: match kind {
            ActionType::Update => a.update_expression.as_deref(),
            _ => None,
        },
    }
}

fn transact_write_items(
    mut t: TransactWriteIn,
    ctx: &RequestContext,
) -> Option<TransactWriteItemsRequest> {
    let entries = t.transact_items.as_mut().map(|list| {
        list.iter_mut()
            .map(|e| {
                // In the order `transact.rs` reads them.
                [
                    (&mut e.condition_check, ActionType::ConditionCheck),
                    (&mut e.delete, ActionType::Delete),
                    (&mut e.put, ActionType::Put),
                    (&mut e.update, ActionType::Update),
                ]
                .into_iter()
                .filter_map(|(a, kind)| a.as_mut().map(|a| (kind, action(a, kind))))
                .collect()
            })
            .collect()
    });
    let members = TransactWriteMembers {
        token: t.client_request_token.as_deref(),
        rcc: t.return_consumed_capacity.as_deref(),
        ricm: t.return_item_collection_metrics.as_deref(),
        entries,
    };
    // A constraint that fails is answered by the ordinary path, which can render the list in its message.
    transact::transact_write_items_checked(members, || None, ctx).ok()
}
