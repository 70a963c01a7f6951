//! A condition trace laid out flat: one vector of small node records, one of read records (each keeping its
//! value as a `TracedValue`, inline when short), and one byte buffer for the few texts that are not spans of
//! the expression (a `#name`'s substitution, a rendering). Recording a read is then a few stores, with no
//! allocation per node or per read (the buffer is allocated only when a text needs it), and dropping a trace
//! frees two or three buffers. Texts that are spans of the expression are not copied at all.
//!
//! Front ends read it through `nodes()` (or `node(i)`), which decode the records into the `ConditionNode` /
//! `ValueRead` shape; serde reads and writes exactly that shape, so saved traces keep their JSON.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use compact_str::CompactString;
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::traced_value::{encode_inline, encode_into, EncodedOut, InlineValue, TracedValue};
use super::{ConditionNode, NodeNote, ValueRead};
use crate::engine::expr::ast::Span;
use crate::engine::image::RawValue;
use crate::engine::messages::ExpressionKind;
use crate::engine::value::AttributeValue;

/// A condition as evaluated: its nodes in evaluation order (children before parents, root last; see the
/// module comment of `engine::trace`).
#[derive(Clone)]
pub struct ConditionTrace {
    pub kind: ExpressionKind,
    /// Shared with the parsed condition (no copy per evaluation); serialized as a plain string.
    pub expression: Arc<str>,
    pub result: bool,
    nodes: Vec<NodeRecord>,
    reads: Vec<ReadRecord>,
    /// Texts the records point into (UTF-8, see `push_text`).
    bytes: Vec<u8>,
}

/// Where a read's text is: a span of the expression, or a slice of the byte buffer (12 bytes).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Text {
    Expression(u32, u32),
    Buffer(u32, u32),
}

/// A node's label: the engine's fixed text, or (in a trace read back) a slice of the byte buffer.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Label {
    Static(&'static str),
    Buffer(Text),
}

/// One node, its reads a range of `ConditionTrace::reads`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct NodeRecord {
    pub id: usize,
    pub parent: Option<usize>,
    pub span: Span,
    pub label: Label,
    pub reads: (u32, u32),
    pub result: bool,
    pub note: Option<NodeNote>,
}

/// One read; `value` is what it found. `Copy`: dropping a trace frees its buffers and touches no record.
#[derive(Clone, Copy)]
pub(crate) struct ReadRecord {
    pub source: Text,
    pub resolved: Text,
    pub span: Span,
    pub value: StoredValue,
}

/// A read's value, as `TracedValue` encodes it: in place when short (nearly always), else a slice of the
/// trace's byte buffer.
#[derive(Clone, Copy)]
pub(crate) enum StoredValue {
    Absent,
    Inline(InlineValue),
    Buffer(u32, u32),
}

fn range((start, end): (u32, u32)) -> Range<usize> {
    start as usize..end as usize
}

/// Offsets into a buffer that the limits on items (400 KB) and expressions (4 KB) keep far below 4 GB; a
/// larger one (which cannot happen) saturates, and its text or value then reads as empty or damaged.
fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl ConditionTrace {
    /// An empty trace with room for `nodes` nodes and `reads` reads.
    #[inline]
    pub(crate) fn with_capacity(
        kind: ExpressionKind,
        expression: Arc<str>,
        nodes: usize,
        reads: usize,
    ) -> ConditionTrace {
        ConditionTrace {
            kind,
            expression,
            result: false,
            nodes: Vec::with_capacity(nodes),
            reads: Vec::with_capacity(reads),
            bytes: Vec::new(),
        }
    }

    /// Builds the flat form from decoded nodes (a deserialized trace, or one built by hand in a test).
    pub fn from_nodes(
        kind: ExpressionKind,
        expression: Arc<str>,
        nodes: Vec<ConditionNode>,
        result: bool,
    ) -> ConditionTrace {
        let reads = nodes.iter().map(|n| n.reads.len()).sum();
        let mut trace = ConditionTrace::with_capacity(kind, expression, nodes.len(), reads);
        trace.result = result;
        for node in nodes {
            let label = match node.label {
                Cow::Borrowed(label) => Label::Static(label),
                Cow::Owned(label) => Label::Buffer(trace.push_text(&label)),
            };
            let start = trace.reads_len();
            for read in &node.reads {
                let source = trace.push_text(&read.source);
                let resolved = trace.push_text(&read.resolved);
                let value = match &read.value {
                    None => StoredValue::Absent,
                    Some(value) => match value.as_inline() {
                        Some(inline) => StoredValue::Inline(inline),
                        None => trace.push_encoded(value.bytes()),
                    },
                };
                trace.reads.push(ReadRecord {
                    source,
                    resolved,
                    span: read.span,
                    value,
                });
            }
            let end = trace.reads_len();
            trace.nodes.push(NodeRecord {
                id: node.id,
                parent: node.parent,
                span: node.span,
                label,
                reads: (start, end),
                result: node.result,
                note: node.note,
            });
        }
        trace
    }

    /// How many nodes the trace has.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Node `i`, decoded.
    pub fn node(&self, i: usize) -> Option<ConditionNode> {
        self.nodes.get(i).map(|record| self.decode(record))
    }

    /// Every node, decoded, in evaluation order (the last is the root).
    pub fn nodes(&self) -> Vec<ConditionNode> {
        self.nodes
            .iter()
            .map(|record| self.decode(record))
            .collect()
    }

    fn decode(&self, record: &NodeRecord) -> ConditionNode {
        ConditionNode {
            id: record.id,
            parent: record.parent,
            span: record.span,
            label: match record.label {
                Label::Static(label) => Cow::Borrowed(label),
                Label::Buffer(text) => Cow::Owned(self.text(text).to_string()),
            },
            reads: self
                .reads_of(record)
                .iter()
                .map(|r| ValueRead {
                    source: CompactString::new(self.text(r.source)),
                    resolved: CompactString::new(self.text(r.resolved)),
                    span: r.span,
                    value: match r.value {
                        StoredValue::Absent => None,
                        StoredValue::Inline(inline) => Some(TracedValue::from_inline(inline)),
                        StoredValue::Buffer(..) => {
                            Some(TracedValue::from_encoded(self.encoded(r.value)))
                        }
                    },
                })
                .collect(),
            result: record.result,
            note: record.note,
        }
    }

    fn reads_of(&self, record: &NodeRecord) -> &[ReadRecord] {
        self.reads.get(range(record.reads)).unwrap_or(&[])
    }

    /// A text's contents (empty if it does not fit, which a trace built here never does).
    fn text(&self, text: Text) -> &str {
        match text {
            Text::Expression(start, end) => self.expression.get(range((start, end))).unwrap_or(""),
            Text::Buffer(start, end) => self
                .bytes
                .get(range((start, end)))
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or(""),
        }
    }

    /// The encoding of a value stored in the buffer (empty for any other).
    fn encoded(&self, value: StoredValue) -> &[u8] {
        match value {
            // An inline encoding is read from the record itself (`InlineValue::bytes`).
            StoredValue::Absent | StoredValue::Inline(_) => &[],
            StoredValue::Buffer(start, end) => self.bytes.get(range((start, end))).unwrap_or(&[]),
        }
    }

    // -- Recording (the evaluator) --

    /// Copies an encoding into the buffer.
    fn push_encoded(&mut self, encoded: &[u8]) -> StoredValue {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(encoded);
        StoredValue::Buffer(offset(start), offset(self.bytes.len()))
    }

    /// `value`, encoded as a read records it (`store_in_last` writes it into a recorded read in place).
    #[inline]
    pub(crate) fn store_value(&mut self, value: &AttributeValue) -> StoredValue {
        let mut inline = InlineValue::EMPTY;
        if encode_inline(value, &mut inline) {
            return StoredValue::Inline(inline);
        }
        self.store_long(value)
    }

    fn store_long(&mut self, value: &AttributeValue) -> StoredValue {
        let start = self.bytes.len();
        encode_into(&mut self.bytes, value);
        StoredValue::Buffer(offset(start), offset(self.bytes.len()))
    }

    /// Records a read whose value is `value` (`None`: absent), encoding the value straight into the record.
    #[inline(always)]
    pub(crate) fn push_read_of(
        &mut self,
        source: Text,
        resolved: Text,
        span: Span,
        value: Option<&AttributeValue>,
    ) {
        let Some(value) = value else {
            self.reads.push(ReadRecord {
                source,
                resolved,
                span,
                value: StoredValue::Absent,
            });
            return;
        };
        self.reads.push(ReadRecord {
            source,
            resolved,
            span,
            value: StoredValue::Inline(InlineValue::EMPTY),
        });
        let fitted = match self.reads.last_mut() {
            Some(ReadRecord {
                value: StoredValue::Inline(slot),
                ..
            }) => encode_inline(value, slot),
            _ => false,
        };
        if !fitted {
            let stored = self.store_long(value);
            if let Some(read) = self.reads.last_mut() {
                read.value = stored;
            }
        }
    }

    /// A value still encoded in a stored image, as `TracedValue::from_raw` keeps it (`Absent` only for bytes
    /// the image codec cannot have written, as there).
    pub(crate) fn store_raw(&mut self, raw: RawValue<'_>) -> StoredValue {
        if raw.is_document() {
            return match raw.decode() {
                Some(value) => self.store_value(&value),
                None => StoredValue::Absent,
            };
        }
        match InlineValue::from_slice(raw.bytes()) {
            Some(inline) => StoredValue::Inline(inline),
            None => self.push_encoded(raw.bytes()),
        }
    }

    #[inline]
    pub(crate) fn reads_len(&self) -> u32 {
        offset(self.reads.len())
    }

    /// Copies `text` into the buffer.
    #[inline]
    pub(crate) fn push_text(&mut self, text: &str) -> Text {
        if self.bytes.capacity() == 0 {
            // Room for a few names at once.
            self.bytes.reserve(text.len().max(48));
        }
        let start = self.bytes.len();
        self.bytes.extend_from_slice(text.as_bytes());
        Text::Buffer(offset(start), offset(self.bytes.len()))
    }

    /// `name`, as the span `start..end` of the expression when the expression has exactly its bytes there
    /// (a parsed operand's name always does: no copy), else copied.
    #[inline(always)]
    pub(crate) fn name_text(&mut self, start: usize, end: usize, name: &str) -> Text {
        match self.expression.as_bytes().get(start..end) {
            Some(here) if same_bytes(here, name.as_bytes()) => {
                Text::Expression(offset(start), offset(end))
            }
            _ => self.push_text(name),
        }
    }

    /// The span `start..end` of the expression, if it is a non-empty slice of it on character boundaries.
    #[inline]
    pub(crate) fn expression_text(&self, start: usize, end: usize) -> Option<Text> {
        (start < end && self.expression.get(start..end).is_some())
            .then(|| Text::Expression(offset(start), offset(end)))
    }

    #[inline]
    pub(crate) fn push_read(&mut self, read: ReadRecord) {
        self.reads.push(read);
    }

    #[inline]
    pub(crate) fn push_node(&mut self, node: NodeRecord) {
        self.nodes.push(node);
    }

    /// Makes node `child` a child of `parent` and gives its result. A child that is not an earlier node (a
    /// tree built wrong by hand) is adopted by nobody and counts as false.
    #[inline(always)]
    pub(crate) fn adopt(&mut self, child: usize, parent: usize) -> bool {
        if child >= parent {
            return false;
        }
        match self.nodes.get_mut(child) {
            Some(node) => {
                node.parent = Some(parent);
                node.result
            }
            None => false,
        }
    }

    #[inline]
    pub(crate) fn last_result(&self) -> bool {
        self.nodes.last().is_some_and(|n| n.result)
    }
}

/// Byte equality, with names of up to 16 bytes (nearly all) compared in place as two overlapping words or
/// bytewise: cheaper than the library call `==` makes.
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if a.len() > 16 {
        return a == b;
    }
    if let (Some(a0), Some(b0), Some(a1), Some(b1)) = (
        a.first_chunk::<8>(),
        b.first_chunk::<8>(),
        a.last_chunk::<8>(),
        b.last_chunk::<8>(),
    ) {
        return a0 == b0 && a1 == b1;
    }
    if let (Some(a0), Some(b0), Some(a1), Some(b1)) = (
        a.first_chunk::<4>(),
        b.first_chunk::<4>(),
        a.last_chunk::<4>(),
        b.last_chunk::<4>(),
    ) {
        return a0 == b0 && a1 == b1;
    }
    a.iter().zip(b).all(|(x, y)| x == y)
}

impl PartialEq for ConditionTrace {
    /// Equal when they decode equal (the same read may be stored as a span of the expression in one and
    /// copied in the other).
    fn eq(&self, other: &ConditionTrace) -> bool {
        self.kind == other.kind
            && self.expression == other.expression
            && self.result == other.result
            && self.nodes.len() == other.nodes.len()
            && self.nodes() == other.nodes()
    }
}

impl Eq for ConditionTrace {}

impl fmt::Debug for ConditionTrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConditionTrace")
            .field("kind", &self.kind)
            .field("expression", &self.expression)
            .field("nodes", &self.nodes())
            .field("result", &self.result)
            .finish()
    }
}

// -- Serialized exactly as the struct of decoded nodes it was before: {kind, expression, nodes, result}. --

impl Serialize for ConditionTrace {
    fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        let mut s = serializer.serialize_struct("ConditionTrace", 4)?;
        s.serialize_field("kind", &self.kind)?;
        s.serialize_field("expression", &*self.expression)?;
        s.serialize_field("nodes", &NodesOut(self))?;
        s.serialize_field("result", &self.result)?;
        s.end()
    }
}

struct NodesOut<'a>(&'a ConditionTrace);

impl Serialize for NodesOut<'_> {
    fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        let trace = self.0;
        let mut seq = serializer.serialize_seq(Some(trace.nodes.len()))?;
        for node in &trace.nodes {
            seq.serialize_element(&NodeOut {
                id: node.id,
                parent: node.parent,
                span: node.span,
                label: match node.label {
                    Label::Static(label) => label,
                    Label::Buffer(text) => trace.text(text),
                },
                reads: ReadsOut(trace, trace.reads_of(node)),
                result: node.result,
                note: node.note,
            })?;
        }
        seq.end()
    }
}

/// `ConditionNode`'s fields, in its order.
#[derive(Serialize)]
#[serde(rename = "ConditionNode")]
struct NodeOut<'a> {
    id: usize,
    parent: Option<usize>,
    span: Span,
    label: &'a str,
    reads: ReadsOut<'a>,
    result: bool,
    note: Option<NodeNote>,
}

struct ReadsOut<'a>(&'a ConditionTrace, &'a [ReadRecord]);

impl Serialize for ReadsOut<'_> {
    fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        let trace = self.0;
        let mut seq = serializer.serialize_seq(Some(self.1.len()))?;
        for read in self.1 {
            seq.serialize_element(&ReadOut {
                source: trace.text(read.source),
                resolved: trace.text(read.resolved),
                span: read.span,
                value: match &read.value {
                    StoredValue::Absent => None,
                    StoredValue::Inline(inline) => Some(EncodedOut(inline.bytes())),
                    StoredValue::Buffer(..) => Some(EncodedOut(trace.encoded(read.value))),
                },
            })?;
        }
        seq.end()
    }
}

/// `ValueRead`'s fields, in its order.
#[derive(Serialize)]
#[serde(rename = "ValueRead")]
struct ReadOut<'a> {
    source: &'a str,
    resolved: &'a str,
    span: Span,
    value: Option<EncodedOut<'a>>,
}

/// The decoded shape, as saved.
#[derive(Deserialize)]
#[serde(rename = "ConditionTrace")]
struct Saved {
    kind: ExpressionKind,
    expression: Arc<str>,
    nodes: Vec<ConditionNode>,
    result: bool,
}

impl<'de> Deserialize<'de> for ConditionTrace {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ConditionTrace, D::Error> {
        let saved = Saved::deserialize(deserializer)?;
        Ok(ConditionTrace::from_nodes(
            saved.kind,
            saved.expression,
            saved.nodes,
            saved.result,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::expr::{evaluate_condition, parse_condition, ExpressionAttributes};
    use crate::engine::item::Item;
    use crate::engine::number::Number;
    use crate::engine::value::AttributeValue;

    /// The flat trace serializes exactly as the struct of decoded nodes it replaced (the shape saved sessions
    /// hold): reads of paths, `#names`, `:values`, `size()`, nested paths, absent values, long texts and
    /// values; and reads back equal.
    #[test]
    fn serializes_as_the_decoded_nodes() {
        #[derive(Serialize)]
        struct Before<'a> {
            kind: ExpressionKind,
            expression: &'a str,
            nodes: Vec<ConditionNode>,
            result: bool,
        }
        let long = "an_attribute_name_well_past_thirty_bytes";
        let text = format!(
            "(#a = :v OR size(m.l) > :n) AND NOT {long} IN (:v, :n) AND m.l[1] = :v AND Absentee <> :n"
        );
        let mut attrs = ExpressionAttributes::default();
        attrs.names.insert("#a".into(), "Author".into());
        attrs
            .values
            .insert(":v".into(), AttributeValue::S("x".repeat(40)));
        attrs
            .values
            .insert(":n".into(), AttributeValue::N(Number::from_u64(2)));
        let mut item = Item::new();
        item.insert("Author".into(), AttributeValue::S("Herbert".into()));
        item.insert(long.into(), AttributeValue::S("y".repeat(50)));
        let mut m = std::collections::BTreeMap::new();
        m.insert(
            "l".to_string(),
            AttributeValue::L(vec![
                AttributeValue::Null,
                AttributeValue::S("x".repeat(40)),
            ]),
        );
        item.insert("m".into(), AttributeValue::M(m));
        let kind = ExpressionKind::ConditionExpression;
        let cond = parse_condition(&text, kind, &attrs).expect("parses");
        let trace = evaluate_condition(&cond, &text, kind, Some(&item), &attrs);
        let before = Before {
            kind,
            expression: &text,
            nodes: trace.nodes(),
            result: trace.result,
        };
        let json = serde_json::to_string(&trace).expect("serializes");
        assert_eq!(json, serde_json::to_string(&before).expect("serializes"));
        assert!(json.contains(r#""resolved":"Author""#), "{json}");
        assert!(json.contains(r#""source":"size(m.l)""#), "{json}");
        assert!(json.contains(r#""value":null"#), "{json}");
        let back: ConditionTrace = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, trace);
        assert_eq!(serde_json::to_string(&back).expect("serializes"), json);
        assert_eq!(trace.len(), trace.nodes().len());
        assert_eq!(trace.node(trace.len()), None);
    }

    /// Every length class (bytewise, one word, two overlapping words, longer) agrees with `==`.
    #[test]
    fn same_bytes_is_equality() {
        let texts = [
            "",
            "a",
            "b",
            "ab",
            "abc",
            "abd",
            "abcd",
            "abce",
            "xbcd",
            "abcdefg",
            "abcdefh",
            "bbcdefg",
            "abcdefgh",
            "abcdefghijklmnop",
            "abcdefghijklmnoq",
            "bbcdefghijklmnop",
            "abcdefghXjklmnop",
            "abcdefghijklmnopq",
            "abcdefghijklmnopr",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(same_bytes(a.as_bytes(), b.as_bytes()), a == b, "{a} {b}");
            }
        }
    }
}
