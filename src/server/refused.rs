//! Requests answered before the engine: refused by the front door (no authorization, a body that is not JSON, an
//! unknown operation, a wrong method or content type), too large, unreadable, or the health check and the CORS
//! preflight. They never reach the Session, so they are not in its history; a live view (`serve --tui`) still
//! wants to show them, as a client failing this way is exactly the one that needs to see why. Requests txlab
//! itself failed on (a 500: the engine failed, the session could not be saved, the server is shutting down) are
//! noted the same way, with why: the client only hears "Internal server error", as it would from DynamoDB.
//!
//! They are kept only while a view watches, in a bounded list the view drains; they are not journalled (they
//! changed nothing, and a session replayed from its journal must not depend on them). Without a view, noting
//! one costs a relaxed atomic load.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use super::front_door::Reply;
use super::http1::View;
use super::shared::SharedSession;

/// At most this many wait for the view to take them; older ones go first.
pub const KEPT: usize = 1000;
/// Why a body over the limit was refused.
pub const TOO_LARGE: &str = "the body is over 16 MB, DynamoDB's limit for a request";
/// Why a request was answered with a 500 (`Reply::failure`).
pub const ENGINE_FAILED: &str =
    "txlab failed on this request (a bug: please report it with the request); the server kept running";
pub const NOT_SAVED: &str =
    "the request ran but could not be saved to the session file (is the disk full?); see the server's log";
pub const NOT_RECORDED: &str =
    "the request ran but is not in the session's history (a bug: please report it with the request)";
pub const SHUTTING_DOWN: &str = "the server is shutting down: the session is being saved";
/// Longest header value or body excerpt kept for display.
const EXCERPT: usize = 200;

/// One request answered before the engine, as the view shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// 1, 2, 3, ... since the server started.
    pub seq: u64,
    /// Session time (milliseconds since 1970) when it was answered.
    pub at_millis: u64,
    /// The newest history entry when it was answered: the view lists it after that one.
    pub after_entry: Option<u64>,
    /// Empty when the request line could not be read.
    pub method: String,
    pub path: String,
    /// `X-Amz-Target`, `Content-Type`, `Authorization`'s scheme (`AWS4-HMAC-SHA256`, never the credential), as
    /// sent (cut).
    pub target: Option<String>,
    pub content_type: Option<String>,
    pub authorization: Option<String>,
    /// The body's length (0 when it was not read: too large, or the head was unreadable).
    pub body_bytes: usize,
    /// The start of the body as text.
    pub body_excerpt: String,
    /// What was answered: the status, and for a DynamoDB error its type (short name) and message.
    pub status: u16,
    pub error_type: Option<String>,
    pub message: Option<String>,
    /// Why it was refused when the answer does not say (an unreadable head, a body over 16 MB).
    pub reason: Option<String>,
}

/// What the view has not taken yet.
#[derive(Default)]
pub struct RefusedLog {
    watched: AtomicBool,
    count: AtomicU64,
    pending: Mutex<VecDeque<Refusal>>,
}

impl RefusedLog {
    /// From now on, refusals are kept for a view (`serve --tui`).
    pub fn watch(&self) {
        self.watched.store(true, Ordering::Release);
    }

    pub fn watched(&self) -> bool {
        self.watched.load(Ordering::Relaxed)
    }

    /// How many were noted since the view started watching.
    pub fn count(&self) -> u64 {
        self.count.load(Ordering::Acquire)
    }

    pub fn push(&self, mut refusal: Refusal) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        // Numbered under the lock, so the list is in number order.
        refusal.seq = self.count.load(Ordering::Relaxed) + 1;
        if pending.len() >= KEPT {
            pending.pop_front();
        }
        self.count.store(refusal.seq, Ordering::Release);
        pending.push_back(refusal);
    }

    /// The refusals noted since the last call, oldest first.
    pub fn take(&self) -> Vec<Refusal> {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        pending.drain(..).collect()
    }
}

/// A body's length and its start, kept (only while a view watches) before the body goes to the front door.
pub struct Peek {
    pub len: usize,
    pub start: Vec<u8>,
}

impl Peek {
    pub fn of(body: &[u8]) -> Peek {
        Peek {
            len: body.len(),
            start: body.get(..EXCERPT).unwrap_or(body).to_vec(),
        }
    }
}

/// A request answered before the engine (`head` is `None` when it could not be read), noted for a live view
/// with the session's time and its newest entry (so the view lists it where it arrived). Without a view,
/// nothing is done.
pub fn note(
    shared: &SharedSession,
    head: Option<&View<'_>>,
    body: Option<&Peek>,
    reply: &Reply,
    reason: Option<&str>,
) {
    if !shared.refused.watched() {
        return;
    }
    let mut refusal = describe(head, body);
    answered(&mut refusal, reply.status, &reply.body);
    refusal.reason = reason.map(str::to_string);
    if let Some((at, after)) =
        shared.with(|s| (s.clock().now_millis(), s.last_entry().map(|e| e.id)))
    {
        refusal.at_millis = at;
        refusal.after_entry = after;
    }
    shared.refused.push(refusal);
}

/// What a request looked like, read from its head (`None` when the head could not be read) and its body's start.
pub fn describe(head: Option<&View<'_>>, body: Option<&Peek>) -> Refusal {
    let text = |name: &'static str| head.and_then(|h| h.get(name)).map(excerpt);
    let (method, path) = match head {
        Some(h) => (
            excerpt(h.method()),
            excerpt(h.buf.get(h.head.target.clone()).unwrap_or_default()),
        ),
        None => (String::new(), String::new()),
    };
    let authorization = text("authorization").map(|a| {
        // The scheme only: what matters is whether it is a SigV4 one; the signature is nobody's business here.
        a.split_whitespace().next().unwrap_or_default().to_string()
    });
    Refusal {
        seq: 0,
        at_millis: 0,
        after_entry: None,
        method,
        path,
        target: text("x-amz-target"),
        content_type: text("content-type"),
        authorization,
        body_bytes: body.map_or(0, |b| b.len),
        body_excerpt: body.map(|b| excerpt(&b.start)).unwrap_or_default(),
        status: 0,
        error_type: None,
        message: None,
        reason: None,
    }
}

/// The answer: its status and, when it is a DynamoDB error body, the error's short name and message.
pub fn answered(refusal: &mut Refusal, status: u16, body: &[u8]) {
    refusal.status = status;
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) {
        refusal.error_type = v
            .get("__type")
            .and_then(|t| t.as_str())
            .map(|t| t.rsplit('#').next().unwrap_or(t).to_string());
        refusal.message = v
            .get("message")
            .or_else(|| v.get("Message"))
            .and_then(|m| m.as_str())
            .map(str::to_string);
    } else if body.starts_with(b"<UnknownOperationException") {
        refusal.error_type = Some("UnknownOperationException".into());
    }
}

/// Visible text, cut to `EXCERPT` characters.
fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out: String = text
        .chars()
        .take(EXCERPT)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().count() > EXCERPT {
        out.push('…');
    }
    out
}

/// Why a head could not be read, in words.
pub fn unreadable(m: super::http1::Malformed) -> &'static str {
    use super::http1::Malformed;
    match m {
        Malformed::BadRequest => {
            "the HTTP request could not be read (a malformed request line or header)"
        }
        Malformed::HeadersTooLarge => "the HTTP headers are too large",
        Malformed::TargetTooLong => "the request's path is too long",
    }
}
