//! `txlab serve --tui` in a real terminal (tmux): a client sends a TransactWriteItems over HTTP that DynamoDB
//! cancels; the live view shows it as it arrives with its verdict, Enter opens the cancellation reason, q stops
//! the endpoint (the port closes, the process ends) and the session file holds every request.
//!
//! Skips (with a message saying so) only where tmux is not installed; `scripts/test.sh` installs it.

mod http_support;
mod tmux_support;

use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use http_support::{exchange, post, TempDir, AUTH};
use serde_json::json;
use tmux_support::{tmux_available, Tmux};
use txlab::session::clock::SystemClock;
use txlab::session::store::OpenMode;
use txlab::session::Session;

const CREATE: &str = r#"{"TableName": "Orders", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"}"#;

/// The address the status line shows: `serving http://127.0.0.1:PORT`.
fn served_address(screen: &str) -> SocketAddr {
    let at = screen.find("serving http://").expect("the status line") + "serving http://".len();
    let text: String = screen[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':')
        .collect();
    text.parse()
        .unwrap_or_else(|_| panic!("an address: {text}"))
}

#[test]
fn a_client_transaction_cancelled_shows_live_and_opens_at_its_reason() {
    if !tmux_available() {
        eprintln!("SKIPPED tui_live_e2e: tmux is not installed (scripts/test.sh installs it: apt-get install tmux)");
        return;
    }
    let dir = TempDir::new("live-e2e");
    let session = dir.file("session.json");
    let binary = env!("CARGO_BIN_EXE_txlab");
    let t = Tmux::start(
        "live",
        &format!(
            "{binary} serve --tui --session {} --port 0",
            session.display()
        ),
    );
    let screen = t.wait_for("serving http://127.0.0.1:");
    let addr = served_address(&screen);
    assert!(screen.contains("No requests yet"), "{screen}");

    // The client: a table, a SHIPPED order, then a transaction that expects it PENDING.
    assert_eq!(post(addr, "CreateTable", CREATE).status, 200);
    let put =
        r#"{"TableName": "Orders", "Item": {"pk": {"S": "order-1"}, "status": {"S": "SHIPPED"}}}"#;
    assert_eq!(post(addr, "PutItem", put).status, 200);
    let transaction = json!({"TransactItems": [
        {"Put": {"TableName": "Orders", "Item": {"pk": {"S": "order-2"}, "status": {"S": "NEW"}}}},
        {"Update": {
            "TableName": "Orders",
            "Key": {"pk": {"S": "order-1"}},
            "UpdateExpression": "SET #s = :c",
            "ConditionExpression": "#s = :p",
            "ExpressionAttributeNames": {"#s": "status"},
            "ExpressionAttributeValues": {":c": {"S": "CANCELLED"}, ":p": {"S": "PENDING"}}
        }}
    ]});
    let reply = post(addr, "TransactWriteItems", &transaction.to_string());
    assert_eq!(reply.status, 400);
    assert!(reply.text().contains("TransactionCanceledException"));

    // It shows without a key press: time, operation, tables, verdict, and the count in the status line.
    let screen = t.wait_for("cancelled [None, ConditionalCheckFailed]");
    let row = screen
        .lines()
        .find(|l| l.contains("cancelled [None, ConditionalCheckFailed]"))
        .unwrap_or_default();
    assert!(
        row.contains("#3") && row.contains("http") && row.contains("TransactWriteItems"),
        "{screen}"
    );
    assert!(row.contains("Orders · 2 actions"), "{screen}");
    t.wait_for("· 3 requests");

    // Enter: the verdict and the reason of the cancelled action.
    t.keys(&["Enter"]);
    let screen = t.wait_for("── 2 Update Orders {order-1} ConditionalCheckFailed");
    assert!(
        screen.contains(r#"status ("SHIPPED") is not equal to "PENDING", so #s = :p is false."#),
        "{screen}"
    );

    // Serving goes on while the stepper is open.
    let get = post(
        addr,
        "GetItem",
        r#"{"TableName": "Orders", "Key": {"pk": {"S": "order-1"}}}"#,
    );
    assert_eq!(get.status, 200);
    t.wait_for("· 4 requests");

    // q: the view closes, the endpoint stops, the session is saved.
    t.keys(&["q"]);
    assert!(t.wait_exit(), "txlab did not quit");
    assert!(
        TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err(),
        "the port is still open"
    );
    let saved = Session::open(&session, OpenMode::ReadOnly, Arc::new(SystemClock))
        .expect("the session file opens");
    let ops: Vec<(&str, &str)> = saved
        .history()
        .map(|e| (&*e.source, &*e.operation))
        .collect();
    assert_eq!(
        ops,
        [
            ("http", "CreateTable"),
            ("http", "PutItem"),
            ("http", "TransactWriteItems"),
            ("http", "GetItem")
        ]
    );
    assert_eq!(
        saved.database().table("Orders").map(|t| t.item_count()),
        Some(1)
    );
    assert_eq!(
        journal_len(&session),
        0,
        "the journal was folded into the file"
    );
}

/// An application that fails before the engine (no credentials, then a body that is not JSON) is not left
/// with an empty view: each request shows as it arrives with DynamoDB's answer, and Enter says what to do.
#[test]
fn requests_refused_before_the_engine_show_live_with_what_to_do() {
    if !tmux_available() {
        eprintln!("SKIPPED tui_live_e2e: tmux is not installed (scripts/test.sh installs it: apt-get install tmux)");
        return;
    }
    let binary = env!("CARGO_BIN_EXE_txlab");
    let t = Tmux::start(
        "live-refused",
        &format!("{binary} serve --tui --memory --port 0"),
    );
    let screen = t.wait_for("serving http://127.0.0.1:");
    let addr = served_address(&screen);

    let head = "POST / HTTP/1.1\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810.ListTables";
    let reply = exchange(addr, head, b"{}");
    assert_eq!(reply.status, 400);
    assert!(reply.text().contains("MissingAuthenticationTokenException"));
    let screen = t.wait_for("MissingAuthenticationTokenException");
    let row = screen
        .lines()
        .find(|l| l.contains("MissingAuthenticationTokenException"))
        .unwrap_or_default();
    assert!(
        row.contains("r1") && row.contains("http") && row.contains("ListTables"),
        "{screen}"
    );
    t.wait_for("· 1 request ");
    t.keys(&["Enter"]);
    let screen = t.wait_for("What to do");
    assert!(
        screen.contains("no Authorization header: SDKs sign every request"),
        "{screen}"
    );
    t.keys(&["Escape"]);

    let reply = exchange(
        addr,
        &format!("{head}\r\nX-Amz-Date: 20260101T000000Z\r\nAuthorization: {AUTH}"),
        b"{not json",
    );
    assert!(reply.text().contains("SerializationException"));
    let screen = t.wait_for("SerializationException");
    assert!(screen.contains("· 2 requests"), "{screen}");
    assert!(
        screen.contains("0 requests · 2 refused before the engine"),
        "{screen}"
    );
    t.keys(&["q"]);
    assert!(t.wait_exit(), "txlab did not quit");
}

#[test]
fn a_signal_stops_the_endpoint_and_saves_the_session() {
    if !tmux_available() {
        eprintln!("SKIPPED tui_live_e2e: tmux is not installed (scripts/test.sh installs it: apt-get install tmux)");
        return;
    }
    let dir = TempDir::new("live-e2e-term");
    let session = dir.file("session.json");
    let binary = env!("CARGO_BIN_EXE_txlab");
    let t = Tmux::start(
        "live-term",
        &format!(
            "{binary} serve --tui --session {} --port 0",
            session.display()
        ),
    );
    t.remain_on_exit();
    let addr = served_address(&t.wait_for("serving http://127.0.0.1:"));
    assert_eq!(post(addr, "CreateTable", CREATE).status, 200);
    t.wait_for("· 1 request ");
    assert!(
        journal_len(&session) > 0,
        "answered requests are journaled at once"
    );

    let pid = t.pane("#{pane_pid}");
    let killed = std::process::Command::new("kill")
        .args(["-s", "TERM", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    assert!(t.wait_dead(), "txlab did not stop on SIGTERM");
    // What it printed on the way out (the pane is dead; wrapped lines are joined).
    let printed = t.scrollback();
    assert!(
        printed.contains("txlab serve: stopped after 1 request on http://")
            && printed.contains("session saved to"),
        "{printed}"
    );
    assert!(
        TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err(),
        "the port is still open"
    );
    assert_eq!(
        journal_len(&session),
        0,
        "the journal was folded into the file"
    );
    let saved = Session::open(&session, OpenMode::ReadOnly, Arc::new(SystemClock))
        .expect("the session file opens");
    assert!(saved.database().table("Orders").is_some());
}

fn journal_len(path: &std::path::Path) -> u64 {
    let mut j = path.as_os_str().to_owned();
    j.push(".journal");
    std::fs::metadata(j).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn a_closed_terminal_stops_the_endpoint_and_keeps_what_was_answered() {
    if !tmux_available() {
        eprintln!("SKIPPED tui_live_e2e: tmux is not installed (scripts/test.sh installs it: apt-get install tmux)");
        return;
    }
    let dir = TempDir::new("live-e2e-hangup");
    let session = dir.file("session.json");
    let binary = env!("CARGO_BIN_EXE_txlab");
    let t = Tmux::start(
        "live-hangup",
        &format!(
            "{binary} serve --tui --session {} --port 0",
            session.display()
        ),
    );
    let addr = served_address(&t.wait_for("serving http://127.0.0.1:"));
    assert_eq!(post(addr, "CreateTable", CREATE).status, 200);
    t.wait_for("· 1 request ");
    let pid = t.pane("#{pane_pid}");
    // The terminal goes away under the running view (a closed window, a dropped ssh connection).
    drop(t);
    let gone = || {
        !std::process::Command::new("kill")
            .args(["-0", &pid])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let asked = std::time::Instant::now();
    while !gone() && asked.elapsed() < Duration::from_secs(15) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(gone(), "txlab kept running after its terminal closed");
    assert!(
        TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err(),
        "the port is still open"
    );
    let saved = Session::open(&session, OpenMode::ReadOnly, Arc::new(SystemClock))
        .expect("the session file opens");
    assert!(
        saved.database().table("Orders").is_some(),
        "the answered CreateTable was kept"
    );
}
