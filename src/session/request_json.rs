//! A request as the history keeps it: a JSON value, or, for a request the HTTP endpoint read straight into the
//! engine's types (`api::plain`), the text it was sent as, read into a value only when something looks at it
//! (the TUI, `explain`, `history`). Serving such a request builds no JSON value at all, and its journal record
//! carries the text as it is.
//!
//! It reads as a `serde_json::Value` everywhere (`Deref`), compares as one, and is written to the session file
//! as the same JSON.

use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

#[derive(Default)]
pub struct RequestJson {
    /// The body as sent (line breaks turned into spaces), when the value was not built from it yet.
    text: Option<Box<str>>,
    value: OnceLock<Value>,
}

impl RequestJson {
    /// A request kept as its text, which must be one JSON document nested less than 128 levels (what
    /// serde_json's plain parser accepted).
    pub fn from_text(mut text: String) -> RequestJson {
        // Outside strings a line break is only whitespace, and inside them JSON has none unescaped: as spaces,
        // the text means the same and fits on one journal line.
        let breaks = has_line_break(text.as_bytes());
        if breaks {
            text = text.replace(['\n', '\r'], " ");
        }
        RequestJson {
            text: Some(text.into_boxed_str()),
            value: OnceLock::new(),
        }
    }

    /// The request as a JSON value (read from the text the first time).
    pub fn value(&self) -> &Value {
        self.value.get_or_init(|| {
            self.text
                .as_deref()
                .and_then(|t| serde_json::from_str(t).ok())
                .unwrap_or(Value::Null)
        })
    }

    /// The text it was sent as (for a request kept as text).
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }

    pub fn into_value(mut self) -> Value {
        self.value();
        self.value.take().unwrap_or(Value::Null)
    }
}

/// Whether `bytes` hold a line break: one pass, 32 bytes at a time without an early exit inside, so that it is
/// vectorised (every request the HTTP endpoint serves is looked at; two `contains` were two passes).
fn has_line_break(bytes: &[u8]) -> bool {
    let is_break = |b: u8| u8::from((b == b'\n') | (b == b'\r'));
    let mut chunks = bytes.chunks_exact(32);
    for chunk in &mut chunks {
        if chunk.iter().fold(0u8, |any, &b| any | is_break(b)) != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| is_break(b) != 0)
}

impl From<Value> for RequestJson {
    fn from(value: Value) -> RequestJson {
        RequestJson {
            text: None,
            value: OnceLock::from(value),
        }
    }
}

impl Deref for RequestJson {
    type Target = Value;
    fn deref(&self) -> &Value {
        self.value()
    }
}

impl Clone for RequestJson {
    fn clone(&self) -> RequestJson {
        RequestJson {
            text: self.text.clone(),
            value: self.value.clone(),
        }
    }
}

impl PartialEq for RequestJson {
    fn eq(&self, other: &RequestJson) -> bool {
        self.value() == other.value()
    }
}

impl fmt::Debug for RequestJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value().fmt(f)
    }
}

impl Serialize for RequestJson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if let Some(text) = self.text() {
            // Written as it came (whether or not the value was built since: the same bytes either way).
            if let Ok(raw) = serde_json::value::RawValue::from_string(text.to_string()) {
                return raw.serialize(s);
            }
        }
        self.value().serialize(s)
    }
}

impl<'de> Deserialize<'de> for RequestJson {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RequestJson, D::Error> {
        Value::deserialize(d).map(RequestJson::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn line_breaks_are_found_anywhere() {
        for len in [0, 1, 31, 32, 33, 64, 100] {
            let plain = vec![b'a'; len];
            assert!(!has_line_break(&plain), "{len}");
            for at in 0..len {
                for brk in [b'\n', b'\r'] {
                    let mut bytes = plain.clone();
                    if let Some(b) = bytes.get_mut(at) {
                        *b = brk;
                    }
                    assert!(has_line_break(&bytes), "{len} {at}");
                }
            }
        }
    }

    #[test]
    fn text_reads_as_the_value_it_holds_and_is_written_as_it_came() {
        let text = "{\"TableName\":\"T\",\n \"Item\":{\"pk\":{\"S\":\"a\\nb\"}}}";
        let r = RequestJson::from_text(text.to_string());
        assert_eq!(
            r.text(),
            Some("{\"TableName\":\"T\",  \"Item\":{\"pk\":{\"S\":\"a\\nb\"}}}")
        );
        assert_eq!(
            serde_json::to_string(&r).ok().as_deref(),
            Some("{\"TableName\":\"T\",  \"Item\":{\"pk\":{\"S\":\"a\\nb\"}}}")
        );
        let expected = json!({"TableName": "T", "Item": {"pk": {"S": "a\nb"}}});
        assert_eq!(r.get("TableName"), Some(&json!("T")));
        assert_eq!(*r, expected);
        assert_eq!(r, RequestJson::from(expected.clone()));
        // Reading the value changes nothing in how it is written.
        assert_eq!(
            serde_json::to_string(&r).ok().as_deref(),
            Some("{\"TableName\":\"T\",  \"Item\":{\"pk\":{\"S\":\"a\\nb\"}}}")
        );
        let back: RequestJson =
            serde_json::from_str(&serde_json::to_string(&r).unwrap_or_default())
                .unwrap_or_default();
        assert_eq!(back.into_value(), expected);
    }
}
