//! The endpoint's HTTP, byte for byte: each answer below was captured from the hyper server `txlab serve` used
//! before its HTTP/1.1 became its own (`src/server/http1.rs`); the request id and the date are masked, and
//! `<open>` marks a connection still open after the answer. What a client sees must not change.

mod http_support;
use http_support::*;

use std::io::{Read, Write};
use std::time::Duration;

use txlab::server::Server;
use txlab::session::Session;

/// (request bytes, bytes sent 300 ms later, the answer with id and date masked)
type Row = (&'static [u8], Option<&'static [u8]>, &'static [u8]);

const ROWS: &[Row] = &[
        // a request, kept alive
        (b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Date: 1\r\nAuthorization: AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=x\r\nContent-Length: 2\r\n\r\n{}", None, b"HTTP/1.1 200 OK\r\nserver: Server\r\nx-amzn-requestid: ID\r\nx-amz-crc32: 1315925753\r\ncontent-type: application/x-amz-json-1.0\r\ncontent-length: 17\r\ndate: DATE\r\n\r\n{\"TableNames\":[]}<open>"),
        // Connection: close
        (b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Date: 1\r\nAuthorization: AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}", None, b"HTTP/1.1 200 OK\r\nserver: Server\r\nx-amzn-requestid: ID\r\nx-amz-crc32: 1315925753\r\ncontent-type: application/x-amz-json-1.0\r\nconnection: close\r\ncontent-length: 17\r\ndate: DATE\r\n\r\n{\"TableNames\":[]}"),
        // HTTP/1.0: answered in 1.0, closed
        (b"POST / HTTP/1.0\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Date: 1\r\nAuthorization: AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=x\r\nContent-Length: 2\r\n\r\n{}", None, b"HTTP/1.0 200 OK\r\nserver: Server\r\nx-amzn-requestid: ID\r\nx-amz-crc32: 1315925753\r\ncontent-type: application/x-amz-json-1.0\r\ncontent-length: 17\r\ndate: DATE\r\n\r\n{\"TableNames\":[]}"),
        // HTTP/1.0 keep-alive
        (b"POST / HTTP/1.0\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Date: 1\r\nAuthorization: AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=x\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n{}", None, b"HTTP/1.0 200 OK\r\nserver: Server\r\nx-amzn-requestid: ID\r\nx-amz-crc32: 1315925753\r\ncontent-type: application/x-amz-json-1.0\r\nconnection: keep-alive\r\ncontent-length: 17\r\ndate: DATE\r\n\r\n{\"TableNames\":[]}<open>"),
        // Expect: 100-continue, the body sent after the interim answer
        (b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Date: 1\r\nAuthorization: AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n", Some(b"{}"), b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nserver: Server\r\nx-amzn-requestid: ID\r\nx-amz-crc32: 1315925753\r\ncontent-type: application/x-amz-json-1.0\r\ncontent-length: 17\r\ndate: DATE\r\n\r\n{\"TableNames\":[]}<open>"),
        // a chunked body, with an extension and a trailer
        (b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Date: 1\r\nAuthorization: AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n1;x=y\r\n}\r\n0\r\nT: v\r\n\r\n", None, b"HTTP/1.1 200 OK\r\nserver: Server\r\nx-amzn-requestid: ID\r\nx-amz-crc32: 1315925753\r\ncontent-type: application/x-amz-json-1.0\r\ncontent-length: 17\r\ndate: DATE\r\n\r\n{\"TableNames\":[]}<open>"),
        // a body that is not JSON
        (b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Date: 1\r\nAuthorization: AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=x\r\nContent-Length: 1\r\n\r\n{", None, b"HTTP/1.1 400 Bad Request\r\nserver: Server\r\nx-amzn-requestid: ID\r\nx-amz-crc32: 3948637019\r\ncontent-type: application/x-amz-json-1.0\r\ncontent-length: 60\r\ndate: DATE\r\n\r\n{\"__type\":\"com.amazon.coral.service#SerializationException\"}<open>"),
        // not JSON by its content type
        (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}", None, b"HTTP/1.1 404 Not Found\r\nserver: Server\r\nx-amzn-requestid: ID\r\nx-amz-crc32: 3552371480\r\ncontent-length: 29\r\ndate: DATE\r\n\r\n<UnknownOperationException/>\n<open>"),
        // the health check, with an origin
        (b"GET / HTTP/1.1\r\nHost: x\r\nOrigin: o\r\n\r\n", None, b"HTTP/1.1 200 OK\r\nserver: Server\r\nx-amzn-requestid: ID\r\nx-amz-crc32: 3128867991\r\naccess-control-allow-origin: *\r\naccess-control-expose-headers: x-amzn-RequestId,x-amzn-ErrorType,x-amz-crc32,Date\r\ncontent-length: 42\r\ndate: DATE\r\n\r\nhealthy: dynamodb.us-east-1.amazonaws.com <open>"),
        // a CORS preflight
        (b"OPTIONS / HTTP/1.1\r\nOrigin: z\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: a, b\r\n\r\n", None, b"HTTP/1.1 200 OK\r\nserver: Server\r\nx-amzn-requestid: ID\r\nx-amz-crc32: 0\r\naccess-control-allow-origin: *\r\naccess-control-expose-headers: x-amzn-RequestId,x-amzn-ErrorType,x-amz-crc32,Date\r\naccess-control-allow-headers: a, b\r\naccess-control-allow-methods: POST\r\naccess-control-max-age: 172800\r\ncontent-length: 0\r\ndate: DATE\r\n\r\n<open>"),
        // a body declared too large
        (b"POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n", None, b"HTTP/1.1 413 Payload Too Large\r\nserver: Server\r\nx-amzn-requestid: ID\r\nx-amz-crc32: 0\r\nconnection: close\r\ncontent-length: 0\r\ndate: DATE\r\n\r\n"),
        // too large, no interim answer
        (b"POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 99999999\r\n\r\n", None, b"HTTP/1.1 413 Payload Too Large\r\nserver: Server\r\nx-amzn-requestid: ID\r\nx-amz-crc32: 0\r\nconnection: close\r\ncontent-length: 0\r\ndate: DATE\r\n\r\n"),
        // an unknown version
        (b"POST / HTTP/9.9\r\n\r\n", None, b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\ndate: DATE\r\n\r\n"),
        // two lengths
        (b"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", None, b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\ndate: DATE\r\n\r\n"),
        // a broken chunked body: closed
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nxx\r\n", None, b""),
        // length and chunked: chunked, then closed
        (b"POST / HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", None, b"HTTP/1.1 404 Not Found\r\nserver: Server\r\nx-amzn-requestid: ID\r\nx-amz-crc32: 3552371480\r\nconnection: close\r\ncontent-length: 29\r\ndate: DATE\r\n\r\n<UnknownOperationException/>\n"),
        // two requests pipelined
        (b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", None, b"HTTP/1.1 200 OK\r\nserver: Server\r\nx-amzn-requestid: ID\r\nx-amz-crc32: 3128867991\r\ncontent-length: 42\r\ndate: DATE\r\n\r\nhealthy: dynamodb.us-east-1.amazonaws.com HTTP/1.1 200 OK\r\nserver: Server\r\nx-amzn-requestid: ID\r\nx-amz-crc32: 3128867991\r\ncontent-length: 42\r\ndate: DATE\r\n\r\nhealthy: dynamodb.us-east-1.amazonaws.com <open>"),
        // a target with a query and a fragment
        (b"GET /x?y#z HTTP/1.1\r\n\r\n", None, b"HTTP/1.1 200 OK\r\nserver: Server\r\nx-amzn-requestid: ID\r\nx-amz-crc32: 3128867991\r\ncontent-length: 42\r\ndate: DATE\r\n\r\nhealthy: dynamodb.us-east-1.amazonaws.com <open>"),
        // a coding other than chunked
        (b"DELETE / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", None, b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\ndate: DATE\r\n\r\n"),
        // a header value beyond ASCII
        (b"GET / HTTP/1.1\r\nX: \x80\r\n\r\n", None, b"HTTP/1.1 200 OK\r\nserver: Server\r\nx-amzn-requestid: ID\r\nx-amz-crc32: 3128867991\r\ncontent-length: 42\r\ndate: DATE\r\n\r\nhealthy: dynamodb.us-east-1.amazonaws.com <open>"),
];

/// Everything the server sends until it closes the connection, or `<open>` after a quiet half second.
fn exchange_raw(addr: std::net::SocketAddr, first: &[u8], later: Option<&[u8]>) -> Vec<u8> {
    let mut s = connect(addr);
    s.write_all(first).expect("send");
    if let Some(later) = later {
        std::thread::sleep(Duration::from_millis(300));
        s.write_all(later).expect("send");
    }
    s.set_read_timeout(Some(Duration::from_millis(500))).ok();
    let mut out = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match s.read(&mut chunk) {
            Ok(0) => return out,
            Ok(n) => out.extend_from_slice(&chunk[..n]),
            Err(_) => {
                out.extend_from_slice(b"<open>");
                return out;
            }
        }
    }
}

/// The request id and the date replaced by `ID` and `DATE`.
fn masked(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = raw;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix(b"x-amzn-requestid: ".as_slice()) {
            out.extend_from_slice(b"x-amzn-requestid: ID");
            rest = after.get(52..).unwrap_or_default();
        } else if let Some(after) = rest.strip_prefix(b"date: ".as_slice()) {
            out.extend_from_slice(b"date: DATE");
            rest = after.get(29..).unwrap_or_default();
        } else {
            out.push(rest[0]);
            rest = &rest[1..];
        }
    }
    out
}

#[test]
fn every_answer_is_what_it_was() {
    let mut config = test_config();
    config.header_timeout = Duration::from_secs(5);
    config.body_timeout = Duration::from_secs(5);
    let srv = Server::spawn(config, Session::in_memory()).expect("server");
    let addr = srv.addr();
    let runs: Vec<_> = ROWS
        .iter()
        .map(|&(first, later, _)| {
            std::thread::spawn(move || masked(&exchange_raw(addr, first, later)))
        })
        .collect();
    for (run, (first, _, expected)) in runs.into_iter().zip(ROWS) {
        let got = run.join().expect("the exchange");
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(expected),
            "for {}",
            String::from_utf8_lossy(first)
        );
    }
}
