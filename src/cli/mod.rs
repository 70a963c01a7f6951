//! The command language: the AWS CLI's own, for the DynamoDB operations txlab runs, and the rendering of what
//! comes back as the AWS CLI prints it.
//!
//! `parse_command` turns a line such as
//! `aws dynamodb put-item --table-name Music --item '{"Artist": {"S": "Acme"}}'` (or the same without the leading
//! `aws dynamodb`) into a [`Command`]: usually a [`Call`], the DynamoDB JSON request the api layer runs. Refusals
//! are [`UsageError`]s carrying the AWS CLI's exact text and exit code. The parse is model-driven, as the AWS CLI's
//! is: flags, shorthand, validation and output order all come from `assets/dynamodb-model.json`.
//!
//! `render` turns responses and errors back into text; its functions are pure (input -> String), so the REPL,
//! script mode and TUI share them. `paginate` runs the AWS CLI's automatic pagination of scan, query and
//! list-tables over any request function.

mod argparse;
mod args;
mod call;
mod difflib;
pub mod messages;
pub mod model;
mod paginate;
mod paramfile;
mod parse;
mod plain;
pub mod pyjson;
mod pyrepr;
pub mod render;
mod request;
mod shorthand;
mod skeleton;
pub mod tokenize;
mod unpack;
mod validate;

pub use paginate::{paginate, PageError};
pub use parse::{parse_args, parse_args_with, parse_command, ParseOptions};
pub use tokenize::{tokenize, Incomplete, Tokens};

use serde_json::Value;

/// The DynamoDB operations txlab runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Operation {
    CreateTable,
    DeleteTable,
    DescribeTable,
    ListTables,
    PutItem,
    GetItem,
    UpdateItem,
    DeleteItem,
    Scan,
    Query,
    TransactWriteItems,
    TransactGetItems,
}

impl Operation {
    /// All of them, in the order the AWS CLI lists commands (alphabetical by command name).
    pub const ALL: [Operation; 12] = [
        Operation::CreateTable,
        Operation::DeleteItem,
        Operation::DeleteTable,
        Operation::DescribeTable,
        Operation::GetItem,
        Operation::ListTables,
        Operation::PutItem,
        Operation::Query,
        Operation::Scan,
        Operation::TransactGetItems,
        Operation::TransactWriteItems,
        Operation::UpdateItem,
    ];

    /// The API name (`PutItem`), as in `X-Amz-Target: DynamoDB_20120810.PutItem`.
    pub fn name(self) -> &'static str {
        match self {
            Operation::CreateTable => "CreateTable",
            Operation::DeleteTable => "DeleteTable",
            Operation::DescribeTable => "DescribeTable",
            Operation::ListTables => "ListTables",
            Operation::PutItem => "PutItem",
            Operation::GetItem => "GetItem",
            Operation::UpdateItem => "UpdateItem",
            Operation::DeleteItem => "DeleteItem",
            Operation::Scan => "Scan",
            Operation::Query => "Query",
            Operation::TransactWriteItems => "TransactWriteItems",
            Operation::TransactGetItems => "TransactGetItems",
        }
    }

    /// The command name (`put-item`).
    pub fn cli_name(self) -> &'static str {
        match self {
            Operation::CreateTable => "create-table",
            Operation::DeleteTable => "delete-table",
            Operation::DescribeTable => "describe-table",
            Operation::ListTables => "list-tables",
            Operation::PutItem => "put-item",
            Operation::GetItem => "get-item",
            Operation::UpdateItem => "update-item",
            Operation::DeleteItem => "delete-item",
            Operation::Scan => "scan",
            Operation::Query => "query",
            Operation::TransactWriteItems => "transact-write-items",
            Operation::TransactGetItems => "transact-get-items",
        }
    }

    pub fn from_name(name: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|op| op.name() == name)
    }

    pub fn from_cli_name(name: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|op| op.cli_name() == name)
    }

    /// The command-line flags of the operation, in the AWS CLI's order (for completion and help).
    pub fn flags(self) -> Vec<String> {
        args::arg_table(self, false)
            .into_iter()
            .map(|a| a.spec.name)
            .collect()
    }
}

/// The global flags the AWS CLI accepts anywhere on the line (for completion and help).
pub fn global_flags() -> Vec<String> {
    parse::global_specs().into_iter().map(|s| s.name).collect()
}

/// What a command line asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Run a DynamoDB request.
    Call(Call),
    /// Print this text on standard output and run nothing (`--generate-cli-skeleton`, `--version`).
    Print(String),
    /// `aws dynamodb help`, `put-item help`: help for the operation (or for all of them).
    Help(Option<Operation>),
}

/// A DynamoDB request, ready for the api layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    pub operation: Operation,
    /// The request body in DynamoDB JSON, keys in the order the AWS CLI sends them. For a paginated call this is
    /// the first page's request.
    pub request: Value,
    /// Set when the AWS CLI would paginate (scan, query and list-tables without `--no-paginate`, `--limit` or
    /// an exclusive start key): run it with [`paginate`].
    pub pagination: Option<Pagination>,
    /// `--color on|off` (None for `auto`, the default: colour on a terminal unless NO_COLOR is set).
    pub color: Option<bool>,
    /// Text the AWS CLI writes to standard error before calling (e.g. the `--max-items 0` warning).
    pub warnings: String,
}

/// The AWS CLI's pagination settings for one call.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pagination {
    /// `--max-items`: stop after this many items and print a `NextToken`.
    pub max_items: Option<i64>,
    /// `--page-size` (already in the request as `Limit`).
    pub page_size: Option<i64>,
    /// How many items of the first page a `--starting-token` says were already printed.
    pub skip_first: usize,
}

/// A command line refused before any request: the exact standard-error text and exit code of the AWS CLI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError {
    pub stderr: String,
    pub exit_code: i32,
}

impl UsageError {
    pub fn usage(stderr: String) -> UsageError {
        UsageError {
            stderr,
            exit_code: messages::USAGE_EXIT,
        }
    }
    pub fn general(stderr: String) -> UsageError {
        UsageError {
            stderr,
            exit_code: messages::GENERAL_EXIT,
        }
    }
}

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.stderr.trim())
    }
}

impl std::error::Error for UsageError {}
