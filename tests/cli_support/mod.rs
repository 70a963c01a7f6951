//! Shared by the cli_* tests: runs a command line the way `examples/cli_probe.rs` does and describes the outcome
//! as the JSON the golden files hold (`tests/fixtures/cli/golden-*.jsonl`, written by
//! `scripts/compare-with-aws-cli.py` from the real AWS CLI's behaviour).

#![allow(dead_code, clippy::result_large_err)]

use serde_json::{json, Value};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use txlab::cli::render::{json_text, render_error, render_response, ServiceError};
use txlab::cli::{paginate, parse_command, Command, PageError};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The outcome of parsing `line` (and, with `responses`, of running it against them).
pub fn outcome(line: &str, cwd: &Path, responses: Option<Vec<Value>>) -> Value {
    match (parse_command(line, cwd), responses) {
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
            let result = if call.pagination.is_some() {
                paginate(&call, send).map(|v| json_text(&v))
            } else {
                send(&call.request)
                    .map(|v| render_response(call.operation, &v, false))
                    .map_err(PageError::Service)
            };
            let (stdout, stderr, exit_code) = match result {
                Ok(text) => (text, call.warnings.clone(), 0),
                Err(PageError::Service(e)) => {
                    let full = render_error(call.operation, &call.request, &e, false);
                    // Only the AWS CLI's own line is in the golden files; txlab's lines follow it.
                    let aws_part = full.split('\n').take(2).collect::<Vec<_>>().join("\n") + "\n";
                    (String::new(), aws_part, 254)
                }
                Err(PageError::Usage(e)) => (String::new(), e.stderr, e.exit_code),
            };
            json!({"kind": "output", "stdout": stdout, "stderr": stderr, "exit_code": exit_code,
                   "requests": requests.into_inner()})
        }
        (Ok(Command::Call(call)), None) => json!({
            "kind": "call",
            "operation": call.operation.name(),
            "request": call.request,
        }),
        (Ok(Command::Print(text)), _) => json!({"kind": "print", "text": text}),
        (Ok(Command::Help(op)), _) => json!({"kind": "help", "operation": op.map(|o| o.name())}),
        (Err(e), _) => json!({"kind": "error", "stderr": e.stderr, "exit_code": e.exit_code}),
    }
}

/// The lines of a golden file: (line, expected outcome).
pub fn golden(name: &str) -> Vec<(String, Value)> {
    let path = repo().join("tests/fixtures/cli").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (v["line"].as_str().unwrap().to_string(), v["expect"].clone())
        })
        .collect()
}

/// A fresh empty folder under the system temp folder.
pub fn temp_dir(tag: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("txlab-{tag}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
