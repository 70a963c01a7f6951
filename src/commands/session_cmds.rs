//! Commands about the session itself: `undo`, `save`, `load`, `profile`, `clock`.

use std::path::PathBuf;

use super::{CommandOutput, Context};
use crate::engine::database::Profile;
use crate::session::clock::parse_offset;
use crate::session::store::OpenMode;
use crate::session::Session;

fn no_more_args(command: &str, args: &[String], max: usize) -> Option<CommandOutput> {
    (args.len() > max).then(|| {
        CommandOutput::usage(
            command,
            &format!(
                "unexpected {}; type `help {command}`",
                args.get(max).map(String::as_str).unwrap_or_default()
            ),
        )
    })
}

pub fn undo(session: &mut Session, args: &[String]) -> CommandOutput {
    if let Some(e) = no_more_args("undo", args, 0) {
        return e;
    }
    match session.undo() {
        Ok(entry) => CommandOutput::ok(format!(
            "undid request {} ({})\n",
            entry.id, entry.operation
        )),
        Err(e) => CommandOutput::failure("undo", &e.0),
    }
}

fn resolve(ctx: &Context, path: &str) -> PathBuf {
    let p = PathBuf::from(path);
    if p.is_absolute() {
        p
    } else {
        ctx.cwd.join(p)
    }
}

pub fn save(session: &mut Session, args: &[String], ctx: &Context) -> CommandOutput {
    if let Some(e) = no_more_args("save", args, 1) {
        return e;
    }
    if let Some(target) = args.first() {
        let path = resolve(ctx, target);
        if path.exists() {
            return CommandOutput::failure(
                "save",
                &format!(
                    "{} already exists; choose another name or remove it first",
                    path.display()
                ),
            );
        }
        return match session.save_copy(&path) {
            Ok(()) => CommandOutput::ok(format!("saved a copy to {}\n", path.display())),
            Err(e) => CommandOutput::failure("save", &e.0),
        };
    }
    let Some(path) = session.path().map(|p| p.display().to_string()) else {
        return CommandOutput::failure(
            "save",
            "this session is kept in memory (--memory); `save PATH` writes it to a file",
        );
    };
    match session.save() {
        Ok(()) => CommandOutput::ok(format!("saved {path}\n")),
        Err(e) => CommandOutput::failure("save", &e.0),
    }
}

pub fn load(session: &mut Session, args: &[String], ctx: &Context) -> CommandOutput {
    if let Some(e) = no_more_args("load", args, 1) {
        return e;
    }
    let Some(target) = args.first() else {
        return CommandOutput::usage("load", "which session file? `load PATH`");
    };
    let path = resolve(ctx, target);
    if session.path() == Some(path.as_path()) {
        return CommandOutput::ok(format!("{} is already open\n", path.display()));
    }
    let mode = if session.is_read_only() {
        OpenMode::ReadOnly
    } else {
        OpenMode::ReadWrite
    };
    let opened = match Session::open(&path, mode, session.clock()) {
        Ok(s) => s,
        Err(e) => return CommandOutput::failure("load", &e.0),
    };
    let old = std::mem::replace(session, opened);
    let mut out = CommandOutput::ok(format!(
        "opened {} ({} tables, {} requests in the history)\n",
        path.display(),
        session.database().tables.len(),
        session.history().len()
    ));
    if let Err(e) = old.close() {
        out.stderr = format!("load: the previous session could not be saved: {e}\n");
    }
    out
}

pub fn profile(session: &mut Session, args: &[String]) -> CommandOutput {
    if let Some(e) = no_more_args("profile", args, 1) {
        return e;
    }
    let Some(name) = args.first() else {
        let p = session.profile();
        return CommandOutput::ok(format!(
            "profile {} (at most {} actions per transaction)\n",
            p.name(),
            p.max_transact_actions()
        ));
    };
    let Some(p) = Profile::parse(name) else {
        return CommandOutput::usage(
            "profile",
            &format!("unknown profile {name}; choose aws or legacy-25"),
        );
    };
    match session.set_profile(p) {
        Ok(()) => CommandOutput::ok(format!(
            "profile {} (at most {} actions per transaction)\n",
            p.name(),
            p.max_transact_actions()
        )),
        Err(e) => CommandOutput::failure("profile", &e.0),
    }
}

/// `1h 2m 3s` for a number of milliseconds (sign kept).
fn duration_text(millis: i64) -> String {
    if millis == 0 {
        return "0s".to_string();
    }
    let sign = if millis < 0 { "-" } else { "+" };
    let mut rest = millis.unsigned_abs();
    let mut parts = Vec::new();
    for (unit, size) in [
        ("d", 86_400_000u64),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1_000),
    ] {
        if rest >= size {
            parts.push(format!("{}{unit}", rest / size));
            rest %= size;
        }
    }
    if rest > 0 {
        parts.push(format!("{rest}ms"));
    }
    format!("{sign}{}", parts.join(""))
}

pub fn clock(session: &mut Session, args: &[String]) -> CommandOutput {
    if let Some(e) = no_more_args("clock", args, 1) {
        return e;
    }
    if let Some(text) = args.first() {
        let delta = match parse_offset(text) {
            Ok(d) => d,
            Err(e) => return CommandOutput::usage("clock", &e),
        };
        if let Err(e) = session.advance_clock(delta) {
            return CommandOutput::failure("clock", &e.0);
        }
    }
    let now = session.now_millis();
    let time = super::history::time_text(now);
    let offset = session.settings().clock_offset_millis;
    let against = if offset == 0 {
        "the wall clock".to_string()
    } else {
        format!("the wall clock {}", duration_text(offset))
    };
    CommandOutput::ok(format!("session time {time} UTC ({against})\n"))
}
