//! The DynamoDB service model (botocore's `service-2.json`, trimmed by `scripts/trim-model.py` to the operations
//! txlab supports). The AWS CLI is driven by this model: its flags are the input members, its shorthand and
//! validation follow the member types, and its output follows the output members' order. So is txlab's.

use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

const MODEL_JSON: &str = include_str!("../../assets/dynamodb-model.json");

/// A shape's type, as botocore names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShapeType {
    Structure,
    List,
    Map,
    String,
    Integer,
    Long,
    Double,
    Float,
    Boolean,
    Blob,
    Timestamp,
}

impl ShapeType {
    /// botocore's name for the type (`structure`, `list`, ...).
    pub fn name(self) -> &'static str {
        match self {
            ShapeType::Structure => "structure",
            ShapeType::List => "list",
            ShapeType::Map => "map",
            ShapeType::String => "string",
            ShapeType::Integer => "integer",
            ShapeType::Long => "long",
            ShapeType::Double => "double",
            ShapeType::Float => "float",
            ShapeType::Boolean => "boolean",
            ShapeType::Blob => "blob",
            ShapeType::Timestamp => "timestamp",
        }
    }
    pub fn is_scalar(self) -> bool {
        !matches!(
            self,
            ShapeType::Structure | ShapeType::List | ShapeType::Map
        )
    }
}

/// A reference to a shape, from a member, a list member, or a map key or value.
#[derive(Clone, Debug, Deserialize)]
pub struct ShapeRef {
    pub shape: String,
    #[serde(default, rename = "idempotencyToken")]
    pub idempotency_token: bool,
    #[serde(default)]
    pub documentation: Option<String>,
}

/// One shape of the model, with its members in the model's order.
#[derive(Clone, Debug)]
pub struct Shape {
    pub name: String,
    pub shape_type: ShapeType,
    pub members: Vec<Member>,
    pub required: Vec<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub enum_values: Vec<String>,
    pub member: Option<ShapeRef>,
    pub key: Option<ShapeRef>,
    pub value: Option<ShapeRef>,
    pub documentation: Option<String>,
    /// An error shape (its members are the error body's modeled fields).
    pub exception: bool,
}

/// A structure member: its name and its shape reference.
#[derive(Clone, Debug)]
pub struct Member {
    pub name: String,
    pub target: ShapeRef,
}

/// The shape as it is written in the JSON asset.
#[derive(Deserialize)]
struct RawShape {
    #[serde(rename = "type")]
    shape_type: ShapeType,
    #[serde(default)]
    members: serde_json::Map<String, Value>,
    #[serde(default)]
    required: Vec<String>,
    #[serde(default)]
    min: Option<f64>,
    #[serde(default)]
    max: Option<f64>,
    #[serde(default, rename = "enum")]
    enum_values: Vec<String>,
    #[serde(default)]
    member: Option<ShapeRef>,
    #[serde(default)]
    key: Option<ShapeRef>,
    #[serde(default)]
    value: Option<ShapeRef>,
    #[serde(default)]
    documentation: Option<String>,
    #[serde(default)]
    exception: bool,
}

impl RawShape {
    fn into_shape(self, name: &str) -> Shape {
        let members = self
            .members
            .into_iter()
            .filter_map(|(member_name, v)| {
                ShapeRef::deserialize(v).ok().map(|target| Member {
                    name: member_name,
                    target,
                })
            })
            .collect();
        Shape {
            name: name.to_string(),
            shape_type: self.shape_type,
            members,
            required: self.required,
            min: self.min,
            max: self.max,
            enum_values: self.enum_values,
            member: self.member,
            key: self.key,
            value: self.value,
            documentation: self.documentation,
            exception: self.exception,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
pub struct OperationModel {
    pub name: String,
    pub input: Option<ShapeRef>,
    pub output: Option<ShapeRef>,
    #[serde(default)]
    pub errors: Vec<String>,
    #[serde(default)]
    pub documentation: Option<String>,
}

/// botocore's paginator configuration for an operation.
#[derive(Clone, Debug, Deserialize)]
pub struct PaginatorModel {
    pub input_token: String,
    pub output_token: String,
    pub limit_key: String,
    pub result_key: Value,
    #[serde(default)]
    pub non_aggregate_keys: Vec<String>,
}

impl PaginatorModel {
    /// The result keys, in order (botocore allows one string or a list).
    pub fn result_keys(&self) -> Vec<String> {
        match &self.result_key {
            Value::String(s) => vec![s.clone()],
            Value::Array(items) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    }
}

#[derive(Debug, Default)]
pub struct Model {
    pub operations: HashMap<String, OperationModel>,
    pub pagination: HashMap<String, PaginatorModel>,
    pub shapes: HashMap<String, Shape>,
    /// The AWS CLI's other `dynamodb` commands (`batch-write-item`, ...), which txlab does not run.
    pub other_operations: Vec<String>,
}

#[derive(Deserialize)]
struct RawModel {
    operations: HashMap<String, OperationModel>,
    pagination: HashMap<String, PaginatorModel>,
    shapes: HashMap<String, RawShape>,
    #[serde(default)]
    other_operations: Vec<String>,
}

/// The model, parsed once. A broken asset gives an empty model (and failing tests), never a panic.
pub fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| match serde_json::from_str::<RawModel>(MODEL_JSON) {
        Ok(raw) => Model {
            operations: raw.operations,
            pagination: raw.pagination,
            other_operations: raw.other_operations,
            shapes: raw
                .shapes
                .into_iter()
                .map(|(name, shape)| {
                    let shape = shape.into_shape(&name);
                    (name, shape)
                })
                .collect(),
        },
        Err(_) => Model::default(),
    })
}

impl Model {
    pub fn shape(&self, name: &str) -> Option<&Shape> {
        self.shapes.get(name)
    }
    pub fn operation(&self, name: &str) -> Option<&OperationModel> {
        self.operations.get(name)
    }
    pub fn input_shape(&self, operation: &str) -> Option<&Shape> {
        self.operation(operation)
            .and_then(|op| op.input.as_ref())
            .and_then(|r| self.shape(&r.shape))
    }
    pub fn output_shape(&self, operation: &str) -> Option<&Shape> {
        self.operation(operation)
            .and_then(|op| op.output.as_ref())
            .and_then(|r| self.shape(&r.shape))
    }
}

impl Shape {
    /// The named member, if the structure has it.
    pub fn member_named(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }
    /// The named member's shape.
    pub fn member_shape(&self, name: &str) -> Option<&'static Shape> {
        self.member_named(name)
            .and_then(|m| model().shape(&m.target.shape))
    }
    pub fn list_member(&self) -> Option<&'static Shape> {
        self.member.as_ref().and_then(|r| model().shape(&r.shape))
    }
    pub fn map_key(&self) -> Option<&'static Shape> {
        self.key.as_ref().and_then(|r| model().shape(&r.shape))
    }
    pub fn map_value(&self) -> Option<&'static Shape> {
        self.value.as_ref().and_then(|r| model().shape(&r.shape))
    }
}

impl Member {
    pub fn shape(&self) -> Option<&'static Shape> {
        model().shape(&self.target.shape)
    }
}
