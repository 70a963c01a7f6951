//! An expression as a line of styled spans: highlighted by the shared grammar (the REPL's), with one range
//! marked (the node being stepped, or the token an error names) and annotations inserted after given offsets
//! (`[true]` after a finished node). Also the marker line drawn under the marked range.

use ratatui::style::Style;
use ratatui::text::Span;

use super::theme::Theme;
use crate::engine::expr::ast::Span as TextSpan;
use crate::highlight::highlight_expression;

/// Text inserted after byte offset `at` of the expression.
#[derive(Clone, Debug)]
pub struct Insert {
    pub at: usize,
    pub text: String,
    pub style: Style,
}

/// The spans, and the columns (start, end) the marked range takes in them.
pub struct Rendered {
    pub spans: Vec<Span<'static>>,
    pub mark: Option<(usize, usize)>,
}

/// `text` highlighted; `mark` patched over its range; `inserts` placed by offset (equal offsets keep their
/// given order).
pub fn render(
    text: &str,
    theme: &Theme,
    mark: Option<(TextSpan, Style)>,
    inserts: &[Insert],
) -> Rendered {
    let tokens = highlight_expression(text);
    // Every offset where the style may change or text is inserted.
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for t in &tokens {
        cuts.push(t.range.start);
        cuts.push(t.range.end);
    }
    if let Some((m, _)) = mark {
        cuts.push(m.start.min(text.len()));
        cuts.push(m.end.min(text.len()));
    }
    for i in inserts {
        cuts.push(i.at.min(text.len()));
    }
    cuts.retain(|c| text.is_char_boundary(*c));
    cuts.sort_unstable();
    cuts.dedup();

    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut column = 0usize;
    let mut mark_start = None;
    let mut mark_end = None;
    let mut sorted: Vec<Insert> = inserts.to_vec();
    sorted.sort_by_key(|i| i.at);
    let mut pending = sorted.iter().peekable();
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        emit_inserts(&mut pending, a, &mut spans, &mut column);
        if let Some((m, _)) = mark {
            if a == m.start && mark_start.is_none() {
                mark_start = Some(column);
            }
        }
        let piece = text.get(a..b).unwrap_or("");
        let class = tokens
            .iter()
            .find(|t| t.range.start <= a && a < t.range.end)
            .map(|t| t.class);
        let mut style = class.map(|c| theme.token(c)).unwrap_or_default();
        if let Some((m, mark_style)) = mark {
            if a >= m.start && b <= m.end && m.start < m.end {
                style = style.patch(mark_style);
            }
        }
        column += piece.chars().count();
        spans.push(Span::styled(piece.to_string(), style));
        if let Some((m, _)) = mark {
            if b == m.end {
                mark_end = Some(column);
            }
        }
    }
    emit_inserts(&mut pending, text.len(), &mut spans, &mut column);
    if let Some((m, _)) = mark {
        if mark_start.is_none() && m.start >= text.len() {
            mark_start = Some(column);
        }
    }
    let mark = match (mark_start, mark_end) {
        (Some(s), Some(e)) if e >= s => Some((s, e)),
        (Some(s), _) => Some((s, s + 1)),
        _ => None,
    };
    Rendered { spans, mark }
}

fn emit_inserts<'a>(
    pending: &mut std::iter::Peekable<std::slice::Iter<'a, Insert>>,
    at: usize,
    spans: &mut Vec<Span<'static>>,
    column: &mut usize,
) {
    while let Some(i) = pending.peek() {
        if i.at > at {
            break;
        }
        *column += i.text.chars().count();
        spans.push(Span::styled(i.text.clone(), i.style));
        pending.next();
    }
}

/// `╰────╯ false` under columns `start..end`, after an indent of `indent` columns.
pub fn marker(
    indent: usize,
    start: usize,
    end: usize,
    note: Vec<Span<'static>>,
    style: Style,
) -> Vec<Span<'static>> {
    let width = end.saturating_sub(start).max(1);
    let bar = if width == 1 {
        "^".to_string()
    } else {
        format!("╰{}╯", "─".repeat(width - 2))
    };
    let mut spans = vec![
        Span::raw(" ".repeat(indent + start)),
        Span::styled(bar, style),
        Span::raw(" "),
    ];
    spans.extend(note);
    spans
}
