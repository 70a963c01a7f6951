//! `history` and `explain`.

use super::{CommandOutput, Context};
use crate::cli::render::civil_from_days;
use crate::engine::trace::Verdict;
use crate::explain;
use crate::session::{HistoryEntry, Session};

/// `2023-11-14 22:13:20` (UTC) for milliseconds since the epoch.
pub fn time_text(millis: u64) -> String {
    let secs = (millis / 1000) as i64;
    let (y, mo, d) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{mo:02}-{d:02} {:02}:{:02}:{:02}",
        s / 3600,
        (s % 3600) / 60,
        s % 60
    )
}

/// What a request targeted, in a few words: its table, or how many actions.
fn target(entry: &HistoryEntry) -> String {
    let req = &entry.request;
    if let Some(items) = req.get("TransactItems").and_then(|v| v.as_array()) {
        return format!(
            "{} action{}",
            items.len(),
            if items.len() == 1 { "" } else { "s" }
        );
    }
    req.get("TableName")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string()
}

fn outcome(entry: &HistoryEntry) -> String {
    match &entry.trace.verdict {
        Verdict::Committed => "ok".to_string(),
        Verdict::Replayed => "ok (ClientRequestToken replay: nothing written again)".to_string(),
        Verdict::Cancelled { codes } => format!("cancelled [{}]", codes.join(", ")),
        Verdict::Error {
            error_type,
            message,
        } => {
            let mut m: String = message.chars().take(70).collect();
            if message.chars().count() > 70 {
                m.push('…');
            }
            format!("{}: {m}", error_type.name())
        }
    }
}

pub fn history(session: &Session, args: &[String], _ctx: &Context) -> CommandOutput {
    let limit = match args {
        [] => usize::MAX,
        [n] => match n.parse::<usize>() {
            Ok(n) => n,
            Err(_) => return CommandOutput::usage("history", "N must be a whole number"),
        },
        _ => return CommandOutput::usage("history", "at most one argument: history [N]"),
    };
    let total = session.history().len();
    if total == 0 {
        return CommandOutput::ok("no requests yet\n");
    }
    let skip = total.saturating_sub(limit);
    let entries: Vec<&HistoryEntry> = session.history().skip(skip).collect();
    let id_w = entries
        .iter()
        .map(|e| e.id.to_string().len())
        .max()
        .unwrap_or(1);
    let op_w = entries.iter().map(|e| e.operation.len()).max().unwrap_or(0);
    let target_w = entries
        .iter()
        .map(|e| target(e).chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for e in entries {
        out.push_str(&format!(
            "{:>id_w$}  {}  {:<6}  {:<op_w$}  {:<target_w$}  {}\n",
            e.id,
            time_text(e.at_millis),
            e.source,
            e.operation,
            target(e),
            outcome(e),
        ));
    }
    if skip > 0 {
        out.push_str(&format!("({skip} earlier not shown)\n"));
    }
    CommandOutput::ok(out)
}

pub fn explain(session: &Session, args: &[String], ctx: &Context) -> CommandOutput {
    let entry = match args {
        [] => match session.last_entry() {
            Some(e) => e,
            None => return CommandOutput::failure("explain", "no request yet"),
        },
        [n] => {
            let Ok(id) = n.trim_start_matches('#').parse::<u64>() else {
                return CommandOutput::usage(
                    "explain",
                    "N must be a request number, as `history` shows it",
                );
            };
            match session.history_entry(id) {
                Some(e) => e,
                None => {
                    return CommandOutput::failure(
                        "explain",
                        &format!(
                            "request {id} is not in the history (`history` lists the requests it holds)"
                        ),
                    )
                }
            }
        }
        _ => return CommandOutput::usage("explain", "at most one argument: explain [N]"),
    };
    let mut text = explain::render_explain(entry, ctx.color);
    if let Some(first) = repeated_request(session, entry) {
        text.push_str(&format!(
            "the request it repeats is {first}: `explain {first}` shows what that one did\n"
        ));
    }
    CommandOutput::ok(text)
}

/// For a ClientRequestToken replay, the earlier request that did the work: the latest committed request of the
/// same operation with the same token before it (None when it has left the history).
fn repeated_request(session: &Session, entry: &HistoryEntry) -> Option<u64> {
    if entry.trace.verdict != Verdict::Replayed {
        return None;
    }
    let token = entry.request.get("ClientRequestToken")?;
    session
        .history()
        .filter(|e| e.id < entry.id && e.operation == entry.operation)
        .filter(|e| e.trace.verdict == Verdict::Committed)
        .filter(|e| e.request.get("ClientRequestToken") == Some(token))
        .map(|e| e.id)
        .last()
}
