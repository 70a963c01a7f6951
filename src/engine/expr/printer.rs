//! Canonical text of a tree: keywords in upper case, single spaces, and only the parentheses that precedence
//! needs (AND and OR associate to the left, so a right operand of the same operator keeps its parentheses).
//! Reading the printed text gives the same tree back, and printing is a fixed point. Iterative.

use super::ast::{
    Condition, Node, NodeId, NodeView, Operand, Path, PathElement, Projection, SetValue,
    UpdateAction, UpdateExpression,
};

enum Task<'a> {
    Node(&'a Node),
    Operand(&'a Operand),
    Text(&'static str),
}

/// Binding strength: OR 1, AND 2, NOT 3, comparisons and functions 4 (a missing node binds like a leaf).
fn strength(node: Option<&Node>) -> u8 {
    use super::ast::ConditionKind;
    match node.map(|n| &n.kind) {
        Some(ConditionKind::Or(..)) => 1,
        Some(ConditionKind::And(..)) => 2,
        Some(ConditionKind::Not(_)) => 3,
        _ => 4,
    }
}

/// Pushes tasks so that they run in the order given.
fn push_in_order<'a>(stack: &mut Vec<Task<'a>>, tasks: Vec<Task<'a>>) {
    stack.extend(tasks.into_iter().rev());
}

/// A child, in parentheses when `parens`. A child missing from the vector (a tree built wrong by hand) prints
/// as nothing.
fn wrapped<'a>(tasks: &mut Vec<Task<'a>>, node: Option<&'a Node>, parens: bool) {
    let Some(node) = node else { return };
    if parens {
        tasks.extend([Task::Text("("), Task::Node(node), Task::Text(")")]);
    } else {
        tasks.push(Task::Node(node));
    }
}

fn operand_list<'a>(tasks: &mut Vec<Task<'a>>, operands: impl IntoIterator<Item = &'a Operand>) {
    for (i, operand) in operands.into_iter().enumerate() {
        if i > 0 {
            tasks.push(Task::Text(", "));
        }
        tasks.push(Task::Operand(operand));
    }
}

/// Runs the tasks; `tree` holds the nodes that NOT, AND and OR refer to.
fn run<'a>(tree: Option<&'a Condition>, mut stack: Vec<Task<'a>>) -> String {
    let mut out = String::new();
    let node = |id: NodeId| tree.and_then(|t| t.node(id));
    while let Some(task) = stack.pop() {
        match task {
            Task::Text(text) => out.push_str(text),
            Task::Operand(operand) => match operand {
                Operand::Path(path) => out.push_str(&print_path(path)),
                Operand::Value { name, .. } => out.push_str(name),
                Operand::Function(call) => {
                    out.push_str(call.function.name());
                    let mut tasks = vec![Task::Text("(")];
                    operand_list(&mut tasks, &call.args);
                    tasks.push(Task::Text(")"));
                    push_in_order(&mut stack, tasks);
                }
            },
            Task::Node(condition) => {
                let Some(tree) = tree else { continue };
                let tasks = match tree.view(condition) {
                    NodeView::Compare { op, left, right } => vec![
                        Task::Operand(left),
                        Task::Text(" "),
                        Task::Text(op.symbol()),
                        Task::Text(" "),
                        Task::Operand(right),
                    ],
                    NodeView::Between {
                        operand,
                        lower,
                        upper,
                    } => vec![
                        Task::Operand(operand),
                        Task::Text(" BETWEEN "),
                        Task::Operand(lower),
                        Task::Text(" AND "),
                        Task::Operand(upper),
                    ],
                    NodeView::In { operand, list } => {
                        let mut tasks = vec![Task::Operand(operand), Task::Text(" IN (")];
                        operand_list(&mut tasks, list);
                        tasks.push(Task::Text(")"));
                        tasks
                    }
                    NodeView::Function(call) => {
                        out.push_str(call.function.name());
                        let mut tasks = vec![Task::Text("(")];
                        operand_list(&mut tasks, &call.args);
                        tasks.push(Task::Text(")"));
                        tasks
                    }
                    NodeView::Not(inner) => {
                        let inner = node(*inner);
                        let mut tasks = vec![Task::Text("NOT ")];
                        wrapped(&mut tasks, inner, strength(inner) < 3);
                        tasks
                    }
                    NodeView::And(left, right) => {
                        let (left, right) = (node(*left), node(*right));
                        let mut tasks = Vec::new();
                        wrapped(&mut tasks, left, strength(left) < 2);
                        tasks.push(Task::Text(" AND "));
                        wrapped(&mut tasks, right, strength(right) <= 2);
                        tasks
                    }
                    NodeView::Or(left, right) => {
                        let (left, right) = (node(*left), node(*right));
                        let mut tasks = Vec::new();
                        wrapped(&mut tasks, left, false);
                        tasks.push(Task::Text(" OR "));
                        wrapped(&mut tasks, right, strength(right) <= 1);
                        tasks
                    }
                };
                push_in_order(&mut stack, tasks);
            }
        }
    }
    out
}

pub fn print_path(path: &Path) -> String {
    let mut out = String::new();
    for (i, element) in path.elements.iter().enumerate() {
        match element {
            PathElement::Name { name, .. } => {
                if i > 0 {
                    out.push('.');
                }
                out.push_str(name);
            }
            PathElement::Index { index, .. } => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }
    out
}

pub fn print_condition(condition: &Condition) -> String {
    print_condition_node(condition, condition.root_id())
}

/// The node at `id` and everything under it.
pub fn print_condition_node(condition: &Condition, id: NodeId) -> String {
    match condition.node(id) {
        Some(node) => run(Some(condition), vec![Task::Node(node)]),
        None => String::new(),
    }
}

pub fn print_operand(operand: &Operand) -> String {
    run(None, vec![Task::Operand(operand)])
}

pub fn print_update(update: &UpdateExpression) -> String {
    let mut clauses = Vec::new();
    for clause in &update.clauses {
        let actions: Vec<String> = clause
            .actions
            .iter()
            .map(|action| match action {
                UpdateAction::Set { path, value, .. } => {
                    let value = match value {
                        SetValue::Operand(operand) => print_operand(operand),
                        SetValue::Plus(left, right) => {
                            format!("{} + {}", print_operand(left), print_operand(right))
                        }
                        SetValue::Minus(left, right) => {
                            format!("{} - {}", print_operand(left), print_operand(right))
                        }
                    };
                    format!("{} = {}", print_path(path), value)
                }
                UpdateAction::Remove { path, .. } => print_path(path),
                UpdateAction::Add { path, value, .. }
                | UpdateAction::Delete { path, value, .. } => {
                    format!("{} {}", print_path(path), print_operand(value))
                }
            })
            .collect();
        clauses.push(format!("{} {}", clause.kind.keyword(), actions.join(", ")));
    }
    clauses.join(" ")
}

pub fn print_projection(projection: &Projection) -> String {
    projection
        .paths
        .iter()
        .map(print_path)
        .collect::<Vec<_>>()
        .join(", ")
}
