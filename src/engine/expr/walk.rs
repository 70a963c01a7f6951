//! Walking the trees without recursion (a tree read from 4 KB of text can be some two thousand levels deep):
//! operands in post-order, paths and values in source order, and span erasure for comparing trees. A
//! condition's own nodes are already in post-order in its vector.

use smallvec::SmallVec;

use super::ast::{
    Condition, NodeView, Operand, Path, PathElement, Projection, SetValue, Span, UpdateAction,
    UpdateExpression,
};

/// Calls `visit` with every operand under `root` (included) in post-order: a function call's arguments (and
/// theirs) before the call, left to right. No allocation unless calls nest in calls.
pub fn for_each_operand<'a>(root: &'a Operand, mut visit: impl FnMut(&'a Operand)) {
    let _ = try_for_each_operand(root, |o| {
        visit(o);
        Ok::<(), std::convert::Infallible>(())
    });
}

/// `for_each_operand`, stopping at the first error.
pub fn try_for_each_operand<'a, E>(
    root: &'a Operand,
    mut visit: impl FnMut(&'a Operand) -> Result<(), E>,
) -> Result<(), E> {
    let Operand::Function(call) = root else {
        return visit(root);
    };
    // The usual call takes paths and values: visit them, then the call.
    if call
        .args
        .iter()
        .all(|a| matches!(a, Operand::Path(_) | Operand::Value { .. }))
    {
        call.args.iter().try_for_each(&mut visit)?;
        return visit(root);
    }
    // `(operand, expanded)`: a call is pushed back, expanded, under its arguments.
    let mut stack: SmallVec<[(&'a Operand, bool); 16]> = SmallVec::new();
    stack.push((root, false));
    while let Some((operand, expanded)) = stack.pop() {
        match operand {
            Operand::Function(call) if !expanded => {
                stack.push((operand, true));
                stack.extend(call.args.iter().rev().map(|a| (a, false)));
            }
            _ => visit(operand)?,
        }
    }
    Ok(())
}

/// Calls `visit` with each operand a leaf node tests, in the order written (none for NOT, AND, OR; a function
/// node's are the call's arguments), stopping at the first error. `leaf_operands` without an iterator chain,
/// for the checks that run on every request.
pub fn try_for_each_leaf_operand<'a, E>(
    kind: NodeView<'a>,
    mut visit: impl FnMut(&'a Operand) -> Result<(), E>,
) -> Result<(), E> {
    match kind {
        NodeView::Compare { left, right, .. } => {
            visit(left)?;
            visit(right)
        }
        NodeView::Between {
            operand,
            lower,
            upper,
        } => {
            visit(operand)?;
            visit(lower)?;
            visit(upper)
        }
        NodeView::In { operand, list } => {
            visit(operand)?;
            list.iter().try_for_each(visit)
        }
        NodeView::Function(call) => call.args.iter().try_for_each(visit),
        NodeView::Not(_) | NodeView::And(..) | NodeView::Or(..) => Ok(()),
    }
}

/// The operands a leaf node tests, in the order written (none for NOT, AND, OR). For a function node these are
/// the call's arguments (the call itself is the node).
pub fn leaf_operands(kind: NodeView<'_>) -> impl Iterator<Item = &Operand> + Clone {
    let (fixed, list): ([Option<&Operand>; 3], &[Operand]) = match kind {
        NodeView::Compare { left, right, .. } => ([Some(left), Some(right), None], &[]),
        NodeView::Between {
            operand,
            lower,
            upper,
        } => ([Some(operand), Some(lower), Some(upper)], &[]),
        NodeView::In { operand, list } => ([Some(operand), None, None], list),
        NodeView::Function(call) => ([None, None, None], &call.args),
        NodeView::Not(_) | NodeView::And(..) | NodeView::Or(..) => ([None, None, None], &[]),
    };
    fixed.into_iter().flatten().chain(list)
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

/// The operand as a reference, if it is a path or a `:value`.
pub fn reference(operand: &Operand) -> Option<Reference<'_>> {
    match operand {
        Operand::Path(path) => Some(Reference::Path(path)),
        Operand::Value { name, span } => Some(Reference::Value { name, span: *span }),
        Operand::Function(_) => None,
    }
}

/// Every path and `:value` of a condition, in the order written.
pub fn for_each_condition_reference<'a>(
    condition: &'a Condition,
    mut visit: impl FnMut(Reference<'a>),
) {
    for node in &condition.nodes {
        for operand in leaf_operands(condition.view(node)) {
            for_each_operand(operand, |o| visit_reference(o, &mut visit));
        }
    }
}

fn visit_reference<'a>(operand: &'a Operand, visit: &mut impl FnMut(Reference<'a>)) {
    if let Some(reference) = reference(operand) {
        visit(reference);
    }
}

pub fn condition_references(condition: &Condition) -> Vec<Reference<'_>> {
    let mut out = Vec::new();
    for_each_condition_reference(condition, |r| out.push(r));
    out
}

pub fn update_references(update: &UpdateExpression) -> Vec<Reference<'_>> {
    let mut out = Vec::with_capacity(8);
    for action in actions(update) {
        out.push(Reference::Path(action.path()));
        for operand in action_operand_iter(action) {
            for_each_operand(operand, |o| out.extend(reference(o)));
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
    for node in &mut condition.nodes {
        node.span = Span::default();
    }
    let mut stack: Vec<NodeMut<'_>> = condition
        .operands
        .iter_mut()
        .map(NodeMut::Operand)
        .collect();
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
    Operand(&'a mut Operand),
    Path(&'a mut Path),
}

fn erase(stack: &mut Vec<NodeMut<'_>>) {
    while let Some(node) = stack.pop() {
        match node {
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
