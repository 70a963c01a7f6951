//! Errors that stop a request before any item is looked at (ValidationException and friends): which expression
//! is at fault, with the offending token marked, and what usually fixes it.

use serde_json::Value;

use crate::engine::expr::ast::Span;
use crate::engine::expr::{self, ExpressionAttributes};
use crate::engine::messages::ExpressionKind;
use crate::engine::value::{AttributeValue, ValueLayer};

use super::account::Account;

/// An expression of the request that the error is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// Where it is: `ConditionExpression`, or `TransactItems[1].Update.ConditionExpression`.
    pub member: String,
    pub expression: String,
    /// The offending token, when the parser knows it (byte offsets into `expression`).
    pub span: Option<Span>,
}

const MEMBERS: [(&str, Option<ExpressionKind>); 5] = [
    (
        "KeyConditionExpression",
        Some(ExpressionKind::KeyConditionExpression),
    ),
    ("FilterExpression", Some(ExpressionKind::FilterExpression)),
    (
        "ConditionExpression",
        Some(ExpressionKind::ConditionExpression),
    ),
    ("UpdateExpression", None),
    ("ProjectionExpression", None),
];

/// The objects of a request that carry expressions, with their place: the request itself, and each action
/// of `TransactItems`.
fn holders(request: &Value) -> Vec<(String, &serde_json::Map<String, Value>)> {
    let mut out = Vec::new();
    if let Some(obj) = request.as_object() {
        out.push((String::new(), obj));
    }
    if let Some(actions) = request.get("TransactItems").and_then(Value::as_array) {
        for (i, action) in actions.iter().enumerate() {
            if let Some((kind, body)) = action.as_object().and_then(|m| m.iter().next()) {
                if let Some(body) = body.as_object() {
                    out.push((format!("TransactItems[{i}].{kind}."), body));
                }
            }
        }
    }
    out
}

fn attributes(holder: &serde_json::Map<String, Value>) -> ExpressionAttributes {
    let mut attrs = ExpressionAttributes::default();
    if let Some(names) = holder
        .get("ExpressionAttributeNames")
        .and_then(Value::as_object)
    {
        for (k, v) in names {
            if let Some(v) = v.as_str() {
                attrs.names.insert(k.clone(), v.to_string());
            }
        }
    }
    if let Some(values) = holder
        .get("ExpressionAttributeValues")
        .and_then(Value::as_object)
    {
        for (k, v) in values {
            if let Ok(v) = AttributeValue::from_json(v, ValueLayer::Current) {
                attrs.values.insert(k.clone(), v);
            }
        }
    }
    attrs
}

/// Finds the expression an error message is about by parsing each expression of the request again: the one
/// whose parse fails with exactly this message, with the parser's span of the offending token. Failing that,
/// the first expression of the kind the message names (`Invalid UpdateExpression: ...`), unmarked.
pub fn locate(request: &Value, message: &str) -> Option<Located> {
    let mut fallback = None;
    for (place, holder) in holders(request) {
        let attrs = attributes(holder);
        for (member, kind) in MEMBERS {
            let Some(text) = holder.get(member).and_then(Value::as_str) else {
                continue;
            };
            let result = match kind {
                Some(kind) => expr::parse_condition(text, kind, &attrs).err(),
                None if member == "UpdateExpression" => expr::parse_update(text, &attrs).err(),
                None => expr::parse_projection(text, &attrs).err(),
            };
            let located = |span| Located {
                member: format!("{place}{member}"),
                expression: text.to_string(),
                span,
            };
            if let Some(e) = result.filter(|e| e.message == message) {
                return Some(located(e.span));
            }
            if fallback.is_none() && message.starts_with(&format!("Invalid {member}:")) {
                fallback = Some(located(None));
            }
        }
    }
    fallback
}

/// The text after `label` in a message, up to the next `,` or `;` (`reserved keyword: Year` -> `Year`).
fn after<'m>(message: &'m str, label: &str) -> Option<&'m str> {
    let start = message.find(label)? + label.len();
    let rest = message.get(start..)?;
    let end = rest.find([',', ';']).unwrap_or(rest.len());
    rest.get(..end).map(str::trim)
}

/// What usually fixes an error that stopped the whole request, by its type and message.
pub fn error_account(error_type: &str, message: &str) -> Option<Account> {
    let account = |why: String, to_pass: String| {
        Some(Account {
            why: format!("{why}."),
            to_pass: format!("{to_pass}."),
        })
    };
    match error_type {
        "ResourceNotFoundException" => {
            return account(
                "the request names a table that does not exist".into(),
                "create the table first (`tables` lists the ones there are)".into(),
            )
        }
        "IdempotentParameterMismatchException" => {
            return account(
                "this ClientRequestToken was used in the last 10 minutes with a different request".into(),
                "use a new token, send the same request again, or let the 10 minutes pass (`clock +10m`)".into(),
            )
        }
        "TransactionInProgressException" => {
            return account(
                "a request with this ClientRequestToken is still running".into(),
                "wait for it to finish, then send the request again".into(),
            )
        }
        "ValidationException" => {}
        _ => return None,
    }
    if let Some(word) = after(message, "reserved keyword: ") {
        return account(
            format!("{word} is one of DynamoDB's reserved words, so an expression cannot name an attribute {word} directly"),
            format!("write #{word} in the expression and add \"#{word}\": \"{word}\" to --expression-attribute-names"),
        );
    }
    if let Some(name) = after(message, "attribute name: ") {
        return account(
            format!("the expression uses {name}, which --expression-attribute-names does not define"),
            format!("define {name} in --expression-attribute-names, e.g. '{{\"{name}\": \"AttributeName\"}}'"),
        );
    }
    if let Some(value) = after(message, "attribute value: ") {
        return account(
            format!("the expression uses {value}, which --expression-attribute-values does not define"),
            format!("define {value} in --expression-attribute-values, e.g. '{{\"{value}\": {{\"S\": \"text\"}}}}'"),
        );
    }
    if message.contains("unused in expressions") {
        return account(
            "DynamoDB refuses placeholders that no expression of the request uses".into(),
            "use every placeholder you define, or leave the unused ones out".into(),
        );
    }
    if message.contains("Syntax error; token:") {
        return account(
            "the expression cannot be read at the marked token".into(),
            "fix the expression there (a missing operand, a stray word, or an unquoted value?)"
                .into(),
        );
    }
    if message.contains("redundant parentheses") {
        return account(
            "DynamoDB refuses parentheses that group nothing, such as ((a = :v))".into(),
            "remove the extra pair".into(),
        );
    }
    if message.contains("Invalid function name") {
        return account(
            "the expression calls a function DynamoDB does not have".into(),
            "use attribute_exists, attribute_not_exists, attribute_type, begins_with, contains or size (and in updates if_not_exists or list_append); names are case-sensitive".into(),
        );
    }
    if message.contains("This attribute is part of the key") {
        return account(
            "an update cannot change a key attribute".into(),
            "delete the item and put a new one with the new key".into(),
        );
    }
    if message.contains("Key attributes must be scalars") {
        return account(
            "a key attribute (of the table or of an index) is a string, number or binary, so a path cannot go inside it with '.' or '[]'".into(),
            "name the key attribute whole, or use another attribute for nested data".into(),
        );
    }
    if message.contains("Filter Expression can only contain non-primary key attributes") {
        return account(
            "a Query's FilterExpression cannot test the key the Query reads by".into(),
            "put the condition on the key in the KeyConditionExpression instead".into(),
        );
    }
    if message.contains("contains a key that is too long") {
        return account(
            "a placeholder (#name or :value) is longer than 255 bytes".into(),
            "use a shorter placeholder; the attribute name it stands for may be longer".into(),
        );
    }
    if message.contains("The provided key element does not match the schema") {
        return account(
            "the key does not hold exactly the table's key attributes with their types".into(),
            "give the hash key (and the range key, if the table has one) and nothing else, with the declared types".into(),
        );
    }
    if message.contains("multiple operations on one item") {
        return account(
            "two actions of the transaction name the same item".into(),
            "let each item appear in only one action".into(),
        );
    }
    None
}
