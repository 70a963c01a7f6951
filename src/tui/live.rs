//! `txlab serve --tui`: the endpoint serves in the background while the TUI shows the same session in the
//! foreground. Requests appear in the History pane as they arrive, with their verdicts, and open in the stepper
//! and the cancellation panels like a request run from the composer; the person can run their own requests.
//!
//! The session lives behind the endpoint's lock (server/shared.rs). The model holds an empty stand-in, and the
//! TUI swaps the session in only while it handles a message or lays a frame out in memory, and swaps it back
//! before it writes to the terminal or waits for input. So the endpoint waits at most for one key's update or
//! one frame's layout, never for the terminal or the person. The TUI learns that requests arrived from the
//! endpoint's count (read without the lock) every `TICK`.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::Terminal;

use super::message::{Effect, Message, Pane};
use super::model::{LiveStatus, Model};
use super::{update, view, Host, Theme};
use crate::app::SessionOptions;
use crate::server::refused::KEPT;
use crate::server::{Config, ServeArgs, Server};
use crate::session::Session;

/// How often the TUI looks for new requests while it waits for a key: new requests show within this.
pub const TICK: Duration = Duration::from_millis(50);

/// The endpoint and what the TUI last saw of it.
pub struct Live {
    server: Server,
    /// The endpoint's count of answered requests at the last look.
    seen: u64,
    /// A signal asked to stop.
    stop: Arc<AtomicBool>,
    /// Frames are laid out here, under the lock, then copied to the terminal without it.
    offscreen: Option<Terminal<TestBackend>>,
}

/// A frame laid out in memory: its cells and where the cursor is (if shown).
pub struct Frame {
    pub buffer: Buffer,
    pub cursor: Option<Position>,
}

impl Live {
    /// Serves the model's session on `config`'s address (`config.session` is not used). The session moves behind
    /// the endpoint's lock; the model keeps a stand-in. If the address cannot be taken, the error says why and
    /// the session (unchanged since it was opened) is let go.
    pub fn start(model: &mut Model, config: Config) -> Result<Live, String> {
        let stand_in = Session::with_clock(model.session.clock());
        let session = std::mem::replace(&mut model.session, stand_in);
        let server = Server::spawn(config, session)?;
        // Requests refused before the engine are in no history: the endpoint keeps them for this view.
        server.session().refused.watch();
        model.live = Some(LiveStatus {
            address: format!("http://{}", server.addr()),
            served: 0,
            refused: VecDeque::new(),
        });
        Ok(Live {
            server,
            seen: 0,
            stop: Arc::new(AtomicBool::new(false)),
            offscreen: None,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// Runs `f` with the session in the model, under the endpoint's lock; `None` once the session was taken
    /// (the endpoint stopped). The session goes back behind the lock even if `f` panics.
    pub fn enter<R>(&self, model: &mut Model, f: impl FnOnce(&mut Model) -> R) -> Option<R> {
        self.server.session().with_mut(|session| {
            std::mem::swap(session, &mut model.session);
            let result = catch_unwind(AssertUnwindSafe(|| f(&mut *model)));
            std::mem::swap(session, &mut model.session);
            result.unwrap_or_else(|panic| resume_unwind(panic))
        })
    }

    /// `update`, with the session in the model.
    pub fn update(&self, model: &mut Model, message: Message) -> Effect {
        self.enter(model, |m| update(m, message))
            .unwrap_or(Effect::None)
    }

    /// Catches the model up with the endpoint: when requests arrived since the last look, the tables, the
    /// history and the count are refreshed. True when something changed (a stop asked by a signal, too).
    pub fn look(&mut self, model: &mut Model) -> bool {
        if self.stop.load(Ordering::Acquire) {
            model.quit = true;
            return true;
        }
        let shared = self.server.session();
        let served = shared.served() + shared.refused.count();
        if served == self.seen {
            return false;
        }
        self.seen = served;
        let refused = shared.refused.take();
        if let Some(live) = &mut model.live {
            live.served = served;
            live.refused.extend(refused);
            let over = live.refused.len().saturating_sub(KEPT);
            live.refused.drain(..over);
        }
        self.enter(model, |m| m.after_change());
        true
    }

    /// Lays a frame of `area` out in memory, under the lock.
    pub fn frame(&mut self, model: &mut Model, area: Rect) -> Frame {
        let offscreen = match self.offscreen.take() {
            Some(t) if t.backend().buffer().area == area => Some(t),
            _ => Terminal::new(TestBackend::new(area.width, area.height)).ok(),
        };
        let Some(mut offscreen) = offscreen else {
            return Frame {
                buffer: Buffer::empty(area),
                cursor: None,
            };
        };
        self.enter(model, |m| {
            let _ = offscreen.draw(|f| view(m, f));
        });
        let backend = offscreen.backend();
        let frame = Frame {
            buffer: backend.buffer().clone(),
            cursor: backend.cursor_visible().then(|| backend.cursor_position()),
        };
        self.offscreen = Some(offscreen);
        frame
    }

    /// Stops serving (requests in flight finish first) and gives the session back, for the caller to close.
    pub fn stop(self) -> Option<Session> {
        self.server.stop()
    }
}

impl Host for Live {
    fn enter<R>(&mut self, model: &mut Model, f: impl FnOnce(&mut Model) -> R) -> Option<R> {
        Live::enter(self, model, f)
    }

    fn draw(
        &mut self,
        terminal: &mut ratatui::DefaultTerminal,
        model: &mut Model,
    ) -> std::io::Result<()> {
        let size = terminal.size()?;
        let frame = self.frame(model, Rect::new(0, 0, size.width, size.height));
        // The terminal is written without the lock: a slow terminal slows the view, never the endpoint.
        terminal
            .draw(|f| {
                if f.area() == frame.buffer.area {
                    f.buffer_mut().clone_from(&frame.buffer);
                    if let Some(p) = frame.cursor {
                        f.set_cursor_position(p);
                    }
                }
            })
            .map(|_| ())
    }

    fn tick(&self) -> Option<Duration> {
        Some(TICK)
    }

    fn look(&mut self, model: &mut Model) -> bool {
        Live::look(self, model)
    }
}

/// `txlab serve --tui`: serve the session and show it live until the person quits (or a signal stops it), then
/// stop serving and save the session. Returns the exit code.
pub fn serve(args: &ServeArgs, options: &SessionOptions) -> i32 {
    match serve_session(args, options) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("txlab: {e}");
            crate::commands::GENERAL_EXIT
        }
    }
}

fn serve_session(args: &ServeArgs, options: &SessionOptions) -> Result<(), String> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(
            "serve --tui shows the requests in a terminal; run it in one, or serve without --tui"
                .into(),
        );
    }
    let config = args.config(options)?;
    let bind = config.bind;
    let session = crate::server::open_session(&config.session)?;
    let (width, height) = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let theme = Theme::new(Theme::no_color_requested());
    let mut model = Model::new(session, theme, Rect::new(0, 0, width, height));
    model.pane = Pane::History;
    let mut live = Live::start(&mut model, config)?;
    let address = format!("http://{}", live.addr());
    if !bind.is_loopback() {
        model.fail(format!(
            "warning: listening on {bind}, which other machines can reach, without authentication"
        ));
    }
    let leaving = Arc::new(AtomicBool::new(false));
    stop_on_signals(live.stop.clone(), leaving.clone());
    // Whatever happens to the view (a terminal error, a panic), the endpoint stops and the session is saved.
    let shown = catch_unwind(AssertUnwindSafe(|| {
        super::in_terminal(&mut model, &mut live)
    }));
    leaving.store(true, Ordering::Release);
    let served = live.server.session().served() + live.server.session().refused.count();
    let saved = match live.stop() {
        Some(session) => {
            let path = session.path().map(|p| p.display().to_string());
            let read_only = session.is_read_only();
            crate::app::close_session(session).map(|()| match path {
                Some(p) if !read_only => format!("session saved to {p}"),
                Some(p) => format!("{p} was opened read-only: nothing was saved"),
                None => "the session was in memory: nothing was saved".to_string(),
            })
        }
        None => Ok("nothing was saved".to_string()),
    };
    if let Ok(what) = &saved {
        eprintln!(
            "txlab serve: stopped after {served} request{} on {address}; {what}",
            if served == 1 { "" } else { "s" }
        );
    }
    match shown {
        Ok(shown) => shown.and(saved.map(|_| ())),
        Err(_) => {
            saved?;
            Err("the live view failed; the endpoint was stopped and the session saved".into())
        }
    }
}

/// How long a stop asked by a signal may wait for the view to take it up before it is done without the view.
const UNHEARD_STOP: Duration = Duration::from_secs(3);

/// Ctrl-C is a key in the TUI; SIGINT, SIGTERM and SIGHUP (the terminal closed) from outside ask the view to
/// stop, so the endpoint stops and the session is saved as when the person quits.
///
/// When the terminal is gone, crossterm can spin inside its read of the tty's end of file and never come back
/// to the view's loop, so the stop is never seen (a process left serving at full CPU, deaf to SIGTERM). If the
/// view has not started `leaving` within `UNHEARD_STOP` of the signal, the process exits from here: every
/// request answered is already in the session's journal (it is written before the answer), the session lock
/// goes with the process, and the next open replays the journal, as after a crash.
fn stop_on_signals(stop: Arc<AtomicBool>, leaving: Arc<AtomicBool>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        // Installed now, on this thread, so a signal that comes at once is not lost.
        let installed = {
            let _entered = runtime.enter();
            (
                signal(SignalKind::interrupt()),
                signal(SignalKind::terminate()),
                signal(SignalKind::hangup()),
            )
        };
        let (Ok(mut interrupt), Ok(mut terminate), Ok(mut hangup)) = installed else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("txlab-signals".into())
            .spawn(move || {
                runtime.block_on(async {
                    tokio::select! {
                        _ = interrupt.recv() => {}
                        _ = terminate.recv() => {}
                        _ = hangup.recv() => {}
                    }
                });
                stop.store(true, Ordering::Release);
                let asked = std::time::Instant::now();
                while asked.elapsed() < UNHEARD_STOP {
                    if leaving.load(Ordering::Acquire) {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                eprintln!(
                    "txlab serve: the terminal stopped answering; stopped without it (every answered request is in the session's journal)"
                );
                std::process::exit(1);
            });
    }
    #[cfg(not(unix))]
    {
        let _ = (stop, leaving);
    }
}
