//! Writing the snapshot, now or in the background.
//!
//! A background fold must not hold up the requests that keep coming (with a large session, encoding and
//! syncing the snapshot takes a tenth of a second or more). So the caller hands over an image of the session as
//! it is after the last journal record (cheap to make: items and history entries are shared, not copied), and:
//!
//! 1. now, on the caller's thread: the journal is set aside as `.journal.old` (a rename) and a fresh journal
//!    takes the next records;
//! 2. on a thread: the image is encoded straight into a temporary file (no copy of the text in memory), synced,
//!    renamed over the snapshot, the folder synced; then `.journal.old` is removed.
//!
//! At every point a kill leaves files that load as the last answered state: before step 1 ends, the journal is
//! whole under one of its two names; during step 2 the old snapshot, the old journal and the fresh journal hold
//! everything; after the rename the new snapshot holds what the old journal held (its `journal_seq` says so, and
//! the loader skips those records). If a fold fails (a full disk), the old journal stays; the next fold first
//! appends the journal to it, so the two files still hold everything in order (a kill between the append and
//! the truncation leaves some records in both: the loader skips the second copies by their sequence number).

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::{io_error, sibling, OpenMode, Store, StoreError, FORMAT};

/// The file's first two members, then the snapshot's.
#[derive(serde::Serialize)]
struct Document<'a, T> {
    format: u64,
    journal_seq: u64,
    #[serde(flatten)]
    snapshot: &'a T,
}

/// Write `snapshot` as the session file at `path`: a temporary file, synced, renamed over, the folder synced.
pub(super) fn write_snapshot<T: serde::Serialize>(
    path: &Path,
    seq: u64,
    snapshot: &T,
) -> Result<(), StoreError> {
    let tmp = sibling(path, ".tmp");
    let file = File::create(&tmp).map_err(|e| io_error("create", &tmp, e))?;
    let mut out = BufWriter::with_capacity(1 << 18, file);
    let document = Document {
        format: FORMAT,
        journal_seq: seq,
        snapshot,
    };
    serde_json::to_writer_pretty(&mut out, &document).map_err(|e| {
        StoreError(format!(
            "cannot write the session to {}: {e}",
            tmp.display()
        ))
    })?;
    out.write_all(b"\n")
        .map_err(|e| io_error("write", &tmp, e))?;
    let file = out
        .into_inner()
        .map_err(|e| io_error("write", &tmp, e.into_error()))?;
    file.sync_all().map_err(|e| io_error("sync", &tmp, e))?;
    drop(file);
    std::fs::rename(&tmp, path).map_err(|e| io_error("replace", path, e))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Cut a journal file after its last whole line.
pub(super) fn cut_torn_tail(path: &Path) -> Result<(), StoreError> {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .map_err(|e| io_error("open", path, e))?;
    let mut text = Vec::new();
    file.read_to_end(&mut text)
        .map_err(|e| io_error("read", path, e))?;
    let whole = text.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    if whole < text.len() {
        file.set_len(whole as u64)
            .map_err(|e| io_error("repair", path, e))?;
    }
    Ok(())
}

pub(super) fn remove_if_there(path: &Path) -> Result<(), StoreError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_error("remove", path, e)),
    }
}

impl Store {
    /// Whether a background fold is still running.
    pub fn is_folding(&self) -> bool {
        self.folding.as_ref().is_some_and(|h| !h.is_finished())
    }

    /// Wait for the background fold, if one runs, and return how it ended.
    pub fn finish_fold(&mut self) -> Result<(), StoreError> {
        match self.folding.take() {
            None => Ok(()),
            Some(handle) => handle
                .join()
                .unwrap_or_else(|_| Err(StoreError("the background fold failed".into()))),
        }
    }

    /// Fold `snapshot` (the session as it is after the last record written) in the background. Returns
    /// `Ok(false)`, doing nothing, while the previous background fold still runs; the error of a previous fold
    /// that failed is returned once (this fold is started all the same, and covers what that one did not).
    pub fn fold_in_background<T: serde::Serialize + Send + 'static>(
        &mut self,
        snapshot: T,
    ) -> Result<bool, StoreError> {
        if self.mode == OpenMode::ReadOnly {
            return Err(self.read_only_error());
        }
        if self.is_folding() {
            return Ok(false);
        }
        let previous = self.finish_fold();
        self.set_journal_aside()?;
        let (path, old, seq) = (self.path.clone(), self.old_journal_path.clone(), self.seq);
        let handle = std::thread::Builder::new()
            .name("txlab-fold".into())
            .spawn(move || {
                write_snapshot(&path, seq, &snapshot)?;
                remove_if_there(&old)
            })
            .map_err(|e| StoreError(format!("cannot start folding the session: {e}")))?;
        self.folding = Some(handle);
        previous.map(|()| true)
    }

    /// Step 1: the journal's records move to `.journal.old` (renamed, or appended when a failed fold left
    /// one), and the journal starts empty.
    fn set_journal_aside(&mut self) -> Result<(), StoreError> {
        if self.mode == OpenMode::ReadOnly {
            return Err(self.read_only_error());
        }
        // Everything queued goes to the journal being set aside (it is in the image being folded).
        let sink = self.sink.clone();
        let mut w = sink.writer();
        sink.write_queued(&mut w);
        let Some(journal) = w.file.as_mut() else {
            return Err(self.read_only_error());
        };
        if self.old_journal_path.exists() {
            // A fold failed (or a kill stopped one): keep adding to its old journal, after its last whole line.
            cut_torn_tail(&self.old_journal_path)?;
            let mut records = Vec::new();
            journal
                .seek(SeekFrom::Start(0))
                .and_then(|_| journal.read_to_end(&mut records))
                .map_err(|e| io_error("read", &self.journal_path, e))?;
            OpenOptions::new()
                .append(true)
                .open(&self.old_journal_path)
                .and_then(|mut old| old.write_all(&records))
                .map_err(|e| io_error("write", &self.old_journal_path, e))?;
            journal
                .set_len(0)
                .and_then(|()| journal.seek(SeekFrom::Start(0)).map(|_| ()))
                .map_err(|e| io_error("empty", &self.journal_path, e))?;
            w.len = 0;
        } else {
            std::fs::rename(&self.journal_path, &self.old_journal_path)
                .map_err(|e| io_error("set aside", &self.journal_path, e))?;
            let fresh = OpenOptions::new()
                .create_new(true)
                .read(true)
                .write(true)
                .open(&self.journal_path);
            match fresh {
                Ok(file) => {
                    w.file = Some(file);
                    w.len = 0;
                }
                Err(e) => {
                    // Put it back: the records must keep going where the loader reads them.
                    let _ = std::fs::rename(&self.old_journal_path, &self.journal_path);
                    return Err(io_error("create", &self.journal_path, e));
                }
            }
        }
        self.journal_records = 0;
        Ok(())
    }
}

impl Drop for Store {
    /// Records still queued are written, and a background fold finishes before the lock is let go, so that no
    /// other txlab reads the files half-way.
    fn drop(&mut self) {
        let mut w = self.sink.writer();
        self.sink.write_queued(&mut w);
        drop(w);
        let _ = self.finish_fold();
    }
}
