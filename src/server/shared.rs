//! The one Session every connection shares.
//!
//! The engine is single-writer: requests run one at a time under a mutex, so each transaction is atomic and
//! isolated by construction (no other request can observe or interleave with its writes). The lock is held only
//! for `Session::execute` (which runs the request, records it in the history with its trace and appends it to
//! the journal before returning) and for encoding the response body; reading and parsing bodies, and writing
//! responses, happen outside it, on as many threads as the runtime has.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use super::front_door::{Reply, Request};
use super::refused::RefusedLog;
use crate::api::ErrorResponse;
use crate::engine::error::{ApiError, ErrorType};
use crate::engine::messages;
use crate::session::Session;

pub struct SharedSession {
    session: Mutex<Option<Session>>,
    /// Requests answered before the engine, kept while a live view watches (see refused.rs).
    pub refused: RefusedLog,
    /// Requests run through `execute`: a live view polls it (without the lock) to know when to look again.
    served: AtomicU64,
}

impl SharedSession {
    pub fn new(session: Session) -> SharedSession {
        SharedSession {
            session: Mutex::new(Some(session)),
            refused: RefusedLog::default(),
            served: AtomicU64::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Option<Session>> {
        // A panic while the lock was held is caught below and answered with a 500; the session itself is still
        // consistent (requests are applied all-or-nothing), so keep serving rather than poisoning every request.
        self.session.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Run one request and encode DynamoDB's answer in `content_type`.
    pub fn execute(&self, operation: &str, request: Request, content_type: &'static str) -> Reply {
        let mut guard = self.lock();
        let Some(session) = guard.as_mut() else {
            // Shutting down: the session is being saved.
            return internal_error(content_type);
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let done = match request {
                Request::Plain(body) => session.execute_plain("http", *body),
                Request::Value(request) => session.execute_owned("http", operation, request),
            };
            match done {
                Ok(entry) => Ok(Reply::new(
                    entry.status,
                    Some(content_type),
                    serde_json::to_vec(&entry.response).unwrap_or_default(),
                )),
                Err(e) => Err(e),
            }
        }));
        drop(guard);
        self.served.fetch_add(1, Ordering::Release);
        match outcome {
            Ok(Ok(reply)) => reply,
            Ok(Err(e)) => {
                eprintln!("txlab serve: the request ran but could not be saved: {e}");
                internal_error(content_type)
            }
            Err(_) => {
                eprintln!("txlab serve: a {operation} request made the engine fail; it was answered with a 500");
                internal_error(content_type)
            }
        }
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
    pub fn with_mut<R>(&self, f: impl FnOnce(&mut Session) -> R) -> Option<R> {
        self.lock().as_mut().map(f)
    }

    /// How many requests `execute` has answered since the server started.
    pub fn served(&self) -> u64 {
        self.served.load(Ordering::Acquire)
    }
}

fn internal_error(content_type: &'static str) -> Reply {
    Reply::error(
        &ErrorResponse::from(ApiError::new(
            ErrorType::InternalServerError,
            messages::INTERNAL_SERVER_ERROR,
        )),
        content_type,
    )
}
