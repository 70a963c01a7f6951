//! CreateTable, DescribeTable, ListTables, DeleteTable: responses in DynamoDB's shape and key order, and errors.

mod api_common;
use api_common::*;
use serde_json::{json, Value};
use txlab::engine::Database;

fn v(message: &str) -> (String, String) {
    ("ValidationException".to_string(), message.to_string())
}

fn keys(v: &Value) -> Vec<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn create_table_echoes_the_request_in_dynamodbs_order() {
    let mut db = Database::new();
    let r = ok(
        &mut db,
        "CreateTable",
        json!({
            "TableName": "MusicCollection",
            "AttributeDefinitions": [{"AttributeName": "Artist", "AttributeType": "S"}, {"AttributeName": "SongTitle", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "Artist", "KeyType": "HASH"}, {"AttributeName": "SongTitle", "KeyType": "RANGE"}],
            "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
        }),
    );
    let d = &r["TableDescription"];
    assert_eq!(
        keys(d),
        [
            "AttributeDefinitions",
            "TableName",
            "KeySchema",
            "TableStatus",
            "CreationDateTime",
            "ProvisionedThroughput",
            "TableSizeBytes",
            "ItemCount",
            "TableArn",
            "TableId",
            "DeletionProtectionEnabled"
        ]
    );
    assert_eq!(d["TableStatus"], "CREATING");
    assert_eq!(
        d["ProvisionedThroughput"],
        json!({"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    );
    assert_eq!(d["CreationDateTime"], json!(T0 as f64 / 1000.0));
    assert_eq!(
        d["TableArn"],
        "arn:aws:dynamodb:us-east-1:123456789012:table/MusicCollection"
    );
    assert_eq!(
        d["KeySchema"],
        json!([{"AttributeName": "Artist", "KeyType": "HASH"}, {"AttributeName": "SongTitle", "KeyType": "RANGE"}])
    );
}

#[test]
fn describe_table_counts_items_and_indexes() {
    let mut db = Database::new();
    ok(
        &mut db,
        "CreateTable",
        json!({"TableName": "gtbl", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"},
                                 {"AttributeName": "g", "AttributeType": "S"}, {"AttributeName": "l", "AttributeType": "B"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "LocalSecondaryIndexes": [{"IndexName": "byL", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        "GlobalSecondaryIndexes": [{"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]}}]}),
    );
    put(
        &mut db,
        "gtbl",
        json!({"pk": s("a"), "sk": n("1"), "g": s("G")}),
    );
    put(&mut db, "gtbl", json!({"pk": s("a"), "sk": n("2")}));
    let t = ok(&mut db, "DescribeTable", json!({"TableName": "gtbl"}))["Table"].clone();
    assert_eq!(t["TableStatus"], "ACTIVE");
    assert_eq!(t["ItemCount"], 2);
    assert_eq!(t["TableSizeBytes"], json!((3 + 4 + 2) + (3 + 4)));
    assert_eq!(t["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST");
    assert_eq!(
        t["ProvisionedThroughput"],
        json!({"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0})
    );
    let gsi = &t["GlobalSecondaryIndexes"][0];
    assert_eq!(
        keys(gsi),
        [
            "IndexName",
            "KeySchema",
            "Projection",
            "IndexStatus",
            "ProvisionedThroughput",
            "IndexSizeBytes",
            "ItemCount",
            "IndexArn"
        ]
    );
    assert_eq!(gsi["ItemCount"], 1);
    assert_eq!(gsi["IndexStatus"], "ACTIVE");
    assert_eq!(
        gsi["Projection"],
        json!({"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]})
    );
    assert_eq!(
        gsi["IndexArn"],
        "arn:aws:dynamodb:us-east-1:123456789012:table/gtbl/index/byG"
    );
    let lsi = &t["LocalSecondaryIndexes"][0];
    assert_eq!(
        keys(lsi),
        [
            "IndexName",
            "KeySchema",
            "Projection",
            "IndexSizeBytes",
            "ItemCount",
            "IndexArn"
        ]
    );
    assert_eq!(lsi["ItemCount"], 0);
}

#[test]
fn table_errors() {
    let mut db = Database::new();
    simple_table(&mut db, "tbl", false);
    let create = json!({"TableName": "tbl", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]});
    assert_eq!(
        fail(&mut db, "CreateTable", create),
        (
            "ResourceInUseException".into(),
            "Table already exists: tbl".into()
        )
    );
    assert_eq!(
        fail(&mut db, "DescribeTable", json!({"TableName": "nope"})),
        (
            "ResourceNotFoundException".into(),
            "Requested resource not found: Table: nope not found".into()
        )
    );
    assert_eq!(
        fail(&mut db, "DeleteTable", json!({"TableName": "nope"})),
        (
            "ResourceNotFoundException".into(),
            "Requested resource not found: Table: nope not found".into()
        )
    );
    assert_eq!(
        fail(&mut db, "DescribeTable", json!({"TableName": "ab"})),
        v("1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3")
    );
    assert_eq!(
        fail(&mut db, "DescribeTable", json!({})),
        v("1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null")
    );
    assert_eq!(
        fail(&mut db, "DescribeTable", json!({"TableName": "a!"})),
        v("2 validation errors detected: Value 'a!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value 'a!' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3")
    );
}

#[test]
fn create_table_validation() {
    let def = |n: &str, t: &str| json!({"AttributeName": n, "AttributeType": t});
    let key = |n: &str, t: &str| json!({"AttributeName": n, "KeyType": t});
    let base = |defs: Value, keys: Value| json!({"TableName": "tbl", "BillingMode": "PAY_PER_REQUEST", "AttributeDefinitions": defs, "KeySchema": keys});
    let rows: Vec<(Value, &str)> = vec![
        (base(json!([def("pk", "S")]), json!([key("other", "HASH")])),
         "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [other], AttributeDefinitions: [pk]"),
        (base(json!([def("pk", "S"), def("sk", "S")]), json!([key("pk", "RANGE"), key("sk", "HASH")])),
         "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
        (base(json!([def("pk", "S"), def("sk", "S")]), json!([key("pk", "HASH"), key("pk", "RANGE")])),
         "Both the Hash Key and the Range Key element in the KeySchema have the same name"),
        (base(json!([def("pk", "S"), def("x", "S")]), json!([key("pk", "HASH")])),
         "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions"),
        (base(json!([def("pk", "X")]), json!([key("pk", "HASH")])),
         "1 validation error detected: Value 'X' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]"),
        (base(json!([def("pk", "S")]), json!([])),
         "1 validation error detected: Value '[]' at 'keySchema' failed to satisfy constraint: Member must have length greater than or equal to 1"),
        (json!({"TableName": "tbl", "AttributeDefinitions": [def("pk", "S")], "KeySchema": [key("pk", "HASH")]}),
         "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"),
        (json!({"TableName": "tbl", "BillingMode": "PAY_PER_REQUEST", "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
                "AttributeDefinitions": [def("pk", "S")], "KeySchema": [key("pk", "HASH")]}),
         "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"),
        (json!({"TableName": "tbl", "BillingMode": "PAY_PER_REQUEST", "AttributeDefinitions": [def("pk", "S"), def("l", "S")], "KeySchema": [key("pk", "HASH")],
                "LocalSecondaryIndexes": [{"IndexName": "idx", "KeySchema": [key("pk", "HASH"), key("l", "RANGE")], "Projection": {"ProjectionType": "ALL"}}]}),
         "One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex"),
        (json!({"TableName": "tbl", "BillingMode": "PAY_PER_REQUEST", "AttributeDefinitions": [def("pk", "S"), def("g", "S"), def("unused", "S")], "KeySchema": [key("pk", "HASH")],
                "GlobalSecondaryIndexes": [{"IndexName": "idx", "KeySchema": [key("g", "HASH")], "Projection": {"ProjectionType": "ALL"}}]}),
         "One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [pk, g, unused], keys used: [pk, g]"),
        (json!({"TableName": "tbl", "BillingMode": "PAY_PER_REQUEST", "AttributeDefinitions": [def("pk", "S"), def("g", "S")], "KeySchema": [key("pk", "HASH")],
                "GlobalSecondaryIndexes": [{"IndexName": "idx", "KeySchema": [key("g", "HASH")], "Projection": {"ProjectionType": "KEYS_ONLY", "NonKeyAttributes": ["a"]}}]}),
         "One or more parameter values were invalid: ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified"),
    ];
    for (request, expected) in rows {
        assert_eq!(
            fail(&mut Database::new(), "CreateTable", request.clone()),
            v(expected),
            "{request}"
        );
    }
    // Key attribute names up to 255 characters.
    let long = "k".repeat(255);
    ok(
        &mut Database::new(),
        "CreateTable",
        base(json!([def(&long, "S")]), json!([key(&long, "HASH")])),
    );
    let too_long = "k".repeat(256);
    let (t, _) = fail(
        &mut Database::new(),
        "CreateTable",
        base(
            json!([def(&too_long, "S")]),
            json!([key(&too_long, "HASH")]),
        ),
    );
    assert_eq!(t, "ValidationException");
}

#[test]
fn list_tables_pages_in_name_order() {
    let mut db = Database::new();
    for name in ["ccc", "aaa", "bbb", "ddd"] {
        simple_table(&mut db, name, false);
    }
    assert_eq!(
        ok(&mut db, "ListTables", json!({})),
        json!({"TableNames": ["aaa", "bbb", "ccc", "ddd"]})
    );
    assert_eq!(
        ok(&mut db, "ListTables", json!({"Limit": 2})),
        json!({"TableNames": ["aaa", "bbb"], "LastEvaluatedTableName": "bbb"})
    );
    assert_eq!(
        ok(
            &mut db,
            "ListTables",
            json!({"Limit": 2, "ExclusiveStartTableName": "bbb"})
        ),
        json!({"TableNames": ["ccc", "ddd"]})
    );
    assert_eq!(
        fail(&mut db, "ListTables", json!({"Limit": 0})),
        v("1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")
    );
}

#[test]
fn delete_table_answers_deleting_and_forgets_the_table() {
    let mut db = Database::new();
    simple_table(&mut db, "tbl", false);
    put(&mut db, "tbl", json!({"pk": s("a")}));
    let r = ok(&mut db, "DeleteTable", json!({"TableName": "tbl"}));
    assert_eq!(r["TableDescription"]["TableStatus"], "DELETING");
    assert_eq!(r["TableDescription"]["ItemCount"], 1);
    assert_eq!(
        ok(&mut db, "ListTables", json!({})),
        json!({"TableNames": []})
    );
}

#[test]
fn storage_is_sorted_by_key_numbers_by_value_binary_by_bytes() {
    let mut db = Database::new();
    ok(
        &mut db,
        "CreateTable",
        json!({"TableName": "nbt", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "h", "AttributeType": "B"}, {"AttributeName": "r", "AttributeType": "N"}],
        "KeySchema": [{"AttributeName": "h", "KeyType": "HASH"}, {"AttributeName": "r", "KeyType": "RANGE"}]}),
    );
    for (h, r) in [
        ("gA==", "10"),
        ("fw==", "9"),
        ("gA==", "-1"),
        ("fw==", "100"),
        ("gA==", "2.5"),
    ] {
        put(&mut db, "nbt", json!({"h": {"B": h}, "r": n(r)}));
    }
    let items = ok(&mut db, "Scan", json!({"TableName": "nbt"}))["Items"].clone();
    let order: Vec<(String, String)> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["h"]["B"].as_str().unwrap().to_string(),
                i["r"]["N"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // 0x7F before 0x80 (unsigned bytes), then numbers by value within a partition.
    let expected = [
        ("fw==", "9"),
        ("fw==", "100"),
        ("gA==", "-1"),
        ("gA==", "2.5"),
        ("gA==", "10"),
    ];
    assert_eq!(order, expected.map(|(a, b)| (a.to_string(), b.to_string())));
}
