//! The syntax tree of condition and update expressions. CONTRACT shared by the parser, the printer, the
//! evaluator and the trace. Every node carries its `Span` in the source text so that front ends can mark it.

use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

/// An attribute name or a placeholder as written. Names are short: up to 24 bytes are stored inline, so reading
/// one allocates nothing.
pub type Name = compact_str::CompactString;

/// A path's elements: most paths have one, which is stored inline.
pub type PathElements = SmallVec<[PathElement; 1]>;

/// Byte offsets into the expression text, `start..end` (end exclusive).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// One element of a document path, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathElement {
    /// `Artist`, or a placeholder `#a` (then `placeholder` is true and `name` includes the `#`).
    Name {
        name: Name,
        placeholder: bool,
        span: Span,
    },
    /// `[3]`
    Index { index: usize, span: Span },
}

/// A document path: `a.b[2].#c`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    pub elements: PathElements,
    pub span: Span,
}

/// A path after `#name` substitution: what it addresses in an item.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PathSegment {
    Attribute(String),
    Index(usize),
}

/// The functions of both expression languages; names are case-sensitive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Function {
    AttributeExists,
    AttributeNotExists,
    AttributeType,
    BeginsWith,
    Contains,
    Size,
    IfNotExists,
    ListAppend,
}

impl Function {
    /// Every function of both languages.
    pub const ALL: [Function; 8] = [
        Function::AttributeExists,
        Function::AttributeNotExists,
        Function::AttributeType,
        Function::BeginsWith,
        Function::Contains,
        Function::Size,
        Function::IfNotExists,
        Function::ListAppend,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Function::AttributeExists => "attribute_exists",
            Function::AttributeNotExists => "attribute_not_exists",
            Function::AttributeType => "attribute_type",
            Function::BeginsWith => "begins_with",
            Function::Contains => "contains",
            Function::Size => "size",
            Function::IfNotExists => "if_not_exists",
            Function::ListAppend => "list_append",
        }
    }
    /// Case-sensitive lookup; `ATTRIBUTE_EXISTS` is not a function. The length (and for the two of eleven bytes
    /// the first byte) picks the one candidate, so that one comparison of bytes decides.
    pub fn from_name(name: &str) -> Option<Function> {
        let bytes = name.as_bytes();
        let candidate = match bytes.len() {
            16 => Function::AttributeExists,
            20 => Function::AttributeNotExists,
            14 => Function::AttributeType,
            11 if bytes.first() == Some(&b'b') => Function::BeginsWith,
            11 => Function::ListAppend,
            8 => Function::Contains,
            4 => Function::Size,
            13 => Function::IfNotExists,
            _ => return None,
        };
        (bytes == candidate.name().as_bytes()).then_some(candidate)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionCall {
    pub function: Function,
    pub args: Vec<Operand>,
    /// From the function name to the closing parenthesis.
    pub span: Span,
}

/// Something that yields a value: a path, a `:value` placeholder, or a value-producing function
/// (`size` in conditions; `if_not_exists` and `list_append` in updates).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operand {
    Path(Path),
    /// `:v`, name including the colon.
    Value {
        name: Name,
        span: Span,
    },
    Function(FunctionCall),
}

impl Operand {
    pub fn span(&self) -> Span {
        match self {
            Operand::Path(p) => p.span,
            Operand::Value { span, .. } => *span,
            Operand::Function(f) => f.span,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Comparator {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Comparator {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Eq => "=",
            Comparator::Ne => "<>",
            Comparator::Lt => "<",
            Comparator::Le => "<=",
            Comparator::Gt => ">",
            Comparator::Ge => ">=",
        }
    }
}

/// Where a node sits in `Condition::nodes`.
pub type NodeId = usize;

/// Where an operand sits in `Condition::operands` (a condition's text is at most 4 KB, so `u32` holds any).
pub type OperandId = u32;

/// The operands of an IN list: consecutive in `Condition::operands`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OperandRange {
    pub start: OperandId,
    pub len: u32,
}

/// A condition (ConditionExpression, FilterExpression, KeyConditionExpression), flat: every node in one vector,
/// children before parents and left to right (the order in which a left-to-right reader finishes them, which is
/// also the order of the trace's nodes), so the last node is the root. NOT, AND and OR refer to their children
/// by position, always earlier ones. The operands the leaves test sit in a second vector, in the order written,
/// and the leaves refer to them by position: a node is a few words, so reading a condition moves no operand
/// more than once. Walking it in order needs no stack; dropping it cannot recurse.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Condition {
    pub nodes: Vec<Node>,
    pub operands: Vec<Operand>,
}

/// One node of a condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub kind: ConditionKind,
    /// The node's text, including parentheses written around it.
    pub span: Span,
}

/// A node as stored: leaves name their operands by position in `Condition::operands` (see `Condition::view`
/// for the operands themselves).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConditionKind {
    Compare {
        op: Comparator,
        left: OperandId,
        right: OperandId,
    },
    Between {
        operand: OperandId,
        lower: OperandId,
        upper: OperandId,
    },
    In {
        operand: OperandId,
        list: OperandRange,
    },
    /// A boolean function: attribute_exists, attribute_not_exists, attribute_type, begins_with, contains. The
    /// operand is the call.
    Function(OperandId),
    Not(NodeId),
    And(NodeId, NodeId),
    Or(NodeId, NodeId),
}

/// A node with its operands borrowed from the condition: what the checks, the evaluator and the printer match
/// on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeView<'a> {
    Compare {
        op: &'a Comparator,
        left: &'a Operand,
        right: &'a Operand,
    },
    Between {
        operand: &'a Operand,
        lower: &'a Operand,
        upper: &'a Operand,
    },
    In {
        operand: &'a Operand,
        list: &'a [Operand],
    },
    Function(&'a FunctionCall),
    Not(&'a NodeId),
    And(&'a NodeId, &'a NodeId),
    Or(&'a NodeId, &'a NodeId),
}

/// A leaf with its operands, for building a condition by hand (`Condition::leaf`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Leaf {
    Compare {
        op: Comparator,
        left: Operand,
        right: Operand,
    },
    Between {
        operand: Operand,
        lower: Operand,
        upper: Operand,
    },
    In {
        operand: Operand,
        list: Vec<Operand>,
    },
    Function(FunctionCall),
}

/// An UpdateExpression: its clauses in the order written (each kind at most once).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateExpression {
    pub clauses: Vec<UpdateClause>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClauseKind {
    Set,
    Remove,
    Add,
    Delete,
}

impl ClauseKind {
    pub fn keyword(self) -> &'static str {
        match self {
            ClauseKind::Set => "SET",
            ClauseKind::Remove => "REMOVE",
            ClauseKind::Add => "ADD",
            ClauseKind::Delete => "DELETE",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateClause {
    pub kind: ClauseKind,
    pub actions: Vec<UpdateAction>,
    pub span: Span,
}

/// The right-hand side of a SET action: one operand, or one binary `+` / `-`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetValue {
    Operand(Operand),
    Plus(Operand, Operand),
    Minus(Operand, Operand),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UpdateAction {
    Set {
        path: Path,
        value: SetValue,
        span: Span,
    },
    Remove {
        path: Path,
        span: Span,
    },
    /// The value is always a `:value` placeholder (`Operand::Value`).
    Add {
        path: Path,
        value: Operand,
        span: Span,
    },
    Delete {
        path: Path,
        value: Operand,
        span: Span,
    },
}

impl UpdateAction {
    pub fn path(&self) -> &Path {
        match self {
            UpdateAction::Set { path, .. }
            | UpdateAction::Remove { path, .. }
            | UpdateAction::Add { path, .. }
            | UpdateAction::Delete { path, .. } => path,
        }
    }
    pub fn span(&self) -> Span {
        match self {
            UpdateAction::Set { span, .. }
            | UpdateAction::Remove { span, .. }
            | UpdateAction::Add { span, .. }
            | UpdateAction::Delete { span, .. } => *span,
        }
    }
}

/// A ProjectionExpression: comma-separated paths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Projection {
    pub paths: Vec<Path>,
}

#[cfg(test)]
mod tests {
    use super::Function;

    /// Every function is found by its own name and by no other spelling (case, length, a neighbour's letters).
    #[test]
    fn functions_are_found_by_their_exact_names() {
        for function in Function::ALL {
            assert_eq!(Function::from_name(function.name()), Some(function));
            let upper = function.name().to_uppercase();
            assert_eq!(Function::from_name(&upper), None);
            assert_eq!(Function::from_name(&function.name()[1..]), None);
        }
        for other in [
            "",
            "sizes",
            "list_appenD",
            "begins_witH",
            "bontains",
            "xttribute_exists",
        ] {
            assert_eq!(Function::from_name(other), None, "{other}");
        }
    }
}
