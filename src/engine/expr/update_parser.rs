//! Reading an UpdateExpression (spec §4.1) and a ProjectionExpression (spec §3.8) into their trees.
//!
//! ```text
//! update     := clause+                    clause keywords ignore letter case
//! clause     := SET set-action (, set-action)* | REMOVE path (, path)*
//!             | ADD path :value (, path :value)* | DELETE path :value (, path :value)*
//! set-action := path = value
//! value      := operand [ (+|-) operand ] | ( operand (+|-) operand )
//! projection := path (, path)*
//! ```
//! A clause used twice is a static check, not a syntax error, so the tree keeps every clause as written.

use super::ast::{
    ClauseKind, Operand, Projection, SetValue, Span, UpdateAction, UpdateClause, UpdateExpression,
};
use super::cursor::{check_text, Cursor, Language, ParseNotes};
use super::lexer::{TokenKind, Word};
use super::operand::OperandItem;
use super::ExprError;
use crate::engine::messages::ExpressionKind;

pub fn parse_update(source: &str) -> Result<(UpdateExpression, ParseNotes), ExprError> {
    let kind = ExpressionKind::UpdateExpression;
    check_text(source, kind)?;
    let mut cursor = Cursor::new(source, kind, Language::Update);
    let mut clauses = Vec::new();
    loop {
        let keyword = cursor.peek();
        let clause_kind = clause_keyword(&cursor).ok_or_else(|| cursor.syntax_error())?;
        cursor.advance();
        // Room for a few actions up front: growing from one would reallocate at the second.
        let mut actions = Vec::with_capacity(4);
        actions.push(parse_action(&mut cursor, clause_kind)?);
        while cursor.peek().kind == TokenKind::Comma {
            cursor.advance();
            actions.push(parse_action(&mut cursor, clause_kind)?);
        }
        let end = actions.last().map_or(keyword.span(), UpdateAction::span);
        clauses.push(UpdateClause {
            kind: clause_kind,
            actions,
            span: keyword.span().to(end),
        });
        if cursor.peek().kind == TokenKind::Eof {
            break;
        }
        if clause_keyword(&cursor).is_none() {
            return Err(cursor.syntax_error());
        }
    }
    Ok((UpdateExpression { clauses }, cursor.into_notes()))
}

fn clause_keyword(cursor: &Cursor<'_>) -> Option<ClauseKind> {
    let token = cursor.peek();
    if token.kind != TokenKind::Identifier {
        return None;
    }
    match token.word {
        Word::Set => Some(ClauseKind::Set),
        Word::Remove => Some(ClauseKind::Remove),
        Word::Add => Some(ClauseKind::Add),
        Word::Delete => Some(ClauseKind::Delete),
        _ => None,
    }
}

fn parse_action(cursor: &mut Cursor<'_>, kind: ClauseKind) -> Result<UpdateAction, ExprError> {
    let path = cursor.parse_path()?;
    Ok(match kind {
        ClauseKind::Set => {
            let equals = cursor.peek();
            if equals.comparator() != Some(super::ast::Comparator::Eq) {
                return Err(cursor.syntax_error());
            }
            cursor.advance();
            let (value, end) = parse_set_value(cursor)?;
            let span = path.span.to(end);
            UpdateAction::Set { path, value, span }
        }
        ClauseKind::Remove => {
            let span = path.span;
            UpdateAction::Remove { path, span }
        }
        ClauseKind::Add | ClauseKind::Delete => {
            let token = cursor.peek();
            if token.kind != TokenKind::ValuePlaceholder {
                return Err(cursor.syntax_error());
            }
            cursor.advance();
            let value = Operand::Value {
                name: super::ast::Name::new(cursor.text(token)),
                span: token.span(),
            };
            let span = path.span.to(token.span());
            if kind == ClauseKind::Add {
                UpdateAction::Add { path, value, span }
            } else {
                UpdateAction::Delete { path, value, span }
            }
        }
    })
}

/// The right-hand side of `=`, and where it ends.
fn parse_set_value(cursor: &mut Cursor<'_>) -> Result<(SetValue, Span), ExprError> {
    let open = cursor.peek();
    let left = if open.kind == TokenKind::LeftParen {
        // `( operand (+|-) operand )` or a parenthesised first operand.
        cursor.advance();
        let first = cursor.parse_operand()?;
        let token = cursor.peek();
        match token.kind {
            TokenKind::Plus | TokenKind::Minus => {
                let (value, _) = binary(cursor, first)?;
                let close = cursor.expect(TokenKind::RightParen)?;
                return Ok((value, open.span().to(close.span())));
            }
            TokenKind::RightParen => {
                cursor.advance();
                cursor.wrap_in_parens(first, open.span(), token.span())
            }
            _ => return Err(cursor.syntax_error()),
        }
    } else {
        cursor.parse_operand()?
    };
    match cursor.peek().kind {
        TokenKind::Plus | TokenKind::Minus => binary(cursor, left),
        _ => Ok((SetValue::Operand(left.operand), left.outer)),
    }
}

/// `left (+|-) operand`, the current token being the sign.
fn binary(cursor: &mut Cursor<'_>, left: OperandItem) -> Result<(SetValue, Span), ExprError> {
    let sign = cursor.peek();
    cursor.count_operator(sign.span())?;
    cursor.advance();
    let right = cursor.parse_operand()?;
    let end = right.outer;
    let value = if sign.kind == TokenKind::Plus {
        SetValue::Plus(left.operand, right.operand)
    } else {
        SetValue::Minus(left.operand, right.operand)
    };
    Ok((value, left.outer.to(end)))
}

pub fn parse_projection(source: &str) -> Result<Projection, ExprError> {
    let kind = ExpressionKind::ProjectionExpression;
    check_text(source, kind)?;
    let mut cursor = Cursor::new(source, kind, Language::Projection);
    let mut paths = vec![cursor.parse_path()?];
    loop {
        match cursor.peek().kind {
            TokenKind::Comma => {
                cursor.advance();
                paths.push(cursor.parse_path()?);
            }
            TokenKind::Eof => break,
            _ => return Err(cursor.syntax_error()),
        }
    }
    Ok(Projection { paths })
}
