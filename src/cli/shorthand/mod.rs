//! The AWS CLI's shorthand syntax (`awscli/shorthand.py`): `AttributeName=Artist,KeyType=HASH`,
//! `Artist={S="Acme Band"}`, `SS=a,b`, `L=[{S=x},{N=1}]`, `key@=file://path`.
//!
//! `parse` is purely syntactic, like the CLI's `ShorthandParser`; `back_compat` (in `back_compat.rs`) then applies
//! the model as the CLI's `BackCompatVisitor` does (scalars to lists where the model wants a list, numbers and
//! booleans converted).

mod back_compat;

pub use back_compat::back_compat;

use super::pyrepr::is_py_space;
use serde_json::{Map, Value};
use std::path::Path;

/// Nesting bound for `{...}` / `[...]`: Python would stop with a RecursionError much deeper; txlab stops here.
const MAX_DEPTH: usize = 100;

/// A shorthand failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShorthandError {
    /// A syntax error: the CLI reports it as `Error parsing parameter '--x': <message>` (exit 252).
    Syntax(String),
    /// A Python exception outside the parser's own (a failed `int()`, a file that cannot be read): the CLI
    /// prints the bare message and exits 255.
    General(String),
}

struct Parser<'a> {
    input: Vec<char>,
    index: usize,
    resolve_files: bool,
    cwd: &'a Path,
    depth: usize,
}

fn in_ranges(c: char, ranges: &[(u32, u32)]) -> bool {
    let u = c as u32;
    ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&u))
}

// The character classes of shorthand.py's regular expressions, as code point ranges.
const START_WORD: &[(u32, u32)] = &[
    (0x21, 0x21),
    (0x23, 0x26),
    (0x28, 0x2b),
    (0x2d, 0x3c),
    (0x3e, 0x5a),
    (0x5c, 0x7a),
    (0x7c, 0xffff),
];
const FIRST_FOLLOW: &[(u32, u32)] = &[
    (0x21, 0x21),
    (0x23, 0x26),
    (0x28, 0x2b),
    (0x2d, 0x5c),
    (0x5e, 0x7c),
    (0x7e, 0xffff),
];
const SECOND_FOLLOW: &[(u32, u32)] = &[
    (0x21, 0x21),
    (0x23, 0x26),
    (0x28, 0x2b),
    (0x2d, 0x3c),
    (0x3e, 0xffff),
];

/// Python's `string.whitespace`, which the parser skips between tokens.
fn is_ascii_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{b}' | '\u{c}')
}

fn rstrip(s: &str) -> String {
    s.trim_end_matches(is_py_space).to_string()
}

impl Parser<'_> {
    fn current(&self) -> Option<char> {
        self.input.get(self.index).copied()
    }
    fn at_eof(&self) -> bool {
        self.index >= self.input.len()
    }
    fn text(&self) -> String {
        self.input.iter().collect()
    }

    /// `_error_location`: the input with a caret under the failing character.
    fn location(&self, index: usize) -> String {
        let consumed_part: String = self.input.iter().take(index).collect();
        let mut num_spaces = index;
        if let Some(nl) = consumed_part.rfind('\n') {
            num_spaces = index - consumed_part[..nl].chars().count() - 1;
        }
        let remaining_part: String = self.input.iter().skip(index).collect();
        let (consumed, remaining) = match remaining_part.find('\n') {
            Some(nl) => {
                let next_newline = index + remaining_part[..nl].chars().count();
                (
                    self.input.iter().take(next_newline).collect::<String>(),
                    self.input.iter().skip(next_newline).collect::<String>(),
                )
            }
            None => (self.text(), String::new()),
        };
        format!("{consumed}\n{}^{remaining}", " ".repeat(num_spaces))
    }

    fn syntax(&self, expected: &str, actual: &str, index: usize) -> ShorthandError {
        ShorthandError::Syntax(format!(
            "Expected: '{expected}', received: '{actual}' for input:\n{}",
            self.location(index)
        ))
    }

    fn consume_whitespace(&mut self) {
        while self.current().is_some_and(is_ascii_ws) {
            self.index += 1;
        }
    }

    fn expect(&mut self, c: char, consume_whitespace: bool) -> Result<(), ShorthandError> {
        if consume_whitespace {
            self.consume_whitespace();
        }
        match self.current() {
            None => return Err(self.syntax(&c.to_string(), "EOF", self.index)),
            Some(actual) if actual != c => {
                return Err(self.syntax(&c.to_string(), &actual.to_string(), self.index))
            }
            Some(_) => self.index += 1,
        }
        if consume_whitespace {
            self.consume_whitespace();
        }
        Ok(())
    }

    /// A word of the `first` / `second` regular expressions: `(\\,|[start])(\\,|[follow])*`.
    fn match_word(&self, follow: &[(u32, u32)]) -> Option<usize> {
        let mut i = self.index;
        let escaped_comma =
            |i: usize| self.input.get(i) == Some(&'\\') && self.input.get(i + 1) == Some(&',');
        if escaped_comma(i) {
            i += 2;
        } else if self.input.get(i).is_some_and(|&c| in_ranges(c, START_WORD)) {
            i += 1;
        } else {
            return None;
        }
        loop {
            if escaped_comma(i) {
                i += 2;
            } else if self
                .input
                .get(i)
                .is_some_and(|&c| in_ranges(c, follow) || is_py_space(c))
            {
                i += 1;
            } else {
                return Some(i);
            }
        }
    }

    fn take_word(&mut self, end: usize) -> String {
        let word: String = self.input.iter().take(end).skip(self.index).collect();
        self.index = end;
        rstrip(&word.replace("\\,", ","))
    }

    fn parameter(&mut self) -> Result<Map<String, Value>, ShorthandError> {
        let mut params = Map::new();
        let (key, value) = self.keyval()?;
        params.insert(key, value);
        let mut last_index = self.index;
        while self.index < self.input.len() {
            self.expect(',', true)?;
            let (key, value) = self.keyval()?;
            if params.contains_key(&key) {
                return Err(ShorthandError::Syntax(format!(
                    "Second instance of key \"{key}\" encountered for input:\n{}\nThis is often because \
                     there is a preceding \",\" instead of a space.",
                    self.location(last_index + 1)
                )));
            }
            params.insert(key, value);
            last_index = self.index;
        }
        Ok(params)
    }

    fn file_marker(&mut self) {
        self.resolve_files = false;
        self.consume_whitespace();
        if self.current() == Some('@') {
            self.index += 1;
            self.consume_whitespace();
            self.resolve_files = true;
        }
    }

    fn keyval(&mut self) -> Result<(String, Value), ShorthandError> {
        let key = self.key();
        self.file_marker();
        self.expect('=', true)?;
        let values = self.values()?;
        Ok((key, values))
    }

    fn key(&mut self) -> String {
        let start = self.index;
        while self
            .current()
            .is_some_and(|c| c.is_ascii_alphanumeric() || "-_.#/:".contains(c))
        {
            self.index += 1;
        }
        self.input.iter().take(self.index).skip(start).collect()
    }

    fn values(&mut self) -> Result<Value, ShorthandError> {
        match self.current() {
            None => Ok(Value::String(String::new())),
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            Some(_) => self.csv_value(),
        }
    }

    fn csv_value(&mut self) -> Result<Value, ShorthandError> {
        let first = self.first_value()?;
        self.consume_whitespace();
        if self.at_eof() || self.current() != Some(',') {
            return Ok(first);
        }
        self.expect(',', true)?;
        let mut list = vec![first.clone()];
        loop {
            match self.second_value() {
                Ok(current) => {
                    self.consume_whitespace();
                    if self.at_eof() {
                        list.push(current);
                        break;
                    }
                    if let Err(e) = self.expect(',', true) {
                        if self.at_eof() {
                            return Err(e);
                        }
                        self.backtrack_to_comma();
                        break;
                    }
                    list.push(current);
                }
                Err(e @ ShorthandError::General(_)) => return Err(e),
                Err(e) => {
                    if self.at_eof() {
                        return Err(e);
                    }
                    self.backtrack_to_comma();
                    break;
                }
            }
        }
        if list.len() == 1 {
            return Ok(first);
        }
        Ok(Value::Array(list))
    }

    fn backtrack_to_comma(&mut self) {
        while self.input.get(self.index).is_some_and(|&c| c != ',') {
            match self.index.checked_sub(1) {
                Some(i) => self.index = i,
                None => break,
            }
        }
    }

    fn value(&mut self) -> Result<Value, ShorthandError> {
        match self.match_word(FIRST_FOLLOW) {
            Some(end) => {
                let word = self.take_word(end);
                self.resolve(word)
            }
            None => Ok(Value::String(String::new())),
        }
    }

    fn explicit_list(&mut self) -> Result<Value, ShorthandError> {
        self.enter()?;
        self.expect('[', true)?;
        let mut values = Vec::new();
        while self.current() != Some(']') {
            values.push(self.explicit_values()?);
            self.consume_whitespace();
            if self.current() != Some(']') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
        }
        self.expect(']', false)?;
        self.depth -= 1;
        Ok(Value::Array(values))
    }

    fn explicit_values(&mut self) -> Result<Value, ShorthandError> {
        match self.current() {
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            _ => self.first_value(),
        }
    }

    fn hash_literal(&mut self) -> Result<Value, ShorthandError> {
        self.enter()?;
        self.expect('{', true)?;
        let mut map = Map::new();
        while self.current() != Some('}') {
            let key = self.key();
            self.file_marker();
            self.expect('=', true)?;
            let v = self.explicit_values()?;
            self.consume_whitespace();
            if self.current() != Some('}') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
            map.insert(key, v);
        }
        self.expect('}', false)?;
        self.depth -= 1;
        Ok(Value::Object(map))
    }

    fn enter(&mut self) -> Result<(), ShorthandError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ShorthandError::General(
                "maximum recursion depth exceeded while calling a Python object".to_string(),
            ));
        }
        Ok(())
    }

    fn first_value(&mut self) -> Result<Value, ShorthandError> {
        match self.current() {
            Some('\'') => self.quoted('\''),
            Some('"') => self.quoted('"'),
            _ => self.value(),
        }
    }

    fn second_value(&mut self) -> Result<Value, ShorthandError> {
        match self.current() {
            Some('\'') => self.quoted('\''),
            Some('"') => self.quoted('"'),
            _ => match self.match_word(SECOND_FOLLOW) {
                Some(end) => {
                    let word = self.take_word(end);
                    self.resolve(word)
                }
                None => Err(self.syntax("<second>", "<none>", self.index)),
            },
        }
    }

    /// `'(?:\\'|[^'])*'` (or the double-quoted twin), then `\'` -> `'` and `\\` -> `\`.
    fn quoted(&mut self, q: char) -> Result<Value, ShorthandError> {
        let mut i = self.index + 1;
        // Where the regex took `\'` as an escaped quote: if no closing quote follows, the regex backtracks and
        // the last such quote closes the value instead.
        let mut last_escape = None;
        loop {
            match self.input.get(i) {
                None => match last_escape {
                    Some(quote_at) => {
                        i = quote_at;
                        break;
                    }
                    None => {
                        let name = if q == '\'' {
                            "singled quoted"
                        } else {
                            "double quoted"
                        };
                        return Err(self.syntax(&format!("<{name}>"), "<none>", self.index));
                    }
                },
                Some('\\') if self.input.get(i + 1) == Some(&q) => {
                    last_escape = Some(i + 1);
                    i += 2;
                }
                Some(&c) if c == q => break,
                Some(_) => i += 1,
            }
        }
        let inner: String = self.input.iter().take(i).skip(self.index + 1).collect();
        self.index = i + 1;
        let value = inner
            .replace(&format!("\\{q}"), &q.to_string())
            .replace("\\\\", "\\");
        self.resolve(value)
    }

    /// `key@=file://path`: the value is the file's content.
    fn resolve(&self, value: String) -> Result<Value, ShorthandError> {
        if !self.resolve_files {
            return Ok(Value::String(value));
        }
        match crate::cli::paramfile::load(&value, self.cwd) {
            Ok(Some(content)) => Ok(Value::String(content)),
            Ok(None) => Ok(Value::String(value)),
            Err(message) => Err(ShorthandError::General(message)),
        }
    }
}

/// Parses shorthand text into JSON values (all scalars are strings at this stage).
pub fn parse(text: &str, cwd: &Path) -> Result<Value, ShorthandError> {
    let mut parser = Parser {
        input: text.chars().collect(),
        index: 0,
        resolve_files: false,
        cwd,
        depth: 0,
    };
    parser.parameter().map(Value::Object)
}
