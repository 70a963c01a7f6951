//! `txlab serve`: a DynamoDB-compatible HTTP endpoint over the same Session as the REPL and the TUI.
//!
//! DynamoDB's JSON 1.0 protocol (`POST /` with `X-Amz-Target: DynamoDB_20120810.<Operation>`), its bodies,
//! status codes and headers, so that the AWS SDKs and the AWS CLI work with `--endpoint-url`. Signatures are
//! not verified: any well-formed SigV4 Authorization header is accepted.
//!
//! HTTP/1.1 (what the SDKs speak to DynamoDB) read and written by `http1.rs` and `connection.rs` on tokio.
//! Every request goes through the Session, under one mutex (see `shared.rs`), so it is in the history with its
//! trace and in the journal before it is answered.

pub mod args;
mod connection;
mod date;
pub mod front_door;
pub mod http1;
pub mod refused;
pub mod request_id;
mod shared;

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::session::store::OpenMode;
use crate::session::Session;
pub use args::ServeArgs;
use connection::State;
pub use connection::MAX_BODY_BYTES;
pub use shared::SharedSession;

/// Where the session lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionChoice {
    /// Nothing is written (`--memory`).
    Memory,
    /// A session file; `read_only` opens it without the lock and never writes (`--read-only`).
    File { path: PathBuf, read_only: bool },
}

#[derive(Clone, Debug)]
pub struct Config {
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub session: SessionChoice,
    /// How long a client may take to send a request's headers; the connection is closed after that.
    pub header_timeout: Duration,
    /// How long a client may take to send a request's body.
    pub body_timeout: Duration,
    /// How long in-flight requests may take to finish on shutdown.
    pub shutdown_grace: Duration,
    /// Threads serving connections (default: half the CPUs, at least one; see `default_threads`).
    pub threads: usize,
}

impl Config {
    pub fn new(bind: IpAddr, port: u16, session: SessionChoice) -> Config {
        Config {
            bind,
            port,
            session,
            header_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(5),
            threads: default_threads(
                std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(1),
            ),
        }
    }
}

/// Serving threads for a machine with `cpus` CPUs: half of them, at least one. The clients of a local endpoint
/// run on the same machine and need CPU too, and the session runs one request at a time anyway (only reading,
/// parsing and answering run in parallel). On 2 CPUs, a thread per CPU left the load generator and two
/// serving threads competing for two CPUs: preemptions, waits on the session's lock, and ~20% more server CPU
/// per request than one thread (benches/http_load, issue 6).
pub fn default_threads(cpus: usize) -> usize {
    (cpus / 2).max(1)
}

/// Open the session the configuration names.
pub fn open_session(choice: &SessionChoice) -> Result<Session, String> {
    match choice {
        SessionChoice::Memory => Ok(Session::with_clock(crate::app::clock())),
        SessionChoice::File { path, read_only } => {
            let mode = if *read_only {
                OpenMode::ReadOnly
            } else {
                OpenMode::ReadWrite
            };
            Session::open(path, mode, crate::app::clock()).map_err(|e| e.to_string())
        }
    }
}

/// `txlab serve`: open the session, serve until Ctrl-C or SIGTERM, then save the session.
pub fn run(config: Config) -> Result<(), String> {
    let session = open_session(&config.session)?;
    // The main thread only waits for the signal; the workers serve.
    let main = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server's runtime: {e}"))?;
    let stop_signal = main.block_on(async { shutdown_signal() })?;
    let listener = bind(&config)?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let state = State::new(session, &config);
    let served = Workers::start(listener, state.clone(), &config).map(|workers| {
        announce(&config, addr);
        main.block_on(stop_signal);
        workers.stop();
    });
    // Save whatever was answered, even if serving failed half-way.
    let saved = match state.session.take() {
        Some(session) => {
            let path = session.path().map(|p| p.display().to_string());
            let read_only = session.is_read_only();
            let r = session.close().map_err(|e| e.to_string());
            if r.is_ok() {
                match path {
                    Some(p) if !read_only => eprintln!("txlab serve: session saved to {p}"),
                    _ => eprintln!("txlab serve: stopped (nothing was saved)"),
                }
            }
            r
        }
        None => Ok(()),
    };
    served.and(saved)
}

fn bind(config: &Config) -> Result<std::net::TcpListener, String> {
    let addr = SocketAddr::new(config.bind, config.port);
    let listener =
        std::net::TcpListener::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    Ok(listener)
}

/// The serving threads. Each has its own single-threaded runtime and accepts from the same listening socket,
/// so a connection stays on the thread that accepted it: answering a request never wakes another thread (with
/// a work-stealing runtime, those wake-ups cost more than the HTTP work itself). The threads meet only at the
/// Session's mutex.
struct Workers {
    stop: tokio::sync::watch::Sender<bool>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Workers {
    fn start(
        listener: std::net::TcpListener,
        state: Arc<State>,
        config: &Config,
    ) -> Result<Workers, String> {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let mut threads = Vec::new();
        for i in 0..config.threads.max(1) {
            let listener = listener
                .try_clone()
                .map_err(|e| format!("cannot share the listening socket: {e}"))?;
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| format!("cannot start the server's runtime: {e}"))?;
            let (state, config, stopped) = (state.clone(), config.clone(), stopped.clone());
            let thread = std::thread::Builder::new()
                .name(format!("txlab-serve-{i}"))
                .spawn(move || {
                    runtime.block_on(async move {
                        match TcpListener::from_std(listener) {
                            Ok(listener) => serve(listener, state, &config, stopped).await,
                            Err(e) => eprintln!("txlab serve: cannot listen: {e}"),
                        }
                    })
                })
                .map_err(|e| format!("cannot start a server thread: {e}"))?;
            threads.push(thread);
        }
        Ok(Workers { stop, threads })
    }

    /// Stop accepting, let in-flight requests finish (up to the grace period), wait for the threads.
    fn stop(self) {
        let _ = self.stop.send(true);
        for t in self.threads {
            let _ = t.join();
        }
    }
}

fn announce(config: &Config, addr: SocketAddr) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "txlab serve: listening on http://{addr}");
    let session = match &config.session {
        SessionChoice::Memory => "in memory (nothing is saved)".to_string(),
        SessionChoice::File {
            path,
            read_only: true,
        } => format!("{} (read-only: changes are not saved)", path.display()),
        SessionChoice::File { path, .. } => path.display().to_string(),
    };
    let _ = writeln!(out, "session: {session}");
    let _ = writeln!(
        out,
        "try: aws dynamodb list-tables --endpoint-url http://{addr}   (Ctrl-C stops and saves)"
    );
    let _ = out.flush();
    if !config.bind.is_loopback() {
        eprintln!(
            "warning: txlab serve is listening on {}, which other machines can reach. There is no \
             authentication: anyone who can connect can read and change this session.",
            config.bind
        );
    }
}

/// Accept connections until `stop` says so, then let in-flight requests finish (up to the grace period): idle
/// connections close at once, busy ones after their answer.
async fn serve(
    listener: TcpListener,
    state: Arc<State>,
    config: &Config,
    mut stop: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    let told = stop.clone();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        // Out of file descriptors and the like: wait a little rather than spin.
                        eprintln!("txlab serve: cannot accept a connection: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                connections.spawn(connection::serve(stream, state.clone(), told.clone()));
            }
            // Collect the connections that ended.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            _ = stop.wait_for(|s| *s) => break,
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(config.shutdown_grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
}

/// Ctrl-C or SIGTERM. The handlers are installed when this is called (not when first polled), so a signal that
/// arrives as soon as the address is printed is not lost.
fn shutdown_signal() -> Result<impl Future<Output = ()>, String> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let install = |kind| signal(kind).map_err(|e| format!("cannot handle signals: {e}"));
        let mut interrupt = install(SignalKind::interrupt())?;
        let mut terminate = install(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
            eprintln!("txlab serve: stopping");
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
            eprintln!("txlab serve: stopping");
        })
    }
}

/// A server running in the background (tests, benchmarks, a front end that also shows a view).
pub struct Server {
    addr: SocketAddr,
    state: Arc<State>,
    workers: Option<Workers>,
}

impl Server {
    /// Serve `session` on `config.bind:config.port` (`config.session` is not used).
    pub fn spawn(config: Config, session: Session) -> Result<Server, String> {
        let listener = bind(&config)?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let state = State::new(session, &config);
        let workers = Workers::start(listener, state.clone(), &config)?;
        Ok(Server {
            addr,
            state,
            workers: Some(workers),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn session(&self) -> &SharedSession {
        &self.state.session
    }

    /// Stop serving and hand the session back (to be closed by the caller).
    pub fn stop(mut self) -> Option<Session> {
        if let Some(w) = self.workers.take() {
            w.stop();
        }
        self.state.session.take()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(w) = self.workers.take() {
            w.stop();
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn half_the_cpus_serve_at_least_one() {
        let threads: Vec<usize> = [0, 1, 2, 3, 4, 16]
            .into_iter()
            .map(super::default_threads)
            .collect();
        assert_eq!(threads, [1, 1, 1, 1, 2, 8]);
    }
}
