//! The command dispatcher with real session files: save, load, read-only, undo exactness, settings that
//! persist, the lock against a second txlab, and the plain-JSON rule.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{json, Value};
use txlab::cli::{parse_args_with, Command, ParseOptions};
use txlab::commands::{run, CommandOutput, Context};
use txlab::session::clock::ManualClock;
use txlab::session::store::OpenMode;
use txlab::session::Session;

struct Dir(PathBuf);
impl Dir {
    fn new(tag: &str) -> Dir {
        let p = std::env::temp_dir().join(format!("txlab-commands-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("temp dir");
        Dir(p)
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}
impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(1_700_000_000_000))
}

fn ctx(dir: &Path) -> Context {
    Context::new(dir.to_path_buf(), false, "script")
}

fn open(path: &Path) -> Session {
    Session::open(path, OpenMode::ReadWrite, clock()).expect("session opens")
}

fn ok(session: &mut Session, line: &str, ctx: &Context) -> CommandOutput {
    let out = run(session, line, ctx);
    assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
    out
}

const CREATE: &str =
    "create-table --table-name Things --attribute-definitions AttributeName=pk,AttributeType=S \
                      --key-schema AttributeName=pk,KeyType=HASH --billing-mode PAY_PER_REQUEST";

#[test]
fn save_in_memory_needs_a_path_and_save_path_writes_a_session_that_loads() {
    let dir = Dir::new("save");
    let c = ctx(&dir.0);
    let mut s = Session::with_clock(clock());
    ok(&mut s, CREATE, &c);
    ok(
        &mut s,
        r#"put-item --table-name Things --item '{"pk": "a", "n": 1}'"#,
        &c,
    );
    let refused = run(&mut s, "save", &c);
    assert_eq!(refused.exit_code, 255);
    assert_eq!(
        refused.stderr,
        "save: this session is kept in memory (--memory); `save PATH` writes it to a file\n"
    );
    let copy = dir.path("copy.json");
    let saved = ok(&mut s, "save copy.json", &c);
    assert_eq!(
        saved.stdout,
        format!("saved a copy to {}\n", copy.display())
    );
    // A second save to the same path is refused rather than overwriting.
    assert_eq!(run(&mut s, "save copy.json", &c).exit_code, 255);

    let loaded = open(&copy);
    assert_eq!(loaded.database(), s.database());
    assert_eq!(loaded.history().len(), 2);
}

#[test]
fn load_switches_sessions_and_keeps_the_old_one_on_disk() {
    let dir = Dir::new("load");
    let c = ctx(&dir.0);
    let first = dir.path("first.json");
    let mut s = open(&first);
    ok(&mut s, CREATE, &c);
    let out = ok(&mut s, "load second.json", &c);
    assert_eq!(
        out.stdout,
        format!(
            "opened {} (0 tables, 0 requests in the history)\n",
            dir.path("second.json").display()
        )
    );
    assert_eq!(s.path(), Some(dir.path("second.json").as_path()));
    assert!(s.database().tables.is_empty());
    // The first session was closed (lock released) and still holds its table.
    let out = ok(&mut s, "load first.json", &c);
    assert!(
        out.stdout.contains("(1 tables, 1 requests in the history)"),
        "{}",
        out.stdout
    );
    assert_eq!(
        ok(&mut s, "load first.json", &c).stdout,
        format!("{} is already open\n", first.display())
    );
    assert_eq!(run(&mut s, "load", &c).exit_code, 252);
}

#[test]
fn a_corrupt_file_is_refused_by_load_and_left_untouched() {
    let dir = Dir::new("corrupt");
    let c = ctx(&dir.0);
    let bad = dir.path("bad.json");
    std::fs::write(&bad, "{\"format\": 1, oops").expect("write");
    let mut s = Session::with_clock(clock());
    ok(&mut s, CREATE, &c);
    let out = run(&mut s, "load bad.json", &c);
    assert_eq!(out.exit_code, 255);
    assert!(
        out.stderr.starts_with("load: the session file"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("line 1 column"), "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(&bad).expect("read"),
        "{\"format\": 1, oops"
    );
    // The current session is still the one in use.
    assert_eq!(s.database().tables.len(), 1);
}

#[test]
fn settings_and_drafts_survive_a_reopen() {
    let dir = Dir::new("settings");
    let c = ctx(&dir.0);
    let path = dir.path("s.json");
    {
        let mut s = open(&path);
        ok(&mut s, "profile legacy-25", &c);
        ok(&mut s, "clock +10m", &c);
        ok(&mut s, CREATE, &c);
        ok(
            &mut s,
            r#"transact-write-items --transact-items '[{"Put": {"TableName": "Things", "Item": {"pk": "a"}}}]'"#,
            &c,
        );
        ok(&mut s, "draft save one", &c);
        // No close: the journal alone must carry everything.
        std::mem::forget(s);
    }
    let mut s = Session::open(&path, OpenMode::ReadOnly, clock()).expect("reopens read-only");
    assert_eq!(
        ok(&mut s, "profile", &c).stdout,
        "profile legacy-25 (at most 25 actions per transaction)\n"
    );
    assert_eq!(
        ok(&mut s, "clock", &c).stdout,
        "session time 2023-11-14 22:23:20 UTC (the wall clock +10m)\n"
    );
    assert_eq!(ok(&mut s, "draft list", &c).stdout, "one  1 action\n");
}

#[test]
fn undo_restores_the_session_exactly() {
    let dir = Dir::new("undo");
    let c = ctx(&dir.0);
    let mut s = Session::with_clock(clock());
    ok(&mut s, CREATE, &c);
    ok(
        &mut s,
        r#"put-item --table-name Things --item '{"pk": "a", "n": 1}'"#,
        &c,
    );
    let before = s.database().clone();
    ok(
        &mut s,
        r#"transact-write-items --transact-items '[{"Update": {"TableName": "Things", "Key": {"pk": "a"}, "UpdateExpression": "SET n = n + :one", "ExpressionAttributeValues": {":one": 1}}}, {"Put": {"TableName": "Things", "Item": {"pk": "b"}}}]'"#,
        &c,
    );
    assert_ne!(s.database(), &before);
    assert_eq!(
        ok(&mut s, "undo", &c).stdout,
        "undid request 3 (TransactWriteItems)\n"
    );
    assert_eq!(s.database(), &before);
}

#[test]
fn a_read_only_session_never_writes_its_file() {
    let dir = Dir::new("readonly");
    let c = ctx(&dir.0);
    let path = dir.path("s.json");
    {
        let mut s = open(&path);
        ok(&mut s, CREATE, &c);
        s.close().expect("closes");
    }
    let snapshot = std::fs::read(&path).expect("read");
    let mut s = Session::open(&path, OpenMode::ReadOnly, clock()).expect("opens read-only");
    ok(
        &mut s,
        r#"put-item --table-name Things --item '{"pk": "a"}'"#,
        &c,
    );
    let out = run(&mut s, "save", &c);
    assert_eq!(out.exit_code, 255);
    assert!(out.stderr.contains("read-only"), "{}", out.stderr);
    s.close().expect("closes");
    assert_eq!(std::fs::read(&path).expect("read"), snapshot);
}

/// A second txlab on the same file is refused with a clear message; `--read-only` may look.
#[test]
fn a_second_txlab_on_the_same_file_is_refused() {
    let dir = Dir::new("lock");
    let path = dir.path("s.json");
    let mut s = open(&path);
    ok(&mut s, CREATE, &ctx(&dir.0));
    let script = dir.path("tables.txlab");
    std::fs::write(&script, "tables\n").expect("write");
    let txlab = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_txlab"))
            .arg("--session")
            .arg(&path)
            .args(extra)
            .arg("exec")
            .arg(&script)
            .env("NO_COLOR", "1")
            .output()
            .expect("runs")
    };
    let refused = txlab(&[]);
    assert_eq!(refused.status.code(), Some(255));
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        format!(
            "txlab: the session {} is open in another txlab; close that one, or open this one with --read-only\n",
            path.display()
        )
    );
    let looked = txlab(&["--read-only"]);
    assert_eq!(
        looked.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&looked.stderr)
    );
    assert!(String::from_utf8_lossy(&looked.stdout).starts_with("Things  pk (S, HASH) · 0 items"));
}

/// A lock held for a moment (a txlab closing the session, or a program this process starts holding a copy of
/// the lock's descriptor until it execs) is waited for, not reported as "open in another txlab".
#[test]
fn a_session_closed_a_moment_later_opens() {
    let dir = Dir::new("relock");
    let path = dir.path("s.json");
    let first = open(&path);
    let closer = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(60));
        first.close().expect("closes");
    });
    let second = Session::open(&path, OpenMode::ReadWrite, clock());
    closer.join().expect("the closing thread");
    assert!(second.is_ok(), "{:?}", second.err().map(|e| e.0));
}

/// The plain-JSON rule, one row per case: (--item as typed, the Item sent).
#[test]
fn plain_json_items_table() {
    let rows: &[(&str, Value)] = &[
        (
            r#"{"pk": "a", "year": 2020}"#,
            json!({"pk": {"S": "a"}, "year": {"N": "2020"}}),
        ),
        (r#"{"pk": {"S": "a"}}"#, json!({"pk": {"S": "a"}})),
        (
            r#"{"pk": "a", "m": {"S": "x"}}"#,
            json!({"pk": {"S": "a"}, "m": {"M": {"S": {"S": "x"}}}}),
        ),
        (
            r#"{"pk": "a", "f": 1.5, "t": true, "z": null}"#,
            json!({"pk": {"S": "a"}, "f": {"N": "1.5"}, "t": {"BOOL": true}, "z": {"NULL": true}}),
        ),
        (
            r#"{"pk": "a", "l": [1, "x", [true]]}"#,
            json!({"pk": {"S": "a"}, "l": {"L": [{"N": "1"}, {"S": "x"}, {"L": [{"BOOL": true}]}]}}),
        ),
        (
            r#"{"pk": "a", "m": {"inner": {"deep": 1}}}"#,
            json!({"pk": {"S": "a"}, "m": {"M": {"inner": {"M": {"deep": {"N": "1"}}}}}}),
        ),
        (
            r#"{"pk": "a", "big": 1e20}"#,
            json!({"pk": {"S": "a"}, "big": {"N": "1e+20"}}),
        ),
    ];
    let plain = ParseOptions {
        plain_json_items: true,
    };
    for (item, expected) in rows {
        let words: Vec<String> = ["put-item", "--table-name", "Things", "--item", item]
            .iter()
            .map(|w| w.to_string())
            .collect();
        match parse_args_with(&words, Path::new("."), plain) {
            Ok(Command::Call(call)) => assert_eq!(&call.request["Item"], expected, "{item}"),
            other => panic!("{item}: {other:?}"),
        }
    }
    // Without the option the parse is the AWS CLI's own: plain values are refused.
    let words: Vec<String> = [
        "put-item",
        "--table-name",
        "Things",
        "--item",
        r#"{"pk": "a"}"#,
    ]
    .iter()
    .map(|w| w.to_string())
    .collect();
    assert!(parse_args_with(&words, Path::new("."), ParseOptions::default()).is_err());
}

/// Damaged or foreign files: each is refused with its name and the problem (line and column for JSON), and left
/// as it was.
#[test]
fn damaged_session_files_are_named_and_left_untouched() {
    let dir = Dir::new("damaged");
    let rows: &[(&str, &str)] = &[
        (
            "{\"format\": 1, \"journal_seq\": 0, \"tables\": {\"T\": oops",
            "cannot be read: expected value at line 1 column 49",
        ),
        (
            "{\"format\": 1,\n \"journal_seq\": 0,\n \"history\": 5}",
            "cannot be read: invalid type: integer `5`, expected a sequence at line 3 column 13",
        ),
        (
            "{\"format\": 2, \"journal_seq\": 0}",
            "has format 2, which this txlab does not know (it reads format 1)",
        ),
        (
            "{\"journal_seq\": 0}",
            "has no \"format\" member, so it is not a txlab session",
        ),
        ("[1, 2]", "does not hold a JSON object"),
        (
            "not json",
            "is not valid JSON (expected ident at line 1 column 2)",
        ),
    ];
    for (i, (text, problem)) in rows.iter().enumerate() {
        let path = dir.path(&format!("bad{i}.json"));
        std::fs::write(&path, text).expect("write");
        let err = match Session::open(&path, OpenMode::ReadWrite, clock()) {
            Ok(_) => panic!("{text}: opened"),
            Err(e) => e.0,
        };
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(err.contains(problem), "{text}: {err}");
        assert!(err.ends_with("it was left untouched"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), *text);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    /// No line makes the dispatcher (or `explain` of what it ran) panic.
    #[test]
    fn no_line_panics(words in proptest::collection::vec(proptest::prop_oneof![
        proptest::strategy::Just("explain".to_string()),
        proptest::strategy::Just("show".to_string()),
        proptest::strategy::Just("history".to_string()),
        proptest::strategy::Just("draft".to_string()),
        proptest::strategy::Just("clock".to_string()),
        proptest::strategy::Just("put-item".to_string()),
        proptest::strategy::Just("--table-name".to_string()),
        proptest::strategy::Just("Things".to_string()),
        proptest::strategy::Just("--item".to_string()),
        proptest::strategy::Just("--condition-expression".to_string()),
        proptest::strategy::Just("'{\"pk\": \"a\", \"n\": [1, {\"x\": null}]}'".to_string()),
        proptest::strategy::Just("'attribute_not_exists(pk) AND NOT n > :v'".to_string()),
        "[ -~]{0,12}",
    ], 0..8)) {
        // Its own folder, in case a random line writes a file (`save x`).
        let dir = Dir::new("fuzz");
        let c = ctx(&dir.0);
        let mut s = Session::with_clock(clock());
        let _ = run(&mut s, CREATE, &c);
        let _ = run(&mut s, r#"put-item --table-name Things --item '{"pk": "a", "n": 5}'"#, &c);
        let line = words.join(" ");
        let _ = run(&mut s, &line, &c);
        let _ = run(&mut s, "explain", &c);
    }
}
