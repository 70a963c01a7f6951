//! Styles of the TUI, one place for all of them.
//!
//! Readable on dark and on light terminals: only the terminal's own named colours are used (the person's palette
//! decides how they look), never a fixed background, and never white or black text. Selection is reverse video.
//! With `NO_COLOR` every colour is dropped and meaning is carried by bold, underline and reverse video alone.

use ratatui::style::{Color, Modifier, Style};

use crate::highlight::TokenClass;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    pub monochrome: bool,
    /// Ordinary text.
    pub text: Style,
    /// Secondary text: hints, labels, counts.
    pub dim: Style,
    /// Pane titles and headings.
    pub title: Style,
    /// The selected row of a focused list.
    pub selected: Style,
    /// The selected row of a list without focus.
    pub selected_unfocused: Style,
    /// Type badges (`N`, `SS`, `M`...).
    pub badge: Style,
    /// Key columns of the items grid.
    pub key: Style,
    /// Results and verdicts.
    pub ok: Style,
    pub fail: Style,
    pub warn: Style,
    /// The node of a condition being looked at in the stepper.
    pub marked: Style,
    /// An error message and the token it concerns.
    pub error: Style,
    pub error_token: Style,
    /// Borders of the focused pane and of the others.
    pub border_focused: Style,
    pub border: Style,
    /// The status bar.
    pub status: Style,
    /// A pane tab: current and other.
    pub tab_current: Style,
    pub tab: Style,
    /// A changed field in a before/after diff.
    pub changed: Style,
}

impl Theme {
    /// The colour theme, or the monochrome one when `no_color` (the `NO_COLOR` convention).
    pub fn new(no_color: bool) -> Theme {
        if no_color {
            Theme::monochrome()
        } else {
            Theme::colour()
        }
    }

    /// Whether `NO_COLOR` asks for no colour (set and not empty, per no-color.org).
    pub fn no_color_requested() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    pub fn colour() -> Theme {
        let plain = Style::new();
        Theme {
            monochrome: false,
            text: plain,
            dim: plain.add_modifier(Modifier::DIM),
            title: plain.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            selected: plain.add_modifier(Modifier::REVERSED),
            selected_unfocused: plain.add_modifier(Modifier::UNDERLINED),
            badge: plain.fg(Color::Magenta),
            key: plain.fg(Color::Cyan),
            ok: plain.fg(Color::Green).add_modifier(Modifier::BOLD),
            fail: plain.fg(Color::Red).add_modifier(Modifier::BOLD),
            warn: plain.fg(Color::Yellow),
            marked: plain
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            error: plain.fg(Color::Red),
            error_token: plain
                .fg(Color::Red)
                .add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            border_focused: plain.fg(Color::Cyan),
            border: plain.add_modifier(Modifier::DIM),
            status: plain,
            tab_current: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            tab: plain,
            changed: plain.fg(Color::Yellow).add_modifier(Modifier::BOLD),
        }
    }

    pub fn monochrome() -> Theme {
        let plain = Style::new();
        let bold = plain.add_modifier(Modifier::BOLD);
        Theme {
            monochrome: true,
            text: plain,
            dim: plain.add_modifier(Modifier::DIM),
            title: bold,
            selected: plain.add_modifier(Modifier::REVERSED),
            selected_unfocused: plain.add_modifier(Modifier::UNDERLINED),
            badge: plain.add_modifier(Modifier::DIM),
            key: bold,
            ok: bold,
            fail: bold.add_modifier(Modifier::UNDERLINED),
            warn: bold,
            marked: bold.add_modifier(Modifier::UNDERLINED | Modifier::REVERSED),
            error: bold,
            error_token: bold.add_modifier(Modifier::UNDERLINED),
            border_focused: bold,
            border: plain,
            status: plain,
            tab_current: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            tab: plain,
            changed: bold.add_modifier(Modifier::UNDERLINED),
        }
    }

    /// The style of a result: true, false (or absent / type mismatch).
    pub fn result(&self, result: bool) -> Style {
        if result {
            self.ok
        } else {
            self.fail
        }
    }

    /// Highlighting of expressions and command lines, by token class.
    pub fn token(&self, class: TokenClass) -> Style {
        let plain = Style::new();
        if self.monochrome {
            return match class {
                TokenClass::Keyword | TokenClass::Function | TokenClass::Command => {
                    plain.add_modifier(Modifier::BOLD)
                }
                TokenClass::ReservedWord | TokenClass::Invalid => {
                    plain.add_modifier(Modifier::UNDERLINED)
                }
                _ => plain,
            };
        }
        match class {
            TokenClass::Keyword => plain.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            TokenClass::Function => plain.fg(Color::Blue),
            TokenClass::NamePlaceholder => plain.fg(Color::Cyan),
            TokenClass::ValuePlaceholder => plain.fg(Color::Green),
            TokenClass::AttributeName => plain,
            TokenClass::ReservedWord => plain.fg(Color::Yellow).add_modifier(Modifier::UNDERLINED),
            TokenClass::Operator => plain.fg(Color::Magenta),
            TokenClass::Punctuation => plain,
            TokenClass::Number => plain.fg(Color::Cyan),
            TokenClass::String => plain.fg(Color::Green),
            TokenClass::Constant => plain.fg(Color::Cyan),
            TokenClass::Flag => plain.fg(Color::Blue),
            TokenClass::Command => plain.add_modifier(Modifier::BOLD),
            TokenClass::Comment => plain.add_modifier(Modifier::DIM),
            TokenClass::Invalid => plain.fg(Color::Red).add_modifier(Modifier::UNDERLINED),
            TokenClass::Plain => plain,
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::colour()
    }
}
