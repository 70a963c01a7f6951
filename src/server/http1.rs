//! The HTTP/1.1 of `txlab serve`: reading a request head and writing an answer, as plain functions over bytes
//! (the connection loop in `connection.rs` does the reading and writing).
//!
//! Why not a general HTTP library: for a one-transaction request, building its header map, its request and
//! response objects and its body channel cost the server as much as the transaction itself. What DynamoDB's
//! clients send is small and regular; this reads it with `httparse` and looks the few headers that matter up
//! in place, and writes each answer with one `write`.
//!
//! The answers are byte for byte those of the hyper server this replaced (kept as tests in
//! `tests/http_wire.rs`): status line in the request's version, the headers in the order they were set, then
//! `connection` when the connection is closing (or is kept open for HTTP/1.0), `content-length`, `date`.
//! Malformed heads are answered as hyper answered them: 400 (431 for too many or too large headers, 414 for a
//! target that is too long), `connection: close`, empty body; a malformed chunked body closes the connection.

use std::ops::Range;

use super::date::date;

/// At most this many header lines.
pub const MAX_HEADERS: usize = 100;
/// A head (request line and headers) may not be longer than this (what hyper buffered at most).
pub const MAX_HEAD_BYTES: usize = 8192 + 4096 * 100;
/// Longest request target.
const MAX_TARGET_BYTES: usize = u16::MAX as usize - 1;

/// The headers the front door looks up, found while the head is read (instead of a search per lookup).
const KNOWN: [&str; 8] = [
    "content-type",
    "x-amz-target",
    "authorization",
    "x-amz-date",
    "date",
    "origin",
    "access-control-request-headers",
    "access-control-request-method",
];

/// A request head, as positions in the connection's buffer.
#[derive(Debug, Default)]
pub struct Head {
    /// Bytes from the start of the request line to the end of the blank line.
    pub len: usize,
    pub method: Range<usize>,
    pub target: Range<usize>,
    pub http10: bool,
    pub headers: Vec<(Range<usize>, Range<usize>)>,
    /// For each of `KNOWN`, the first header of that name.
    known: [Option<usize>; KNOWN.len()],
}

/// How the body is delimited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    Length(u64),
    Chunked,
}

/// What the head says about its body and the connection.
#[derive(Debug, PartialEq, Eq)]
pub struct Message {
    pub framing: Framing,
    /// The client may send another request on this connection after the answer.
    pub keep_alive: bool,
    /// The client waits for `100 Continue` before sending the body.
    pub expect_continue: bool,
}

/// A head that cannot be read: answered with this status and the connection closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Malformed {
    BadRequest,
    HeadersTooLarge,
    TargetTooLong,
}

impl Malformed {
    pub fn status(self) -> u16 {
        match self {
            Malformed::BadRequest => 400,
            Malformed::HeadersTooLarge => 431,
            Malformed::TargetTooLong => 414,
        }
    }
}

/// Parse the head at the start of `buf`: `Ok(None)` when it is not complete yet. `head` is refilled.
pub fn parse_head(buf: &[u8], head: &mut Head) -> Result<Option<()>, Malformed> {
    if buf.is_empty() {
        return Ok(None);
    }
    // Uninitialised: filling 100 empty headers first cost as much as a third of reading a head.
    let mut headers =
        [const { std::mem::MaybeUninit::<httparse::Header<'_>>::uninit() }; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut []);
    let len = match req.parse_with_uninit_headers(buf, &mut headers) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) if buf.len() > MAX_HEAD_BYTES => {
            return Err(Malformed::HeadersTooLarge)
        }
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(Malformed::HeadersTooLarge),
        Err(_) => return Err(Malformed::BadRequest),
    };
    if len > MAX_HEAD_BYTES {
        return Err(Malformed::HeadersTooLarge);
    }
    let at = |s: &[u8]| -> Range<usize> {
        let start = s.as_ptr() as usize - buf.as_ptr() as usize;
        start..start + s.len()
    };
    let (Some(method), Some(target), Some(version)) = (req.method, req.path, req.version) else {
        return Err(Malformed::BadRequest);
    };
    if target.len() > MAX_TARGET_BYTES {
        return Err(Malformed::TargetTooLong);
    }
    head.len = len;
    head.method = at(method.as_bytes());
    head.target = at(target.as_bytes());
    head.http10 = version == 0;
    head.headers.clear();
    head.known = [None; KNOWN.len()];
    for (i, h) in req.headers.iter().enumerate() {
        let name = h.name.as_bytes();
        if let Some(k) = KNOWN.iter().position(|known| {
            known.len() == name.len() && name.eq_ignore_ascii_case(known.as_bytes())
        }) {
            head.known[k].get_or_insert(i);
        }
        head.headers.push((at(name), at(h.value)));
    }
    Ok(Some(()))
}

/// A head read into `buf`, with its headers looked up by name (case-insensitively; the first one of a name, as
/// a header map's `get` gives).
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub buf: &'a [u8],
    pub head: &'a Head,
}

impl<'a> View<'a> {
    pub fn method(&self) -> &'a [u8] {
        self.buf.get(self.head.method.clone()).unwrap_or_default()
    }

    /// The query string of the target, without the `?`.
    pub fn query(&self) -> Option<&'a str> {
        let target = std::str::from_utf8(self.buf.get(self.head.target.clone())?).ok()?;
        target.split_once('?').map(|(_, q)| q)
    }

    /// The values of the headers called `name` (lower case), in order.
    pub fn all(&self, name: &'a str) -> impl Iterator<Item = &'a [u8]> + 'a {
        let buf = self.buf;
        self.head.headers.iter().filter_map(move |(n, v)| {
            let n = buf.get(n.clone())?;
            n.eq_ignore_ascii_case(name.as_bytes())
                .then(|| buf.get(v.clone()))
                .flatten()
        })
    }

    pub fn get(&self, name: &'a str) -> Option<&'a [u8]> {
        match KNOWN.iter().position(|known| *known == name) {
            Some(k) => {
                let (_, value) = self.head.headers.get(self.head.known[k]?)?;
                self.buf.get(value.clone())
            }
            None => self.all(name).next(),
        }
    }

    /// A header's value as text, if it is visible ASCII (what a header map's `to_str` accepts).
    pub fn text(&self, name: &'a str) -> Option<&'a str> {
        visible_ascii(self.get(name)?)
    }

    /// How the body is delimited and whether the connection stays open, by the rules hyper applied.
    pub fn message(&self) -> Result<Message, Malformed> {
        let mut keep_alive = !self.head.http10;
        let mut saw_close = false;
        let (mut length, mut chunked, mut te, mut cl) = (None, false, false, false);
        let mut expect_continue = false;
        for (n, v) in &self.head.headers {
            let (Some(name), Some(value)) = (self.buf.get(n.clone()), self.buf.get(v.clone()))
            else {
                continue;
            };
            if name.eq_ignore_ascii_case(b"transfer-encoding") {
                if self.head.http10 {
                    return Err(Malformed::BadRequest);
                }
                te = true;
                length = None;
                // `chunked` must be the last coding.
                chunked = visible_ascii(value)
                    .and_then(|s| s.rsplit(',').next())
                    .is_some_and(|last| last.trim().eq_ignore_ascii_case("chunked"));
            } else if name.eq_ignore_ascii_case(b"content-length") {
                cl = true;
                if te {
                    continue;
                }
                let n = digits(value).ok_or(Malformed::BadRequest)?;
                if length.is_some_and(|prev| prev != n) {
                    return Err(Malformed::BadRequest);
                }
                length = Some(n);
            } else if name.eq_ignore_ascii_case(b"connection") {
                if saw_close || has_token(value, "close") {
                    saw_close = true;
                    keep_alive = false;
                } else if !keep_alive {
                    keep_alive = has_token(value, "keep-alive");
                }
            } else if name.eq_ignore_ascii_case(b"expect") {
                expect_continue = value.eq_ignore_ascii_case(b"100-continue");
            }
        }
        if te && !chunked {
            return Err(Malformed::BadRequest);
        }
        if te && cl {
            // Both: the length is ignored, and the connection is not trusted with another request.
            keep_alive = false;
        }
        let framing = if chunked {
            Framing::Chunked
        } else {
            Framing::Length(length.unwrap_or(0))
        };
        Ok(Message {
            framing,
            keep_alive,
            expect_continue: expect_continue && !self.head.http10,
        })
    }
}

/// Visible ASCII (and tab), as text.
pub fn visible_ascii(bytes: &[u8]) -> Option<&str> {
    // Without an early exit the loop is vectorised: the Authorization header (~200 bytes) is read on every
    // request.
    let visible = bytes.iter().fold(true, |ok, &b| {
        ok & ((b == b'\t') | (b.wrapping_sub(0x20) < 0x7f - 0x20))
    });
    visible.then(|| std::str::from_utf8(bytes).ok()).flatten()
}

/// A Content-Length: decimal digits only.
fn digits(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() {
        return None;
    }
    bytes.iter().try_fold(0u64, |n, &b| {
        if b.is_ascii_digit() {
            n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
        } else {
            None
        }
    })
}

/// Whether a comma-separated header value has `token` (in any case).
fn has_token(value: &[u8], token: &str) -> bool {
    visible_ascii(value).is_some_and(|s| s.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
}

/// The reason phrase of the statuses this server answers with.
fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        413 => "Payload Too Large",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        _ => "Internal Server Error",
    }
}

/// The `connection` header added after the answer's own headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connection {
    /// Nothing added (HTTP/1.1 kept open, HTTP/1.0 closed, or the answer names it itself).
    Unsaid,
    Close,
    KeepAlive,
}

/// What connection header to add, for an answer in HTTP/1.0 (`http10`) on a connection that stays open or not,
/// when the answer's own headers say `own_close` (`connection: close`) or nothing.
pub fn connection_header(http10: bool, keep_alive: bool, own_close: bool) -> Connection {
    match (http10, keep_alive) {
        _ if own_close => Connection::Unsaid,
        (true, true) => Connection::KeepAlive,
        (false, false) => Connection::Close,
        _ => Connection::Unsaid,
    }
}

/// Write an answer into `out`: status line, `headers` in order, the connection header, `content-length`,
/// `date`, the body.
pub fn encode(
    out: &mut Vec<u8>,
    http10: bool,
    status: u16,
    headers: &[(&str, &[u8])],
    connection: Connection,
    body: &[u8],
) {
    out.extend_from_slice(if http10 { b"HTTP/1.0 " } else { b"HTTP/1.1 " });
    push_number(out, u64::from(status));
    out.push(b' ');
    out.extend_from_slice(reason(status).as_bytes());
    out.extend_from_slice(b"\r\n");
    for (name, value) in headers {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value);
        out.extend_from_slice(b"\r\n");
    }
    match connection {
        Connection::Unsaid => {}
        Connection::Close => out.extend_from_slice(b"connection: close\r\n"),
        Connection::KeepAlive => out.extend_from_slice(b"connection: keep-alive\r\n"),
    }
    out.extend_from_slice(b"content-length: ");
    push_number(out, body.len() as u64);
    out.extend_from_slice(b"\r\ndate: ");
    date(|d| out.extend_from_slice(d));
    out.extend_from_slice(b"\r\n\r\n");
    out.extend_from_slice(body);
}

/// The interim answer to `Expect: 100-continue`.
pub const CONTINUE: &[u8] = b"HTTP/1.1 100 Continue\r\n\r\n";

pub fn push_number(out: &mut Vec<u8>, n: u64) {
    let mut digits = [0u8; 20];
    out.extend_from_slice(number_text(&mut digits, n));
}

/// `n` in decimal, written at the end of `digits` (20 bytes hold any u64).
pub fn number_text(digits: &mut [u8; 20], mut n: u64) -> &[u8] {
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &digits[i..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> Result<Option<(Head, Vec<u8>)>, Malformed> {
        head_of(text.as_bytes())
    }

    fn head_of(text: &[u8]) -> Result<Option<(Head, Vec<u8>)>, Malformed> {
        let buf = text.to_vec();
        let mut h = Head::default();
        Ok(parse_head(&buf, &mut h)?.map(|()| (h, buf)))
    }

    fn message(text: &str) -> Result<Message, Malformed> {
        let (h, buf) = head(text)?.ok_or(Malformed::BadRequest)?;
        View {
            buf: &buf,
            head: &h,
        }
        .message()
    }

    #[test]
    fn heads_are_read_whole_and_headers_found_by_name() {
        assert!(matches!(head("POST / HTTP/1.1\r\nHost: x\r\n"), Ok(None)));
        let (h, buf) = head_of(
            b"POST /?a=1&b HTTP/1.1\r\nX-Amz-Target: T\r\nx-amz-target: U\r\nB: \xff\r\n\r\nbody",
        )
        .ok()
        .flatten()
        .unwrap_or_default();
        let v = View {
            buf: &buf,
            head: &h,
        };
        assert_eq!(
            (v.method(), v.query(), h.len),
            (&b"POST"[..], Some("a=1&b"), buf.len() - 4)
        );
        assert_eq!(v.text("x-amz-target"), Some("T"));
        assert_eq!(v.all("x-amz-target").collect::<Vec<_>>(), [b"T", b"U"]);
        assert_eq!(v.get("b"), Some(&b"\xff"[..]));
        assert_eq!(v.text("b"), None);
        assert_eq!(v.get("nope"), None);
    }

    #[test]
    fn framing_and_keep_alive_follow_hyper() {
        let m = |s: &str| message(&format!("{s}\r\n\r\n"));
        let ok = |framing, keep_alive, expect_continue| {
            Ok(Message {
                framing,
                keep_alive,
                expect_continue,
            })
        };
        assert_eq!(m("POST / HTTP/1.1"), ok(Framing::Length(0), true, false));
        assert_eq!(
            m("POST / HTTP/1.1\r\nContent-Length: 5\r\ncontent-length: 5"),
            ok(Framing::Length(5), true, false)
        );
        assert_eq!(
            m("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6"),
            Err(Malformed::BadRequest)
        );
        assert_eq!(
            m("POST / HTTP/1.1\r\nContent-Length: -5"),
            Err(Malformed::BadRequest)
        );
        assert_eq!(
            m("POST / HTTP/1.1\r\nContent-Length: +5"),
            Err(Malformed::BadRequest)
        );
        assert_eq!(
            m("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, Chunked"),
            ok(Framing::Chunked, true, false)
        );
        assert_eq!(
            m("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip"),
            Err(Malformed::BadRequest)
        );
        assert_eq!(
            m("POST / HTTP/1.0\r\nTransfer-Encoding: chunked"),
            Err(Malformed::BadRequest)
        );
        assert_eq!(
            m("POST / HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked"),
            ok(Framing::Chunked, false, false)
        );
        assert_eq!(
            m("POST / HTTP/1.1\r\nConnection: Keep-Alive, CLOSE"),
            ok(Framing::Length(0), false, false)
        );
        assert_eq!(
            m("POST / HTTP/1.1\r\nConnection: close\r\nConnection: keep-alive"),
            ok(Framing::Length(0), false, false)
        );
        assert_eq!(m("POST / HTTP/1.0"), ok(Framing::Length(0), false, false));
        assert_eq!(
            m("POST / HTTP/1.0\r\nConnection: keep-alive"),
            ok(Framing::Length(0), true, false)
        );
        assert_eq!(
            m("POST / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 2"),
            ok(Framing::Length(2), true, true)
        );
        assert_eq!(
            m("POST / HTTP/1.0\r\nExpect: 100-continue"),
            ok(Framing::Length(0), false, false)
        );
    }

    #[test]
    fn visible_ascii_is_tab_and_printable_ascii_only() {
        assert_eq!(visible_ascii(b"a\tb ~"), Some("a\tb ~"));
        assert_eq!(visible_ascii(b""), Some(""));
        for bad in [
            &b"a\x7f"[..],
            b"\x1fa",
            b"a\nb",
            b"\x00",
            "é".as_bytes(),
            b"\xff",
        ] {
            assert_eq!(visible_ascii(bad), None, "{bad:?}");
        }
        let long = "x".repeat(300) + "\x7f";
        assert_eq!(visible_ascii(long.as_bytes()), None);
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        let mut out = Vec::new();
        for n in [0, 7, 10, 4_294_967_295, u64::MAX] {
            out.clear();
            push_number(&mut out, n);
            assert_eq!(out, n.to_string().as_bytes());
        }
    }

    #[test]
    fn malformed_heads() {
        assert_eq!(
            head("POST / HTTP/9.9\r\n\r\n").err(),
            Some(Malformed::BadRequest)
        );
        assert_eq!(
            head("POST / HTTP/1.1\r\nno colon here\r\n\r\n").err(),
            Some(Malformed::BadRequest)
        );
        assert_eq!(head("\x00\x01\r\n\r\n").err(), Some(Malformed::BadRequest));
        let many: String = (0..=MAX_HEADERS).map(|i| format!("h{i}: v\r\n")).collect();
        assert_eq!(
            head(&format!("GET / HTTP/1.1\r\n{many}\r\n")).err(),
            Some(Malformed::HeadersTooLarge)
        );
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_TARGET_BYTES));
        assert_eq!(head(&long).err(), Some(Malformed::TargetTooLong));
        let big = format!("GET / HTTP/1.1\r\nX: {}", "a".repeat(MAX_HEAD_BYTES));
        assert_eq!(head(&big).err(), Some(Malformed::HeadersTooLarge));
    }

    #[test]
    fn answers_are_written_as_hyper_wrote_them() {
        let mut out = Vec::new();
        encode(
            &mut out,
            false,
            200,
            &[("server", b"Server"), ("x-amz-crc32", b"0")],
            Connection::Close,
            b"{}",
        );
        let text = String::from_utf8_lossy(&out);
        let (head, date) = text.split_once("date: ").unwrap_or_default();
        assert_eq!(head, "HTTP/1.1 200 OK\r\nserver: Server\r\nx-amz-crc32: 0\r\nconnection: close\r\ncontent-length: 2\r\n");
        assert_eq!((date.len(), &date[29..]), (29 + 4 + 2, "\r\n\r\n{}"));
        out.clear();
        encode(&mut out, true, 413, &[], Connection::KeepAlive, b"");
        assert!(out.starts_with(b"HTTP/1.0 413 Payload Too Large\r\nconnection: keep-alive\r\ncontent-length: 0\r\ndate: "));
    }
}
