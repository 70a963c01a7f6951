//! From a command line to a [`Command`], in the AWS CLI's order of steps: global options, the service and
//! operation words, the operation's flags, unknown words, pagination switches, member values, `--cli-input-json`,
//! `--generate-cli-skeleton`, then client-side checks (base64 blobs, parameter validation). The first step that
//! fails decides the error, as it does in the AWS CLI.

use super::argparse::{parse_known_args, ArgValue, Nargs, Spec};
use super::args::{arg_table, ArgKind};
use super::call::Gathered;
use super::messages::{self, plain};
use super::model::model;
use super::pyrepr::DictKind;
use super::tokenize::{tokenize, Tokens};
use super::{unpack, Command, Operation, UsageError};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::Path;

/// The AWS CLI v2 global options, in its order. All are accepted; `--color`, `--no-paginate` and
/// `--cli-binary-format` act; `--output` other than json and `--query` are refused; the rest mean nothing here.
pub fn global_specs() -> Vec<Spec> {
    vec![
        Spec::flag("--debug", "debug", true),
        Spec::option("--endpoint-url", "endpoint_url", Nargs::One),
        Spec::flag("--no-verify-ssl", "verify_ssl", false),
        Spec::flag("--no-paginate", "paginate", false),
        Spec::option("--output", "output", Nargs::One).with_choices(&[
            "json",
            "text",
            "table",
            "yaml",
            "yaml-stream",
        ]),
        Spec::option("--query", "query", Nargs::One),
        Spec::option("--profile", "profile", Nargs::One),
        Spec::option("--region", "region", Nargs::One),
        Spec::flag("--version", "version", true),
        Spec::option("--color", "color", Nargs::One).with_choices(&["on", "off", "auto"]),
        Spec::flag("--no-sign-request", "sign_request", false),
        Spec::option("--ca-bundle", "ca_bundle", Nargs::One),
        Spec::option("--cli-read-timeout", "read_timeout", Nargs::One),
        Spec::option("--cli-connect-timeout", "connect_timeout", Nargs::One),
        Spec::option("--cli-binary-format", "cli_binary_format", Nargs::One)
            .with_choices(&["base64", "raw-in-base64-out"]),
        Spec::flag("--no-cli-pager", "pager", false),
        Spec::flag("--cli-auto-prompt", "cli_auto_prompt", true),
        Spec::flag("--no-cli-auto-prompt", "no_cli_auto_prompt", true),
    ]
}

fn argparse_failure(message: String) -> UsageError {
    UsageError::usage(messages::argparse_error(&message))
}

/// Parses one command line (shell quoting, `#` comments). `cwd` resolves relative `file://` paths.
pub fn parse_command(line: &str, cwd: &Path) -> Result<Command, UsageError> {
    match tokenize(line) {
        Tokens::Complete(words) => parse_args(&words, cwd),
        Tokens::Incomplete(what) => Err(UsageError::usage(plain(what.message()))),
    }
}

/// txlab's additions to the AWS CLI's parse, all off by default (so that `parse_args` is the AWS CLI's own).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// Accept plain JSON wherever a map of attribute values is taken (see `plain` for the rule).
    pub plain_json_items: bool,
}

/// Parses a command given as words (`aws dynamodb put-item ...`, `dynamodb put-item ...` or `put-item ...`).
pub fn parse_args(words: &[String], cwd: &Path) -> Result<Command, UsageError> {
    parse_args_with(words, cwd, ParseOptions::default())
}

/// `parse_args` with txlab's additions chosen by `options`.
pub fn parse_args_with(
    words: &[String],
    cwd: &Path,
    options: ParseOptions,
) -> Result<Command, UsageError> {
    // Without `aws`, the line is read as if it began with `aws dynamodb`.
    let args: Vec<String> = match words.first().map(String::as_str) {
        Some("aws") => words.get(1..).unwrap_or_default().to_vec(),
        Some("dynamodb") => words.to_vec(),
        _ => std::iter::once("dynamodb".to_string())
            .chain(words.iter().cloned())
            .collect(),
    };

    // 1. The main parser: global options anywhere, and the command (service) word.
    let mut main_specs = global_specs();
    main_specs.push(Spec::positional(
        "command",
        Nargs::One,
        Some(vec!["dynamodb".to_string(), "help".to_string()]),
    ));
    let globals = parse_known_args(&main_specs, &args).map_err(|e| argparse_failure(e.message))?;
    if globals.version {
        return Ok(Command::Print(format!(
            "txlab/{}\n",
            env!("CARGO_PKG_VERSION")
        )));
    }
    // The CLI converts the timeouts once the global options are parsed (a failure is Python's, exit 255).
    for dest in ["read_timeout", "connect_timeout"] {
        if let Some(word) = globals.str(dest) {
            if super::pyrepr::py_int(word).is_none() {
                return Err(UsageError::general(plain(&messages::invalid_int_literal(
                    &super::pyrepr::repr_str(word),
                ))));
            }
        }
    }
    if globals.str("command") == Some("help") {
        return Ok(Command::Help(None));
    }

    // 2. The service parser: the operation word.
    let mut choices: Vec<String> = Operation::ALL
        .iter()
        .map(|op| op.cli_name().to_string())
        .collect();
    choices.push("help".to_string());
    let service_specs = vec![Spec::positional("operation", Nargs::One, Some(choices))];
    let service = match parse_known_args(&service_specs, &globals.extras) {
        Ok(parsed) => parsed,
        Err(e) => {
            // A real DynamoDB operation txlab does not run gets a plain answer rather than a list of choices.
            let word = first_positional(&globals.extras);
            if let Some(word) = word.filter(|w| is_other_dynamodb_operation(w)) {
                return Err(UsageError::usage(messages::unsupported_operation(&word)));
            }
            return Err(argparse_failure(e.message));
        }
    };
    let op_word = service.str("operation").unwrap_or_default();
    if op_word == "help" {
        return Ok(Command::Help(None));
    }
    let Some(operation) = Operation::from_cli_name(op_word) else {
        return Ok(Command::Help(None));
    };
    let remaining = service.extras;
    if remaining.len() == 1 && remaining.first().map(String::as_str) == Some("help") {
        return Ok(Command::Help(Some(operation)));
    }

    // 3. The operation's parser. `--cli-input-json` / `--generate-cli-skeleton` (as exact words) make the
    // required flags optional, as the CLI's OverrideRequiredArgsArgument does.
    let skeleton_word = remaining
        .iter()
        .position(|w| w == "--generate-cli-skeleton");
    let relax = remaining
        .iter()
        .any(|w| w == "--cli-input-json" || w == "--cli-input-yaml")
        || skeleton_word
            .is_some_and(|i| remaining.get(i + 1).map(String::as_str) != Some("output"));
    let table = arg_table(operation, relax);
    let mut specs: Vec<Spec> = table.iter().map(|a| a.spec.clone()).collect();
    specs.push(Spec::positional("help", Nargs::Optional, None));
    let parsed = parse_known_args(&specs, &remaining).map_err(|e| argparse_failure(e.message))?;
    let mut unknown = parsed.extras.clone();
    match parsed.str("help") {
        Some("help") => return Ok(Command::Help(Some(operation))),
        Some(other) => unknown.push(other.to_string()),
        None => {}
    }
    if !unknown.is_empty() {
        return Err(UsageError::usage(messages::unknown_options(&unknown)));
    }

    // 4. What txlab cannot honour is refused rather than silently ignored.
    if let Some(format) = globals.str("output").filter(|f| *f != "json") {
        return Err(UsageError::usage(messages::unsupported_output(format)));
    }
    if globals.values.contains_key("query") {
        return Err(UsageError::usage(plain(messages::UNSUPPORTED_QUERY)));
    }

    // 5. Pagination switches (operation-args-parsed).
    let paginator = model().pagination.get(operation.name());
    let mut paginate_on = paginator.is_some() && !globals.values.contains_key("paginate");
    if let Some(p) = paginator {
        let manual = [p.input_token.as_str(), p.limit_key.as_str()]
            .iter()
            .map(|member| super::args::xform_name(member).replace('-', "_"))
            .any(|dest| parsed.values.contains_key(&dest));
        if manual {
            paginate_on = false;
        }
        if !paginate_on {
            let used: Vec<&str> = [
                ("starting_token", "--starting-token"),
                ("page_size", "--page-size"),
                ("max_items", "--max-items"),
            ]
            .into_iter()
            .filter(|(dest, _)| is_truthy(parsed.values.get(*dest)))
            .map(|(_, flag)| flag)
            .collect();
            if !used.is_empty() {
                return Err(UsageError::general(messages::no_paginate_with_paging_args(
                    &used,
                )));
            }
        }
    }

    // 6. Member values, in the argument table's order.
    let mut params = Map::new();
    let mut kinds: HashMap<String, DictKind> = HashMap::new();
    let mut paging = Map::new();
    let mut warnings = String::new();
    for arg in &table {
        let Some(value) = parsed.values.get(&arg.spec.dest).cloned() else {
            continue;
        };
        match &arg.kind {
            ArgKind::Member { member, shape } => {
                let (unpacked, kind) = unpack::unpack(&arg.spec.name, shape, value, cwd)?;
                kinds.insert(member.clone(), kind);
                params.insert(member.clone(), unpacked);
            }
            ArgKind::NegatedBoolean | ArgKind::GenerateCliSkeleton => {}
            ArgKind::CliInputJson | ArgKind::CliInputYaml => {
                unpack::load_paramfile(&arg.spec.name, value, cwd)?;
            }
            ArgKind::StartingToken => {
                if let ArgValue::Str(token) = unpack::load_paramfile(&arg.spec.name, value, cwd)? {
                    paging.insert("StartingToken".to_string(), Value::String(token));
                }
            }
            ArgKind::PageSize | ArgKind::MaxItems => {
                let key = if matches!(arg.kind, ArgKind::PageSize) {
                    "PageSize"
                } else {
                    "MaxItems"
                };
                if let ArgValue::Int(n) = value {
                    if key == "MaxItems" && n <= 0 {
                        warnings.push_str(messages::NON_POSITIVE_MAX_ITEMS);
                    }
                    paging.insert(key.to_string(), Value::from(n));
                }
            }
        }
    }

    let gathered = Gathered {
        plain_json_items: options.plain_json_items,
        operation,
        params,
        kinds,
        paging,
        paginate_on,
        cli_input_json: parsed.str("cli_input_json").map(str::to_string),
        cli_input_yaml: parsed.values.contains_key("cli_input_yaml"),
        skeleton: parsed.str("generate_cli_skeleton").map(str::to_string),
        binary_format: globals.str("cli_binary_format").map(str::to_string),
        color: match globals.str("color") {
            Some("on") => Some(true),
            Some("off") => Some(false),
            _ => None,
        },
    };
    // What the CLI printed to standard error while reading the flags comes before any later error.
    match super::call::finish(gathered, cwd) {
        Ok(Command::Call(mut call)) => {
            call.warnings = warnings;
            Ok(Command::Call(call))
        }
        Ok(other) => Ok(other),
        Err(mut e) => {
            e.stderr.insert_str(0, &warnings);
            Err(e)
        }
    }
}

fn is_truthy(value: Option<&ArgValue>) -> bool {
    match value {
        Some(ArgValue::Str(s)) => !s.is_empty(),
        Some(ArgValue::Int(n)) => *n != 0,
        Some(ArgValue::Bool(b)) => *b,
        Some(ArgValue::List(l)) => !l.is_empty(),
        None => false,
    }
}

/// The first word that is not an option (what the service parser took as the operation).
fn first_positional(words: &[String]) -> Option<String> {
    words.iter().find(|w| !w.starts_with('-')).cloned()
}

fn is_other_dynamodb_operation(word: &str) -> bool {
    model().other_operations.iter().any(|op| op == word)
}
