//! The program's entry points, called by `main.rs` after argument parsing: open the session the options name,
//! then run a script (`exec`), the REPL (`repl`) or the demo (`demo`). Each returns the process exit code.

mod demo;
mod script;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

use crate::session::clock::{Clock, ManualClock, SystemClock};
use crate::session::store::OpenMode;
use crate::session::{self, Session};

pub use demo::{build_demo, demo, demo_path, prepare_demo, DEMO_DRAFT};
pub use script::{exec, split_commands, ScriptOptions};

/// Where the session lives and how it is opened (`--session PATH` / `TXLAB_SESSION`, `--memory`,
/// `--read-only`).
#[derive(Clone, Debug, Default)]
pub struct SessionOptions {
    pub path: Option<PathBuf>,
    pub memory: bool,
    pub read_only: bool,
}

/// `TXLAB_FIXED_TIME=<milliseconds since 1970>` stops the clock at that moment (tests, repeatable demos); the
/// session's `clock +10m` still moves it.
pub const FIXED_TIME_VAR: &str = "TXLAB_FIXED_TIME";

/// The clock: the wall clock, or the fixed time of `TXLAB_FIXED_TIME`.
pub fn clock() -> Arc<dyn Clock> {
    match std::env::var(FIXED_TIME_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        Some(ms) => Arc::new(ManualClock::new(ms)),
        None => Arc::new(SystemClock),
    }
}

/// Colour on a terminal, unless `NO_COLOR` is set (to anything but the empty string).
pub fn use_color() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && std::io::stdout().is_terminal()
}

/// The working folder (for `file://` paths); `.` if it cannot be read.
pub fn cwd() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

/// Opens the session the options name: in memory, the file given, or the data folder's `session.json`.
pub fn open_session(options: &SessionOptions) -> Result<Session, String> {
    if options.memory {
        return Ok(Session::with_clock(clock()));
    }
    let path = match &options.path {
        Some(p) => p.clone(),
        None => session::default_path().ok_or_else(|| {
            "txlab: cannot find a data folder for the session; give --session PATH or --memory"
                .to_string()
        })?,
    };
    let mode = if options.read_only {
        OpenMode::ReadOnly
    } else {
        OpenMode::ReadWrite
    };
    Session::open(&path, mode, clock()).map_err(|e| format!("txlab: {e}"))
}

/// Folds the journal on the way out; a failure is reported, and the journal still holds everything.
pub fn close_session(session: Session) -> Result<(), String> {
    session.close().map_err(|e| {
        format!(
            "txlab: the session could not be folded on exit ({e}); its journal keeps every change"
        )
    })
}

/// `txlab repl`.
pub fn repl(options: &SessionOptions) -> i32 {
    let session = match open_session(options) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return crate::commands::GENERAL_EXIT;
        }
    };
    crate::repl::run(session, None)
}
