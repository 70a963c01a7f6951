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
//! continue with. The nesting lives on an explicit stack of frames: no recursion. A condition node is pushed
//! onto the tree's vector once, when it is complete, so the vector is in post-order and nothing is moved again
//! (a parenthesis only widens the node's span).

use smallvec::SmallVec;

use super::ast::{
    Condition, ConditionKind, Function, Node, NodeId, Operand, OperandId, OperandRange, Span,
};
use super::cursor::{check_text, Cursor, Language, ParseNotes};
use super::lexer::{TokenKind, Word};
use super::operand::OperandAt;
use super::ExprError;
use crate::engine::messages::ExpressionKind;

/// A finished piece that is not yet known to be a condition or an operand.
enum Item {
    /// An operand already in the tree's operand vector.
    Operand(OperandAt),
    /// A condition node already in the tree.
    Condition { node: NodeId, parens: u32 },
}

enum Frame {
    Root,
    Paren { open: Span },
    Or { left: Option<NodeId> },
    And { left: Option<NodeId> },
    Not { keyword: Span },
}

/// The nodes and operands read so far.
struct Tree {
    nodes: Vec<Node>,
    operands: Vec<Operand>,
    /// Function nodes (boolean functions standing as conditions).
    function_nodes: u32,
    /// Whether one of them is `size` or an update function (misplaced, or under NOT, AND, OR misplaced).
    odd_function_node: bool,
}

impl Tree {
    fn push(&mut self, kind: ConditionKind, span: Span) -> NodeId {
        self.nodes.push(Node { kind, span });
        self.nodes.len() - 1
    }
    fn span(&self, id: NodeId) -> Span {
        self.nodes.get(id).map_or(Span::default(), |node| node.span)
    }
}

/// Parses with the text checks and every check made while reading; the first unknown function name and the
/// first redundant parentheses are returned as notes for the static checks to report in their turn.
pub fn parse(source: &str, kind: ExpressionKind) -> Result<(Condition, ParseNotes), ExprError> {
    check_text(source, kind)?;
    let mut cursor = Cursor::new(source, kind, Language::Condition);
    let mut tree = Tree {
        // Room for eight clauses joined by AND or OR; a longer condition grows it.
        nodes: Vec::with_capacity(16),
        // Two or three operands per clause, for four clauses; a longer condition grows it. The vector stays
        // within the allocator's small-object sizes (up to 1 KB: `OPERANDS_UP_FRONT`), which it serves from a
        // free list; a larger first allocation takes its slow path, at a cost of about a hundred instructions.
        operands: Vec::with_capacity(OPERANDS_UP_FRONT),
        function_nodes: 0,
        odd_function_node: false,
    };
    run(&mut cursor, &mut tree)?;
    // Every call is a function node's own, and each of those is a condition function: no function can stand
    // where it is not allowed.
    cursor.notes.may_misuse = tree.odd_function_node || cursor.notes.calls != tree.function_nodes;
    Ok((
        Condition {
            nodes: tree.nodes,
            operands: tree.operands,
        },
        cursor.into_notes(),
    ))
}

/// Operands a condition's vector has room for up front: as many as fit in 1 KB.
const OPERANDS_UP_FRONT: usize = 1024 / std::mem::size_of::<Operand>();

/// The frames of a condition as deep as a few parentheses and NOTs, without touching the heap.
type Frames = SmallVec<[Frame; 8]>;

fn run(cursor: &mut Cursor<'_>, tree: &mut Tree) -> Result<(), ExprError> {
    let mut frames = Frames::new();
    frames.push(Frame::Root);
    frames.push(Frame::Or { left: None });
    frames.push(Frame::And { left: None });
    loop {
        // The start of a `not` level: NOTs, then a parenthesised group (a new `or` level) or an operand.
        while cursor.is_keyword(cursor.peek(), Word::Not) {
            let keyword = cursor.peek().span();
            cursor.count_operator(keyword)?;
            frames.push(Frame::Not { keyword });
            cursor.advance();
        }
        let token = cursor.peek();
        if token.kind == TokenKind::LeftParen {
            frames.push(Frame::Paren { open: token.span() });
            cursor.advance();
            frames.push(Frame::Or { left: None });
            frames.push(Frame::And { left: None });
            continue;
        }
        // A primary is complete: a comparison may follow, then the enclosing frames take it.
        let mut item = Item::Operand(cursor.parse_operand_into(&mut tree.operands)?);
        loop {
            item = compare(cursor, tree, item)?;
            match climb(cursor, tree, &mut frames, item)? {
                Climbed::StartNot => break,
                Climbed::Primary(next) => item = next,
                Climbed::Done => return Ok(()),
            }
        }
    }
}

/// After a primary: a comparator, BETWEEN or IN makes it the left operand of a comparison.
fn compare(cursor: &mut Cursor<'_>, tree: &mut Tree, item: Item) -> Result<Item, ExprError> {
    let token = cursor.peek();
    let is_between = cursor.is_keyword(token, Word::Between);
    let is_in = cursor.is_keyword(token, Word::In);
    let comparator = token.comparator();
    if comparator.is_none() && !is_between && !is_in {
        return Ok(item);
    }
    let OperandAt {
        id: left,
        outer: left_outer,
        ..
    } = match item {
        Item::Operand(operand) => operand,
        // A condition cannot be compared: `(a < b) = c`.
        Item::Condition { .. } => return Err(cursor.syntax_error()),
    };
    cursor.count_operator(token.span())?;
    cursor.advance();
    let (kind, end) = if let Some(op) = comparator {
        let right = cursor.parse_operand_into(&mut tree.operands)?;
        (
            ConditionKind::Compare {
                op,
                left,
                right: right.id,
            },
            right.outer,
        )
    } else if is_between {
        let lower = cursor.parse_operand_into(&mut tree.operands)?.id;
        if !cursor.is_keyword(cursor.peek(), Word::And) {
            return Err(cursor.syntax_error());
        }
        cursor.advance();
        let upper = cursor.parse_operand_into(&mut tree.operands)?;
        (
            ConditionKind::Between {
                operand: left,
                lower,
                upper: upper.id,
            },
            upper.outer,
        )
    } else {
        cursor.expect(TokenKind::LeftParen)?;
        // The members follow the left operand in the vector, one after another.
        let mut list = OperandRange {
            start: OperandId::try_from(tree.operands.len()).unwrap_or(OperandId::MAX),
            len: 0,
        };
        let close = loop {
            cursor.parse_operand_into(&mut tree.operands)?;
            list.len += 1;
            let token = cursor.peek();
            match token.kind {
                TokenKind::Comma => cursor.advance(),
                TokenKind::RightParen => {
                    cursor.advance();
                    break token.span();
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
        node: tree.push(kind, left_outer.to(end)),
        parens: 0,
    })
}

/// Where reading goes on after `climb`.
enum Climbed {
    /// After AND or OR: the start of a `not` level.
    StartNot,
    /// After a closing parenthesis: the group is a primary, which a comparison may follow.
    Primary(Item),
    Done,
}

/// The item as a condition: a function call becomes a function condition; a bare path or value is a syntax
/// error at the current token (nothing valid can follow an operand there).
fn as_condition(cursor: &Cursor<'_>, tree: &mut Tree, item: Item) -> Result<NodeId, ExprError> {
    match item {
        Item::Condition { node, .. } => Ok(node),
        Item::Operand(OperandAt { id, outer, .. }) => match tree.operands.get(id as usize) {
            Some(Operand::Function(call)) => {
                tree.function_nodes += 1;
                tree.odd_function_node |= matches!(
                    call.function,
                    Function::Size | Function::IfNotExists | Function::ListAppend
                );
                Ok(tree.push(ConditionKind::Function(id), outer))
            }
            _ => Err(cursor.syntax_error()),
        },
    }
}

/// Hands a finished comparison up through NOT, AND, OR and parentheses.
fn climb(
    cursor: &mut Cursor<'_>,
    tree: &mut Tree,
    frames: &mut Frames,
    item: Item,
) -> Result<Climbed, ExprError> {
    let mut item = item;
    loop {
        let token = cursor.peek();
        // The usual step, `... AND` with an AND level on top: join in place (the frame stays).
        if let Some(Frame::And { left }) = frames.last_mut() {
            if cursor.is_keyword(token, Word::And) {
                let right = as_condition(cursor, tree, item)?;
                *left = Some(join(tree, *left, right, ConditionKind::And));
                cursor.count_operator(token.span())?;
                cursor.advance();
                return Ok(Climbed::StartNot);
            }
        }
        match frames.pop() {
            Some(Frame::Not { keyword }) => {
                let inner = as_condition(cursor, tree, item)?;
                let span = keyword.to(tree.span(inner));
                item = Item::Condition {
                    node: tree.push(ConditionKind::Not(inner), span),
                    parens: 0,
                };
            }
            // Not followed by AND (handled above): the AND level is complete.
            Some(Frame::And { left }) => {
                if left.is_some() {
                    let right = as_condition(cursor, tree, item)?;
                    item = Item::Condition {
                        node: join(tree, left, right, ConditionKind::And),
                        parens: 0,
                    };
                }
            }
            Some(Frame::Or { left }) => {
                let is_or = cursor.is_keyword(token, Word::Or);
                if is_or || left.is_some() {
                    let right = as_condition(cursor, tree, item)?;
                    let joined = join(tree, left, right, ConditionKind::Or);
                    if is_or {
                        cursor.count_operator(token.span())?;
                        cursor.advance();
                        frames.push(Frame::Or { left: Some(joined) });
                        frames.push(Frame::And { left: None });
                        return Ok(Climbed::StartNot);
                    }
                    item = Item::Condition {
                        node: joined,
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
                        Item::Operand(cursor.wrap_at_in_parens(operand, open, token.span()))
                    }
                    Item::Condition { node, parens } => {
                        if parens > 0 {
                            cursor.note_redundant_condition(tree.span(node));
                        }
                        if let Some(n) = tree.nodes.get_mut(node) {
                            n.span = open.to(token.span());
                        }
                        Item::Condition {
                            node,
                            parens: parens + 1,
                        }
                    }
                };
                return Ok(Climbed::Primary(item));
            }
            Some(Frame::Root) | None => {
                let root = as_condition(cursor, tree, item)?;
                if token.kind != TokenKind::Eof {
                    return Err(cursor.syntax_error());
                }
                debug_assert_eq!(root + 1, tree.nodes.len(), "the root is the last node");
                return Ok(Climbed::Done);
            }
        }
    }
}

fn join(
    tree: &mut Tree,
    left: Option<NodeId>,
    right: NodeId,
    make: fn(NodeId, NodeId) -> ConditionKind,
) -> NodeId {
    match left {
        None => right,
        Some(left) => {
            let span = tree.span(left).to(tree.span(right));
            tree.push(make(left, right), span)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn may_misuse(text: &str) -> bool {
        let (_, notes) = parse(text, ExpressionKind::ConditionExpression).expect("parses");
        notes.may_misuse
    }

    /// The checks skip looking for misplaced functions only when every call is a condition function standing
    /// as a condition.
    #[test]
    fn misplaced_functions_are_ruled_out_only_when_none_can_be() {
        assert!(!may_misuse("a = :v"));
        assert!(!may_misuse(
            "attribute_exists(a) AND NOT contains(b, :v) OR (begins_with(c, :p))"
        ));
        for text in [
            "size(a) = :v",
            "size(a)",
            "NOT size(a)",
            "attribute_exists(size(a))",
            "contains(a, begins_with(b, :p))",
            "if_not_exists(a, :v)",
            "list_append(a, :v) AND b = :v",
            "a IN (:v, size(b))",
            "a BETWEEN size(b) AND :v",
            "(size(a)) = :v",
            "attribute_exists(a) AND b = contains(c, :v)",
        ] {
            assert!(may_misuse(text), "{text}");
        }
    }
}
