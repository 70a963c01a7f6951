//! Response pieces in DynamoDB's JSON shapes and key order (as the service sends them and the AWS CLI prints
//! them): items, ConsumedCapacity, ItemCollectionMetrics, TableDescription, CancellationReasons.

use serde_json::{json, Map, Value};

use crate::engine::capacity::{CapacityKind, ConsumedCapacity, ReturnConsumedCapacity};
use crate::engine::item::Item;
use crate::engine::key::KeySchema;
use crate::engine::ops::describe_table::{IndexStats, TableDescription};
use crate::engine::ops::ItemCollectionMetrics;
use crate::engine::table::{BillingMode, ProvisionedThroughput, SecondaryIndex};
use crate::engine::trace::CancellationReason;

/// The region and account in ARNs (the AWS documentation's example account).
pub const REGION: &str = "us-east-1";
pub const ACCOUNT: &str = "123456789012";

pub fn item(item: &Item) -> Value {
    Value::Object(item.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
}

fn units(u: f64) -> Value {
    json!(u)
}

fn arm(u: f64, kind: CapacityKind, split: bool) -> Value {
    let mut m = Map::new();
    if split {
        let name = match kind {
            CapacityKind::Read => "ReadCapacityUnits",
            CapacityKind::Write => "WriteCapacityUnits",
        };
        m.insert(name.into(), units(u));
    }
    m.insert("CapacityUnits".into(), units(u));
    Value::Object(m)
}

/// One ConsumedCapacity entry (spec §1.7): TOTAL gives the table name and units (plus the Read/Write split on
/// transactional operations); INDEXES adds the `Table` arm and the index maps.
pub fn consumed_capacity(c: &ConsumedCapacity, mode: ReturnConsumedCapacity) -> Value {
    let mut m = Map::new();
    m.insert("TableName".into(), json!(c.table_name));
    let total = c.total();
    m.insert("CapacityUnits".into(), units(total));
    if c.split {
        let name = match c.kind {
            CapacityKind::Read => "ReadCapacityUnits",
            CapacityKind::Write => "WriteCapacityUnits",
        };
        m.insert(name.into(), units(total));
    }
    if mode == ReturnConsumedCapacity::Indexes {
        if c.table_touched {
            m.insert("Table".into(), arm(c.table, c.kind, c.split));
        }
        let arms = |list: &[(String, f64)]| -> Value {
            Value::Object(
                list.iter()
                    .map(|(n, u)| (n.clone(), arm(*u, c.kind, c.split)))
                    .collect(),
            )
        };
        if !c.local_indexes.is_empty() {
            m.insert("LocalSecondaryIndexes".into(), arms(&c.local_indexes));
        }
        if !c.global_indexes.is_empty() {
            m.insert("GlobalSecondaryIndexes".into(), arms(&c.global_indexes));
        }
    }
    Value::Object(m)
}

pub fn item_collection_metrics(m: &ItemCollectionMetrics) -> Value {
    json!({
        "ItemCollectionKey": item(&m.item_collection_key),
        "SizeEstimateRangeGB": [m.size_estimate_range_gb.0, m.size_estimate_range_gb.1],
    })
}

pub fn cancellation_reason(r: &CancellationReason) -> Value {
    let mut m = Map::new();
    m.insert("Code".into(), json!(r.code));
    if let Some(i) = &r.item {
        m.insert("Item".into(), item(i));
    }
    if let Some(message) = &r.message {
        m.insert("Message".into(), json!(message));
    }
    Value::Object(m)
}

fn key_schema(keys: &KeySchema) -> Value {
    let mut list = vec![json!({"AttributeName": keys.hash.name, "KeyType": "HASH"})];
    if let Some(r) = &keys.range {
        list.push(json!({"AttributeName": r.name, "KeyType": "RANGE"}));
    }
    Value::Array(list)
}

fn throughput(t: Option<ProvisionedThroughput>) -> Value {
    let (r, w) = t.map_or((0, 0), |t| (t.read_capacity_units, t.write_capacity_units));
    json!({"NumberOfDecreasesToday": 0, "ReadCapacityUnits": r, "WriteCapacityUnits": w})
}

fn projection(index: &SecondaryIndex) -> Value {
    let mut m = Map::new();
    m.insert(
        "ProjectionType".into(),
        json!(index.projection.projection_type.name()),
    );
    if !index.projection.non_key_attributes.is_empty() {
        m.insert(
            "NonKeyAttributes".into(),
            json!(index.projection.non_key_attributes),
        );
    }
    Value::Object(m)
}

pub fn table_arn(name: &str) -> String {
    format!("arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{name}")
}

/// A stable table id in UUID form, from the name and creation time (no randomness: same session, same bytes).
fn table_id(name: &str, created: u64) -> String {
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for b in name.bytes().chain(created.to_be_bytes()) {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013B);
    }
    let hex = format!("{h:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

fn seconds(millis: u64) -> Value {
    json!(millis as f64 / 1000.0)
}

fn index_stats<'a>(stats: &'a [IndexStats], name: &str) -> Option<&'a IndexStats> {
    stats.iter().find(|s| s.name == name)
}

/// A TableDescription in DynamoDB's member order.
pub fn table_description(d: &TableDescription) -> Value {
    let s = &d.schema;
    let arn = table_arn(&s.name);
    let mut m = Map::new();
    m.insert(
        "AttributeDefinitions".into(),
        Value::Array(
            s.attribute_definitions
                .iter()
                .map(|a| json!({"AttributeName": a.name, "AttributeType": a.attribute_type.name()}))
                .collect(),
        ),
    );
    m.insert("TableName".into(), json!(s.name));
    m.insert("KeySchema".into(), key_schema(&s.key_schema));
    m.insert("TableStatus".into(), json!(d.status));
    m.insert("CreationDateTime".into(), seconds(s.created_millis));
    m.insert(
        "ProvisionedThroughput".into(),
        throughput(s.provisioned_throughput),
    );
    m.insert("TableSizeBytes".into(), json!(d.size_bytes));
    m.insert("ItemCount".into(), json!(d.item_count));
    m.insert("TableArn".into(), json!(arn));
    m.insert("TableId".into(), json!(table_id(&s.name, s.created_millis)));
    match s.billing_mode {
        BillingMode::PayPerRequest => {
            m.insert(
                "BillingModeSummary".into(),
                json!({
                    "BillingMode": "PAY_PER_REQUEST",
                    "LastUpdateToPayPerRequestDateTime": seconds(s.created_millis),
                }),
            );
        }
        BillingMode::Provisioned if s.billing_mode_given => {
            m.insert(
                "BillingModeSummary".into(),
                json!({"BillingMode": "PROVISIONED"}),
            );
        }
        BillingMode::Provisioned => {}
    }
    if !s.local_indexes.is_empty() {
        let list = s
            .local_indexes
            .iter()
            .map(|i| {
                let st = index_stats(&d.local_indexes, &i.name);
                json!({
                    "IndexName": i.name,
                    "KeySchema": key_schema(&i.key_schema),
                    "Projection": projection(i),
                    "IndexSizeBytes": st.map_or(0, |s| s.size_bytes),
                    "ItemCount": st.map_or(0, |s| s.item_count),
                    "IndexArn": format!("{arn}/index/{}", i.name),
                })
            })
            .collect();
        m.insert("LocalSecondaryIndexes".into(), Value::Array(list));
    }
    if !s.global_indexes.is_empty() {
        let status = if d.status == "CREATING" {
            "CREATING"
        } else {
            "ACTIVE"
        };
        let list = s
            .global_indexes
            .iter()
            .map(|i| {
                let st = index_stats(&d.global_indexes, &i.name);
                json!({
                    "IndexName": i.name,
                    "KeySchema": key_schema(&i.key_schema),
                    "Projection": projection(i),
                    "IndexStatus": status,
                    "ProvisionedThroughput": throughput(i.provisioned_throughput),
                    "IndexSizeBytes": st.map_or(0, |s| s.size_bytes),
                    "ItemCount": st.map_or(0, |s| s.item_count),
                    "IndexArn": format!("{arn}/index/{}", i.name),
                })
            })
            .collect();
        m.insert("GlobalSecondaryIndexes".into(), Value::Array(list));
    }
    m.insert("DeletionProtectionEnabled".into(), json!(false));
    Value::Object(m)
}
