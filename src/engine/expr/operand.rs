//! Reading an operand (spec §3.3): a path, a `:value`, a function call whose arguments are operands, or an
//! operand in parentheses. The usual shapes (a bare path or value, a call of paths and values) are read
//! straight; anything else goes through an explicit stack of frames, so nesting cannot overflow the call
//! stack.

use smallvec::SmallVec;

use super::ast::{Function, FunctionCall, Name, Operand, OperandId, Span};
use super::cursor::{Cursor, Language};
use super::lexer::TokenKind;
use super::ExprError;

/// An operand as read, with the parentheses written directly around it.
#[derive(Clone, Debug)]
pub struct OperandItem {
    pub operand: Operand,
    /// How many pairs of parentheses directly enclose it.
    pub parens: u32,
    /// Its text including those parentheses.
    pub outer: Span,
}

/// An operand as read into a condition's operand vector (see `Cursor::parse_operand_into`).
#[derive(Clone, Copy, Debug)]
pub struct OperandAt {
    /// Its position in the vector.
    pub id: OperandId,
    /// How many pairs of parentheses directly enclose it.
    pub parens: u32,
    /// Its text including those parentheses.
    pub outer: Span,
}

/// Appends `operand` to `operands` and gives its position.
#[inline]
fn push(operands: &mut Vec<Operand>, operand: Operand) -> OperandId {
    operands.push(operand);
    OperandId::try_from(operands.len() - 1).unwrap_or(OperandId::MAX)
}

/// An operand being read: parentheses or a function call waiting for its closing parenthesis.
enum OperandFrame<'s> {
    Paren {
        open: Span,
    },
    Call {
        function: Option<Function>,
        name: &'s str,
        name_span: Span,
        args: Vec<Operand>,
    },
}

impl<'s> Cursor<'s> {
    /// An operand: a path, a `:value`, a function call whose arguments are operands, or an operand in
    /// parentheses. In update expressions every function call counts as an operator.
    #[inline]
    pub fn parse_operand(&mut self) -> Result<OperandItem, ExprError> {
        // Most operands are a bare path or `:value`: read those without the frame machinery below (which
        // reads them the same way when nothing encloses them).
        let token = self.peek();
        match token.kind {
            TokenKind::ValuePlaceholder => {
                self.advance();
                return Ok(OperandItem {
                    operand: Operand::Value {
                        name: Name::new(self.text(token)),
                        span: token.span(),
                    },
                    parens: 0,
                    outer: token.span(),
                });
            }
            TokenKind::NamePlaceholder => return self.path_operand(),
            TokenKind::Identifier
                if self.is_any_keyword(token)
                    || self.peek_second().kind != TokenKind::LeftParen =>
            {
                return self.path_operand()
            }
            TokenKind::Identifier => {
                if let Some(call) = self.plain_call()? {
                    let outer = call.span;
                    return Ok(OperandItem {
                        operand: Operand::Function(call),
                        parens: 0,
                        outer,
                    });
                }
            }
            _ => {}
        }
        self.nested_operand()
    }

    /// `parse_operand` for a condition: the operand goes straight to the end of `operands` (bare paths and
    /// `:values`, the usual operands, are built there rather than handed up), and its position comes back.
    #[inline]
    pub fn parse_operand_into(
        &mut self,
        operands: &mut Vec<Operand>,
    ) -> Result<OperandAt, ExprError> {
        let token = self.peek();
        match token.kind {
            TokenKind::ValuePlaceholder => {
                self.advance();
                let id = push(
                    operands,
                    Operand::Value {
                        name: Name::new(self.text(token)),
                        span: token.span(),
                    },
                );
                Ok(OperandAt {
                    id,
                    parens: 0,
                    outer: token.span(),
                })
            }
            TokenKind::NamePlaceholder => self.path_operand_into(operands),
            TokenKind::Identifier
                if self.is_any_keyword(token)
                    || self.peek_second().kind != TokenKind::LeftParen =>
            {
                self.path_operand_into(operands)
            }
            // A call of paths and values is built straight into the vector too (a call is a few words; the
            // operand around it, handed up, would be moved twice more).
            TokenKind::Identifier => match self.plain_call()? {
                Some(call) => {
                    let outer = call.span;
                    Ok(OperandAt {
                        id: push(operands, Operand::Function(call)),
                        parens: 0,
                        outer,
                    })
                }
                None => self.nested_operand_into(operands),
            },
            _ => self.nested_operand_into(operands),
        }
    }

    /// `nested_operand` into a condition's vector.
    #[inline(never)]
    fn nested_operand_into(&mut self, operands: &mut Vec<Operand>) -> Result<OperandAt, ExprError> {
        let item = self.nested_operand()?;
        Ok(OperandAt {
            id: push(operands, item.operand),
            parens: item.parens,
            outer: item.outer,
        })
    }

    #[inline]
    fn path_operand_into(&mut self, operands: &mut Vec<Operand>) -> Result<OperandAt, ExprError> {
        let path = self.parse_path()?;
        let outer = path.span;
        Ok(OperandAt {
            id: push(operands, Operand::Path(path)),
            parens: 0,
            outer,
        })
    }

    /// A call whose arguments are all paths and `:values` (`begins_with(Title, :p)`), read without frames.
    /// `None`, with the cursor back where it was, when an argument is a call or starts with a parenthesis:
    /// `nested_operand` reads those. Anything else it reads exactly as `nested_operand` would, errors
    /// included (the same checks at the same tokens).
    #[inline]
    fn plain_call(&mut self) -> Result<Option<FunctionCall>, ExprError> {
        let name_token = self.peek();
        let mark = self.mark();
        if self.language == Language::Update {
            self.count_operator(name_token.span())?;
        }
        let name = self.text(name_token);
        let name_span = name_token.span();
        self.advance();
        self.advance();
        // Room for the usual one or two arguments, so the first push does not have to grow it.
        let mut args = Vec::with_capacity(2);
        loop {
            let token = self.peek();
            let argument = match token.kind {
                TokenKind::ValuePlaceholder => {
                    self.advance();
                    Operand::Value {
                        name: Name::new(self.text(token)),
                        span: token.span(),
                    }
                }
                TokenKind::LeftParen => {
                    self.rewind(mark);
                    return Ok(None);
                }
                TokenKind::Identifier
                    if !self.is_any_keyword(token)
                        && self.peek_second().kind == TokenKind::LeftParen =>
                {
                    self.rewind(mark);
                    return Ok(None);
                }
                TokenKind::Identifier | TokenKind::NamePlaceholder => {
                    Operand::Path(self.parse_path()?)
                }
                _ => return Err(self.syntax_error()),
            };
            args.push(argument);
            let token = self.peek();
            match token.kind {
                TokenKind::Comma => self.advance(),
                TokenKind::RightParen => {
                    self.advance();
                    let span = name_span.to(token.span());
                    let function = self.function_named(name, name_span);
                    self.notes.calls += 1;
                    return Ok(Some(FunctionCall {
                        function,
                        args,
                        span,
                    }));
                }
                _ => return Err(self.syntax_error()),
            }
        }
    }

    /// The function called `name`; an unknown name is noted (the first one in the order calls close) and
    /// stands in as `size`, since it is reported before anything looks at it.
    fn function_named(&mut self, name: &str, name_span: Span) -> Function {
        Function::from_name(name).unwrap_or_else(|| {
            if self.notes.unknown_function.is_none() {
                self.notes.unknown_function = Some(name_span);
            }
            Function::Size
        })
    }

    #[inline]
    fn path_operand(&mut self) -> Result<OperandItem, ExprError> {
        let path = self.parse_path()?;
        let outer = path.span;
        Ok(OperandItem {
            operand: Operand::Path(path),
            parens: 0,
            outer,
        })
    }

    /// `parse_operand` for an operand that starts with a parenthesis or a function call.
    #[inline(never)]
    fn nested_operand(&mut self) -> Result<OperandItem, ExprError> {
        use OperandFrame as Frame;
        // A few levels of calls and parentheses live on the stack; deeper nesting spills to the heap.
        let mut frames: SmallVec<[OperandFrame<'s>; 4]> = SmallVec::new();
        'operand: loop {
            let token = self.peek();
            let mut item = match token.kind {
                TokenKind::LeftParen => {
                    frames.push(Frame::Paren { open: token.span() });
                    self.advance();
                    continue 'operand;
                }
                TokenKind::Identifier
                    if !self.is_any_keyword(token)
                        && self.peek_second().kind == TokenKind::LeftParen =>
                {
                    if self.language == Language::Update {
                        self.count_operator(token.span())?;
                    }
                    let name = self.text(token);
                    frames.push(Frame::Call {
                        function: Function::from_name(name),
                        name,
                        name_span: token.span(),
                        // Room for the usual one or two arguments, so the first push does not have to grow it.
                        args: Vec::with_capacity(2),
                    });
                    self.advance();
                    self.advance();
                    continue 'operand;
                }
                TokenKind::Identifier | TokenKind::NamePlaceholder => {
                    let path = self.parse_path()?;
                    let outer = path.span;
                    OperandItem {
                        operand: Operand::Path(path),
                        parens: 0,
                        outer,
                    }
                }
                TokenKind::ValuePlaceholder => {
                    self.advance();
                    OperandItem {
                        operand: Operand::Value {
                            name: Name::new(self.text(token)),
                            span: token.span(),
                        },
                        parens: 0,
                        outer: token.span(),
                    }
                }
                _ => return Err(self.syntax_error()),
            };
            // Close every frame that this operand completes.
            loop {
                match frames.pop() {
                    None => return Ok(item),
                    Some(Frame::Paren { open }) => {
                        let close = self.expect(TokenKind::RightParen)?;
                        item = self.wrap_in_parens(item, open, close.span());
                    }
                    Some(Frame::Call {
                        function,
                        name,
                        name_span,
                        mut args,
                    }) => {
                        args.push(item.operand);
                        let token = self.peek();
                        match token.kind {
                            TokenKind::Comma => {
                                self.advance();
                                frames.push(Frame::Call {
                                    function,
                                    name,
                                    name_span,
                                    args,
                                });
                                continue 'operand;
                            }
                            TokenKind::RightParen => {
                                self.advance();
                                let span = name_span.to(token.span());
                                let function = match function {
                                    Some(function) => function,
                                    None => self.function_named(name, name_span),
                                };
                                self.notes.calls += 1;
                                item = OperandItem {
                                    operand: Operand::Function(FunctionCall {
                                        function,
                                        args,
                                        span,
                                    }),
                                    parens: 0,
                                    outer: span,
                                };
                            }
                            _ => return Err(self.syntax_error()),
                        }
                    }
                }
            }
        }
    }

    /// `wrap_in_parens` for an operand in a condition's vector.
    pub fn wrap_at_in_parens(&mut self, mut item: OperandAt, open: Span, close: Span) -> OperandAt {
        if item.parens > 0 {
            self.note_redundant(item.outer);
        }
        item.parens += 1;
        item.outer = open.to(close);
        item
    }

    /// Puts one more pair of parentheses around an operand; a pair directly around another is redundant.
    pub fn wrap_in_parens(
        &mut self,
        mut item: OperandItem,
        open: Span,
        close: Span,
    ) -> OperandItem {
        if item.parens > 0 {
            self.note_redundant(item.outer);
        }
        item.parens += 1;
        item.outer = open.to(close);
        item
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::expr::ast::PathElement;
    use crate::engine::expr::cursor::ParseNotes;
    use crate::engine::messages::ExpressionKind;

    fn read(text: &str, language: Language) -> (Operand, Cursor<'_>) {
        let mut cursor = Cursor::new(text, ExpressionKind::UpdateExpression, language);
        let item = cursor.parse_operand().expect("an operand");
        (item.operand, cursor)
    }

    /// A call of paths and values and a call with a call inside read to the same tree; when the quick
    /// reading gives up (an argument is a call), it leaves nothing behind: each call counts once as an
    /// operator, and the reserved word met before giving up is noted once, where it is.
    #[test]
    fn a_call_read_quickly_or_not_reads_the_same() {
        let (plain, cursor) = read("if_not_exists(Name, :v)", Language::Update);
        assert_eq!(cursor.operators(), 1);
        let Operand::Function(call) = &plain else {
            panic!("a call")
        };
        assert_eq!((call.function, call.args.len()), (Function::IfNotExists, 2));
        let (nested, cursor) = read("if_not_exists(Name, size(c))", Language::Update);
        assert_eq!(cursor.operators(), 2);
        assert_eq!(
            cursor
                .notes
                .reserved_word
                .map(|s| (ParseNotes::written("if_not_exists(Name, size(c))", s), s)),
            Some(("Name", Span::new(14, 18)))
        );
        let Operand::Function(call) = &nested else {
            panic!("a call")
        };
        let [Operand::Path(path), Operand::Function(inner)] = call.args.as_slice() else {
            panic!("a path and a call")
        };
        assert!(
            matches!(path.elements.as_slice(), [PathElement::Name { name, .. }] if name == "Name")
        );
        assert_eq!(inner.function, Function::Size);
        assert_eq!(call.span, Span::new(0, 28));
        // Conditions do not count calls.
        let (_, cursor) = read("contains(a, size(b))", Language::Condition);
        assert_eq!(cursor.operators(), 0);
    }
}
