//! rustyline's hooks: highlighting (the shared syntect grammars), completion (`complete`), and multi-line
//! input while a quote or bracket is open (the command tokenizer says "incomplete").

use std::borrow::Cow;
use std::cell::RefCell;

use rustyline::completion::Completer;
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};

use super::complete::{complete, Vocabulary};
use crate::cli::tokenize::{tokenize, Tokens};
use crate::highlight::{highlight_command_line, to_ansi, Palette};

pub struct ReplHelper {
    pub vocabulary: RefCell<Vocabulary>,
    palette: Palette,
    color: bool,
}

impl ReplHelper {
    pub fn new(vocabulary: Vocabulary, color: bool) -> ReplHelper {
        ReplHelper {
            vocabulary: RefCell::new(vocabulary),
            palette: Palette::for_terminal(!color),
            color,
        }
    }
}

impl Helper for ReplHelper {}

impl Completer for ReplHelper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        Ok(complete(line, pos, &self.vocabulary.borrow()))
    }
}

impl Hinter for ReplHelper {
    type Hint = String;
}

impl Highlighter for ReplHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if !self.color || line.is_empty() {
            return Cow::Borrowed(line);
        }
        Cow::Owned(to_ansi(line, &highlight_command_line(line), &self.palette))
    }

    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> Cow<'b, str> {
        if self.color {
            Cow::Owned(format!("\u{1b}[1m{prompt}\u{1b}[0m"))
        } else {
            Cow::Borrowed(prompt)
        }
    }

    fn highlight_char(&self, _line: &str, _pos: usize, kind: CmdKind) -> bool {
        // Every edit can change the colours (a closing quote recolours the rest of the line).
        self.color && kind != CmdKind::MoveCursor
    }
}

impl Validator for ReplHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        Ok(match tokenize(ctx.input()) {
            Tokens::Incomplete(_) => ValidationResult::Incomplete,
            Tokens::Complete(_) => ValidationResult::Valid(None),
        })
    }
}
