//! The last steps of a command line, where the AWS CLI's `calling-command` handlers and the client call run:
//! `--cli-input-json`, `--generate-cli-skeleton`, pagination's first request, blobs and validation.

use super::messages::{self, plain};
use super::model::model;
use super::pyrepr::DictKind;
use super::{paginate, request, Call, Command, Operation, UsageError};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::Path;

/// What the flags gave, ready for the calling steps.
pub(crate) struct Gathered {
    /// txlab's addition: convert plain-JSON attribute maps to DynamoDB JSON before the client checks.
    pub plain_json_items: bool,
    pub operation: Operation,
    pub params: Map<String, Value>,
    /// How each member's dictionaries print in Python messages.
    pub kinds: HashMap<String, DictKind>,
    /// `StartingToken`, `PageSize`, `MaxItems` as given.
    pub paging: Map<String, Value>,
    pub paginate_on: bool,
    pub cli_input_json: Option<String>,
    pub cli_input_yaml: bool,
    pub skeleton: Option<String>,
    pub binary_format: Option<String>,
    pub color: Option<bool>,
}

pub(crate) fn finish(gathered: Gathered, cwd: &Path) -> Result<Command, UsageError> {
    let Gathered {
        plain_json_items,
        operation,
        mut params,
        mut kinds,
        paging,
        mut paginate_on,
        cli_input_json,
        cli_input_yaml,
        skeleton,
        binary_format,
        color,
    } = gathered;
    let paginator = model().pagination.get(operation.name());

    // --cli-input-json fills in what the flags did not give.
    if cli_input_json.is_some() && cli_input_yaml {
        return Err(UsageError::usage(plain(messages::ONLY_ONE_CLI_INPUT)));
    }
    if cli_input_yaml {
        return Err(UsageError::usage(plain(messages::UNSUPPORTED_YAML)));
    }
    if let Some(raw) = cli_input_json.as_deref() {
        let text = super::paramfile::load(raw, cwd)
            .map_err(|e| UsageError::general(plain(&e)))?
            .unwrap_or_else(|| raw.to_string());
        let loaded = super::pyjson::loads(&text).map_err(|_| {
            UsageError::usage(messages::param_error(
                "cli-input-json",
                messages::CLI_INPUT_INVALID_JSON,
            ))
        })?;
        let Value::Object(loaded) = loaded else {
            return Err(UsageError::usage(messages::param_error(
                "--cli-input-json",
                &messages::cli_input_not_a_map(super::pyrepr::type_name(&loaded, DictKind::Dict)),
            )));
        };
        for (key, value) in loaded {
            if !params.contains_key(&key) {
                kinds.insert(key.clone(), DictKind::Dict);
                params.insert(key, value);
            }
        }
    }
    // AWS CLI v2 turns pagination off when the input JSON carries a paging member.
    if let Some(p) = paginator {
        if params.contains_key(&p.input_token) || params.contains_key(&p.limit_key) {
            paginate_on = false;
        }
    }
    if !paginate_on && !paging.is_empty() {
        // The paging flags then reach the client call, whose validation refuses them.
        params.insert(
            "PaginationConfig".to_string(),
            Value::Object(paging.clone()),
        );
    }

    // 8. --generate-cli-skeleton prints instead of calling.
    let kind_of = |member: &str| kinds.get(member).copied().unwrap_or(DictKind::Dict);
    match skeleton.as_deref() {
        Some("input") => {
            let skeleton = model()
                .input_shape(operation.name())
                .map(|s| super::skeleton::generate(s, false))
                .unwrap_or_else(|| Value::Object(Map::new()));
            return Ok(Command::Print(format!(
                "{}\n",
                super::pyjson::dumps(&skeleton, true)
            )));
        }
        Some("yaml-input") => {
            return Err(UsageError::usage(plain(
                messages::UNSUPPORTED_YAML_SKELETON,
            )))
        }
        Some("output") => {
            // The CLI answers from a stub: the sample response is validated against the output shape first
            // (for most DynamoDB operations that fails, on the null binary values: so does txlab), then the
            // request, then the sample is printed as a response (one page: the stub does not paginate).
            let Some(output) = model().output_shape(operation.name()) else {
                return Ok(Command::Print(String::new()));
            };
            let skeleton = super::skeleton::generate(output, true);
            let errors = super::validate::validate(&skeleton, output, &|_| DictKind::Dict);
            if !errors.is_empty() {
                return Err(UsageError::usage(messages::parameter_validation_failed(
                    &errors,
                )));
            }
            let request = Value::Object(params);
            request::check(operation, &request, &kind_of, binary_format.as_deref())?;
            return Ok(Command::Print(super::render::json_text(&skeleton)));
        }
        _ => {}
    }

    // 9. The client call: pagination's first request, then base64 blobs and validation.
    let mut request = Value::Object(params);
    let pagination = if paginate_on {
        let (config, request_with_token) = paginate::first_request(operation, request, &paging)?;
        request = request_with_token;
        Some(config)
    } else {
        None
    };
    if plain_json_items {
        if let Some(input) = model().input_shape(operation.name()) {
            super::plain::convert(&mut request, input);
        }
    }
    let request = request::check(operation, &request, &kind_of, binary_format.as_deref())?;
    Ok(Command::Call(Call {
        operation,
        request,
        pagination,
        color,
        warnings: String::new(),
    }))
}
