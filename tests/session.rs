//! The session: durable, replayable, undoable.

use std::sync::Arc;

use serde_json::{json, Value};
use txlab::session::clock::ManualClock;
use txlab::session::store::OpenMode;
use txlab::session::Session;

struct Dir(std::path::PathBuf);
impl Dir {
    fn new(tag: &str) -> Dir {
        let p = std::env::temp_dir().join(format!("txlab-session-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Dir(p)
    }
    fn file(&self) -> std::path::PathBuf {
        self.0.join("session.json")
    }
}
impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn create_table() -> Value {
    json!({
        "TableName": "MusicCollection",
        "KeySchema": [{"AttributeName": "Artist", "KeyType": "HASH"}, {"AttributeName": "SongTitle", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": "Artist", "AttributeType": "S"}, {"AttributeName": "SongTitle", "AttributeType": "S"}],
        "BillingMode": "PAY_PER_REQUEST"
    })
}

fn put(artist: &str, song: &str, extra: Value) -> Value {
    let mut item = json!({"Artist": {"S": artist}, "SongTitle": {"S": song}});
    if let (Value::Object(i), Value::Object(e)) = (&mut item, extra) {
        i.extend(e);
    }
    json!({"TableName": "MusicCollection", "Item": item})
}

fn open(path: &std::path::Path, clock: &ManualClock) -> Session {
    Session::open(path, OpenMode::ReadWrite, Arc::new(clock.clone())).unwrap()
}

#[test]
fn what_was_answered_is_there_after_a_reopen_without_a_save() {
    let dir = Dir::new("reopen");
    let clock = ManualClock::new(1_000_000);
    {
        let mut s = open(&dir.file(), &clock);
        assert_eq!(
            s.execute("repl", "CreateTable", &create_table())
                .unwrap()
                .status,
            200
        );
        assert_eq!(
            s.execute("repl", "PutItem", &put("Acme Band", "Happy Day", json!({})))
                .unwrap()
                .status,
            200
        );
        // dropped without close(): as after a kill, only the journal holds the changes
    }
    let s = open(&dir.file(), &clock);
    let table = s
        .database()
        .table("MusicCollection")
        .expect("table survives");
    assert_eq!(table.item_count(), 1);
    assert_eq!(s.history().count(), 2);
}

#[test]
fn undo_restores_the_database_exactly_step_by_step() {
    let clock = ManualClock::new(5_000);
    let mut s = Session::with_clock(Arc::new(clock.clone()));
    let mut states = vec![s.database().clone()];
    let requests: Vec<(&str, Value)> = vec![
        ("CreateTable", create_table()),
        ("PutItem", put("A", "1", json!({"n": {"N": "1"}}))),
        ("PutItem", put("A", "1", json!({"n": {"N": "2"}}))),
        (
            "UpdateItem",
            json!({"TableName": "MusicCollection", "Key": {"Artist": {"S": "B"}, "SongTitle": {"S": "2"}}, "UpdateExpression": "SET n = :v", "ExpressionAttributeValues": {":v": {"N": "7"}}}),
        ),
        (
            "TransactWriteItems",
            json!({"ClientRequestToken": "tok-1", "TransactItems": [
                {"Put": {"TableName": "MusicCollection", "Item": {"Artist": {"S": "C"}, "SongTitle": {"S": "3"}}}},
                {"Delete": {"TableName": "MusicCollection", "Key": {"Artist": {"S": "A"}, "SongTitle": {"S": "1"}}}}
            ]}),
        ),
        (
            "DeleteItem",
            json!({"TableName": "MusicCollection", "Key": {"Artist": {"S": "B"}, "SongTitle": {"S": "2"}}}),
        ),
        ("DeleteTable", json!({"TableName": "MusicCollection"})),
    ];
    for (op, req) in &requests {
        let entry = s.execute("repl", op, req).unwrap();
        assert_eq!(entry.status, 200, "{op}: {}", entry.response);
        assert!(entry.undoable, "{op}");
        states.push(s.database().clone());
    }
    // A read and a failed write change nothing and are not undone.
    s.execute("repl", "Scan", &json!({"TableName": "Nope"}))
        .unwrap();
    for expected in states.iter().rev().skip(1) {
        s.undo().unwrap();
        assert_eq!(s.database(), expected);
    }
    assert_eq!(s.undo().unwrap_err().0, "nothing to undo");
}

#[test]
fn undo_and_clock_moves_replay_from_the_journal() {
    let dir = Dir::new("replay");
    let clock = ManualClock::new(10_000_000);
    let token_tx = json!({"ClientRequestToken": "t1", "TransactItems": [
        {"Update": {"TableName": "MusicCollection", "Key": {"Artist": {"S": "A"}, "SongTitle": {"S": "1"}},
                    "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}}]});
    {
        let mut s = open(&dir.file(), &clock);
        s.execute("repl", "CreateTable", &create_table()).unwrap();
        s.execute("repl", "PutItem", &put("X", "1", json!({})))
            .unwrap();
        s.undo().unwrap();
        s.execute("repl", "TransactWriteItems", &token_tx).unwrap();
        s.advance_clock(11 * 60 * 1000).unwrap();
        // Past the 10-minute window the same token applies again.
        s.execute("repl", "TransactWriteItems", &token_tx).unwrap();
    }
    let s = open(&dir.file(), &clock);
    let t = s.database().table("MusicCollection").unwrap();
    assert_eq!(t.item_count(), 1, "the undone put stays undone");
    let item = t.iter().next().unwrap().item();
    assert_eq!(item.get("n").unwrap().to_json(), json!({"N": "2"}));
    assert_eq!(s.settings().clock_offset_millis, 660_000);
}

#[test]
fn save_folds_and_a_reopen_equals_the_session() {
    let dir = Dir::new("fold");
    let clock = ManualClock::new(1);
    let db;
    {
        let mut s = open(&dir.file(), &clock);
        s.execute("repl", "CreateTable", &create_table()).unwrap();
        for i in 0..50 {
            s.execute(
                "repl",
                "PutItem",
                &put("A", &format!("{i:03}"), json!({"i": {"N": i.to_string()}})),
            )
            .unwrap();
        }
        s.set_draft("d1", Some(json!({"TransactItems": []})))
            .unwrap();
        db = s.database().clone();
        s.close().unwrap();
    }
    let journal = std::fs::read_to_string(dir.0.join("session.json.journal")).unwrap();
    assert!(journal.is_empty(), "folded on close");
    let text = std::fs::read_to_string(dir.file()).unwrap();
    assert!(text.contains("\"format\": 1"));
    assert!(
        text.contains("{\n              \"S\": \"A\"\n") || text.contains("\"S\": \"A\""),
        "items in DynamoDB JSON"
    );
    let s = open(&dir.file(), &clock);
    assert_eq!(s.database(), &db);
    assert_eq!(s.drafts().get("d1"), Some(&json!({"TransactItems": []})));
    assert_eq!(s.history().count(), 51);
    // Undo still works after a reopen.
    let mut s = s;
    s.undo().unwrap();
    assert_eq!(
        s.database().table("MusicCollection").unwrap().item_count(),
        49
    );
}

#[test]
fn the_history_keeps_the_last_n() {
    let mut s = Session::with_clock(Arc::new(ManualClock::new(1)));
    s.set_history_limit(3).unwrap();
    for _ in 0..5 {
        s.execute("repl", "ListTables", &json!({})).unwrap();
    }
    let ids: Vec<u64> = s.history().map(|e| e.id).collect();
    assert_eq!(ids, vec![3, 4, 5]);
}

#[test]
fn a_read_only_session_never_writes() {
    let dir = Dir::new("ro");
    let clock = ManualClock::new(1);
    {
        let mut s = open(&dir.file(), &clock);
        s.execute("repl", "CreateTable", &create_table()).unwrap();
        s.close().unwrap();
    }
    let before = std::fs::read(dir.file()).unwrap();
    let mut ro = Session::open(&dir.file(), OpenMode::ReadOnly, Arc::new(clock.clone())).unwrap();
    ro.execute(
        "repl",
        "DeleteTable",
        &json!({"TableName": "MusicCollection"}),
    )
    .unwrap();
    assert!(ro.save().is_err());
    drop(ro);
    assert_eq!(std::fs::read(dir.file()).unwrap(), before);
}

#[test]
fn plain_bodies_are_journaled_as_sent_and_replay_to_the_same_session() {
    use txlab::api::plain;
    let dir = Dir::new("plain");
    let clock = ManualClock::new(7_000);
    let bodies = [
        ("PutItem", put("A", "1", json!({"n": {"N": "1"}})).to_string()),
        // Pretty-printed: its line breaks become spaces in the journal.
        (
            "PutItem",
            serde_json::to_string_pretty(&put("A", "2", json!({"s": {"S": "x\ny"}}))).unwrap(),
        ),
        (
            "TransactWriteItems",
            json!({"TransactItems": [
                {"Put": {"TableName": "MusicCollection", "Item": {"Artist": {"S": "B"}, "SongTitle": {"S": "1"}}}},
                {"Delete": {"TableName": "MusicCollection", "Key": {"Artist": {"S": "A"}, "SongTitle": {"S": "1"}}}}
            ], "ClientRequestToken": "tok"})
            .to_string(),
        ),
        // A member constraint fails: run from its JSON value, answered with the validation error.
        (
            "PutItem",
            json!({"TableName": "MusicCollection", "Item": {"Artist": {"S": "C"}, "SongTitle": {"S": "1"}}, "ReturnValues": "ALL"}).to_string(),
        ),
        // A condition that fails.
        (
            "PutItem",
            json!({"TableName": "MusicCollection", "Item": {"Artist": {"S": "B"}, "SongTitle": {"S": "1"}}, "ConditionExpression": "attribute_not_exists(Artist)"}).to_string(),
        ),
    ];
    let (history, db) = {
        let mut s = open(&dir.file(), &clock);
        s.execute("repl", "CreateTable", &create_table()).unwrap();
        let mut statuses = Vec::new();
        for (op, text) in &bodies {
            let body = plain::read(op, text.as_bytes().to_vec()).expect("the plain shape");
            statuses.push(s.execute_plain("http", body).unwrap().status);
            clock.advance(10);
        }
        assert_eq!(statuses, [200, 200, 200, 400, 400]);
        let history: Vec<_> = s.history().cloned().collect();
        (history, s.database().clone())
        // dropped without close(): only the journal holds the requests
    };
    let journal = std::fs::read_to_string(dir.0.join("session.json.journal")).unwrap();
    for (_, text) in &bodies {
        assert!(journal.contains(&text.replace('\n', " ")), "{text}");
    }
    assert_eq!(journal.lines().count(), 1 + bodies.len());
    let mut s = open(&dir.file(), &clock);
    assert_eq!(s.database(), &db);
    assert_eq!(s.history().cloned().collect::<Vec<_>>(), history);
    assert_eq!(
        s.history()
            .last()
            .map(|e| e.request.get("ConditionExpression").cloned()),
        Some(Some(json!("attribute_not_exists(Artist)")))
    );
    // Folded into the file and read again: the same.
    s.save().unwrap();
    drop(s);
    let mut s = open(&dir.file(), &clock);
    assert_eq!(s.database(), &db);
    assert_eq!(s.history().cloned().collect::<Vec<_>>(), history);
    // The transaction undoes, token included.
    s.undo().unwrap();
    s.undo().unwrap();
    s.undo().unwrap();
    assert_eq!(
        s.database().table("MusicCollection").unwrap().item_count(),
        0
    );
    assert!(s.database().tokens.is_empty());
}

#[test]
fn a_growing_journal_is_folded_in_the_background_and_nothing_is_lost() {
    let dir = Dir::new("background");
    let clock = ManualClock::new(9_000);
    let (db, history) = {
        let mut s = open(&dir.file(), &clock);
        s.set_fold_after_records(10);
        s.execute("repl", "CreateTable", &create_table()).unwrap();
        for i in 0..35 {
            s.execute("repl", "PutItem", &put("A", &format!("{i:03}"), json!({})))
                .unwrap();
        }
        (
            s.database().clone(),
            s.history().cloned().collect::<Vec<_>>(),
        )
        // dropped without close(): a fold still running finishes first
    };
    // Folds start every 10 records when none is running: the last one folded at least 10.
    let text = std::fs::read_to_string(dir.file()).unwrap();
    let snapshot: Value = serde_json::from_str(&text).unwrap();
    let folded = snapshot["journal_seq"].as_u64().unwrap();
    assert!((10..=36).contains(&folded), "{folded}");
    let journal = std::fs::read_to_string(dir.0.join("session.json.journal")).unwrap();
    assert_eq!(journal.lines().count() as u64, 36 - folded);
    assert!(!dir.0.join("session.json.journal.old").exists());
    let s = open(&dir.file(), &clock);
    assert_eq!(s.database(), &db);
    assert_eq!(s.history().cloned().collect::<Vec<_>>(), history);
}
