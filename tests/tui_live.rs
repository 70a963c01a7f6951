//! `txlab serve --tui` without a terminal: the live view's model over a real endpoint. Clients send requests over
//! HTTP; the TUI (driven through `Live`, as its event loop drives it) shows them with their verdicts, opens a
//! cancelled transaction in the stepper and the cancellation panels, runs its own requests on the same session,
//! and never keeps the endpoint waiting while it sits idle or shows an overlay.

mod http_support;
mod tui_support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use http_support::{post, test_config};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use serde_json::json;
use tui_support::{text, HEIGHT, WIDTH};
use txlab::session::clock::ManualClock;
use txlab::session::Session;
use txlab::tui::live::Live;
use txlab::tui::{Message, Model, Pane, Theme};

/// 2026-01-02 03:04:05.678 UTC: the rows' times are fixed.
const NOW: u64 = 1_767_323_045_678;

const CREATE: &str = r#"{"TableName": "Orders", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"}"#;

/// A client's order update that expects a PENDING order, and a new order beside it: cancelled, because order-1
/// is SHIPPED.
fn cancel_order() -> String {
    json!({"TransactItems": [
        {"Put": {"TableName": "Orders", "Item": {"pk": {"S": "order-2"}, "status": {"S": "NEW"}}}},
        {"Update": {
            "TableName": "Orders",
            "Key": {"pk": {"S": "order-1"}},
            "UpdateExpression": "SET #s = :c",
            "ConditionExpression": "#s = :p",
            "ExpressionAttributeNames": {"#s": "status"},
            "ExpressionAttributeValues": {":c": {"S": "CANCELLED"}, ":p": {"S": "PENDING"}}
        }}
    ]})
    .to_string()
}

fn live_model() -> (Model, Live) {
    let session = Session::with_clock(Arc::new(ManualClock::new(NOW)));
    let mut model = Model::new(session, Theme::colour(), Rect::new(0, 0, WIDTH, HEIGHT));
    model.pane = Pane::History;
    let live = Live::start(&mut model, test_config()).expect("the endpoint starts");
    (model, live)
}

/// The screen as the terminal would show it, the endpoint's port replaced (it is picked by the system).
fn screen(model: &mut Model, live: &mut Live) -> String {
    let frame = live.frame(model, Rect::new(0, 0, WIDTH, HEIGHT));
    let port = live.addr().port().to_string();
    text(&frame.buffer).replace(&format!(":{port}"), &format!(":{}", "P".repeat(port.len())))
}

fn key(live: &Live, model: &mut Model, code: KeyCode) {
    live.update(model, Message::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn type_text(live: &Live, model: &mut Model, text: &str) {
    for c in text.chars() {
        key(live, model, KeyCode::Char(c));
    }
}

#[test]
fn client_requests_appear_with_their_verdicts_and_open_in_the_stepper() {
    let (mut m, mut live) = live_model();
    let addr = live.addr();
    assert!(!live.look(&mut m), "nothing has arrived yet");
    let empty = screen(&mut m, &mut live);
    assert!(
        empty.contains("No requests yet. Point a client at http://127.0.0.1:"),
        "{empty}"
    );

    // A client: a table, an order, a transaction cancelled by its condition, a request on a missing table.
    assert_eq!(post(addr, "CreateTable", CREATE).status, 200);
    let put =
        r#"{"TableName": "Orders", "Item": {"pk": {"S": "order-1"}, "status": {"S": "SHIPPED"}}}"#;
    assert_eq!(post(addr, "PutItem", put).status, 200);
    let cancelled = post(addr, "TransactWriteItems", &cancel_order());
    assert_eq!(cancelled.status, 400);
    assert!(cancelled.text().contains("TransactionCanceledException"));
    let missing = post(
        addr,
        "GetItem",
        r#"{"TableName": "Nope", "Key": {"pk": {"S": "x"}}}"#,
    );
    assert_eq!(missing.status, 400);

    // The view notices without a key, once.
    assert!(live.look(&mut m), "the arrivals are noticed");
    assert!(!live.look(&mut m), "and only once");
    assert_eq!(m.live.as_ref().map(|l| l.served), Some(4));
    let t = screen(&mut m, &mut live);
    insta::assert_snapshot!("live_history", t);
    let rows: Vec<&str> = t.lines().filter(|l| l.contains("  http  ")).collect();
    assert_eq!(rows.len(), 4, "{t}");
    // Newest first, each with its time, operation, tables and verdict.
    assert!(rows[0].contains("03:04:05.678  #4") && rows[0].contains("ResourceNotFoundException"));
    assert!(
        rows[1].contains("TransactWriteItems")
            && rows[1].contains("cancelled [None, ConditionalCheckFailed]")
            && rows[1].contains("Orders · 2 actions"),
        "{}",
        rows[1]
    );
    assert!(rows[2].contains("PutItem") && rows[2].contains("committed"));
    assert!(
        t.contains("serving http://127.0.0.1:PPPPP · 4 requests"),
        "{t}"
    );

    // Enter on the cancelled transaction: its verdict and the cancellation panels, as a run from the composer.
    key(&live, &mut m, KeyCode::Down);
    key(&live, &mut m, KeyCode::Enter);
    assert_eq!(m.pane, Pane::Run);
    assert_eq!(
        m.run.entry.as_ref().map(|e| (e.id, &*e.source)),
        Some((3, "http"))
    );
    let t = screen(&mut m, &mut live);
    insta::assert_snapshot!("live_cancelled", t);
    assert!(
        t.contains("── 2 Update Orders {order-1} ConditionalCheckFailed"),
        "{t}"
    );
    assert!(
        t.contains(
            r#"Why           status ("SHIPPED") is not equal to "PENDING", so #s = :p is false."#
        ),
        "{t}"
    );
    // The stepper's keys: the first step, then the false node of action 2.
    key(&live, &mut m, KeyCode::Char('2'));
    key(&live, &mut m, KeyCode::Char('n'));
    let t = screen(&mut m, &mut live);
    assert!(t.contains("Result      false"), "{t}");

    let session = live.stop().expect("the session comes back");
    assert_eq!(session.history().len(), 4);
}

#[test]
fn the_list_follows_new_requests_unless_the_person_looks_further_down() {
    let (mut m, mut live) = live_model();
    let addr = live.addr();
    assert_eq!(post(addr, "CreateTable", CREATE).status, 200);
    let put = |n: u32| {
        let body = json!({"TableName": "Orders", "Item": {"pk": {"S": format!("order-{n}")}}});
        assert_eq!(post(addr, "PutItem", &body.to_string()).status, 200);
    };
    put(1);
    live.look(&mut m);
    let selected = |m: &mut Model, live: &Live| {
        live.enter(m, |m| {
            m.history
                .selected(&m.session, m.refused())
                .and_then(|r| r.entry())
                .map(|e| e.id)
        })
    };
    assert_eq!(selected(&mut m, &live), Some(Some(2)), "on the newest");
    put(2);
    live.look(&mut m);
    assert_eq!(
        selected(&mut m, &live),
        Some(Some(3)),
        "still on the newest"
    );
    // Reading an older one: it stays selected as more arrive, and on screen.
    key(&live, &mut m, KeyCode::Char('j'));
    assert_eq!(selected(&mut m, &live), Some(Some(2)));
    put(3);
    put(4);
    live.look(&mut m);
    assert_eq!(selected(&mut m, &live), Some(Some(2)));
    let t = screen(&mut m, &mut live);
    assert!(t.contains("#5") && t.contains("#2"), "{t}");
    // Many more than the screen holds: the list scrolls just enough to keep the selected one in sight.
    for n in 5..45 {
        put(n);
    }
    live.look(&mut m);
    assert_eq!(selected(&mut m, &live), Some(Some(2)));
    let t = screen(&mut m, &mut live);
    assert!(t.contains("#2 ") && !t.contains("#45"), "{t}");
    drop(live.stop());
}

#[test]
fn the_person_runs_requests_on_the_same_session_and_sees_client_writes_in_the_tables() {
    let (mut m, mut live) = live_model();
    let addr = live.addr();
    assert_eq!(post(addr, "CreateTable", CREATE).status, 200);
    live.look(&mut m);

    // A command typed in the TUI goes into the session the endpoint serves.
    key(&live, &mut m, KeyCode::Char(':'));
    type_text(
        &live,
        &mut m,
        r#"put-item --table-name Orders --item '{"pk": {"S": "order-1"}, "status": {"S": "PENDING"}}'"#,
    );
    key(&live, &mut m, KeyCode::Enter);
    let got = post(
        addr,
        "GetItem",
        r#"{"TableName": "Orders", "Key": {"pk": {"S": "order-1"}}}"#,
    );
    assert_eq!(
        got.json()["Item"]["status"],
        json!({"S": "PENDING"}),
        "{}",
        got.text()
    );
    live.look(&mut m);
    let t = screen(&mut m, &mut live);
    assert!(
        t.lines()
            .any(|l| l.contains("#2") && l.contains("  tui  ") && l.contains("PutItem")),
        "{t}"
    );

    // A client's write shows in the Tables pane.
    key(&live, &mut m, KeyCode::Esc);
    key(&live, &mut m, KeyCode::Char('1'));
    key(&live, &mut m, KeyCode::Enter);
    let body =
        r#"{"TableName": "Orders", "Item": {"pk": {"S": "order-9"}, "status": {"S": "NEW"}}}"#;
    assert_eq!(post(addr, "PutItem", body).status, 200);
    assert!(live.look(&mut m));
    let t = screen(&mut m, &mut live);
    assert!(t.contains("2 items") && t.contains("order-9"), "{t}");
    drop(live.stop());
}

#[test]
fn the_endpoint_serves_while_the_view_is_idle_or_shows_an_overlay() {
    let (mut m, live) = live_model();
    let addr = live.addr();
    // An overlay open (the command line), nothing typed: the TUI holds nothing while it waits.
    key(&live, &mut m, KeyCode::Char(':'));
    let start = Instant::now();
    assert_eq!(post(addr, "CreateTable", CREATE).status, 200);
    for i in 0..50 {
        let body = json!({"TableName": "Orders", "Item": {"pk": {"S": format!("k{i}")}}});
        assert_eq!(post(addr, "PutItem", &body.to_string()).status, 200);
    }
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "51 requests took {:?}",
        start.elapsed()
    );
    let session = live.stop().expect("the session comes back");
    assert_eq!(
        session.database().table("Orders").map(|t| t.item_count()),
        Some(50)
    );
}
