//! Text entry: a one-line input (filter line, command line, an expression field) and a small multi-line editor
//! (items, keys, placeholder maps in JSON). Cursors are byte offsets kept on character boundaries, so no edit
//! can slice a string in the middle of a character.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One line of text with a cursor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineInput {
    pub text: String,
    /// Byte offset, always on a character boundary.
    pub cursor: usize,
}

impl LineInput {
    pub fn new(text: &str) -> LineInput {
        LineInput {
            text: text.to_string(),
            cursor: text.len(),
        }
    }

    pub fn insert_str(&mut self, s: &str) {
        // One line: a pasted line break becomes a space.
        let clean: String = s
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
            .collect();
        self.clamp();
        self.text.insert_str(self.cursor, &clean);
        self.cursor += clean.len();
    }

    fn clamp(&mut self) {
        self.cursor = floor_boundary(&self.text, self.cursor.min(self.text.len()));
    }

    /// Applies an editing key; returns whether the key was an editing key.
    pub fn edit(&mut self, key: &KeyEvent) -> bool {
        self.clamp();
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = self.text.len(),
            KeyCode::Char('u') if ctrl => {
                self.text.replace_range(..self.cursor, "");
                self.cursor = 0;
            }
            KeyCode::Char('k') if ctrl => self.text.truncate(self.cursor),
            KeyCode::Char('w') if ctrl => {
                let start = word_start(&self.text, self.cursor);
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            KeyCode::Char(c) if !ctrl => {
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
            }
            KeyCode::Backspace => {
                if let Some(prev) = prev_boundary(&self.text, self.cursor) {
                    self.text.replace_range(prev..self.cursor, "");
                    self.cursor = prev;
                }
            }
            KeyCode::Delete => {
                if let Some(next) = next_boundary(&self.text, self.cursor) {
                    self.text.replace_range(self.cursor..next, "");
                }
            }
            KeyCode::Left => {
                if let Some(prev) = prev_boundary(&self.text, self.cursor) {
                    self.cursor = prev;
                }
            }
            KeyCode::Right => {
                if let Some(next) = next_boundary(&self.text, self.cursor) {
                    self.cursor = next;
                }
            }
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.text.len(),
            _ => return false,
        }
        true
    }
}

/// A small editor for a few lines of text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextArea {
    pub lines: Vec<String>,
    pub row: usize,
    /// Byte offset in `lines[row]`, on a character boundary.
    pub col: usize,
}

impl Default for TextArea {
    fn default() -> Self {
        TextArea {
            lines: vec![String::new()],
            row: 0,
            col: 0,
        }
    }
}

impl TextArea {
    pub fn new(text: &str) -> TextArea {
        let mut lines: Vec<String> = text.split('\n').map(|l| l.replace('\r', "")).collect();
        if lines.is_empty() {
            lines.push(String::new());
        }
        TextArea {
            lines,
            row: 0,
            col: 0,
        }
    }

    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    fn line(&self) -> &str {
        self.lines.get(self.row).map(String::as_str).unwrap_or("")
    }

    fn clamp(&mut self) {
        if self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.row = self.row.min(self.lines.len() - 1);
        let line = self.line();
        self.col = floor_boundary(line, self.col.min(line.len()));
    }

    pub fn insert_str(&mut self, s: &str) {
        for (i, piece) in s.replace('\r', "").split('\n').enumerate() {
            if i > 0 {
                self.newline();
            }
            self.clamp();
            if let Some(line) = self.lines.get_mut(self.row) {
                line.insert_str(self.col, piece);
                self.col += piece.len();
            }
        }
    }

    fn newline(&mut self) {
        self.clamp();
        let rest = match self.lines.get_mut(self.row) {
            Some(line) => line.split_off(self.col),
            None => String::new(),
        };
        // Keep the indentation of the line, as editors do for JSON.
        let indent: String = self
            .line()
            .chars()
            .take_while(|c| *c == ' ')
            .collect::<String>();
        self.row += 1;
        self.lines.insert(self.row, format!("{indent}{rest}"));
        self.col = indent.len();
    }

    /// Applies an editing key; returns whether it was one.
    pub fn edit(&mut self, key: &KeyEvent) -> bool {
        self.clamp();
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Enter => self.newline(),
            KeyCode::Tab => self.insert_str("  "),
            KeyCode::Char(c) if !ctrl => {
                if let Some(line) = self.lines.get_mut(self.row) {
                    line.insert(self.col, c);
                    self.col += c.len_utf8();
                }
            }
            KeyCode::Backspace => {
                if let Some(prev) = prev_boundary(self.line(), self.col) {
                    if let Some(line) = self.lines.get_mut(self.row) {
                        line.replace_range(prev..self.col, "");
                    }
                    self.col = prev;
                } else if self.row > 0 {
                    let line = self.lines.remove(self.row);
                    self.row -= 1;
                    self.col = self.line().len();
                    if let Some(prev) = self.lines.get_mut(self.row) {
                        prev.push_str(&line);
                    }
                }
            }
            KeyCode::Delete => {
                if let Some(next) = next_boundary(self.line(), self.col) {
                    let col = self.col;
                    if let Some(line) = self.lines.get_mut(self.row) {
                        line.replace_range(col..next, "");
                    }
                } else if self.row + 1 < self.lines.len() {
                    let next = self.lines.remove(self.row + 1);
                    if let Some(line) = self.lines.get_mut(self.row) {
                        line.push_str(&next);
                    }
                }
            }
            KeyCode::Left => match prev_boundary(self.line(), self.col) {
                Some(prev) => self.col = prev,
                None if self.row > 0 => {
                    self.row -= 1;
                    self.col = self.line().len();
                }
                None => {}
            },
            KeyCode::Right => match next_boundary(self.line(), self.col) {
                Some(next) => self.col = next,
                None if self.row + 1 < self.lines.len() => {
                    self.row += 1;
                    self.col = 0;
                }
                None => {}
            },
            KeyCode::Up => {
                self.row = self.row.saturating_sub(1);
                self.clamp();
            }
            KeyCode::Down => {
                self.row = (self.row + 1).min(self.lines.len().saturating_sub(1));
                self.clamp();
            }
            KeyCode::PageUp => {
                self.row = self.row.saturating_sub(10);
                self.clamp();
            }
            KeyCode::PageDown => {
                self.row = (self.row + 10).min(self.lines.len().saturating_sub(1));
                self.clamp();
            }
            KeyCode::Home => self.col = 0,
            KeyCode::End => self.col = self.line().len(),
            _ => return false,
        }
        true
    }
}

/// The largest character boundary at or before `at`.
pub fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn prev_boundary(text: &str, at: usize) -> Option<usize> {
    text.get(..at)?.char_indices().next_back().map(|(i, _)| i)
}

fn next_boundary(text: &str, at: usize) -> Option<usize> {
    text.get(at..)?.chars().next().map(|c| at + c.len_utf8())
}

fn word_start(text: &str, at: usize) -> usize {
    let before = text.get(..at).unwrap_or("");
    let trimmed = before.trim_end();
    trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn line_edits_stay_on_character_boundaries() {
        let mut l = LineInput::new("né");
        assert!(l.edit(&key(KeyCode::Left)));
        assert_eq!(l.cursor, 1);
        l.edit(&key(KeyCode::Backspace));
        assert_eq!(l.text, "é");
        l.edit(&key(KeyCode::Delete));
        assert_eq!(l.text, "");
        l.cursor = 99;
        l.insert_str("a\nb");
        assert_eq!(l.text, "a b");
    }

    #[test]
    fn text_area_joins_and_splits_lines() {
        let mut t = TextArea::new("{\n  \"a\": 1\n}");
        t.row = 1;
        t.col = 99;
        t.edit(&key(KeyCode::Enter));
        assert_eq!(t.lines.len(), 4);
        assert_eq!(t.col, 2);
        t.edit(&key(KeyCode::Home));
        t.edit(&key(KeyCode::Backspace));
        assert_eq!(t.text(), "{\n  \"a\": 1  \n}");
    }
}
