//! Building and reading a flat `Condition` (ast.rs holds the types): leaves added with their operands, the
//! borrowed `NodeView` of a node, and conditions joined by appending one's nodes and operands after another's.

use super::ast::*;

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
