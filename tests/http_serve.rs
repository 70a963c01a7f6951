//! The `txlab serve` binary: its address line, its warning, and the session kept on every kind of stop.

mod http_support;
use http_support::*;

use std::sync::Arc;

use serde_json::json;
use txlab::session::clock::SystemClock;
use txlab::session::store::OpenMode;
use txlab::session::Session;

const CREATE: &str = r#"{"TableName": "Songs", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"}"#;

fn fill(addr: std::net::SocketAddr, n: usize) {
    assert_eq!(post(addr, "CreateTable", CREATE).status, 200);
    for i in 0..n {
        let put = json!({"TableName": "Songs", "Item": {"pk": {"S": format!("k{i}")}}});
        assert_eq!(post(addr, "PutItem", &put.to_string()).status, 200);
    }
}

fn items(path: &std::path::Path) -> Option<usize> {
    let s = Session::open(path, OpenMode::ReadOnly, Arc::new(SystemClock)).expect("reopen");
    s.database().table("Songs").map(|t| t.item_count())
}

fn journal_len(path: &std::path::Path) -> u64 {
    let mut j = path.as_os_str().to_owned();
    j.push(".journal");
    std::fs::metadata(j).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn prints_its_address_and_defaults_to_loopback() {
    let s = Served::start(&["--memory", "--port", "0"]);
    assert!(s.banner[0].starts_with("txlab serve: listening on http://127.0.0.1:"));
    assert!(s.addr.ip().is_loopback() && s.addr.port() != 0);
    assert_eq!(
        post(s.addr, "ListTables", "{}").text(),
        r#"{"TableNames":[]}"#
    );
    let (ok, err) = s.signal("INT");
    assert!(ok, "{err}");
    assert!(!err.contains("warning"), "{err}");
}

#[test]
fn warns_when_bound_beyond_loopback() {
    let s = Served::start(&["--memory", "--port", "0", "--bind", "0.0.0.0"]);
    let (ok, err) = s.signal("TERM");
    assert!(ok);
    assert!(
        err.contains("warning") && err.contains("no authentication"),
        "{err}"
    );
}

#[test]
fn sigterm_and_ctrl_c_save_the_session() {
    for signal in ["TERM", "INT"] {
        let dir = TempDir::new(&format!("stop-{signal}"));
        let path = dir.file("session.json");
        let s = Served::start(&["--session", path.to_str().unwrap_or(""), "--port", "0"]);
        fill(s.addr, 10);
        assert!(
            journal_len(&path) > 0,
            "answered requests are journaled at once"
        );
        let (ok, err) = s.signal(signal);
        assert!(ok, "{err}");
        assert!(err.contains("session saved"), "{err}");
        assert_eq!(
            journal_len(&path),
            0,
            "the journal was folded into the file"
        );
        assert_eq!(items(&path), Some(10));
    }
}

#[test]
fn a_killed_server_loses_nothing_it_answered() {
    let dir = TempDir::new("kill");
    let path = dir.file("session.json");
    let s = Served::start(&["--session", path.to_str().unwrap_or(""), "--port", "0"]);
    fill(s.addr, 25);
    let _ = s.signal("KILL");
    assert_eq!(items(&path), Some(25));
}

#[test]
fn read_only_and_locked_sessions() {
    let dir = TempDir::new("ro");
    let path = dir.file("session.json");
    let p = path.to_str().unwrap_or("");
    let s = Served::start(&["--session", p, "--port", "0"]);
    fill(s.addr, 3);
    // A second server on the same session is refused while the first holds it...
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_txlab"))
        .args(["serve", "--session", p, "--port", "0"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("open in another txlab"));
    let _ = s.signal("TERM");
    // ... and one opened read-only serves it without changing it.
    let ro = Served::start(&["--session", p, "--read-only", "--port", "0"]);
    assert!(ro.banner.iter().any(|l| l.contains("read-only")));
    fill_more(ro.addr);
    let _ = ro.signal("TERM");
    assert_eq!(items(&path), Some(3));
}

fn fill_more(addr: std::net::SocketAddr) {
    let put = json!({"TableName": "Songs", "Item": {"pk": {"S": "extra"}}});
    assert_eq!(post(addr, "PutItem", &put.to_string()).status, 200);
}
