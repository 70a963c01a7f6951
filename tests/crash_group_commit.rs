//! Kill a `txlab serve` that several connections are writing to at once (its journal records are written by
//! group commit: one write for the requests that ran together), at random moments: the session must always
//! load, and hold every answered request.
//!
//! Each round, CONNECTIONS clients send PutItems one after another (each on its own keep-alive connection) and
//! count their answers (A per connection); after a random delay the server gets SIGKILL. The reloaded session
//! must hold, for each connection, exactly its first K puts with K = A or A + 1 (a request whose record was
//! written but whose answer was not read), and everything of the earlier rounds.

mod http_support;
use http_support::*;

use std::io::{BufReader, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::process::Child;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use txlab::engine::AttributeValue;
use txlab::session::clock::ManualClock;
use txlab::session::store::OpenMode;
use txlab::session::Session;

const ROUNDS: usize = 25;
const CONNECTIONS: usize = 6;
const PUTS: usize = 150;
const TABLE: &str = "Crash";

fn start(path: &Path) -> (Child, SocketAddr) {
    let path = path.to_str().expect("a UTF-8 path");
    // Folds too, so that kills also land while the journal is set aside.
    spawn_serve(
        &["--port", "0", "--threads", "2", "--session", path],
        &[("TXLAB_FOLD_AFTER_RECORDS", "200")],
    )
}

fn send(s: &mut std::net::TcpStream, operation: &str, body: &str) -> bool {
    let request = format!(
        "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.{operation}\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Date: 20260101T000000Z\r\nAuthorization: {AUTH}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(request.as_bytes()).is_ok()
}

/// PutItems `r{round}-c{conn}-{i}` one after another until `PUTS` or the connection fails; the answers read.
fn put_until_killed(addr: SocketAddr, round: usize, conn: usize) -> usize {
    // The kill may come before the connection does.
    let Ok(mut s) = std::net::TcpStream::connect(addr) else {
        return 0;
    };
    let _ = s.set_nodelay(true);
    let Ok(read_half) = s.try_clone() else {
        return 0;
    };
    let mut reader = BufReader::new(read_half);
    let mut answered = 0;
    for i in 0..PUTS {
        let body =
            json!({"TableName": TABLE, "Item": {"pk": {"S": format!("r{round}-c{conn}-{i}")}}});
        if !send(&mut s, "PutItem", &body.to_string()) {
            break;
        }
        match read_reply(&mut reader) {
            Ok(r) if r.status == 200 => answered += 1,
            Ok(r) => panic!("round {round}: put {i} answered {}: {}", r.status, r.text()),
            Err(_) => break,
        }
    }
    answered
}

/// The numbers of connection `conn`'s puts in round `round` that the session holds, in order.
fn kept(session: &Session, round: usize, conn: usize) -> Vec<usize> {
    let Some(table) = session.database().table(TABLE) else {
        return Vec::new();
    };
    let prefix = format!("r{round}-c{conn}-");
    let mut kept: Vec<usize> = table
        .iter()
        .filter_map(|row| match row.item().get("pk") {
            Some(AttributeValue::S(s)) => s.strip_prefix(&prefix).and_then(|n| n.parse().ok()),
            _ => None,
        })
        .collect();
    kept.sort_unstable();
    kept
}

#[test]
fn killed_while_connections_write_together_the_session_holds_every_answered_request() {
    let dir = TempDir::new("crash-group-commit");
    let path = dir.file("session.json");
    {
        let (mut child, addr) = start(&path);
        let create = json!({"TableName": TABLE, "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]});
        assert_eq!(post(addr, "CreateTable", &create.to_string()).status, 200);
        let _ = child.kill();
        let _ = child.wait();
    }
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64)
        .unwrap_or(1);
    let mut total = 0;
    let mut cut_short = 0;
    let budget = Instant::now();
    for round in 1..=ROUNDS {
        let (mut child, addr) = start(&path);
        let clients: Vec<_> = (0..CONNECTIONS)
            .map(|conn| std::thread::spawn(move || put_until_killed(addr, round, conn)))
            .collect();
        // Spread the kills over the first 80 ms, when the puts are usually still going.
        std::thread::sleep(Duration::from_millis((seed + round as u64 * 37) % 80));
        let _ = child.kill();
        let _ = child.wait();
        let answered: Vec<usize> = clients
            .into_iter()
            .map(|c| c.join().expect("client"))
            .collect();
        let session = Session::open(
            &path,
            OpenMode::ReadWrite,
            Arc::new(ManualClock::new(1_700_000_000_000)),
        )
        .unwrap_or_else(|e| panic!("round {round}: the session does not load: {e}"));
        let mut kept_now = 0;
        for (conn, a) in answered.iter().enumerate() {
            let k = kept(&session, round, conn);
            assert!(
                k.len() == *a || k.len() == a + 1,
                "round {round}, connection {conn}: {a} answered, {} on disk",
                k.len()
            );
            assert_eq!(
                k,
                (0..k.len()).collect::<Vec<_>>(),
                "round {round}: in order"
            );
            kept_now += k.len();
            if *a < PUTS {
                cut_short += 1;
            }
        }
        let in_table = session
            .database()
            .table(TABLE)
            .map_or(0, |t| t.item_count());
        // Every earlier round is still whole.
        assert_eq!(
            in_table,
            total + kept_now,
            "round {round}: earlier rounds changed"
        );
        total = in_table;
        drop(session);
        assert!(
            budget.elapsed() < Duration::from_secs(180),
            "the crash test is too slow"
        );
    }
    assert!(cut_short > 0, "no kill landed while puts were going on");
}
