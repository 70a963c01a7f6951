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

/// Pushes the children of `node` rightmost first, so that they pop off `stack` left to right.
fn push_children<'a, T>(node: Node<'a>, stack: &mut Vec<(Node<'a>, T)>, mark: T)
where
    T: Copy,
{
    let mut push = |child: Node<'a>| stack.push((child, mark));
    match node {
        Node::Condition(condition) => match &condition.kind {
            ConditionKind::Compare { left, right, .. } => {
                push(Node::Operand(right));
                push(Node::Operand(left));
            }
            ConditionKind::Between {
                operand,
                lower,
                upper,
            } => {
                push(Node::Operand(upper));
                push(Node::Operand(lower));
                push(Node::Operand(operand));
            }
            ConditionKind::In { operand, list } => {
                list.iter().rev().for_each(|o| push(Node::Operand(o)));
                push(Node::Operand(operand));
            }
            ConditionKind::Function(call) => {
                call.args.iter().rev().for_each(|o| push(Node::Operand(o)));
            }
            ConditionKind::Not(inner) => push(Node::Condition(inner)),
            ConditionKind::And(left, right) | ConditionKind::Or(left, right) => {
                push(Node::Condition(right));
                push(Node::Condition(left));
            }
        },
        Node::Operand(Operand::Function(call)) => {
            call.args.iter().rev().for_each(|o| push(Node::Operand(o)));
        }
        Node::Operand(_) => {}
    }
}

/// Calls `visit` with every node under `root` (included) in post-order, each with the position (in visiting
/// order) of the first node of its subtree.
pub fn for_each_post_order<'a>(root: Node<'a>, mut visit: impl FnMut(Node<'a>, usize)) {
    // A path or a value has no children: no stack needed.
    if let Node::Operand(Operand::Path(_) | Operand::Value { .. }) = root {
        visit(root, 0);
        return;
    }
    let mut visited = 0;
    // `None`: not yet expanded; `Some(start)`: children done, subtree starts at `start`.
    let mut stack: Vec<(Node<'a>, Option<usize>)> = Vec::with_capacity(16);
    stack.push((root, None));
    while let Some((node, start)) = stack.pop() {
        match start {
            Some(start) => {
                visit(node, start);
                visited += 1;
            }
            // A path or a value is its own subtree: visited at once, not pushed back.
            None if matches!(
                node,
                Node::Operand(Operand::Path(_) | Operand::Value { .. })
            ) =>
            {
                visit(node, visited);
                visited += 1;
            }
            None => {
                stack.push((node, Some(visited)));
                push_children(node, &mut stack, None);
            }
        }
    }
}

/// Every node under `root` (included), children before parents, left to right: the order in which a
/// left-to-right reader finishes them.
pub fn post_order(root: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    for_each_post_order(root, |node, _| out.push(node));
    out
}

/// `post_order` with, for each node, the index of the first node of its subtree: the subtree of `nodes[i]` is
/// `nodes[start..=i]`.
pub fn post_order_subtrees(root: Node<'_>) -> Vec<(Node<'_>, usize)> {
    let mut out = Vec::with_capacity(32);
    for_each_post_order(root, |node, start| out.push((node, start)));
    out
}

/// The operands an update action reads, in the order written.
pub fn action_operands(action: &UpdateAction) -> Vec<&Operand> {
    action_operand_iter(action).collect()
}

/// `action_operands` without building a vector.
pub fn action_operand_iter(action: &UpdateAction) -> impl Iterator<Item = &Operand> + Clone {
    let pair = match action {
        UpdateAction::Set { value, .. } => match value {
            SetValue::Operand(operand) => [Some(operand), None],
            SetValue::Plus(left, right) | SetValue::Minus(left, right) => [Some(left), Some(right)],
        },
        UpdateAction::Remove { .. } => [None, None],
        UpdateAction::Add { value, .. } | UpdateAction::Delete { value, .. } => [Some(value), None],
    };
    pair.into_iter().flatten()
}

pub fn actions(update: &UpdateExpression) -> impl Iterator<Item = &UpdateAction> + Clone {
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

/// The node as a reference, if it is a path or a `:value` operand.
pub fn reference(node: Node<'_>) -> Option<Reference<'_>> {
    match node {
        Node::Operand(Operand::Path(path)) => Some(Reference::Path(path)),
        Node::Operand(Operand::Value { name, span }) => {
            Some(Reference::Value { name, span: *span })
        }
        _ => None,
    }
}

pub fn condition_references(condition: &Condition) -> Vec<Reference<'_>> {
    let mut out = Vec::new();
    for_each_post_order(Node::Condition(condition), |node, _| {
        out.extend(reference(node));
    });
    out
}

pub fn update_references(update: &UpdateExpression) -> Vec<Reference<'_>> {
    let mut out = Vec::with_capacity(8);
    for action in actions(update) {
        out.push(Reference::Path(action.path()));
        for operand in action_operand_iter(action) {
            for_each_post_order(Node::Operand(operand), |node, _| {
                out.extend(reference(node));
            });
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
