//! Reading a request body as JSON, the way DynamoDB's front door does.
//!
//! serde_json refuses documents nested deeper than 128 levels by default, but DynamoDB accepts deeper requests (a
//! 100-level value in a condition is 200 JSON levels). So bodies are parsed with that limit disabled and
//! `serde_stacker` growing the stack on the heap when the parser runs low.
//!
//! One bound remains, checked on the raw bytes before anything is built: a body nested deeper than
//! `MAX_BODY_DEPTH` is refused as a SerializationException without a message, as a JSON parse failure is.
//! Without it, a 16 MB body of `[` (8 million levels) would build 8 million values, and every later step that
//! walks a request recursively (cloning it into the history, writing it to the journal, dropping it) would
//! overflow the stack. UNCERTAIN: what DynamoDB answers for such bodies is not captured; Jackson, the JSON parser
//! of DynamoDB's Java front end, refuses documents deeper than 1000 levels by default since version 2.15, which
//! is what this bound follows.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::ErrorResponse;
use crate::engine::error::ApiError;

/// JSON nesting (objects and arrays) a request body may have.
pub const MAX_BODY_DEPTH: usize = 1000;

/// A request body as DynamoDB reads it: JSON, or a SerializationException without a message (malformed JSON,
/// invalid UTF-8, an empty body, or nesting deeper than `MAX_BODY_DEPTH`).
pub fn parse_body(body: &[u8]) -> Result<Value, ErrorResponse> {
    // A body serde_json's plain parser accepts nests at most 128 levels, well within the bound: no need to
    // measure its depth first.
    if let Ok(v) = serde_json::from_slice(body) {
        return Ok(v);
    }
    if json_depth(body) > MAX_BODY_DEPTH {
        return Err(ApiError::serialization("").into());
    }
    deep_parse(body).map_err(|_| ApiError::serialization("").into())
}

/// Parse JSON of any depth without overflowing the stack (for request bodies and for the session's own files,
/// which hold requests).
pub fn parse_json(bytes: &[u8]) -> Result<Value, serde_json::Error> {
    parse_json_as(bytes)
}

/// `parse_json` into any type.
///
/// Nearly every document nests far less than serde_json's default limit of 128 levels, so it is first read by
/// the plain parser, which needs no stack checks (on a request body, those checks and the depth scan cost as
/// much as a third of the parse). Only a document that parser refuses, for its depth or because it is not
/// JSON, is read again by the stack-growing parser, whose answer is the final one: the two parsers build the
/// same value from the same text.
pub fn parse_json_as<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    if let Ok(v) = serde_json::from_slice(bytes) {
        return Ok(v);
    }
    deep_parse(bytes)
}

/// The stack-growing parser, without serde_json's depth limit.
fn deep_parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    de.disable_recursion_limit();
    let value = {
        let stacked = serde_stacker::Deserializer::new(&mut de);
        T::deserialize(stacked)?
    };
    de.end()?;
    Ok(value)
}

/// The deepest nesting of `[` and `{` in `bytes`, outside strings. Malformed input gets some number; the parser
/// reports it afterwards.
pub fn json_depth(bytes: &[u8]) -> usize {
    let mut depth = 0usize;
    let mut max = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_brackets_outside_strings() {
        for (text, depth) in [
            ("{}", 1),
            ("null", 0),
            (r#"{"a":[{"b":[]}]}"#, 4),
            (r#"{"a":"[[[[{{{"}"#, 1),
            (r#"{"a":"\"[[["}"#, 1),
            (r#"{"a":"\\"}"#, 1),
            ("]]]][", 1),
        ] {
            assert_eq!(json_depth(text.as_bytes()), depth, "{text}");
        }
    }

    #[test]
    fn bodies_deeper_than_serde_defaults_parse_up_to_the_bound() {
        let deep = "[".repeat(MAX_BODY_DEPTH) + &"]".repeat(MAX_BODY_DEPTH);
        assert!(parse_body(deep.as_bytes()).is_ok());
        let deeper = "[".repeat(MAX_BODY_DEPTH + 1) + &"]".repeat(MAX_BODY_DEPTH + 1);
        let e = parse_body(deeper.as_bytes()).err().map(|e| e.to_json());
        assert_eq!(
            e,
            Some(serde_json::json!({"__type": "com.amazon.coral.service#SerializationException"}))
        );
    }

    #[test]
    fn parse_json_has_no_depth_limit() {
        let n = 20_000;
        let deep = "[".repeat(n) + &"]".repeat(n);
        let v = parse_json(deep.as_bytes());
        assert!(v.is_ok());
        // Take it apart without recursion.
        let mut stack = vec![v.unwrap_or(Value::Null)];
        while let Some(v) = stack.pop() {
            if let Value::Array(items) = v {
                stack.extend(items);
            }
        }
    }
}
