//! The client-side checks the AWS CLI makes just before sending: binary values (`B`, `BS`) read as base64 (AWS CLI
//! v2's default `--cli-binary-format base64`) or as raw text (`raw-in-base64-out`), then botocore's parameter
//! validation. The request that comes out carries binary values in canonical base64, as the wire does.

use super::messages;
use super::model::{model, Shape, ShapeType};
use super::pyrepr::DictKind;
use super::{validate, Operation, UsageError};
use base64::Engine;
use serde_json::Value;

/// Python's lenient `base64.b64decode` (`binascii.a2b_base64`, non-strict): characters outside the alphabet are
/// skipped, decoding stops at complete padding, and incomplete input is an error with Python's message.
pub fn py_b64decode(text: &str) -> Result<Vec<u8>, String> {
    if !text.is_ascii() {
        return Err("string argument should contain only ASCII characters".to_string());
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut quad_pos = 0u8;
    let mut left: u32 = 0;
    let mut pads = 0u8;
    let mut data_chars = 0usize;
    for c in text.bytes() {
        if c == b'=' {
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    return Ok(out);
                }
            }
            continue;
        }
        let sextet = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        } as u32;
        pads = 0;
        data_chars += 1;
        match quad_pos {
            0 => {
                left = sextet;
                quad_pos = 1;
            }
            1 => {
                out.push(((left << 2) | (sextet >> 4)) as u8);
                left = sextet & 0x0f;
                quad_pos = 2;
            }
            2 => {
                out.push(((left << 4) | (sextet >> 2)) as u8);
                left = sextet & 0x03;
                quad_pos = 3;
            }
            _ => {
                out.push(((left << 6) | sextet) as u8);
                quad_pos = 0;
            }
        }
    }
    match quad_pos {
        0 => Ok(out),
        1 => Err(format!(
            "Invalid base64-encoded string: number of data characters ({data_chars}) cannot be 1 more than \
             a multiple of 4"
        )),
        _ => Err("Incorrect padding".to_string()),
    }
}

/// Rewrites every blob string of `value` (walking the model, as the CLI's visitor does).
fn convert_blobs(value: &mut Value, shape: &'static Shape, raw: bool) -> Result<(), UsageError> {
    let mut stack: Vec<(&mut Value, &'static Shape)> = vec![(value, shape)];
    let mut failures = Vec::new();
    while let Some((value, shape)) = stack.pop() {
        match (shape.shape_type, value) {
            (ShapeType::Structure, Value::Object(map)) => {
                // Model member order, depth first: the first bad value reported is the CLI's.
                let mut children: Vec<(usize, &mut Value, &'static Shape)> = map
                    .iter_mut()
                    .filter_map(|(key, v)| {
                        let index = shape.members.iter().position(|m| &m.name == key)?;
                        Some((index, v, shape.member_shape(key)?))
                    })
                    .collect();
                children.sort_by_key(|c| std::cmp::Reverse(c.0));
                stack.extend(children.into_iter().map(|(_, v, s)| (v, s)));
            }
            (ShapeType::List, Value::Array(items)) => {
                if let Some(member) = shape.list_member() {
                    stack.extend(items.iter_mut().rev().map(|v| (v, member)));
                }
            }
            (ShapeType::Map, Value::Object(map)) => {
                if let Some(value_shape) = shape.map_value() {
                    let values: Vec<&mut Value> = map.iter_mut().map(|(_, v)| v).collect();
                    stack.extend(values.into_iter().rev().map(|v| (v, value_shape)));
                }
            }
            (ShapeType::Blob, Value::String(s)) => {
                let bytes = if raw {
                    s.as_bytes().to_vec()
                } else {
                    match py_b64decode(s) {
                        Ok(bytes) => bytes,
                        Err(e) if e.starts_with("string argument") => {
                            failures.push(messages::plain(&e));
                            break;
                        }
                        Err(_) => {
                            failures.push(messages::invalid_base64(s));
                            break;
                        }
                    }
                };
                *s = base64::engine::general_purpose::STANDARD.encode(bytes);
            }
            _ => {}
        }
    }
    match failures.into_iter().next() {
        Some(text) => Err(UsageError::general(text)),
        None => Ok(()),
    }
}

/// Blob conversion, then botocore's validation. Returns the request as it goes on the wire.
pub fn check(
    operation: Operation,
    request: &Value,
    kind_of: &dyn Fn(&str) -> DictKind,
    binary_format: Option<&str>,
) -> Result<Value, UsageError> {
    let Some(input) = model().input_shape(operation.name()) else {
        return Ok(request.clone());
    };
    let mut request = request.clone();
    convert_blobs(
        &mut request,
        input,
        binary_format == Some("raw-in-base64-out"),
    )?;
    let errors = validate::validate(&request, input, kind_of);
    if !errors.is_empty() {
        return Err(UsageError::usage(messages::parameter_validation_failed(
            &errors,
        )));
    }
    Ok(request)
}
