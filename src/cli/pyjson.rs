//! JSON as the AWS CLI (Python) reads and writes it.
//!
//! Reading: Python's `json.loads`, because the CLI quotes its error text (`Invalid JSON: Expecting ',' delimiter:
//! line 1 column 9 (char 8)`), so positions count characters, not bytes, and the messages are Python's.
//! Writing: `json.dumps(obj, indent=4)`, which the CLI uses for every response: 4-space indent, `", "`-less item
//! separator, `": "` after keys, floats as Python's `repr`.

use serde_json::{Map, Number, Value};

/// Nesting bound for decoding: Python stops with a RecursionError near 1,000 levels (less the CLI's own call
/// depth); txlab stops at 500 with Python's words, rather than recursing without bound on user input.
const MAX_DEPTH: usize = 500;

/// A decoding error, with Python's message and the character position it points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub message: &'static str,
    pub pos: usize,
    /// Python's rendering: `Expecting value: line 1 column 1 (char 0)`.
    pub text: String,
}

fn error(message: &'static str, chars: &[char], pos: usize) -> JsonError {
    let line = chars.iter().take(pos).filter(|&&c| c == '\n').count() + 1;
    let column = match chars.iter().take(pos).rposition(|&c| c == '\n') {
        Some(nl) => pos - nl,
        None => pos + 1,
    };
    JsonError {
        message,
        pos,
        text: format!("{message}: line {line} column {column} (char {pos})"),
    }
}

/// Decodes `text` as Python's `json.loads` does (objects keep their key order; a repeated key keeps its first
/// position and its last value, as `OrderedDict` does).
pub fn loads(text: &str) -> Result<Value, JsonError> {
    let chars: Vec<char> = text.chars().collect();
    if chars.first() == Some(&'\u{feff}') {
        return Err(error(
            "Unexpected UTF-8 BOM (decode using utf-8-sig)",
            &chars,
            0,
        ));
    }
    let mut decoder = Decoder { s: &chars };
    let start = decoder.skip_ws(0);
    let (value, end) = decoder.value(start, 0)?;
    let end = decoder.skip_ws(end);
    if end != chars.len() {
        return Err(error("Extra data", &chars, end));
    }
    Ok(value)
}

struct Decoder<'a> {
    s: &'a [char],
}

impl JsonError {
    /// Python raises RecursionError, not a decoding error, for input nested too deep.
    pub fn is_recursion(&self) -> bool {
        self.message.starts_with("maximum recursion depth")
    }
}

impl Decoder<'_> {
    fn at(&self, i: usize) -> Option<char> {
        self.s.get(i).copied()
    }
    fn skip_ws(&self, mut i: usize) -> usize {
        while matches!(self.at(i), Some(' ' | '\t' | '\n' | '\r')) {
            i += 1;
        }
        i
    }
    fn fail(&self, message: &'static str, pos: usize) -> JsonError {
        error(message, self.s, pos)
    }
    fn literal(&self, i: usize, word: &str) -> bool {
        word.chars()
            .enumerate()
            .all(|(k, c)| self.at(i + k) == Some(c))
    }

    /// `scan_once`: one value starting exactly at `i`.
    fn value(&mut self, i: usize, depth: usize) -> Result<(Value, usize), JsonError> {
        if depth > MAX_DEPTH {
            let message = if self.at(i) == Some('{') {
                "maximum recursion depth exceeded while decoding a JSON object from a unicode string"
            } else {
                "maximum recursion depth exceeded while decoding a JSON array from a unicode string"
            };
            return Err(JsonError {
                message,
                pos: i,
                text: message.to_string(),
            });
        }
        match self.at(i) {
            Some('"') => {
                let (s, end) = self.string(i + 1)?;
                Ok((Value::String(s), end))
            }
            Some('{') => self.object(i + 1, depth + 1),
            Some('[') => self.array(i + 1, depth + 1),
            Some('n') if self.literal(i, "null") => Ok((Value::Null, i + 4)),
            Some('t') if self.literal(i, "true") => Ok((Value::Bool(true), i + 4)),
            Some('f') if self.literal(i, "false") => Ok((Value::Bool(false), i + 5)),
            // Python accepts NaN and Infinity; JSON values here cannot hold them, so they are refused as a
            // value would be (a documented difference).
            _ => self.number(i),
        }
    }

    fn number(&self, start: usize) -> Result<(Value, usize), JsonError> {
        let expecting = || self.fail("Expecting value", start);
        let digit = |i: usize| self.at(i).is_some_and(|c| c.is_ascii_digit());
        let mut i = start;
        if self.at(i) == Some('-') {
            i += 1;
        }
        match self.at(i) {
            Some('1'..='9') => {
                while digit(i) {
                    i += 1;
                }
            }
            Some('0') => i += 1,
            _ => return Err(expecting()),
        }
        let mut is_float = false;
        if self.at(i) == Some('.') && digit(i + 1) {
            is_float = true;
            i += 2;
            while digit(i) {
                i += 1;
            }
        }
        if matches!(self.at(i), Some('e' | 'E')) {
            let e_start = i;
            let mut j = i + 1;
            if matches!(self.at(j), Some('+' | '-')) {
                j += 1;
            }
            let digits_start = j;
            while digit(j) {
                j += 1;
            }
            if j > digits_start {
                is_float = true;
                i = j;
            } else {
                i = e_start;
            }
        }
        let text: String = self.s.get(start..i).unwrap_or_default().iter().collect();
        let number = if is_float {
            text.parse::<f64>().ok().and_then(Number::from_f64)
        } else if let Ok(n) = text.parse::<i64>() {
            Some(Number::from(n))
        } else if let Ok(n) = text.parse::<u64>() {
            Some(Number::from(n))
        } else {
            // Beyond 64 bits Python keeps an exact integer; txlab keeps the nearest float.
            text.parse::<f64>().ok().and_then(Number::from_f64)
        };
        match number {
            Some(n) => Ok((Value::Number(n), i)),
            None => Err(expecting()),
        }
    }

    /// `scanstring`: `i` is just after the opening quote.
    fn string(&self, i: usize) -> Result<(String, usize), JsonError> {
        let begin = i - 1;
        let mut out = String::new();
        let mut next = i;
        loop {
            let Some(c) = self.at(next) else {
                return Err(self.fail("Unterminated string starting at", begin));
            };
            match c {
                '"' => return Ok((out, next + 1)),
                '\\' => {
                    next += 1;
                    let Some(e) = self.at(next) else {
                        return Err(self.fail("Unterminated string starting at", begin));
                    };
                    if e == 'u' {
                        let (code, end) = self.unicode_escape(next + 1)?;
                        out.push(code);
                        next = end;
                    } else {
                        let decoded = match e {
                            '"' => '"',
                            '\\' => '\\',
                            '/' => '/',
                            'b' => '\u{8}',
                            'f' => '\u{c}',
                            'n' => '\n',
                            'r' => '\r',
                            't' => '\t',
                            _ => return Err(self.fail("Invalid \\escape", next - 1)),
                        };
                        out.push(decoded);
                        next += 1;
                    }
                }
                c if (c as u32) < 0x20 => {
                    return Err(self.fail("Invalid control character at", next));
                }
                c => {
                    out.push(c);
                    next += 1;
                }
            }
        }
    }

    fn hex4(&self, start: usize) -> Option<u32> {
        let mut code = 0u32;
        for k in 0..4 {
            code = code * 16 + self.at(start + k)?.to_digit(16)?;
        }
        Some(code)
    }

    /// `start` is just after `\u`; returns the character and the index after the escape (or the pair).
    fn unicode_escape(&self, start: usize) -> Result<(char, usize), JsonError> {
        let end = start + 4;
        if end >= self.s.len() {
            return Err(self.fail("Invalid \\uXXXX escape", start - 1));
        }
        let Some(code) = self.hex4(start) else {
            return Err(self.fail("Invalid \\uXXXX escape", start - 1));
        };
        if (0xd800..0xdc00).contains(&code)
            && end + 6 < self.s.len()
            && self.at(end) == Some('\\')
            && self.at(end + 1) == Some('u')
        {
            let Some(low) = self.hex4(end + 2) else {
                return Err(self.fail("Invalid \\uXXXX escape", end + 1));
            };
            if (0xdc00..0xe000).contains(&low) {
                let combined = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
                return Ok((char::from_u32(combined).unwrap_or('\u{fffd}'), end + 6));
            }
        }
        // A lone surrogate is a valid Python string but not a Rust one.
        Ok((char::from_u32(code).unwrap_or('\u{fffd}'), end))
    }

    fn object(&mut self, i: usize, depth: usize) -> Result<(Value, usize), JsonError> {
        let mut map = Map::new();
        let mut i = self.skip_ws(i);
        if self.at(i) != Some('"') {
            if self.at(i) == Some('}') {
                return Ok((Value::Object(map), i + 1));
            }
            return Err(self.fail("Expecting property name enclosed in double quotes", i));
        }
        loop {
            let (key, after_key) = self.string(i + 1)?;
            i = self.skip_ws(after_key);
            if self.at(i) != Some(':') {
                return Err(self.fail("Expecting ':' delimiter", i));
            }
            i = self.skip_ws(i + 1);
            let (value, after_value) = self.value(i, depth)?;
            map.insert(key, value);
            i = self.skip_ws(after_value);
            match self.at(i) {
                Some('}') => return Ok((Value::Object(map), i + 1)),
                Some(',') => {}
                _ => return Err(self.fail("Expecting ',' delimiter", i)),
            }
            i = self.skip_ws(i + 1);
            if self.at(i) != Some('"') {
                return Err(self.fail("Expecting property name enclosed in double quotes", i));
            }
        }
    }

    fn array(&mut self, i: usize, depth: usize) -> Result<(Value, usize), JsonError> {
        let mut items = Vec::new();
        let mut i = self.skip_ws(i);
        if self.at(i) == Some(']') {
            return Ok((Value::Array(items), i + 1));
        }
        loop {
            let (value, after) = self.value(i, depth)?;
            items.push(value);
            i = self.skip_ws(after);
            match self.at(i) {
                Some(']') => return Ok((Value::Array(items), i + 1)),
                Some(',') => {}
                _ => return Err(self.fail("Expecting ',' delimiter", i)),
            }
            i = self.skip_ws(i + 1);
        }
    }
}

/// The kinds of text in JSON output, for colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    Key,
    String,
    Number,
    /// `true`, `false`, `null`.
    Literal,
}

/// Python's `json.dumps(value, indent=4, ensure_ascii=...)`.
pub fn dumps(value: &Value, ensure_ascii: bool) -> String {
    dumps_with(value, ensure_ascii, &|_, text| text)
}

/// `dumps`, with each key and scalar passed through `paint` (which may wrap it in colour codes).
pub fn dumps_with(
    value: &Value,
    ensure_ascii: bool,
    paint: &dyn Fn(Token, String) -> String,
) -> String {
    let mut out = String::new();
    // An explicit stack instead of recursion: responses can be as deep as DynamoDB allows, and more.
    enum Step<'a> {
        Value(&'a Value, usize),
        Text(String),
    }
    let mut stack = vec![Step::Value(value, 0)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Text(t) => out.push_str(&t),
            Step::Value(v, level) => match v {
                Value::Null => out.push_str(&paint(Token::Literal, "null".to_string())),
                Value::Bool(b) => out.push_str(&paint(Token::Literal, b.to_string())),
                Value::Number(n) => out.push_str(&paint(Token::Number, number_repr(n))),
                Value::String(s) => {
                    out.push_str(&paint(Token::String, encode_string(s, ensure_ascii)))
                }
                Value::Array(items) if items.is_empty() => out.push_str("[]"),
                Value::Object(map) if map.is_empty() => out.push_str("{}"),
                Value::Array(items) => {
                    out.push('[');
                    let inner = indent(level + 1);
                    stack.push(Step::Text(format!("\n{}]", indent(level))));
                    for (k, item) in items.iter().enumerate().rev() {
                        stack.push(Step::Value(item, level + 1));
                        let sep = if k == 0 { "\n" } else { ",\n" };
                        stack.push(Step::Text(format!("{sep}{inner}")));
                    }
                }
                Value::Object(map) => {
                    out.push('{');
                    let inner = indent(level + 1);
                    stack.push(Step::Text(format!("\n{}}}", indent(level))));
                    for (k, (key, item)) in map.iter().enumerate().rev() {
                        stack.push(Step::Value(item, level + 1));
                        let sep = if k == 0 { "\n" } else { ",\n" };
                        let key = paint(Token::Key, encode_string(key, ensure_ascii));
                        stack.push(Step::Text(format!("{sep}{inner}{key}: ")));
                    }
                }
            },
        }
    }
    out
}

fn indent(level: usize) -> String {
    " ".repeat(level * 4)
}

/// A JSON string literal as Python's encoder writes it.
pub fn encode_string(s: &str, ensure_ascii: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if ensure_ascii && (c as u32) > 0x7e => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number as Python prints it: integers as they are, floats as `repr(float)`.
pub fn number_repr(n: &Number) -> String {
    if n.is_f64() {
        n.as_f64().map(float_repr).unwrap_or_else(|| n.to_string())
    } else {
        n.to_string()
    }
}

/// Python's `repr(float)`: the shortest text that reads back as the same float, positional for exponents -4..16,
/// otherwise scientific with a signed exponent of at least two digits (`1e+16`, `1.5e-05`).
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    // Rust's `{:e}` gives the same shortest digits, as d.ddde[-]x.
    let sci = format!("{x:e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if negative { "-" } else { "" };
    if (-4..16).contains(&exponent) {
        let n = digits.len() as i32;
        let body = if exponent < 0 {
            format!("0.{}{}", "0".repeat((-exponent - 1) as usize), digits)
        } else if exponent + 1 >= n {
            format!("{}{}.0", digits, "0".repeat((exponent + 1 - n) as usize))
        } else {
            let (int, frac) = digits.split_at((exponent + 1) as usize);
            format!("{int}.{frac}")
        };
        format!("{sign}{body}")
    } else {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        let mantissa = if rest.is_empty() {
            first.to_string()
        } else {
            format!("{first}.{rest}")
        };
        let esign = if exponent < 0 { '-' } else { '+' };
        format!("{sign}{mantissa}e{esign}{:02}", exponent.abs())
    }
}

/// Python's `json.dumps(value)` with default settings (`", "` and `": "` separators, ASCII only), as botocore
/// writes pagination tokens.
pub fn dumps_compact(value: &Value) -> String {
    let mut out = String::new();
    enum Step<'a> {
        Value(&'a Value),
        Text(&'static str),
        Key(&'a str),
    }
    let mut stack = vec![Step::Value(value)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Text(t) => out.push_str(t),
            Step::Key(k) => {
                out.push_str(&encode_string(k, true));
                out.push_str(": ");
            }
            Step::Value(v) => match v {
                Value::Null => out.push_str("null"),
                Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                Value::Number(n) => out.push_str(&number_repr(n)),
                Value::String(s) => out.push_str(&encode_string(s, true)),
                Value::Array(items) => {
                    out.push('[');
                    stack.push(Step::Text("]"));
                    for (i, item) in items.iter().enumerate().rev() {
                        stack.push(Step::Value(item));
                        if i > 0 {
                            stack.push(Step::Text(", "));
                        }
                    }
                }
                Value::Object(map) => {
                    out.push('{');
                    stack.push(Step::Text("}"));
                    for (i, (k, item)) in map.iter().enumerate().rev() {
                        stack.push(Step::Value(item));
                        stack.push(Step::Key(k));
                        if i > 0 {
                            stack.push(Step::Text(", "));
                        }
                    }
                }
            },
        }
    }
    out
}
