//! The History pane: every request of the session (from the TUI, the REPL, a script or the HTTP endpoint), newest
//! first, with its verdict; the selected one's request below. Enter opens its verdict, R steps through it, u
//! undoes the last change. Serving (`txlab serve --tui`), rows carry their time and the list follows new arrivals.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::compose::draft::compact_json;
use super::history::{rows, summary, verdict_text, Row};
use super::layout;
use super::model::Model;
use super::refused;
use super::view::{block, fit, title};

pub fn draw(model: &Model, frame: &mut Frame, body: Rect) {
    let t = &model.theme;
    let l = layout::history(body);
    let h = &model.history;
    let total = model.session.history().len();
    let refused_count = model.refused().len();
    let inner = layout::inner(l.list);
    let height = (inner.height as usize).saturating_sub(1);
    // Serving, each row starts with its time: requests arrive while the person watches.
    let live = model.live.is_some();
    let time_column = |text: &str| {
        if live {
            format!("{}  ", fit(text, 12))
        } else {
            String::new()
        }
    };
    let mut lines = vec![Line::styled(
        format!(
            "{}{}  {}  {}  {}  {}",
            time_column("time (UTC)"),
            fit("#", 5),
            fit("from", 6),
            fit("operation", 20),
            fit("verdict", 40),
            // A refused request touched no table: its row shows the answer it got (HTTP status · message) instead.
            if refused_count > 0 {
                "tables · answer"
            } else {
                "tables"
            }
        ),
        t.title,
    )];
    if total + refused_count == 0 {
        match &model.live {
            Some(l) => {
                lines.push(Line::styled(
                    format!("No requests yet. Point a client at {}, e.g.", l.address),
                    t.dim,
                ));
                lines.push(Line::styled(
                    format!("  aws dynamodb list-tables --endpoint-url {}", l.address),
                    t.dim,
                ));
                lines.push(Line::styled(
                    "Its requests appear here as they arrive; Enter opens one's verdict.",
                    t.dim,
                ));
            }
            None => lines.push(Line::styled(
                "No requests yet. Everything run from here, the REPL or the HTTP endpoint appears here.",
                t.dim,
            )),
        }
    }
    let refused = model.refused();
    for (i, row) in rows(&model.session, refused)
        .enumerate()
        .skip(h.offset)
        .take(height)
    {
        let selected = i == h.cursor;
        let base = if selected { t.selected } else { t.text };
        let verdict_style = |failed: bool| {
            if selected {
                t.selected
            } else if failed {
                t.fail
            } else {
                t.ok
            }
        };
        let line = match row {
            Row::Entry(entry) => {
                let (verdict, failed) = verdict_text(entry);
                let undo = if entry.undoable { "" } else { " " };
                Line::from(vec![
                    Span::styled(
                        format!(
                            "{}{}  {}  {}  ",
                            time_column(&super::history::time_of_day(entry.at_millis)),
                            fit(&format!("#{}", entry.id), 5),
                            fit(&entry.source, 6),
                            fit(&entry.operation, 20)
                        ),
                        base,
                    ),
                    Span::styled(fit(&verdict, 40), verdict_style(failed)),
                    Span::styled(format!("  {}{undo}", summary(entry)), base),
                ])
            }
            // Answered before the engine: numbered apart (r1, r2, ...), as it is in no history.
            Row::Refused(r) => {
                let (verdict, failed) = refused::verdict(r);
                Line::from(vec![
                    Span::styled(
                        format!(
                            "{}{}  {}  {}  ",
                            time_column(&super::history::time_of_day(r.at_millis)),
                            fit(&format!("r{}", r.seq), 5),
                            fit("http", 6),
                            fit(&refused::operation(r), 20)
                        ),
                        base,
                    ),
                    Span::styled(fit(&verdict, 40), verdict_style(failed)),
                    Span::styled(format!("  {}", refused::summary(r)), base),
                ])
            }
        };
        lines.push(line);
    }
    let plural = if total == 1 { "" } else { "s" };
    let refused_note = if refused_count > 0 {
        format!(" · {refused_count} refused before the engine")
    } else {
        String::new()
    };
    let heading = match &model.live {
        Some(l) => format!(
            "History ─ live from {} ─ {total} request{plural}{refused_note}",
            l.address
        ),
        None => format!("History ─ {total} request{plural}"),
    };
    frame.render_widget(
        Paragraph::new(lines).block(block(title(heading, t), true, t)),
        l.list,
    );

    let selected = h.selected(&model.session, refused);
    let detail_title = match selected {
        Some(Row::Refused(_)) => "Refused before the engine · Enter opens what to do",
        _ => "Request · Enter opens its verdict · R steps through it",
    };
    let detail: Vec<Line> = match selected {
        Some(Row::Entry(e)) => vec![
            Line::from(vec![
                Span::styled("request  ", t.dim),
                Span::raw(super::format::cut(&compact_json(&e.request), 4000)),
            ]),
            Line::from(vec![
                Span::styled("response ", t.dim),
                Span::raw(super::format::cut(&compact_json(&e.response), 4000)),
            ]),
        ],
        Some(Row::Refused(r)) => vec![
            Line::from(vec![
                Span::styled("refused  ", t.dim),
                Span::raw(format!(
                    "{} {} · X-Amz-Target: {} · {} bytes · never reached the engine",
                    r.method,
                    r.path,
                    r.target.as_deref().unwrap_or("(none)"),
                    r.body_bytes
                )),
            ]),
            Line::from(vec![
                Span::styled("why      ", t.dim),
                Span::raw(refused::hint(r)),
            ]),
        ],
        None => Vec::new(),
    };
    frame.render_widget(
        Paragraph::new(detail)
            .wrap(Wrap { trim: false })
            .block(block(title(detail_title, t), false, t)),
        l.detail,
    );
}
