//! `txlab demo`: a session holding the MusicCollection table of the AWS CLI documentation (with its local
//! secondary index, so that ItemCollectionMetrics appears as documented) and a few songs, one with a Rating, so
//! that the documented transaction can be run, cancelled and explained in the first minute.
//!
//! The demo lives in its own file, `demo.json` in the data folder, rebuilt each time `txlab demo` starts (the
//! person's own `session.json` is never touched). `--session PATH` builds it into a new file instead;
//! `--memory` keeps it in memory.

use std::path::{Path, PathBuf};

use super::{close_session, cwd, SessionOptions};
use crate::cli::{parse_command, Command};
use crate::commands::{self, Context};
use crate::session::store::OpenMode;
use crate::session::Session;

/// The script that builds the demo (also a readable example of a txlab script).
const DEMO_SCRIPT: &str = include_str!("../../assets/demo.txlab");
/// The AWS CLI documentation's `transact-items.json` (both transact-write-items examples use it).
const TRANSACT_ITEMS: &str = include_str!("../../examples/transact-items.json");
/// The draft that holds the documented transaction.
pub const DEMO_DRAFT: &str = "cli-example";

/// `demo.json` in the data folder.
pub fn demo_path() -> Option<PathBuf> {
    crate::session::default_path().map(|p| p.with_file_name("demo.json"))
}

/// Fills `session` with the demo: the table, the songs, and the documented transaction as a draft.
pub fn build_demo(session: &mut Session) -> Result<(), String> {
    let ctx = Context::new(cwd(), false, "demo");
    for command in super::split_commands(DEMO_SCRIPT).map_err(|(_, e)| e)? {
        let out = commands::run(session, &command.text, &ctx);
        if out.exit_code != 0 {
            return Err(format!(
                "the demo could not be built: {}",
                out.stderr.trim()
            ));
        }
    }
    let line = format!(
        "transact-write-items --transact-items '{TRANSACT_ITEMS}' --return-consumed-capacity TOTAL \
         --return-item-collection-metrics SIZE"
    );
    match parse_command(&line, &ctx.cwd) {
        Ok(Command::Call(call)) => session
            .set_draft(DEMO_DRAFT, Some(call.request))
            .map_err(|e| e.0),
        Ok(_) => Err("the demo's transaction did not parse as a call".to_string()),
        Err(e) => Err(e.stderr),
    }
}

fn remove_session_files(path: &Path) -> Result<(), String> {
    let mut journal = path.as_os_str().to_os_string();
    journal.push(".journal");
    for p in [path.to_path_buf(), PathBuf::from(journal)] {
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(format!(
                    "txlab: cannot remove the old demo {}: {e}",
                    p.display()
                ))
            }
        }
    }
    Ok(())
}

/// Opens a fresh demo session as the options say.
fn open_demo(options: &SessionOptions) -> Result<Session, String> {
    if options.memory {
        return Ok(Session::with_clock(super::clock()));
    }
    if options.read_only {
        return Err(
            "txlab: the demo builds a new session, so it cannot be --read-only".to_string(),
        );
    }
    let path = match &options.path {
        Some(p) => {
            if p.exists() {
                return Err(format!(
                    "txlab: {} exists; `txlab demo --session PATH` builds a new session, so give a new path",
                    p.display()
                ));
            }
            p.clone()
        }
        None => {
            let p = demo_path().ok_or(
                "txlab: cannot find a data folder for the demo; give --session PATH or --memory",
            )?;
            // Take the lock first, so a demo open in another txlab is never pulled from under it.
            let old = Session::open(&p, OpenMode::ReadWrite, super::clock())
                .map_err(|e| format!("txlab: {e}"))?;
            drop(old);
            remove_session_files(&p)?;
            p
        }
    };
    Session::open(&path, OpenMode::ReadWrite, super::clock()).map_err(|e| format!("txlab: {e}"))
}

/// What the demo says first.
pub fn banner(session: &Session) -> String {
    let place = match session.path() {
        Some(p) => format!("{} (rebuilt each time `txlab demo` starts)", p.display()),
        None => "in memory".to_string(),
    };
    format!(
        "txlab demo · session {place}\n\
         MusicCollection is the table of the AWS CLI documentation, with four songs; \"Call Me Today\" has a Rating.\n\
         Run the documented transact-write-items (kept as a draft), then ask why it was cancelled:\n\
         \n  draft run {DEMO_DRAFT}\n  explain\n\n\
         Or type it as the documentation does:\n  transact-write-items --transact-items file://examples/transact-items.json \\\n    \
         --return-consumed-capacity TOTAL --return-item-collection-metrics SIZE\n\
         Then: show MusicCollection · history · undo · help · Ctrl-D to leave\n"
    )
}

/// A fresh demo session (a file rebuilt each time, unless `--memory` or `--session PATH` say otherwise).
pub fn prepare_demo(options: &SessionOptions) -> Result<Session, String> {
    let mut session = open_demo(options)?;
    if let Err(e) = build_demo(&mut session) {
        let _ = close_session(session);
        return Err(format!("txlab: {e}"));
    }
    Ok(session)
}

/// `txlab demo --repl`: the prompt on a fresh demo session.
pub fn demo(options: &SessionOptions) -> i32 {
    match prepare_demo(options) {
        Ok(session) => {
            let text = banner(&session);
            crate::repl::run(session, Some(text))
        }
        Err(e) => {
            eprintln!("{e}");
            commands::GENERAL_EXIT
        }
    }
}
