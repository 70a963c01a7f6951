//! How `explain` lays text out: the label column, aligned results, and colours (ANSI, only when asked).

/// Results line up after the longest left part of their block, up to this width (a longer one pushes only
/// its own result further).
const MAX_LEFT: usize = 64;
/// The width of the labels in front of each block (`condition  `).
pub(crate) const LABEL: usize = 11;

pub(crate) struct Style {
    pub color: bool,
}

impl Style {
    pub(crate) fn paint(&self, code: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("\u{1b}[{code}m{text}\u{1b}[0m")
        } else {
            text.to_string()
        }
    }
    pub(crate) fn bold(&self, t: &str) -> String {
        self.paint("1", t)
    }
    pub(crate) fn dim(&self, t: &str) -> String {
        self.paint("2", t)
    }
    pub(crate) fn good(&self, t: &str) -> String {
        self.paint("32", t)
    }
    pub(crate) fn bad(&self, t: &str) -> String {
        self.paint("31", t)
    }
    pub(crate) fn result(&self, r: bool) -> String {
        if r {
            self.good("true")
        } else {
            self.bad("false")
        }
    }
    pub(crate) fn label(&self, l: &str) -> String {
        self.dim(&format!("{l:<LABEL$}"))
    }
}

pub(crate) fn continuation() -> String {
    " ".repeat(2 + LABEL)
}

/// Lines of a block, each a left part and a right part; the right parts line up.
pub(crate) fn push_aligned(rows: &[(String, String)], out: &mut String) {
    let width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .filter(|w| *w <= MAX_LEFT)
        .max()
        .unwrap_or(0);
    for (left, right) in rows {
        let pad = width.saturating_sub(left.chars().count()) + 3;
        let line = format!("{}{left}{}{right}", continuation(), " ".repeat(pad));
        out.push_str(line.trim_end());
        out.push('\n');
    }
}
