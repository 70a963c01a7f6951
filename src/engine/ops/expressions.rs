//! The expressions of one action, parsed once and checked together (placeholders, unused entries), then
//! evaluated against items. ADAPTER over `engine::expr`: the only file here that calls the parser and the
//! evaluator, so the operations do not depend on their exact signatures.

use std::collections::BTreeMap;

use crate::engine::error::ApiError;
use crate::engine::expr::ast::{Condition, Projection, UpdateExpression};
use crate::engine::expr::ExpressionAttributes;
use crate::engine::item::Item;
use crate::engine::messages::{self, ExpressionKind};
use crate::engine::trace::{ConditionTrace, UpdateTrace};

/// A parsed condition-like expression with its text (the trace shows the text).
#[derive(Clone, Debug)]
pub struct ParsedCondition {
    pub tree: Condition,
    pub text: String,
    pub kind: ExpressionKind,
}

#[derive(Clone, Debug)]
pub struct ParsedUpdate {
    pub tree: UpdateExpression,
    pub text: String,
}

/// The expression texts an action carries.
#[derive(Clone, Copy, Debug, Default)]
pub struct ExpressionTexts<'a> {
    pub key_condition: Option<&'a str>,
    pub update: Option<&'a str>,
    pub condition: Option<&'a str>,
    pub filter: Option<&'a str>,
    pub projection: Option<&'a str>,
}

impl ExpressionTexts<'_> {
    fn any(&self) -> bool {
        self.key_condition.is_some()
            || self.update.is_some()
            || self.condition.is_some()
            || self.filter.is_some()
            || self.projection.is_some()
    }
}

/// Everything parsed.
#[derive(Clone, Debug, Default)]
pub struct Expressions {
    pub attrs: ExpressionAttributes,
    pub key_condition: Option<ParsedCondition>,
    pub update: Option<ParsedUpdate>,
    pub condition: Option<ParsedCondition>,
    pub filter: Option<ParsedCondition>,
    pub projection: Option<Projection>,
}

/// Parse and statically check an action's expressions, in DynamoDB's order (spec §3.7, §1.5 layer 2):
/// empty placeholder maps, placeholder key syntax, maps without expressions, each expression (key condition,
/// update, condition, filter, projection), then unused placeholders across all of them.
pub fn prepare(
    texts: &ExpressionTexts<'_>,
    names: Option<&BTreeMap<String, String>>,
    values: Option<Item>,
) -> Result<Expressions, ApiError> {
    if names.is_some_and(|n| n.is_empty()) {
        return Err(ApiError::validation(messages::NAMES_EMPTY));
    }
    if values.as_ref().is_some_and(|v| v.is_empty()) {
        return Err(ApiError::validation(messages::VALUES_EMPTY));
    }
    let attrs = ExpressionAttributes {
        names: names.cloned().unwrap_or_default(),
        values: values.unwrap_or_default(),
    };
    parser::check_placeholder_keys(&attrs)?;
    if !texts.any() {
        if names.is_some() {
            return Err(ApiError::validation(messages::NAMES_WITHOUT_EXPRESSIONS));
        }
        if !attrs.values.is_empty() {
            return Err(ApiError::validation(messages::VALUES_WITHOUT_EXPRESSIONS));
        }
    }
    let condition = |text: Option<&str>, kind: ExpressionKind| -> Result<_, ApiError> {
        text.map(|t| {
            Ok(ParsedCondition {
                tree: parser::parse_condition(t, kind, &attrs)?,
                text: t.to_string(),
                kind,
            })
        })
        .transpose()
    };
    let key_condition = condition(texts.key_condition, ExpressionKind::KeyConditionExpression)?;
    let update = texts
        .update
        .map(|t| {
            Ok::<_, ApiError>(ParsedUpdate {
                tree: parser::parse_update(t, &attrs)?,
                text: t.to_string(),
            })
        })
        .transpose()?;
    let cond = condition(texts.condition, ExpressionKind::ConditionExpression)?;
    let filter = condition(texts.filter, ExpressionKind::FilterExpression)?;
    let projection = texts
        .projection
        .map(|t| parser::parse_projection(t, &attrs))
        .transpose()?;
    let parsed = Expressions {
        attrs,
        key_condition,
        update,
        condition: cond,
        filter,
        projection,
    };
    parser::check_unused(&parsed)?;
    Ok(parsed)
}

impl Expressions {
    /// `Cannot update attribute <k>. This attribute is part of the key` (spec §4.3), for the table's key names.
    pub fn check_update_keys(&self, key_names: &[&str]) -> Result<(), ApiError> {
        match &self.update {
            Some(u) => parser::check_update_keys(&u.tree, &self.attrs, key_names),
            None => Ok(()),
        }
    }
}

/// Evaluate a condition against an item (an absent item is an item without attributes).
pub fn evaluate(
    condition: &ParsedCondition,
    item: &Item,
    attrs: &ExpressionAttributes,
) -> ConditionTrace {
    eval::evaluate_condition(condition, item, attrs)
}

/// The result of applying an UpdateExpression: the new item (`None` when the item stays absent) or DynamoDB's
/// runtime message, and the step-by-step trace.
pub struct UpdateResult {
    pub item: Result<Option<Item>, String>,
    pub trace: UpdateTrace,
}

/// Apply an UpdateExpression to `item` (absent: start from the key attributes in `key`).
pub fn apply_update(
    update: &ParsedUpdate,
    item: Option<&Item>,
    key: &Item,
    attrs: &ExpressionAttributes,
) -> UpdateResult {
    eval::apply_update(update, item, key, attrs)
}

/// Placeholder: the parser is built on branch `parser`; until it is merged every expression is refused.
mod parser {
    use super::*;
    use crate::engine::expr::ast::Projection;

    const NOT_YET: &str = "expressions are not available in this build";

    pub fn check_placeholder_keys(_attrs: &ExpressionAttributes) -> Result<(), ApiError> {
        Ok(())
    }
    pub fn parse_condition(
        _text: &str,
        _kind: ExpressionKind,
        _attrs: &ExpressionAttributes,
    ) -> Result<Condition, ApiError> {
        Err(ApiError::validation(NOT_YET))
    }
    pub fn parse_update(
        _text: &str,
        _attrs: &ExpressionAttributes,
    ) -> Result<UpdateExpression, ApiError> {
        Err(ApiError::validation(NOT_YET))
    }
    pub fn parse_projection(
        _text: &str,
        _attrs: &ExpressionAttributes,
    ) -> Result<Projection, ApiError> {
        Err(ApiError::validation(NOT_YET))
    }
    pub fn check_unused(_parsed: &Expressions) -> Result<(), ApiError> {
        Ok(())
    }
    pub fn check_update_keys(
        _update: &UpdateExpression,
        _attrs: &ExpressionAttributes,
        _key_names: &[&str],
    ) -> Result<(), ApiError> {
        Ok(())
    }
}

/// Placeholder: the evaluator is built on branch `eval`.
mod eval {
    use super::*;

    pub fn evaluate_condition(
        condition: &ParsedCondition,
        _item: &Item,
        _attrs: &ExpressionAttributes,
    ) -> ConditionTrace {
        ConditionTrace {
            kind: condition.kind,
            expression: condition.text.clone(),
            nodes: Vec::new(),
            result: false,
        }
    }
    pub fn apply_update(
        update: &ParsedUpdate,
        _item: Option<&Item>,
        _key: &Item,
        _attrs: &ExpressionAttributes,
    ) -> UpdateResult {
        UpdateResult {
            item: Err("expressions are not available in this build".to_string()),
            trace: UpdateTrace {
                expression: update.text.clone(),
                steps: Vec::new(),
                error: None,
            },
        }
    }
}
