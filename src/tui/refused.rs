//! Requests the endpoint answered before the engine (server/refused.rs), as the live view shows them: a row of
//! the History list, and a panel that says what was refused, what was answered and what to do about it.

use super::format::cut;
use super::history::time_of_day;
use super::model::Reader;
use crate::api::OPERATIONS;
use crate::server::refused::Refusal;

const TARGET_PREFIX: &str = "DynamoDB_20120810.";

/// The operation column: the operation the target names, else the target as sent, else the request line.
pub fn operation(r: &Refusal) -> String {
    match &r.target {
        Some(t) => t.strip_prefix(TARGET_PREFIX).unwrap_or(t).to_string(),
        None if r.method.is_empty() => "(unreadable)".into(),
        None => format!("{} {}", r.method, r.path),
    }
}

/// The verdict column, and whether it is a failure (the health check and the CORS preflight are not).
pub fn verdict(r: &Refusal) -> (String, bool) {
    match (&r.error_type, r.status) {
        (Some(t), _) => (t.clone(), true),
        (None, 413) => ("request too large".into(), true),
        (None, 200) if r.method == "GET" => ("health check".into(), false),
        (None, 200) if r.method == "OPTIONS" => ("CORS preflight".into(), false),
        (None, status) if r.method.is_empty() => (format!("unreadable HTTP ({status})"), true),
        (None, status) => (format!("HTTP {status}"), status >= 400),
    }
}

/// After the verdict, on the row: the status and DynamoDB's message (or why, when the answer has none).
pub fn summary(r: &Refusal) -> String {
    let why = match (&r.message, &r.reason) {
        (Some(m), _) if !m.is_empty() => m.clone(),
        (_, Some(reason)) => reason.clone(),
        _ => first_line(&hint(r)),
    };
    format!("{} · {why}", r.status)
}

fn first_line(text: &str) -> String {
    text.split(": ").next().unwrap_or(text).to_string()
}

/// What the person can do about it, in plain words.
pub fn hint(r: &Refusal) -> String {
    let error = r.error_type.as_deref().unwrap_or("");
    if r.method.is_empty() {
        return "the HTTP request could not be read: is the client speaking HTTP/1.1 to a plain http:// \
                endpoint? (txlab serves http://, not https://)"
            .into();
    }
    if r.status >= 500 {
        // txlab's own failure: the answer says no more than DynamoDB's would, the reason says what happened.
        return r
            .reason
            .clone()
            .unwrap_or_else(|| "txlab failed on this request: see the server's log".into());
    }
    if r.status == 413 {
        return "body over 16 MB: DynamoDB refuses requests that large; send fewer or smaller items per \
                request (an item is at most 400 KB)"
            .into();
    }
    match error {
        "MissingAuthenticationTokenException" => match &r.authorization {
            None => "no Authorization header: SDKs sign every request — configure any credentials \
                     (e.g. AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_REGION=us-east-1); txlab never \
                     checks them, but DynamoDB refuses an unsigned request, and so does txlab"
                .into(),
            Some(scheme) => format!(
                "the Authorization header is not a SigV4 signature ({scheme}): let an AWS SDK or the AWS CLI \
                 sign the request (AWS4-HMAC-SHA256), with any credentials"
            ),
        },
        "IncompleteSignatureException" => {
            "the signature lacks parts DynamoDB requires (the message names them): let the SDK sign the \
             request, with an X-Amz-Date header; txlab never checks the signature itself"
                .into()
        }
        "InvalidSignatureException" => {
            "authorization in both the Authorization header and the query string: send one".into()
        }
        "SerializationException" if r.body_bytes == 0 => {
            "empty body: every operation takes a JSON object (at least {})".into()
        }
        "SerializationException" => format!(
            "the body is not JSON: check how the request is built (it starts: {})",
            cut(&r.body_excerpt, 80)
        ),
        "UnknownOperationException" if r.method != "POST" => format!(
            "method {}: DynamoDB takes POST / only (GET / is its health check)",
            r.method
        ),
        "UnknownOperationException" if r.status == 404 => format!(
            "Content-Type {}: send application/x-amz-json-1.0 (as the SDKs do) or application/json",
            r.content_type.as_deref().unwrap_or("(none)")
        ),
        "UnknownOperationException" => match &r.target {
            None => "no X-Amz-Target header: DynamoDB reads the operation from it, e.g. \
                     X-Amz-Target: DynamoDB_20120810.PutItem"
                .into(),
            Some(t) if !t.starts_with(TARGET_PREFIX) => format!(
                "X-Amz-Target {t}: it must be {TARGET_PREFIX}<Operation>, e.g. {TARGET_PREFIX}PutItem"
            ),
            Some(t) => format!(
                "txlab does not run {}: it runs {}",
                t.strip_prefix(TARGET_PREFIX).unwrap_or(t),
                OPERATIONS.join(", ")
            ),
        },
        _ if r.method == "GET" => {
            "a health check: answered as DynamoDB does; requests are POST / with a JSON body".into()
        }
        _ if r.method == "OPTIONS" => {
            "a browser's CORS preflight: answered; the request itself comes next".into()
        }
        _ => "answered before the engine ran".into(),
    }
}

/// The panel Enter opens on a refused request.
pub fn panel(r: &Refusal) -> Reader {
    let (verdict, failed) = verdict(r);
    let answer = match (&r.error_type, &r.message) {
        (Some(t), Some(m)) if !m.is_empty() => format!("HTTP {}  {t}: {m}", r.status),
        (Some(t), _) => format!("HTTP {}  {t}", r.status),
        (None, _) => format!("HTTP {}  {verdict}", r.status),
    };
    let header = |name: &str, value: &Option<String>| {
        format!("{name}: {}", value.as_deref().unwrap_or("(none)"))
    };
    let mut lines = vec![
        if failed {
            "Refused before the engine ran: nothing changed, and it is not in the session's history.".into()
        } else {
            "Answered before the engine: nothing changed, and it is not in the session's history."
                .into()
        },
        String::new(),
        format!("time     {} (UTC)", time_of_day(r.at_millis)),
    ];
    if r.method.is_empty() {
        lines.push("request  (the request line could not be read)".into());
    } else {
        lines.push(format!("request  {} {}", r.method, r.path));
        lines.push(format!("         {}", header("X-Amz-Target", &r.target)));
        lines.push(format!(
            "         {}",
            header("Content-Type", &r.content_type)
        ));
        lines.push(format!(
            "         {}",
            header("Authorization", &r.authorization)
        ));
        lines.push(format!(
            "         body: {} byte{}",
            r.body_bytes,
            if r.body_bytes == 1 { "" } else { "s" }
        ));
        if !r.body_excerpt.is_empty() {
            lines.push(format!("         {}", cut(&r.body_excerpt, 200)));
        }
    }
    lines.push(format!("answer   {answer}"));
    if let Some(reason) = &r.reason {
        lines.push(format!("         {reason}"));
    }
    lines.push(String::new());
    lines.push("What to do".into());
    lines.push(format!("  {}", hint(r)));
    Reader {
        title: format!("r{} {} ─ {verdict}", r.seq, operation(r)),
        lines,
        scroll: 0,
        is_help: false,
    }
}
