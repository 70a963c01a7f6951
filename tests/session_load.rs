//! Reading values from a session file takes a fast path for the common scalars; it must agree with
//! `AttributeValue::from_json` on every input (the same value, or an error for the same inputs).

use serde_json::json;
use txlab::engine::value::{AttributeValue, ValueLayer};

#[test]
fn the_fast_read_agrees_with_from_json() {
    let rows = [
        json!({"S": "Acme"}),
        json!({"S": ""}),
        json!({"N": "1.50"}),
        json!({"N": "-0"}),
        json!({"N": "1e200"}),
        json!({"N": "x"}),
        json!({"N": 5}),
        json!({"S": 5}),
        json!({"BOOL": false}),
        json!({"BOOL": "true"}),
        json!({"NULL": true}),
        json!({"NULL": false}),
        json!({}),
        json!({"S": "a", "N": "1"}),
        json!({"N": "1", "S": "a"}),
        json!({"X": "1"}),
        json!({"B": "AQID"}),
        json!({"SS": ["b", "a"]}),
        json!({"NS": ["2", "1.0"]}),
        json!({"L": [{"S": "x"}, {"N": "01"}]}),
        json!({"M": {"k": {"BOOL": true}, "j": {"NULL": true}}}),
        json!({"M": {"k": {"N": "bad"}}}),
        json!("S"),
        json!(["S"]),
    ];
    for row in rows {
        let slow = AttributeValue::from_json(&row, ValueLayer::Current).ok();
        let fast: Option<AttributeValue> = serde_json::from_str(&row.to_string()).ok();
        assert_eq!(fast, slow, "{row}");
    }
}
