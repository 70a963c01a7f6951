//! The AWS CLI's automatic pagination of scan, query and list-tables (botocore's `PageIterator` and
//! `build_full_result`): it follows `LastEvaluatedKey` until the end, merges the pages (`Items` joined, `Count` and
//! `ScannedCount` added, `ConsumedCapacity` from the first page, present even when null), and with `--max-items`
//! stops early and prints a `NextToken` that `--starting-token` resumes from.

use super::messages;
use super::model::{model, PaginatorModel};
use super::pyjson;
use super::pyrepr::{repr_value, DictKind};
use super::request::py_b64decode;
use super::{render, Call, Operation, Pagination, UsageError};
use base64::Engine;
use serde_json::{Map, Value};

/// Why a paginated run stopped without a result.
#[derive(Clone, Debug, PartialEq)]
pub enum PageError<E> {
    /// A page's request failed: the error of the request function.
    Service(E),
    /// botocore's own failure (the same next token twice): standard-error text and exit code.
    Usage(UsageError),
}

fn paginator(operation: Operation) -> Option<&'static PaginatorModel> {
    model().pagination.get(operation.name())
}

/// Decodes a `--starting-token`: the base64 JSON the AWS CLI prints as `NextToken`, or the old `a___b` form.
fn parse_starting_token(
    token: &str,
    input_token: &str,
) -> Result<(Map<String, Value>, usize), UsageError> {
    let decoded = py_b64decode(token)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| pyjson::loads(&text).ok());
    if let Some(Value::Object(mut map)) = decoded {
        map.shift_remove("boto_encoded_keys");
        let index = map
            .shift_remove("boto_truncate_amount")
            .and_then(|v| v.as_u64())
            .unwrap_or(0) as usize;
        return Ok((map, index));
    }
    // The deprecated form: the token values joined by `___`, then the truncation index.
    let mut parts: Vec<&str> = token.split("___").collect();
    let mut index = 0usize;
    if parts.len() == 2 {
        match parts.last().and_then(|p| super::pyrepr::py_int(p)) {
            Some(n) => {
                index = n.max(0) as usize;
                parts.pop();
            }
            None => parts = vec![token],
        }
    }
    if parts.len() > 1 {
        return Err(UsageError::general(messages::bad_starting_token(token)));
    }
    let mut map = Map::new();
    let value = match parts.first() {
        Some(&"None") | None => Value::Null,
        Some(part) => Value::String(part.to_string()),
    };
    map.insert(input_token.to_string(), value);
    Ok((map, index))
}

/// `_inject_token_into_kwargs`: set each token, or remove it when it is None.
fn inject(request: &mut Value, token: &Map<String, Value>) {
    let Value::Object(params) = request else {
        return;
    };
    for (name, value) in token {
        let is_none = value.is_null() || value.as_str() == Some("None");
        if is_none {
            params.shift_remove(name);
        } else {
            params.insert(name.clone(), value.clone());
        }
    }
}

/// The first page's request (starting token and page size applied) and the run's settings.
pub(crate) fn first_request(
    operation: Operation,
    mut request: Value,
    paging: &Map<String, Value>,
) -> Result<(Pagination, Value), UsageError> {
    let mut config = Pagination {
        max_items: paging.get("MaxItems").and_then(Value::as_i64),
        page_size: paging.get("PageSize").and_then(Value::as_i64),
        skip_first: 0,
    };
    let Some(p) = paginator(operation) else {
        return Ok((config, request));
    };
    if let Some(token) = paging.get("StartingToken").and_then(Value::as_str) {
        let (next_token, index) = parse_starting_token(token, &p.input_token)?;
        inject(&mut request, &next_token);
        config.skip_first = index;
    }
    if let (Some(size), Value::Object(params)) = (config.page_size, &mut request) {
        params.insert(p.limit_key.clone(), Value::from(size));
    }
    Ok((config, request))
}

/// The token the AWS CLI prints as `NextToken`: base64 of Python's `json.dumps` of the resume token.
fn encode_token(token: &Map<String, Value>) -> String {
    let mut token = token.clone();
    // Binary key values were bytes in the CLI: it records where they were.
    let mut encoded_keys = Vec::new();
    for (name, value) in &token {
        if let Value::Object(key) = value {
            for (attr, attr_value) in key {
                if attr_value.get("B").is_some() {
                    encoded_keys.push(Value::Array(vec![
                        Value::String(name.clone()),
                        Value::String(attr.clone()),
                        Value::String("B".to_string()),
                    ]));
                }
            }
        }
    }
    if !encoded_keys.is_empty() {
        token.insert("boto_encoded_keys".to_string(), Value::Array(encoded_keys));
    }
    let json = pyjson::dumps_compact(&Value::Object(token));
    base64::engine::general_purpose::STANDARD.encode(json.as_bytes())
}

fn add_page(complete: &mut Map<String, Value>, page: &Map<String, Value>, result_keys: &[String]) {
    for key in result_keys {
        let Some(value) = page.get(key) else {
            continue;
        };
        match (complete.get_mut(key), value) {
            (None, v) => {
                complete.insert(key.clone(), v.clone());
            }
            (Some(Value::Array(existing)), Value::Array(more)) => {
                existing.extend(more.iter().cloned())
            }
            (Some(Value::Number(existing)), Value::Number(more)) => {
                let sum = match (existing.as_i64(), more.as_i64()) {
                    (Some(a), Some(b)) => Value::from(a.saturating_add(b)),
                    _ => {
                        Value::from(existing.as_f64().unwrap_or(0.0) + more.as_f64().unwrap_or(0.0))
                    }
                };
                complete.insert(key.clone(), sum);
            }
            (Some(Value::String(existing)), Value::String(more)) => existing.push_str(more),
            _ => {}
        }
    }
}

/// Runs a paginated call: `send` takes a request body and returns DynamoDB's response (or an error, which stops
/// the run). Returns the merged output, ready for [`render::json_text`].
pub fn paginate<E>(
    call: &Call,
    mut send: impl FnMut(&Value) -> Result<Value, E>,
) -> Result<Value, PageError<E>> {
    let config = call.pagination.clone().unwrap_or_default();
    let Some(p) = paginator(call.operation) else {
        let response = send(&call.request).map_err(PageError::Service)?;
        return Ok(render::normalize(call.operation, &response));
    };
    let result_keys = p.result_keys();
    let primary = result_keys.first().cloned().unwrap_or_default();
    let mut request = call.request.clone();
    let mut next_token: Map<String, Value> = Map::new();
    next_token.insert(
        p.input_token.clone(),
        request.get(&p.input_token).cloned().unwrap_or(Value::Null),
    );
    let mut complete = Map::new();
    let mut non_aggregate = Map::new();
    let mut resume_token: Option<Map<String, Value>> = None;
    let mut previous: Option<Map<String, Value>> = None;
    let mut total_items: i64 = 0;
    let mut first = true;
    loop {
        let response = send(&request).map_err(PageError::Service)?;
        let Value::Object(mut page) = render::normalize(call.operation, &response) else {
            break;
        };
        let mut starting_truncation = 0usize;
        if first {
            if config.skip_first > 0 {
                starting_truncation = config.skip_first;
                if let Some(Value::Array(items)) = page.get_mut(&primary) {
                    let skip = starting_truncation.min(items.len());
                    items.drain(..skip);
                }
                for key in result_keys.iter().skip(1) {
                    let empty = match page.get(key) {
                        Some(Value::Array(_)) => Value::Array(Vec::new()),
                        Some(Value::String(_)) => Value::String(String::new()),
                        Some(n @ Value::Number(_)) => n.clone(),
                        _ => Value::Null,
                    };
                    page.insert(key.clone(), empty);
                }
            }
            first = false;
            for key in &p.non_aggregate_keys {
                non_aggregate.insert(key.clone(), page.get(key).cloned().unwrap_or(Value::Null));
            }
        }
        let count = match page.get(&primary) {
            Some(Value::Array(items)) => items.len() as i64,
            _ => 0,
        };
        let truncate = config
            .max_items
            .map(|max| total_items + count - max)
            .unwrap_or(0);
        if truncate > 0 {
            // Python's `items[:keep]`, where a negative `keep` (from a negative --max-items) counts from the end.
            let keep = count - truncate;
            let kept = if keep < 0 {
                (count + keep).max(0)
            } else {
                keep
            };
            if let Some(Value::Array(items)) = page.get_mut(&primary) {
                items.truncate(kept as usize);
            }
            next_token.insert(
                "boto_truncate_amount".to_string(),
                Value::from(keep + starting_truncation as i64),
            );
            resume_token = Some(next_token.clone());
            add_page(&mut complete, &page, &result_keys);
            break;
        }
        add_page(&mut complete, &page, &result_keys);
        total_items += count;
        next_token = Map::new();
        let output_token = page.get(&p.output_token).filter(|v| is_truthy(v)).cloned();
        next_token.insert(p.input_token.clone(), output_token.unwrap_or(Value::Null));
        if next_token.values().all(Value::is_null) {
            break;
        }
        if config.max_items == Some(total_items) {
            resume_token = Some(next_token.clone());
            break;
        }
        if previous.as_ref() == Some(&next_token) {
            let shown = repr_value(&Value::Object(next_token), DictKind::Dict);
            return Err(PageError::Usage(UsageError::general(
                messages::same_token_twice(&shown),
            )));
        }
        inject(&mut request, &next_token);
        // botocore validates every page's request (a short LastEvaluatedTableName fails here, as in the CLI).
        request = super::request::check(call.operation, &request, &|_| DictKind::Dict, None)
            .map_err(PageError::Usage)?;
        previous = Some(next_token.clone());
    }
    for (key, value) in non_aggregate {
        complete.insert(key, value);
    }
    if let Some(token) = resume_token {
        complete.insert("NextToken".to_string(), Value::String(encode_token(&token)));
    }
    Ok(Value::Object(complete))
}

/// Python truthiness of a JSON value.
fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}
