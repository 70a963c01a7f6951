//! One HTTP/1.1 connection: read each request (bounded in size and time), decide, answer with DynamoDB's
//! headers.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::http::{HeaderName, HeaderValue, Request, Response, StatusCode};

use super::front_door::{self, Decision, Reply};
use super::request_id;
use super::shared::SharedSession;

/// DynamoDB refuses request bodies over 16 MB (HTTP 413).
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

// Header names built once (a name given as text is parsed again on every insert).
const X_AMZN_REQUESTID: HeaderName = HeaderName::from_static("x-amzn-requestid");
const X_AMZ_CRC32: HeaderName = HeaderName::from_static("x-amz-crc32");

/// Headers a browser client may read from a cross-origin answer.
const EXPOSED_HEADERS: &str = "x-amzn-RequestId,x-amzn-ErrorType,x-amz-crc32,Date";

pub struct State {
    pub session: SharedSession,
    /// How long a client may take to send a request body.
    pub body_timeout: Duration,
}

/// Why a request got no answer: the connection is closed instead.
#[derive(Debug)]
pub struct Dropped(&'static str);

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}
impl std::error::Error for Dropped {}

enum Body {
    Read(Vec<u8>),
    TooLarge,
}

/// Read the whole body, refusing it as soon as it passes 16 MB: first by its declared length, then while
/// streaming (chunked bodies declare none).
async fn read_body(body: &mut Incoming, declared: Option<u64>) -> Result<Body, Dropped> {
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Ok(Body::TooLarge);
    }
    let mut buf = Vec::with_capacity(declared.unwrap_or(0) as usize);
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| Dropped("the request body could not be read"))?;
        if let Ok(data) = frame.into_data() {
            if buf.len() + data.len() > MAX_BODY_BYTES {
                return Ok(Body::TooLarge);
            }
            buf.extend_from_slice(&data);
        }
    }
    Ok(Body::Read(buf))
}

/// Answer one request.
pub async fn handle(
    req: Request<Incoming>,
    state: Arc<State>,
) -> Result<Response<Full<Bytes>>, Dropped> {
    let (parts, mut body) = req.into_parts();
    let origin = parts.headers.contains_key(hyper::header::ORIGIN);
    let declared = parts
        .headers
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let body = match tokio::time::timeout(state.body_timeout, read_body(&mut body, declared)).await
    {
        Ok(body) => body?,
        Err(_) => return Err(Dropped("the client took too long to send the request body")),
    };
    let body = match body {
        Body::Read(b) => b,
        Body::TooLarge => {
            // The rest of the body is never read, so the connection cannot carry another request.
            let mut reply = Reply::new(413, None, Vec::new());
            reply
                .headers
                .push((hyper::header::CONNECTION, HeaderValue::from_static("close")));
            return Ok(respond(reply, origin));
        }
    };
    let reply = match front_door::decide(&parts.method, parts.uri.query(), &parts.headers, body) {
        Decision::Reply(reply) => reply,
        Decision::Execute {
            operation,
            request,
            content_type,
        } => state.session.execute(operation, request, content_type),
    };
    Ok(respond(reply, origin))
}

/// Add what every DynamoDB answer carries: a request id and the CRC32 of the body (and CORS when asked).
pub fn respond(reply: Reply, origin: bool) -> Response<Full<Bytes>> {
    let crc = crc32fast::hash(&reply.body);
    let mut response = Response::new(Full::new(Bytes::from(reply.body)));
    *response.status_mut() =
        StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(hyper::header::SERVER, HeaderValue::from_static("Server"));
    if let Ok(id) = HeaderValue::from_bytes(&request_id::next_bytes()) {
        headers.insert(X_AMZN_REQUESTID, id);
    }
    headers.insert(X_AMZ_CRC32, HeaderValue::from(crc));
    if let Some(ct) = reply.content_type {
        headers.insert(hyper::header::CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    if origin {
        headers.insert(
            hyper::header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        headers.insert(
            hyper::header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(EXPOSED_HEADERS),
        );
    }
    for (name, value) in reply.headers {
        headers.insert(name, value);
    }
    response
}
