//! The session files: snapshot + journal + lock.

use serde_json::{json, Value};
use txlab::session::store::{OpenMode, Store};

fn tmp() -> tempdir::Dir {
    tempdir::Dir::new()
}

mod tempdir {
    use std::path::PathBuf;
    pub struct Dir(pub PathBuf);
    impl Dir {
        pub fn new() -> Dir {
            static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let p = std::env::temp_dir().join(format!("txlab-store-{}-{n}", std::process::id()));
            let _ = std::fs::remove_dir_all(&p);
            std::fs::create_dir_all(&p).unwrap();
            Dir(p)
        }
        pub fn file(&self, name: &str) -> PathBuf {
            self.0.join(name)
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn obj(v: Value) -> serde_json::Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => unreachable!(),
    }
}

#[test]
fn journal_records_survive_a_reopen_and_fold_empties_the_journal() {
    let dir = tmp();
    let path = dir.file("session.json");
    {
        let (mut store, loaded) = Store::open(&path, OpenMode::ReadWrite).unwrap();
        assert!(loaded.snapshot.is_none());
        store.append(&json!({"op": "a"})).unwrap();
        store.append(&json!({"op": "b"})).unwrap();
    }
    let (mut store, loaded) = Store::open(&path, OpenMode::ReadWrite).unwrap();
    assert_eq!(loaded.journal, vec![json!({"op": "a"}), json!({"op": "b"})]);
    store.fold(obj(json!({"tables": {"T": 1}}))).unwrap();
    store.append(&json!({"op": "c"})).unwrap();
    drop(store);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"format\": 1"), "{text}");
    let (_store, loaded) = Store::open(&path, OpenMode::ReadWrite).unwrap();
    let snapshot: serde_json::Value = serde_json::from_str(&loaded.snapshot.unwrap()).unwrap();
    assert_eq!(snapshot.get("tables"), Some(&json!({"T": 1})));
    assert_eq!(loaded.journal, vec![json!({"op": "c"})]);
}

#[test]
fn a_torn_last_line_is_dropped_and_the_rest_is_kept() {
    let dir = tmp();
    let path = dir.file("s.json");
    {
        let (mut store, _) = Store::open(&path, OpenMode::ReadWrite).unwrap();
        store.append(&json!({"op": "kept"})).unwrap();
    }
    let journal = dir.file("s.json.journal");
    let mut text = std::fs::read(&journal).unwrap();
    text.extend_from_slice(b"{\"seq\":2,\"op\":\"to");
    std::fs::write(&journal, &text).unwrap();
    {
        let (mut store, loaded) = Store::open(&path, OpenMode::ReadWrite).unwrap();
        assert_eq!(loaded.journal, vec![json!({"op": "kept"})]);
        store.append(&json!({"op": "next"})).unwrap();
    }
    let (_s, loaded) = Store::open(&path, OpenMode::ReadWrite).unwrap();
    assert_eq!(
        loaded.journal,
        vec![json!({"op": "kept"}), json!({"op": "next"})]
    );
}

#[test]
fn records_already_folded_are_not_replayed_after_a_crash_between_rename_and_truncate() {
    let dir = tmp();
    let path = dir.file("s.json");
    let journal = dir.file("s.json.journal");
    {
        let (mut store, _) = Store::open(&path, OpenMode::ReadWrite).unwrap();
        store.append(&json!({"op": "one"})).unwrap();
        let saved = std::fs::read(&journal).unwrap();
        store.fold(obj(json!({"n": 1}))).unwrap();
        // Simulate the crash: the journal still holds the folded record.
        std::fs::write(&journal, saved).unwrap();
    }
    let (_s, loaded) = Store::open(&path, OpenMode::ReadWrite).unwrap();
    assert!(loaded.journal.is_empty(), "{:?}", loaded.journal);
}

#[test]
fn a_second_writer_is_refused_but_a_reader_may_look() {
    let dir = tmp();
    let path = dir.file("s.json");
    let (_first, _) = Store::open(&path, OpenMode::ReadWrite).unwrap();
    let err = Store::open(&path, OpenMode::ReadWrite).err().unwrap();
    assert!(err.0.contains("is open in another txlab"), "{err}");
    assert!(err.0.contains("--read-only"), "{err}");
    let (mut reader, _) = Store::open(&path, OpenMode::ReadOnly).unwrap();
    assert!(reader.append(&json!({})).is_err());
}

#[test]
fn corrupt_or_unknown_files_are_named_and_never_overwritten() {
    let dir = tmp();
    let path = dir.file("s.json");
    std::fs::write(&path, "{\n  \"format\": 1,\n  \"tables\": [1,\n").unwrap();
    let err = Store::open(&path, OpenMode::ReadWrite).err().unwrap();
    assert!(err.0.contains("s.json is not valid JSON"), "{err}");
    assert!(err.0.contains("line 4 column 0"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "{\n  \"format\": 1,\n  \"tables\": [1,\n"
    );

    std::fs::write(&path, "{\"format\": 2}").unwrap();
    let err = Store::open(&path, OpenMode::ReadWrite).err().unwrap();
    assert!(
        err.0
            .contains("has format 2, which this txlab does not know"),
        "{err}"
    );

    std::fs::write(&path, "[]").unwrap();
    assert!(Store::open(&path, OpenMode::ReadOnly).is_err());
}

#[test]
fn a_damaged_middle_line_is_an_error_not_a_silent_loss() {
    let dir = tmp();
    let path = dir.file("s.json");
    std::fs::write(
        dir.file("s.json.journal"),
        "{\"seq\":1}\ngarbage\n{\"seq\":3}\n",
    )
    .unwrap();
    let err = Store::open(&path, OpenMode::ReadWrite).err().unwrap();
    assert!(err.0.contains("damaged at line 2"), "{err}");
}

#[test]
fn deferred_records_reach_the_file_in_order_with_one_commit_and_a_fold_settles_what_is_queued() {
    let d = tmp();
    let path = d.file("s.json");
    let journal = d.file("s.json.journal");
    {
        let (mut store, _) = Store::open(&path, OpenMode::ReadWrite).unwrap();
        store.defer_writes();
        store.append(&json!({"op": "a"})).unwrap();
        let first = store.seq();
        store.append(&json!({"op": "b"})).unwrap();
        store.append(&json!({"op": "c"})).unwrap();
        let last = store.seq();
        // Queued, not written: a request is not answered yet at this point.
        assert_eq!(std::fs::read(&journal).unwrap().len(), 0);
        assert!(!store.sink().is_done(first));
        // Committing the first record writes everything queued, in order, at once.
        store.sink().commit(first).unwrap();
        assert!(store.sink().is_done(last));
        let text = String::from_utf8(std::fs::read(&journal).unwrap()).unwrap();
        let ops: Vec<&str> = text
            .lines()
            .map(|l| {
                if l.contains("\"a\"") {
                    "a"
                } else if l.contains("\"b\"") {
                    "b"
                } else {
                    "c"
                }
            })
            .collect();
        assert_eq!(ops, ["a", "b", "c"]);
        assert_eq!(store.sink().try_commit(last), Some(Ok(())));
        // Queued records at a fold are in the snapshot: done without being written.
        store.append(&json!({"op": "d"})).unwrap();
        let d_seq = store.seq();
        store.fold(json!({"k": 1})).unwrap();
        assert!(store.sink().is_done(d_seq));
        assert_eq!(std::fs::read(&journal).unwrap().len(), 0);
        // Queued records are written when the store is dropped.
        store.append(&json!({"op": "e"})).unwrap();
    }
    let (_, loaded) = Store::open(&path, OpenMode::ReadWrite).unwrap();
    assert_eq!(loaded.journal, vec![json!({"op": "e"})]);
    assert!(loaded.snapshot.unwrap().contains("\"k\""));
}
