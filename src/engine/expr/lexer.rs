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

    /// A token without a keyword or comparator.
    #[inline(always)]
    fn at(kind: TokenKind, start: usize, end: usize) -> Token {
        Token {
            kind,
            word: Word::None,
            op: Comparator::Eq,
            start: offset(start),
            end: offset(end),
        }
    }

    #[inline(always)]
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

/// What a byte starts, looked up in one table (`CLASS`) rather than tested range by range. Plain bytes, not an
/// enum with payloads: telling a class is then one comparison.
mod class {
    /// Space, tab, line break: skipped between tokens.
    pub const SPACE: u8 = 0;
    /// `[A-Za-z]`: an identifier.
    pub const LETTER: u8 = 1;
    /// `[0-9]`: a number.
    pub const DIGIT: u8 = 2;
    /// `#` or `:`: a placeholder, or alone an unknown token.
    pub const SIGIL: u8 = 3;
    pub const LESS: u8 = 4;
    pub const GREATER: u8 = 5;
    pub const EQUALS: u8 = 6;
    /// Tokens of one byte of their own.
    pub const LEFT_PAREN: u8 = 7;
    pub const RIGHT_PAREN: u8 = 8;
    pub const LEFT_BRACKET: u8 = 9;
    pub const RIGHT_BRACKET: u8 = 10;
    pub const DOT: u8 = 11;
    pub const COMMA: u8 = 12;
    pub const PLUS: u8 = 13;
    pub const MINUS: u8 = 14;
    /// Anything else: an unknown token of one whole character.
    pub const OTHER: u8 = 15;
}

const CLASS: [u8; 256] = {
    let mut table = [class::OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = match c {
            b' ' | b'\t' | b'\r' | b'\n' => class::SPACE,
            b'a'..=b'z' | b'A'..=b'Z' => class::LETTER,
            b'0'..=b'9' => class::DIGIT,
            b'#' | b':' => class::SIGIL,
            b'<' => class::LESS,
            b'>' => class::GREATER,
            b'=' => class::EQUALS,
            b'(' => class::LEFT_PAREN,
            b')' => class::RIGHT_PAREN,
            b'[' => class::LEFT_BRACKET,
            b']' => class::RIGHT_BRACKET,
            b'.' => class::DOT,
            b',' => class::COMMA,
            b'+' => class::PLUS,
            b'-' => class::MINUS,
            _ => class::OTHER,
        };
        b += 1;
    }
    table
};

/// How many word bytes `bytes` starts with. An iterator, not indexing: no bounds check per byte.
#[inline(always)]
fn word_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&c| !WORD_BYTES[usize::from(c)])
        .unwrap_or(bytes.len())
}

/// The part of `source` the lexer reads: all of it, or its first 64 KB (offsets are `u16`; no parser reads a
/// text that long: they refuse anything over 4 KB first).
pub fn lexed_bytes(source: &str) -> &[u8] {
    let all = source.as_bytes();
    all.get(..MAX_OFFSET).unwrap_or(all)
}

/// All tokens of `source`, ending with exactly one `Eof`.
pub fn tokenize(source: &str) -> Vec<Token> {
    let bytes = lexed_bytes(source);
    let mut tokens = Vec::new();
    let mut at = 0;
    loop {
        let token = next_token(bytes, at);
        tokens.push(token);
        if token.kind == TokenKind::Eof {
            return tokens;
        }
        at = token.span().end;
    }
}

/// The first token at or after byte `from` of `bytes` (as `lexed_bytes` gives them) after whitespace, or `Eof`
/// at the end. The parsers lex on demand with this, so that no token list is built (measured again: lexing the
/// whole text into a buffer on the stack first costs 15% more). Each byte is classified by one table lookup, and runs of word bytes
/// are scanned with iterators, without a bounds check per byte.
pub fn next_token(bytes: &[u8], from: usize) -> Token {
    let mut i = from;
    let mut tail = bytes.get(from..).unwrap_or_default();
    // Whitespace between tokens: DynamoDB's grammar skips spaces, tabs and line breaks.
    let (b, class, after) = loop {
        match tail.split_first() {
            None => return Token::at(TokenKind::Eof, bytes.len(), bytes.len()),
            Some((&b, after)) => {
                let class = CLASS[usize::from(b)];
                if class != class::SPACE {
                    break (b, class, after);
                }
                tail = after;
                i += 1;
            }
        }
    };
    let single = |kind| Token::at(kind, i, i + 1);
    match class {
        class::LETTER => {
            let len = 1 + word_len(after);
            Token {
                kind: TokenKind::Identifier,
                word: Word::at(bytes, i, len),
                op: Comparator::Eq,
                start: offset(i),
                end: offset(i + len),
            }
        }
        class::SIGIL => match word_len(after) {
            0 => single(TokenKind::Unknown),
            len if b == b'#' => Token::at(TokenKind::NamePlaceholder, i, i + 1 + len),
            len => Token::at(TokenKind::ValuePlaceholder, i, i + 1 + len),
        },
        class::DIGIT => {
            let digits = after
                .iter()
                .position(|c| !c.is_ascii_digit())
                .unwrap_or(after.len());
            Token::at(TokenKind::Number, i, i + 1 + digits)
        }
        class::LEFT_PAREN => single(TokenKind::LeftParen),
        class::RIGHT_PAREN => single(TokenKind::RightParen),
        class::LEFT_BRACKET => single(TokenKind::LeftBracket),
        class::RIGHT_BRACKET => single(TokenKind::RightBracket),
        class::DOT => single(TokenKind::Dot),
        class::COMMA => single(TokenKind::Comma),
        class::PLUS => single(TokenKind::Plus),
        class::MINUS => single(TokenKind::Minus),
        class::EQUALS => Token::comparing(Comparator::Eq, i, i + 1),
        class::LESS => match after.first() {
            Some(b'=') => Token::comparing(Comparator::Le, i, i + 2),
            Some(b'>') => Token::comparing(Comparator::Ne, i, i + 2),
            _ => Token::comparing(Comparator::Lt, i, i + 1),
        },
        class::GREATER => match after.first() {
            Some(b'=') => Token::comparing(Comparator::Ge, i, i + 2),
            _ => Token::comparing(Comparator::Gt, i, i + 1),
        },
        _ => {
            // One whole character, so that a multi-byte character is reported intact: its first byte tells its
            // width (the text is UTF-8, and tokens end on character boundaries).
            let width = match b {
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                0xf0..=0xff => 4,
                _ => 1,
            };
            Token::at(TokenKind::Unknown, i, (i + width).min(bytes.len()))
        }
    }
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
        // An unknown character is one token, whatever its width in bytes.
        assert_eq!(
            kinds_and_texts("a€😀\u{7f}b"),
            vec![
                (Identifier, "a"),
                (Unknown, "€"),
                (Unknown, "😀"),
                (Unknown, "\u{7f}"),
                (Identifier, "b"),
                (Eof, "<EOF>")
            ]
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
