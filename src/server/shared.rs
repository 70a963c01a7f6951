//! The one Session every connection shares.
//!
//! The engine is single-writer: requests run one at a time under a mutex, so each transaction is atomic and
//! isolated by construction (no other request can observe or interleave with its writes). The lock is held only
//! for `Session::execute` (which runs the request, records it in the history with its trace and queues its
//! journal record); reading and parsing bodies, encoding and writing responses happen outside it.
//!
//! Group commit: the journal record is written after the lock is let go, by `Sink::commit`, which writes every
//! record queued so far in one `write` (the requests that ran meanwhile, on this thread or another, are
//! answered without writing again). A request is answered only once its record is written, and records reach
//! the file in the order the requests ran, so a kill loses nothing that was answered; an answer never depends on
//! a record that is not in the file, because any request that ran later has a later record.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use super::front_door::{Reply, Request};
use super::refused::{self, RefusedLog};
use crate::api::ErrorResponse;
use crate::engine::error::{ApiError, ErrorType};
use crate::engine::messages;
use crate::session::store::Sink;
use crate::session::{HistoryEntry, Session, SessionError};

/// How many times a request lets its thread serve others before it waits for the journal's writer.
const COMMIT_YIELDS: usize = 3;

pub struct SharedSession {
    session: Mutex<Option<Session>>,
    /// Requests answered before the engine, kept while a live view watches (see refused.rs).
    pub refused: RefusedLog,
    /// Requests run through `execute`: a live view polls it (without the lock) to know when to look again.
    served: AtomicU64,
    /// The journal's writer, when the session has one (a session file open for writing).
    sink: Option<Arc<Sink>>,
}

impl SharedSession {
    pub fn new(mut session: Session) -> SharedSession {
        let sink = session.defer_journal_writes();
        SharedSession {
            session: Mutex::new(Some(session)),
            refused: RefusedLog::default(),
            served: AtomicU64::new(0),
            sink,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Option<Session>> {
        // A panic while the lock was held is caught below and answered with a 500; the session itself is still
        // consistent (requests are applied all-or-nothing), so keep serving rather than poisoning every request.
        self.session.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Run one request, make it durable, and encode DynamoDB's answer in `content_type`.
    pub async fn execute(
        &self,
        operation: &str,
        request: Request,
        content_type: &'static str,
    ) -> Reply {
        let Some(outcome) = self.run(operation, request) else {
            // Shutting down: the session is being saved.
            return internal_error(content_type, refused::SHUTTING_DOWN);
        };
        let outcome = match outcome {
            Ok(Ok((entry, seq))) => Ok(self.commit(seq).await.map(|()| entry)),
            Ok(Err(e)) => Ok(Err(e)),
            Err(e) => Err(e),
        };
        self.served.fetch_add(1, Ordering::Release);
        match outcome {
            Ok(Ok(Some(entry))) => Reply::new(
                entry.status,
                Some(content_type),
                serde_json::to_vec(&entry.response).unwrap_or_default(),
            ),
            Ok(Ok(None)) => internal_error(content_type, refused::NOT_RECORDED),
            Ok(Err(e)) => {
                eprintln!("txlab serve: the request ran but could not be saved: {e}");
                internal_error(content_type, refused::NOT_SAVED)
            }
            Err(_) => {
                eprintln!("txlab serve: a {operation} request made the engine fail; it was answered with a 500");
                internal_error(content_type, refused::ENGINE_FAILED)
            }
        }
    }

    /// Run one request under the lock: its history entry and its journal record's sequence number (`None` once
    /// the session was taken; `Err` when the engine panicked).
    #[allow(clippy::type_complexity)]
    fn run(
        &self,
        operation: &str,
        request: Request,
    ) -> Option<std::thread::Result<Result<(Option<Arc<HistoryEntry>>, u64), SessionError>>> {
        let mut guard = self.lock();
        let session = guard.as_mut()?;
        Some(catch_unwind(AssertUnwindSafe(|| {
            let done = match request {
                Request::Plain(body) => session.execute_plain("http", *body).map(|_| ()),
                Request::Value(request) => session
                    .execute_owned("http", operation, request)
                    .map(|_| ()),
            };
            done.map(|()| (session.last_entry_shared(), session.journal_seq()))
        })))
    }

    /// Take the session out (on shutdown); later requests are answered with a 500.
    pub fn take(&self) -> Option<Session> {
        self.lock().take()
    }

    /// Look at the session (tests, a live view).
    pub fn with<R>(&self, f: impl FnOnce(&Session) -> R) -> Option<R> {
        self.lock().as_ref().map(f)
    }

    /// Change the session under the lock (a live view running its own requests); `None` once it was taken.
    /// What `f` journaled is written before this returns (a failed write leaves the session unsaved).
    pub fn with_mut<R>(&self, f: impl FnOnce(&mut Session) -> R) -> Option<R> {
        let mut guard = self.lock();
        let session = guard.as_mut()?;
        let r = f(session);
        let seq = session.journal_seq();
        drop(guard);
        if let Some(sink) = &self.sink {
            let _ = sink.commit(seq);
        }
        Some(r)
    }

    /// Wait until the journal record `seq` is written. Other requests that ran on this thread meanwhile (their
    /// connections were ready at the same time) get to queue theirs first, so that one write carries them all;
    /// while another thread is writing, this one serves its other connections (a few times, then it waits).
    ///
    /// Without a journal, the request still lets the thread's other ready connections run theirs first (once):
    /// their answers are then written one right after the other, so a client waiting on several connections
    /// is woken once for all of them rather than once per answer. On a 2-CPU machine waking the client was
    /// about a fifth of the server's CPU time per request (`sock_def_readable` in a profile) and most of the
    /// client's; with one yield the client slept 0.5 times per request instead of 0.95 (benches/http_load).
    async fn commit(&self, seq: u64) -> Result<(), SessionError> {
        let Some(sink) = &self.sink else {
            tokio::task::yield_now().await;
            return Ok(());
        };
        for _ in 0..COMMIT_YIELDS {
            if sink.is_done(seq) {
                break;
            }
            tokio::task::yield_now().await;
            if let Some(done) = sink.try_commit(seq) {
                return done.map_err(Into::into);
            }
        }
        sink.commit(seq).map_err(Into::into)
    }

    /// How many requests `execute` has answered since the server started.
    pub fn served(&self) -> u64 {
        self.served.load(Ordering::Acquire)
    }
}

/// DynamoDB's 500, and why (for a live view: the answer itself says no more than DynamoDB's would).
fn internal_error(content_type: &'static str, why: &'static str) -> Reply {
    let mut reply = Reply::error(
        &ErrorResponse::from(ApiError::new(
            ErrorType::InternalServerError,
            messages::INTERNAL_SERVER_ERROR,
        )),
        content_type,
    );
    reply.failure = Some(why);
    reply
}
