//! Validation as a person types: each field of each action is checked with the engine's own code, so the
//! message under a field is DynamoDB's, word for word, and the offending token is the one the parser names.
//! Nothing here runs a request; the checks are the static ones DynamoDB makes before it reads any item.

use std::collections::BTreeSet;

use serde_json::Value;

use super::draft::{Draft, DraftAction, Field};
use crate::engine::expr::ast::Span;
use crate::engine::expr::{self, ExpressionAttributes};
use crate::engine::item::item_from_json;
use crate::engine::messages::{self, ExpressionKind};
use crate::engine::trace::ActionType;
use crate::engine::value::ValueLayer;
use crate::engine::Database;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    /// Allowed, but probably not what was meant (a table that does not exist yet).
    Warning,
}

/// One finding, at one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    pub field: Field,
    pub message: String,
    /// The offending token within the field's text.
    pub span: Option<Span>,
    pub severity: Severity,
}

/// The findings for one action, in field order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActionCheck {
    pub issues: Vec<Issue>,
}

impl ActionCheck {
    pub fn errors(&self) -> usize {
        self.issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .count()
    }
    pub fn is_valid(&self) -> bool {
        self.errors() == 0
    }
    pub fn at(&self, field: Field) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(move |i| i.field == field)
    }
}

/// Checks every action of the draft against the tables of `db`; one `ActionCheck` per action, and the
/// request options' findings.
pub fn check_draft(draft: &Draft, db: &Database) -> (Vec<ActionCheck>, Vec<Issue>) {
    let actions = draft.actions.iter().map(|a| check_action(a, db)).collect();
    let mut options = Vec::new();
    if draft.token.chars().count() > 36 {
        options.push(error(
            Field::Token,
            "ClientRequestToken is at most 36 characters".into(),
            None,
        ));
    }
    (actions, options)
}

fn error(field: Field, message: String, span: Option<Span>) -> Issue {
    Issue {
        field,
        message,
        span,
        severity: Severity::Error,
    }
}

pub fn check_action(a: &DraftAction, db: &Database) -> ActionCheck {
    let mut issues = Vec::new();
    let table = db.table(&a.table);
    if a.table.trim().is_empty() {
        issues.push(error(Field::Table, "a table is needed".into(), None));
    } else if table.is_none() {
        issues.push(Issue {
            field: Field::Table,
            message: format!(
                "{} (no table {} in this session)",
                messages::RESOURCE_NOT_FOUND,
                a.table
            ),
            span: None,
            severity: Severity::Warning,
        });
    }

    // Key or Item.
    let key_label = if a.kind == ActionType::Put {
        "an item"
    } else {
        "a key"
    };
    match parse_json(&a.key) {
        None => issues.push(error(Field::Key, format!("{key_label} is needed"), None)),
        Some(Err(e)) => issues.push(error(Field::Key, e, None)),
        Some(Ok(json)) => match item_from_json(&json, ValueLayer::Older) {
            Err(e) => issues.push(error(Field::Key, e.message, None)),
            Ok(item) => {
                if let Some(t) = table {
                    let schema = &t.schema.key_schema;
                    let result = if a.kind == ActionType::Put {
                        schema.key_of_item(&item).map(|_| ())
                    } else {
                        schema.key_of_key_map(&item).map(|_| ())
                    };
                    if let Err(message) = result {
                        issues.push(error(Field::Key, message, None));
                    }
                }
            }
        },
    }

    // The placeholder maps.
    let mut attrs = ExpressionAttributes::default();
    let mut names_ok = true;
    let mut values_ok = true;
    match parse_json(&a.names) {
        None => {}
        Some(Err(e)) => {
            names_ok = false;
            issues.push(error(Field::Names, e, None));
        }
        Some(Ok(Value::Object(map))) => {
            for (k, v) in map {
                match v {
                    Value::String(s) => {
                        attrs.names.insert(k, s);
                    }
                    _ => {
                        names_ok = false;
                        issues.push(error(
                            Field::Names,
                            format!("the name for {k} must be a string"),
                            None,
                        ));
                    }
                }
            }
        }
        Some(Ok(_)) => {
            names_ok = false;
            issues.push(error(
                Field::Names,
                "ExpressionAttributeNames is a JSON object".into(),
                None,
            ));
        }
    }
    match parse_json(&a.values) {
        None => {}
        Some(Err(e)) => {
            values_ok = false;
            issues.push(error(Field::Values, e, None));
        }
        Some(Ok(json)) => match item_from_json(&json, ValueLayer::Older) {
            Ok(values) => attrs.values = values.into(),
            Err(e) => {
                values_ok = false;
                issues.push(error(Field::Values, e.message, None));
            }
        },
    }
    if names_ok && values_ok {
        if let Err(e) = expr::check_placeholder_keys(&attrs.names, &attrs.values) {
            let field = if e.message.contains("ExpressionAttributeNames") {
                Field::Names
            } else {
                Field::Values
            };
            issues.push(error(field, e.message, None));
        }
    }

    // The expressions, and which placeholders they use.
    let mut used_names = BTreeSet::new();
    let mut used_values = BTreeSet::new();
    let mut expressions_ok = true;
    if a.kind == ActionType::Update {
        if a.update.trim().is_empty() {
            issues.push(error(
                Field::Update,
                "an update expression is needed".into(),
                None,
            ));
            expressions_ok = false;
        } else {
            match expr::parse_update(&a.update, &attrs) {
                Ok(update) => {
                    let (n, v) = expr::used_placeholders_update(&update);
                    used_names.extend(n);
                    used_values.extend(v);
                    if let Some(t) = table {
                        let keys: Vec<&str> = t
                            .schema
                            .key_schema
                            .attributes()
                            .map(|k| k.name.as_str())
                            .collect();
                        if let Err(e) = expr::check_update_keys(&update, &attrs.names, &keys) {
                            issues.push(error(Field::Update, e.message, None));
                        }
                    }
                }
                Err(e) => {
                    expressions_ok = false;
                    issues.push(error(Field::Update, e.message, e.span));
                }
            }
        }
    }
    if a.kind == ActionType::ConditionCheck && a.condition.trim().is_empty() {
        issues.push(error(
            Field::Condition,
            "a ConditionCheck needs a condition expression".into(),
            None,
        ));
        expressions_ok = false;
    } else if !a.condition.is_empty() {
        match expr::parse_condition(&a.condition, ExpressionKind::ConditionExpression, &attrs) {
            Ok(condition) => {
                let (n, v) = expr::used_placeholders_condition(&condition);
                used_names.extend(n);
                used_values.extend(v);
            }
            Err(e) => {
                expressions_ok = false;
                issues.push(error(Field::Condition, e.message, e.span));
            }
        }
    }
    // Unused definitions: only meaningful once every expression reads (else a placeholder may be unused only
    // because the expression using it does not parse yet).
    if expressions_ok && names_ok && values_ok {
        if let Err(e) = expr::check_unused(&attrs, &used_names, &used_values) {
            let field = if e.message.contains("ExpressionAttributeNames") {
                Field::Names
            } else {
                Field::Values
            };
            issues.push(error(field, e.message, None));
        }
    }
    issues.sort_by_key(|i| {
        super::draft::fields(a.kind)
            .iter()
            .position(|f| *f == i.field)
    });
    ActionCheck { issues }
}

/// `None` for an empty field, else the JSON or the parser's complaint.
fn parse_json(text: &str) -> Option<Result<Value, String>> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    Some(serde_json::from_str(trimmed).map_err(|e| format!("not valid JSON: {e}")))
}
