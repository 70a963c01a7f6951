//! A condition as the stepper shows it: the whole expression, the current node marked with a line under it,
//! every finished node carrying its result (`(Price <= :max [true]) AND ...`), the root's result at the end.

use ratatui::text::{Line, Span};

use super::theme::Theme;
use super::view_expr::{self, Insert};
use crate::engine::expr::ast::Span as TextSpan;
use crate::engine::trace::{ConditionNode, ConditionTrace, NodeNote};

/// The result of a node as words: `true`, `false`, `false (absent)`, `false (type mismatch)`.
pub fn result_text(n: &ConditionNode) -> String {
    match n.note {
        Some(NodeNote::Absent) => format!("{} (absent)", n.result),
        Some(NodeNote::TypeMismatch) => format!("{} (type mismatch)", n.result),
        None => n.result.to_string(),
    }
}

/// The condition with node `current` marked and every node before it (they are finished: the trace is in
/// evaluation order) carrying its result; the root's result goes at the end as `→ result`. Returns the
/// expression line and the marker line under the current node.
pub fn condition_lines(
    c: &ConditionTrace,
    current: usize,
    t: &Theme,
    indent: usize,
) -> (Line<'static>, Line<'static>) {
    let nodes = c.nodes();
    let root = nodes.len().saturating_sub(1);
    let mut inserts = Vec::new();
    for n in nodes.iter().filter(|n| n.id < current && n.id != root) {
        inserts.push(Insert {
            at: inside_parens(&c.expression, n.span).end,
            text: format!(" [{}]", result_text(n)),
            style: t.result(n.result),
        });
    }
    if let Some(r) = nodes.get(root).filter(|_| current >= root) {
        inserts.push(Insert {
            at: c.expression.len(),
            text: format!("  → {}", result_text(r)),
            style: t.result(r.result),
        });
    }
    let mark = nodes
        .get(current)
        .map(|n| (inside_parens(&c.expression, n.span), t.marked));
    let rendered = view_expr::render(&c.expression, t, mark, &inserts);
    let mut first = vec![Span::raw(" ".repeat(indent))];
    first.extend(rendered.spans);
    let note = nodes
        .get(current)
        .map(|n| vec![Span::styled(result_text(n), t.result(n.result))])
        .unwrap_or_default();
    let second = match rendered.mark {
        Some((s, e)) => view_expr::marker(indent, s, e, note, t.marked),
        None => vec![],
    };
    (Line::from(first), Line::from(second))
}

/// A node's span without the parentheses that only group it: `(a < b)` -> `a < b`, so that its result reads
/// inside them, as in `(Price <= :max [true]) AND ...`.
pub fn inside_parens(text: &str, span: TextSpan) -> TextSpan {
    let mut s = span;
    // Each round removes two bytes, so this ends.
    while s.end >= s.start + 2 {
        let inner = TextSpan::new(s.start + 1, s.end - 1);
        let (Some(open), Some(close)) =
            (text.get(s.start..inner.start), text.get(inner.end..s.end))
        else {
            break;
        };
        if open != "(" || close != ")" || !balanced(text.get(inner.start..inner.end).unwrap_or(")"))
        {
            break;
        }
        s = inner;
    }
    s
}

/// Whether every `(` in `text` is closed within it, and no `)` closes one from outside.
fn balanced(text: &str) -> bool {
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            _ => {}
        }
    }
    depth == 0
}
