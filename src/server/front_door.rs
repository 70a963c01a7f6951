//! What DynamoDB checks before an operation runs, in its order, as a pure function of the request.
//!
//! The order and the answers follow dynalite's server (its messages were captured from DynamoDB) and a 2026
//! capture of DynamoDB itself for the missing-token case:
//!
//! 1. (while reading) a body over 16 MB: 413, see `connection.rs`;
//! 2. `OPTIONS` with an `Origin` header: the CORS preflight answer (200, empty);
//! 3. `GET`: the health check, 200 `healthy: dynamodb.us-east-1.amazonaws.com `;
//! 4. any other method than `POST`, or a body whose content type is neither `application/json` nor
//!    `application/x-amz-json-1.0`: 404 `<UnknownOperationException/>\n`;
//! 5. a body that is not JSON: SerializationException (no message);
//! 6. an `X-Amz-Target` that is not `DynamoDB_20120810.<an operation txlab runs>`: UnknownOperationException;
//! 7. no authorization, or a broken one: MissingAuthenticationTokenException, IncompleteSignatureException,
//!    InvalidSignatureException. Signatures are never verified;
//! 8. an empty body: SerializationException;
//! 9. the operation itself.
//!
//! Errors are answered in the JSON flavour the request used: `application/x-amz-json-1.0` when it was sent so,
//! `application/json` otherwise (as DynamoDB does).

use serde_json::Value;

use super::http1::View;

use crate::api::plain::PlainBody;
use crate::api::{self, ErrorResponse};
use crate::engine::error::{ApiError, ErrorType};
use crate::engine::messages;

pub const AMZ_JSON: &str = "application/x-amz-json-1.0";
pub const PLAIN_JSON: &str = "application/json";
const TARGET_PREFIX: &str = "DynamoDB_20120810";

/// A finished answer: status, content type (none for the 404 and health-check bodies), body, extra headers.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: Option<&'static str>,
    pub body: Vec<u8>,
    /// Written after DynamoDB's own headers, in this order.
    pub headers: Vec<(&'static str, Vec<u8>)>,
    /// Why txlab itself failed (a 500), for a live view: the answer only says "Internal server error".
    pub failure: Option<&'static str>,
}

impl Reply {
    pub fn new(status: u16, content_type: Option<&'static str>, body: Vec<u8>) -> Reply {
        Reply {
            status,
            content_type,
            body,
            headers: Vec::new(),
            failure: None,
        }
    }

    /// A DynamoDB error body.
    pub fn error(e: &ErrorResponse, content_type: &'static str) -> Reply {
        let body = serde_json::to_vec(&e.to_json()).unwrap_or_default();
        Reply::new(e.status(), Some(content_type), body)
    }
}

/// What to do with a request.
#[derive(Debug)]
pub enum Decision {
    /// Answer now.
    Reply(Reply),
    /// Run `operation` with `request`, answering in `content_type`.
    Execute {
        operation: &'static str,
        request: Request,
        content_type: &'static str,
    },
}

/// A request body that is JSON.
#[derive(Debug)]
pub enum Request {
    /// Read straight into the engine's types (the shape the SDKs send PutItem and TransactWriteItems in).
    Plain(Box<PlainBody>),
    Value(Value),
}

const X_AMZ_TARGET: &str = "x-amz-target";
const X_AMZ_DATE: &str = "x-amz-date";

/// The JSON flavour a request's content type names (the media type without parameters, in any case).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Media {
    AmzJson,
    PlainJson,
    Other,
}

fn media_type(headers: &View<'_>) -> Media {
    let media = headers
        .text("content-type")
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim();
    if media.eq_ignore_ascii_case(AMZ_JSON) {
        Media::AmzJson
    } else if media.eq_ignore_ascii_case(PLAIN_JSON) {
        Media::PlainJson
    } else {
        Media::Other
    }
}

fn error(t: ErrorType, message: &str, content_type: &'static str) -> Decision {
    Decision::Reply(Reply::error(
        &ErrorResponse::from(ApiError::new(t, message)),
        content_type,
    ))
}

/// Steps 2 to 8 above, for a request whose whole body has been read.
pub fn decide(request: &View<'_>, body: Vec<u8>) -> Decision {
    let (method, query, headers) = (request.method(), request.query(), request);
    if method == b"OPTIONS" && headers.get("origin").is_some() {
        return Decision::Reply(preflight(headers));
    }
    if method == b"GET" {
        return Decision::Reply(Reply::new(
            200,
            None,
            messages::HEALTH_CHECK_BODY.as_bytes().to_vec(),
        ));
    }
    let media = media_type(headers);
    if method != b"POST" || (!body.is_empty() && media == Media::Other) {
        return Decision::Reply(Reply::new(
            404,
            None,
            messages::NOT_FOUND_BODY.as_bytes().to_vec(),
        ));
    }
    let content_type = if media == Media::AmzJson {
        AMZ_JSON
    } else {
        PLAIN_JSON
    };

    let target = operation(headers.text(X_AMZ_TARGET));
    let request = if body.is_empty() {
        None
    } else {
        // A body read in the plain shape is JSON, so step 5 is passed either way.
        let body = match target {
            Some(op) => match api::plain::read(op, body) {
                Ok(plain) => Err(plain),
                Err(body) => Ok(body),
            },
            None => Ok(body),
        };
        match body {
            Err(plain) => Some(Request::Plain(Box::new(plain))),
            Ok(body) => match api::parse_body(&body) {
                Ok(v) => Some(Request::Value(v)),
                Err(e) => return Decision::Reply(Reply::error(&e, content_type)),
            },
        }
    };

    let Some(operation) = target else {
        return error(
            ErrorType::UnknownOperationException,
            messages::UNKNOWN_OPERATION,
            content_type,
        );
    };

    if let Some((t, message)) = check_authorization(headers, query) {
        return error(t, &message, content_type);
    }

    match request {
        None => error(ErrorType::SerializationException, "", content_type),
        Some(request) => Decision::Execute {
            operation,
            request,
            content_type,
        },
    }
}

/// `DynamoDB_20120810.PutItem` -> `PutItem`, for the operations the engine runs.
fn operation(target: Option<&str>) -> Option<&'static str> {
    let (api_version, op) = target?.split_once('.')?;
    if api_version != TARGET_PREFIX {
        return None;
    }
    api::OPERATIONS.iter().copied().find(|known| *known == op)
}

/// Step 7: the presence and shape of the authorization, never its validity.
fn check_authorization(headers: &View<'_>, query: Option<&str>) -> Option<(ErrorType, String)> {
    let auth = headers.text("authorization");
    // Requests from the SDKs have no query string: nothing to collect.
    let params: Vec<(&str, &str)> = match query {
        None | Some("") => Vec::new(),
        Some(q) => q
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| p.split_once('=').unwrap_or((p, "")))
            .collect(),
    };
    let in_query = params.iter().any(|(k, _)| *k == "X-Amz-Algorithm");
    if auth.is_some() && in_query {
        return Some((
            ErrorType::InvalidSignatureException,
            messages::AUTHORIZATION_IN_HEADER_AND_QUERY.to_string(),
        ));
    }
    let missing_token = || {
        Some((
            ErrorType::MissingAuthenticationTokenException,
            messages::MISSING_AUTHENTICATION_TOKEN.to_string(),
        ))
    };
    match auth {
        None if !in_query => missing_token(),
        None => {
            let missing: Vec<&str> = [
                "X-Amz-Algorithm",
                "X-Amz-Credential",
                "X-Amz-Signature",
                "X-Amz-SignedHeaders",
                "X-Amz-Date",
            ]
            .into_iter()
            .filter(|name| !params.iter().any(|(k, v)| k == name && !v.is_empty()))
            .collect();
            (!missing.is_empty()).then(|| {
                (
                    ErrorType::IncompleteSignatureException,
                    messages::query_string_requires(&missing),
                )
            })
        }
        Some(a) if !a.trim_start().starts_with("AWS4-") => missing_token(),
        Some(a) => {
            const NAMES: [&str; 3] = ["Credential", "Signature", "SignedHeaders"];
            let present = signature_parameters(a.as_bytes());
            let has_date = headers.get(X_AMZ_DATE).is_some() || headers.get("date").is_some();
            if present.iter().all(|p| *p) && has_date {
                return None;
            }
            let missing: Vec<&str> = NAMES
                .into_iter()
                .zip(present)
                .filter(|(_, p)| !p)
                .map(|(name, _)| name)
                .collect();
            Some((
                ErrorType::IncompleteSignatureException,
                messages::authorization_header_requires(&missing, has_date, a),
            ))
        }
    }
}

/// `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`: which of `Credential`, `Signature` and
/// `SignedHeaders` are there with a value. The value is split at commas and spaces; the first part (the
/// algorithm) is skipped; each other part is trimmed and split at its first `=`. This runs on every request, on
/// a header of ~200 bytes: the separators are found eight bytes at a time (a byte-by-byte split cost ~1,800
/// instructions per request in `txlab serve`).
fn signature_parameters(a: &[u8]) -> [bool; 3] {
    const NAMES: [&[u8]; 3] = [b"Credential", b"Signature", b"SignedHeaders"];
    let mut present = [false; 3];
    let Some(first) = separator(a) else {
        return present;
    };
    let mut rest = a.get(first + 1..).unwrap_or_default();
    loop {
        let end = separator(rest);
        let part = rest
            .get(..end.unwrap_or(rest.len()))
            .unwrap_or_default()
            .trim_ascii();
        let (k, v) = match part.iter().position(|b| *b == b'=') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => (part, &b""[..]),
        };
        if let Some(i) = NAMES.iter().position(|name| *name == k) {
            present[i] |= !v.is_empty();
        }
        match end {
            Some(e) => rest = rest.get(e + 1..).unwrap_or_default(),
            None => return present,
        }
    }
}

/// Where the first `,` or space is in `bytes` (eight bytes at a time, `crate::byte_scan`).
fn separator(bytes: &[u8]) -> Option<usize> {
    use crate::byte_scan::{find_first, flag_equal};
    find_first(
        bytes,
        |w| flag_equal(w, b',') | flag_equal(w, b' '),
        |b| b == b',' || b == b' ',
    )
}

/// The CORS preflight answer: 200, empty, echoing the requested headers and method, cached for two days.
fn preflight(headers: &View<'_>) -> Reply {
    let mut reply = Reply::new(200, None, Vec::new());
    if let Some(h) = headers.get("access-control-request-headers") {
        reply
            .headers
            .push(("access-control-allow-headers", h.to_vec()));
    }
    if let Some(m) = headers.get("access-control-request-method") {
        reply
            .headers
            .push(("access-control-allow-methods", m.to_vec()));
    }
    reply
        .headers
        .push(("access-control-max-age", b"172800".to_vec()));
    reply
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parameters as a byte-by-byte split finds them (what `signature_parameters` replaced).
    fn by_split(a: &[u8]) -> [bool; 3] {
        const NAMES: [&str; 3] = ["Credential", "Signature", "SignedHeaders"];
        let mut present = [false; 3];
        for part in a
            .split(|b| *b == b',' || *b == b' ')
            .skip(1)
            .filter(|p| !p.is_empty())
        {
            let part = part.trim_ascii();
            let (k, v) = match part.iter().position(|b| *b == b'=') {
                Some(i) => (&part[..i], &part[i + 1..]),
                None => (part, &b""[..]),
            };
            if let Some(i) = NAMES.iter().position(|name| name.as_bytes() == k) {
                present[i] |= !v.is_empty();
            }
        }
        present
    }

    #[test]
    fn signature_parameters_are_found_as_a_split_finds_them() {
        let named = [
            "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host",
            "AWS4-",
            "",
            " Credential=x",
            "Credential=x Signature=y SignedHeaders=z",
            "AWS4 Credential=,Signature=\t,SignedHeaders=a=b",
            "AWS4 \tCredential=x\t,Signature==, SignedHeaders",
        ];
        for a in named {
            assert_eq!(
                signature_parameters(a.as_bytes()),
                by_split(a.as_bytes()),
                "{a}"
            );
        }
        assert_eq!(signature_parameters(named[0].as_bytes()), [true; 3]);
        // Random strings of the characters that matter, and of the names.
        let pieces: [&[u8]; 10] = [
            b",",
            b" ",
            b"=",
            b"\t",
            b"x",
            b"Credential",
            b"Signature",
            b"SignedHeaders",
            b"AWS4-",
            b"ab",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut a = Vec::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut r = seed;
            for _ in 0..(r % 24) {
                r = r.rotate_right(5).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                a.extend_from_slice(pieces[(r % pieces.len() as u64) as usize]);
            }
            assert_eq!(
                signature_parameters(&a),
                by_split(&a),
                "{:?}",
                String::from_utf8_lossy(&a)
            );
        }
    }
}
