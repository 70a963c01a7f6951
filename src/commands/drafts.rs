//! `draft save|list|show|run|delete`: named TransactWriteItems requests kept in the session (the TUI's
//! composer edits the same drafts).

use super::{aws, CommandOutput, Context};
use crate::cli::render::json_text;
use crate::cli::{Call, Operation};
use crate::session::Session;

const USAGE: &str =
    "draft save NAME | draft list | draft show NAME | draft run NAME | draft delete NAME";

pub fn draft(session: &mut Session, args: &[String], ctx: &Context) -> CommandOutput {
    let verb = args.first().map(String::as_str).unwrap_or("list");
    let name = args.get(1).map(String::as_str);
    if args.len() > 2 {
        return CommandOutput::usage("draft", USAGE);
    }
    match (verb, name) {
        ("list", None) => list(session),
        ("save", Some(n)) => save(session, n),
        ("show", Some(n)) => match session.drafts().get(n) {
            Some(request) => {
                let items = request
                    .get("TransactItems")
                    .cloned()
                    .unwrap_or(serde_json::Value::Null);
                CommandOutput::ok(json_text(&items))
            }
            None => missing(n),
        },
        ("run", Some(n)) => match session.drafts().get(n).cloned() {
            Some(request) => {
                let call = Call {
                    operation: Operation::TransactWriteItems,
                    request,
                    pagination: None,
                    color: None,
                    warnings: String::new(),
                };
                aws::call_output(session, &call, ctx)
            }
            None => missing(n),
        },
        ("delete", Some(n)) => {
            if !session.drafts().contains_key(n) {
                return missing(n);
            }
            match session.set_draft(n, None) {
                Ok(()) => CommandOutput::ok(format!("deleted draft {n}\n")),
                Err(e) => CommandOutput::failure("draft", &e.0),
            }
        }
        _ => CommandOutput::usage("draft", USAGE),
    }
}

fn missing(name: &str) -> CommandOutput {
    CommandOutput::failure(
        "draft",
        &format!("no draft named {name} (`draft list` lists them)"),
    )
}

fn list(session: &Session) -> CommandOutput {
    if session.drafts().is_empty() {
        return CommandOutput::ok(
            "no drafts (`draft save NAME` keeps the last transact-write-items)\n",
        );
    }
    let mut out = String::new();
    for (name, request) in session.drafts() {
        let n = request
            .get("TransactItems")
            .and_then(|v| v.as_array())
            .map_or(0, Vec::len);
        out.push_str(&format!(
            "{name}  {n} action{}\n",
            if n == 1 { "" } else { "s" }
        ));
    }
    CommandOutput::ok(out)
}

fn save(session: &mut Session, name: &str) -> CommandOutput {
    let Some(entry) = session
        .history()
        .rev()
        .find(|e| e.operation == Operation::TransactWriteItems.name())
    else {
        return CommandOutput::failure(
            "draft",
            "there is no transact-write-items in the history to keep",
        );
    };
    let (id, request) = (entry.id, entry.request.value().clone());
    match session.set_draft(name, Some(request)) {
        Ok(()) => CommandOutput::ok(format!("saved request {id} as draft {name}\n")),
        Err(e) => CommandOutput::failure("draft", &e.0),
    }
}
