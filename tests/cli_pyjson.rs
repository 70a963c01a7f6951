//! JSON as the AWS CLI (Python 3.11's `json`) reads and prints it. Expected texts were produced by Python.

use serde_json::json;
use txlab::cli::pyjson::{dumps, dumps_compact, float_repr, loads};

#[test]
fn decoding_errors_are_pythons() {
    let rows: &[(&str, &str)] = &[
        ("", "Expecting value: line 1 column 1 (char 0)"),
        ("  ", "Expecting value: line 1 column 3 (char 2)"),
        (
            "{",
            "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        ),
        (
            "{\"a\"",
            "Expecting ':' delimiter: line 1 column 5 (char 4)",
        ),
        (
            "{\"a\" 1}",
            "Expecting ':' delimiter: line 1 column 6 (char 5)",
        ),
        ("{\"a\":", "Expecting value: line 1 column 6 (char 5)"),
        ("{\"a\": }", "Expecting value: line 1 column 7 (char 6)"),
        (
            "{\"a\":1,}",
            "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)",
        ),
        (
            "{\"a\":1 \"b\":2}",
            "Expecting ',' delimiter: line 1 column 8 (char 7)",
        ),
        (
            "{,}",
            "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        ),
        ("[", "Expecting value: line 1 column 2 (char 1)"),
        ("[1,]", "Expecting value: line 1 column 4 (char 3)"),
        ("[1 2]", "Expecting ',' delimiter: line 1 column 4 (char 3)"),
        ("[1,,2]", "Expecting value: line 1 column 4 (char 3)"),
        ("01", "Extra data: line 1 column 2 (char 1)"),
        ("-", "Expecting value: line 1 column 1 (char 0)"),
        ("1.", "Extra data: line 1 column 2 (char 1)"),
        ("1e", "Extra data: line 1 column 2 (char 1)"),
        ("1.5e+", "Extra data: line 1 column 4 (char 3)"),
        ("tru", "Expecting value: line 1 column 1 (char 0)"),
        ("nul", "Expecting value: line 1 column 1 (char 0)"),
        (
            "\"abc",
            "Unterminated string starting at: line 1 column 1 (char 0)",
        ),
        (
            "\"a\nb\"",
            "Invalid control character at: line 1 column 3 (char 2)",
        ),
        ("\"a\\q\"", "Invalid \\escape: line 1 column 3 (char 2)"),
        (
            "\"\\u12\"",
            "Invalid \\uXXXX escape: line 1 column 3 (char 2)",
        ),
        (
            "\"\\u12zz\"",
            "Invalid \\uXXXX escape: line 1 column 3 (char 2)",
        ),
        (
            "\"\\ud800\\uzz41\"",
            "Invalid \\uXXXX escape: line 1 column 9 (char 8)",
        ),
        ("{\"a\":1}x", "Extra data: line 1 column 8 (char 7)"),
        (
            "{\"a\":1} {\"b\":2}",
            "Extra data: line 1 column 9 (char 8)",
        ),
        (
            "\u{feff}{}",
            "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)",
        ),
        (
            "{'a': 1}",
            "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        ),
        ("{\"a\":1}\n\n  x", "Extra data: line 3 column 3 (char 11)"),
        ("x\n\ny", "Expecting value: line 1 column 1 (char 0)"),
        ("[1]\n ]", "Extra data: line 2 column 2 (char 5)"),
        (
            "\"a\\",
            "Unterminated string starting at: line 1 column 1 (char 0)",
        ),
        // Positions count characters, not bytes.
        (
            "{\"é☃\": 1,}",
            "Expecting property name enclosed in double quotes: line 1 column 10 (char 9)",
        ),
        // Known difference: Python accepts NaN and Infinity (and 1e400 as inf); JSON values here cannot hold
        // them, so txlab refuses them where the value starts.
        ("NaN", "Expecting value: line 1 column 1 (char 0)"),
    ];
    for (input, expected) in rows {
        assert_eq!(
            loads(input).unwrap_err().text,
            *expected,
            "input: {input:?}"
        );
    }
}

#[test]
fn decoding_keeps_order_types_and_the_last_duplicate() {
    let v =
        loads("{\"b\": 1, \"a\": [1.5, -0, 10, \"\\u00e9\\ud83d\\ude00\", true, null], \"b\": 2}")
            .unwrap();
    assert_eq!(
        v.to_string(),
        "{\"b\":2,\"a\":[1.5,0,10,\"é😀\",true,null]}"
    );
    assert!(v["a"][0].is_f64() && v["a"][2].is_i64());
    assert!(loads("1e5").unwrap().is_f64());
    // Deep nesting is refused, not recursed into without end.
    let deep = "[".repeat(100_000);
    assert_eq!(
        loads(&deep).unwrap_err().text,
        "maximum recursion depth exceeded while decoding a JSON array from a unicode string"
    );
}

#[test]
fn floats_print_as_python_repr() {
    let rows: &[(f64, &str)] = &[
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (1.0, "1.0"),
        (10.0, "10.0"),
        (0.5, "0.5"),
        (1e-05, "1e-05"),
        (0.0001, "0.0001"),
        (1e16, "1e+16"),
        (1e15, "1000000000000000.0"),
        (123456789012345678.0, "1.2345678901234568e+17"),
        (1.5e-7, "1.5e-07"),
        (1.23456, "1.23456"),
        (2.5e300, "2.5e+300"),
        (1.0 / 3.0, "0.3333333333333333"),
        (100.0, "100.0"),
        (12345678901234567890.0, "1.2345678901234567e+19"),
        (-2.5, "-2.5"),
    ];
    for (x, expected) in rows {
        assert_eq!(float_repr(*x), *expected);
    }
}

#[test]
fn dumps_is_pythons_indent_4() {
    let v =
        json!({"a": [], "b": {}, "c": [1, {"d": "é\"\\\n\u{7}"}], "e": 10.0, "f": null, "g": true});
    assert_eq!(
        dumps(&v, false),
        "{\n    \"a\": [],\n    \"b\": {},\n    \"c\": [\n        1,\n        {\n            \"d\": \"é\\\"\\\\\\n\\u0007\"\n        }\n    ],\n    \"e\": 10.0,\n    \"f\": null,\n    \"g\": true\n}"
    );
    assert_eq!(dumps(&json!("é😀"), true), "\"\\u00e9\\ud83d\\ude00\"");
    assert_eq!(
        dumps_compact(&json!({"ExclusiveStartKey": {"pk": {"S": "é"}}, "boto_truncate_amount": 2})),
        "{\"ExclusiveStartKey\": {\"pk\": {\"S\": \"\\u00e9\"}}, \"boto_truncate_amount\": 2}"
    );
}
