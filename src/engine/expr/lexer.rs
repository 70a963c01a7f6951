//! Tokens of the expression languages. The lexer never fails: a character that starts no token becomes an
//! `Unknown` token of its own, so that the parser reports it as DynamoDB does (`token: "_"`).

use super::ast::{Comparator, Span};

/// Without payloads, so that comparing kinds (the parsers' most frequent question) is comparing one byte; a
/// comparator's symbol is in `Token::comparator`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum TokenKind {
    /// `[A-Za-z][A-Za-z0-9_]*`: an attribute name, a function name or a keyword (decided by the parser).
    Identifier,
    /// `#[A-Za-z0-9_]+`
    NamePlaceholder,
    /// `:[A-Za-z0-9_]+`
    ValuePlaceholder,
    /// `[0-9]+`: only valid as a list index.
    Number,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Dot,
    Comma,
    /// `=`, `<>`, `<`, `<=`, `>`, `>=` (which one: `Token::comparator`).
    Comparator,
    Plus,
    Minus,
    /// Any other character (`_`, `$`, `"`, `!`, `ü`, a lone `#` or `:` ...).
    Unknown,
    /// End of input; its span is empty and sits at the end of the text.
    Eof,
}

/// The keyword an identifier spells, in any letter case, whatever the language (each parser decides which of
/// them are its keywords). Worked out once by the lexer, so the parsers compare it instead of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Word {
    None,
    And,
    Or,
    Not,
    Between,
    In,
    Set,
    Remove,
    Add,
    Delete,
}

/// `word` packed little-endian into a u64 with zero padding (words of up to 8 bytes).
const fn pack(word: &[u8]) -> u64 {
    let mut packed = 0u64;
    let mut i = 0;
    while i < word.len() && i < 8 {
        packed |= (word[i] as u64) << (8 * i);
        i += 1;
    }
    packed
}

/// Bit 5 of each byte: clearing it upper-cases an ASCII letter. Other word bytes (digits, `_`) cannot turn
/// into a letter that way, so comparing masked words is comparing them ignoring letter case.
const CASE_BITS: u64 = 0x2020_2020_2020_2020;

impl Word {
    /// The keyword `text` spells, ignoring ASCII letter case (`text` is an identifier: letters, digits, `_`).
    pub fn of(text: &[u8]) -> Word {
        if !matches!(text.len(), 2 | 3 | 6 | 7) {
            return Word::None;
        }
        let mut buffer = [0u8; 8];
        if let Some(head) = buffer.get_mut(..text.len()) {
            head.copy_from_slice(text);
        }
        Word::of_packed(u64::from_le_bytes(buffer))
    }

    /// The keyword the identifier at `start..start + len` of `bytes` spells. Reads the eight bytes from
    /// `start` in one load when the text has them (a copy of a few bytes is a call), masking off what follows
    /// the identifier.
    fn at(bytes: &[u8], start: usize, len: usize) -> Word {
        let chunk: Option<[u8; 8]> = bytes
            .get(start..start + 8)
            .and_then(|chunk| chunk.try_into().ok());
        match (chunk, len) {
            (Some(chunk), 2 | 3 | 6 | 7) => {
                Word::of_packed(u64::from_le_bytes(chunk) & ((1u64 << (8 * len)) - 1))
            }
            (None, _) => Word::of(bytes.get(start..start + len).unwrap_or_default()),
            _ => Word::None,
        }
    }

    /// The keyword of an identifier packed as in `pack` (little-endian, zero padding).
    fn of_packed(packed: u64) -> Word {
        const AND: u64 = pack(b"AND");
        const OR: u64 = pack(b"OR");
        const NOT: u64 = pack(b"NOT");
        const BETWEEN: u64 = pack(b"BETWEEN");
        const IN: u64 = pack(b"IN");
        const SET: u64 = pack(b"SET");
        const REMOVE: u64 = pack(b"REMOVE");
        const ADD: u64 = pack(b"ADD");
        const DELETE: u64 = pack(b"DELETE");
        match packed & !CASE_BITS {
            AND => Word::And,
            OR => Word::Or,
            NOT => Word::Not,
            BETWEEN => Word::Between,
            IN => Word::In,
            SET => Word::Set,
            REMOVE => Word::Remove,
            ADD => Word::Add,
            DELETE => Word::Delete,
            _ => Word::None,
        }
    }
}

/// Eight bytes, so that a token is returned and moved in one register (the parsers lex only texts of at most
/// 4 KB, checked first, so `u16` offsets hold any position in them; see `next_token` for longer texts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    /// For an identifier, the keyword it spells (`Word::None` for anything else).
    pub word: Word,
    /// For a comparator, which one (`Eq` for anything else).
    op: Comparator,
    start: u16,
    end: u16,
}

/// The furthest the lexer reads: offsets are `u16`.
const MAX_OFFSET: usize = u16::MAX as usize;

/// A byte offset as stored in a token (`next_token` never reads past `MAX_OFFSET`).
#[inline(always)]
fn offset(at: usize) -> u16 {
    at as u16
}

impl Token {
    pub fn new(kind: TokenKind, span: Span, word: Word) -> Token {
        Token {
            kind,
            word,
            op: Comparator::Eq,
            start: offset(span.start),
            end: offset(span.end),
        }
    }

    fn comparing(op: Comparator, start: usize, end: usize) -> Token {
        Token {
            kind: TokenKind::Comparator,
            word: Word::None,
            op,
            start: offset(start),
            end: offset(end),
        }
    }

    /// The comparator, if the token is one.
    #[inline]
    pub fn comparator(self) -> Option<Comparator> {
        (self.kind == TokenKind::Comparator).then_some(self.op)
    }

    /// Where the token is in the text.
    pub fn span(self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }

    /// The token as written, or `<EOF>` (the form DynamoDB prints in syntax errors).
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        match self.kind {
            TokenKind::Eof => "<EOF>",
            _ => source
                .get(self.start as usize..self.end as usize)
                .unwrap_or(""),
        }
    }
}

/// `[A-Za-z0-9_]`: the bytes of identifiers and placeholders after their first.
const WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    table
};

/// Where the run of word bytes starting at `from` ends.
#[inline(always)]
fn word_end(bytes: &[u8], from: usize) -> usize {
    let mut end = from;
    while let Some(&c) = bytes.get(end) {
        if !WORD_BYTES[usize::from(c)] {
            break;
        }
        end += 1;
    }
    end
}

/// All tokens of `source`, ending with exactly one `Eof`.
pub fn tokenize(source: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut at = 0;
    loop {
        let token = next_token(source, at);
        tokens.push(token);
        if token.kind == TokenKind::Eof {
            return tokens;
        }
        at = token.span().end;
    }
}

/// The first token at or after byte `from` (after whitespace), or `Eof` at the end of the text. The parsers
/// lex on demand with this, so that no token list is built (measured: lexing the whole text into a buffer
/// first costs more).
/// A text longer than 64 KB (which no parser reads: they refuse anything over 4 KB first) reads as ending there.
pub fn next_token(source: &str, from: usize) -> Token {
    let all = source.as_bytes();
    let bytes = all.get(..MAX_OFFSET).unwrap_or(all);
    let mut i = from;
    // Whitespace between tokens: DynamoDB's grammar skips spaces, tabs and line breaks.
    let b = loop {
        match bytes.get(i) {
            Some(b' ' | b'\t' | b'\r' | b'\n') => i += 1,
            Some(&b) => break b,
            None => {
                return Token::new(
                    TokenKind::Eof,
                    Span::new(bytes.len(), bytes.len()),
                    Word::None,
                )
            }
        }
    };
    let (kind, end) = match b {
        b'a'..=b'z' | b'A'..=b'Z' => {
            let end = word_end(bytes, i + 1);
            let word = Word::at(bytes, i, end - i);
            return Token::new(TokenKind::Identifier, Span::new(i, end), word);
        }
        b'0'..=b'9' => {
            let mut end = i + 1;
            while bytes.get(end).is_some_and(u8::is_ascii_digit) {
                end += 1;
            }
            (TokenKind::Number, end)
        }
        b'#' | b':' => {
            let end = word_end(bytes, i + 1);
            if end == i + 1 {
                (TokenKind::Unknown, i + 1)
            } else if b == b'#' {
                (TokenKind::NamePlaceholder, end)
            } else {
                (TokenKind::ValuePlaceholder, end)
            }
        }
        b'(' => (TokenKind::LeftParen, i + 1),
        b')' => (TokenKind::RightParen, i + 1),
        b'[' => (TokenKind::LeftBracket, i + 1),
        b']' => (TokenKind::RightBracket, i + 1),
        b'.' => (TokenKind::Dot, i + 1),
        b',' => (TokenKind::Comma, i + 1),
        b'+' => (TokenKind::Plus, i + 1),
        b'-' => (TokenKind::Minus, i + 1),
        b'=' => return Token::comparing(Comparator::Eq, i, i + 1),
        b'<' => {
            return match bytes.get(i + 1) {
                Some(b'=') => Token::comparing(Comparator::Le, i, i + 2),
                Some(b'>') => Token::comparing(Comparator::Ne, i, i + 2),
                _ => Token::comparing(Comparator::Lt, i, i + 1),
            }
        }
        b'>' => {
            return match bytes.get(i + 1) {
                Some(b'=') => Token::comparing(Comparator::Ge, i, i + 2),
                _ => Token::comparing(Comparator::Gt, i, i + 1),
            }
        }
        _ => {
            // One whole character, so that a multi-byte character is reported intact.
            let width = source
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .map_or(1, char::len_utf8);
            (TokenKind::Unknown, (i + width).min(bytes.len()))
        }
    };
    Token::new(kind, Span::new(i, end), Word::None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_and_texts(source: &str) -> Vec<(TokenKind, &str)> {
        tokenize(source)
            .iter()
            .map(|t| (t.kind, t.text(source)))
            .collect()
    }

    fn comparators(source: &str) -> Vec<Option<ast::Comparator>> {
        tokenize(source).iter().map(|t| t.comparator()).collect()
    }

    #[test]
    fn keywords_are_recognised_in_any_case() {
        let words: Vec<Word> =
            tokenize("and Or NOT between iN set Remove ADD delete ANDY IN_x A_D aNd1 0r")
                .iter()
                .map(|t| t.word)
                .collect();
        assert_eq!(
            words,
            [
                Word::And,
                Word::Or,
                Word::Not,
                Word::Between,
                Word::In,
                Word::Set,
                Word::Remove,
                Word::Add,
                Word::Delete,
                Word::None,
                Word::None,
                Word::None,
                Word::None,
                Word::None,
                Word::None,
                Word::None
            ]
        );
    }

    #[test]
    fn splits_like_dynamodb() {
        use TokenKind::*;
        assert_eq!(
            kinds_and_texts("SET _123"),
            vec![
                (Identifier, "SET"),
                (Unknown, "_"),
                (Number, "123"),
                (Eof, "<EOF>")
            ]
        );
        assert_eq!(
            kinds_and_texts("a<>#b_1 <= :v,ü"),
            vec![
                (Identifier, "a"),
                (Comparator, "<>"),
                (NamePlaceholder, "#b_1"),
                (Comparator, "<="),
                (ValuePlaceholder, ":v"),
                (Comma, ","),
                (Unknown, "ü"),
                (Eof, "<EOF>")
            ]
        );
        use ast::Comparator as C;
        assert_eq!(
            comparators("a<>#b_1 <= :v = < > >="),
            vec![
                None,
                Some(C::Ne),
                None,
                Some(C::Le),
                None,
                Some(C::Eq),
                Some(C::Lt),
                Some(C::Gt),
                Some(C::Ge),
                None
            ]
        );
        assert_eq!(
            kinds_and_texts("# :"),
            vec![(Unknown, "#"), (Unknown, ":"), (Eof, "<EOF>")]
        );
    }

    /// A text past what `u16` offsets hold (no parser reads one: they refuse over 4 KB first) ends there.
    #[test]
    fn a_text_past_64_kb_ends_there() {
        let text = "a ".repeat(40_000);
        let tokens = tokenize(&text);
        assert_eq!(tokens.last().map(|t| t.kind), Some(TokenKind::Eof));
        assert_eq!(tokens.len(), 32_768 + 1);
    }

    use super::super::ast;
}
