//! Every text of the command language, in one place: the AWS CLI's own wording (checked against AWS CLI v1.46 run
//! offline and the AWS CLI v2 sources; see `src/cli/README.md`), and txlab's few additions.

/// Exit code of a usage or parameter error (AWS CLI v2's `PARAM_VALIDATION_ERROR_RC`).
pub const USAGE_EXIT: i32 = 252;
/// Exit code of a service error (`CLIENT_ERROR_RC`).
pub const SERVICE_EXIT: i32 = 254;
/// Exit code of any other failure (`GENERAL_ERROR_RC`), e.g. Python's `int('x')` failing.
pub const GENERAL_EXIT: i32 = 255;

/// argparse's usage text as the AWS CLI sets it.
pub const USAGE: &str =
    "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n\
To see help text, you can run:\n\
\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n";

/// An argparse error, as written to standard error.
pub fn argparse_error(message: &str) -> String {
    format!("\n{USAGE}\naws: error: {message}\n\n")
}

/// Words left over after parsing (`Unknown options: --bogus, 1`).
pub fn unknown_options(words: &[String]) -> String {
    format!("\n{USAGE}\nUnknown options: {}\n\n", words.join(", "))
}

/// The AWS CLI's plain error block: a blank line, the message, a newline.
pub fn plain(message: &str) -> String {
    format!("\n{message}\n")
}

/// `Error parsing parameter '--item': ...`
pub fn param_error(cli_name: &str, message: &str) -> String {
    plain(&format!("Error parsing parameter '{cli_name}': {message}"))
}

pub fn invalid_json(error: &str, received: &str) -> String {
    format!("Invalid JSON: {error}\nJSON received: {received}")
}

pub fn invalid_json_bare(received: &str) -> String {
    format!("Invalid JSON:\n{received}")
}

pub const CLI_INPUT_INVALID_JSON: &str = "Invalid JSON received.";
pub const ONLY_ONE_CLI_INPUT: &str = "Only one --cli-input- parameter may be specified.";

pub fn cli_input_not_a_map(python_type: &str) -> String {
    format!("Invalid type: expecting map, received {python_type}")
}

pub fn invalid_int_literal(repr: &str) -> String {
    format!("invalid literal for int() with base 10: {repr}")
}

pub fn parameter_validation_failed(errors: &[String]) -> String {
    plain(&format!(
        "Parameter validation failed:\n{}",
        errors.join("\n")
    ))
}

pub fn pagination_error(message: &str) -> String {
    plain(&format!("Error during pagination: {message}"))
}

pub fn no_paginate_with_paging_args(flags: &[&str]) -> String {
    pagination_error(&format!(
        "Cannot specify --no-paginate along with pagination arguments: {}",
        flags.join(", ")
    ))
}

pub fn bad_starting_token(token: &str) -> String {
    plain(&format!("Bad starting token: {token}"))
}

pub fn same_token_twice(token: &str) -> String {
    pagination_error(&format!("The same next token was received twice: {token}"))
}

pub fn invalid_base64(value: &str) -> String {
    plain(&format!("Invalid base64: \"{value}\""))
}

pub const NON_POSITIVE_MAX_ITEMS: &str =
    "warning: Non-positive values for --max-items may result in undefined behavior.\n";

/// `An error occurred (Code) when calling the Operation operation: message`
pub fn service_error(code: &str, operation: &str, message: &str) -> String {
    format!("An error occurred ({code}) when calling the {operation} operation: {message}")
}

// ---------------------------------------------------------------------------------------------
// txlab's own texts (where txlab cannot do what the AWS CLI does, it says so plainly).
// ---------------------------------------------------------------------------------------------

pub fn unsupported_operation(name: &str) -> String {
    plain(&format!(
        "txlab does not support `{name}` (it runs create-table, delete-table, describe-table, list-tables, \
         put-item, get-item, update-item, delete-item, scan, query, transact-write-items and \
         transact-get-items)"
    ))
}

pub fn unsupported_output(format: &str) -> String {
    plain(&format!(
        "txlab prints JSON only; --output {format} is not supported"
    ))
}

pub const UNSUPPORTED_QUERY: &str = "txlab does not support --query (JMESPath)";
pub const UNSUPPORTED_YAML: &str = "txlab does not support YAML input (--cli-input-yaml)";
pub const UNSUPPORTED_YAML_SKELETON: &str =
    "txlab does not support --generate-cli-skeleton yaml-input";

pub const CANCELLATION_REASONS_HEADING: &str =
    "Cancellation reasons (txlab shows what the AWS CLI hides):";
pub const RETURNED_ITEM_HEADING: &str = "Item returned with the error:";
