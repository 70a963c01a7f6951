//! Helpers shared by the expression tests: placeholder maps from compact text, and one call per language.
#![allow(dead_code)]

use std::collections::BTreeMap;

use txlab::engine::expr::{self, ExpressionAttributes};
use txlab::engine::messages::ExpressionKind;
use txlab::engine::{AttributeValue, Number};

/// `S:text`, `N:1`, `B` (bytes 1,2), `BOOL`, `NULL`, `L` (one S element), `M` (one entry), `SS`, `NS`, `BS`.
pub fn value(spec: &str) -> AttributeValue {
    let (kind, text) = spec.split_once(':').unwrap_or((spec, ""));
    match kind {
        "S" => AttributeValue::S(text.to_string()),
        "N" => AttributeValue::N(Number::parse(text).expect("a number")),
        "B" => AttributeValue::B(vec![1, 2]),
        "BOOL" => AttributeValue::Bool(true),
        "NULL" => AttributeValue::Null,
        "L" => AttributeValue::L(vec![AttributeValue::S("x".into())]),
        "M" => AttributeValue::M(BTreeMap::from([("k".to_string(), AttributeValue::Null)])),
        "SS" => AttributeValue::SS(vec!["x".into()]),
        "NS" => AttributeValue::NS(vec![Number::parse("1").expect("a number")]),
        "BS" => AttributeValue::BS(vec![vec![1]]),
        other => panic!("unknown value spec {other}"),
    }
}

/// Names as `#a=x #b=y`, values as `:v=S:text :n=N:1`.
pub fn attrs(names: &str, values: &str) -> ExpressionAttributes {
    let mut attrs = ExpressionAttributes::default();
    for pair in names.split_whitespace() {
        let (key, name) = pair.split_once('=').expect("#key=name");
        attrs.names.insert(key.to_string(), name.to_string());
    }
    for pair in values.split_whitespace() {
        let (key, spec) = pair.split_once('=').expect(":key=spec");
        attrs.values.insert(key.to_string(), value(spec));
    }
    attrs
}

/// Parses `expression` in the language named by one letter (C, F, K, U, P); "OK" or the full message.
pub fn outcome(language: &str, expression: &str, attrs: &ExpressionAttributes) -> String {
    let condition = |kind| expr::parse_condition(expression, kind, attrs).map(|_| ());
    let result = match language {
        "C" => condition(ExpressionKind::ConditionExpression),
        "F" => condition(ExpressionKind::FilterExpression),
        "K" => condition(ExpressionKind::KeyConditionExpression),
        "U" => expr::parse_update(expression, attrs).map(|_| ()),
        "P" => expr::parse_projection(expression, attrs).map(|_| ()),
        other => panic!("unknown language {other}"),
    };
    match result {
        Ok(()) => "OK".to_string(),
        Err(e) => e.message,
    }
}
