//! Tokens to ANSI-coloured text, for the REPL (rustyline prints what the highlighter returns).
//!
//! Only the 16 basic colours, bold and underline: the terminal's own theme decides the actual colours, so the
//! text stays readable on dark and on light backgrounds. Yellow and white (unreadable on light backgrounds) and
//! black (unreadable on dark ones) are not used by the default palette; blue is only used bold, which most dark
//! themes draw brighter.

use super::{Token, TokenClass};

/// One of the 16 basic ANSI colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AnsiColor {
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    White,
    BrightBlack,
    BrightRed,
    BrightGreen,
    BrightYellow,
    BrightBlue,
    BrightMagenta,
    BrightCyan,
    BrightWhite,
}

impl AnsiColor {
    /// The SGR parameter that selects this colour as the foreground.
    pub fn foreground_code(self) -> u8 {
        match self {
            AnsiColor::Black => 30,
            AnsiColor::Red => 31,
            AnsiColor::Green => 32,
            AnsiColor::Yellow => 33,
            AnsiColor::Blue => 34,
            AnsiColor::Magenta => 35,
            AnsiColor::Cyan => 36,
            AnsiColor::White => 37,
            AnsiColor::BrightBlack => 90,
            AnsiColor::BrightRed => 91,
            AnsiColor::BrightGreen => 92,
            AnsiColor::BrightYellow => 93,
            AnsiColor::BrightBlue => 94,
            AnsiColor::BrightMagenta => 95,
            AnsiColor::BrightCyan => 96,
            AnsiColor::BrightWhite => 97,
        }
    }
}

/// How one token class is drawn. The default draws the text as it is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct AnsiStyle {
    pub fg: Option<AnsiColor>,
    pub bold: bool,
    pub underline: bool,
}

impl AnsiStyle {
    pub const PLAIN: AnsiStyle = AnsiStyle {
        fg: None,
        bold: false,
        underline: false,
    };

    const fn fg(color: AnsiColor) -> AnsiStyle {
        AnsiStyle {
            fg: Some(color),
            bold: false,
            underline: false,
        }
    }

    const fn bold(self) -> AnsiStyle {
        AnsiStyle { bold: true, ..self }
    }

    const fn underline(self) -> AnsiStyle {
        AnsiStyle {
            underline: true,
            ..self
        }
    }

    pub fn is_plain(&self) -> bool {
        *self == AnsiStyle::PLAIN
    }

    /// The escape sequence that switches this style on ("" for the plain style).
    fn sgr(&self) -> String {
        let mut codes = Vec::new();
        if self.bold {
            codes.push(1);
        }
        if self.underline {
            codes.push(4);
        }
        if let Some(color) = self.fg {
            codes.push(color.foreground_code());
        }
        if codes.is_empty() {
            return String::new();
        }
        let codes: Vec<String> = codes.iter().map(u8::to_string).collect();
        format!("\x1b[{}m", codes.join(";"))
    }
}

/// A style for every token class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Palette {
    styles: [AnsiStyle; TokenClass::ALL.len()],
}

impl Palette {
    /// The default colours, readable on dark and light terminals.
    pub fn basic() -> Palette {
        use AnsiColor::*;
        let mut palette = Palette::monochrome();
        for (class, style) in [
            (TokenClass::Keyword, AnsiStyle::fg(Magenta).bold()),
            (TokenClass::Function, AnsiStyle::fg(Blue).bold()),
            (TokenClass::NamePlaceholder, AnsiStyle::fg(Cyan)),
            (TokenClass::ValuePlaceholder, AnsiStyle::fg(Green)),
            (TokenClass::ReservedWord, AnsiStyle::fg(Red).underline()),
            (TokenClass::Operator, AnsiStyle::fg(Magenta)),
            (TokenClass::Number, AnsiStyle::fg(Cyan)),
            (TokenClass::String, AnsiStyle::fg(Green)),
            (TokenClass::Constant, AnsiStyle::fg(Magenta)),
            (TokenClass::Flag, AnsiStyle::fg(Cyan).bold()),
            (TokenClass::Command, AnsiStyle::PLAIN.bold()),
            (TokenClass::Comment, AnsiStyle::fg(BrightBlack)),
            (TokenClass::Invalid, AnsiStyle::fg(Red).bold().underline()),
        ] {
            palette = palette.with(class, style);
        }
        palette
    }

    /// No styling at all: [`to_ansi`] returns the text unchanged.
    pub fn monochrome() -> Palette {
        Palette {
            styles: [AnsiStyle::PLAIN; TokenClass::ALL.len()],
        }
    }

    /// [`Palette::basic`], or [`Palette::monochrome`] when `no_color` is set (see [`Palette::no_color_requested`]).
    pub fn for_terminal(no_color: bool) -> Palette {
        if no_color {
            Palette::monochrome()
        } else {
            Palette::basic()
        }
    }

    /// Whether the environment asks for no colour: `NO_COLOR` set to a non-empty value (no-color.org).
    pub fn no_color_requested() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty())
    }

    /// This palette with `class` drawn in `style`.
    pub fn with(mut self, class: TokenClass, style: AnsiStyle) -> Palette {
        if let Some(slot) = self.styles.get_mut(class.index()) {
            *slot = style;
        }
        self
    }

    pub fn style(&self, class: TokenClass) -> AnsiStyle {
        self.styles
            .get(class.index())
            .copied()
            .unwrap_or(AnsiStyle::PLAIN)
    }

    pub fn is_monochrome(&self) -> bool {
        self.styles.iter().all(AnsiStyle::is_plain)
    }
}

impl Default for Palette {
    fn default() -> Self {
        Palette::basic()
    }
}

/// `text` with each token wrapped in its style's escape sequences, reset after each styled token.
///
/// Pure and total: text not covered by a usable token (out of range, overlapping an earlier one, or not on
/// character boundaries) is copied plain, so the visible text is always exactly `text`. With a monochrome
/// palette the result equals `text`.
pub fn to_ansi(text: &str, tokens: &[Token], palette: &Palette) -> String {
    if palette.is_monochrome() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + tokens.len() * 8);
    let mut at = 0;
    for token in tokens {
        let range = token.range.clone();
        if range.start < at || range.is_empty() {
            continue;
        }
        let (Some(gap), Some(piece)) = (text.get(at..range.start), text.get(range.clone())) else {
            continue;
        };
        out.push_str(gap);
        let sgr = palette.style(token.class).sgr();
        if sgr.is_empty() {
            out.push_str(piece);
        } else {
            out.push_str(&sgr);
            out.push_str(piece);
            out.push_str("\x1b[0m");
        }
        at = range.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}
