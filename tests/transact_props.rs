//! Properties of TransactWriteItems over random tables and random transactions:
//! a transaction that does not commit leaves the store byte-identical; one that commits equals applying its
//! actions one after another as single-item requests.

mod api_common;
use api_common::*;
use proptest::prelude::*;
use serde_json::{json, Value};
use txlab::engine::Database;

#[derive(Clone, Debug)]
struct TableSpec {
    numeric_hash: bool,
    range: bool,
}

fn key(spec: &TableSpec, h: u8, r: u8) -> Value {
    let hash = if spec.numeric_hash {
        n(&h.to_string())
    } else {
        s(&format!("h{h}"))
    };
    let mut k = json!({ "pk": hash });
    if spec.range {
        k["sk"] = s(&format!("r{r}"));
    }
    k
}

#[derive(Clone, Debug)]
enum Action {
    Put {
        table: usize,
        h: u8,
        r: u8,
        n: i8,
        guard: Option<bool>,
    },
    Update {
        table: usize,
        h: u8,
        r: u8,
        remove_x: bool,
        guard: Option<bool>,
    },
    Delete {
        table: usize,
        h: u8,
        r: u8,
        guard: Option<bool>,
    },
    Check {
        table: usize,
        h: u8,
        r: u8,
        exists: bool,
    },
}

fn guard_json(g: Option<bool>) -> Option<&'static str> {
    g.map(|exists| {
        if exists {
            "attribute_exists(pk)"
        } else {
            "attribute_not_exists(pk)"
        }
    })
}

fn table_name(i: usize) -> String {
    format!("tb{i}")
}

impl Action {
    fn to_transact(&self, specs: &[TableSpec]) -> Value {
        match self {
            Action::Put {
                table,
                h,
                r,
                n: v,
                guard,
            } => {
                let mut item = key(&specs[*table], *h, *r);
                item["n"] = n(&v.to_string());
                item["x"] = s("x");
                let mut a = json!({"TableName": table_name(*table), "Item": item});
                if let Some(c) = guard_json(*guard) {
                    a["ConditionExpression"] = json!(c);
                }
                json!({ "Put": a })
            }
            Action::Update {
                table,
                h,
                r,
                remove_x,
                guard,
            } => {
                let mut a = json!({"TableName": table_name(*table), "Key": key(&specs[*table], *h, *r),
                    "UpdateExpression": if *remove_x { "SET n = if_not_exists(n, :z) + :one REMOVE x" } else { "SET n = if_not_exists(n, :z) + :one" },
                    "ExpressionAttributeValues": {":z": n("0"), ":one": n("1")}});
                if let Some(c) = guard_json(*guard) {
                    a["ConditionExpression"] = json!(c);
                }
                json!({ "Update": a })
            }
            Action::Delete { table, h, r, guard } => {
                let mut a =
                    json!({"TableName": table_name(*table), "Key": key(&specs[*table], *h, *r)});
                if let Some(c) = guard_json(*guard) {
                    a["ConditionExpression"] = json!(c);
                }
                json!({ "Delete": a })
            }
            Action::Check {
                table,
                h,
                r,
                exists,
            } => json!({ "ConditionCheck": {
                "TableName": table_name(*table), "Key": key(&specs[*table], *h, *r),
                "ConditionExpression": guard_json(Some(*exists)).unwrap_or("attribute_exists(pk)")}}),
        }
    }

    /// The same action as a single-item request, without its condition (it held, or we would not be here).
    fn to_single(&self, specs: &[TableSpec]) -> Option<(&'static str, Value)> {
        let mut t = self.to_transact(specs);
        let (op, member) = match self {
            Action::Put { .. } => ("PutItem", "Put"),
            Action::Update { .. } => ("UpdateItem", "Update"),
            Action::Delete { .. } => ("DeleteItem", "Delete"),
            Action::Check { .. } => return None,
        };
        let mut body = t[member].take();
        if let Some(o) = body.as_object_mut() {
            o.remove("ConditionExpression");
        }
        Some((op, body))
    }
}

fn action(tables: usize) -> impl Strategy<Value = Action> {
    let t = 0..tables;
    let guard = proptest::option::of(any::<bool>());
    prop_oneof![
        (t.clone(), 0u8..3, 0u8..2, any::<i8>(), guard.clone()).prop_map(
            |(table, h, r, n, guard)| Action::Put {
                table,
                h,
                r,
                n,
                guard
            }
        ),
        (t.clone(), 0u8..3, 0u8..2, any::<bool>(), guard.clone()).prop_map(
            |(table, h, r, remove_x, guard)| Action::Update {
                table,
                h,
                r,
                remove_x,
                guard
            }
        ),
        (t.clone(), 0u8..3, 0u8..2, guard).prop_map(|(table, h, r, guard)| Action::Delete {
            table,
            h,
            r,
            guard
        }),
        (t, 0u8..3, 0u8..2, any::<bool>()).prop_map(|(table, h, r, exists)| Action::Check {
            table,
            h,
            r,
            exists
        }),
    ]
}

/// Tables, initial items (table, hash, range, n) and the transaction's actions.
type Scenario = (Vec<TableSpec>, Vec<(usize, u8, u8, i8)>, Vec<Action>);

fn scenario() -> impl Strategy<Value = Scenario> {
    prop::collection::vec(
        (any::<bool>(), any::<bool>()).prop_map(|(numeric_hash, range)| TableSpec {
            numeric_hash,
            range,
        }),
        1..3,
    )
    .prop_flat_map(|specs| {
        let tables = specs.len();
        (
            Just(specs),
            prop::collection::vec((0..tables, 0u8..3, 0u8..2, any::<i8>()), 0..6),
            prop::collection::vec(action(tables), 1..6),
        )
    })
}

fn setup(specs: &[TableSpec], items: &[(usize, u8, u8, i8)]) -> Database {
    let mut db = Database::new();
    for (i, spec) in specs.iter().enumerate() {
        let mut defs = vec![
            json!({"AttributeName": "pk", "AttributeType": if spec.numeric_hash { "N" } else { "S" }}),
        ];
        let mut keys = vec![json!({"AttributeName": "pk", "KeyType": "HASH"})];
        if spec.range {
            defs.push(json!({"AttributeName": "sk", "AttributeType": "S"}));
            keys.push(json!({"AttributeName": "sk", "KeyType": "RANGE"}));
        }
        ok(
            &mut db,
            "CreateTable",
            json!({"TableName": table_name(i), "AttributeDefinitions": defs, "KeySchema": keys, "BillingMode": "PAY_PER_REQUEST"}),
        );
    }
    for (t, h, r, v) in items {
        let mut item = key(&specs[*t], *h, *r);
        item["n"] = n(&v.to_string());
        put(&mut db, &table_name(*t), item);
    }
    db
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn all_or_nothing((specs, items, actions) in scenario()) {
        let mut db = setup(&specs, &items);
        let before = serde_json::to_string(&db).unwrap();
        let request = json!({"TransactItems": actions.iter().map(|a| a.to_transact(&specs)).collect::<Vec<_>>()});
        let out = run(&mut db, "TransactWriteItems", request);
        match out.response {
            Err(_) => prop_assert_eq!(serde_json::to_string(&db).unwrap(), before),
            Ok(_) => {
                let mut sequential: Database = serde_json::from_str(&before).unwrap();
                for a in &actions {
                    if let Some((op, body)) = a.to_single(&specs) {
                        ok(&mut sequential, op, body);
                    }
                }
                prop_assert_eq!(serde_json::to_string(&db).unwrap(), serde_json::to_string(&sequential).unwrap());
            }
        }
    }
}
