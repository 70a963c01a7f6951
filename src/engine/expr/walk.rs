//! Walking the trees without recursion (a tree read from 4 KB of text can be some two thousand levels deep):
//! nodes in post-order, paths and values in source order, and span erasure for comparing trees.

use super::ast::{
    Condition, ConditionKind, Operand, Path, PathElement, Projection, SetValue, Span, UpdateAction,
    UpdateExpression,
};

#[derive(Clone, Copy, Debug)]
pub enum Node<'a> {
    Condition(&'a Condition),
    Operand(&'a Operand),
}

fn children(node: Node<'_>) -> Vec<Node<'_>> {
    match node {
        Node::Condition(condition) => match &condition.kind {
            ConditionKind::Compare { left, right, .. } => {
                vec![Node::Operand(left), Node::Operand(right)]
            }
            ConditionKind::Between {
                operand,
                lower,
                upper,
            } => vec![
                Node::Operand(operand),
                Node::Operand(lower),
                Node::Operand(upper),
            ],
            ConditionKind::In { operand, list } => std::iter::once(operand)
                .chain(list)
                .map(Node::Operand)
                .collect(),
            ConditionKind::Function(call) => call.args.iter().map(Node::Operand).collect(),
            ConditionKind::Not(inner) => vec![Node::Condition(inner)],
            ConditionKind::And(left, right) | ConditionKind::Or(left, right) => {
                vec![Node::Condition(left), Node::Condition(right)]
            }
        },
        Node::Operand(Operand::Function(call)) => call.args.iter().map(Node::Operand).collect(),
        Node::Operand(_) => Vec::new(),
    }
}

/// Every node under `root` (included), children before parents, left to right: the order in which a
/// left-to-right reader finishes them.
pub fn post_order(root: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let mut stack = vec![(root, false)];
    while let Some((node, expanded)) = stack.pop() {
        if expanded {
            out.push(node);
            continue;
        }
        stack.push((node, true));
        for child in children(node).into_iter().rev() {
            stack.push((child, false));
        }
    }
    out
}

/// The operands an update action reads, in the order written.
pub fn action_operands(action: &UpdateAction) -> Vec<&Operand> {
    match action {
        UpdateAction::Set { value, .. } => match value {
            SetValue::Operand(operand) => vec![operand],
            SetValue::Plus(left, right) | SetValue::Minus(left, right) => vec![left, right],
        },
        UpdateAction::Remove { .. } => Vec::new(),
        UpdateAction::Add { value, .. } | UpdateAction::Delete { value, .. } => vec![value],
    }
}

pub fn actions(update: &UpdateExpression) -> impl Iterator<Item = &UpdateAction> {
    update
        .clauses
        .iter()
        .flat_map(|clause| clause.actions.iter())
}

/// A path or a `:value`, as met reading left to right.
#[derive(Clone, Copy, Debug)]
pub enum Reference<'a> {
    Path(&'a Path),
    Value { name: &'a str, span: Span },
}

fn operand_references<'a>(nodes: &[Node<'a>], out: &mut Vec<Reference<'a>>) {
    for node in nodes {
        match node {
            Node::Operand(Operand::Path(path)) => out.push(Reference::Path(path)),
            Node::Operand(Operand::Value { name, span }) => {
                out.push(Reference::Value { name, span: *span })
            }
            _ => {}
        }
    }
}

pub fn condition_references(condition: &Condition) -> Vec<Reference<'_>> {
    let mut out = Vec::new();
    operand_references(&post_order(Node::Condition(condition)), &mut out);
    out
}

pub fn update_references(update: &UpdateExpression) -> Vec<Reference<'_>> {
    let mut out = Vec::new();
    for action in actions(update) {
        out.push(Reference::Path(action.path()));
        for operand in action_operands(action) {
            operand_references(&post_order(Node::Operand(operand)), &mut out);
        }
    }
    out
}

pub fn projection_references(projection: &Projection) -> Vec<Reference<'_>> {
    projection.paths.iter().map(Reference::Path).collect()
}

/// Sets every span in the tree to the empty default, so that trees read from differently spaced texts compare
/// equal. For tests and tools; iterative like the rest.
pub fn erase_condition_spans(condition: &mut Condition) {
    let mut stack = vec![NodeMut::Condition(condition)];
    erase(&mut stack);
}

pub fn erase_update_spans(update: &mut UpdateExpression) {
    let mut stack = Vec::new();
    for clause in &mut update.clauses {
        clause.span = Span::default();
        for action in &mut clause.actions {
            match action {
                UpdateAction::Set { path, value, span } => {
                    *span = Span::default();
                    stack.push(NodeMut::Path(path));
                    match value {
                        SetValue::Operand(operand) => stack.push(NodeMut::Operand(operand)),
                        SetValue::Plus(left, right) | SetValue::Minus(left, right) => {
                            stack.push(NodeMut::Operand(left));
                            stack.push(NodeMut::Operand(right));
                        }
                    }
                }
                UpdateAction::Remove { path, span } => {
                    *span = Span::default();
                    stack.push(NodeMut::Path(path));
                }
                UpdateAction::Add { path, value, span }
                | UpdateAction::Delete { path, value, span } => {
                    *span = Span::default();
                    stack.push(NodeMut::Path(path));
                    stack.push(NodeMut::Operand(value));
                }
            }
        }
    }
    erase(&mut stack);
}

pub fn erase_projection_spans(projection: &mut Projection) {
    let mut stack: Vec<NodeMut<'_>> = projection.paths.iter_mut().map(NodeMut::Path).collect();
    erase(&mut stack);
}

enum NodeMut<'a> {
    Condition(&'a mut Condition),
    Operand(&'a mut Operand),
    Path(&'a mut Path),
}

fn erase(stack: &mut Vec<NodeMut<'_>>) {
    while let Some(node) = stack.pop() {
        match node {
            NodeMut::Condition(Condition { kind, span }) => {
                *span = Span::default();
                match kind {
                    ConditionKind::Compare { left, right, .. } => {
                        stack.push(NodeMut::Operand(left));
                        stack.push(NodeMut::Operand(right));
                    }
                    ConditionKind::Between {
                        operand,
                        lower,
                        upper,
                    } => {
                        stack.push(NodeMut::Operand(operand));
                        stack.push(NodeMut::Operand(lower));
                        stack.push(NodeMut::Operand(upper));
                    }
                    ConditionKind::In { operand, list } => {
                        stack.push(NodeMut::Operand(operand));
                        stack.extend(list.iter_mut().map(NodeMut::Operand));
                    }
                    ConditionKind::Function(call) => {
                        call.span = Span::default();
                        stack.extend(call.args.iter_mut().map(NodeMut::Operand));
                    }
                    ConditionKind::Not(inner) => stack.push(NodeMut::Condition(inner)),
                    ConditionKind::And(left, right) | ConditionKind::Or(left, right) => {
                        stack.push(NodeMut::Condition(left));
                        stack.push(NodeMut::Condition(right));
                    }
                }
            }
            NodeMut::Operand(operand) => match operand {
                Operand::Path(path) => stack.push(NodeMut::Path(path)),
                Operand::Value { span, .. } => *span = Span::default(),
                Operand::Function(call) => {
                    call.span = Span::default();
                    stack.extend(call.args.iter_mut().map(NodeMut::Operand));
                }
            },
            NodeMut::Path(path) => {
                path.span = Span::default();
                for element in &mut path.elements {
                    match element {
                        PathElement::Name { span, .. } | PathElement::Index { span, .. } => {
                            *span = Span::default()
                        }
                    }
                }
            }
        }
    }
}

/// Whether two conditions are the same tree, spans aside (for tests comparing a parse with an expected tree).
pub fn same_condition(a: &Condition, b: &Condition) -> bool {
    let (mut a, mut b) = (a.clone(), b.clone());
    erase_condition_spans(&mut a);
    erase_condition_spans(&mut b);
    a == b
}

/// Whether two update expressions are the same tree, spans aside.
pub fn same_update(a: &UpdateExpression, b: &UpdateExpression) -> bool {
    let (mut a, mut b) = (a.clone(), b.clone());
    erase_update_spans(&mut a);
    erase_update_spans(&mut b);
    a == b
}

/// Whether two projections are the same, spans aside.
pub fn same_projection(a: &Projection, b: &Projection) -> bool {
    let (mut a, mut b) = (a.clone(), b.clone());
    erase_projection_spans(&mut a);
    erase_projection_spans(&mut b);
    a == b
}
