//! Prints what txlab's command language makes of a command line, as one JSON object:
//! `{"kind": "call", "operation": ..., "request": ..., "pagination": ...}`, `{"kind": "print", "text": ...}`,
//! `{"kind": "help", ...}` or `{"kind": "error", "stderr": ..., "exit_code": ...}`.
//! Used by `scripts/compare-with-aws-cli.py` to check txlab against the real AWS CLI.
//!
//! Usage: cargo run --example cli_probe -- 'put-item --table-name T --item ...'   (one line, shell-quoted)
//!    or: cargo run --example cli_probe -- --args WORD...                        (already split words)

use serde_json::json;
use txlab::cli::{parse_args, parse_command, Command};

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let cwd = std::env::current_dir().unwrap_or_default();
    let result = match argv.first().map(String::as_str) {
        Some("--args") => parse_args(argv.get(1..).unwrap_or_default(), &cwd),
        _ => parse_command(&argv.join(" "), &cwd),
    };
    let out = match result {
        Ok(Command::Call(call)) => json!({
            "kind": "call",
            "operation": call.operation.name(),
            "request": call.request,
            "pagination": call.pagination.map(|p| json!({
                "max_items": p.max_items, "page_size": p.page_size, "skip_first": p.skip_first
            })),
            "warnings": call.warnings,
        }),
        Ok(Command::Print(text)) => json!({"kind": "print", "text": text}),
        Ok(Command::Help(op)) => json!({"kind": "help", "operation": op.map(|o| o.name())}),
        Err(e) => json!({"kind": "error", "stderr": e.stderr, "exit_code": e.exit_code}),
    };
    println!("{out}");
}
