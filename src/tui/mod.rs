//! The TUI: a table browser, a transaction composer with live validation, a stepper over recorded traces,
//! outcome and cancellation panels, and the history, all on the same `Session` as the REPL and the endpoint.
//! It adds views, not semantics: requests go through `Session::execute`, explanations are read from traces.
//!
//! Elm style, as ratatui recommends: a [`Model`]; [`Message`]s (keys become [`Action`]s through the keymap,
//! which is data; typed `:` commands become the same actions); [`update`] changes the model and returns an
//! [`Effect`] for the runtime, without a terminal; [`view`] draws the model and cannot change it.

pub mod commands;
pub mod compose;
pub mod demo;
pub mod format;
pub mod history;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod live;
pub mod message;
pub mod model;
pub mod refused;
pub mod run;
pub mod tables;
pub mod theme;
pub mod update;
mod update_compose;
mod update_overlay;
mod update_run;
mod update_tables;
mod update_transfer;
pub mod view;
mod view_compose;
pub mod view_condition;
pub mod view_expr;
mod view_history;
mod view_outcome;
mod view_overlays;
pub mod view_run;
pub mod view_tables;

use std::io::Write;
use std::time::Duration;

use base64::Engine;
use ratatui::crossterm::event::{self, Event};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;

pub use message::{Action, Effect, Message, Pane};
pub use model::Model;
pub use theme::Theme;
pub use update::update;
pub use view::view;

use crate::session::Session;

/// `txlab` / `txlab tui`: opens the session the options name (or the demo, in memory), runs the TUI, and folds
/// the session on the way out. Returns the exit code.
pub fn start(options: &crate::app::SessionOptions, demo: bool) -> i32 {
    let opened = if demo {
        crate::app::prepare_demo(options)
    } else {
        crate::app::open_session(options)
    };
    let session = match opened {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return crate::commands::GENERAL_EXIT;
        }
    };
    let theme = Theme::new(Theme::no_color_requested());
    match run(session, theme) {
        Ok(session) => match crate::app::close_session(session) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("{e}");
                crate::commands::GENERAL_EXIT
            }
        },
        Err(e) => {
            eprintln!("txlab: {e}");
            crate::commands::GENERAL_EXIT
        }
    }
}

/// Opens the TUI on `session` until the person quits; gives the session back (the caller saves it).
pub fn run(session: Session, theme: Theme) -> Result<Session, String> {
    let mut model = Model::new(session, theme, Rect::default());
    in_terminal(&mut model, &mut Owned)?;
    Ok(model.session)
}

/// Where the session is while the TUI runs: in the model (`txlab tui`), or behind the endpoint's lock
/// (`txlab serve --tui`, live.rs), where the model holds it only while it handles a message or lays out a frame.
pub(crate) trait Host {
    /// Runs `f` on the model with the session in it.
    fn enter<R>(&mut self, model: &mut Model, f: impl FnOnce(&mut Model) -> R) -> Option<R>;
    /// Draws the model on the terminal.
    fn draw(
        &mut self,
        terminal: &mut ratatui::DefaultTerminal,
        model: &mut Model,
    ) -> std::io::Result<()>;
    /// How long to wait for input before calling `look` (`None`: wait for input only).
    fn tick(&self) -> Option<Duration>;
    /// Whether something outside the TUI changed what it shows (the model has caught up).
    fn look(&mut self, model: &mut Model) -> bool;
}

/// The plain TUI: the model owns the session.
struct Owned;

impl Host for Owned {
    fn enter<R>(&mut self, model: &mut Model, f: impl FnOnce(&mut Model) -> R) -> Option<R> {
        Some(f(model))
    }
    fn draw(
        &mut self,
        terminal: &mut ratatui::DefaultTerminal,
        model: &mut Model,
    ) -> std::io::Result<()> {
        terminal.draw(|frame| view(model, frame)).map(|_| ())
    }
    fn tick(&self) -> Option<Duration> {
        None
    }
    fn look(&mut self, _: &mut Model) -> bool {
        false
    }
}

/// Opens the terminal, runs the TUI until the person quits, and gives the terminal back as it was.
pub(crate) fn in_terminal(model: &mut Model, host: &mut impl Host) -> Result<(), String> {
    // The grammars load once per process; do it now, off the main thread, so the first keystroke in an
    // expression field does not wait for it.
    std::thread::spawn(|| {
        let _ = crate::highlight::Highlighter::shared();
    });
    let mut terminal = ratatui::try_init().map_err(|e| format!("cannot open the terminal: {e}"))?;
    let mut stdout = std::io::stdout();
    let _ = execute!(
        stdout,
        event::EnableMouseCapture,
        event::EnableBracketedPaste
    );
    let size = terminal.size().unwrap_or_default();
    model.area = Rect::new(0, 0, size.width, size.height);
    let result = event_loop(&mut terminal, model, host);
    let _ = execute!(
        std::io::stdout(),
        event::DisableMouseCapture,
        event::DisableBracketedPaste
    );
    ratatui::restore();
    result.map_err(|e| format!("terminal error: {e}"))
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    model: &mut Model,
    host: &mut impl Host,
) -> std::io::Result<()> {
    let mut dirty = true;
    loop {
        if model.quit {
            return Ok(());
        }
        if dirty {
            host.draw(terminal, model)?;
        }
        let ready = match host.tick() {
            Some(tick) => event::poll(tick)?,
            None => true,
        };
        if !ready {
            dirty = host.look(model);
            continue;
        }
        // Wait for one event, then take every event already queued before drawing again: a held key or a
        // fast wheel does not queue up frames.
        let mut first = true;
        while first || event::poll(Duration::ZERO)? {
            first = false;
            let message = match event::read()? {
                Event::Key(k) => Message::Key(k),
                Event::Mouse(m) => Message::Mouse(m),
                Event::Resize(w, h) => Message::Resize(w, h),
                Event::Paste(text) => Message::Paste(text),
                _ => continue,
            };
            let effect = host
                .enter(model, |m| update(m, message))
                .unwrap_or(Effect::None);
            perform_with(model, effect, &mut |m, message| {
                host.enter(m, |m| update(m, message))
                    .unwrap_or(Effect::None)
            });
            if model.quit {
                return Ok(());
            }
        }
        host.look(model);
        dirty = true;
    }
}

/// Carries out what `update` asked for; what comes back is fed to `update` again.
pub fn perform(model: &mut Model, effect: Effect) {
    perform_with(model, effect, &mut update);
}

/// `perform`, with `apply` feeding messages back (through the endpoint's lock when serving: the files and the
/// terminal are written outside it).
fn perform_with(
    model: &mut Model,
    effect: Effect,
    apply: &mut dyn FnMut(&mut Model, Message) -> Effect,
) {
    let mut queue = effect.flatten();
    // Effects of effects: each round is bounded by what update returns; stop after a few rounds regardless.
    for _ in 0..8 {
        let mut next = Vec::new();
        for e in queue {
            let message = match e {
                Effect::None | Effect::Many(_) => None,
                Effect::Quit => {
                    model.quit = true;
                    None
                }
                Effect::Clipboard(text) => {
                    let _ = copy_osc52(&text);
                    None
                }
                Effect::WriteFile { path, contents } => Some(Message::FileWritten {
                    result: write_file(&path, &contents),
                    path,
                }),
                Effect::ReadFile { path } => Some(Message::FileRead {
                    result: std::fs::read_to_string(&path).map_err(|e| e.to_string()),
                    path,
                }),
            };
            if let Some(m) = message {
                next.extend(apply(model, m).flatten());
            }
        }
        if next.is_empty() {
            return;
        }
        queue = next;
    }
}

/// Writes through a temporary file and a rename, so a reader never sees half a file.
fn write_file(path: &str, contents: &str) -> Result<(), String> {
    let target = std::path::Path::new(path);
    let tmp = target.with_extension("txlab-tmp");
    std::fs::write(&tmp, contents).map_err(|e| e.to_string())?;
    std::fs::rename(&tmp, target).map_err(|e| e.to_string())
}

/// The clipboard through the terminal (OSC 52): works in most terminals and through tmux and ssh.
fn copy_osc52(text: &str) -> std::io::Result<()> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = std::io::stdout();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}
