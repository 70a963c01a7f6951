//! One dispatcher for every line a person types, shared by the REPL, script mode and the TUI's `:` line.
//!
//! A line is either one of txlab's own commands (`explain`, `tables`, `show`, `history`, `undo`, `save`,
//! `load`, `profile`, `clock`, `draft`, `help`) or an AWS CLI command (`put-item ...`, with or without the
//! leading `aws dynamodb`). [`run`] is pure apart from the session it is given: it returns what to print and
//! the exit code instead of printing, so it is tested without a terminal.

mod aws;
mod drafts;
mod help;
mod history;
mod session_cmds;
mod show;

use std::path::PathBuf;

use crate::cli::tokenize::{tokenize, Tokens};
use crate::session::Session;

pub use help::{command_help, COMMANDS};

/// Exit code of a command used wrongly (the AWS CLI's usage-error code).
pub const USAGE_EXIT: i32 = crate::cli::messages::USAGE_EXIT;
/// Exit code of a service error (the AWS CLI's).
pub const SERVICE_EXIT: i32 = crate::cli::messages::SERVICE_EXIT;
/// Exit code of anything else that failed (the AWS CLI's general-error code): a file that cannot be written,
/// nothing to undo.
pub const GENERAL_EXIT: i32 = crate::cli::messages::GENERAL_EXIT;

/// Where a line comes from and how to print.
#[derive(Clone, Debug)]
pub struct Context {
    /// Resolves relative `file://` paths and `load`/`save` paths.
    pub cwd: PathBuf,
    /// Colour the output (a terminal, `NO_COLOR` unset); `--color on|off` on an AWS command overrides it.
    pub color: bool,
    /// Recorded in the history: `repl`, `script`, `tui`.
    pub source: String,
}

impl Context {
    pub fn new(cwd: PathBuf, color: bool, source: &str) -> Context {
        Context {
            cwd,
            color,
            source: source.to_string(),
        }
    }
}

/// What a command printed and how it ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommandOutput {
    pub stdout: String,
    pub stderr: String,
    /// 0, or the AWS CLI's codes: 252 usage error, 254 service error, 255 anything else.
    pub exit_code: i32,
}

impl CommandOutput {
    pub fn ok(stdout: impl Into<String>) -> CommandOutput {
        CommandOutput {
            stdout: stdout.into(),
            ..CommandOutput::default()
        }
    }
    /// A txlab command used wrongly: `command: message`.
    pub fn usage(command: &str, message: &str) -> CommandOutput {
        CommandOutput {
            stdout: String::new(),
            stderr: format!("{command}: {message}\n"),
            exit_code: USAGE_EXIT,
        }
    }
    /// A txlab command that could not do its work.
    pub fn failure(command: &str, message: &str) -> CommandOutput {
        CommandOutput {
            stdout: String::new(),
            stderr: format!("{command}: {message}\n"),
            exit_code: GENERAL_EXIT,
        }
    }
}

/// Whether the line asks to leave (`exit`, `quit`): the REPL's business, not the dispatcher's.
pub fn is_exit(line: &str) -> bool {
    matches!(line.trim(), "exit" | "quit" | ":q")
}

/// Runs one command line (which may span several lines while quotes or brackets are open).
pub fn run(session: &mut Session, line: &str, ctx: &Context) -> CommandOutput {
    let words = match tokenize(line) {
        Tokens::Complete(words) => words,
        Tokens::Incomplete(what) => {
            return CommandOutput {
                stdout: String::new(),
                stderr: crate::cli::messages::plain(what.message()),
                exit_code: USAGE_EXIT,
            }
        }
    };
    let Some(first) = words.first() else {
        return CommandOutput::default();
    };
    let args = words.get(1..).unwrap_or_default();
    match first.as_str() {
        "explain" => history::explain(session, args, ctx),
        "history" => history::history(session, args, ctx),
        "tables" => show::tables(session, args),
        "show" => show::show(session, args),
        "undo" => session_cmds::undo(session, args),
        "save" => session_cmds::save(session, args, ctx),
        "load" => session_cmds::load(session, args, ctx),
        "profile" => session_cmds::profile(session, args),
        "clock" => session_cmds::clock(session, args),
        "draft" | "drafts" => drafts::draft(session, args, ctx),
        "help" => help::help(args),
        _ => {
            let mut out = aws::run(session, &words, ctx);
            if out.exit_code == USAGE_EXIT && !is_known_word(first) {
                out.stderr.push_str(&format!(
                    "txlab: `{first}` is neither an AWS CLI command nor one of txlab's; `help` lists both\n"
                ));
            }
            out
        }
    }
}

/// A word that starts a command the dispatcher knows (an operation, `aws`, `dynamodb`, `help`, a txlab command).
fn is_known_word(word: &str) -> bool {
    matches!(word, "aws" | "dynamodb" | "help")
        || crate::cli::Operation::from_cli_name(word).is_some()
        || crate::cli::model::model()
            .other_operations
            .iter()
            .any(|op| op == word)
        || COMMANDS.iter().any(|(name, _, _)| *name == word)
        || word.starts_with('-')
}
