//! Reading a condition (ConditionExpression, FilterExpression, KeyConditionExpression) into the tree.
//!
//! Grammar, lowest precedence first (spec §3.1, §3.2):
//! ```text
//! or      := and (OR and)*                 left-associative
//! and     := not (AND not)*                left-associative
//! not     := NOT not | compare
//! compare := primary [ cmp operand | BETWEEN operand AND operand | IN ( operand (, operand)* ) ]
//! primary := ( or ) | operand
//! ```
//! A parenthesised group may turn out to be an operand (`(a) = b`), so a group's content is kept as an
//! `Item` until what follows decides. Errors are reported at the first token that no valid expression could
//! continue with. The nesting lives on an explicit stack of frames: no recursion.

use super::ast::{Comparator, Condition, ConditionKind, Operand};
use super::cursor::{check_text, Cursor, Language, OperandItem, ParseNotes};
use super::lexer::TokenKind;
use super::ExprError;
use crate::engine::messages::ExpressionKind;

/// A finished piece that is not yet known to be a condition or an operand.
enum Item {
    Operand(OperandItem),
    Condition { condition: Condition, parens: u32 },
}

enum Frame {
    Root,
    Paren { open: super::ast::Span },
    Or { left: Option<Condition> },
    And { left: Option<Condition> },
    Not { keyword: super::ast::Span },
}

enum Step {
    /// Start an `or` level.
    StartOr,
    /// Start a `not` level (after AND, or at the start of an `and` level).
    StartNot,
    /// A primary is complete; see whether a comparison follows.
    Primary(Item),
    /// A `compare` is complete; hand it to the enclosing frames.
    Compared(Item),
}

/// Parses with the text checks and every check made while reading; the first unknown function name and the
/// first redundant parentheses are returned as notes for the static checks to report in their turn.
pub fn parse(source: &str, kind: ExpressionKind) -> Result<(Condition, ParseNotes), ExprError> {
    check_text(source, kind)?;
    let mut cursor = Cursor::new(source, kind, Language::Condition);
    let condition = run(&mut cursor)?;
    Ok((condition, cursor.into_notes()))
}

fn run(cursor: &mut Cursor<'_>) -> Result<Condition, ExprError> {
    // Root, Or, And and a NOT or a parenthesis cover most conditions without growing.
    let mut frames = Vec::with_capacity(4);
    frames.push(Frame::Root);
    let mut step = Step::StartOr;
    loop {
        step = match step {
            Step::StartOr => {
                frames.push(Frame::Or { left: None });
                frames.push(Frame::And { left: None });
                Step::StartNot
            }
            Step::StartNot => {
                while cursor.is_keyword(cursor.peek(), "NOT") {
                    let keyword = cursor.peek().span;
                    cursor.count_operator(keyword)?;
                    frames.push(Frame::Not { keyword });
                    cursor.advance();
                }
                let token = cursor.peek();
                if token.kind == TokenKind::LeftParen {
                    frames.push(Frame::Paren { open: token.span });
                    cursor.advance();
                    Step::StartOr
                } else {
                    Step::Primary(Item::Operand(cursor.parse_operand()?))
                }
            }
            Step::Primary(item) => Step::Compared(compare(cursor, item)?),
            Step::Compared(item) => match climb(cursor, &mut frames, item)? {
                Climbed::Continue(next) => next,
                Climbed::Done(condition) => return Ok(condition),
            },
        };
    }
}

/// After a primary: a comparator, BETWEEN or IN makes it the left operand of a comparison.
fn compare(cursor: &mut Cursor<'_>, item: Item) -> Result<Item, ExprError> {
    let token = cursor.peek();
    let is_between = cursor.is_keyword(token, "BETWEEN");
    let is_in = cursor.is_keyword(token, "IN");
    let comparator = match token.kind {
        TokenKind::Comparator(op) => Some(op),
        _ => None,
    };
    if comparator.is_none() && !is_between && !is_in {
        return Ok(item);
    }
    let OperandItem {
        operand: left,
        outer: left_outer,
        ..
    } = match item {
        Item::Operand(operand) => operand,
        // A condition cannot be compared: `(a < b) = c`.
        Item::Condition { .. } => return Err(cursor.syntax_error()),
    };
    cursor.count_operator(token.span)?;
    cursor.advance();
    let (kind, end) = if let Some(op) = comparator {
        let right = cursor.parse_operand()?;
        let end = right.outer;
        (compare_kind(op, left, right.operand), end)
    } else if is_between {
        let lower = cursor.parse_operand()?;
        if !cursor.is_keyword(cursor.peek(), "AND") {
            return Err(cursor.syntax_error());
        }
        cursor.advance();
        let upper = cursor.parse_operand()?;
        let end = upper.outer;
        (
            ConditionKind::Between {
                operand: left,
                lower: lower.operand,
                upper: upper.operand,
            },
            end,
        )
    } else {
        cursor.expect(TokenKind::LeftParen)?;
        let mut list = Vec::new();
        let close = loop {
            list.push(cursor.parse_operand()?.operand);
            let token = cursor.peek();
            match token.kind {
                TokenKind::Comma => cursor.advance(),
                TokenKind::RightParen => {
                    cursor.advance();
                    break token.span;
                }
                _ => return Err(cursor.syntax_error()),
            }
        };
        (
            ConditionKind::In {
                operand: left,
                list,
            },
            close,
        )
    };
    Ok(Item::Condition {
        condition: Condition {
            kind,
            span: left_outer.to(end),
        },
        parens: 0,
    })
}

fn compare_kind(op: Comparator, left: Operand, right: Operand) -> ConditionKind {
    ConditionKind::Compare { op, left, right }
}

enum Climbed {
    Continue(Step),
    Done(Condition),
}

/// The item as a condition: a function call becomes a function condition; a bare path or value is a syntax
/// error at the current token (nothing valid can follow an operand there).
fn as_condition(cursor: &Cursor<'_>, item: Item) -> Result<Condition, ExprError> {
    match item {
        Item::Condition { condition, .. } => Ok(condition),
        Item::Operand(OperandItem {
            operand: Operand::Function(call),
            outer,
            ..
        }) => Ok(Condition {
            kind: ConditionKind::Function(call),
            span: outer,
        }),
        Item::Operand(_) => Err(cursor.syntax_error()),
    }
}

/// Hands a finished comparison up through NOT, AND, OR and parentheses.
fn climb(
    cursor: &mut Cursor<'_>,
    frames: &mut Vec<Frame>,
    item: Item,
) -> Result<Climbed, ExprError> {
    let mut item = item;
    loop {
        let token = cursor.peek();
        match frames.pop() {
            Some(Frame::Not { keyword }) => {
                let inner = as_condition(cursor, item)?;
                let span = keyword.to(inner.span);
                item = Item::Condition {
                    condition: Condition {
                        kind: ConditionKind::Not(Box::new(inner)),
                        span,
                    },
                    parens: 0,
                };
            }
            Some(Frame::And { left }) => {
                let is_and = cursor.is_keyword(token, "AND");
                if is_and || left.is_some() {
                    let right = as_condition(cursor, item)?;
                    let joined = join(left, right, ConditionKind::And);
                    if is_and {
                        cursor.count_operator(token.span)?;
                        cursor.advance();
                        frames.push(Frame::And { left: Some(joined) });
                        return Ok(Climbed::Continue(Step::StartNot));
                    }
                    item = Item::Condition {
                        condition: joined,
                        parens: 0,
                    };
                }
            }
            Some(Frame::Or { left }) => {
                let is_or = cursor.is_keyword(token, "OR");
                if is_or || left.is_some() {
                    let right = as_condition(cursor, item)?;
                    let joined = join(left, right, ConditionKind::Or);
                    if is_or {
                        cursor.count_operator(token.span)?;
                        cursor.advance();
                        frames.push(Frame::Or { left: Some(joined) });
                        frames.push(Frame::And { left: None });
                        return Ok(Climbed::Continue(Step::StartNot));
                    }
                    item = Item::Condition {
                        condition: joined,
                        parens: 0,
                    };
                }
            }
            Some(Frame::Paren { open }) => {
                if token.kind != TokenKind::RightParen {
                    return Err(cursor.syntax_error());
                }
                cursor.advance();
                item = match item {
                    Item::Operand(operand) => {
                        Item::Operand(cursor.wrap_in_parens(operand, open, token.span))
                    }
                    Item::Condition { condition, parens } => {
                        if parens > 0 {
                            cursor.note_redundant_condition(condition.span);
                        }
                        Item::Condition {
                            condition: Condition {
                                kind: condition.kind,
                                span: open.to(token.span),
                            },
                            parens: parens + 1,
                        }
                    }
                };
                return Ok(Climbed::Continue(Step::Primary(item)));
            }
            Some(Frame::Root) | None => {
                let condition = as_condition(cursor, item)?;
                if token.kind != TokenKind::Eof {
                    return Err(cursor.syntax_error());
                }
                return Ok(Climbed::Done(condition));
            }
        }
    }
}

fn join(
    left: Option<Condition>,
    right: Condition,
    make: fn(Box<Condition>, Box<Condition>) -> ConditionKind,
) -> Condition {
    match left {
        None => right,
        Some(left) => {
            let span = left.span.to(right.span);
            Condition {
                kind: make(Box::new(left), Box::new(right)),
                span,
            }
        }
    }
}
