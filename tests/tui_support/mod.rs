//! Helpers for the TUI tests: a model on the demo session, keys as values, the screen as text.
#![allow(dead_code)]

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::Terminal;
use txlab::tui::{update, view, Action, Effect, Message, Model, Theme};

pub const WIDTH: u16 = 120;
pub const HEIGHT: u16 = 36;

/// A model on the demo session (in memory), 120 × 36, colour theme.
pub fn demo() -> Model {
    let session = txlab::tui::demo::session().expect("the demo builds");
    Model::new(session, Theme::colour(), Rect::new(0, 0, WIDTH, HEIGHT))
}

pub fn key_event(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Presses one key.
pub fn press(model: &mut Model, code: KeyCode) -> Effect {
    update(model, Message::Key(key_event(code)))
}

pub fn ctrl(model: &mut Model, c: char) -> Effect {
    update(
        model,
        Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    )
}

/// Types text, one key per character (each a keymap lookup first, as in the terminal).
pub fn keys(model: &mut Model, text: &str) {
    for c in text.chars() {
        press(model, KeyCode::Char(c));
    }
}

pub fn enter(model: &mut Model) -> Effect {
    press(model, KeyCode::Enter)
}

pub fn esc(model: &mut Model) -> Effect {
    press(model, KeyCode::Esc)
}

pub fn act(model: &mut Model, action: Action) -> Effect {
    update(model, Message::Action(action))
}

/// Composes the AWS CLI documentation's TransactWriteItems example with keys, as a person would: Update
/// {Acme Band, Happy Day} SET AlbumTitle = :newval, Delete {No One You Know, Call Me Today}, both with
/// attribute_not_exists(Rating).
pub fn compose_documented(model: &mut Model) {
    enter(model); // into the items
    keys(model, "c"); // compose with Acme Band / Happy Day
    keys(model, "u"); // an Update; the cursor lands on its Update field
    enter(model);
    keys(model, "SET AlbumTitle = :newval");
    enter(model);
    keys(model, "j"); // Condition
    enter(model);
    keys(model, "attribute_not_exists(Rating)");
    enter(model);
    keys(model, "jj"); // Values
    enter(model);
    keys(model, "\":newval\": {\"S\": \"Updated Album Title\"}");
    ctrl(model, 's');
    keys(model, "1"); // back to the tables
    keys(model, "j"); // No One You Know / Call Me Today
    keys(model, "cd"); // a Delete; the cursor lands on its Condition
    enter(model);
    keys(model, "attribute_not_exists(Rating)");
    enter(model);
}

/// Draws the model on a test terminal.
pub fn draw(model: &Model, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal
        .draw(|frame| view(model, frame))
        .expect("drawing never fails");
    terminal.backend().buffer().clone()
}

/// The screen as text, one line per row, trailing blanks removed.
pub fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        for x in 0..area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Where `needle` first appears on screen: (column, row), counting columns in cells.
pub fn find(buffer: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let area = buffer.area;
    let chars: Vec<char> = needle.chars().collect();
    for y in 0..area.height {
        let row: Vec<String> = (0..area.width)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect();
        'start: for x in 0..row.len() {
            for (i, c) in chars.iter().enumerate() {
                match row.get(x + i) {
                    Some(s) if s.starts_with(*c) => {}
                    _ => continue 'start,
                }
            }
            return Some((x as u16, y));
        }
    }
    None
}
