//! The REPL: rustyline with the shared highlighting, completion of commands, flags, tables and attribute
//! names, multi-line input while quotes or brackets are open, and a line history in the data folder.
//! Ctrl-C cancels the line; Ctrl-D (or `exit`) leaves, folding the session file.

pub mod complete;
mod helper;

use std::io::Write;
use std::path::PathBuf;

use rustyline::config::Config;
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::Editor;

use crate::app::{close_session, cwd, use_color};
use crate::commands::{self, Context};
use crate::session::Session;
use complete::Vocabulary;
use helper::ReplHelper;

const PROMPT: &str = "txlab> ";
/// Lines kept in the REPL's own history file.
const HISTORY_LINES: usize = 5000;

/// The REPL's line history: `history.txt` beside the session in the data folder.
pub fn history_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "txlab").map(|d| d.data_dir().join("history.txt"))
}

fn greeting(session: &Session) -> String {
    let place = match session.path() {
        Some(p) if session.is_read_only() => format!("{} (read-only)", p.display()),
        Some(p) => p.display().to_string(),
        None => "in memory (--memory)".to_string(),
    };
    format!(
        "txlab {} · session {place}\n`help` lists the commands · Tab completes · Ctrl-D leaves\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// Runs the REPL on `session` until Ctrl-D or `exit`; `banner` replaces the greeting. Returns the exit code.
pub fn run(mut session: Session, banner: Option<String>) -> i32 {
    let color = use_color();
    let config = Config::builder()
        .max_history_size(HISTORY_LINES)
        .map(|b| b.auto_add_history(false).build())
        .unwrap_or_default();
    let mut editor: Editor<ReplHelper, DefaultHistory> = match Editor::with_config(config) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("txlab: cannot start the line editor: {e}");
            let _ = close_session(session);
            return commands::GENERAL_EXIT;
        }
    };
    editor.set_helper(Some(ReplHelper::new(Vocabulary::of(&session), color)));
    let history = history_path();
    if let Some(p) = &history {
        if let Some(dir) = p.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = editor.load_history(p);
    }
    print!("{}", banner.unwrap_or_else(|| greeting(&session)));
    let ctx = Context::new(cwd(), color, "repl");
    loop {
        match editor.readline(PROMPT) {
            Ok(line) => {
                if line.trim().is_empty() {
                    continue;
                }
                let _ = editor.add_history_entry(line.as_str());
                if let Some(p) = &history {
                    let _ = editor.append_history(p);
                }
                if commands::is_exit(&line) {
                    break;
                }
                let out = commands::run(&mut session, &line, &ctx);
                print!("{}", out.stdout);
                let _ = std::io::stdout().flush();
                eprint!("{}", out.stderr);
                if let Some(h) = editor.helper_mut() {
                    *h.vocabulary.borrow_mut() = Vocabulary::of(&session);
                }
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                eprintln!("txlab: {e}");
                break;
            }
        }
    }
    match close_session(session) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{e}");
            commands::GENERAL_EXIT
        }
    }
}
