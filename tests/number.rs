//! Numbers (spec §4.7, §7.1): parsing, canonical text, ordering, exact + and -, stored size.
//! One-line tables; then property tests with `bigdecimal` as the oracle.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use txlab::engine::messages::{NUMBER_OVERFLOW, NUMBER_PRECISION, NUMBER_UNDERFLOW};
use txlab::engine::number::{Number, NumberError};
use txlab::engine::value::ValueLayer;

const OVERFLOW: &str = NUMBER_OVERFLOW;
const UNDERFLOW: &str = NUMBER_UNDERFLOW;
const PRECISION: &str = NUMBER_PRECISION;

fn n(literal: &str) -> Number {
    Number::parse(literal).unwrap_or_else(|e| panic!("{literal:?} should parse: {e:?}"))
}

/// The canonical text, or the current layer's message.
fn current(literal: &str) -> String {
    match Number::parse(literal) {
        Ok(n) => n.to_canonical_string(),
        Err(e) => e.message_for(ValueLayer::Current),
    }
}

/// The canonical text, or the older layer's message.
fn older(literal: &str) -> String {
    match Number::parse_for(literal, ValueLayer::Older) {
        Ok(n) => n.to_canonical_string(),
        Err(e) => e.message_for(ValueLayer::Older),
    }
}

fn zeros(k: usize) -> String {
    "0".repeat(k)
}

#[test]
fn canonical_text_of_accepted_literals() {
    let big = format!("1{}", zeros(125));
    let rows: Vec<(&str, String)> = vec![
        // spec §4.7 normalization examples [V]
        ("007", "7".into()),
        ("001.23", "1.23".into()),
        ("+1.5", "1.5".into()),
        ("1.10", "1.1".into()),
        ("100.000", "100".into()),
        ("1e3", "1000".into()),
        ("1.23e4", "12300".into()),
        ("123e-2", "1.23".into()),
        ("1.0e-1", "0.1".into()),
        ("-0.0", "0".into()),
        ("0e5", "0".into()),
        (".5", "0.5".into()),
        ("-.5", "-0.5".into()),
        ("1e20", "100000000000000000000".into()),
        ("1e125", big.clone()),
        ("1e-20", "0.00000000000000000001".into()),
        // accepted syntax [V]
        ("3", "3".into()),
        ("-7.1234", "-7.1234".into()),
        ("-17e5", "-1700000".into()),
        ("-17.4E37", format!("-174{}", zeros(36))),
        ("+3", "3".into()),
        (".123", "0.123".into()),
        ("0001.23", "1.23".into()),
        ("1e+5", "100000".into()),
        ("1E+3", "1000".into()),
        ("0042.1200", "42.12".into()),
        ("5.", "5".into()),
        ("1.e2", "100".into()),
        ("1e0000000000000000000000005", "100000".into()),
        ("-0", "0".into()),
        ("0", "0".into()),
        ("000", "0".into()),
        ("0.000", "0".into()),
        // 38 significant digits; leading and trailing zeros do not count [V]
        (
            "0000012345678901234567890123456789012345678",
            "12345678901234567890123456789012345678".into(),
        ),
        (
            "-00001.23456789012345678901234567890123456780000",
            "-1.2345678901234567890123456789012345678".into(),
        ),
        (
            "3.1415926535897932384626433832795028841",
            "3.1415926535897932384626433832795028841".into(),
        ),
        (
            "314159265358979323846.26433832795028841",
            "314159265358979323846.26433832795028841".into(),
        ),
        (
            "31415926535897932384626433832795028841e30",
            format!("31415926535897932384626433832795028841{}", zeros(30)),
        ),
        // magnitude limits [V]
        ("1e10", "10000000000".into()),
        ("1e100", format!("1{}", zeros(100))),
        ("9.99999999e125", format!("999999999{}", zeros(117))),
        (
            "9.9999999999999999999999999999999999999E+125",
            format!("{}{}", "9".repeat(38), zeros(88)),
        ),
        (
            "-9.9999999999999999999999999999999999999E+125",
            format!("-{}{}", "9".repeat(38), zeros(88)),
        ),
        ("1e-100", format!("0.{}1", zeros(99))),
        ("1e-130", format!("0.{}1", zeros(129))),
        ("-1e-130", format!("-0.{}1", zeros(129))),
        ("1.5e-129", format!("0.{}15", zeros(128))),
        // zero is range-checked by the exponent it is written with [V]
        ("0e125", "0".into()),
        ("0.0e126", "0".into()),
        ("0.1e126", big.clone()),
        ("0e-130", "0".into()),
        ("0.0e-129", "0".into()),
    ];
    for (literal, want) in rows {
        assert_eq!(current(literal), want, "current layer, {literal:?}");
        assert_eq!(older(literal), want, "older layer, {literal:?}");
    }
}

#[test]
fn rejected_literals_with_both_layers_messages() {
    let nn = "The parameter cannot be converted to a numeric value";
    // (literal, current layer, older layer)
    let rows: Vec<(&str, String, String)> = vec![
        // syntax [V]
        ("NaN", format!("{nn}: NaN"), format!("{nn}: NaN")),
        ("-NaN", format!("{nn}: -NaN"), format!("{nn}: -NaN")),
        (
            "Infinity",
            format!("{nn}: Infinity"),
            format!("{nn}: Infinity"),
        ),
        (
            "-Infinity",
            format!("{nn}: -Infinity"),
            format!("{nn}: -Infinity"),
        ),
        ("dog", format!("{nn}: dog"), format!("{nn}: dog")),
        ("-dog", format!("{nn}: -dog"), format!("{nn}: -dog")),
        ("abc", format!("{nn}: abc"), format!("{nn}: abc")),
        (" 1", format!("{nn}:  1"), format!("{nn}:  1")),
        ("1 ", format!("{nn}: 1 "), format!("{nn}: 1 ")),
        ("0x10", format!("{nn}: 0x10"), format!("{nn}: 0x10")),
        ("1e", format!("{nn}: 1e"), format!("{nn}: 1e")),
        ("1.2.3", format!("{nn}: 1.2.3"), format!("{nn}: 1.2.3")),
        // empty: the current layer keeps ": ", the older layer has no colon [V]
        ("", format!("{nn}: "), nn.to_string()),
        // further syntax (inferred from the grammar)
        (".", format!("{nn}: ."), format!("{nn}: .")),
        ("-", format!("{nn}: -"), format!("{nn}: -")),
        ("+-1", format!("{nn}: +-1"), format!("{nn}: +-1")),
        ("e5", format!("{nn}: e5"), format!("{nn}: e5")),
        (".e5", format!("{nn}: .e5"), format!("{nn}: .e5")),
        ("1e+", format!("{nn}: 1e+"), format!("{nn}: 1e+")),
        ("1e5.5", format!("{nn}: 1e5.5"), format!("{nn}: 1e5.5")),
        ("1_000", format!("{nn}: 1_000"), format!("{nn}: 1_000")),
        ("١", format!("{nn}: ١"), format!("{nn}: ١")),
        // range [V]
        ("1e126", OVERFLOW.into(), OVERFLOW.into()),
        ("11e125", OVERFLOW.into(), OVERFLOW.into()),
        ("-1e126", OVERFLOW.into(), OVERFLOW.into()),
        ("1e-131", UNDERFLOW.into(), UNDERFLOW.into()),
        ("0.9e-130", UNDERFLOW.into(), UNDERFLOW.into()),
        ("-1e-131", UNDERFLOW.into(), UNDERFLOW.into()),
        ("1.0e100000000", OVERFLOW.into(), OVERFLOW.into()),
        ("0e126", OVERFLOW.into(), OVERFLOW.into()),
        ("0e-131", UNDERFLOW.into(), UNDERFLOW.into()),
        // exponents beyond 32 bits: the current layer range-checks them [V]; the older layer reads them as
        // Java's BigDecimal does: 1e2147483647 wraps to an underflow [V]; the other older-layer rows follow the
        // same model (inferred)
        ("1e2147483647", OVERFLOW.into(), UNDERFLOW.into()),
        ("1e2147483648", OVERFLOW.into(), UNDERFLOW.into()),
        (
            "1e-2147483648",
            UNDERFLOW.into(),
            format!("{nn}: 1e-2147483648"),
        ),
        ("1e-2147483647", UNDERFLOW.into(), UNDERFLOW.into()),
        (
            "1e99999999999",
            OVERFLOW.into(),
            format!("{nn}: 1e99999999999"),
        ),
        (
            "-1e99999999999",
            OVERFLOW.into(),
            format!("{nn}: -1e99999999999"),
        ),
        (
            "1e-99999999999",
            UNDERFLOW.into(),
            format!("{nn}: 1e-99999999999"),
        ),
        (
            "1e9223372036854775807",
            OVERFLOW.into(),
            format!("{nn}: 1e9223372036854775807"),
        ),
        (
            "1e-9223372036854775808",
            UNDERFLOW.into(),
            format!("{nn}: 1e-9223372036854775808"),
        ),
        (
            "1e9223372036854775808",
            format!("{nn}: 1e9223372036854775808"),
            format!("{nn}: 1e9223372036854775808"),
        ),
        (
            "99e9223372036854775807",
            OVERFLOW.into(),
            format!("{nn}: 99e9223372036854775807"),
        ),
        // precision: more than 38 significant digits [V]
        (
            "1234567890123456789012345678901234567890",
            PRECISION.into(),
            PRECISION.into(),
        ),
        (
            "123456789012345678901234567890123456789",
            PRECISION.into(),
            PRECISION.into(),
        ),
        (
            "-1.23456789012345678901234567890123456789",
            PRECISION.into(),
            PRECISION.into(),
        ),
        (
            "3.14159265358979323846264338327950288419",
            PRECISION.into(),
            PRECISION.into(),
        ),
        (
            "314159265358979323846.264338327950288419",
            PRECISION.into(),
            PRECISION.into(),
        ),
        (
            "314159265358979323846264338327950288419e30",
            PRECISION.into(),
            PRECISION.into(),
        ),
        (
            "1.00000000000000000000000000000000000001",
            PRECISION.into(),
            PRECISION.into(),
        ),
        // range is checked before precision (dynalite's order)
        (
            "1234567890123456789012345678901234567890e200",
            OVERFLOW.into(),
            OVERFLOW.into(),
        ),
    ];
    for (literal, want_current, want_older) in rows {
        assert_eq!(current(literal), want_current, "current layer, {literal:?}");
        assert_eq!(older(literal), want_older, "older layer, {literal:?}");
    }
}

#[test]
fn the_four_value_layer_shapes() {
    // valueLayers.test.ts: the same four literals on both layers [V]
    let nn = "The parameter cannot be converted to a numeric value";
    let shapes = ["abc", "", "1e126", "1e2147483647"];
    let want_current = [
        format!("{nn}: abc"),
        format!("{nn}: "),
        OVERFLOW.into(),
        OVERFLOW.into(),
    ];
    let want_older = [
        format!("{nn}: abc"),
        nn.to_string(),
        OVERFLOW.into(),
        UNDERFLOW.into(),
    ];
    for i in 0..4 {
        assert_eq!(current(shapes[i]), want_current[i]);
        assert_eq!(older(shapes[i]), want_older[i]);
    }
}

#[test]
fn error_values_and_default_message() {
    assert_eq!(Number::parse("x"), Err(NumberError::NotNumeric("x".into())));
    assert_eq!(Number::parse("1e126"), Err(NumberError::Overflow));
    assert_eq!(Number::parse("1e-131"), Err(NumberError::Underflow));
    assert_eq!(
        Number::parse(&"1".repeat(39)),
        Err(NumberError::TooManyDigits)
    );
    // message() is the older layer's wording
    assert_eq!(
        NumberError::NotNumeric(String::new()).message(),
        "The parameter cannot be converted to a numeric value"
    );
    assert_eq!(
        NumberError::NotNumeric("b".into()).message(),
        "The parameter cannot be converted to a numeric value: b"
    );
    assert_eq!(NumberError::Overflow.message(), OVERFLOW);
    assert_eq!(NumberError::Underflow.message(), UNDERFLOW);
    assert_eq!(NumberError::TooManyDigits.message(), PRECISION);
}

#[test]
fn huge_exponents_cost_nothing() {
    // Rejected before any conversion: a million of these is instant, nothing sized by the exponent.
    for _ in 0..100_000 {
        assert_eq!(Number::parse("1e-99999999999"), Err(NumberError::Underflow));
        assert_eq!(Number::parse("1.0e100000000"), Err(NumberError::Overflow));
    }
}

fn hash_of(n: &Number) -> u64 {
    let mut h = DefaultHasher::new();
    n.hash(&mut h);
    h.finish()
}

#[test]
fn equality_is_by_value() {
    // Numeric keys are value-based [V]
    let same = [
        vec![
            "1000", "1e3", "1E+3", "1000.0", "001000", "+1000", "0.1e4", "10e2",
        ],
        vec!["0", "-0", "0.0", "0e5", "-0.000e-3", "000"],
        vec!["-1.5", "-1.50", "-15e-1", "-0.015e2"],
        vec!["0.1", ".1", "1e-1", "100e-3"],
    ];
    for group in same {
        let first = n(group[0]);
        for literal in &group {
            let other = n(literal);
            assert_eq!(first, other, "{} = {literal}", group[0]);
            assert_eq!(
                hash_of(&first),
                hash_of(&other),
                "hash {} = {literal}",
                group[0]
            );
            assert_eq!(other.to_canonical_string(), first.to_canonical_string());
        }
    }
}

#[test]
fn ordering_by_value() {
    use std::cmp::Ordering::{Equal, Greater, Less};
    let rows = [
        ("-1", "0", Less),
        ("0", "-0", Equal),
        ("0.1", "0.09", Greater),
        ("-0.1", "-0.09", Less),
        ("12", "120", Less),
        ("123", "1.23e2", Equal),
        ("1e125", "9.9e124", Greater),
        ("1e-130", "0", Greater),
        ("-1e-130", "0", Less),
        ("-1e125", "-1e-130", Less),
        ("99999999999999999999999999999999999999", "1e38", Less),
        ("1.0000000000000000000000000000000000001", "1", Greater),
        ("-1.0000000000000000000000000000000000001", "-1", Less),
        ("2", "10", Less),
        ("10", "9.99", Greater),
    ];
    for (a, b, want) in rows {
        assert_eq!(n(a).cmp(&n(b)), want, "{a} vs {b}");
        assert_eq!(n(b).cmp(&n(a)), want.reverse(), "{b} vs {a}");
    }
}

#[test]
fn exact_addition_and_subtraction() {
    // (a, op, b, result or message)
    let rows: Vec<(&str, char, &str, String)> = vec![
        // exact, no floating point [V]
        (
            "1",
            '+',
            "10000000000000000000000",
            "10000000000000000000001".into(),
        ),
        (
            "10000000000000000000000",
            '-',
            "1",
            "9999999999999999999999".into(),
        ),
        // range-checked results [V]
        ("9e125", '+', "9e125", OVERFLOW.into()),
        ("9e125", '-', "-9e125", OVERFLOW.into()),
        // more than 38 digits: DynamoDB says overflow [V]
        ("1e50", '+', "1", OVERFLOW.into()),
        ("1e50", '-', "1", OVERFLOW.into()),
        (
            "99999999999999999999999999999999999999",
            '+',
            "0.1",
            OVERFLOW.into(),
        ),
        ("1e125", '-', "1e-130", OVERFLOW.into()),
        // fits after all
        (
            "99999999999999999999999999999999999999",
            '+',
            "1",
            format!("1{}", zeros(38)),
        ),
        ("1e37", '+', "1", format!("1{}1", zeros(36))),
        ("1e50", '+', "1e50", format!("2{}", zeros(50))),
        ("1e50", '-', "1e50", "0".into()),
        ("0.1", '+', "0.2", "0.3".into()),
        ("1", '-', "1", "0".into()),
        ("-5", '+', "3", "-2".into()),
        ("3", '-', "5", "-2".into()),
        ("-3", '-', "-5", "2".into()),
        ("0", '-', "7.5", "-7.5".into()),
        ("7.5", '+', "0", "7.5".into()),
        ("0", '+', "0", "0".into()),
        ("1.5", '+', "1.5", "3".into()),
        (
            "9.9999999999999999999999999999999999999e125",
            '+',
            "1e88",
            OVERFLOW.into(),
        ),
        (
            "9.9999999999999999999999999999999999999e125",
            '-',
            "1e88",
            format!("{}8{}", "9".repeat(37), zeros(88)),
        ),
        (
            "-9.9999999999999999999999999999999999999e125",
            '-',
            "1e88",
            OVERFLOW.into(),
        ),
        // a result can underflow
        ("1.1e-130", '-', "1e-130", UNDERFLOW.into()),
        ("1e-130", '-', "1e-130", "0".into()),
        ("2e-130", '-', "1e-130", format!("0.{}1", zeros(129))),
        // wide alignment that still fits (38-digit shift)
        ("1e37", '+', "1e-1", OVERFLOW.into()),
        ("1e36", '+', "1e-1", format!("1{}.1", zeros(36))),
    ];
    for (a, op, b, want) in rows {
        let (x, y) = (n(a), n(b));
        let got = match op {
            '+' => x.checked_add(&y),
            _ => x.checked_sub(&y),
        };
        let got = match got {
            Ok(v) => v.to_canonical_string(),
            Err(e) => e.message(),
        };
        assert_eq!(got, want, "{a} {op} {b}");
    }
}

#[test]
fn stored_size_base100() {
    // captured to the byte (eu-west-2) [V]
    let rows = [
        ("0", 1),
        ("1", 2),
        ("12", 2),
        ("123", 3),
        ("1234", 3),
        ("12345678901234567890123456789012345678", 20),
        ("0042", 2),
        ("100", 2),
        ("1010", 3),
        ("0.0000001", 2),
        ("1E125", 2),
        ("1E-100", 2),
        ("1.5", 3),
        ("15", 2),
        ("1.2", 3),
        ("1.200", 3),
        ("1.234", 4),
        ("3.14159", 5),
        ("123456", 4),
        ("100.5", 4),
        ("0.15", 2),
        ("-42", 3),
        ("-0", 1),
        // base-100 formula where the sources disagree (Appendix D #19, #20): flagged
        ("12000", 3),
        ("-12345678901234567890123456789012345678", 21),
    ];
    for (literal, size) in rows {
        assert_eq!(n(literal).stored_size(), size, "{literal}");
    }
}

#[test]
fn small_constructors_and_predicates() {
    assert_eq!(Number::from_u64(0), n("0"));
    assert_eq!(Number::from_u64(1000), n("1e3"));
    assert_eq!(Number::from_u64(1000).to_canonical_string(), "1000");
    assert_eq!(
        Number::from_u64(u64::MAX).to_canonical_string(),
        u64::MAX.to_string()
    );
    assert!(n("-0").is_zero() && !n("-0").is_negative());
    assert!(n("-0.5").is_negative() && !n("-0.5").is_zero());
    assert!(!n("0.5").is_negative());
    assert_eq!(n("2").negated(), n("-2"));
    assert_eq!(n("0").negated(), n("0"));
    assert_eq!(format!("{}", n("1e3")), "1000");
    assert_eq!(format!("{:?}", n("1e3")), "Number(1000)");
}

#[test]
fn serde_is_the_canonical_string() {
    assert_eq!(serde_json::to_string(&n("1e3")).unwrap(), "\"1000\"");
    let back: Number = serde_json::from_str("\"1e3\"").unwrap();
    assert_eq!(back, n("1000"));
    assert!(serde_json::from_str::<Number>("\"dog\"").is_err());
    assert!(serde_json::from_str::<Number>("12").is_err());
}
