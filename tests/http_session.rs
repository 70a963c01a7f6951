//! The endpoint and the Session: concurrent clients are served correctly and atomically, every request is in
//! the history with its trace and on disk before it is answered, and the session is saved on shutdown.

mod http_support;
use http_support::*;

use std::sync::Arc;

use serde_json::{json, Value};
use txlab::server::Server;
use txlab::session::clock::SystemClock;
use txlab::session::store::OpenMode;
use txlab::session::Session;

const CREATE: &str = r#"{"TableName": "Counters", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"}"#;

fn get(addr: std::net::SocketAddr, pk: &str) -> Value {
    post(
        addr,
        "GetItem",
        &json!({"TableName": "Counters", "Key": {"pk": {"S": pk}}, "ConsistentRead": true})
            .to_string(),
    )
    .json()
}

/// Each transaction adds 1 to a shared counter and puts an item of its own, both conditioned: with requests
/// from 8 connections at once, none is lost, none is torn, and none is answered with a 500.
#[test]
fn concurrent_transactions_are_atomic_and_none_is_lost() {
    let srv = Server::spawn(test_config(), Session::in_memory()).expect("server");
    let a = srv.addr();
    assert_eq!(post(a, "CreateTable", CREATE).status, 200);
    let threads: Vec<_> = (0..8)
        .map(|t| {
            std::thread::spawn(move || {
                let mut statuses = Vec::new();
                for i in 0..60 {
                    let tx = json!({"TransactItems": [
                        {"Update": {"TableName": "Counters", "Key": {"pk": {"S": "total"}},
                            "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}},
                        {"Put": {"TableName": "Counters", "Item": {"pk": {"S": format!("t{t}-{i}")}},
                            "ConditionExpression": "attribute_not_exists(pk)"}}
                    ]});
                    statuses.push(post(a, "TransactWriteItems", &tx.to_string()).status);
                }
                statuses
            })
        })
        .collect();
    for t in threads {
        let statuses = t.join().expect("client thread");
        assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    }
    assert_eq!(
        get(a, "total"),
        json!({"Item": {"n": {"N": "480"}, "pk": {"S": "total"}}})
    );
    let scan = post(a, "Scan", r#"{"TableName": "Counters", "Select": "COUNT"}"#).json();
    assert_eq!(scan["Count"], json!(481));

    // Every request is in the history, from "http", with its trace.
    let (count, sources_ok, traced) = srv
        .session()
        .with(|s| {
            let h: Vec<_> = s.history().collect();
            let tx: Vec<_> = h
                .iter()
                .filter(|e| e.operation == "TransactWriteItems")
                .collect();
            (
                tx.len(),
                h.iter().all(|e| e.source == "http"),
                tx.iter().all(|e| e.trace.actions.len() == 2),
            )
        })
        .expect("session");
    assert_eq!((count, sources_ok, traced), (480, true, true));
}

/// A transaction cancelled over HTTP: status 400, DynamoDB's body with the reasons and the ALL_OLD item, and
/// the history entry carries the same body and the trace of why.
#[test]
fn cancellations_are_answered_and_recorded() {
    let srv = Server::spawn(test_config(), Session::in_memory()).expect("server");
    let a = srv.addr();
    post(a, "CreateTable", CREATE);
    post(
        a,
        "PutItem",
        r#"{"TableName": "Counters", "Item": {"pk": {"S": "a"}, "n": {"N": "5"}}}"#,
    );
    let tx = json!({"TransactItems": [
        {"Put": {"TableName": "Counters", "Item": {"pk": {"S": "b"}}}},
        {"ConditionCheck": {"TableName": "Counters", "Key": {"pk": {"S": "a"}},
            "ConditionExpression": "n > :limit", "ExpressionAttributeValues": {":limit": {"N": "10"}},
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}
    ]});
    let r = post(a, "TransactWriteItems", &tx.to_string());
    assert_eq!(r.status, 400);
    assert_eq!(
        r.text(),
        r#"{"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException","CancellationReasons":[{"Code":"None"},{"Code":"ConditionalCheckFailed","Item":{"n":{"N":"5"},"pk":{"S":"a"}},"Message":"The conditional request failed"}],"Message":"Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]"}"#
    );
    let entry = srv
        .session()
        .with(|s| s.last_entry().cloned())
        .flatten()
        .expect("an entry");
    assert_eq!((entry.status, entry.response), (400, r.json()));
    assert_eq!(entry.trace.actions.len(), 2);
    assert_eq!(get(a, "b"), json!({}));
}

/// Answered means saved: requests served from a session file are all there when it is opened again, with
/// their history.
#[test]
fn a_served_session_is_saved() {
    let dir = TempDir::new("saved");
    let path = dir.file("session.json");
    let session = Session::open(&path, OpenMode::ReadWrite, Arc::new(SystemClock)).expect("open");
    let srv = Server::spawn(test_config(), session).expect("server");
    let a = srv.addr();
    post(a, "CreateTable", CREATE);
    for i in 0..20 {
        let put = json!({"TableName": "Counters", "Item": {"pk": {"S": format!("k{i}")}}});
        assert_eq!(post(a, "PutItem", &put.to_string()).status, 200);
    }
    let session = srv.stop().expect("the session");
    session.close().expect("saved");

    let reopened = Session::open(&path, OpenMode::ReadOnly, Arc::new(SystemClock)).expect("reopen");
    assert_eq!(reopened.history().len(), 21);
    assert!(reopened
        .history()
        .all(|e| e.source == "http" && e.status == 200));
    let table = reopened
        .database()
        .table("Counters")
        .map(|t| t.item_count());
    assert_eq!(table, Some(20));
}

/// Stopping closes kept-alive connections that wait for their next request at once (it does not wait for their
/// header timeout, nor for the shutdown grace), and the answered request is in the session handed back.
#[test]
fn stopping_closes_idle_connections_at_once() {
    let mut config = test_config();
    config.header_timeout = std::time::Duration::from_secs(30);
    let srv = Server::spawn(config, Session::in_memory()).expect("server");
    let mut idle: Vec<_> = (0..4)
        .map(|_| {
            let mut s = std::io::BufReader::new(connect(srv.addr()));
            let req = format!(
                "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Date: 20260101T000000Z\r\nAuthorization: {AUTH}\r\nContent-Length: 2\r\n\r\n{{}}"
            );
            std::io::Write::write_all(s.get_mut(), req.as_bytes()).expect("send");
            assert_eq!(read_reply(&mut s).expect("an answer").status, 200);
            s
        })
        .collect();
    let started = std::time::Instant::now();
    let session = srv.stop().expect("the session");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "stopping took {:?}",
        started.elapsed()
    );
    assert_eq!(session.history().len(), 4);
    for s in &mut idle {
        let mut rest = Vec::new();
        assert_eq!(std::io::Read::read_to_end(s, &mut rest).ok(), Some(0));
    }
}
