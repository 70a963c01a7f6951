//! Folding in the background: the journal is set aside, records go on into a fresh journal, a thread writes the
//! snapshot. Every state the files pass through loads the same records; a fold that fails loses nothing.

use serde_json::{json, Value};
use txlab::session::store::{OpenMode, Store};

struct Dir(std::path::PathBuf);
impl Dir {
    fn new(tag: &str) -> Dir {
        let p = std::env::temp_dir().join(format!("txlab-fold-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Dir(p)
    }
    fn file(&self, name: &str) -> std::path::PathBuf {
        self.0.join(name)
    }
}
impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn obj(v: Value) -> serde_json::Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => unreachable!(),
    }
}

fn line(seq: u64, op: &str) -> String {
    format!("{{\"seq\":{seq},\"op\":\"{op}\"}}\n")
}

fn ops(loaded: &[Value]) -> Vec<String> {
    loaded
        .iter()
        .map(|r| r["op"].as_str().unwrap_or("?").to_string())
        .collect()
}

#[test]
fn records_go_on_while_the_snapshot_is_written() {
    let dir = Dir::new("go-on");
    let path = dir.file("s.json");
    {
        let (mut store, _) = Store::open(&path, OpenMode::ReadWrite).unwrap();
        store.append(&json!({"op": "a"})).unwrap();
        store.append(&json!({"op": "b"})).unwrap();
        assert_eq!(store.fold_in_background(obj(json!({"n": 2}))), Ok(true));
        // The journal was set aside at once: the next record goes to a fresh one.
        store.append(&json!({"op": "c"})).unwrap();
        assert_eq!(store.journal_records(), 1);
        store.finish_fold().unwrap();
        assert!(!dir.file("s.json.journal.old").exists());
        store.append(&json!({"op": "d"})).unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("{\n  \"format\": 1,\n  \"journal_seq\": 2,\n  \"n\": 2\n}"),
        "{text}"
    );
    let (_s, loaded) = Store::open(&path, OpenMode::ReadWrite).unwrap();
    assert_eq!(ops(&loaded.journal), ["c", "d"]);
}

#[test]
fn every_moment_of_a_background_fold_loads_the_same_records() {
    let dir = Dir::new("moments");
    let path = dir.file("s.json");
    let snapshot = |seq: u64| format!("{{\"format\": 1, \"journal_seq\": {seq}}}\n");
    let cases: [(u64, String, String, &[&str]); 4] = [
        // The journal set aside, the snapshot not yet replaced.
        (
            2,
            line(3, "c") + &line(4, "d"),
            line(5, "e"),
            &["c", "d", "e"],
        ),
        // The snapshot replaced, the old journal not yet removed.
        (4, line(3, "c") + &line(4, "d"), line(5, "e"), &["e"]),
        // A failed fold's old journal, the journal being added to it when the kill came (a record in both,
        // the copy of the next torn).
        (
            2,
            line(3, "c") + &line(4, "d") + "{\"seq\":5,\"op\":\"e",
            line(4, "d") + &line(5, "e"),
            &["c", "d", "e"],
        ),
        // Only the old journal (killed between the rename and creating the fresh journal).
        (2, line(3, "c"), String::new(), &["c"]),
    ];
    for (i, (seq, old, journal, expected)) in cases.iter().enumerate() {
        std::fs::write(&path, snapshot(*seq)).unwrap();
        std::fs::write(dir.file("s.json.journal.old"), old).unwrap();
        std::fs::write(dir.file("s.json.journal"), journal).unwrap();
        let (_r, loaded) = Store::open(&path, OpenMode::ReadOnly).unwrap();
        assert_eq!(ops(&loaded.journal), *expected, "case {i}, read-only");
        {
            let (mut store, loaded) = Store::open(&path, OpenMode::ReadWrite).unwrap();
            assert_eq!(ops(&loaded.journal), *expected, "case {i}");
            store.append(&json!({"op": "next"})).unwrap();
            // Folding again from here keeps everything, in order.
            assert_eq!(store.fold_in_background(obj(json!({}))), Ok(true));
            store.append(&json!({"op": "last"})).unwrap();
        }
        let (_s, loaded) = Store::open(&path, OpenMode::ReadWrite).unwrap();
        assert_eq!(ops(&loaded.journal), ["last"], "case {i}");
        let _ = std::fs::remove_file(dir.file("s.json.journal.old"));
    }
}

#[test]
fn a_fold_that_fails_loses_nothing_and_the_next_one_completes_it() {
    let dir = Dir::new("fails");
    let path = dir.file("s.json");
    let (mut store, _) = Store::open(&path, OpenMode::ReadWrite).unwrap();
    store.append(&json!({"op": "a"})).unwrap();
    // The temporary file cannot be created: the fold fails after the journal was set aside.
    std::fs::create_dir(dir.file("s.json.tmp")).unwrap();
    assert_eq!(store.fold_in_background(obj(json!({"n": 1}))), Ok(true));
    assert!(store.finish_fold().is_err());
    assert!(dir.file("s.json.journal.old").exists());
    store.append(&json!({"op": "b"})).unwrap();
    {
        // What is on disk now loads every record.
        let (_r, loaded) = Store::open(&path, OpenMode::ReadOnly).unwrap();
        assert_eq!(ops(&loaded.journal), ["a", "b"]);
    }
    // Still failing: the records are added to the old journal, nothing is lost.
    assert_eq!(store.fold_in_background(obj(json!({"n": 2}))), Ok(true));
    assert!(store.finish_fold().is_err());
    store.append(&json!({"op": "c"})).unwrap();
    {
        let (_r, loaded) = Store::open(&path, OpenMode::ReadOnly).unwrap();
        assert_eq!(ops(&loaded.journal), ["a", "b", "c"]);
    }
    std::fs::remove_dir(dir.file("s.json.tmp")).unwrap();
    assert_eq!(store.fold_in_background(obj(json!({"n": 3}))), Ok(true));
    store.append(&json!({"op": "d"})).unwrap();
    store.finish_fold().unwrap();
    assert!(!dir.file("s.json.journal.old").exists());
    drop(store);
    let (_s, loaded) = Store::open(&path, OpenMode::ReadWrite).unwrap();
    let snapshot: Value = serde_json::from_str(&loaded.snapshot.unwrap()).unwrap();
    assert_eq!(
        (snapshot["n"].clone(), snapshot["journal_seq"].clone()),
        (json!(3), json!(3))
    );
    assert_eq!(ops(&loaded.journal), ["d"]);
}
