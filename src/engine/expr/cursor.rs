//! The token cursor shared by the three parsers: syntax errors with DynamoDB's `token:`/`near:` context, the
//! limits DynamoDB enforces while reading (operator count, list index range, path depth), and document paths
//! (operands are read in `operand.rs`). Nothing here recurses: nesting is kept on explicit stacks, so hostile input cannot
//! overflow the call stack.

use super::ast::{Name, Path, PathElement, PathElements, Span};
use super::lexer::{lexed_bytes, next_token, Token, TokenKind, Word};
use super::{reserved, ExprError};
use crate::engine::messages::{self, ExpressionKind};

/// Longest expression DynamoDB accepts, in bytes of the raw text (spec §3.9).
pub const MAX_EXPRESSION_BYTES: usize = 4096;
/// Most operators in one expression (spec §3.9); the 301st is reported.
pub const MAX_OPERATORS: usize = 300;
/// Most elements in one document path (spec §3.8).
pub const MAX_PATH_DEPTH: usize = 32;
/// Largest list index DynamoDB accepts. UNCERTAIN: the spec only pins an index of 14 digits as too large; this
/// bound (2^32 - 2) is an emulator's claim of a capture against DynamoDB.
pub const MAX_LIST_INDEX: u64 = 4_294_967_294;

/// Which language is being read: it decides the keywords, which can never be attribute names, and whether
/// function calls count as operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Condition,
    Update,
    Projection,
}

impl Language {
    /// Whether `word` is one of this language's keywords (any letter case): AND OR NOT BETWEEN IN for
    /// conditions, SET REMOVE ADD DELETE for updates, none for projections.
    fn is_keyword(self, word: Word) -> bool {
        match self {
            Language::Condition => matches!(
                word,
                Word::And | Word::Or | Word::Not | Word::Between | Word::In
            ),
            Language::Update => matches!(word, Word::Set | Word::Remove | Word::Add | Word::Delete),
            Language::Projection => false,
        }
    }
}

/// What the parser found besides the tree: the first problems of the kinds that DynamoDB reports after the
/// whole text has been read (spec §3.7 precedence), kept for the checks.
#[derive(Clone, Debug)]
pub struct ParseNotes {
    /// The first pair of parentheses directly around another pair.
    pub redundant_parens: Option<Span>,
    /// Where the first unknown function name is, in the order calls close (innermost first); the tree holds a
    /// stand-in function for it. Spans only, here and below: the name is the text there (`written`), and notes
    /// of a few words are cheap to carry.
    pub unknown_function: Option<Span>,
    /// The first path element, in the order written, that is a reserved word (as written). Paths and
    /// `:values` are met in the text in the order the checks visit them (a function's arguments before the
    /// function, left to right), so noting it while reading saves the checks a walk.
    pub reserved_word: Option<Span>,
    /// How many function calls were read.
    pub calls: u32,
    /// Whether a function may stand where it is not allowed: a condition whose every call is a function node's
    /// own (none is an argument or a comparison's operand), and none of them `size` or an update function,
    /// has none, and its checks skip looking (see `condition_parser::parse`). True unless a parser says so.
    pub may_misuse: bool,
}

impl Default for ParseNotes {
    fn default() -> Self {
        ParseNotes {
            redundant_parens: None,
            unknown_function: None,
            reserved_word: None,
            calls: 0,
            may_misuse: true,
        }
    }
}

impl ParseNotes {
    /// The text at a note's span, as written.
    pub fn written(text: &str, span: Span) -> &str {
        text.get(span.start..span.end).unwrap_or("")
    }
}

/// Tokens are read on demand: the cursor keeps the token before the current one and the one after it, which is
/// all the lookahead the grammar and the syntax errors' `near:` context need.
pub struct Cursor<'s> {
    source: &'s str,
    /// What the lexer reads of `source` (see `lexed_bytes`).
    bytes: &'s [u8],
    /// The token before `current`; `None` at the start.
    previous: Option<Token>,
    current: Token,
    /// The token after `current` (`Eof` once `current` is `Eof`).
    next: Token,
    pub kind: ExpressionKind,
    pub(super) language: Language,
    operators: usize,
    pub notes: ParseNotes,
}

/// A position of the cursor (see `Cursor::mark`).
pub(super) struct Mark {
    previous: Option<Token>,
    current: Token,
    next: Token,
    operators: usize,
    reserved_word_noted: bool,
}

/// The checks made on the raw text before reading it (spec §3.9): size, then emptiness.
pub fn check_text(source: &str, kind: ExpressionKind) -> Result<(), ExprError> {
    if source.len() > MAX_EXPRESSION_BYTES {
        return Err(error(
            kind,
            &messages::expression_too_large(source.len()),
            None,
        ));
    }
    if source
        .bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    {
        return Err(error(kind, messages::EXPRESSION_EMPTY, None));
    }
    Ok(())
}

/// An expression error with the `Invalid <Kind>: ` prefix.
#[cold]
pub fn error(kind: ExpressionKind, text: &str, span: Option<Span>) -> ExprError {
    ExprError {
        kind,
        message: format!("{}{}", kind.prefix(), text),
        span,
    }
}

impl<'s> Cursor<'s> {
    pub fn new(source: &'s str, kind: ExpressionKind, language: Language) -> Cursor<'s> {
        let bytes = lexed_bytes(source);
        let current = next_token(bytes, 0);
        let next = next_token(bytes, current.span().end);
        Cursor {
            source,
            bytes,
            previous: None,
            current,
            next,
            kind,
            language,
            operators: 0,
            notes: ParseNotes::default(),
        }
    }

    #[inline]
    pub fn peek(&self) -> Token {
        self.current
    }

    #[inline]
    pub fn peek_second(&self) -> Token {
        self.next
    }

    /// Moves to the next token; at `Eof` the cursor stays put.
    #[inline]
    pub fn advance(&mut self) {
        if self.current.kind != TokenKind::Eof {
            self.previous = Some(self.current);
            self.current = self.next;
            self.next = next_token(self.bytes, self.next.span().end);
        }
    }

    #[inline]
    pub fn text(&self, token: Token) -> &'s str {
        token.text(self.source)
    }

    /// Whether `token` is the keyword `word` (keywords ignore letter case; the lexer worked it out).
    pub fn is_keyword(&self, token: Token, word: Word) -> bool {
        token.kind == TokenKind::Identifier && token.word == word
    }

    pub(super) fn is_any_keyword(&self, token: Token) -> bool {
        token.kind == TokenKind::Identifier && self.language.is_keyword(token.word)
    }

    #[cold]
    pub fn error(&self, text: &str, span: Span) -> ExprError {
        error(self.kind, text, Some(span))
    }

    /// A syntax error at the current token: `near` runs from the start of the token before it to the end of the
    /// token after it (spec §3.10, Appendix D #23).
    #[cold]
    pub fn syntax_error(&self) -> ExprError {
        let token = self.current;
        let previous = self.previous;
        let next =
            Some(self.next).filter(|t| t.kind != TokenKind::Eof && token.kind != TokenKind::Eof);
        let start = previous.map_or(token.span().start, |p| p.span().start);
        let end = match (next, token.kind) {
            (Some(n), _) => n.span().end,
            (None, TokenKind::Eof) => previous.map_or(token.span().start, |p| p.span().end),
            (None, _) => token.span().end,
        };
        let near = self.source.get(start..end).unwrap_or("");
        self.error(
            &messages::syntax_error(self.text(token), near),
            token.span(),
        )
    }

    /// Counts one operator; the 301st is an error, reported with DynamoDB's count of 301 (spec §3.9).
    pub fn count_operator(&mut self, span: Span) -> Result<(), ExprError> {
        self.operators += 1;
        if self.operators > MAX_OPERATORS {
            return Err(self.error(&messages::too_many_operators(self.operators), span));
        }
        Ok(())
    }

    /// Consumes a token of `kind` or fails with a syntax error on the current token.
    pub fn expect(&mut self, kind: TokenKind) -> Result<Token, ExprError> {
        let token = self.peek();
        if token.kind != kind {
            return Err(self.syntax_error());
        }
        self.advance();
        Ok(token)
    }

    pub(super) fn note_redundant(&mut self, span: Span) {
        if self.notes.redundant_parens.is_none() {
            self.notes.redundant_parens = Some(span);
        }
    }

    /// One element name: an identifier that is not a keyword of this language, or a `#name` placeholder.
    #[inline(always)]
    fn name_element(&mut self) -> Result<PathElement, ExprError> {
        let token = self.peek();
        let placeholder = match token.kind {
            TokenKind::Identifier if !self.is_any_keyword(token) => false,
            TokenKind::NamePlaceholder => true,
            _ => return Err(self.syntax_error()),
        };
        self.advance();
        let name = Name::new(self.text(token));
        if !placeholder
            && self.notes.reserved_word.is_none()
            && reserved::is_reserved_identifier(
                self.source.as_bytes(),
                token.span().start,
                token.span().end - token.span().start,
            )
        {
            self.notes.reserved_word = Some(token.span());
        }
        Ok(PathElement::Name {
            name,
            placeholder,
            span: token.span(),
        })
    }

    /// `name ( . name | [ digits ] )*`, with the index range and depth limits. Most paths are one name: that
    /// case is inlined into the callers, the rest is read out of line.
    #[inline(always)]
    pub fn parse_path(&mut self) -> Result<Path, ExprError> {
        let first = self.name_element()?;
        if !matches!(self.peek().kind, TokenKind::Dot | TokenKind::LeftBracket) {
            // Its span is the path's.
            let span = element_span(Some(&first));
            return Ok(Path {
                elements: PathElements::from_buf([first]),
                span,
            });
        }
        self.path_rest(first)
    }

    /// The elements of a path after its first, which a `.` or `[` follows.
    #[inline(never)]
    fn path_rest(&mut self, first: PathElement) -> Result<Path, ExprError> {
        let mut elements = PathElements::new();
        elements.push(first);
        loop {
            match self.peek().kind {
                TokenKind::Dot => {
                    self.advance();
                    elements.push(self.name_element()?);
                }
                TokenKind::LeftBracket => {
                    let open = self.peek().span();
                    self.advance();
                    let number = self.expect(TokenKind::Number)?;
                    let digits = self.text(number);
                    let index = digits
                        .parse::<u64>()
                        .ok()
                        .filter(|n| *n <= MAX_LIST_INDEX)
                        .and_then(|n| usize::try_from(n).ok())
                        .ok_or_else(|| {
                            self.error(&messages::list_index_out_of_range(digits), number.span())
                        })?;
                    let close = self.expect(TokenKind::RightBracket)?;
                    elements.push(PathElement::Index {
                        index,
                        span: open.to(close.span()),
                    });
                }
                _ => break,
            }
        }
        let span = element_span(elements.first()).to(element_span(elements.last()));
        if elements.len() > MAX_PATH_DEPTH {
            return Err(self.error(&messages::path_too_deep(elements.len()), span));
        }
        Ok(Path { elements, span })
    }

    /// How many operators have been counted so far.
    #[cfg(test)]
    pub(super) fn operators(&self) -> usize {
        self.operators
    }

    /// Where the cursor is, to come back to with `rewind` (a fast path that finds it cannot go on).
    pub(super) fn mark(&self) -> Mark {
        Mark {
            previous: self.previous,
            current: self.current,
            next: self.next,
            operators: self.operators,
            reserved_word_noted: self.notes.reserved_word.is_some(),
        }
    }

    /// Back to `mark`, forgetting what was noted since.
    pub(super) fn rewind(&mut self, mark: Mark) {
        self.previous = mark.previous;
        self.current = mark.current;
        self.next = mark.next;
        self.operators = mark.operators;
        if !mark.reserved_word_noted {
            self.notes.reserved_word = None;
        }
    }

    /// Records a redundant pair for a condition in parentheses (see `wrap_in_parens`).
    pub fn note_redundant_condition(&mut self, inner: Span) {
        self.note_redundant(inner);
    }

    pub fn into_notes(self) -> ParseNotes {
        self.notes
    }
}

fn element_span(element: Option<&PathElement>) -> Span {
    match element {
        Some(PathElement::Name { span, .. }) | Some(PathElement::Index { span, .. }) => *span,
        None => Span::default(),
    }
}
