//! The journal file, shared between the threads that serve requests: group commit.
//!
//! Records are queued in sequence order while their requests run (under the session's lock, which orders
//! them), and written by whichever thread commits first, outside the session's lock: one `write` carries every
//! record queued until then. A request is answered only once its record is written (`commit` returned), and a
//! batch is taken from the queue and written while the file's lock is held, so the file holds the records in
//! sequence order and an answered record never follows one that is not in the file. What a kill can lose is
//! therefore only records whose requests were not answered yet, as before.

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, TryLockError};

use super::{io_error, StoreError};

/// Failed batches remembered before they are merged into one range (a full disk fails every batch).
const MAX_LOST_RANGES: usize = 64;

pub struct Sink {
    path: PathBuf,
    /// Holding this lock is being the writer. `None` once the store is read-only.
    writer: Mutex<Writer>,
    queue: Mutex<Queue>,
    /// Every record up to this sequence number was handed to the file (written, or found lost).
    done: AtomicU64,
    /// Some write failed since the last snapshot (`Writer::lost` says which records).
    lost_any: AtomicBool,
}

pub(super) struct Writer {
    pub(super) file: Option<File>,
    /// Bytes in the file: a failed write is cut back to this, so that the next records follow a whole line.
    pub(super) len: u64,
    /// Sequence ranges (inclusive) of records whose write failed: their requests are answered with an error.
    lost: Vec<(u64, u64)>,
    /// What the last failed write said.
    error: String,
}

#[derive(Default)]
struct Queue {
    bytes: Vec<u8>,
    /// Sequence number of the last record queued.
    last_seq: u64,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Nothing here is left half-changed by a panic (the queue is appended to whole lines at a time).
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Sink {
    pub(super) fn new(path: PathBuf, file: Option<File>, len: u64, seq: u64) -> Sink {
        Sink {
            path,
            writer: Mutex::new(Writer {
                file,
                len,
                lost: Vec::new(),
                error: String::new(),
            }),
            queue: Mutex::new(Queue {
                bytes: Vec::new(),
                last_seq: seq,
            }),
            done: AtomicU64::new(seq),
            lost_any: AtomicBool::new(false),
        }
    }

    /// Queue whole lines, the last of which has sequence number `seq`.
    pub(super) fn queue(&self, lines: &[u8], seq: u64) {
        let mut q = lock(&self.queue);
        q.bytes.extend_from_slice(lines);
        q.last_seq = seq;
    }

    /// Whether the record `seq` needs no more writing (it was written, or its write failed).
    pub fn is_done(&self, seq: u64) -> bool {
        self.done.load(Ordering::Acquire) >= seq
    }

    /// Make sure the record `seq` is in the file: write everything queued (unless another thread already did).
    /// Returns an error when its write failed.
    pub fn commit(&self, seq: u64) -> Result<(), StoreError> {
        if let Some(done) = self.written(seq) {
            return done;
        }
        let mut w = self.writer();
        self.commit_with(&mut w, seq)
    }

    /// `commit`, unless another thread is writing right now: then `None` (its write may well carry `seq`; a
    /// serving thread has other connections to serve meanwhile rather than wait).
    pub fn try_commit(&self, seq: u64) -> Option<Result<(), StoreError>> {
        if let Some(done) = self.written(seq) {
            return Some(done);
        }
        let mut w = match self.writer.try_lock() {
            Ok(w) => w,
            Err(TryLockError::Poisoned(e)) => e.into_inner(),
            Err(TryLockError::WouldBlock) => return None,
        };
        Some(self.commit_with(&mut w, seq))
    }

    /// `Some(Ok)` when `seq` is known to be in the file without taking the writer's lock.
    fn written(&self, seq: u64) -> Option<Result<(), StoreError>> {
        (self.is_done(seq) && !self.lost_any.load(Ordering::Acquire)).then_some(Ok(()))
    }

    fn commit_with(&self, w: &mut Writer, seq: u64) -> Result<(), StoreError> {
        if !self.is_done(seq) {
            self.write_queued(w);
        }
        match w.lost.iter().any(|(from, to)| (*from..=*to).contains(&seq)) {
            false => Ok(()),
            true => Err(StoreError(w.error.clone())),
        }
    }

    /// Take the writer's role (the caller holds it while it changes the file itself: folding).
    pub(super) fn writer(&self) -> MutexGuard<'_, Writer> {
        lock(&self.writer)
    }

    /// Write everything queued, with `w` held.
    pub(super) fn write_queued(&self, w: &mut Writer) {
        let (bytes, last_seq) = {
            let mut q = lock(&self.queue);
            (std::mem::take(&mut q.bytes), q.last_seq)
        };
        let first = self.done.load(Ordering::Acquire) + 1;
        if !bytes.is_empty() {
            if let Err(e) = w.append(&bytes) {
                w.error = io_error("write", &self.path, e).0;
                w.lose(first, last_seq);
                self.lost_any.store(true, Ordering::Release);
            }
        }
        self.give_back(bytes);
        self.done.store(last_seq, Ordering::Release);
    }

    /// Forget what is queued: it is in a snapshot just written (every record up to `seq`), and so is everything
    /// lost before.
    pub(super) fn settle(&self, w: &mut Writer, seq: u64) {
        let bytes = {
            let mut q = lock(&self.queue);
            q.last_seq = seq;
            std::mem::take(&mut q.bytes)
        };
        self.give_back(bytes);
        w.lost.clear();
        self.lost_any.store(false, Ordering::Release);
        self.done.store(seq, Ordering::Release);
    }

    /// Whether some record's write failed since the last snapshot.
    pub fn lost_any(&self) -> bool {
        self.lost_any.load(Ordering::Acquire)
    }

    /// Keep the buffer's allocation for the next records.
    fn give_back(&self, mut bytes: Vec<u8>) {
        bytes.clear();
        let mut q = lock(&self.queue);
        if q.bytes.is_empty() && q.bytes.capacity() < bytes.capacity() {
            q.bytes = bytes;
        }
    }
}

impl Writer {
    pub(super) fn append(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let Some(file) = self.file.as_mut() else {
            return Err(std::io::Error::other("the session is open read-only"));
        };
        match file.write_all(bytes) {
            Ok(()) => {
                self.len += bytes.len() as u64;
                Ok(())
            }
            Err(e) => {
                // A part may have been written: cut it, so that the next records follow a whole line.
                let _ = file.set_len(self.len);
                let _ = file.seek(SeekFrom::End(0));
                Err(e)
            }
        }
    }

    fn lose(&mut self, from: u64, to: u64) {
        match self.lost.last_mut() {
            Some(last) if last.1 + 1 == from => last.1 = to,
            _ => self.lost.push((from, to)),
        }
        if self.lost.len() > MAX_LOST_RANGES {
            // Merged into one: records written between failures are then reported lost too (an error for a
            // request that was in fact saved, never the other way round).
            let from = self.lost.first().map_or(from, |r| r.0);
            self.lost = vec![(from, to)];
        }
    }
}
