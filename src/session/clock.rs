//! The session clock: the wall clock plus an offset a person can move (`clock +10m`), so that lessons can
//! show the ClientRequestToken window passing. The engine never reads a clock; the session gives it the time.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Where "now" comes from, before the session's offset is added.
pub trait Clock: Send + Sync {
    fn now_millis(&self) -> u64;
}

/// The real time.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_millis(&self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0)
    }
}

/// A clock tests (and scripted demos) set by hand.
#[derive(Clone, Default)]
pub struct ManualClock(Arc<AtomicU64>);

impl ManualClock {
    pub fn new(start_millis: u64) -> ManualClock {
        ManualClock(Arc::new(AtomicU64::new(start_millis)))
    }
    pub fn set(&self, millis: u64) {
        self.0.store(millis, Ordering::SeqCst);
    }
    pub fn advance(&self, millis: u64) {
        self.0.fetch_add(millis, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_millis(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Parse a clock move: `+10m`, `+90s`, `+1h`, `+500ms`, `-2m`, `+1h30m`. Returns signed milliseconds.
pub fn parse_offset(text: &str) -> Result<i64, String> {
    let err =
        || format!("cannot read the time \"{text}\": write it like +10m, +90s, +1h30m or -5m");
    let text = text.trim();
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'+') => (1i64, &text[1..]),
        Some(b'-') => (-1i64, &text[1..]),
        _ => (1i64, text),
    };
    if rest.is_empty() {
        return Err(err());
    }
    let mut total: i64 = 0;
    let mut chars = rest.char_indices().peekable();
    while chars.peek().is_some() {
        let start = chars.peek().map(|(i, _)| *i).unwrap_or(0);
        let mut end = start;
        while let Some((i, c)) = chars.peek().copied() {
            if c.is_ascii_digit() {
                end = i + 1;
                chars.next();
            } else {
                break;
            }
        }
        if end == start {
            return Err(err());
        }
        let n: i64 = rest[start..end].parse().map_err(|_| err())?;
        let ustart = end;
        let mut uend = end;
        while let Some((i, c)) = chars.peek().copied() {
            if c.is_ascii_alphabetic() {
                uend = i + 1;
                chars.next();
            } else {
                break;
            }
        }
        let unit = match &rest[ustart..uend] {
            "ms" => 1,
            "s" => 1_000,
            "m" | "min" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            _ => return Err(err()),
        };
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(err)?;
    }
    Ok(sign * total)
}

#[cfg(test)]
mod tests {
    use super::parse_offset;

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("+10m"), Ok(600_000));
        assert_eq!(parse_offset("90s"), Ok(90_000));
        assert_eq!(parse_offset("+1h30m"), Ok(5_400_000));
        assert_eq!(parse_offset("-2m"), Ok(-120_000));
        assert_eq!(parse_offset("+500ms"), Ok(500));
        assert!(parse_offset("+").is_err());
        assert!(parse_offset("10x").is_err());
        assert!(parse_offset("m").is_err());
        assert!(parse_offset("+99999999999999999999d").is_err());
    }
}
