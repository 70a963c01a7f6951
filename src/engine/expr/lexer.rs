//! Tokens of the expression languages. The lexer never fails: a character that starts no token becomes an
//! `Unknown` token of its own, so that the parser reports it as DynamoDB does (`token: "_"`).

use super::ast::{Comparator, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    Comparator(Comparator),
    Plus,
    Minus,
    /// Any other character (`_`, `$`, `"`, `!`, `ü`, a lone `#` or `:` ...).
    Unknown,
    /// End of input; its span is empty and sits at the end of the text.
    Eof,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

impl Token {
    /// The token as written, or `<EOF>` (the form DynamoDB prints in syntax errors).
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        match self.kind {
            TokenKind::Eof => "<EOF>",
            _ => source.get(self.span.start..self.span.end).unwrap_or(""),
        }
    }
}

#[inline(always)]
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whitespace between tokens. DynamoDB's grammar skips spaces, tabs and line breaks.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// How many leading bytes of `bytes` satisfy `pred`.
#[inline(always)]
fn count_while(bytes: Option<&[u8]>, pred: impl Fn(u8) -> bool) -> usize {
    bytes
        .unwrap_or_default()
        .iter()
        .position(|&b| !pred(b))
        .unwrap_or_else(|| bytes.map_or(0, <[u8]>::len))
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
        at = token.span.end;
    }
}

/// The first token at or after byte `from` (after whitespace), or `Eof` at the end of the text. The parsers
/// lex on demand with this, so that no token list is built.
pub fn next_token(source: &str, from: usize) -> Token {
    let bytes = source.as_bytes();
    let mut i = from;
    while bytes.get(i).copied().is_some_and(is_space) {
        i += 1;
    }
    let Some(&b) = bytes.get(i) else {
        return Token {
            kind: TokenKind::Eof,
            span: Span::new(source.len(), source.len()),
        };
    };
    let words_end = |from: usize| from + count_while(bytes.get(from..), is_word_byte);
    let (kind, end) = match b {
        b'a'..=b'z' | b'A'..=b'Z' => (TokenKind::Identifier, words_end(i + 1)),
        b'0'..=b'9' => (
            TokenKind::Number,
            i + 1 + count_while(bytes.get(i + 1..), |c| c.is_ascii_digit()),
        ),
        b'#' | b':' => {
            let end = words_end(i + 1);
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
        b'=' => (TokenKind::Comparator(Comparator::Eq), i + 1),
        b'<' => match bytes.get(i + 1) {
            Some(b'=') => (TokenKind::Comparator(Comparator::Le), i + 2),
            Some(b'>') => (TokenKind::Comparator(Comparator::Ne), i + 2),
            _ => (TokenKind::Comparator(Comparator::Lt), i + 1),
        },
        b'>' => match bytes.get(i + 1) {
            Some(b'=') => (TokenKind::Comparator(Comparator::Ge), i + 2),
            _ => (TokenKind::Comparator(Comparator::Gt), i + 1),
        },
        _ => {
            // One whole character, so that a multi-byte character is reported intact.
            let width = source
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .map_or(1, char::len_utf8);
            (TokenKind::Unknown, i + width)
        }
    };
    Token {
        kind,
        span: Span::new(i, end),
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
                (Comparator(ast::Comparator::Ne), "<>"),
                (NamePlaceholder, "#b_1"),
                (Comparator(ast::Comparator::Le), "<="),
                (ValuePlaceholder, ":v"),
                (Comma, ","),
                (Unknown, "ü"),
                (Eof, "<EOF>")
            ]
        );
        assert_eq!(
            kinds_and_texts("# :"),
            vec![(Unknown, "#"), (Unknown, ":"), (Eof, "<EOF>")]
        );
    }

    use super::super::ast;
}
