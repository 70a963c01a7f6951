//! The endpoint's front door, byte for byte: what DynamoDB answers before (and around) an operation.
//! Expected bodies and CRC32s are dynalite's captures of DynamoDB, and a 2026 capture of DynamoDB for the
//! missing token.

mod http_support;
use http_support::*;

use std::io::{BufReader, Write};
use std::time::{Duration, Instant};

use txlab::server::Server;
use txlab::session::Session;

const SER: &str = r#"{"__type":"com.amazon.coral.service#SerializationException"}"#;
const UNKNOWN_OP: &str = r#"{"__type":"com.amazon.coral.service#UnknownOperationException"}"#;
const MISSING: &str = r#"{"__type":"com.amazon.coral.service#MissingAuthenticationTokenException","message":"Request is missing Authentication Token"}"#;
const NOT_FOUND: &str = "<UnknownOperationException/>\n";
const HEALTH: &str = "healthy: dynamodb.us-east-1.amazonaws.com ";
const AMZ: &str = "application/x-amz-json-1.0";
const JSON: &str = "application/json";

fn server() -> Server {
    Server::spawn(test_config(), Session::in_memory()).expect("server")
}

fn is_request_id(s: &str) -> bool {
    s.len() == 52
        && s.bytes()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
}

/// Every answer carries a DynamoDB-shaped request id and the CRC32 of its body.
fn check_common(r: &Reply) {
    assert!(
        r.header("x-amzn-requestid").is_some_and(is_request_id),
        "{r:?}"
    );
    assert_eq!(
        r.header("x-amz-crc32"),
        Some(crc32fast::hash(&r.body).to_string().as_str()),
        "{r:?}"
    );
}

/// (request line + headers, body) -> (status, content type, body)
type Row = (
    String,
    &'static [u8],
    u16,
    Option<&'static str>,
    &'static str,
);

#[test]
fn front_door_answers_as_dynamodb_does() {
    let srv = server();
    let a = srv.addr();
    let target = "X-Amz-Target: DynamoDB_20120810.ListTables";
    let signed = format!("X-Amz-Date: 20260101T000000Z\r\nAuthorization: {AUTH}");
    #[rustfmt::skip]
    let rows: Vec<Row> = vec![
        // (request line + headers, body) -> (status, content type, body)
        ("GET / HTTP/1.1".into(), b"", 200, None, HEALTH),
        ("GET /anything?x=1 HTTP/1.1".into(), b"", 200, None, HEALTH),
        ("PUT / HTTP/1.1".into(), b"", 404, None, NOT_FOUND),
        ("DELETE / HTTP/1.1".into(), b"", 404, None, NOT_FOUND),
        ("PATCH / HTTP/1.1".into(), b"{}", 404, None, NOT_FOUND),
        ("OPTIONS / HTTP/1.1".into(), b"", 404, None, NOT_FOUND),
        ("POST / HTTP/1.1".into(), b"hi", 404, None, NOT_FOUND),
        ("POST / HTTP/1.1\r\nContent-Type: whatever".into(), b"hi", 404, None, NOT_FOUND),
        ("POST / HTTP/1.1\r\nContent-Type: text/plain".into(), b"{}", 404, None, NOT_FOUND),
        ("POST / HTTP/1.1\r\nContent-Type: application/json".into(), b"hi", 400, Some(JSON), SER),
        ("POST / HTTP/1.1\r\nContent-Type: application/x-amz-json-1.0".into(), b"hi", 400, Some(AMZ), SER),
        ("POST / HTTP/1.1\r\nContent-Type: Application/X-Amz-Json-1.0; charset=utf-8".into(), b"hi", 400, Some(AMZ), SER),
        ("POST / HTTP/1.1".into(), b"", 400, Some(JSON), UNKNOWN_OP),
        ("POST / HTTP/1.1\r\nContent-Type: application/json".into(), b"{}", 400, Some(JSON), UNKNOWN_OP),
        ("POST / HTTP/1.1\r\nContent-Type: application/x-amz-json-1.0".into(), b"{}", 400, Some(AMZ), UNKNOWN_OP),
        ("POST / HTTP/1.1\r\nX-Amz-Target: whatever".into(), b"", 400, Some(JSON), UNKNOWN_OP),
        ("POST / HTTP/1.1\r\nX-Amz-Target: DynamoDB_20120810.ListTable".into(), b"", 400, Some(JSON), UNKNOWN_OP),
        ("POST / HTTP/1.1\r\nX-Amz-Target: DynamoDB_20111205.ListTables".into(), b"", 400, Some(JSON), UNKNOWN_OP),
        ("POST / HTTP/1.1\r\nX-Amz-Target: DynamoDB_20120810.ListTables.x".into(), b"", 400, Some(JSON), UNKNOWN_OP),
        // Malformed JSON beats an unknown target, and a missing target beats missing authorization.
        ("POST / HTTP/1.1\r\nContent-Type: application/json\r\nX-Amz-Target: nope".into(), b"{", 400, Some(JSON), SER),
        (format!("POST / HTTP/1.1\r\n{target}"), b"", 400, Some(JSON), MISSING),
        (format!("POST / HTTP/1.1\r\nContent-Type: application/x-amz-json-1.0\r\n{target}"), b"{}", 400, Some(AMZ), MISSING),
        (format!("POST / HTTP/1.1\r\n{target}\r\nAuthorization: AWS4"), b"", 400, Some(JSON), MISSING),
        (format!("POST / HTTP/1.1\r\n{target}\r\nAuthorization: Basic dXNlcjpwYXNz"), b"", 400, Some(JSON), MISSING),
        (format!("POST / HTTP/1.1\r\n{target}\r\nAuthorization: AWS4-"), b"", 400, Some(JSON),
            r#"{"__type":"com.amazon.coral.service#IncompleteSignatureException","message":"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-"}"#),
        (format!("POST / HTTP/1.1\r\n{target}\r\nX-Amz-Date: 20260101T000000Z\r\nAuthorization: AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host"), b"", 400, Some(JSON),
            r#"{"__type":"com.amazon.coral.service#IncompleteSignatureException","message":"Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host"}"#),
        (format!("POST /?X-Amz-Algorithm=AWS4-HMAC-SHA256 HTTP/1.1\r\n{target}\r\n{signed}"), b"", 400, Some(JSON),
            r#"{"__type":"com.amazon.coral.service#InvalidSignatureException","message":"Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."}"#),
        (format!("POST /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=1 HTTP/1.1\r\n{target}"), b"", 400, Some(JSON),
            r#"{"__type":"com.amazon.coral.service#IncompleteSignatureException","message":"AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters."}"#),
        // Authorized: an empty body is a SerializationException; `null` is an empty request.
        (format!("POST / HTTP/1.1\r\n{target}\r\n{signed}"), b"", 400, Some(JSON), SER),
        (format!("POST / HTTP/1.1\r\nContent-Type: application/x-amz-json-1.0\r\n{target}\r\n{signed}"), b"null", 200, Some(AMZ), r#"{"TableNames":[]}"#),
        (format!("POST /?X-Amz-Algorithm=A&X-Amz-Credential=c&X-Amz-Signature=s&X-Amz-SignedHeaders=host&X-Amz-Date=d HTTP/1.1\r\nContent-Type: application/json\r\n{target}"), b"{}", 200, Some(JSON), r#"{"TableNames":[]}"#),
        (format!("POST / HTTP/1.1\r\nContent-Type: application/x-amz-json-1.0\r\n{target}\r\n{signed}"), b"{\"Limit\": 1,}", 400, Some(AMZ), SER),
        (format!("POST / HTTP/1.1\r\nContent-Type: application/x-amz-json-1.0\r\n{target}\r\n{signed}"), b"{\"ExclusiveStartTableName\": \"\xff\xfe\"}", 400, Some(AMZ), SER),
        // The same inside a body the plain reader takes (PutItem, TransactWriteItems): it is answered the same way.
        (format!("POST / HTTP/1.1\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810.PutItem\r\n{signed}"), b"{\"TableName\": \"tbl\", \"Item\": {\"pk\": {\"S\": \"\xff\xfe\"}}}", 400, Some(AMZ), SER),
        (format!("POST / HTTP/1.1\r\nContent-Type: application/x-amz-json-1.0\r\n{target}\r\n{signed}"), b"{} {}", 400, Some(AMZ), SER),
        (format!("POST / HTTP/1.1\r\nContent-Type: application/x-amz-json-1.0\r\n{target}\r\n{signed}"), b"[]", 400, Some(AMZ),
            r#"{"__type":"com.amazon.coral.service#SerializationException","Message":"Start of list found where not expected"}"#),
        (format!("POST / HTTP/1.1\r\nContent-Type: application/x-amz-json-1.0\r\n{target}\r\n{signed}"), b"{\"Limit\": 0}", 400, Some(AMZ),
            r#"{"__type":"com.amazon.coral.validate#ValidationException","message":"1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"}"#),
    ];
    for (head, body, status, ct, expected) in rows {
        let r = exchange(a, &head, body);
        assert_eq!(
            (r.status, r.header("content-type"), r.text().as_str()),
            (status, ct, expected),
            "{head}"
        );
        check_common(&r);
    }
}

#[test]
fn crc32_values_match_dynamodbs() {
    // The CRC32s dynalite's tests pin for these bodies, as DynamoDB sent them.
    let srv = server();
    let a = srv.addr();
    for (head, body, crc) in [
        ("GET / HTTP/1.1", &b""[..], "3128867991"),
        ("PUT / HTTP/1.1", b"", "3552371480"),
        (
            "POST / HTTP/1.1\r\nContent-Type: application/json",
            b"hi",
            "3948637019",
        ),
        ("POST / HTTP/1.1", b"", "1368724161"),
        (
            "POST / HTTP/1.1\r\nX-Amz-Target: DynamoDB_20120810.ListTables",
            b"",
            "2088342776",
        ),
        (
            "POST / HTTP/1.1\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nAuthorization: AWS4-",
            b"",
            "1828866742",
        ),
    ] {
        assert_eq!(
            exchange(a, head, body).header("x-amz-crc32"),
            Some(crc),
            "{head}"
        );
    }
}

#[test]
fn cors_preflight_and_origin() {
    let srv = server();
    let a = srv.addr();
    let r = exchange(a, "OPTIONS / HTTP/1.1\r\nOrigin: http://example.com", b"");
    assert_eq!((r.status, r.text().as_str()), (200, ""));
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(r.header("access-control-max-age"), Some("172800"));
    assert_eq!(r.header("content-length"), Some("0"));
    assert_eq!(r.header("access-control-allow-headers"), None);
    check_common(&r);

    let r = exchange(
        a,
        "OPTIONS / HTTP/1.1\r\nOrigin: http://example.com\r\nAccess-Control-Request-Headers: a, b, c\r\nAccess-Control-Request-Method: d",
        b"",
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-headers"), Some("a, b, c"));
    assert_eq!(r.header("access-control-allow-methods"), Some("d"));

    // Any answer to a request with an Origin allows it, and exposes the headers SDKs read.
    let r = exchange(a, "POST / HTTP/1.1\r\nOrigin: whatever", b"");
    assert_eq!((r.status, r.text().as_str()), (400, UNKNOWN_OP));
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert!(r
        .header("access-control-expose-headers")
        .is_some_and(|h| h.contains("x-amz-crc32") && h.contains("x-amzn-RequestId")));
    let r = post(a, "ListTables", "{}");
    assert_eq!(r.header("access-control-allow-origin"), None);
}

#[test]
fn bodies_over_16_mb_are_refused_before_being_read() {
    let srv = server();
    let a = srv.addr();
    // Declared too large: answered at once, though not one byte of the body was sent.
    let mut s = connect(a);
    write!(
        s,
        "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: {}\r\n\r\n",
        16 * 1024 * 1024 + 1
    )
    .expect("send");
    let started = Instant::now();
    let r = read_reply(&mut BufReader::new(s)).expect("a 413");
    assert_eq!((r.status, r.body.len()), (413, 0));
    assert_eq!(r.header("connection"), Some("close"));
    assert!(started.elapsed() < Duration::from_secs(2));
    check_common(&r);

    // Exactly 16 MB is read and answered normally (here: a list of tables, padded with spaces).
    let mut body = b"{\"Limit\": 5".to_vec();
    body.resize(16 * 1024 * 1024 - 1, b' ');
    body.push(b'}');
    let r = post(a, "ListTables", std::str::from_utf8(&body).unwrap_or(""));
    assert_eq!((r.status, r.text().as_str()), (200, r#"{"TableNames":[]}"#));

    // Chunked (no declared length): refused as soon as the stream passes 16 MB.
    let mut s = connect(a);
    write!(
        s,
        "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Type: application/x-amz-json-1.0\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    .expect("send");
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..17 {
        if write!(s, "{:x}\r\n", chunk.len()).is_err() || s.write_all(&chunk).is_err() {
            break;
        }
        let _ = s.write_all(b"\r\n");
    }
    let r = read_reply(&mut BufReader::new(s)).expect("a 413");
    assert_eq!(r.status, 413);
}

#[test]
fn deep_json_is_read_up_to_1000_levels_and_refused_beyond() {
    let srv = server();
    let a = srv.addr();
    let create = r#"{"TableName": "deep", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"}"#;
    assert_eq!(post(a, "CreateTable", create).status, 200);
    // A 31-wrap document (32 levels, the most DynamoDB stores) is 66 JSON levels deep inside the request.
    let nested = |wraps: usize| {
        let mut v = r#"{"S": "x"}"#.to_string();
        for _ in 0..wraps {
            v = format!(r#"{{"M": {{"a": {v}}}}}"#);
        }
        v
    };
    let put = |wraps| {
        format!(
            r#"{{"TableName": "deep", "Item": {{"pk": {{"S": "k"}}, "doc": {}}}}}"#,
            nested(wraps)
        )
    };
    assert_eq!(post(a, "PutItem", &put(31)).text(), "{}");
    // 100 wraps: 200+ JSON levels, beyond serde_json's default: DynamoDB's nesting error, not a parse error.
    let r = post(a, "PutItem", &put(100));
    assert_eq!(
        r.json()["__type"],
        "com.amazon.coral.validate#ValidationException"
    );
    assert!(r
        .text()
        .contains("Nesting Levels have exceeded supported limits"));
    // A 100-level value in a condition is read and evaluated (TransactWriteItems does not depth-check it).
    let tx = format!(
        r#"{{"TransactItems": [{{"Put": {{"TableName": "deep", "Item": {{"pk": {{"S": "k2"}}}}, "ConditionExpression": "attribute_not_exists(pk) OR pk = :v", "ExpressionAttributeValues": {{":v": {}}}}}}}]}}"#,
        nested(100)
    );
    assert_eq!(post(a, "TransactWriteItems", &tx).text(), "{}");
    // Past 1000 JSON levels: refused as unreadable, whatever the size.
    for depth in [1001, 200_000, 4_000_000] {
        let body = "[".repeat(depth) + &"]".repeat(depth);
        let r = post(a, "PutItem", &body);
        assert_eq!((r.status, r.text().as_str()), (400, SER), "{depth}");
    }
    // And the server is still there.
    assert_eq!(
        post(a, "ListTables", "{}").text(),
        r#"{"TableNames":["deep"]}"#
    );
}

#[test]
fn slow_clients_are_cut_off_not_waited_for() {
    let srv = server();
    let a = srv.addr();
    // Half a request line, then nothing: the connection is closed after the header timeout.
    for partial in [&b"POST / HT"[..], b"POST / HTTP/1.1\r\nHost: x\r\n"] {
        let mut s = connect(a);
        s.write_all(partial).expect("send");
        let started = Instant::now();
        let r = read_reply(&mut BufReader::new(s));
        assert!(r.is_err() || r.is_ok_and(|r| r.status == 408));
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }
    // Headers promising a body that never comes.
    let mut s = connect(a);
    write!(
        s,
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{{\"a\""
    )
    .expect("send");
    let started = Instant::now();
    assert!(read_reply(&mut BufReader::new(s)).is_err());
    assert!(started.elapsed() < Duration::from_secs(5));
    // Meanwhile others are served.
    assert_eq!(post(a, "ListTables", "{}").status, 200);
}

#[test]
fn keep_alive_connections_carry_many_requests() {
    let srv = server();
    let mut s = connect(srv.addr());
    let mut reader = BufReader::new(s.try_clone().expect("clone"));
    for _ in 0..50 {
        let body = "{}";
        write!(
            s,
            "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Date: 20260101T000000Z\r\nAuthorization: {AUTH}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .expect("send");
        let r = read_reply(&mut reader).expect("reply");
        assert_eq!((r.status, r.text().as_str()), (200, r#"{"TableNames":[]}"#));
    }
}

#[test]
fn malformed_http_never_takes_the_server_down() {
    let srv = server();
    let a = srv.addr();
    let huge_header = format!("POST / HTTP/1.1\r\nX-Big: {}\r\n\r\n", "a".repeat(200_000));
    let garbage: Vec<Vec<u8>> = vec![
        b"\x00\x01\x02\xff\xfe\r\n\r\n".to_vec(),
        b"POST / HTTP/9.9\r\n\r\n".to_vec(),
        b"POST / HTTP/1.1\r\nno colon here\r\n\r\n".to_vec(),
        b"POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n".to_vec(),
        b"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello".to_vec(),
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nxx\r\n".to_vec(),
        b"GET /\xff HTTP/1.1\r\n\r\n".to_vec(),
        huge_header.into_bytes(),
    ];
    for g in garbage {
        let mut s = connect(a);
        let _ = s.write_all(&g);
        // Whatever comes back (an HTTP error, or the connection closed), it is not a 200 or a 500.
        if let Ok(r) = read_reply(&mut BufReader::new(s)) {
            assert!(
                r.status != 200 && r.status != 500,
                "{:?} -> {}",
                String::from_utf8_lossy(&g[..g.len().min(60)]),
                r.status
            );
        }
    }
    assert_eq!(post(a, "ListTables", "{}").text(), r#"{"TableNames":[]}"#);
}
