//! One HTTP/1.1 connection: read each request (bounded in size and time), decide, answer with DynamoDB's
//! headers; keep-alive, pipelined requests, `Expect: 100-continue` and chunked bodies included.
//!
//! Time limits cost nothing per request: each connection has one timer, armed for the first deadline and
//! moved only when it fires early (the deadline itself is an `Instant` updated as requests begin).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use smallvec::SmallVec;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::time::{Instant, Sleep};

use super::front_door::{self, Decision, Reply};
use super::http1::{self, Connection, Framing, Head, Malformed, View};
use super::refused::{self, Peek};
use super::request_id;
use super::shared::SharedSession;

/// DynamoDB refuses request bodies over 16 MB (HTTP 413).
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Headers a browser client may read from a cross-origin answer.
const EXPOSED_HEADERS: &[u8] = b"x-amzn-RequestId,x-amzn-ErrorType,x-amz-crc32,Date";

/// Longest chunk-size line (with extensions) of a chunked body.
const MAX_CHUNK_LINE: usize = 4096;

pub struct State {
    pub session: SharedSession,
    /// How long a client may take to send a request's head (also while a kept-alive connection is idle).
    pub header_timeout: Duration,
    /// How long a client may take to send a request body.
    pub body_timeout: Duration,
}

impl State {
    pub fn new(session: crate::session::Session, config: &super::Config) -> Arc<State> {
        Arc::new(State {
            session: SharedSession::new(session),
            header_timeout: config.header_timeout,
            body_timeout: config.body_timeout,
        })
    }
}

/// Why a connection ends.
enum End {
    /// The client closed it, broke it, or was too slow; nothing more is written.
    Closed,
    /// The server is stopping and the connection is idle.
    Stopping,
}

struct Conn {
    stream: TcpStream,
    /// Bytes read: the request being answered begins at `keep` (its head stays there until it is answered),
    /// `start..filled` is not consumed yet.
    buf: Vec<u8>,
    keep: usize,
    start: usize,
    filled: usize,
    head: Head,
    out: Vec<u8>,
    deadline: Instant,
    timer: Pin<Box<Sleep>>,
    /// Resolves once the server stops. Made once per connection and kept registered, like the timer: making a
    /// `changed()` future for every read registered and dropped a waiter on the channel for every request.
    stopping: Pin<Box<dyn Future<Output = ()> + Send>>,
}

/// Serve one connection until the client closes it, breaks a rule, or the server stops.
pub async fn serve(stream: TcpStream, state: Arc<State>, mut stop: watch::Receiver<bool>) {
    let deadline = Instant::now() + state.header_timeout;
    let mut conn = Conn {
        stream,
        buf: vec![0; 16 * 1024],
        keep: 0,
        start: 0,
        filled: 0,
        head: Head::default(),
        out: Vec::with_capacity(1024),
        deadline,
        timer: Box::pin(tokio::time::sleep_until(deadline)),
        stopping: {
            let mut stop = stop.clone();
            Box::pin(async move {
                // The sender gone means stopping too.
                let _ = stop.wait_for(|stopping| *stopping).await;
            })
        },
    };
    while let Ok(true) = conn.request(&state, &mut stop).await {}
    let _ = conn.stream.shutdown().await;
}

impl Conn {
    /// Set the deadline for what is read next.
    fn deadline_in(&mut self, limit: Duration) {
        self.deadline = Instant::now() + limit;
        if self.deadline < self.timer.deadline() {
            self.timer.as_mut().reset(self.deadline);
        }
    }

    /// Read more bytes (before the deadline); while `idle` (no byte of a request read yet), also end when the
    /// server stops.
    async fn read_more(&mut self, idle: bool) -> Result<(), End> {
        if self.filled == self.buf.len() {
            let grown = (self.buf.len() * 2).min(http1::MAX_HEAD_BYTES + MAX_BODY_BYTES + 4096);
            if grown == self.buf.len() {
                return Err(End::Closed);
            }
            self.buf.resize(grown, 0);
        }
        loop {
            tokio::select! {
                biased;
                read = self.stream.read(&mut self.buf[self.filled..]) => {
                    return match read {
                        Ok(0) | Err(_) => Err(End::Closed),
                        Ok(n) => {
                            self.filled += n;
                            Ok(())
                        }
                    };
                }
                () = &mut self.timer => {
                    if Instant::now() >= self.deadline {
                        return Err(End::Closed);
                    }
                    let deadline = self.deadline;
                    self.timer.as_mut().reset(deadline);
                }
                // Once resolved it is never polled again: the connection ends.
                () = &mut self.stopping, if idle => return Err(End::Stopping),
            }
        }
    }

    /// Make sure `n` bytes from `start` are read.
    async fn fill_to(&mut self, n: usize) -> Result<(), End> {
        if self.start + n > self.buf.len() {
            self.compact();
            if self.start + n > self.buf.len() {
                self.buf.resize(self.start + n, 0);
            }
        }
        while self.filled < self.start + n {
            self.read_more(false).await?;
        }
        Ok(())
    }

    /// Move the request being read (from `keep`) to the front of the buffer.
    fn compact(&mut self) {
        if self.keep > 0 {
            self.buf.copy_within(self.keep..self.filled, 0);
            self.filled -= self.keep;
            self.start -= self.keep;
            self.keep = 0;
        }
    }

    async fn write_out(&mut self) -> Result<(), End> {
        let written = self.stream.write_all(&self.out).await;
        self.out.clear();
        written.map_err(|_| End::Closed)
    }

    /// Read one request and answer it: `Ok(true)` to go on with the next.
    async fn request(
        &mut self,
        state: &State,
        stop: &mut watch::Receiver<bool>,
    ) -> Result<bool, End> {
        if self.start == self.filled {
            self.start = 0;
            self.filled = 0;
        }
        self.keep = self.start;
        self.deadline_in(state.header_timeout);
        // The head.
        loop {
            match http1::parse_head(&self.buf[self.start..self.filled], &mut self.head) {
                Ok(Some(())) => break,
                Ok(None) => {
                    if *stop.borrow() && self.start == self.filled {
                        return Err(End::Stopping);
                    }
                    if self.filled == self.buf.len() {
                        self.compact();
                    }
                    let idle = self.start == self.filled;
                    self.read_more(idle).await?;
                }
                Err(m) => return self.malformed(state, m).await,
            }
        }
        let message = match (View {
            buf: &self.buf[self.keep..self.filled],
            head: &self.head,
        })
        .message()
        {
            Ok(m) => m,
            Err(m) => return self.malformed(state, m).await,
        };
        // The body.
        self.start = self.keep + self.head.len;
        let body = match message.framing {
            Framing::Length(n) if n > MAX_BODY_BYTES as u64 => None,
            Framing::Length(n) => {
                let n = n as usize;
                if message.expect_continue && n > 0 {
                    self.out.extend_from_slice(http1::CONTINUE);
                    self.write_out().await?;
                }
                self.deadline_in(state.body_timeout);
                self.fill_to(n).await?;
                let body = self.buf[self.start..self.start + n].to_vec();
                self.start += n;
                Some(body)
            }
            Framing::Chunked => {
                if message.expect_continue {
                    self.out.extend_from_slice(http1::CONTINUE);
                    self.write_out().await?;
                }
                self.deadline_in(state.body_timeout);
                self.chunked().await?
            }
        };
        // The head is still at `keep` (compacting moves it along).
        let view = View {
            buf: &self.buf[self.keep..self.keep + self.head.len],
            head: &self.head,
        };
        let http10 = self.head.http10;
        let origin = view.get("origin").is_some();
        let reply = match body {
            // Too large: the rest is never read, so the connection cannot carry another request.
            None => {
                let mut reply = Reply::new(413, None, Vec::new());
                reply.headers.push(("connection", b"close".to_vec()));
                refused::note(
                    &state.session,
                    Some(&view),
                    None,
                    &reply,
                    Some(refused::TOO_LARGE),
                );
                reply
            }
            Some(body) => {
                // A live view is shown what was refused: the body's start is kept for it (only while it watches).
                let peek = state.session.refused.watched().then(|| Peek::of(&body));
                match front_door::decide(&view, body) {
                    Decision::Reply(reply) => {
                        refused::note(&state.session, Some(&view), peek.as_ref(), &reply, None);
                        reply
                    }
                    Decision::Execute {
                        operation,
                        request,
                        content_type,
                    } => {
                        let reply = state
                            .session
                            .execute(operation, request, content_type)
                            .await;
                        if let Some(why) = reply.failure {
                            refused::note(
                                &state.session,
                                Some(&view),
                                peek.as_ref(),
                                &reply,
                                Some(why),
                            );
                        }
                        reply
                    }
                }
            }
        };
        let own_close = reply
            .headers
            .iter()
            .any(|(n, v)| *n == "connection" && v.eq_ignore_ascii_case(b"close"));
        let keep_alive = message.keep_alive && !own_close && !*stop.borrow();
        respond(&mut self.out, &reply, origin, http10, keep_alive, own_close);
        self.write_out().await?;
        Ok(keep_alive)
    }

    /// Answer a head that cannot be read, and close.
    async fn malformed(&mut self, state: &State, m: Malformed) -> Result<bool, End> {
        let reply = Reply::new(m.status(), None, Vec::new());
        refused::note(
            &state.session,
            None,
            None,
            &reply,
            Some(refused::unreadable(m)),
        );
        http1::encode(
            &mut self.out,
            false,
            m.status(),
            &[],
            Connection::Close,
            b"",
        );
        self.write_out().await?;
        Ok(false)
    }

    /// Read a chunked body from `start`: `None` when it passes 16 MB. A malformed one ends the connection.
    async fn chunked(&mut self) -> Result<Option<Vec<u8>>, End> {
        let mut body = Vec::new();
        loop {
            let line = self.line().await?;
            let size_text = line.split(|b| *b == b';').next().unwrap_or_default();
            let size_text = std::str::from_utf8(size_text)
                .map_err(|_| End::Closed)?
                .trim();
            let size = usize::from_str_radix(size_text, 16).map_err(|_| End::Closed)?;
            if size == 0 {
                // Trailers, up to the blank line.
                while !self.line().await?.is_empty() {}
                return Ok(Some(body));
            }
            if body.len() + size > MAX_BODY_BYTES {
                return Ok(None);
            }
            self.fill_to(size + 2).await?;
            body.extend_from_slice(&self.buf[self.start..self.start + size]);
            if &self.buf[self.start + size..self.start + size + 2] != b"\r\n" {
                return Err(End::Closed);
            }
            self.start += size + 2;
        }
    }

    /// The next line of a chunked body, without its CRLF.
    async fn line(&mut self) -> Result<Vec<u8>, End> {
        loop {
            let pending = &self.buf[self.start..self.filled];
            if let Some(i) = pending.windows(2).position(|w| w == b"\r\n") {
                let line = pending[..i].to_vec();
                self.start += i + 2;
                return Ok(line);
            }
            if pending.len() > MAX_CHUNK_LINE {
                return Err(End::Closed);
            }
            self.compact();
            self.read_more(false).await?;
        }
    }
}

/// Write DynamoDB's answer: a request id and the CRC32 of the body on every one (and CORS when asked).
pub fn respond(
    out: &mut Vec<u8>,
    reply: &Reply,
    origin: bool,
    http10: bool,
    keep_alive: bool,
    own_close: bool,
) {
    let id = request_id::next_bytes();
    let mut crc = [0u8; 20];
    let crc = http1::number_text(&mut crc, u64::from(crc32fast::hash(&reply.body)));
    // On the stack: DynamoDB's headers and the few a reply adds (CORS preflight: 3).
    let mut headers: SmallVec<[(&str, &[u8]); 10]> = SmallVec::new();
    headers.push(("server", b"Server"));
    headers.push(("x-amzn-requestid", &id));
    headers.push(("x-amz-crc32", crc));
    if let Some(ct) = reply.content_type {
        headers.push(("content-type", ct.as_bytes()));
    }
    if origin {
        headers.push(("access-control-allow-origin", b"*"));
        headers.push(("access-control-expose-headers", EXPOSED_HEADERS));
    }
    headers.extend(reply.headers.iter().map(|(n, v)| (*n, v.as_slice())));
    let connection = http1::connection_header(http10, keep_alive, own_close);
    http1::encode(out, http10, reply.status, &headers, connection, &reply.body);
}
