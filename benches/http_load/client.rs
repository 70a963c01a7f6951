//! The load generator's client: every connection driven from one thread by one epoll loop (mio), as `wrk -t1`
//! does, so that on a 2-core machine the client costs as little of the shared CPU as it can while staying an
//! honest HTTP/1.1 client.
//!
//! Honest: each request is a complete HTTP/1.1 keep-alive request with the headers an AWS SDK sends (Host,
//! X-Amz-Target, Content-Type, User-Agent, X-Amz-Date, Authorization, amz-sdk-invocation-id, amz-sdk-request,
//! Content-Length); each response is read whole (status line, headers, the body its Content-Length announces)
//! before the connection sends its next request, and every status other than 200 counts as an error.
//!
//! Lean: the requests are encoded before the run (a pool of prepared byte strings per connection, cycled); a
//! response is parsed no further than its status code and Content-Length; a response is read with one `read`
//! when it arrived whole, and each request is one `write`.

use std::io::{ErrorKind, Read, Write};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use mio::net::TcpStream;
use mio::{Events, Interest, Poll, Token};

pub const AUTH: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
const USER_AGENT: &str = "Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.0";

/// A request as botocore writes it (header order and spelling included).
pub fn http_request(host: &str, operation: &str, body: &str, n: usize) -> Vec<u8> {
    format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: identity\r\nX-Amz-Target: DynamoDB_20120810.{operation}\r\n\
         Content-Type: application/x-amz-json-1.0\r\nUser-Agent: {USER_AGENT}\r\nX-Amz-Date: 20260101T000000Z\r\n\
         Authorization: {AUTH}\r\namz-sdk-invocation-id: 6f1e0c3a-2b7d-4c1e-9a55-{n:012x}\r\n\
         amz-sdk-request: attempt=1\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// What the client saw while measuring.
#[derive(Default)]
pub struct Tally {
    pub requests: usize,
    /// Responses other than 200, and connections that failed (each counted once, then reopened).
    pub errors: usize,
    pub latencies_ns: Vec<u64>,
}

struct Conn {
    stream: TcpStream,
    pool: Vec<Vec<u8>>,
    next: usize,
    sent_at: Instant,
    buf: Vec<u8>,
    filled: usize,
}

/// What a buffer holds so far.
enum Parsed {
    Incomplete,
    /// A whole response of `len` bytes with this status.
    Response {
        status: u16,
        len: usize,
    },
    Malformed,
}

fn parse(buf: &[u8]) -> Parsed {
    // `HTTP/1.1 200 OK`
    let status = match buf.get(9..12) {
        Some(&[a, b, c])
            if buf.starts_with(b"HTTP/1.1 ") && [a, b, c].iter().all(u8::is_ascii_digit) =>
        {
            u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0')
        }
        Some(_) => return Parsed::Malformed,
        None => return Parsed::Incomplete,
    };
    // One pass over the header lines, up to the blank one.
    let (mut at, mut length) = (0, None);
    let head_end = loop {
        let Some(n) = buf[at..].iter().position(|&b| b == b'\n') else {
            return Parsed::Incomplete;
        };
        let line = &buf[at..at + n];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        at += n + 1;
        if line.is_empty() {
            break at;
        }
        if line.len() > 15 && line[..15].eq_ignore_ascii_case(b"content-length:") {
            length = std::str::from_utf8(&line[15..])
                .ok()
                .and_then(|v| v.trim().parse::<usize>().ok());
        }
    };
    let Some(length) = length else {
        return Parsed::Malformed;
    };
    let len = head_end + length;
    if buf.len() < len {
        Parsed::Incomplete
    } else {
        Parsed::Response { status, len }
    }
}

impl Conn {
    fn open(addr: SocketAddr, pool: Vec<Vec<u8>>) -> std::io::Result<Conn> {
        let std = std::net::TcpStream::connect(addr)?;
        std.set_nodelay(true)?;
        std.set_nonblocking(true)?;
        Ok(Conn {
            stream: TcpStream::from_std(std),
            pool,
            next: 0,
            sent_at: Instant::now(),
            buf: vec![0; 64 * 1024],
            filled: 0,
        })
    }

    /// Send the next request of the pool (one `write`; the socket buffer always has room for it, and if it
    /// does not, the rest is written in a blocking way: the client must never reorder or drop bytes).
    fn send(&mut self) -> std::io::Result<()> {
        let i = self.next % self.pool.len();
        self.next += 1;
        self.sent_at = Instant::now();
        let mut request: &[u8] = &self.pool[i];
        while !request.is_empty() {
            match self.stream.write(request) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => request = &request[n..],
                Err(e) if e.kind() == ErrorKind::WouldBlock => std::thread::yield_now(),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Read what arrived; `Some(status)` once the response is whole.
    fn receive(&mut self) -> std::io::Result<Option<u16>> {
        loop {
            if self.filled == self.buf.len() {
                self.buf.resize(self.buf.len() * 2, 0);
            }
            match self.stream.read(&mut self.buf[self.filled..]) {
                Ok(0) => return Err(ErrorKind::UnexpectedEof.into()),
                Ok(n) => self.filled += n,
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(None),
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
            match parse(&self.buf[..self.filled]) {
                // Wait for the next readiness event: the server sends nothing else until asked.
                Parsed::Incomplete => continue,
                Parsed::Malformed => return Err(ErrorKind::InvalidData.into()),
                Parsed::Response { status, len } => {
                    if len != self.filled {
                        // Bytes beyond the one response asked for.
                        return Err(ErrorKind::InvalidData.into());
                    }
                    self.filled = 0;
                    return Ok(Some(status));
                }
            }
        }
    }
}

/// Drive `pools.len()` keep-alive connections, each sending its next request when the last is answered, until
/// `stop`; only answers while `measuring` count.
pub fn run(
    addr: SocketAddr,
    pools: Vec<Vec<Vec<u8>>>,
    stop: Arc<AtomicBool>,
    measuring: Arc<AtomicBool>,
) -> Tally {
    let mut poll = Poll::new().expect("epoll");
    let mut conns: Vec<Conn> = Vec::new();
    for pool in pools {
        let mut c = Conn::open(addr, pool).expect("connect");
        let token = Token(conns.len());
        poll.registry()
            .register(&mut c.stream, token, Interest::READABLE)
            .expect("register");
        c.send().expect("send");
        conns.push(c);
    }
    let mut tally = Tally {
        latencies_ns: Vec::with_capacity(1 << 22),
        ..Tally::default()
    };
    let mut events = Events::with_capacity(64);
    while !stop.load(Ordering::Relaxed) {
        if poll
            .poll(&mut events, Some(Duration::from_millis(50)))
            .is_err()
        {
            continue;
        }
        for event in events.iter() {
            let Some(c) = conns.get_mut(event.token().0) else {
                continue;
            };
            let outcome = c.receive();
            let measured = measuring.load(Ordering::Relaxed);
            match outcome {
                Ok(None) => {}
                Ok(Some(status)) => {
                    if measured {
                        tally.requests += 1;
                        tally.errors += usize::from(status != 200);
                        tally
                            .latencies_ns
                            .push(c.sent_at.elapsed().as_nanos() as u64);
                    }
                    if c.send().is_err() && measured {
                        tally.errors += 1;
                    }
                }
                Err(_) => {
                    // The connection broke (or the answer was not HTTP): count it and open another.
                    if measured {
                        tally.errors += 1;
                    }
                    let pool = std::mem::take(&mut c.pool);
                    let _ = poll.registry().deregister(&mut c.stream);
                    if let Ok(mut fresh) = Conn::open(addr, pool) {
                        let _ = poll.registry().register(
                            &mut fresh.stream,
                            event.token(),
                            Interest::READABLE,
                        );
                        let _ = fresh.send();
                        *c = fresh;
                    }
                }
            }
        }
    }
    tally
}
