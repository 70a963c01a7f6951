//! `view(&model, frame)`: draws the model, and only reads it. One file per pane (view_*.rs); this one draws the
//! frame around them: the pane tabs, the status bar with the session file and its save state, the overlays.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::keymap;
use super::layout;
use super::message::Pane;
use super::model::Model;
use super::theme::Theme;
use super::{view_compose, view_history, view_overlays, view_run, view_tables};

pub fn view(model: &Model, frame: &mut Frame) {
    let area = frame.area();
    let l = layout::frame(area);
    draw_tabs(model, frame, l.tabs);
    match model.pane {
        Pane::Tables => view_tables::draw(model, frame, l.body),
        Pane::Compose => view_compose::draw(model, frame, l.body),
        Pane::Run => view_run::draw(model, frame, l.body),
        Pane::History => view_history::draw(model, frame, l.body),
    }
    draw_status(model, frame, l.status);
    view_overlays::draw(model, frame, l.body);
}

const BRAND: &str = " txlab ";

fn tab_label(pane: Pane) -> String {
    format!(" {} {} ", pane.number(), pane.title())
}

/// The pane whose tab is at column `x` of the tab bar.
pub fn tab_at(tabs: Rect, x: u16) -> Option<Pane> {
    let mut at = tabs.x as usize + BRAND.len() + 1;
    for pane in Pane::ALL {
        let w = tab_label(pane).chars().count();
        if (x as usize) >= at && (x as usize) < at + w {
            return Some(pane);
        }
        at += w + 1;
    }
    None
}

fn draw_tabs(model: &Model, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let mut spans = vec![Span::styled(BRAND, t.title), Span::raw(" ")];
    for pane in Pane::ALL {
        let style = if pane == model.pane {
            t.tab_current
        } else {
            t.tab
        };
        spans.push(Span::styled(tab_label(pane), style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// `session.json · saved`, `in memory`, `read-only`, `not saved`.
pub fn session_state(model: &Model) -> (String, bool) {
    let s = &model.session;
    let Some(path) = s.path() else {
        return ("in memory".into(), true);
    };
    let state = if s.is_read_only() {
        "read-only"
    } else if s.is_saved() {
        "saved"
    } else {
        "NOT SAVED"
    };
    (format!("{} · {state}", path.display()), s.is_saved())
}

fn draw_status(model: &Model, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let (session, saved) = session_state(model);
    let serving = match &model.live {
        Some(l) => format!(
            "│ serving {} · {} request{} ",
            l.address,
            l.served,
            if l.served == 1 { "" } else { "s" }
        ),
        None => String::new(),
    };
    let mut right = format!("{serving}│ {session} │ ? keys · q quit ");
    let mut left_width = area.width.saturating_sub(right.chars().count() as u16);
    let left: Line = match &model.notice {
        Some(n) => {
            let mut text = format!(" {}", n.text);
            let needed = text.chars().count();
            if needed > left_width as usize {
                // A notice is often the one message that explains what just happened (a refused put, an
                // error from the endpoint): it takes the whole line while it shows, and is cut visibly.
                left_width = area.width;
                right.clear();
                if needed > area.width as usize {
                    text = text
                        .chars()
                        .take((area.width as usize).saturating_sub(1))
                        .collect();
                    text.push('…');
                }
            }
            Line::from(Span::styled(
                text,
                if n.is_error { t.error } else { t.text },
            ))
        }
        None => hints_line(t, &status_hints(model), left_width as usize),
    };
    let [l, r] = ratatui::layout::Layout::horizontal([
        ratatui::layout::Constraint::Length(left_width),
        ratatui::layout::Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(left).style(t.status), l);
    let session_style = if saved { t.dim } else { t.warn };
    frame.render_widget(Paragraph::new(Span::styled(right, session_style)), r);
}

/// As many whole hints as fit in `width`.
fn hints_line(t: &Theme, hints: &[(String, &'static str)], width: usize) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (i, (key, what)) in hints.iter().enumerate() {
        let sep = if i > 0 { 3 } else { 0 };
        let need = sep + key.chars().count() + 1 + what.chars().count();
        if used + need > width {
            break;
        }
        used += need;
        if i > 0 {
            spans.push(Span::styled(" · ", t.dim));
        }
        spans.push(Span::styled(key.clone(), t.title));
        spans.push(Span::raw(format!(" {what}")));
    }
    Line::from(spans)
}

/// A bordered block with a title; the focused one has a stronger border.
pub fn block<'a>(title: impl Into<Line<'a>>, focused: bool, t: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(if focused { t.border_focused } else { t.border })
        .title(title)
}

/// A title span.
pub fn title(text: impl Into<String>, t: &Theme) -> Span<'static> {
    Span::styled(format!(" {} ", text.into()), t.title)
}

/// `text` padded or cut to exactly `width` columns.
pub fn fit(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count > width {
        let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
        if width > 0 {
            s.push('…');
        }
        s
    } else {
        format!("{text}{}", " ".repeat(width - count))
    }
}

/// Lines cut to `width` columns; a line that starts with a label (a first span of at most 20 columns, when
/// more follow) continues under the text after the label, so long values stay readable in their column.
pub fn wrap_indented(lines: Vec<Line<'static>>, width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let total: usize = line.spans.iter().map(|s| s.content.chars().count()).sum();
        if total <= width {
            out.push(line);
            continue;
        }
        let first = line.spans.first().map_or(0, |s| s.content.chars().count());
        let indent = if line.spans.len() > 1 && first <= 20 && first < width / 2 {
            first
        } else {
            0
        };
        let style = line.style;
        // Words (with the blanks after them), each with its span's style.
        let mut words: Vec<(String, Style)> = Vec::new();
        for span in &line.spans {
            let mut word = String::new();
            let mut after_blank = false;
            for c in span.content.chars() {
                if after_blank && c != ' ' {
                    words.push((std::mem::take(&mut word), span.style));
                }
                after_blank = c == ' ';
                word.push(c);
            }
            if !word.is_empty() {
                words.push((word, span.style));
            }
        }
        let mut current: Vec<Span<'static>> = Vec::new();
        let mut used = 0;
        let mut fresh = true;
        for (word, word_style) in words {
            let mut rest: Vec<char> = word.chars().collect();
            let visible = word.trim_end().chars().count();
            if !fresh && used + visible > width {
                out.push(Line::from(std::mem::take(&mut current)).style(style));
                current.push(Span::raw(" ".repeat(indent)));
                used = indent;
            }
            while !rest.is_empty() {
                if used >= width {
                    out.push(Line::from(std::mem::take(&mut current)).style(style));
                    current.push(Span::raw(" ".repeat(indent)));
                    used = indent;
                }
                let take = (width - used).min(rest.len());
                let piece: String = rest.drain(..take).collect();
                used += take;
                current.push(Span::styled(piece, word_style));
            }
            fresh = false;
        }
        if !current.is_empty() {
            out.push(Line::from(current).style(style));
        }
    }
    out
}

/// A label column: `Condition  `.
pub fn label(text: &str, width: usize, style: Style) -> Span<'static> {
    Span::styled(fit(text, width), style)
}

/// The status line's hints for where the person is. On a request refused before the engine there is no verdict
/// and nothing to step through: Enter opens what it was answered and what to do, and R does the same.
pub fn status_hints(model: &Model) -> Vec<(String, &'static str)> {
    let context = model.context();
    let mut hints = keymap::hints(context);
    let on_refused = context == keymap::Context::History
        && matches!(
            model.history.selected(&model.session, model.refused()),
            Some(super::history::Row::Refused(_))
        );
    if on_refused {
        hints.retain(|(_, help)| *help != "step through it");
        for (_, help) in hints.iter_mut() {
            if *help == "open its verdict" {
                *help = "open what to do";
            }
        }
    }
    hints
}
