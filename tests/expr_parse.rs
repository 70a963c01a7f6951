//! Expression parsing and static checks, one row per fact: (language, expression, names, values) -> OK or
//! DynamoDB's exact message. Languages: C = ConditionExpression, F = FilterExpression, K =
//! KeyConditionExpression, U = UpdateExpression, P = ProjectionExpression. Names are written `#a=x #b=y`,
//! values `:v=S:text :n=N:1 :l=L ...` (see `value`).

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{attrs, outcome};
use txlab::engine::expr::{self, ast::Span};
use txlab::engine::messages::ExpressionKind;
use txlab::engine::ErrorType;

#[rustfmt::skip]
const ROWS: &[(&str, &str, &str, &str, &str)] = &[
    // ---- §3.1 grammar: what is and is not a condition
    ("C", "a < b", "", "", "OK"),
    ("C", "size(a)", "", "", "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size"),
    ("C", "size(a) AND a < b", "", "", "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size"),
    ("C", "NOT size(a)", "", "", "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size"),
    ("C", "attribute_exists(a) < :val", "", ":val=S:x", "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: attribute_exists"),
    ("C", "a between b and attribute_exists(x)", "", "", "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: attribute_exists"),
    ("C", "a in (b, attribute_exists(x))", "", "", "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: attribute_exists"),
    ("C", "a", "", "", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"a\""),
    ("C", ":val", "", ":val=S:x", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \":val\""),
    ("C", "NOT a", "", "", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"a\""),
    ("C", "a AND :val", "", ":val=S:x", "Invalid ConditionExpression: Syntax error; token: \"AND\", near: \"a AND :val\""),
    ("C", "ATTRIBUTE_EXISTS(a)", "", "", "Invalid ConditionExpression: Invalid function name; function: ATTRIBUTE_EXISTS"),
    ("C", "attRIbute_exIsts(a)", "", "", "Invalid ConditionExpression: Invalid function name; function: attRIbute_exIsts"),
    ("C", "a < f(f(b))", "", "", "Invalid ConditionExpression: Invalid function name; function: f"),
    ("C", "if_not_exists(a, b) = :v", "", ":v=S:x", "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: if_not_exists"),
    ("C", "list_append(a, b) = :v", "", ":v=S:x", "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: list_append"),
    ("C", "if_not_exists(a, b)", "", "", "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: if_not_exists"),
    ("C", "a < b aNd c < d oR nOt a < c", "", "", "OK"),
    ("C", "b bEtWeEn :lo AnD :hi", "", ":lo=S:a :hi=S:b", "OK"),
    ("C", "a In (b, c)", "", "", "OK"),
    ("C", "NOT NOT NOT NOT a < b", "", "", "OK"),
    ("C", "a IN ()", "", "", "Invalid ConditionExpression: Syntax error; token: \")\", near: \"()\""),
    ("C", "a > 4", "", "", "Invalid ConditionExpression: Syntax error; token: \"4\", near: \"> 4\""),
    ("C", "attribute_exists(\"a.b\")", "", "", "Invalid ConditionExpression: Syntax error; token: \"\"\", near: \"(\"a\""),
    ("C", "(a)between(b)and(c)", "", "", "OK"),
    ("C", "(a) = b", "", "", "OK"),
    ("C", "(a < b) = c", "", "", "Invalid ConditionExpression: Syntax error; token: \"=\", near: \") = c\""),
    ("C", "a = (b < c)", "", "", "Invalid ConditionExpression: Syntax error; token: \"<\", near: \"b < c\""),
    ("C", "attribute_exists()", "", "", "Invalid ConditionExpression: Syntax error; token: \")\", near: \"()\""),
    // dynalite's syntax-error list (spec §3.1); FilterExpression shares the grammar
    ("F", "a in b, c", "", "", "Invalid FilterExpression: Syntax error; token: \"b\", near: \"in b,\""),
    ("F", "a in (b,c,)", "", "", "Invalid FilterExpression: Syntax error; token: \")\", near: \",)\""),
    ("F", "a > between", "", "", "Invalid FilterExpression: Syntax error; token: \"between\", near: \"> between\""),
    ("F", "#$.b > a", "", "", "Invalid FilterExpression: Syntax error; token: \"#\", near: \"#$\""),
    ("F", "a > :things.stuff", "", ":things=S:x", "Invalid FilterExpression: Syntax error; token: \".\", near: \":things.stuff\""),
    ("F", "b[:a] > a", "", ":a=S:x", "Invalid FilterExpression: Syntax error; token: \":a\", near: \"[:a]\""),
    ("F", "b[#_] > a", "#_=x", "", "Invalid FilterExpression: Syntax error; token: \"#_\", near: \"[#_]\""),
    ("F", "ü > a", "", "", "Invalid FilterExpression: Syntax error; token: \"ü\", near: \"ü >\""),
    ("F", "size(a).b > a", "", "", "Invalid FilterExpression: Syntax error; token: \".\", near: \").b\""),
    ("F", "size(a)[0] > a", "", "", "Invalid FilterExpression: Syntax error; token: \"[\", near: \")[0\""),
    ("F", "(a)between(b.c[4.5].#d)and(:a)", "#d=d", ":a=S:x", "Invalid FilterExpression: Syntax error; token: \".\", near: \"4.5\""),
    ("F", "attribute_exists(Pictures-RearView)", "", "", "Invalid FilterExpression: Syntax error; token: \"-\", near: \"Pictures-RearView\""),
    ("F", "attribute_exists(Pictures..RearView)", "", "", "Invalid FilterExpression: Syntax error; token: \".\", near: \"..RearView\""),
    ("F", "things are not gonna be ok", "", "", "Invalid FilterExpression: Syntax error; token: \"are\", near: \"things are not\""),
    ("K", "(size(a))[0] > a", "", "", "Invalid KeyConditionExpression: Syntax error; token: \"[\", near: \")[0\""),
    // ---- §3.2 precedence (tree shapes are checked in tests/expr_print.rs)
    ("C", "a < b OR c < b AND b < c", "", "", "OK"),
    ("C", "b BETWEEN a AND c AND a < b", "", "", "OK"),
    // ---- §3.3 redundant parentheses
    ("C", "((p <> :p))", "", ":p=S:x", "Invalid ConditionExpression: The expression has redundant parentheses;"),
    ("C", "((attribute_not_exists(pk)))", "", "", "Invalid ConditionExpression: The expression has redundant parentheses;"),
    ("C", "a > ((views))", "", "", "Invalid ConditionExpression: The expression has redundant parentheses;"),
    ("C", "a=a AND ((a=a AND a=a)) AND a=a", "", "", "Invalid ConditionExpression: The expression has redundant parentheses;"),
    ("C", "((a)) = b", "", "", "Invalid ConditionExpression: The expression has redundant parentheses;"),
    ("C", "(a) = b AND ((c)) < d", "", "", "Invalid ConditionExpression: The expression has redundant parentheses;"),
    ("C", "NOT ((a < b))", "", "", "Invalid ConditionExpression: The expression has redundant parentheses;"),
    ("C", "(p <> :p)", "", ":p=S:x", "OK"),
    ("C", "((p <> :p) and p <> :p)", "", ":p=S:x", "OK"),
    ("C", "(a < b OR b < a) AND (b < c AND (a < b OR b < c))", "", "", "OK"),
    ("C", "(attribute_not_exists(pk)) AND (attribute_not_exists(#s))", "#s=s", "", "OK"),
    ("C", "(#s = :cur AND #sc > :min)", "#s=s #sc=sc", ":cur=S:a :min=S:b", "OK"),
    ("C", "size((a)) > b", "", "", "OK"),
    // ---- §3.5 comparisons
    ("C", "a = a", "", "", "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]"),
    ("C", "a <> a", "", "", "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: <>, first operand: [a]"),
    ("C", "a > a", "", "", "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: >, first operand: [a]"),
    ("C", "#a = a", "#a=a", "", "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]"),
    ("C", "a.b[1] = #a.b[1]", "#a=a", "", "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a, b, [1]]"),
    ("C", ":a > :a", "", ":a=S:x", "OK"),
    ("C", "a = :l", "", ":l=L", "OK"),
    ("C", "a < :l", "", ":l=L", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: L"),
    ("C", "a <= :m", "", ":m=M", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <=, operand type: M"),
    ("C", "a > :ss", "", ":ss=SS", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: >, operand type: SS"),
    ("C", "a >= :bs", "", ":bs=BS", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: >=, operand type: BS"),
    ("C", "a < :t", "", ":t=BOOL", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: BOOL"),
    ("C", "a < :z", "", ":z=NULL", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: NULL"),
    ("C", "a < :b", "", ":b=B", "OK"),
    ("K", "sk < :t", "", ":t=BOOL", "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: BOOL"),
    ("K", ":t >= sk", "", ":t=BOOL", "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: >=, operand type: BOOL"),
    ("K", "sk BETWEEN :t AND :u", "", ":t=BOOL :u=BOOL", "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: BOOL"),
    ("C", "a BETWEEN :lo AND :hi", "", ":lo=S:b :hi=S:a", "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {S:b}, upper bound operand: AttributeValue: {S:a}"),
    ("C", "a BETWEEN :lo AND :hi", "", ":lo=S:a :hi=S:a", "OK"),
    ("C", "a BETWEEN :lo AND :hi", "", ":lo=N:1 :hi=S:a", "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}"),
    ("C", "a BETWEEN :lo AND :hi", "", ":lo=N:10 :hi=N:9", "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:10}, upper bound operand: AttributeValue: {N:9}"),
    ("C", "a BETWEEN :lo AND :hi", "", ":lo=N:1e3 :hi=N:1000", "OK"),
    ("C", "a BETWEEN :lo AND :hi", "", ":lo=N:9 :hi=N:10", "OK"),
    ("C", "a BETWEEN :lo AND :hi", "", ":lo=B :hi=B", "OK"),
    ("C", "a BETWEEN :lo AND :hi", "", ":lo=BOOL :hi=N:1", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: BOOL"),
    ("C", ":l BETWEEN a AND b", "", ":l=L", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: L"),
    ("C", "a BETWEEN b AND :hi", "", ":hi=S:a", "OK"),
    ("C", "a IN (:x, :y)", "", ":x=S:1 :y=B", "OK"),
    // ---- §3.6 functions
    ("C", "attribute_exists(:val)", "", ":val=S:x", "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists"),
    ("C", "attribute_not_exists(:val)", "", ":val=S:x", "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_not_exists"),
    ("F", "attribute_exists(a, b)", "", "", "Invalid FilterExpression: Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"),
    ("C", "attribute_type(a, :t)", "", ":t=S:DOG", "Invalid ConditionExpression: Invalid attribute type name found; type: DOG, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"),
    ("C", "attribute_type(a, :t)", "", ":t=S:BOOL", "OK"),
    ("C", "attribute_type(:val, :t)", "", ":val=S:x :t=S:S", "OK"),
    ("C", "attribute_type(a, :t)", "", ":t=B", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: B"),
    ("C", "attribute_type(a, b)", "", "", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}"),
    ("C", "begins_with(a, :s)", "", ":s=S:x", "OK"),
    ("C", "begins_with(:s, a)", "", ":s=S:x", "OK"),
    ("C", "begins_with(a, b)", "", "", "OK"),
    ("C", "begins_with(a, :b)", "", ":b=B", "OK"),
    ("C", "begins_with(a, :l)", "", ":l=L", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: L"),
    ("C", "begins_with(a, size(b))", "", "", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
    ("C", "contains(a, a)", "", "", "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [a]"),
    ("C", "contains(#d, #d)", "#d=data", "", "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [data]"),
    ("C", "contains(#d, #e)", "#d=data #e=data", "", "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [data]"),
    ("C", "contains(a, :set)", "", ":set=SS", "OK"),
    ("C", "contains(:x, c) > b", "", ":x=S:x", "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: contains"),
    ("C", "size(contains(a, b)) > c", "", "", "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: contains"),
    ("C", "size(a) > :v", "", ":v=S:x", "OK"),
    ("C", "size(:v) > a", "", ":v=S:x", "OK"),
    ("C", "size(:v) > a", "", ":v=L", "OK"),
    ("C", "size(:n) > a", "", ":n=N:3", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: size, operand type: N"),
    ("C", "size(:z) > a", "", ":z=NULL", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: size, operand type: NULL"),
    ("C", "size(:t) > a", "", ":t=BOOL", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: size, operand type: BOOL"),
    ("C", "size(size(a)) > b", "", "", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: size, operand type: N"),
    ("C", "size(a, a) > b", "", "", "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: size, number of operands: 2"),
    // ---- §3.7 names, placeholders, reserved words
    ("U", "SET _123 = :v", "", ":v=S:x", "Invalid UpdateExpression: Syntax error; token: \"_\", near: \"SET _123\""),
    ("C", "_abc = :v", "", ":v=S:x", "Invalid ConditionExpression: Syntax error; token: \"_\", near: \"_abc\""),
    ("C", "123a = :v", "", ":v=S:x", "Invalid ConditionExpression: Syntax error; token: \"123\", near: \"123a\""),
    ("C", "hi-there = :v", "", ":v=S:x", "Invalid ConditionExpression: Syntax error; token: \"-\", near: \"hi-there\""),
    ("C", "hi$there = :v", "", ":v=S:x", "Invalid ConditionExpression: Syntax error; token: \"$\", near: \"hi$there\""),
    ("C", "\"quoted\" = :v", "", ":v=S:x", "Invalid ConditionExpression: Syntax error; token: \"\"\", near: \"\"quoted\""),
    ("C", "!x = :v", "", ":v=S:x", "Invalid ConditionExpression: Syntax error; token: \"!\", near: \"!x\""),
    ("C", "#123 = #_ AND #Alpha_1 = :v", "#123=a #_=b #Alpha_1=c", ":v=S:x", "OK"),
    ("C", "# = :v", "", ":v=S:x", "Invalid ConditionExpression: Syntax error; token: \"#\", near: \"# =\""),
    ("C", "#hi-there = :v", "#hi=a", ":v=S:x", "Invalid ConditionExpression: Syntax error; token: \"-\", near: \"#hi-there\""),
    ("C", "#!hi = :v", "", ":v=S:x", "Invalid ConditionExpression: Syntax error; token: \"#\", near: \"#!\""),
    ("C", "#xyz = :v", "", ":v=S:x", "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #xyz"),
    ("C", "a = :v", "", "", "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v"),
    ("C", "a = :v AND #n = b", "", "", "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v"),
    ("C", "abOrT = :v", "", ":v=S:x", "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: abOrT"),
    ("C", "a.b.Name = :v", "", ":v=S:x", "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Name"),
    ("C", "size = :v", "", ":v=S:x", "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: size"),
    ("C", "#size = :v AND contains(a, :v) AND begins_with(a, :v)", "#size=size", ":v=S:x", "OK"),
    ("C", "attribute_exists(a) AND attribute_not_exists(b) AND attribute_type(c, :t)", "", ":t=S:S", "OK"),
    // precedence between kinds of error (spec §3.7, dynalite's order)
    ("C", "((a = a)) AND f(b) = c", "", "", "Invalid ConditionExpression: The expression has redundant parentheses;"),
    ("C", "size(a) AND f(b) = c", "", "", "Invalid ConditionExpression: Invalid function name; function: f"),
    ("C", "abort = :v AND size(a)", "", ":v=S:x", "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size"),
    ("C", "#u = a AND abort = b", "", "", "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: abort"),
    ("C", "a = a AND #u = b", "", "", "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]"),
    ("C", "size(a, b) = #u", "", "", "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #u"),
    ("C", "contains(a, a, a)", "", "", "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: contains, number of operands: 3"),
    ("C", "a < :l AND #u = b", "", ":l=L", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: L"),
    ("C", "a > ((b)) AND c < d d", "", "", "Invalid ConditionExpression: Syntax error; token: \"d\", near: \"d d\""),
    // ---- §3.8 document paths
    ("P", "a[-1]", "", "", "Invalid ProjectionExpression: Syntax error; token: \"-\", near: \"[-1\""),
    ("P", "a[0.4]", "", "", "Invalid ProjectionExpression: Syntax error; token: \".\", near: \"0.4\""),
    ("P", "a[]", "", "", "Invalid ProjectionExpression: Syntax error; token: \"]\", near: \"[]\""),
    ("P", "a[:x]", "", "", "Invalid ProjectionExpression: Syntax error; token: \":x\", near: \"[:x]\""),
    ("P", "a[#x]", "#x=x", "", "Invalid ProjectionExpression: Syntax error; token: \"#x\", near: \"[#x]\""),
    ("U", "SET a[:xyz] = :v", "", ":v=S:x :xyz=S:1", "Invalid UpdateExpression: Syntax error; token: \":xyz\", near: \"[:xyz]\""),
    ("P", "a[99999999999999]", "", "", "Invalid ProjectionExpression: List index is not within the allowable range; index: [99999999999999]"),
    ("P", "a[4294967295]", "", "", "Invalid ProjectionExpression: List index is not within the allowable range; index: [4294967295]"),
    ("P", "a[4294967294]", "", "", "OK"),
    ("P", "a.b[2].#c, d", "#c=c", "", "OK"),
    ("P", "a, #n", "#n=b", "", "OK"),
    ("P", "abort", "", "", "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: abort"),
    ("P", "set", "", "", "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: set"),
    ("P", "#m", "", "", "Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #m"),
    ("P", "a, a.b", "", "", "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]"),
    ("P", "a.b, a[1]", "", "", "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]"),
    ("P", "a b", "", "", "Invalid ProjectionExpression: Syntax error; token: \"b\", near: \"a b\""),
    // ---- §3.9 limits
    ("C", "", "", "", "Invalid ConditionExpression: The expression can not be empty;"),
    ("C", "  \t\n ", "", "", "Invalid ConditionExpression: The expression can not be empty;"),
    ("U", "", "", "", "Invalid UpdateExpression: The expression can not be empty;"),
    ("P", "", "", "", "Invalid ProjectionExpression: The expression can not be empty;"),
    ("K", "", "", "", "Invalid KeyConditionExpression: The expression can not be empty;"),
    // ---- §3.10 syntax-error context: the captured examples
    ("C", "attribute_not_exists(", "", "", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"(\""),
    ("U", "INVALID SYNTAX HERE", "", "", "Invalid UpdateExpression: Syntax error; token: \"INVALID\", near: \"INVALID SYNTAX\""),
    ("U", "SET note = :v +", "", ":v=S:x", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"+\""),
    // ---- §4.1 update grammar
    ("U", "set a = :v", "", ":v=S:x", "OK"),
    ("U", "sEt a = :v rEmOvE b aDd c :n dElEtE d :s", "", ":v=S:x :n=N:1 :s=SS", "OK"),
    ("U", "SET a = LIST_APPEND(:l, :l)", "", ":l=L", "Invalid UpdateExpression: Invalid function name; function: LIST_APPEND"),
    ("U", "SET a = :v SET b = :v", "", ":v=S:x", "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;"),
    ("U", "SET a = :v REMOVE b SET c = :v", "", ":v=S:x", "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;"),
    ("U", "REMOVE a REMOVE b", "", "", "Invalid UpdateExpression: The \"REMOVE\" section can only be used once in an update expression;"),
    ("U", "ADD a :n ADD b :n", "", ":n=N:1", "Invalid UpdateExpression: The \"ADD\" section can only be used once in an update expression;"),
    ("U", "DELETE a :s DELETE b :s", "", ":s=SS", "Invalid UpdateExpression: The \"DELETE\" section can only be used once in an update expression;"),
    ("U", "SET b = :v1 + :v2 + :v3", "", ":v1=N:1 :v2=N:2 :v3=N:3", "Invalid UpdateExpression: Syntax error; token: \"+\", near: \":v2 + :v3\""),
    ("U", "SET b = :v1 + :v2", "", ":v1=N:1 :v2=N:2", "OK"),
    ("U", "SET b = :v1 - b", "", ":v1=N:1", "OK"),
    ("U", "SET b = if_not_exists(b, :v1) + :v2", "", ":v1=N:1 :v2=N:2", "OK"),
    ("U", "SET c = if_not_exists(c, :v1+:v2)", "", ":v1=N:1 :v2=N:2", "Invalid UpdateExpression: Syntax error; token: \"+\", near: \":v1+:v2\""),
    ("U", "SET b = (:v1 + :v2)", "", ":v1=N:1 :v2=N:2", "OK"),
    ("U", "SET b = (:v1) + (b)", "", ":v1=N:1", "OK"),
    ("U", "SET b = ((:v1))", "", ":v1=N:1", "Invalid UpdateExpression: The expression has redundant parentheses;"),
    ("U", "SET :v = a", "", ":v=S:x", "Invalid UpdateExpression: Syntax error; token: \":v\", near: \"SET :v =\""),
    ("U", "HELLO b = :v", "", ":v=S:x", "Invalid UpdateExpression: Syntax error; token: \"HELLO\", near: \"HELLO b\""),
    ("U", "SET a = :v, REMOVE b", "", ":v=S:x", "Invalid UpdateExpression: Syntax error; token: \"REMOVE\", near: \", REMOVE b\""),
    ("U", "SET a = :v,", "", ":v=S:x", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \",\""),
    ("U", "SET a :v", "", ":v=S:x", "Invalid UpdateExpression: Syntax error; token: \":v\", near: \"a :v\""),
    ("U", "delete a b", "", "", "Invalid UpdateExpression: Syntax error; token: \"b\", near: \"a b\""),
    ("U", "add a if_not_exist(b)", "", "", "Invalid UpdateExpression: Syntax error; token: \"if_not_exist\", near: \"a if_not_exist(\""),
    ("U", "SET a = f(b,c,d)", "", "", "Invalid UpdateExpression: Invalid function name; function: f"),
    ("U", "SET a = f123_hi(b,c,d)", "", "", "Invalid UpdateExpression: Invalid function name; function: f123_hi"),
    ("U", "SET a = _f(b,c,d)", "", "", "Invalid UpdateExpression: Syntax error; token: \"_\", near: \"= _f\""),
    ("U", "SET a = list_append(:l)", "", ":l=L", "Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1"),
    ("U", "SET a = list_append(:l, :l, :l)", "", ":l=L", "Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 3"),
    ("U", "SET b = if_not_exists(:v, :w)", "", ":v=N:1 :w=N:2", "Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists"),
    ("U", "SET b = if_not_exists(if_not_exists(a, :v), :w)", "", ":v=N:1 :w=N:2", "Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists"),
    ("U", "SET b = if_not_exists(:v, :w)", "", ":w=N:2", "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v"),
    ("U", "SET a = list_append(if_not_exists(a, :empty), :v)", "", ":empty=L :v=L", "OK"),
    ("U", "SET a = list_append(list_append(:a, :b), :c)", "", ":a=L :b=L :c=L", "Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: list_append"),
    ("U", "SET a = list_append(:a, list_append(:b, :c))", "", ":a=L :b=L :c=L", "Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: list_append"),
    ("U", "SET b = if_not_exists(b, if_not_exists(c, :v))", "", ":v=N:1", "OK"),
    ("U", "SET a = size(b)", "", "", "Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: size"),
    ("U", "SET a = if_not_exists(b, contains(c, :v))", "", ":v=S:x", "Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: contains"),
    ("U", "SET abOrt = :v", "", ":v=S:x", "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: abOrt"),
    ("U", "SET a = #c", "", "", "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #c"),
    ("U", "SET a = :v", "", "", "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v"),
    ("U", "SET a = :v, #c = b", "", "", "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #c"),
    ("U", "SET #a = :v", "#a=a.b", ":v=S:x", "OK"),
    ("U", "SET a.c[1].#name.y[1] = :v", "#name=x", ":v=S:x", "OK"),
    // update precedence (dynalite's order: reserved, unknown function, section, names, values, overlap, conflict, ADD/DELETE types, functions)
    ("U", "SET a = f(b) SET abort = :v", "", ":v=S:x", "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: abort"),
    ("U", "SET a = f(b) SET c = :v", "", ":v=S:x", "Invalid UpdateExpression: Invalid function name; function: f"),
    ("U", "SET a = #u SET c = :v", "", ":v=S:x", "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;"),
    ("U", "SET a = :u, a = :v", "", ":v=S:x", "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :u"),
    ("U", "ADD a :s, a :s", "", ":s=S:x", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"),
    ("U", "ADD a :s SET b = list_append(:s, :s)", "", ":s=S:x", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING"),
    ("U", "SET a.b = :v, a[1] = :v, c = :v, c.d = :v", "", ":v=S:x", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [c], path two: [c, d]"),
    // ---- §4.2 constant types
    ("U", "SET a = :s + :n", "", ":s=S:x :n=N:1", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S"),
    ("U", "SET a = :n - :l", "", ":n=N:1 :l=L", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: -, operand type: L"),
    ("U", "SET a = b + :m", "", ":m=M", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: M"),
    ("U", "SET a = :ss + b", "", ":ss=SS", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: SS"),
    ("U", "SET a = :t + b", "", ":t=BOOL", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: BOOL"),
    ("U", "SET a = list_append(:l, :s)", "", ":l=L :s=S:hi", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: S"),
    ("U", "SET a = list_append(:z, b)", "", ":z=NULL", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: NULL"),
    ("U", "ADD a :s", "", ":s=S:hello", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING"),
    ("U", "ADD a :l", "", ":l=L", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: LIST"),
    ("U", "ADD a :m", "", ":m=M", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: MAP"),
    ("U", "ADD a :b", "", ":b=B", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: BINARY"),
    ("U", "ADD a :t", "", ":t=BOOL", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: BOOLEAN"),
    ("U", "ADD a :z", "", ":z=NULL", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: NULL"),
    ("U", "ADD a :n, b :ss, c :ns, d :bs", "", ":n=N:1 :ss=SS :ns=NS :bs=BS", "OK"),
    ("U", "DELETE a :n", "", ":n=N:1", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER"),
    ("U", "DELETE a :s", "", ":s=S:hello", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: STRING"),
    ("U", "DELETE a :ss, b :ns, c :bs", "", ":ss=SS :ns=NS :bs=BS", "OK"),
    // ---- §4.3 overlapping and conflicting paths
    ("U", "SET a = :v, a = :v", "", ":v=S:x", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"),
    ("U", "SET a = :v REMOVE a", "", ":v=S:x", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"),
    ("U", "SET a.b = :v, a.b.c = :v", "", ":v=S:x", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, b, c]"),
    ("U", "SET a[1] = :v, a[1][1] = :v", "", ":v=S:x", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, [1]], path two: [a, [1], [1]]"),
    ("U", "SET a.b = :v REMOVE a", "", ":v=S:x", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]"),
    ("U", "SET #x = :v, #y = :v", "#x=a #y=a", ":v=S:x", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"),
    ("U", "SET a.b = :v, a[1] = :v", "", ":v=S:x", "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]"),
    ("U", "SET a.b.c = :v, a.b[2] = :v", "", ":v=S:x", "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b, c], path two: [a, b, [2]]"),
    ("U", "SET a[1] = :v, a[2] = :v, a.b.c = :v, a.d = :v", "", ":v=S:x", "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, [1]], path two: [a, b, c]"),
    ("U", "REMOVE a SET b = a", "", "", "OK"),
    ("U", "SET c = b REMOVE b", "", "", "OK"),
    ("U", "SET n = p, nn = c + c", "", "", "OK"),
];

#[test]
fn every_row() {
    let mut failures = Vec::new();
    for (language, expression, names, values, expected) in ROWS {
        // A panic is a failure of its row, not of the whole table.
        let got = std::panic::catch_unwind(|| outcome(language, expression, &attrs(names, values)))
            .unwrap_or_else(|_| "PANIC".to_string());
        if got != *expected {
            failures.push(format!(
                "{language} {expression:?}\n   expected: {expected}\n        got: {got}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows differ:\n{}",
        failures.len(),
        ROWS.len(),
        failures.join("\n")
    );
}

fn condition(text: &str) -> String {
    outcome("C", text, &attrs("", ""))
}

#[test]
fn size_is_measured_in_raw_bytes_before_anything_else() {
    let padded = format!("a < b{}", " ".repeat(4096 - 5));
    assert_eq!(condition(&padded), "OK");
    let over = format!("a < b{}", " ".repeat(4096 - 4));
    assert_eq!(
        condition(&over),
        "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097"
    );
    // Multi-byte characters count by bytes: 2049 two-byte characters are 4098 bytes.
    assert_eq!(
        condition(&"é".repeat(2049)),
        "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4098"
    );
    // An over-long syntax error reports the size (spec §3.9).
    let junk = format!("a < ( ){}", "x".repeat(199_997));
    assert_eq!(
        condition(&junk),
        "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 200004"
    );
    assert_eq!(
        outcome("U", &format!("SET a = :v{}", " ".repeat(4090)), &attrs("", ":v=S:x")),
        "Invalid UpdateExpression: Expression size has exceeded the maximum allowed size; expression size: 4100"
    );
    assert_eq!(
        outcome("P", &"a,".repeat(2049), &attrs("", "")),
        "Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size; expression size: 4098"
    );
}

const TOO_MANY: &str =
    "Invalid ConditionExpression: The expression contains too many operators; operator count: 301";

#[test]
fn at_most_300_operators() {
    // 149 nested `or (a<b` make 299 operators: accepted; 454 (still under 4 KB) are rejected at the 301st.
    let nested = |depth: usize| format!("a<b {}{}", "or (a<b ".repeat(depth), ")".repeat(depth));
    assert_eq!(condition(&nested(149)), "OK");
    assert_eq!(condition(&nested(150)), TOO_MANY);
    assert!(nested(454).len() < 4096);
    assert_eq!(condition(&nested(454)), TOO_MANY);
    // Without parentheses too.
    assert!(format!("a<b {}", "or a<b ".repeat(584)).len() < 4096);
    assert_eq!(
        condition(&format!("a<b {}", "or a<b ".repeat(584))),
        TOO_MANY
    );
    // NOT, BETWEEN and IN count; functions and parentheses do not.
    assert_eq!(condition(&format!("{}a<b", "NOT ".repeat(299))), "OK");
    assert_eq!(condition(&format!("{}a<b", "NOT ".repeat(300))), TOO_MANY);
    assert_eq!(condition(&format!("{}a<b", "not ".repeat(1000))), TOO_MANY);
    let betweens = vec!["a BETWEEN b AND c"; 150].join(" AND ");
    assert_eq!(condition(&betweens), "OK"); // 150 BETWEEN + 149 AND
    assert_eq!(condition(&format!("{betweens} OR a IN (b)")), TOO_MANY);
    let sizes = vec!["size(a) < size(b)"; 150].join(" OR ");
    assert_eq!(condition(&sizes), "OK"); // 150 < + 149 OR
                                         // Updates count `+`, `-` and function calls (spec Appendix D #15).
    let update = |n: usize| {
        let actions: Vec<String> = (0..n).map(|i| format!("a{i}=b+c")).collect();
        format!("SET {}", actions.join(","))
    };
    let values = attrs("", "");
    assert_eq!(outcome("U", &update(300), &values), "OK");
    assert_eq!(
        outcome("U", &update(301), &values),
        "Invalid UpdateExpression: The expression contains too many operators; operator count: 301"
    );
    let calls: Vec<String> = (0..150)
        .map(|i| format!("a{i} = if_not_exists(b, c)"))
        .collect();
    assert_eq!(
        outcome("U", &format!("SET {}", calls.join(",")), &values),
        "OK"
    );
    let calls: Vec<String> = (0..151)
        .map(|i| format!("a{i}=if_not_exists(b,c)+d"))
        .collect();
    assert_eq!(
        outcome("U", &format!("SET {}", calls.join(",")), &values),
        "Invalid UpdateExpression: The expression contains too many operators; operator count: 301"
    );
}

#[test]
fn in_takes_at_most_100_listed_values() {
    let list = |n: usize| {
        (0..n)
            .map(|i| format!("b{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    assert_eq!(condition(&format!("a IN ({})", list(100))), "OK");
    assert_eq!(
        condition(&format!("a IN ({})", list(101))),
        "Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101"
    );
}

#[test]
fn paths_have_at_most_32_levels() {
    let path = |n: usize| vec!["a"; n].join(".");
    let none = attrs("", "");
    assert_eq!(outcome("P", &path(32), &none), "OK");
    assert_eq!(
        outcome("P", &path(33), &none),
        "Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33"
    );
    assert_eq!(
        outcome("P", &format!("a{}", "[0]".repeat(32)), &none),
        "Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33"
    );
    assert_eq!(
        outcome("U", &format!("SET {} = :v", path(33)), &attrs("", ":v=S:x")),
        "Invalid UpdateExpression: The document path has too many nesting levels; nesting levels: 33"
    );
    assert_eq!(
        condition(&format!("attribute_exists({})", path(40))),
        "Invalid ConditionExpression: The document path has too many nesting levels; nesting levels: 40"
    );
}

/// Deep nesting that fits in 4 KB is read without recursion; these run on an ordinary test thread.
#[test]
fn hostile_nesting_never_overflows_the_stack() {
    let parens = |n: usize| format!("{}a<b{}", "(".repeat(n), ")".repeat(n));
    assert_eq!(
        condition(&parens(2046)),
        "Invalid ConditionExpression: The expression has redundant parentheses;"
    );
    assert_eq!(condition(&parens(1)), "OK");
    assert_eq!(
        condition(&parens(100_000)),
        "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 200003"
    );
    assert_eq!(
        condition(&format!("{}a<b", "NOT ".repeat(100_000))),
        "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 400003"
    );
    let deep_operand = format!("a < {}b{}", "(".repeat(2040), ")".repeat(2040));
    assert_eq!(
        condition(&deep_operand),
        "Invalid ConditionExpression: The expression has redundant parentheses;"
    );
    let calls = format!("a < {}b{}", "f(".repeat(1355), ")".repeat(1355));
    assert!(calls.len() < 4096);
    assert_eq!(
        condition(&calls),
        "Invalid ConditionExpression: Invalid function name; function: f"
    );
    let sizes = format!("a < {}b{}", "size(".repeat(680), ")".repeat(680));
    assert_eq!(
        condition(&sizes),
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: size, operand type: N"
    );
    let unclosed = "(".repeat(4000);
    assert_eq!(
        condition(&unclosed),
        "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"(\""
    );
    let update_calls = format!("SET a = {}b{}", "list_append(".repeat(301), ")".repeat(301));
    assert_eq!(
        outcome("U", &update_calls, &attrs("", "")),
        "Invalid UpdateExpression: The expression contains too many operators; operator count: 301"
    );
    let if_not_exists = format!(
        "SET a = {}:v{}",
        "if_not_exists(b, ".repeat(200),
        ")".repeat(200)
    );
    assert_eq!(outcome("U", &if_not_exists, &attrs("", ":v=S:x")), "OK");
    let update_parens = format!("SET a = {}b{}", "(".repeat(2000), ")".repeat(2000));
    assert_eq!(
        outcome("U", &update_parens, &attrs("", "")),
        "Invalid UpdateExpression: The expression has redundant parentheses;"
    );
    // The syntax-only entry point is stack-safe too.
    assert!(
        expr::parse_condition_syntax(&parens(2046), ExpressionKind::ConditionExpression).is_err()
    );
    assert!(expr::parse_condition_syntax(&calls, ExpressionKind::FilterExpression).is_err());
}

#[test]
fn errors_carry_the_span_of_what_they_are_about() {
    let span = |language: &str, text: &str, names: &str, values: &str| {
        let attrs = attrs(names, values);
        let result = match language {
            "C" => {
                expr::parse_condition(text, ExpressionKind::ConditionExpression, &attrs).map(|_| ())
            }
            "U" => expr::parse_update(text, &attrs).map(|_| ()),
            _ => expr::parse_projection(text, &attrs).map(|_| ()),
        };
        let e = result.expect_err("an error");
        e.span.map(|s| text[s.start..s.end].to_string())
    };
    assert_eq!(span("C", "a < b c", "", ""), Some("c".to_string()));
    assert_eq!(span("C", "a <", "", ""), Some("".to_string()));
    assert_eq!(span("C", "x = abort", "", ""), Some("abort".to_string()));
    assert_eq!(span("C", "x = #n", "", ""), Some("#n".to_string()));
    assert_eq!(span("C", "x = :v", "", ""), Some(":v".to_string()));
    assert_eq!(span("C", "a < g(b)", "", ""), Some("g".to_string()));
    assert_eq!(span("C", "a < ((b))", "", ""), Some("(b)".to_string()));
    assert_eq!(
        span("C", "NOT size(a)", "", ""),
        Some("size(a)".to_string())
    );
    assert_eq!(
        span("C", "x = a AND a = a", "", ""),
        Some("a = a".to_string())
    );
    assert_eq!(span("C", "a < :l", "", ":l=L"), Some(":l".to_string()));
    assert_eq!(
        span("U", "SET a = :v, a.b = :v", "", ":v=S:x"),
        Some("a.b".to_string())
    );
    assert_eq!(
        span("U", "SET a = :v SET b = :v", "", ":v=S:x"),
        Some("SET b = :v".to_string())
    );
    assert_eq!(
        span("P", "a[99999999999]", "", ""),
        Some("99999999999".to_string())
    );
    let empty = expr::parse_projection("", &attrs("", "")).expect_err("empty");
    assert_eq!(
        (empty.kind, empty.span),
        (ExpressionKind::ProjectionExpression, None)
    );
    let _ = Span::default();
}

#[test]
fn unused_placeholders_count_over_all_expressions_of_a_request() {
    let attrs = attrs("#a=a #b=b #c=c", ":v=S:x :w=S:y");
    let update = expr::parse_update("SET #a = :v", &attrs).expect("valid");
    let condition = expr::parse_condition(
        "#b = :w OR #c = :w",
        ExpressionKind::ConditionExpression,
        &attrs,
    )
    .expect("valid");
    let (mut names, mut values) = expr::used_placeholders_update(&update);
    assert_eq!(
        expr::check_unused(&attrs, &names, &values)
            .unwrap_err()
            .message,
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b, #c}"
    );
    let (more_names, more_values) = expr::used_placeholders_condition(&condition);
    names.extend(more_names.iter().cloned());
    assert_eq!(
        expr::check_unused(&attrs, &names, &values)
            .unwrap_err()
            .message,
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}"
    );
    values.extend(more_values);
    assert_eq!(expr::check_unused(&attrs, &names, &values), Ok(()));
    let unused_value = expr::check_unused(&attrs, &names, &BTreeSet::new()).unwrap_err();
    assert_eq!(
        (unused_value.error_type, unused_value.message.as_str()),
        (
            ErrorType::ValidationException,
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v, :w}"
        )
    );
    let projection = expr::parse_projection("#a, b", &attrs).expect("valid");
    assert_eq!(
        expr::used_placeholders_projection(&projection).0,
        BTreeSet::from(["#a".to_string()])
    );
}

#[test]
fn placeholder_keys_must_be_well_formed() {
    let check = |names: &str, values: &str| {
        let attrs = attrs(names, values);
        match expr::check_placeholder_keys(&attrs.names, &attrs.values) {
            Ok(()) => "OK".to_string(),
            Err(e) => e.message,
        }
    };
    assert_eq!(check("#a=x #_1=y #Alpha_9=z", ":v=S:x :_=S:y :0=S:z"), "OK");
    assert_eq!(
        check("a=x", ""),
        "ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\""
    );
    assert_eq!(
        check("#=x", ""),
        "ExpressionAttributeNames contains invalid key: Syntax error; key: \"#\""
    );
    assert_eq!(
        check("#hi-there=x", ""),
        "ExpressionAttributeNames contains invalid key: Syntax error; key: \"#hi-there\""
    );
    assert_eq!(
        check("", "b=S:x"),
        "ExpressionAttributeValues contains invalid key: Syntax error; key: \"b\""
    );
    assert_eq!(
        check("", ":v.w=S:x"),
        "ExpressionAttributeValues contains invalid key: Syntax error; key: \":v.w\""
    );
    assert_eq!(
        check("c=x", "b=S:x"),
        "ExpressionAttributeNames contains invalid key: Syntax error; key: \"c\""
    );
}

#[test]
fn key_attributes_cannot_be_updated() {
    let names = BTreeMap::from([("#k".to_string(), "sk".to_string())]);
    let check = |text: &str| {
        let update = expr::parse_update_syntax(text).expect("valid syntax");
        match expr::check_update_keys(&update, &names, &["pk", "sk"]) {
            Ok(()) => "OK".to_string(),
            Err(e) => e.message,
        }
    };
    assert_eq!(check("SET a = pk, b = sk + c"), "OK");
    assert_eq!(check("SET a = :v, pk = :v"), "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key");
    assert_eq!(check("REMOVE x ADD #k :v SET pk = :v"), "One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key");
    assert_eq!(check("DELETE pk.x :v"), "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key");
}
