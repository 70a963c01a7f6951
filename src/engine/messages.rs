//! Every DynamoDB message text txlab produces, in one place (spec Appendix B).
//!
//! Texts marked UNCERTAIN in the spec carry a comment saying so; when someone checks them against real
//! DynamoDB, this is the only file to change. Keep the exact spelling, spacing and punctuation: they are facts.

use std::fmt::Display;

// ---------------------------------------------------------------------------------------------
// Expressions (spec §3, §4, Appendix B.2). The caller prefixes `Invalid <Kind>: ` via `ExpressionKind`.
// ---------------------------------------------------------------------------------------------

/// Which expression a message is about; its `prefix` starts every expression error message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ExpressionKind {
    ConditionExpression,
    UpdateExpression,
    FilterExpression,
    KeyConditionExpression,
    ProjectionExpression,
}

impl ExpressionKind {
    pub fn name(self) -> &'static str {
        match self {
            ExpressionKind::ConditionExpression => "ConditionExpression",
            ExpressionKind::UpdateExpression => "UpdateExpression",
            ExpressionKind::FilterExpression => "FilterExpression",
            ExpressionKind::KeyConditionExpression => "KeyConditionExpression",
            ExpressionKind::ProjectionExpression => "ProjectionExpression",
        }
    }
    /// `Invalid ConditionExpression: ` and so on.
    pub fn prefix(self) -> String {
        format!("Invalid {}: ", self.name())
    }
}

pub fn syntax_error(token: &str, near: &str) -> String {
    format!("Syntax error; token: \"{token}\", near: \"{near}\"")
}
pub const EXPRESSION_EMPTY: &str = "The expression can not be empty;";
pub fn expression_too_large(size: usize) -> String {
    format!("Expression size has exceeded the maximum allowed size; expression size: {size}")
}
pub fn too_many_operators(count: usize) -> String {
    format!("The expression contains too many operators; operator count: {count}")
}
pub const REDUNDANT_PARENTHESES: &str = "The expression has redundant parentheses;";
pub fn invalid_function_name(name: &str) -> String {
    format!("Invalid function name; function: {name}")
}
pub fn function_not_allowed(name: &str) -> String {
    format!("The function is not allowed to be used this way in an expression; function: {name}")
}
pub fn incorrect_operand_count(op: &str, n: usize) -> String {
    format!("Incorrect number of operands for operator or function; operator or function: {op}, number of operands: {n}")
}
pub fn requires_document_path(op: &str) -> String {
    format!("Operator or function requires a document path; operator or function: {op}")
}
/// Short type names (S, N, L, M, SS, BOOL ...): comparators, functions, `+`, `-`, list_append (spec §3.5, §4.2).
pub fn incorrect_operand_type(op: &str, type_short: &str) -> String {
    format!("Incorrect operand type for operator or function; operator or function: {op}, operand type: {type_short}")
}
/// Long type names (STRING, NUMBER, BINARY, BOOLEAN, NULL, LIST, MAP): ADD and DELETE only (spec §4.2).
pub fn incorrect_operand_type_add_delete(op: &str, type_long: &str) -> String {
    format!("Incorrect operand type for operator or function; operator: {op}, operand type: {type_long}")
}
/// The operand type attribute_type's message names when its second argument is a path (dynalite's text, [H];
/// UNCERTAIN for current DynamoDB).
pub const ATTRIBUTE_TYPE_ANY_OPERAND: &str = "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}";
pub fn invalid_attribute_type_name(name: &str) -> String {
    format!("Invalid attribute type name found; type: {name}, valid types: {{B,NULL,SS,BOOL,L,BS,N,NS,S,M}}")
}
/// `path` is already rendered as `[a, b, [1]]` (spec §3.8).
pub fn operands_not_distinct(op: &str, path: &str) -> String {
    format!("The first operand must be distinct from the remaining operands for this operator or function; operator: {op}, first operand: {path}")
}
/// Bounds rendered as `AttributeValue: {N:1}` by `value::AttributeValue::to_bound_text`.
pub fn between_bounds_type(lower: &str, upper: &str) -> String {
    format!("The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: {lower}, upper bound operand: {upper}")
}
pub fn between_bounds_order(lower: &str, upper: &str) -> String {
    format!("The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: {lower}, upper bound operand: {upper}")
}
/// UNCERTAIN (spec Appendix D #13): an emulator's text; DynamoDB's is not captured.
pub fn in_too_many_operands(n: usize) -> String {
    format!("The IN operator is provided with too many operands; number of operands: {n}")
}
pub fn reserved_keyword(token: &str) -> String {
    format!("Attribute name is a reserved keyword; reserved keyword: {token}")
}
pub fn undefined_name(name: &str) -> String {
    format!("An expression attribute name used in the document path is not defined; attribute name: {name}")
}
pub fn undefined_value(name: &str) -> String {
    format!(
        "An expression attribute value used in expression is not defined; attribute value: {name}"
    )
}
pub fn path_too_deep(levels: usize) -> String {
    format!("The document path has too many nesting levels; nesting levels: {levels}")
}
pub fn list_index_out_of_range(index_text: &str) -> String {
    format!("List index is not within the allowable range; index: [{index_text}]")
}
/// `section` is SET, REMOVE, ADD or DELETE.
pub fn section_used_twice(section: &str) -> String {
    format!("The \"{section}\" section can only be used once in an update expression;")
}
pub fn paths_overlap(one: &str, two: &str) -> String {
    format!("Two document paths overlap with each other; must remove or rewrite one of these paths; path one: {one}, path two: {two}")
}
pub fn paths_conflict(one: &str, two: &str) -> String {
    format!("Two document paths conflict with each other; must remove or rewrite one of these paths; path one: {one}, path two: {two}")
}
/// Not prefixed with `Invalid UpdateExpression: ` (spec §4.3).
pub fn cannot_update_key(attr: &str) -> String {
    format!("One or more parameter values were invalid: Cannot update attribute {attr}. This attribute is part of the key")
}

// Placeholder maps (spec §3.7); these are not prefixed with `Invalid <Kind>: `.
pub const NAMES_EMPTY: &str = "ExpressionAttributeNames must not be empty";
pub const VALUES_EMPTY: &str = "ExpressionAttributeValues must not be empty";
pub fn names_invalid_key(key: &str) -> String {
    format!("ExpressionAttributeNames contains invalid key: Syntax error; key: \"{key}\"")
}
pub fn values_invalid_key(key: &str) -> String {
    format!("ExpressionAttributeValues contains invalid key: Syntax error; key: \"{key}\"")
}
/// `keys` already joined with ", " (e.g. `#a, #b`).
pub fn names_unused(keys: &str) -> String {
    format!("Value provided in ExpressionAttributeNames unused in expressions: keys: {{{keys}}}")
}
pub fn values_unused(keys: &str) -> String {
    format!("Value provided in ExpressionAttributeValues unused in expressions: keys: {{{keys}}}")
}
pub const NAMES_WITHOUT_EXPRESSIONS: &str =
    "ExpressionAttributeNames can only be specified when using expressions";
pub const VALUES_WITHOUT_EXPRESSIONS: &str =
    "ExpressionAttributeValues can only be specified when using expressions";
/// Older value layer wrapper for a bad ExpressionAttributeValues entry (spec §6.2).
pub fn values_invalid_value(inner: &str, key: &str) -> String {
    format!("ExpressionAttributeValues contains invalid value: {inner} for key {key}")
}

// ---------------------------------------------------------------------------------------------
// Update evaluation (runtime; a ValidationError cancellation reason inside transactions) (spec §2.3, §4.4)
// ---------------------------------------------------------------------------------------------

pub const UPDATE_MISSING_ATTRIBUTE: &str =
    "The provided expression refers to an attribute that does not exist in the item";
pub const UPDATE_OPERAND_TYPE: &str =
    "An operand in the update expression has an incorrect data type";
pub const UPDATE_INVALID_PATH: &str =
    "The document path provided in the update expression is invalid for update";
pub const UPDATE_INDEX_KEY_TYPE: &str =
    "The update expression attempted to update the secondary index key to unsupported type";
pub const ITEM_TOO_LARGE_UPDATE: &str = "Item size to update has exceeded the maximum allowed size";
pub const ITEM_TOO_LARGE_PUT: &str = "Item size has exceeded the maximum allowed size";
pub const NESTING_TOO_DEEP: &str =
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";

// ---------------------------------------------------------------------------------------------
// Numbers (spec §4.7)
// ---------------------------------------------------------------------------------------------

pub const NUMBER_OVERFLOW: &str =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
pub const NUMBER_UNDERFLOW: &str =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";
pub const NUMBER_PRECISION: &str =
    "Attempting to store more than 38 significant digits in a Number";
/// Older value layer (TransactWriteItems in most regions): no `: ` when the literal is empty.
pub fn number_not_numeric(literal: &str) -> String {
    if literal.is_empty() {
        "The parameter cannot be converted to a numeric value".to_string()
    } else {
        format!("The parameter cannot be converted to a numeric value: {literal}")
    }
}

/// Current value layer (PutItem, UpdateItem, GetItem, ...): keeps `: ` even when the literal is empty.
pub fn number_not_numeric_current(literal: &str) -> String {
    format!("The parameter cannot be converted to a numeric value: {literal}")
}

// ---------------------------------------------------------------------------------------------
// Attribute values (spec §6)
// ---------------------------------------------------------------------------------------------

pub const VALUE_EMPTY: &str =
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
pub const VALUE_MULTIPLE_TYPES: &str =
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes";
pub const NULL_MUST_BE_TRUE: &str = "One or more parameter values were invalid: Null attribute value types must have the value of true";
pub const EMPTY_STRING_SET: &str =
    "One or more parameter values were invalid: An string set  may not be empty";
pub const EMPTY_NUMBER_SET: &str =
    "One or more parameter values were invalid: An number set  may not be empty";
pub const EMPTY_BINARY_SET: &str =
    "One or more parameter values were invalid: Binary sets should not be empty";
/// Older layer, SS: members as sent, unquoted, e.g. `[b, a, b]`.
pub fn duplicate_string_set(members: &[impl Display]) -> String {
    format!(
        "One or more parameter values were invalid: Input collection [{}] contains duplicates.",
        join(members)
    )
}
/// Older layer, BS: base64 members, no space before `of`.
pub fn duplicate_binary_set(members_base64: &[impl Display]) -> String {
    format!(
        "One or more parameter values were invalid: Input collection [{}]of type BS contains duplicates.",
        join(members_base64)
    )
}
/// Older layer, NS: no prefix, no period.
pub const DUPLICATE_NUMBER_SET: &str = "Input collection contains duplicates";
/// Current layer, SS: members quoted and joined with `, ` (the caller orders them, spec §6.2).
pub fn duplicate_string_set_current(members: &[impl Display]) -> String {
    let quoted: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    format!(
        "One or more parameter values were invalid: Input collection [{}] contains duplicates.",
        quoted.join(", ")
    )
}
/// Current layer, BS: base64 members quoted and joined with `,` (no space), no space before `of`.
pub fn duplicate_binary_set_current(members_base64: &[impl Display]) -> String {
    let quoted: Vec<String> = members_base64.iter().map(|m| format!("\"{m}\"")).collect();
    format!(
        "One or more parameter values were invalid: Input collection [{}]of type BS contains duplicates.",
        quoted.join(",")
    )
}
/// Current layer, NS: prefixed, with a period.
pub const DUPLICATE_NUMBER_SET_CURRENT: &str =
    "One or more parameter values were invalid: Input collection contains duplicates.";
/// UNCERTAIN: a JSON `null` as a member of SS or BS. No capture; DynamoDB's text is unknown.
pub const NULL_SET_MEMBER: &str =
    "One or more parameter values were invalid: Set may not contain null values";
pub const EMPTY_ATTRIBUTE_NAME: &str =
    "One or more parameter values were invalid: Empty attribute name";

fn join(members: &[impl Display]) -> String {
    members
        .iter()
        .map(|m| m.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

// Serialization (Jackson-style; spec §6.2)
pub const SER_NUMBER_NOT_STRING: &str = "NUMBER_VALUE cannot be converted to String";
pub const SER_DECIMAL_NOT_STRING: &str = "DECIMAL_VALUE cannot be converted to String";
pub const SER_TRUE_NOT_STRING: &str = "TRUE_VALUE cannot be converted to String";
pub const SER_FALSE_NOT_STRING: &str = "FALSE_VALUE cannot be converted to String";
pub const SER_UNEXPECTED_STRUCTURE: &str = "Start of structure or map found where not expected";
pub const SER_UNEXPECTED_COLLECTION: &str = "Unrecognized collection type class java.lang.String";
pub const SER_UNEXPECTED_VALUE_TYPE: &str = "Unexpected value type in payload";
pub const SER_UNEXPECTED_FIELD_TYPE: &str = "Unexpected field type";
pub const SER_UNEXPECTED_TOKEN: &str = "Unexpected token received from parser";
pub const SER_BASE64_ONLY: &str = "only base-64-encoded strings are convertible to bytes";
// Booleans (BOOL, NULL), byte buffers and nested values given the wrong JSON shape: dynalite's current test
// helpers (captured from DynamoDB; [H]).
pub const SER_NUMBER_NOT_BOOLEAN: &str = "NUMBER_VALUE cannot be converted to Boolean";
pub const SER_DECIMAL_NOT_BOOLEAN: &str = "DECIMAL_VALUE cannot be converted to Boolean";
pub const SER_COLLECTION_NOT_BOOLEAN: &str = "Unrecognized collection type class java.lang.Boolean";
pub const SER_COLLECTION_NOT_BYTES: &str = "Unrecognized collection type class java.nio.ByteBuffer";
/// An array where an AttributeValue object is expected (an element of L, a value of M or of an item).
pub const SER_COLLECTION_NOT_VALUE: &str =
    "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue";
/// An array where a map of AttributeValues is expected (M, an Item, a Key).
pub const SER_COLLECTION_NOT_MAP: &str =
    "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>";
/// A scalar where a top-level map of AttributeValues (an Item, a Key) is expected: a leaked Java ClassCastException.
pub const SER_SCALAR_NOT_MAP: &str = "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in module java.base of loader 'bootstrap')";
pub fn base64_bad_length(n: usize) -> String {
    format!("Base64 encoded length is expected a multiple of 4 bytes but found: {n}")
}
/// (sic) DynamoDB's spelling. Also what DynamoDB's decoder says for characters outside the alphabet and misplaced
/// padding (`=+/=`), per dynalite's current captures.
pub const BASE64_BAD_LAST_CHAR: &str = "Invalid last non-pad Base64 character dectected";

// ---------------------------------------------------------------------------------------------
// Keys (spec §5)
// ---------------------------------------------------------------------------------------------

pub fn key_empty_string(key: &str) -> String {
    format!("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: {key}")
}
pub fn key_empty_binary(key: &str) -> String {
    format!("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: {key}")
}
pub fn missing_key_in_item(key: &str) -> String {
    format!("One or more parameter values were invalid: Missing the key {key} in the item")
}
pub fn key_type_mismatch(key: &str, expected: &str, actual: &str) -> String {
    format!("One or more parameter values were invalid: Type mismatch for key {key} expected: {expected} actual: {actual}")
}
pub fn index_key_type_mismatch(key: &str, expected: &str, actual: &str, index: &str) -> String {
    format!("One or more parameter values were invalid: Type mismatch for Index Key {key} Expected: {expected} Actual: {actual} IndexName: {index}")
}
pub const KEY_SCHEMA_MISMATCH: &str = "The provided key element does not match the schema";
/// Note the missing space in "of2048": DynamoDB's text.
pub const HASH_KEY_TOO_LARGE: &str =
    "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes";
pub const RANGE_KEY_TOO_LARGE: &str =
    "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes";
