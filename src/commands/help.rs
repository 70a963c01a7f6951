//! `help`, `help COMMAND`, and `COMMAND help` for the AWS commands.

use super::CommandOutput;
use crate::cli::model::model;
use crate::cli::Operation;

/// txlab's own commands: name, arguments, what it does. The REPL completes these names.
pub const COMMANDS: &[(&str, &str, &str)] = &[
    (
        "explain",
        "[N]",
        "why the last (or the Nth) request did what it did, step by step",
    ),
    (
        "tables",
        "",
        "the tables, their keys, indexes and item counts",
    ),
    (
        "show",
        "TABLE [--limit N]",
        "a table's items as a text table",
    ),
    (
        "history",
        "[N]",
        "the requests of this session (the last N), numbered for `explain N`",
    ),
    (
        "undo",
        "",
        "take back the last state-changing request, exactly",
    ),
    (
        "save",
        "[PATH]",
        "write the session file now (or a copy of the session to PATH)",
    ),
    (
        "load",
        "PATH",
        "switch to the session file at PATH (created if missing)",
    ),
    (
        "profile",
        "[aws|legacy-25]",
        "which DynamoDB to be: today's (100 actions per transaction) or before 2022 (25)",
    ),
    (
        "clock",
        "[+10m|-1h|+90s]",
        "show or move the session clock (the ClientRequestToken window is 10 minutes)",
    ),
    (
        "draft",
        "save|list|show|run|delete [NAME]",
        "named TransactWriteItems drafts: `draft save NAME` keeps the last transaction",
    ),
    ("help", "[COMMAND]", "this text, or one command's"),
];

/// Details for one of txlab's own commands.
pub fn command_help(name: &str) -> Option<String> {
    let (name, args, summary) = COMMANDS.iter().find(|(n, _, _)| *n == name)?;
    let usage = if args.is_empty() {
        name.to_string()
    } else {
        format!("{name} {args}")
    };
    let more = match *name {
        "explain" => {
            "\nShows each action with its key and the item before; each node of its condition with the values it\n\
             read, their types and its result; each update step with before and after; the verdict; and, when\n\
             a condition failed, why and what would have made it pass. N is the number `history` shows.\n"
        }
        "show" => "\nKey attributes come first, then the others by name. Strings are shown as they are; other\n\
                   types carry a badge: N 5, BOOL true, NULL, SS {a, b}, M {3 keys}, L [4].\n",
        "undo" => "\nUndo goes back through the history one state-changing request at a time.\n",
        "clock" => "\nThe session clock is the wall clock plus an offset kept in the session.\n",
        "draft" => {
            "\n  draft save NAME     keep the last TransactWriteItems request as NAME\n  \
             draft list          the drafts\n  \
             draft show NAME     its TransactItems, as a file for --transact-items\n  \
             draft run NAME      run it again\n  \
             draft delete NAME   forget it\n"
        }
        _ => "",
    };
    Some(format!("usage: {usage}\n{summary}\n{more}"))
}

pub fn help(args: &[String]) -> CommandOutput {
    let Some(topic) = args.first() else {
        return CommandOutput::ok(overview());
    };
    if let Some(text) = command_help(topic) {
        return CommandOutput::ok(text);
    }
    let name = topic.strip_prefix("aws ").unwrap_or(topic);
    if let Some(op) = Operation::from_cli_name(name) {
        return CommandOutput::ok(operation_help(Some(op)));
    }
    CommandOutput::usage(
        "help",
        &format!("no command named {topic}; type `help` for the list"),
    )
}

fn overview() -> String {
    let mut out = String::from(
        "The AWS CLI's DynamoDB commands, with or without the leading `aws dynamodb`:\n",
    );
    out.push_str(&operation_list());
    out.push_str("`help COMMAND` (or `COMMAND help`) lists its flags.\n\ntxlab's own commands:\n");
    let width = COMMANDS
        .iter()
        .map(|(n, a, _)| n.len() + a.len() + 1)
        .max()
        .unwrap_or(0);
    for (name, args, summary) in COMMANDS {
        let usage = format!("{name} {args}");
        out.push_str(&format!("  {usage:<width$}  {summary}\n"));
    }
    out.push_str(
        "\nItems may be written in plain JSON ({\"Artist\": \"Acme\", \"Year\": 2020}) wherever the AWS CLI takes \
         DynamoDB JSON.\nA line goes on while a quote or a bracket is open. `exit` or Ctrl-D leaves.\n",
    );
    out
}

fn operation_list() -> String {
    let names: Vec<&str> = Operation::ALL.iter().map(|op| op.cli_name()).collect();
    let mut out = String::new();
    let mut line = String::from(" ");
    for name in names {
        if line.len() + name.len() + 2 > 80 {
            out.push_str(&line);
            out.push('\n');
            line = String::from(" ");
        }
        line.push(' ');
        line.push_str(name);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// `put-item help`: the operation's flags, required ones first.
pub fn operation_help(op: Option<Operation>) -> String {
    let Some(op) = op else {
        return overview();
    };
    let required: Vec<String> = model()
        .input_shape(op.name())
        .map(|s| s.required.iter().map(|m| m.to_lowercase()).collect())
        .unwrap_or_default();
    let is_required = |flag: &str| {
        let bare = flag.trim_start_matches("--").replace('-', "");
        required.contains(&bare)
    };
    let flags = op.flags();
    let (req, opt): (Vec<&String>, Vec<&String>) = flags.iter().partition(|f| is_required(f));
    let mut out = format!("{} ({})\n", op.cli_name(), op.name());
    if !req.is_empty() {
        out.push_str("required:\n");
        for f in req {
            out.push_str(&format!("  {f}\n"));
        }
    }
    out.push_str("optional:\n");
    for f in opt {
        out.push_str(&format!("  {f}\n"));
    }
    out.push_str(
        "Values are JSON, the AWS CLI's shorthand (Key=Value,...), or file://PATH; items may be plain JSON.\n",
    );
    out
}
