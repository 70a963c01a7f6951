//! A TransactWriteItems request as the composer holds it: each field as the text a person typed, so that a
//! half-typed key or expression is never lost. It becomes DynamoDB JSON for running and exporting, and is kept in
//! the session as a draft (the request JSON; a field that is not yet valid JSON is kept as its text).

use serde_json::{json, Map, Value};

use crate::engine::trace::ActionType;

/// A field of an action, or one of the request's options.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Table,
    /// `Item` for Put, `Key` for the others.
    Key,
    Update,
    Condition,
    Names,
    Values,
    OnFailure,
    Token,
    Capacity,
    Metrics,
}

impl Field {
    pub fn label(self, kind: ActionType) -> &'static str {
        match self {
            Field::Table => "Table",
            Field::Key if kind == ActionType::Put => "Item",
            Field::Key => "Key",
            Field::Update => "Update",
            Field::Condition => "Condition",
            Field::Names => "Names",
            Field::Values => "Values",
            Field::OnFailure => "On failure return",
            Field::Token => "ClientRequestToken",
            Field::Capacity => "ReturnConsumedCapacity",
            Field::Metrics => "ReturnItemCollectionMetrics",
        }
    }
    /// Fields whose text is JSON (edited in the multi-line editor).
    pub fn is_json(self) -> bool {
        matches!(self, Field::Key | Field::Names | Field::Values)
    }
    pub fn is_expression(self) -> bool {
        matches!(self, Field::Update | Field::Condition)
    }
    /// Fields with a fixed set of values, chosen from a list.
    pub fn choices(self) -> Option<&'static [&'static str]> {
        match self {
            Field::OnFailure => Some(&["", "ALL_OLD", "NONE"]),
            Field::Capacity => Some(&["", "TOTAL", "INDEXES", "NONE"]),
            Field::Metrics => Some(&["", "SIZE", "NONE"]),
            _ => None,
        }
    }
    pub fn is_request_option(self) -> bool {
        matches!(self, Field::Token | Field::Capacity | Field::Metrics)
    }
}

/// The fields of an action of this kind, in the order shown, followed by the request options. Only an Update has
/// an UpdateExpression; every other kind (a Put's `Key` field holds its whole item) shows the same fields.
pub fn fields(kind: ActionType) -> &'static [Field] {
    use Field::*;
    match kind {
        ActionType::Update => &[
            Table, Key, Update, Condition, Names, Values, OnFailure, Token, Capacity, Metrics,
        ],
        _ => &[
            Table, Key, Condition, Names, Values, OnFailure, Token, Capacity, Metrics,
        ],
    }
}

/// The kinds an action can have, in the order `t` cycles through them.
pub const KINDS: [ActionType; 4] = [
    ActionType::Put,
    ActionType::Update,
    ActionType::Delete,
    ActionType::ConditionCheck,
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftAction {
    pub kind: ActionType,
    pub table: String,
    /// The Key (or, for Put, the Item) as DynamoDB JSON text.
    pub key: String,
    pub update: String,
    pub condition: String,
    pub names: String,
    pub values: String,
    pub on_failure: String,
}

impl DraftAction {
    pub fn new(kind: ActionType, table: &str) -> DraftAction {
        DraftAction {
            kind,
            table: table.to_string(),
            key: String::new(),
            update: String::new(),
            condition: String::new(),
            names: String::new(),
            values: String::new(),
            on_failure: String::new(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    pub actions: Vec<DraftAction>,
    pub token: String,
    pub capacity: String,
    pub metrics: String,
}

impl Draft {
    /// The text of a field (`action` is ignored for request options).
    pub fn get(&self, action: usize, field: Field) -> &str {
        match field {
            Field::Token => return &self.token,
            Field::Capacity => return &self.capacity,
            Field::Metrics => return &self.metrics,
            _ => {}
        }
        let Some(a) = self.actions.get(action) else {
            return "";
        };
        match field {
            Field::Table => &a.table,
            Field::Key => &a.key,
            Field::Update => &a.update,
            Field::Condition => &a.condition,
            Field::Names => &a.names,
            Field::Values => &a.values,
            Field::OnFailure => &a.on_failure,
            _ => "",
        }
    }

    pub fn set(&mut self, action: usize, field: Field, text: String) {
        match field {
            Field::Token => self.token = text,
            Field::Capacity => self.capacity = text,
            Field::Metrics => self.metrics = text,
            _ => {
                if let Some(a) = self.actions.get_mut(action) {
                    let slot = match field {
                        Field::Table => &mut a.table,
                        Field::Key => &mut a.key,
                        Field::Update => &mut a.update,
                        Field::Condition => &mut a.condition,
                        Field::Names => &mut a.names,
                        Field::Values => &mut a.values,
                        _ => &mut a.on_failure,
                    };
                    *slot = text;
                }
            }
        }
    }

    /// The request: DynamoDB JSON where the fields hold JSON; a JSON field that does not parse is kept as its
    /// text (a string), so that a draft with a half-typed key survives a save.
    pub fn to_request(&self) -> Value {
        let mut request = Map::new();
        request.insert(
            "TransactItems".into(),
            Value::Array(self.actions.iter().map(action_json).collect()),
        );
        let mut option = |name: &str, text: &str| {
            if !text.is_empty() {
                request.insert(name.into(), Value::String(text.to_string()));
            }
        };
        option("ClientRequestToken", &self.token);
        option("ReturnConsumedCapacity", &self.capacity);
        option("ReturnItemCollectionMetrics", &self.metrics);
        Value::Object(request)
    }

    /// The `--transact-items` value.
    pub fn transact_items(&self) -> Value {
        Value::Array(self.actions.iter().map(action_json).collect())
    }

    /// Reads `--cli-input-json` (an object with `TransactItems`) or `--transact-items` (an array).
    pub fn from_json(value: &Value) -> Result<Draft, String> {
        let (items, options) = match value {
            Value::Array(items) => (items, None),
            Value::Object(o) => match o.get("TransactItems") {
                Some(Value::Array(items)) => (items, Some(o)),
                _ => return Err("expected a JSON array of actions (--transact-items) or an object with \"TransactItems\" (--cli-input-json)".into()),
            },
            _ => return Err("expected a JSON array or object".into()),
        };
        let mut draft = Draft::default();
        for (i, entry) in items.iter().enumerate() {
            let Some(o) = entry.as_object() else {
                return Err(format!("action {} is not a JSON object", i + 1));
            };
            let Some((kind, body)) = o
                .iter()
                .find_map(|(k, v)| super::kind_from_name(k).map(|kind| (kind, v)))
            else {
                return Err(format!(
                    "action {} has none of Put, Update, Delete, ConditionCheck",
                    i + 1
                ));
            };
            let body = body.as_object().cloned().unwrap_or_default();
            let text = |name: &str| body.get(name).map(field_text).unwrap_or_default();
            draft.actions.push(DraftAction {
                kind,
                table: text("TableName"),
                key: text(if kind == ActionType::Put {
                    "Item"
                } else {
                    "Key"
                }),
                update: text("UpdateExpression"),
                condition: text("ConditionExpression"),
                names: text("ExpressionAttributeNames"),
                values: text("ExpressionAttributeValues"),
                on_failure: text("ReturnValuesOnConditionCheckFailure"),
            });
        }
        if let Some(o) = options {
            let text = |name: &str| o.get(name).map(field_text).unwrap_or_default();
            draft.token = text("ClientRequestToken");
            draft.capacity = text("ReturnConsumedCapacity");
            draft.metrics = text("ReturnItemCollectionMetrics");
        }
        Ok(draft)
    }
}

/// A JSON value as field text: strings as they are, anything else as compact JSON.
fn field_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => compact_json(other),
    }
}

/// One-line JSON with a space after `:` and `,`, as people write it in a terminal.
pub fn compact_json(value: &Value) -> String {
    let mut out = String::new();
    write_compact(value, &mut out);
    out
}

fn write_compact(value: &Value, out: &mut String) {
    // Iterative over a stack of pending pieces, so any nesting depth is safe.
    enum Piece<'a> {
        Value(&'a Value),
        Text(&'static str),
        Key(&'a str),
    }
    let mut stack = vec![Piece::Value(value)];
    while let Some(piece) = stack.pop() {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Key(k) => {
                out.push_str(&Value::String(k.to_string()).to_string());
                out.push_str(": ");
            }
            Piece::Value(Value::Array(items)) => {
                out.push('[');
                stack.push(Piece::Text("]"));
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push(Piece::Value(item));
                    if i > 0 {
                        stack.push(Piece::Text(", "));
                    }
                }
            }
            Piece::Value(Value::Object(map)) => {
                out.push('{');
                stack.push(Piece::Text("}"));
                let entries: Vec<_> = map.iter().collect();
                for (i, (k, v)) in entries.into_iter().enumerate().rev() {
                    stack.push(Piece::Value(v));
                    stack.push(Piece::Key(k));
                    if i > 0 {
                        stack.push(Piece::Text(", "));
                    }
                }
            }
            Piece::Value(other) => out.push_str(&other.to_string()),
        }
    }
}

/// JSON with four-space indentation, as the AWS CLI documentation writes its files.
pub fn pretty_json(value: &Value) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    match serde::Serialize::serialize(value, &mut ser) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(_) => compact_json(value),
    }
}

/// A field's JSON, or its text when it does not parse (kept for the draft).
fn json_or_text(text: &str) -> Option<Value> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    Some(serde_json::from_str(trimmed).unwrap_or_else(|_| Value::String(text.to_string())))
}

fn action_json(a: &DraftAction) -> Value {
    let mut body = Map::new();
    let mut text = |name: &str, value: &str| {
        if !value.is_empty() {
            body.insert(name.into(), Value::String(value.to_string()));
        }
    };
    text("TableName", &a.table);
    let key_name = if a.kind == ActionType::Put {
        "Item"
    } else {
        "Key"
    };
    if let Some(v) = json_or_text(&a.key) {
        body.insert(key_name.into(), v);
    }
    if a.kind == ActionType::Update && !a.update.is_empty() {
        body.insert("UpdateExpression".into(), json!(a.update));
    }
    if !a.condition.is_empty() {
        body.insert("ConditionExpression".into(), json!(a.condition));
    }
    if let Some(v) = json_or_text(&a.names) {
        body.insert("ExpressionAttributeNames".into(), v);
    }
    if let Some(v) = json_or_text(&a.values) {
        body.insert("ExpressionAttributeValues".into(), v);
    }
    if !a.on_failure.is_empty() {
        body.insert(
            "ReturnValuesOnConditionCheckFailure".into(),
            json!(a.on_failure),
        );
    }
    let mut outer = Map::new();
    outer.insert(a.kind.name().to_string(), Value::Object(body));
    Value::Object(outer)
}

/// The equivalent AWS CLI command line.
pub fn command_line(draft: &Draft) -> String {
    use crate::cli::tokenize::quote;
    let mut words = vec![
        "aws dynamodb transact-write-items".to_string(),
        "--transact-items".to_string(),
        quote(&compact_json(&draft.transact_items())),
    ];
    let mut option = |flag: &str, value: &str| {
        if !value.is_empty() {
            words.push(flag.to_string());
            words.push(quote(value));
        }
    };
    option("--client-request-token", &draft.token);
    option("--return-consumed-capacity", &draft.capacity);
    option("--return-item-collection-metrics", &draft.metrics);
    words.join(" ")
}
