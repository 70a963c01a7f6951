//! Timestamps as AWS CLI v2 prints them (`cli_timestamp_format = iso8601`): Python's `datetime.isoformat()` of the
//! wire's epoch seconds. The CLI uses the local time zone; txlab prints UTC (`+00:00`) so that output does not
//! depend on where it runs.

use serde_json::Value;

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (Howard Hinnant's algorithm).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `2019-12-16T23:03:06.389000+00:00` for an epoch-seconds number (or numeric string); None otherwise.
pub fn iso8601(value: &Value) -> Option<String> {
    let seconds = match value {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    // Python's datetime covers years 1 to 9999; outside them the CLI fails, txlab prints the wire value.
    if !seconds.is_finite() || !(-62_135_596_800.0..=253_402_300_799.0).contains(&seconds) {
        return None;
    }
    // datetime.fromtimestamp: whole seconds, then microseconds rounded half to even.
    let mut whole = seconds.trunc() as i64;
    let mut micros = ((seconds - seconds.trunc()) * 1e6).round_ties_even() as i64;
    if micros >= 1_000_000 {
        whole += 1;
        micros -= 1_000_000;
    } else if micros < 0 {
        whole -= 1;
        micros += 1_000_000;
    }
    let days = whole.div_euclid(86_400);
    let secs = whole.rem_euclid(86_400);
    let (y, mo, d) = civil_from_days(days);
    let (h, mi, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    let fraction = if micros == 0 {
        String::new()
    } else {
        format!(".{micros:06}")
    };
    Some(format!(
        "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{fraction}+00:00"
    ))
}
