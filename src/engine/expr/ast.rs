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
    /// Case-sensitive lookup; `ATTRIBUTE_EXISTS` is not a function.
    pub fn from_name(name: &str) -> Option<Function> {
        Some(match name {
            "attribute_exists" => Function::AttributeExists,
            "attribute_not_exists" => Function::AttributeNotExists,
            "attribute_type" => Function::AttributeType,
            "begins_with" => Function::BeginsWith,
            "contains" => Function::Contains,
            "size" => Function::Size,
            "if_not_exists" => Function::IfNotExists,
            "list_append" => Function::ListAppend,
            _ => return None,
        })
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

/// What a leaf's operand reads as when its position is not in the vector (a tree built wrong by hand): an
/// undefined `:value`, which reads as absent.
static MISSING_OPERAND: Operand = Operand::Value {
    name: Name::const_new(""),
    span: Span { start: 0, end: 0 },
};

/// What a function node's call reads as when its operand is not a call (a tree built wrong by hand).
static MISSING_CALL: FunctionCall = FunctionCall {
    function: Function::AttributeExists,
    args: Vec::new(),
    span: Span { start: 0, end: 0 },
};

impl ConditionKind {
    /// Whether the node combines other nodes (NOT, AND, OR) rather than testing operands.
    pub fn is_composite(&self) -> bool {
        matches!(
            self,
            ConditionKind::Not(_) | ConditionKind::And(..) | ConditionKind::Or(..)
        )
    }
}

impl NodeView<'_> {
    /// Whether the node combines other nodes (NOT, AND, OR) rather than testing operands.
    pub fn is_composite(&self) -> bool {
        matches!(
            self,
            NodeView::Not(_) | NodeView::And(..) | NodeView::Or(..)
        )
    }
}

/// `id` as an operand position (a vector of operands from a text of at most 4 KB never reaches the bound).
fn operand_id(index: usize) -> OperandId {
    OperandId::try_from(index).unwrap_or(OperandId::MAX)
}

impl Condition {
    /// A condition of one comparison or function.
    pub fn leaf(leaf: Leaf, span: Span) -> Condition {
        let mut condition = Condition::default();
        let kind = condition.push_leaf(leaf);
        condition.nodes.push(Node { kind, span });
        condition
    }

    /// Appends a leaf's operands, in the order written, and gives the node that refers to them.
    pub fn push_leaf(&mut self, leaf: Leaf) -> ConditionKind {
        match leaf {
            Leaf::Compare { op, left, right } => ConditionKind::Compare {
                op,
                left: self.push_operand(left),
                right: self.push_operand(right),
            },
            Leaf::Between {
                operand,
                lower,
                upper,
            } => ConditionKind::Between {
                operand: self.push_operand(operand),
                lower: self.push_operand(lower),
                upper: self.push_operand(upper),
            },
            Leaf::In { operand, list } => {
                let operand = self.push_operand(operand);
                let start = operand_id(self.operands.len());
                let len = operand_id(list.len());
                self.operands.extend(list);
                ConditionKind::In {
                    operand,
                    list: OperandRange { start, len },
                }
            }
            Leaf::Function(call) => {
                ConditionKind::Function(self.push_operand(Operand::Function(call)))
            }
        }
    }

    /// Appends one operand and gives its position.
    #[inline]
    pub fn push_operand(&mut self, operand: Operand) -> OperandId {
        self.operands.push(operand);
        operand_id(self.operands.len() - 1)
    }

    /// `NOT inner`.
    pub fn not(mut inner: Condition, span: Span) -> Condition {
        let child = inner.root_id();
        inner.nodes.push(Node {
            kind: ConditionKind::Not(child),
            span,
        });
        inner
    }

    /// `left AND right`.
    pub fn and(left: Condition, right: Condition, span: Span) -> Condition {
        Condition::join(left, right, span, ConditionKind::And)
    }

    /// `left OR right`.
    pub fn or(left: Condition, right: Condition, span: Span) -> Condition {
        Condition::join(left, right, span, ConditionKind::Or)
    }

    fn join(
        mut left: Condition,
        right: Condition,
        span: Span,
        make: fn(NodeId, NodeId) -> ConditionKind,
    ) -> Condition {
        let left_root = left.root_id();
        let offset = left.nodes.len();
        let operand_offset = operand_id(left.operands.len());
        left.nodes.extend(right.nodes.into_iter().map(|mut node| {
            node.kind.shift(offset, operand_offset);
            node
        }));
        left.operands.extend(right.operands);
        let right_root = left.root_id();
        left.nodes.push(Node {
            kind: make(left_root, right_root),
            span,
        });
        left
    }

    /// The root's position (the last node; 0 for an empty condition, which no parse produces).
    pub fn root_id(&self) -> NodeId {
        self.nodes.len().saturating_sub(1)
    }

    /// The root node; `None` only for an empty condition, which no parse produces.
    pub fn root(&self) -> Option<&Node> {
        self.nodes.last()
    }

    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id)
    }

    /// The operand at `id` (an undefined `:value` if there is none: see `MISSING_OPERAND`).
    #[inline]
    pub fn operand(&self, id: OperandId) -> &Operand {
        self.operands.get(id as usize).unwrap_or(&MISSING_OPERAND)
    }

    /// The operands of an IN list (none if the range is not in the vector).
    pub fn operand_list(&self, range: OperandRange) -> &[Operand] {
        let start = range.start as usize;
        self.operands
            .get(start..start.saturating_add(range.len as usize))
            .unwrap_or_default()
    }

    /// The call of a function node.
    pub fn call(&self, id: OperandId) -> &FunctionCall {
        match self.operands.get(id as usize) {
            Some(Operand::Function(call)) => call,
            _ => &MISSING_CALL,
        }
    }

    /// The node with its operands.
    #[inline]
    pub fn view<'a>(&'a self, node: &'a Node) -> NodeView<'a> {
        match &node.kind {
            ConditionKind::Compare { op, left, right } => NodeView::Compare {
                op,
                left: self.operand(*left),
                right: self.operand(*right),
            },
            ConditionKind::Between {
                operand,
                lower,
                upper,
            } => NodeView::Between {
                operand: self.operand(*operand),
                lower: self.operand(*lower),
                upper: self.operand(*upper),
            },
            ConditionKind::In { operand, list } => NodeView::In {
                operand: self.operand(*operand),
                list: self.operand_list(*list),
            },
            ConditionKind::Function(call) => NodeView::Function(self.call(*call)),
            ConditionKind::Not(child) => NodeView::Not(child),
            ConditionKind::And(left, right) => NodeView::And(left, right),
            ConditionKind::Or(left, right) => NodeView::Or(left, right),
        }
    }

    /// The whole condition's text.
    pub fn span(&self) -> Span {
        self.root().map_or(Span::default(), |node| node.span)
    }
}

impl ConditionKind {
    /// Moves child references by `offset` and operand references by `operands` (for appending one condition's
    /// nodes and operands after another's).
    fn shift(&mut self, offset: NodeId, operands: OperandId) {
        let by = |id: &mut OperandId| *id = id.saturating_add(operands);
        match self {
            ConditionKind::Not(child) => *child += offset,
            ConditionKind::And(left, right) | ConditionKind::Or(left, right) => {
                *left += offset;
                *right += offset;
            }
            ConditionKind::Compare { left, right, .. } => {
                by(left);
                by(right);
            }
            ConditionKind::Between {
                operand,
                lower,
                upper,
            } => {
                by(operand);
                by(lower);
                by(upper);
            }
            ConditionKind::In { operand, list } => {
                by(operand);
                by(&mut list.start);
            }
            ConditionKind::Function(call) => by(call),
        }
    }
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
