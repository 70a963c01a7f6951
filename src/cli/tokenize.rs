//! A shell-like tokenizer for command lines, so that commands copied from the AWS CLI documentation (written for
//! a POSIX shell) read the same in txlab.
//!
//! What it does, as `sh` does: words split on unquoted blanks and newlines; `'...'` is literal; in `"..."` a
//! backslash escapes only `$`, `` ` ``, `"`, `\` and newline; outside quotes a backslash escapes any character and
//! backslash-newline joins lines; `#` at the start of a word comments out the rest of the line.
//! What it does not do: variables, globbing, pipes, redirections, `;` (those characters are ordinary here).
//!
//! It also answers "is this input incomplete?" for multi-line entry: an open quote, a trailing backslash, or an
//! unquoted `{` / `[` not yet closed (as when JSON is being typed over several lines).

/// The result of tokenizing one command's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tokens {
    /// The words of a complete command (empty for a blank or comment-only line).
    Complete(Vec<String>),
    /// More input is needed: the reason says what is still open.
    Incomplete(Incomplete),
}

/// What keeps the input open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Incomplete {
    /// A `'` was opened and not closed.
    SingleQuote,
    /// A `"` was opened and not closed.
    DoubleQuote,
    /// The text ends with a backslash (line continuation).
    Backslash,
    /// Unquoted `{` or `[` without their closing bracket.
    Bracket,
}

impl Incomplete {
    /// A message for the case where no more input will come (end of a script).
    pub fn message(self) -> &'static str {
        match self {
            Incomplete::SingleQuote => "unexpected end of input while looking for matching `''",
            Incomplete::DoubleQuote => "unexpected end of input while looking for matching `\"'",
            Incomplete::Backslash => "unexpected end of input after `\\'",
            Incomplete::Bracket => "unexpected end of input: an unquoted `{' or `[' is not closed",
        }
    }
}

/// Splits `text` into words as a POSIX shell would (see the module comment).
pub fn tokenize(text: &str) -> Tokens {
    let mut words = Vec::new();
    let mut word = String::new();
    // Whether a word has started: `''` is an empty word, which a blank is not.
    let mut in_word = false;
    let mut depth: usize = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '#' if !in_word => {
                // A comment runs to the end of the line; the next line goes on with the command.
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '\\' => match chars.next() {
                None => return Tokens::Incomplete(Incomplete::Backslash),
                Some('\n') => {}
                Some(escaped) => {
                    word.push(escaped);
                    in_word = true;
                }
            },
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        None => return Tokens::Incomplete(Incomplete::SingleQuote),
                        Some('\'') => break,
                        Some(c) => word.push(c),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        None => return Tokens::Incomplete(Incomplete::DoubleQuote),
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            None => return Tokens::Incomplete(Incomplete::DoubleQuote),
                            Some('\n') => {}
                            Some(e @ ('$' | '`' | '"' | '\\')) => word.push(e),
                            Some(other) => {
                                word.push('\\');
                                word.push(other);
                            }
                        },
                        Some(c) => word.push(c),
                    }
                }
            }
            _ => {
                match c {
                    '{' | '[' => depth += 1,
                    '}' | ']' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                word.push(c);
                in_word = true;
            }
        }
    }
    if depth > 0 {
        return Tokens::Incomplete(Incomplete::Bracket);
    }
    if in_word {
        words.push(word);
    }
    Tokens::Complete(words)
}

/// Quotes `word` for display so that `tokenize` gives it back unchanged (used to echo commands).
pub fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word.chars().all(|c| {
            c.is_alphanumeric()
                || matches!(c, '-' | '_' | '.' | '/' | ':' | '=' | ',' | '@' | '+' | '%')
        });
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}
