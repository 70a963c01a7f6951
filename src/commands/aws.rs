//! AWS CLI commands: parse as the AWS CLI does, run through the session (so every request is recorded and
//! durable), print as the AWS CLI prints.

use serde_json::Value;

use super::{help, CommandOutput, Context, GENERAL_EXIT, SERVICE_EXIT};
use crate::cli::render::style::{self, paint};
use crate::cli::render::{self, ServiceError};
use crate::cli::{self, Call, Command, Operation, PageError};
use crate::session::{HistoryEntry, Session, SessionError};

/// Said in the REPL after an error `explain` can take apart.
const EXPLAIN_HINT: &str = "(type `explain` to see why)\n";

pub fn run(session: &mut Session, words: &[String], ctx: &Context) -> CommandOutput {
    let options = cli::ParseOptions {
        plain_json_items: true,
    };
    let command = match cli::parse_args_with(words, &ctx.cwd, options) {
        Ok(c) => c,
        Err(e) => {
            return CommandOutput {
                stdout: String::new(),
                stderr: e.stderr,
                exit_code: e.exit_code,
            }
        }
    };
    match command {
        Command::Print(text) => CommandOutput::ok(text),
        Command::Help(op) => CommandOutput::ok(help::operation_help(op)),
        Command::Call(call) => call_output(session, &call, ctx),
    }
}

/// Why a call stopped: DynamoDB's error (with the request that got it), or the session could not keep it.
enum Stop {
    Service {
        request: Box<Value>,
        body: Box<Value>,
    },
    Session(SessionError),
}

pub(super) fn call_output(session: &mut Session, call: &Call, ctx: &Context) -> CommandOutput {
    let color = call.color.unwrap_or(ctx.color);
    let mut out = CommandOutput {
        stderr: call.warnings.clone(),
        ..CommandOutput::default()
    };
    let operation = call.operation;
    let mut send = |request: &Value| -> Result<Value, Stop> {
        let entry = session
            .execute(&ctx.source, operation.name(), request)
            .map_err(Stop::Session)?;
        answer(entry)
    };
    let result = if call.pagination.is_some() {
        cli::paginate(call, &mut send).map_err(|e| match e {
            PageError::Service(stop) => Ok(stop),
            PageError::Usage(u) => Err(u),
        })
    } else {
        send(&call.request)
            .map(|response| render::normalize(operation, &response))
            .map_err(Ok)
    };
    match result {
        Ok(value) => out.stdout = render::json_text_colored(&value, color),
        Err(Err(usage)) => {
            out.stderr.push_str(&usage.stderr);
            out.exit_code = usage.exit_code;
        }
        Err(Ok(Stop::Service { request, body })) => {
            let error = ServiceError::from_body(&body);
            let keys = |table: &str| key_names(session, table);
            out.stderr.push_str(&render_service_error(
                operation, &request, &error, color, &keys,
            ));
            let explainable = matches!(
                error.code.as_str(),
                "TransactionCanceledException"
                    | "ConditionalCheckFailedException"
                    | "ValidationException"
            );
            if explainable && ctx.source == "repl" {
                out.stderr.push_str(&paint(color, style::DIM, EXPLAIN_HINT));
            }
            out.exit_code = SERVICE_EXIT;
        }
        Err(Ok(Stop::Session(e))) => {
            out.stderr.push_str(&format!(
                "txlab: the session could not keep this request: {e}\n"
            ));
            out.exit_code = GENERAL_EXIT;
        }
    }
    out
}

fn render_service_error(
    operation: Operation,
    request: &Value,
    error: &ServiceError,
    color: bool,
    keys: &dyn Fn(&str) -> Option<Vec<String>>,
) -> String {
    render::render_error_with_keys(operation, request, error, color, keys)
}

fn answer(entry: &HistoryEntry) -> Result<Value, Stop> {
    if entry.is_error() {
        Err(Stop::Service {
            request: Box::new(entry.request.value().clone()),
            body: Box::new(entry.response.clone()),
        })
    } else {
        Ok(entry.response.clone())
    }
}

/// A table's key attribute names, hash first (a Put action in a cancellation shows its key, not its item).
pub fn key_names(session: &Session, table: &str) -> Option<Vec<String>> {
    session.database().table(table).map(|t| {
        t.key_schema()
            .attributes()
            .map(|a| a.name.clone())
            .collect()
    })
}
