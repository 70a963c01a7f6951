//! Syntax highlighting shared by the REPL and the TUI.
//!
//! Two syntect grammars (assets/*.sublime-syntax, embedded in the binary) cut text into [`Token`]s, each with a
//! [`TokenClass`] of our own; each front end maps classes to its own styles (the REPL through [`to_ansi`], the
//! TUI to ratatui styles). Both call this on every keystroke, so the grammars load once, lazily, and are shared.
//!
//! Guarantees, for any input: no panic; the tokens cover the whole text, in order, without gaps or overlaps,
//! and every range lies on UTF-8 character boundaries.

mod ansi;
mod classes;
mod grammar;

use std::ops::Range;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxSet};

pub use ansi::{to_ansi, AnsiColor, AnsiStyle, Palette};

use classes::ScopeClasses;

/// What a piece of text is, as far as colouring goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenClass {
    /// Whitespace and anything the grammars leave unclassified.
    Plain,
    /// SET REMOVE ADD DELETE AND OR NOT BETWEEN IN (any case).
    Keyword,
    /// A known function name (case-sensitive) before `(`.
    Function,
    /// `#name`.
    NamePlaceholder,
    /// `:value`.
    ValuePlaceholder,
    /// An unquoted attribute name that is not reserved.
    AttributeName,
    /// One of DynamoDB's reserved words used as a bare name: it needs a `#placeholder`.
    ReservedWord,
    /// `= <> < <= > >= + -`.
    Operator,
    /// `( ) [ ] , .` and JSON braces, colons, commas.
    Punctuation,
    /// A list index, a JSON number, a numeric argument.
    Number,
    /// Quoted or unquoted argument text and JSON strings, quotes included.
    String,
    /// JSON `true`, `false`, `null`.
    Constant,
    /// `--flag`.
    Flag,
    /// The command word (`aws`, `dynamodb`, `transact-write-items`, `explain`, ...).
    Command,
    /// `# ...` at the start of a shell word.
    Comment,
    /// Text DynamoDB will reject: unknown or wrongly-cased function, stray character, `_name`, a number
    /// outside a list index.
    Invalid,
}

impl TokenClass {
    /// Every class, for front ends that build a style table.
    pub const ALL: [TokenClass; 16] = [
        TokenClass::Plain,
        TokenClass::Keyword,
        TokenClass::Function,
        TokenClass::NamePlaceholder,
        TokenClass::ValuePlaceholder,
        TokenClass::AttributeName,
        TokenClass::ReservedWord,
        TokenClass::Operator,
        TokenClass::Punctuation,
        TokenClass::Number,
        TokenClass::String,
        TokenClass::Constant,
        TokenClass::Flag,
        TokenClass::Command,
        TokenClass::Comment,
        TokenClass::Invalid,
    ];

    /// The position of this class in [`TokenClass::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A classified piece of the highlighted text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    /// Byte offsets into the highlighted text; always on character boundaries.
    pub range: Range<usize>,
    pub class: TokenClass,
}

impl Token {
    /// The token's text within `text` (empty if `text` is not the text it came from).
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.range.clone()).unwrap_or("")
    }
}

/// Which grammar to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// A condition, update, key condition, filter or projection expression on its own.
    Expression,
    /// A whole command line in the AWS CLI's syntax, expressions inside its arguments included.
    CommandLine,
}

/// Why highlighting could not run (the public entry points fall back to plain text instead).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HighlightError(pub String);

impl std::fmt::Display for HighlightError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HighlightError {}

/// Lines longer than this are highlighted up to here and plain after: syntect works line by line, and a pasted
/// blob must not make a keystroke slow (16 KB take ~10-40 ms in a release build). Expressions are at most 4 KB.
pub const MAX_HIGHLIGHTED_LINE: usize = 16 * 1024;

/// The loaded grammars. Cheap to share: use [`Highlighter::shared`].
pub struct Highlighter {
    loaded: Result<Loaded, HighlightError>,
}

struct Loaded {
    syntaxes: SyntaxSet,
    classes: ScopeClasses,
    expression: usize,
    command_line: usize,
}

impl Highlighter {
    /// Loads the grammars now. Prefer [`Highlighter::shared`]; this is for measuring and for tests.
    pub fn new() -> Highlighter {
        Highlighter {
            loaded: Loaded::new().map_err(HighlightError),
        }
    }

    /// The process-wide highlighter, loaded on first use. A TUI can call this on a background thread at start so
    /// the first keystroke does not pay for the load.
    pub fn shared() -> &'static Highlighter {
        static SHARED: OnceLock<Highlighter> = OnceLock::new();
        SHARED.get_or_init(Highlighter::new)
    }

    /// Whether the grammars loaded (they are embedded, so a failure is a bug in assets/; a test checks it).
    pub fn load_error(&self) -> Option<&HighlightError> {
        self.loaded.as_ref().err()
    }

    /// Tokens of an expression (ConditionExpression, UpdateExpression, ...). Never panics; if the grammar could
    /// not run, the whole text is one `Plain` token.
    pub fn highlight_expression(&self, text: &str) -> Vec<Token> {
        self.highlight_or_plain(Language::Expression, text)
    }

    /// Tokens of a command line in the AWS CLI's syntax. Never panics (see [`Highlighter::highlight_expression`]).
    pub fn highlight_command_line(&self, text: &str) -> Vec<Token> {
        self.highlight_or_plain(Language::CommandLine, text)
    }

    /// Like the two above, but reports a grammar failure instead of falling back, and does not catch panics:
    /// this is what the tests exercise.
    pub fn try_highlight(
        &self,
        language: Language,
        text: &str,
    ) -> Result<Vec<Token>, HighlightError> {
        let loaded = self.loaded.as_ref().map_err(Clone::clone)?;
        loaded.tokens(language, text)
    }

    fn highlight_or_plain(&self, language: Language, text: &str) -> Vec<Token> {
        // syntect is third-party code: whatever it does, a keystroke must not bring the terminal down.
        match catch_unwind(AssertUnwindSafe(|| self.try_highlight(language, text))) {
            Ok(Ok(tokens)) => tokens,
            _ => plain(text),
        }
    }
}

impl Default for Highlighter {
    fn default() -> Self {
        Highlighter::new()
    }
}

/// [`Highlighter::highlight_expression`] on the shared highlighter.
pub fn highlight_expression(text: &str) -> Vec<Token> {
    Highlighter::shared().highlight_expression(text)
}

/// [`Highlighter::highlight_command_line`] on the shared highlighter.
pub fn highlight_command_line(text: &str) -> Vec<Token> {
    Highlighter::shared().highlight_command_line(text)
}

/// Whether `word` is one of DynamoDB's 573 reserved words (any case), i.e. needs a `#placeholder` as a name.
pub fn is_reserved_word(word: &str) -> bool {
    grammar::is_reserved_word(word)
}

fn plain(text: &str) -> Vec<Token> {
    if text.is_empty() {
        Vec::new()
    } else {
        vec![Token {
            range: 0..text.len(),
            class: TokenClass::Plain,
        }]
    }
}

impl Loaded {
    fn new() -> Result<Loaded, String> {
        let syntaxes = grammar::load()?;
        let index_of = |scope_name: &str| -> Result<usize, String> {
            let scope = Scope::new(scope_name).map_err(|e| format!("{scope_name}: {e:?}"))?;
            syntaxes
                .syntaxes()
                .iter()
                .position(|syntax| syntax.scope == scope)
                .ok_or_else(|| format!("grammar {scope_name} missing"))
        };
        let expression = index_of(grammar::EXPRESSION_SCOPE)?;
        let command_line = index_of(grammar::CLI_SCOPE)?;
        Ok(Loaded {
            classes: ScopeClasses::new()?,
            syntaxes,
            expression,
            command_line,
        })
    }

    fn tokens(&self, language: Language, text: &str) -> Result<Vec<Token>, HighlightError> {
        let index = match language {
            Language::Expression => self.expression,
            Language::CommandLine => self.command_line,
        };
        let syntax = self
            .syntaxes
            .syntaxes()
            .get(index)
            .ok_or_else(|| HighlightError("grammar missing".to_string()))?;
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut tokens = Tokens::default();
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            let highlighted = prefix_within(line, MAX_HIGHLIGHTED_LINE);
            let ops = state
                .parse_line(highlighted, &self.syntaxes)
                .map_err(|e| HighlightError(e.to_string()))?;
            let mut at = 0;
            for (position, op) in ops {
                let position = position.min(highlighted.len());
                if position > at {
                    let class = self.classes.class_of(stack.as_slice());
                    tokens.push(line_start + at..line_start + position, class);
                    at = position;
                }
                stack
                    .apply(&op)
                    .map_err(|e| HighlightError(format!("{e:?}")))?;
            }
            if highlighted.len() > at {
                let class = self.classes.class_of(stack.as_slice());
                tokens.push(line_start + at..line_start + highlighted.len(), class);
            }
            // The part of an over-long line past the limit, plain.
            tokens.push(
                line_start + highlighted.len()..line_start + line.len(),
                TokenClass::Plain,
            );
            line_start += line.len();
        }
        let mut tokens = tokens.0;
        mark_reserved_words(text, &mut tokens);
        Ok(tokens)
    }
}

/// Names that are reserved words become `ReservedWord`: a person must write them as `#placeholder`s.
fn mark_reserved_words(text: &str, tokens: &mut [Token]) {
    for token in tokens {
        if token.class == TokenClass::AttributeName && is_reserved_word(token.text(text)) {
            token.class = TokenClass::ReservedWord;
        }
    }
}

/// The longest prefix of `line` of at most `limit` bytes that ends on a character boundary.
fn prefix_within(line: &str, limit: usize) -> &str {
    if line.len() <= limit {
        return line;
    }
    let mut end = limit;
    while end > 0 && !line.is_char_boundary(end) {
        end -= 1;
    }
    line.get(..end).unwrap_or("")
}

/// Tokens under construction: empty ranges are dropped, and neighbours of a class whose pieces mean nothing on
/// their own (blanks, a string's quotes and body, stray characters) are merged.
#[derive(Default)]
struct Tokens(Vec<Token>);

impl Tokens {
    fn push(&mut self, range: Range<usize>, class: TokenClass) {
        if range.is_empty() {
            return;
        }
        let mergeable = matches!(
            class,
            TokenClass::Plain | TokenClass::String | TokenClass::Comment | TokenClass::Invalid
        );
        if let Some(last) = self.0.last_mut() {
            if mergeable && last.class == class && last.range.end == range.start {
                last.range.end = range.end;
                return;
            }
        }
        self.0.push(Token { range, class });
    }
}
