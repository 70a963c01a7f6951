//! Prints what txlab's command language makes of a command line, as one JSON object:
//! `{"kind": "call", "operation": ..., "request": ...}`, `{"kind": "print", "text": ...}`,
//! `{"kind": "help", ...}` or `{"kind": "error", "stderr": ..., "exit_code": ...}`.
//! With `--responses FILE` (a JSON list of `{"status": 200, "body": {...}}`), the call is also run against those
//! responses, in order, and the result is `{"kind": "output", "stdout", "stderr", "exit_code", "requests"}`.
//! Used by `scripts/compare-with-aws-cli.py` to check txlab against the real AWS CLI.
//!
//! Usage: cargo run --example cli_probe -- [--responses FILE] --args WORD...
//!    or: cargo run --example cli_probe -- 'put-item --table-name T ...'   (one shell-quoted line)

#![allow(clippy::result_large_err)]

use serde_json::{json, Value};
use std::cell::RefCell;
use txlab::cli::render::{json_text, render_error, render_response, ServiceError};
use txlab::cli::{paginate, parse_args, parse_command, Command, PageError};

fn main() {
    let mut argv: Vec<String> = std::env::args().skip(1).collect();
    let mut responses: Option<Vec<Value>> = None;
    if argv.first().map(String::as_str) == Some("--responses") {
        let path = argv.get(1).cloned().unwrap_or_default();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        responses = serde_json::from_str(&text).ok();
        argv.drain(..2.min(argv.len()));
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let result = match argv.first().map(String::as_str) {
        Some("--args") => parse_args(argv.get(1..).unwrap_or_default(), &cwd),
        _ => parse_command(&argv.join(" "), &cwd),
    };
    let out = match (result, responses) {
        (Ok(Command::Call(call)), Some(responses)) => {
            let queue = RefCell::new(responses.into_iter());
            let requests = RefCell::new(Vec::new());
            let send = |request: &Value| -> Result<Value, ServiceError> {
                requests.borrow_mut().push(request.clone());
                let response = queue
                    .borrow_mut()
                    .next()
                    .unwrap_or(json!({"status": 200, "body": {}}));
                let body = response.get("body").cloned().unwrap_or(json!({}));
                if response
                    .get("status")
                    .and_then(Value::as_u64)
                    .unwrap_or(200)
                    >= 400
                {
                    Err(ServiceError::from_body(&body))
                } else {
                    Ok(body)
                }
            };
            let outcome = if call.pagination.is_some() {
                paginate(&call, send).map(|v| json_text(&v))
            } else {
                send(&call.request)
                    .map(|v| render_response(call.operation, &v, false))
                    .map_err(PageError::Service)
            };
            let (stdout, stderr, exit_code) = match outcome {
                Ok(text) => (text, call.warnings.clone(), 0),
                Err(PageError::Service(e)) => (
                    String::new(),
                    render_error(call.operation, &call.request, &e, false),
                    254,
                ),
                Err(PageError::Usage(e)) => (String::new(), e.stderr, e.exit_code),
            };
            json!({"kind": "output", "stdout": stdout, "stderr": stderr, "exit_code": exit_code,
                   "requests": requests.into_inner()})
        }
        (Ok(Command::Call(call)), None) => json!({
            "kind": "call",
            "operation": call.operation.name(),
            "request": call.request,
            "pagination": call.pagination.map(|p| json!({
                "max_items": p.max_items, "page_size": p.page_size, "skip_first": p.skip_first
            })),
            "warnings": call.warnings,
        }),
        (Ok(Command::Print(text)), _) => json!({"kind": "print", "text": text}),
        (Ok(Command::Help(op)), _) => json!({"kind": "help", "operation": op.map(|o| o.name())}),
        (Err(e), _) => json!({"kind": "error", "stderr": e.stderr, "exit_code": e.exit_code}),
    };
    println!("{out}");
}
