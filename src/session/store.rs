//! The session's files: a snapshot (`session.json`) plus a journal of records appended after it
//! (`session.json.journal`, JSON lines), guarded by a lock file (`session.json.lock`).
//!
//! Why a journal: a command's change must be on disk once it has answered, and rewriting a large snapshot per
//! command would be far too slow for the HTTP endpoint. Appending one line is cheap; the journal is folded
//! into the snapshot on exit and when it grows.
//!
//! Durability: a record is `write`n before the command answers. That survives `kill -9` of txlab (the data is
//! in the kernel's page cache); `fsync` happens when folding, so a power loss can cost at most the unfolded
//! tail. A kill in the middle of a `write` can leave a torn last line: it belongs to a command that never
//! answered, so it is dropped on the next open. The HTTP endpoint writes records by group commit (`sink.rs`):
//! still before each answer, but one `write` for all the requests that ran meanwhile.
//!
//! Folding is crash-safe: the snapshot is written to a temporary file, synced, and renamed over the old one;
//! it records the sequence number of the last journal record it contains (`journal_seq`), so a crash after
//! the rename but before the journal is emptied cannot apply a record twice.
//!
//! Folding in the background (`fold_in_background`, what a growing journal triggers): the journal is first
//! set aside as `session.json.journal.old` (a rename; new records go to a fresh journal at once), then a thread
//! writes the snapshot as above and removes the old journal. Loading reads the snapshot, then the old journal,
//! then the journal, skipping every record the snapshot (or an earlier file) already holds; so a kill at any
//! point of a background fold loads the last answered state. See `store/fold.rs`.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

mod fold;
mod sink;

pub use sink::Sink;

/// The snapshot format this txlab reads and writes.
pub const FORMAT: u64 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenMode {
    ReadWrite,
    /// Look without changing anything: no lock is taken and nothing is ever written.
    ReadOnly,
}

/// A problem with the session files. The message names the file and says what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for StoreError {}

/// What was on disk when the store was opened.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The snapshot's text (its `format` checked); `None` when there was no file.
    pub snapshot: Option<String>,
    /// Journal records newer than the snapshot, oldest first, without their `seq` member.
    pub journal: Vec<Value>,
}

pub struct Store {
    path: PathBuf,
    journal_path: PathBuf,
    /// Where the journal is set aside while a background fold writes the snapshot.
    old_journal_path: PathBuf,
    /// The background fold, while one runs (or until its result is collected).
    folding: Option<std::thread::JoinHandle<Result<(), StoreError>>>,
    mode: OpenMode,
    _lock: Option<File>,
    /// The journal file, written through a queue that serving threads can commit outside the session's lock.
    sink: Arc<Sink>,
    /// Leave queued records for the caller to `commit` (the HTTP endpoint's group commit); otherwise each append
    /// writes before it returns.
    defer_writes: bool,
    /// Sequence number of the last record written or loaded.
    seq: u64,
    /// Records in the journal file now (for deciding when to fold).
    journal_records: usize,
    /// The buffer journal lines are encoded in, kept between records.
    line: Vec<u8>,
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

/// The session's lock, tried for a moment before giving up. A lock (flock) is held by every copy of its file
/// descriptor: when any thread of this process starts a program, the child holds a copy from its fork until its
/// exec closes it (close-on-exec), and a txlab that has just closed the session may still be exiting. Either way
/// the lock is free a few milliseconds later; refusing at once would call a closed session "open in another
/// txlab". A session really open elsewhere is refused after 250 ms.
fn try_lock_patiently(file: &File) -> Result<(), std::fs::TryLockError> {
    const ATTEMPTS: u32 = 25;
    let mut attempt = 1;
    loop {
        match file.try_lock() {
            Err(std::fs::TryLockError::WouldBlock) if attempt < ATTEMPTS => {
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> StoreError {
    StoreError(format!("cannot {what} {}: {e}", path.display()))
}

impl Store {
    /// Open (or, in read-write mode, prepare to create) the session at `path` and read what it holds.
    pub fn open(path: &Path, mode: OpenMode) -> Result<(Store, Loaded), StoreError> {
        let journal_path = sibling(path, ".journal");
        let lock = if mode == OpenMode::ReadWrite {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| io_error("create the folder", dir, e))?;
            }
            let lock_path = sibling(path, ".lock");
            let file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&lock_path)
                .map_err(|e| io_error("open the lock file", &lock_path, e))?;
            match try_lock_patiently(&file) {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(StoreError(format!(
                        "the session {} is open in another txlab; close that one, or open this one with --read-only",
                        path.display()
                    )))
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io_error("lock", &lock_path, e)),
            }
            Some(file)
        } else {
            None
        };

        let old_journal_path = sibling(path, ".journal.old");
        let (snapshot, snapshot_seq) = read_snapshot(path)?;
        // A journal set aside by a background fold that did not finish, then the journal: each holds only
        // records newer than what comes before it.
        let (mut journal, old_seq, _, old_records) = read_journal(&old_journal_path, snapshot_seq)?;
        let (newer, last_seq, valid_len, total_records) =
            read_journal(&journal_path, snapshot_seq.max(old_seq))?;
        journal.extend(newer);

        if mode == OpenMode::ReadWrite && old_journal_path.exists() {
            // A kill while a failed fold's records were being added to the old journal can leave its last line
            // torn (the journal still holds that record): cut it, so that the next records appended follow a
            // whole line.
            fold::cut_torn_tail(&old_journal_path)?;
        }
        let journal_file = if mode == OpenMode::ReadWrite {
            let mut file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .read(true)
                .write(true)
                .open(&journal_path)
                .map_err(|e| io_error("open the journal", &journal_path, e))?;
            // Drop a torn last line: its command never answered.
            file.set_len(valid_len)
                .map_err(|e| io_error("repair the journal", &journal_path, e))?;
            file.seek(SeekFrom::End(0))
                .map_err(|e| io_error("open the journal", &journal_path, e))?;
            Some(file)
        } else {
            None
        };

        let seq = last_seq.max(old_seq).max(snapshot_seq);
        let sink = Sink::new(journal_path.clone(), journal_file, valid_len, seq);
        let store = Store {
            path: path.to_path_buf(),
            journal_path,
            old_journal_path,
            folding: None,
            mode,
            _lock: lock,
            sink: Arc::new(sink),
            defer_writes: false,
            seq,
            journal_records: old_records + total_records,
            line: Vec::new(),
        };
        Ok((store, Loaded { snapshot, journal }))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn mode(&self) -> OpenMode {
        self.mode
    }

    /// Records in the journal file, folded or not; the caller folds when this grows.
    pub fn journal_records(&self) -> usize {
        self.journal_records
    }

    /// Append one record; when this returns, the record survives a kill of this process.
    pub fn append(&mut self, record: &Value) -> Result<(), StoreError> {
        self.append_many(std::slice::from_ref(record))
    }

    /// Append several records with one write.
    pub fn append_many(&mut self, records: &[Value]) -> Result<(), StoreError> {
        let mut buf = Vec::with_capacity(256 * records.len());
        for record in records {
            self.encode_line(&mut buf, record)?;
        }
        self.write_lines(&buf, records.len())
    }

    /// Append one record given as anything that serializes to a JSON object (no `Value` needs to be built).
    pub fn append_record<T: serde::Serialize>(&mut self, record: &T) -> Result<(), StoreError> {
        let mut buf = Vec::with_capacity(512);
        self.encode_line(&mut buf, record)?;
        self.write_lines(&buf, 1)
    }

    /// Append a `request` record whose request is given as its JSON text, written as it is (one line: the text
    /// must hold no line break).
    pub fn append_request_text(
        &mut self,
        source: &str,
        operation: &str,
        request: &str,
        now: u64,
    ) -> Result<(), StoreError> {
        if self.mode == OpenMode::ReadOnly {
            return Err(self.read_only_error());
        }
        self.seq += 1;
        let mut buf = std::mem::take(&mut self.line);
        buf.clear();
        // Written piece by piece, without `fmt` (this runs for every request the HTTP endpoint serves).
        buf.extend_from_slice(b"{\"seq\":");
        let encoded = serde_json::to_writer(&mut buf, &self.seq)
            .and_then(|()| {
                buf.extend_from_slice(b",\"op\":\"request\",\"source\":");
                push_json_str(&mut buf, source)?;
                buf.extend_from_slice(b",\"operation\":");
                push_json_str(&mut buf, operation)?;
                buf.extend_from_slice(b",\"request\":");
                buf.extend_from_slice(request.trim().as_bytes());
                buf.extend_from_slice(b",\"now\":");
                serde_json::to_writer(&mut buf, &now)?;
                buf.extend_from_slice(b"}\n");
                Ok(())
            })
            .map_err(|e| StoreError(format!("cannot encode a journal record: {e}")));
        let written = encoded.and_then(|()| self.write_lines(&buf, 1));
        self.line = buf;
        written
    }

    /// `{"seq":N,<the record's members>}` and a newline, without copying the record.
    fn encode_line<T: serde::Serialize>(
        &mut self,
        buf: &mut Vec<u8>,
        record: &T,
    ) -> Result<(), StoreError> {
        if self.mode == OpenMode::ReadOnly {
            return Err(self.read_only_error());
        }
        self.seq += 1;
        let start = buf.len();
        buf.extend_from_slice(b"{\"seq\":");
        buf.extend_from_slice(self.seq.to_string().as_bytes());
        let members = buf.len();
        serde_json::to_writer(&mut *buf, record)
            .map_err(|e| StoreError(format!("cannot encode a journal record: {e}")))?;
        match buf.get(members) {
            // An object: splice its members after `seq`.
            Some(b'{') if buf.get(members + 1) == Some(&b'}') => {
                buf.truncate(members);
                buf.push(b'}');
            }
            Some(b'{') => {
                if let Some(b) = buf.get_mut(members) {
                    *b = b',';
                }
            }
            // Anything else is kept under "record".
            _ => {
                let value = buf.split_off(members);
                buf.truncate(start);
                buf.extend_from_slice(b"{\"seq\":");
                buf.extend_from_slice(self.seq.to_string().as_bytes());
                buf.extend_from_slice(b",\"record\":");
                buf.extend_from_slice(&value);
                buf.push(b'}');
            }
        }
        buf.push(b'\n');
        Ok(())
    }

    fn read_only_error(&self) -> StoreError {
        StoreError(format!(
            "the session {} is open read-only",
            self.path.display()
        ))
    }

    fn write_lines(&mut self, buf: &[u8], records: usize) -> Result<(), StoreError> {
        if self.mode == OpenMode::ReadOnly {
            return Err(self.read_only_error());
        }
        self.sink.queue(buf, self.seq);
        self.journal_records += records;
        if self.defer_writes {
            return Ok(());
        }
        self.sink.commit(self.seq)
    }

    /// From now on, appends only queue their records: the caller answers a request once `sink().commit(seq)`
    /// returned for its record's `seq()` (the HTTP endpoint, so that one write serves every request that ran
    /// meanwhile, outside the session's lock).
    pub fn defer_writes(&mut self) {
        self.defer_writes = true;
    }

    /// The journal's writer, for `commit`.
    pub fn sink(&self) -> &Arc<Sink> {
        &self.sink
    }

    /// Sequence number of the last record appended.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// Write `snapshot` (anything that serializes to an object; `format` and `journal_seq` are added here) as
    /// the new session file and empty the journal, now (after a background fold still running, if any).
    pub fn fold<T: serde::Serialize>(&mut self, snapshot: T) -> Result<(), StoreError> {
        if self.mode == OpenMode::ReadOnly {
            return Err(self.read_only_error());
        }
        // Whatever the background fold did, this fold writes everything.
        let _ = self.finish_fold();
        fold::write_snapshot(&self.path, self.seq, &snapshot)?;
        let mut w = self.sink.writer();
        // Records still queued are in the snapshot: they need no writing.
        self.sink.settle(&mut w, self.seq);
        if let Some(file) = w.file.as_mut() {
            file.set_len(0)
                .map_err(|e| io_error("empty", &self.journal_path, e))?;
            file.seek(SeekFrom::Start(0))
                .map_err(|e| io_error("empty", &self.journal_path, e))?;
            let _ = file.sync_all();
        }
        w.len = 0;
        drop(w);
        fold::remove_if_there(&self.old_journal_path)?;
        self.journal_records = 0;
        Ok(())
    }
}

/// `s` as a JSON string, the bytes serde_json writes: between quotes as it is when nothing in it needs an escape
/// (sources and operation names), else by serde_json.
fn push_json_str(buf: &mut Vec<u8>, s: &str) -> Result<(), serde_json::Error> {
    let plain = s
        .bytes()
        .fold(true, |ok, b| ok & (b >= 0x20) & (b != b'"') & (b != b'\\'));
    if !plain {
        return serde_json::to_writer(buf, s);
    }
    buf.push(b'"');
    buf.extend_from_slice(s.as_bytes());
    buf.push(b'"');
    Ok(())
}

/// The members read before the rest: the snapshot is read twice, once for these (cheaply, skipping the rest)
/// and once, typed, for everything else, so that no generic JSON tree of the whole file is ever built.
#[derive(serde::Deserialize)]
struct Header {
    format: Option<Value>,
    journal_seq: Option<u64>,
}

/// `{"format": 1, "journal_seq": N, ...` at the very start of the text: `Some(N)`; anything else (another
/// format, another order, other spacing than JSON whitespace) is left to the full header read.
fn quick_header(text: &str) -> Option<u64> {
    fn ws(s: &str) -> &str {
        s.trim_start_matches([' ', '\n', '\r', '\t'])
    }
    fn number(s: &str) -> Option<(u64, &str)> {
        let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let n = s.get(..end)?.parse().ok()?;
        Some((n, s.get(end..)?))
    }
    let rest = ws(text).strip_prefix('{')?;
    let rest = ws(ws(rest).strip_prefix("\"format\"")?).strip_prefix(':')?;
    let (format, rest) = number(ws(rest))?;
    if format != FORMAT {
        return None;
    }
    let rest = ws(ws(rest).strip_prefix(',')?).strip_prefix("\"journal_seq\"")?;
    let (seq, rest) = number(ws(ws(rest).strip_prefix(':')?))?;
    matches!(ws(rest).chars().next(), Some(',' | '}')).then_some(seq)
}

fn read_snapshot(path: &Path) -> Result<(Option<String>, u64), StoreError> {
    let mut text = String::new();
    match File::open(path) {
        Ok(mut f) => {
            f.read_to_string(&mut text)
                .map_err(|e| io_error("read", path, e))?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((None, 0)),
        Err(e) => return Err(io_error("open", path, e)),
    }
    // The file txlab writes begins with these two members: read them from the first bytes when they are there,
    // so that a large session is parsed once (its syntax is then checked by the typed read).
    if let Some(seq) = quick_header(&text) {
        return Ok((Some(text), seq));
    }
    if !text.trim_start().starts_with('{') {
        // Not an object: either not JSON at all, or JSON of another kind.
        let what = match serde_json::from_str::<serde::de::IgnoredAny>(&text) {
            Ok(_) => "does not hold a JSON object".to_string(),
            Err(e) => format!("is not valid JSON ({e})"),
        };
        return Err(StoreError(format!(
            "the session file {} {what}; it was left untouched",
            path.display()
        )));
    }
    let header: Header = crate::api::parse_json_as(text.as_bytes()).map_err(|e| {
        StoreError(format!(
            "the session file {} is not valid JSON ({e}); it was left untouched",
            path.display()
        ))
    })?;
    match header.format {
        Some(Value::Number(n)) if n.as_u64() == Some(FORMAT) => {}
        Some(other) => {
            return Err(StoreError(format!(
                "the session file {} has format {other}, which this txlab does not know (it reads format {FORMAT}); it was left untouched",
                path.display()
            )))
        }
        None => {
            return Err(StoreError(format!(
                "the session file {} has no \"format\" member, so it is not a txlab session; it was left untouched",
                path.display()
            )))
        }
    }
    Ok((Some(text), header.journal_seq.unwrap_or(0)))
}

/// Returns the records newer than `after_seq`, the last sequence number seen, the byte length of the valid
/// prefix (a torn last line is cut off), and the number of records in the file.
fn read_journal(path: &Path, after_seq: u64) -> Result<(Vec<Value>, u64, u64, usize), StoreError> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), 0, 0, 0)),
        Err(e) => return Err(io_error("open", path, e)),
    };
    let mut reader = BufReader::new(file);
    let mut records = Vec::new();
    let mut valid_len = 0u64;
    let mut last_seq = 0u64;
    let mut count = 0usize;
    let mut line = Vec::new();
    let mut line_no = 0usize;
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| io_error("read", path, e))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let complete = line.last() == Some(&b'\n');
        // Requests may nest deeper than serde_json's default limit of 128.
        let parsed: Result<Value, _> = crate::api::parse_json(&line);
        let record = match parsed {
            Ok(Value::Object(map)) if complete => map,
            _ => {
                // Only the last line may be torn; anything else means the journal was damaged.
                let mut rest = Vec::new();
                reader
                    .read_to_end(&mut rest)
                    .map_err(|e| io_error("read", path, e))?;
                if rest.iter().all(|b| b.is_ascii_whitespace()) {
                    break;
                }
                return Err(StoreError(format!(
                    "the journal {} is damaged at line {line_no}; it was left untouched",
                    path.display()
                )));
            }
        };
        valid_len += n as u64;
        count += 1;
        let mut record = record;
        let seq = record.remove("seq").and_then(|v| v.as_u64()).unwrap_or(0);
        last_seq = last_seq.max(seq);
        if seq > after_seq {
            records.push(Value::Object(record));
        }
    }
    Ok((records, last_seq, valid_len, count))
}

#[cfg(test)]
mod tests {
    /// The journal's request records write sources and operation names as serde_json would.
    #[test]
    fn json_strings_are_written_as_serde_json_writes_them() {
        for s in [
            "http",
            "TransactWriteItems",
            "",
            "a\"b",
            "a\\b",
            "tab\t",
            "\u{7f}",
            "é✓",
            "\u{1}",
        ] {
            let mut ours = Vec::new();
            assert!(super::push_json_str(&mut ours, s).is_ok());
            assert_eq!(ours, serde_json::to_vec(s).unwrap_or_default(), "{s:?}");
        }
    }
}
