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
/// A path reaching inside a key attribute (spec §4.3, dynalite's text [H]); `kind` is `Key` for the table's
/// key, `IndexKey` for an index's.
pub fn key_attribute_not_scalar(kind: &str, attr: &str) -> String {
    format!("Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: {kind}: {attr}")
}
/// A Query's FilterExpression naming the queried key (dynalite's text [H]; widely reported from DynamoDB).
pub fn filter_names_primary_key(attr: &str) -> String {
    format!("Filter Expression can only contain non-primary key attributes: Primary key attribute: {attr}")
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
/// A placeholder longer than 255 bytes (its `#`/`:` included), checked before its syntax. Captured from
/// DynamoDB by ExtendDB's dual-target tests (us-east-1, 2026): the names form ends with the size, the values
/// form ends with a bare `;`.
pub fn names_key_too_long(size: usize) -> String {
    format!("ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; size of key: {size}")
}
/// An ExpressionAttributeNames entry mapped to "" (captured, as above).
pub fn names_empty_value(key: &str) -> String {
    format!("ExpressionAttributeNames contains invalid value: Empty attribute name for key {key}")
}
pub const VALUES_KEY_TOO_LONG: &str =
    "ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too long;";
/// The longest placeholder DynamoDB accepts, in bytes (spec §3.7).
pub const MAX_PLACEHOLDER_BYTES: usize = 255;
/// ExpressionAttributeNames and ExpressionAttributeValues together hold at most 2 MB (spec §3.7: a documented
/// quota; no refusal captured). Counted as the UTF-8 bytes of every key and name plus each value's size in an
/// item (§7.1). UNCERTAIN text [D] (Appendix D #14: "a descriptive message"); checked with the keys, before
/// any expression is parsed.
pub const MAX_PLACEHOLDER_MAPS_BYTES: usize = 2 * 1024 * 1024;
pub fn placeholder_maps_too_large(size: usize) -> String {
    format!("ExpressionAttributeNames and ExpressionAttributeValues together exceed the maximum size of 2 MB; size: {size}")
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

// ---------------------------------------------------------------------------------------------
// Request envelope: member constraints (spec §1.5 layer 1). Checked before anything else.
// ---------------------------------------------------------------------------------------------

/// One member-constraint failure: `Value 'x' at 'path' failed to satisfy constraint: <constraint>`; a missing
/// member is rendered `Value null at ...`.
pub fn constraint_failure(value: Option<&str>, path: &str, constraint: &str) -> String {
    match value {
        Some(v) => format!("Value '{v}' at '{path}' failed to satisfy constraint: {constraint}"),
        None => format!("Value null at '{path}' failed to satisfy constraint: {constraint}"),
    }
}
/// `1 validation error detected: a` / `2 validation errors detected: a; b`.
pub fn validation_envelope(failures: &[String]) -> String {
    let n = failures.len();
    let plural = if n == 1 { "" } else { "s" };
    format!(
        "{n} validation error{plural} detected: {}",
        failures.join("; ")
    )
}
pub const MEMBER_NOT_NULL: &str = "Member must not be null";
pub fn member_length_at_least(n: usize) -> String {
    format!("Member must have length greater than or equal to {n}")
}
pub fn member_length_at_most(n: usize) -> String {
    format!("Member must have length less than or equal to {n}")
}
pub fn member_value_at_least(n: i64) -> String {
    format!("Member must have value greater than or equal to {n}")
}
pub fn member_value_at_most(n: i64) -> String {
    format!("Member must have value less than or equal to {n}")
}
pub fn member_pattern(pattern: &str) -> String {
    format!("Member must satisfy regular expression pattern: {pattern}")
}
/// `allowed` in DynamoDB's own (hash-set) order, e.g. `[INDEXES, TOTAL, NONE]`.
pub fn member_enum(allowed: &[&str]) -> String {
    format!(
        "Member must satisfy enum value set: [{}]",
        allowed.join(", ")
    )
}
pub const TABLE_NAME_PATTERN: &str = "[a-zA-Z0-9_.-]+";
pub const ENUM_RETURN_CONSUMED_CAPACITY: &[&str] = &["INDEXES", "TOTAL", "NONE"];
pub const ENUM_RETURN_ITEM_COLLECTION_METRICS: &[&str] = &["SIZE", "NONE"];
pub const ENUM_RETURN_VALUES_ON_CCF: &[&str] = &["ALL_OLD", "NONE"];
/// The order DynamoDB prints for ReturnValues [H, dynalite captures].
pub const ENUM_RETURN_VALUES: &[&str] =
    &["ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"];
pub const ENUM_SELECT: &[&str] = &[
    "SPECIFIC_ATTRIBUTES",
    "COUNT",
    "ALL_ATTRIBUTES",
    "ALL_PROJECTED_ATTRIBUTES",
];
pub const ENUM_BILLING_MODE: &[&str] = &["PROVISIONED", "PAY_PER_REQUEST"];
pub const ENUM_KEY_TYPE: &[&str] = &["HASH", "RANGE"];
pub const ENUM_SCALAR_TYPE: &[&str] = &["B", "N", "S"];
pub const ENUM_PROJECTION_TYPE: &[&str] = &["ALL", "INCLUDE", "KEYS_ONLY"];

// Wire-shape (Jackson-style) messages for non-value members, in addition to the SER_* texts above.
// UNCERTAIN: not captured; modelled on the captured `NUMBER_VALUE cannot be converted to String` family.
pub const SER_STRING_NOT_INTEGER: &str = "STRING_VALUE cannot be converted to Integer";
pub const SER_BOOLEAN_NOT_INTEGER: &str = "TRUE_VALUE cannot be converted to Integer";
pub const SER_DECIMAL_NOT_INTEGER: &str = "DECIMAL_VALUE cannot be converted to Integer";
pub const SER_UNEXPECTED_LIST: &str = "Start of list found where not expected";

/// UnknownOperationException carries no message on the wire.
pub const UNKNOWN_OPERATION: &str = "";

// ---------------------------------------------------------------------------------------------
// Tables (CreateTable, DeleteTable, DescribeTable, ListTables). [H] dynalite captures unless noted.
// ---------------------------------------------------------------------------------------------

/// Item operations and transactions [V].
pub const RESOURCE_NOT_FOUND: &str = "Requested resource not found";
/// DescribeTable / DeleteTable name the table [H].
pub fn table_not_found(name: &str) -> String {
    format!("Requested resource not found: Table: {name} not found")
}
pub fn table_already_exists(name: &str) -> String {
    format!("Table already exists: {name}")
}
pub const PAY_PER_REQUEST_WITH_THROUGHPUT: &str = "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST";
pub const PROVISIONED_WITHOUT_THROUGHPUT: &str = "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED";
pub fn throughput_out_of_bounds(value: i64, member: &str) -> String {
    format!("Given value {value} for {member} is out of bounds")
}
pub const KEY_ATTRIBUTES_WITHOUT_DEFINITION: &str =
    "Invalid KeySchema: Some index key attribute have no definition";
pub fn keys_not_defined(keys: &[&str], definitions: &[&str]) -> String {
    format!(
        "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [{}], AttributeDefinitions: [{}]",
        keys.join(", "),
        definitions.join(", ")
    )
}
pub const HASH_AND_RANGE_SAME_NAME: &str =
    "Both the Hash Key and the Range Key element in the KeySchema have the same name";
pub const FIRST_KEY_NOT_HASH: &str =
    "Invalid KeySchema: The first KeySchemaElement is not a HASH key type";
pub const SECOND_KEY_NOT_RANGE: &str =
    "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type";
pub const DEFINITIONS_MISMATCH: &str = "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions";
pub const LSI_LIST_EMPTY: &str =
    "One or more parameter values were invalid: List of LocalSecondaryIndexes is empty";
pub const GSI_LIST_EMPTY: &str =
    "One or more parameter values were invalid: List of GlobalSecondaryIndexes is empty";
pub const LSI_WITHOUT_TABLE_RANGE: &str = "One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex";
pub fn lsi_without_range(index: &str) -> String {
    format!("One or more parameter values were invalid: Index KeySchema does not have a range key for index: {index}")
}
pub fn lsi_hash_differs(index: &str, index_hash: &str, table_hash: &str) -> String {
    format!("One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: {index}. index hash key: {index_hash}, table hash key: {table_hash}")
}
pub const PROJECTION_TYPE_NULL: &str =
    "One or more parameter values were invalid: Unknown ProjectionType: null";
pub fn non_key_attributes_without_include(projection_type: &str) -> String {
    format!("One or more parameter values were invalid: ProjectionType is {projection_type}, but NonKeyAttributes is specified")
}
pub fn gsi_throughput_with_pay_per_request(index: &str) -> String {
    format!("One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: {index} when BillingMode is PAY_PER_REQUEST")
}
/// UNCERTAIN [E]: DynamoDB requires GSI throughput on PROVISIONED tables; text modelled on the table's.
pub fn gsi_without_throughput(index: &str) -> String {
    format!("One or more parameter values were invalid: ProvisionedThroughput must be specified for index: {index}")
}
pub fn duplicate_index_name(index: &str) -> String {
    format!("One or more parameter values were invalid: Duplicate index name: {index}")
}
pub const TOO_MANY_LSIS: &str = "One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds per-table limit of 5";
pub const TOO_MANY_GSIS: &str = "One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of 20";
/// UNCERTAIN [E]: attribute definitions that no key schema uses.
pub fn unused_definitions(definitions: &[&str], keys: &[&str]) -> String {
    format!(
        "One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [{}], keys used: [{}]",
        definitions.join(", "),
        keys.join(", ")
    )
}
/// [H] dynalite: the same attribute defined twice.
pub const DUPLICATE_ATTRIBUTE_DEFINITION: &str = "Cannot have two attributes with the same name";
/// Key attribute names are limited to 255 bytes (spec §5). UNCERTAIN text [E].
pub fn key_name_too_long(name: &str) -> String {
    format!("One or more parameter values were invalid: Key attribute name {name} exceeds the maximum size limit of 255 bytes")
}

// ---------------------------------------------------------------------------------------------
// Item operations (spec §5, §7)
// ---------------------------------------------------------------------------------------------

pub const CONDITIONAL_CHECK_FAILED: &str = "The conditional request failed";
/// A ReturnValues value the operation does not allow (PutItem/DeleteItem: only NONE and ALL_OLD) [H].
pub const RETURN_VALUES_INVALID: &str = "Return values set to invalid value";
/// UNCERTAIN [E]: empty string / binary for a secondary-index key (moto's text).
pub fn index_key_empty_string(index: &str, key: &str) -> String {
    format!("One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: {index}, IndexKey: {key}")
}
pub fn index_key_empty_binary(index: &str, key: &str) -> String {
    format!("One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty binary value. IndexName: {index}, IndexKey: {key}")
}
/// Transaction-conflict texts (spec §1.10, §2.2), for the teaching switch that marks items as locked.
pub const TRANSACTION_CONFLICT_SINGLE: &str = "Transaction is ongoing for the item";
pub const TRANSACTION_CONFLICT_REASON: &str = "Transaction is ongoing for the item";
pub const TRANSACTION_IN_PROGRESS: &str = "Transaction from previous request is still in progress";

// ---------------------------------------------------------------------------------------------
// Query and Scan. [H]/[E] unless noted; kept here so that a check against DynamoDB changes one place.
// ---------------------------------------------------------------------------------------------

pub fn query_missed_key(name: &str) -> String {
    format!("Query condition missed key schema element: {name}")
}
pub const QUERY_KEY_CONDITION_NOT_SUPPORTED: &str = "Query key condition not supported";
/// `OR`, `NOT`, `IN`, `<>` and functions other than begins_with.
pub fn key_condition_invalid_operator(op: &str) -> String {
    format!("Invalid operator used in KeyConditionExpression: {op}")
}
pub const KEY_CONDITION_ONE_PER_KEY: &str =
    "KeyConditionExpressions must only contain one condition per key";
pub const KEY_CONDITION_NESTED: &str =
    "KeyConditionExpressions cannot have conditions on nested attributes";
pub const KEY_CONDITION_TOO_MANY: &str = "Conditions can be of length 1 or 2 only";
pub const KEY_CONDITION_TYPE_MISMATCH: &str =
    "One or more parameter values were invalid: Condition parameter type does not match schema type";
pub fn index_not_found(index: &str) -> String {
    format!("The table does not have the specified index: {index}")
}
pub const GSI_CONSISTENT_READ: &str =
    "Consistent reads are not supported on global secondary indexes";
pub fn select_all_attributes_on_index(index: &str) -> String {
    format!("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index {index} because its projection type is not ALL")
}
pub const SELECT_ALL_PROJECTED_ON_TABLE: &str = "One or more parameter values were invalid: Select type ALL_PROJECTED_ATTRIBUTES is supported only for index queries";
pub const SELECT_SPECIFIC_WITHOUT_PROJECTION: &str = "One or more parameter values were invalid: Select type SPECIFIC_ATTRIBUTES requires AttributesToGet or ProjectionExpression";
pub fn select_with_projection(select: &str) -> String {
    format!("One or more parameter values were invalid: Cannot specify the ProjectionExpression when choosing to get {select}")
}
pub const STARTING_KEY_INVALID: &str =
    "The provided starting key is invalid: The provided key element does not match the schema";
pub const STARTING_KEY_OUTSIDE_QUERY: &str =
    "The provided starting key is outside query boundaries based on provided conditions";
pub const STARTING_KEY_RANGE_MISMATCH: &str =
    "The provided starting key does not match the range key predicate";
pub fn exclusive_start_key_invalid(inner: &str) -> String {
    format!("The provided starting key is invalid: {inner}")
}
pub const SCAN_SEGMENT_WITHOUT_TOTAL: &str =
    "The TotalSegments parameter is required but was not present in the request when parameter Segment is present";
pub const SCAN_TOTAL_WITHOUT_SEGMENT: &str =
    "The Segment parameter is required but was not present in the request when parameter TotalSegments is present";
pub fn scan_segment_too_large(segment: i64, total: i64) -> String {
    format!("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: {segment} is not less than TotalSegments: {total}")
}

// ---------------------------------------------------------------------------------------------
// Transactions (spec §1, §2)
// ---------------------------------------------------------------------------------------------

/// Codes of all actions in request order, joined by ", " (spec §2.1) [V].
pub fn transaction_cancelled(codes: &[&str]) -> String {
    format!(
        "Transaction cancelled, please refer cancellation reasons for specific reasons [{}]",
        codes.join(", ")
    )
}
pub const DUPLICATE_TRANSACT_ITEM: &str =
    "Transaction request cannot include multiple operations on one item";
/// UNCERTAIN (Appendix D #1): only `size cannot exceed` and "transaction payload" are known.
pub const TRANSACTION_PAYLOAD_TOO_LARGE: &str =
    "Transaction request size cannot exceed 4 MB: the aggregate size of the transaction payload exceeded the limit";
/// Older regions' wording for an action object with no operation (spec §1.5) [V].
pub const TRANSACT_WRITE_NO_OPERATION: &str =
    "Invalid Request: TransactWriteRequest should contain Delete or Put or Update request";
/// UNCERTAIN (Appendix D #6) [E moto].
pub const TRANSACT_WRITE_TWO_OPERATIONS: &str =
    "TransactItems can only contain one of Check, Put, Update or Delete";
/// UNCERTAIN [E]: TransactGetItems entry without a Get.
pub const TRANSACT_GET_NO_OPERATION: &str =
    "Invalid Request: TransactGetRequest should contain Get request";
/// UNCERTAIN (Appendix D #2): the AWS API reference's description of the exception.
pub const IDEMPOTENT_PARAMETER_MISMATCH: &str = "DynamoDB rejected the request because you retried a request with a different payload but with an idempotent token that was already used.";
/// UNCERTAIN [E moto]: an UpdateExpression that sets a secondary-index key to an empty value (spec §4.8).
pub const UPDATE_INDEX_KEY_EMPTY_STRING: &str = "One or more parameter values are not valid. The update expression attempted to update a secondary index key to a value that is not supported. The AttributeValue for a key attribute cannot contain an empty string value.";
pub const UPDATE_INDEX_KEY_EMPTY_BINARY: &str = "One or more parameter values are not valid. The update expression attempted to update a secondary index key to a value that is not supported. The AttributeValue for a key attribute cannot contain an empty binary value.";
/// [H]: a Query with neither KeyConditionExpression nor KeyConditions.
pub const QUERY_WITHOUT_KEY_CONDITION: &str =
    "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.";

// ---------------------------------------------------------------------------------------------
// The HTTP endpoint's front door (`txlab serve`): errors DynamoDB gives before an operation runs.
// ---------------------------------------------------------------------------------------------

/// No Authorization header (or one that is not SigV4) [V: a 2026 capture from us-east-2; dynalite].
pub const MISSING_AUTHENTICATION_TOKEN: &str = "Request is missing Authentication Token";
/// Both header and query-string authorization [H dynalite].
pub const AUTHORIZATION_IN_HEADER_AND_QUERY: &str =
    "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.";
/// One sentence per part a SigV4 Authorization header lacks, then the header itself [H dynalite].
pub fn authorization_header_requires(missing: &[&str], has_date: bool, header: &str) -> String {
    let mut m = String::new();
    for part in missing {
        m.push_str(&format!(
            "Authorization header requires '{part}' parameter. "
        ));
    }
    if !has_date {
        m.push_str(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ",
        );
    }
    m.push_str("Authorization=");
    m.push_str(header);
    m
}
/// One sentence per missing query-string authorization parameter [H dynalite].
pub fn query_string_requires(missing: &[&str]) -> String {
    let mut m = String::new();
    for part in missing {
        m.push_str(&format!(
            "AWS query-string parameters must include '{part}'. "
        ));
    }
    m.push_str("Re-examine the query-string parameters.");
    m
}
/// The body DynamoDB answers (HTTP 404) to a method other than POST, or to a body that is not JSON by its
/// content type [H dynalite, whose test pins its CRC32, 3552371480].
pub const NOT_FOUND_BODY: &str = "<UnknownOperationException/>\n";
/// The body of `GET /`, DynamoDB's health check (HTTP 200) [H dynalite; the same text is widely quoted].
pub const HEALTH_CHECK_BODY: &str = "healthy: dynamodb.us-east-1.amazonaws.com ";
/// InternalServerError (HTTP 500): here only when a request ran but its journal record could not be written
/// [D: the API reference's name for the error; the text is UNCERTAIN].
pub const INTERNAL_SERVER_ERROR: &str = "Internal server error";
