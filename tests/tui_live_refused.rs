//! `txlab serve --tui`, requests that never reach the engine: refused by the front door (no authorization, a body
//! that is not JSON, an unknown operation, a wrong content type, a body over 16 MB, an unreadable head). They
//! show in the live view as they arrive, among the history's entries, and open in a panel that says what to do;
//! they stay out of the session's history. And `e` on a client's request drops its ClientRequestToken, so the
//! edited request runs instead of replaying.

mod http_support;
mod tui_support;

use std::io::{BufReader, Write};
use std::sync::Arc;

use http_support::{connect, exchange, post, read_reply, test_config, AUTH};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use serde_json::json;
use tui_support::{find, text, HEIGHT, WIDTH};
use txlab::engine::trace::Verdict;
use txlab::server::refused::KEPT;
use txlab::server::Server;
use txlab::session::clock::ManualClock;
use txlab::session::Session;
use txlab::tui::history::Row;
use txlab::tui::live::Live;
use txlab::tui::model::Overlay;
use txlab::tui::refused;
use txlab::tui::{Action, Message, Model, Pane, Theme};

/// 2026-01-02 03:04:05.678 UTC.
const NOW: u64 = 1_767_323_045_678;

const CREATE: &str = r#"{"TableName": "Orders", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"}"#;
const PUT: &str = r#"{"TableName": "Orders", "Item": {"pk": {"S": "order-1"}}}"#;

fn live_model() -> (Model, Live) {
    let session = Session::with_clock(Arc::new(ManualClock::new(NOW)));
    let mut model = Model::new(session, Theme::colour(), Rect::new(0, 0, WIDTH, HEIGHT));
    model.pane = Pane::History;
    let live = Live::start(&mut model, test_config()).expect("the endpoint starts");
    (model, live)
}

fn screen(model: &mut Model, live: &mut Live) -> String {
    text(&live.frame(model, Rect::new(0, 0, WIDTH, HEIGHT)).buffer)
}

fn key(live: &Live, model: &mut Model, code: KeyCode) {
    live.update(model, Message::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// A POST with the given extra headers (no Authorization unless given).
fn send(addr: std::net::SocketAddr, headers: &str, body: &str) -> http_support::Reply {
    exchange(addr, &format!("POST / HTTP/1.1{headers}"), body.as_bytes())
}

const SIGNED: &str = "\r\nX-Amz-Date: 20260101T000000Z\r\nAuthorization: ";

#[test]
fn refused_requests_show_where_they_arrived_and_open_with_what_to_do() {
    let (mut m, mut live) = live_model();
    let addr = live.addr();
    let amz = "\r\nContent-Type: application/x-amz-json-1.0";
    assert_eq!(post(addr, "CreateTable", CREATE).status, 200);
    // An application without credentials: DynamoDB's answer, and nothing runs.
    let no_auth = send(
        addr,
        &format!("{amz}\r\nX-Amz-Target: DynamoDB_20120810.PutItem"),
        PUT,
    );
    assert_eq!(no_auth.status, 400);
    assert!(no_auth
        .text()
        .contains("MissingAuthenticationTokenException"));
    // A body that is not JSON.
    let bad_json = send(
        addr,
        &format!("{amz}\r\nX-Amz-Target: DynamoDB_20120810.PutItem{SIGNED}{AUTH}"),
        "{\"TableName\": ",
    );
    assert!(bad_json.text().contains("SerializationException"));
    assert_eq!(post(addr, "PutItem", PUT).status, 200);
    // An operation txlab does not run, a wrong content type, a body over 16 MB, a head that is not HTTP.
    assert!(post(addr, "DescribeBackup", "{}")
        .text()
        .contains("UnknownOperationException"));
    let text_plain = send(
        addr,
        &format!(
            "\r\nContent-Type: text/plain\r\nX-Amz-Target: DynamoDB_20120810.PutItem{SIGNED}{AUTH}"
        ),
        PUT,
    );
    assert_eq!(text_plain.status, 404);
    let mut s = connect(addr);
    s.write_all(
        b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.BatchWriteItem\r\nContent-Length: 17000000\r\n\r\n",
    )
    .expect("send");
    assert_eq!(
        read_reply(&mut BufReader::new(s)).expect("answer").status,
        413
    );
    let mut s = connect(addr);
    s.write_all(b"\x16\x03\x01 not http at all\r\n\r\n")
        .expect("send");
    assert_eq!(
        read_reply(&mut BufReader::new(s)).expect("answer").status,
        400
    );

    assert!(live.look(&mut m), "the refusals are noticed");
    assert!(!live.look(&mut m), "once");
    assert_eq!(
        m.live.as_ref().map(|l| l.served),
        Some(8),
        "every answer counts"
    );
    let t = screen(&mut m, &mut live);
    assert!(t.contains("serving http://127.0.0.1:"), "{t}");
    assert!(t.contains(" · 8 requests "), "{t}");
    assert!(
        t.contains("2 requests · 6 refused before the engine"),
        "{t}"
    );
    // The last column names both of what it shows.
    assert!(
        t.contains("verdict") && t.contains("tables · answer"),
        "{t}"
    );
    let rows: Vec<&str> = t.lines().filter(|l| l.contains("  http  ")).collect();
    assert_eq!(rows.len(), 8, "{t}");
    // Newest first, in the order they arrived, each with its time, number, operation and verdict.
    let expect = [
        ("r6", "(unreadable)", "unreadable HTTP (400)"),
        ("r5", "BatchWriteItem", "request too large"),
        ("r4", "PutItem", "UnknownOperationException"),
        ("r3", "DescribeBackup", "UnknownOperationException"),
        ("#2", "PutItem", "committed"),
        ("r2", "PutItem", "SerializationException"),
        ("r1", "PutItem", "MissingAuthenticationTokenException"),
        ("#1", "CreateTable", "committed"),
    ];
    for (row, (number, operation, verdict)) in rows.iter().zip(expect) {
        assert!(
            row.contains(&format!("03:04:05.678  {number}"))
                && row.contains(operation)
                && row.contains(verdict),
            "{row}"
        );
    }
    assert!(rows[6].contains("400 · Request is missing"), "{}", rows[6]);
    assert!(rows[2].contains("404 · Content-Type text/p"), "{}", rows[2]);

    // A refusal's verdict reads as a failure, the health check's does not.
    assert_eq!(post(addr, "ListTables", "{}").status, 200);
    let mut get = connect(addr);
    get.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("send");
    assert_eq!(
        read_reply(&mut BufReader::new(get)).expect("answer").status,
        200
    );
    live.look(&mut m);
    // The two new rows are above: the cursor (on the newest) follows them.
    assert_eq!(m.history.cursor, 0);
    // Off the selected row, the styles show.
    key(&live, &mut m, KeyCode::Down);
    let frame = live.frame(&mut m, Rect::new(0, 0, WIDTH, HEIGHT));
    let style_of = |needle: &str| {
        let (x, y) = find(&frame.buffer, needle).expect(needle);
        frame.buffer[(x, y)].style().fg
    };
    assert_eq!(
        style_of("MissingAuthenticationTokenException"),
        m.theme.fail.fg
    );
    assert_eq!(style_of("health check"), m.theme.ok.fg);
    assert_ne!(m.theme.ok.fg, m.theme.fail.fg);
    // On an executed request (the ListTables), the status line offers its verdict and the stepper.
    let t = screen(&mut m, &mut live);
    assert!(t.contains("Enter open its verdict"), "{t}");
    assert!(t.contains("R step through it"), "{t}");

    // Enter on the request without credentials: what was refused, the answer, and what to do.
    for _ in 0..7 {
        key(&live, &mut m, KeyCode::Down);
    }
    let t = screen(&mut m, &mut live);
    assert!(
        t.contains("Refused before the engine · Enter opens what to do"),
        "{t}"
    );
    // ... and on a refused one there is no verdict to open and nothing to step through.
    assert!(t.contains("Enter open what to do"), "{t}");
    assert!(!t.contains("step through it"), "{t}");
    assert!(
        t.contains("refused  POST / · X-Amz-Target: DynamoDB_20120810.PutItem · 57 bytes"),
        "{t}"
    );
    key(&live, &mut m, KeyCode::Enter);
    let Some(Overlay::Reader(panel)) = &m.overlay else {
        panic!("no panel: {:?}", m.overlay);
    };
    let panel = panel.lines.join("\n");
    assert!(panel.contains("Authorization: (none)"), "{panel}");
    assert!(
        panel.contains(
            "answer   HTTP 400  MissingAuthenticationTokenException: Request is missing Authentication Token"
        ),
        "{panel}"
    );
    assert!(
        panel.contains(
            "no Authorization header: SDKs sign every request — configure any credentials"
        ),
        "{panel}"
    );
    let t = screen(&mut m, &mut live);
    assert!(
        t.contains("r1 PutItem ─ MissingAuthenticationTokenException"),
        "{t}"
    );
    key(&live, &mut m, KeyCode::Esc);
    assert!(m.overlay.is_none());
    // The body that is not JSON: the panel shows how it starts.
    key(&live, &mut m, KeyCode::Up);
    key(&live, &mut m, KeyCode::Enter);
    let Some(Overlay::Reader(panel)) = &m.overlay else {
        panic!("no panel: {:?}", m.overlay);
    };
    let panel = panel.lines.join("\n");
    assert!(
        panel.contains(
            "the body is not JSON: check how the request is built (it starts: {\"TableName\": "
        ),
        "{panel}"
    );
    key(&live, &mut m, KeyCode::Esc);

    // The cursor stays on the row being read as more arrive; entries still open in the stepper.
    assert_eq!(post(addr, "GetItem", "not json").status, 400);
    live.look(&mut m);
    let selected = |m: &mut Model, live: &Live| {
        live.enter(m, |m| match m.history.selected(&m.session, m.refused()) {
            Some(Row::Entry(e)) => format!("#{}", e.id),
            Some(Row::Refused(r)) => format!("r{}", r.seq),
            None => String::new(),
        })
    };
    assert_eq!(selected(&mut m, &live).as_deref(), Some("r2"));
    key(&live, &mut m, KeyCode::Up);
    assert_eq!(selected(&mut m, &live).as_deref(), Some("#2"));
    key(&live, &mut m, KeyCode::Enter);
    assert_eq!(m.pane, Pane::Run);

    // None of them is in the session's history.
    let session = live.stop().expect("the session comes back");
    assert_eq!(session.history().len(), 3);
}

#[test]
fn without_a_view_refusals_are_not_kept() {
    let server = Server::spawn(
        test_config(),
        Session::with_clock(Arc::new(ManualClock::new(NOW))),
    )
    .expect("serves");
    let reply = send(
        server.addr(),
        "\r\nContent-Type: application/x-amz-json-1.0",
        "{}",
    );
    assert_eq!(reply.status, 400);
    assert_eq!(server.session().refused.count(), 0);
    assert!(server.session().refused.take().is_empty());
    server.session().refused.watch();
    let reply = send(
        server.addr(),
        "\r\nContent-Type: application/x-amz-json-1.0",
        "{}",
    );
    assert_eq!(reply.status, 400);
    assert_eq!(server.session().refused.count(), 1);
    let taken = server.session().refused.take();
    assert_eq!(
        taken.first().map(|r| (r.seq, r.error_type.as_deref())),
        Some((1, Some("UnknownOperationException")))
    );
    drop(server.stop());
}

/// A client's transaction with a ClientRequestToken, opened with `e` to edit and run again: the token is dropped
/// (and the status line says so), so running it executes it rather than replaying the recorded answer.
#[test]
fn editing_a_client_request_drops_its_token_so_running_it_executes() {
    let (mut m, mut live) = live_model();
    let addr = live.addr();
    assert_eq!(post(addr, "CreateTable", CREATE).status, 200);
    let body = json!({
        "ClientRequestToken": "client-token-1",
        "TransactItems": [{"Put": {"TableName": "Orders", "Item": {"pk": {"S": "order-1"}}}}]
    });
    assert_eq!(
        post(addr, "TransactWriteItems", &body.to_string()).status,
        200
    );
    live.look(&mut m);
    key(&live, &mut m, KeyCode::Enter);
    assert_eq!(m.pane, Pane::Run);
    key(&live, &mut m, KeyCode::Char('e'));
    assert_eq!(m.pane, Pane::Compose);
    assert_eq!(m.compose.draft.token, "");
    let notice = m.notice.clone().expect("a notice");
    assert!(
        notice.text.starts_with(
            "token dropped: a run executes, no replay · request #2 loaded into the draft (its \
             ClientRequestToken was client-token-1;"
        ),
        "{}",
        notice.text
    );
    let t = screen(&mut m, &mut live);
    // The start of the notice is what a narrow status line shows.
    assert!(
        t.contains(" token dropped: a run executes, no replay"),
        "{t}"
    );
    live.update(&mut m, Message::Action(Action::RunDraft));
    let verdict = live.enter(&mut m, |m| {
        m.session
            .last_entry()
            .map(|e| (e.id, e.source.to_string(), e.trace.verdict.clone()))
    });
    assert_eq!(
        verdict,
        Some(Some((3, "tui".to_string(), Verdict::Committed))),
        "ran, not replayed"
    );
    drop(live.stop());
}

/// Each way a request is refused before the engine, sent over HTTP to an endpoint a view watches: the verdict the
/// row shows and the start of what the panel says to do.
#[test]
fn each_refusal_gets_its_verdict_and_what_to_do() {
    let server = Server::spawn(
        test_config(),
        Session::with_clock(Arc::new(ManualClock::new(NOW))),
    )
    .expect("serves");
    server.session().refused.watch();
    let addr = server.addr();
    let amz = "\r\nContent-Type: application/x-amz-json-1.0";
    let target = "\r\nX-Amz-Target: DynamoDB_20120810.GetItem";
    let signed = format!("{SIGNED}{AUTH}");
    let cases: Vec<(String, &str, &str, &str)> = vec![
        (
            format!("POST / HTTP/1.1{amz}{target}"),
            "{}",
            "MissingAuthenticationTokenException",
            "no Authorization header: SDKs sign every request",
        ),
        (
            format!("POST / HTTP/1.1{amz}{target}\r\nAuthorization: Bearer abc"),
            "{}",
            "MissingAuthenticationTokenException",
            "the Authorization header is not a SigV4 signature (Bearer)",
        ),
        (
            format!("POST / HTTP/1.1{amz}{target}\r\nX-Amz-Date: 20260101T000000Z\r\nAuthorization: AWS4-HMAC-SHA256 Credential=a/b"),
            "{}",
            "IncompleteSignatureException",
            "the signature lacks parts DynamoDB requires",
        ),
        (
            format!("POST /?X-Amz-Algorithm=AWS4-HMAC-SHA256 HTTP/1.1{amz}{target}{signed}"),
            "{}",
            "InvalidSignatureException",
            "authorization in both the Authorization header and the query string",
        ),
        (
            format!("POST / HTTP/1.1{amz}{target}{signed}"),
            "",
            "SerializationException",
            "empty body: every operation takes a JSON object",
        ),
        (
            format!("POST / HTTP/1.1{amz}{signed}"),
            "{}",
            "UnknownOperationException",
            "no X-Amz-Target header: DynamoDB reads the operation from it",
        ),
        (
            format!("POST / HTTP/1.1{amz}\r\nX-Amz-Target: DynamoDB_20111205.GetItem{signed}"),
            "{}",
            "UnknownOperationException",
            "X-Amz-Target DynamoDB_20111205.GetItem: it must be DynamoDB_20120810.<Operation>",
        ),
        (
            format!("POST / HTTP/1.1{amz}\r\nX-Amz-Target: DynamoDB_20120810.Frobnicate{signed}"),
            "{}",
            "UnknownOperationException",
            "txlab does not run Frobnicate: it runs ",
        ),
        (
            format!("PUT / HTTP/1.1{amz}{target}{signed}"),
            "{}",
            "UnknownOperationException",
            "method PUT: DynamoDB takes POST / only",
        ),
        (
            "GET / HTTP/1.1".to_string(),
            "",
            "health check",
            "a health check: answered as DynamoDB does",
        ),
        (
            "OPTIONS / HTTP/1.1\r\nOrigin: http://localhost:3000".to_string(),
            "",
            "CORS preflight",
            "a browser's CORS preflight",
        ),
    ];
    for (head, body, _, _) in &cases {
        exchange(addr, head, body.as_bytes());
    }
    let refused = server.session().refused.take();
    assert_eq!(refused.len(), cases.len());
    for (r, (head, _, verdict, hint)) in refused.iter().zip(&cases) {
        assert_eq!(refused::verdict(r).0, *verdict, "{head}");
        assert!(
            refused::hint(r).starts_with(hint),
            "{head}: {}",
            refused::hint(r)
        );
        // The panel has the answer and the hint.
        let panel = refused::panel(r).lines.join("\n");
        assert!(
            panel.contains(&format!("answer   HTTP {}", r.status)),
            "{panel}"
        );
        assert!(panel.contains(hint), "{panel}");
    }
    // The Authorization header's scheme is kept, never its credential or signature.
    assert_eq!(refused[1].authorization.as_deref(), Some("Bearer"));
    assert_eq!(
        refused[2].authorization.as_deref(),
        Some("AWS4-HMAC-SHA256")
    );
    drop(server.stop());
}

/// The endpoint keeps at most `KEPT` refusals for the view; the oldest go first, the count goes on.
#[test]
fn at_most_kept_refusals_wait_for_the_view() {
    let log = txlab::server::refused::RefusedLog::default();
    let refusal = txlab::server::refused::describe(None, None);
    for _ in 0..KEPT + 5 {
        log.push(refusal.clone());
    }
    assert_eq!(log.count(), (KEPT + 5) as u64);
    let taken = log.take();
    assert_eq!(taken.len(), KEPT);
    assert_eq!(taken.first().map(|r| r.seq), Some(6));
    assert_eq!(taken.last().map(|r| r.seq), Some((KEPT + 5) as u64));
    assert!(log.take().is_empty(), "taken once");
}

/// A request txlab itself fails on is answered with DynamoDB's 500 ("Internal server error", nothing more), and a
/// live view gets a row that says why: here the session was already taken (the server is shutting down).
#[test]
fn a_request_answered_with_a_500_shows_why_in_the_live_view() {
    let server = Server::spawn(
        test_config(),
        Session::with_clock(Arc::new(ManualClock::new(NOW))),
    )
    .expect("serves");
    server.session().refused.watch();
    assert_eq!(post(server.addr(), "CreateTable", CREATE).status, 200);
    assert!(
        server.session().refused.take().is_empty(),
        "a request that ran is in the history, not a refusal"
    );
    let session = server.session().take().expect("the session was there");
    let reply = post(server.addr(), "PutItem", PUT);
    assert_eq!(reply.status, 500);
    assert!(
        reply.text().contains("InternalServerError"),
        "{}",
        reply.text()
    );
    let refused = server.session().refused.take();
    let [r] = refused.as_slice() else {
        panic!("one refusal expected: {refused:?}");
    };
    assert_eq!(
        (r.status, r.error_type.as_deref(), r.target.as_deref()),
        (
            500,
            Some("InternalServerError"),
            Some("DynamoDB_20120810.PutItem")
        )
    );
    assert!(r.body_excerpt.contains("order-1"), "{}", r.body_excerpt);
    assert_eq!(refused::operation(r), "PutItem");
    assert_eq!(refused::hint(r), txlab::server::refused::SHUTTING_DOWN);
    let panel = refused::panel(r).lines.join("\n");
    assert!(panel.contains("answer   HTTP 500"), "{panel}");
    assert!(panel.contains("the server is shutting down"), "{panel}");
    // Nothing ran: the session taken out has only the table's creation.
    assert_eq!(session.history().len(), 1);
    drop(server.stop());
}
