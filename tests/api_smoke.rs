mod api_common;
use api_common::*;
use serde_json::json;
use txlab::engine::Database;

#[test]
fn music_collection_put_get_transact() {
    let mut db = Database::new();
    music_collection(&mut db);
    put(
        &mut db,
        "MusicCollection",
        json!({"Artist": s("Acme Band"), "SongTitle": s("Happy Day"), "AlbumTitle": s("Songs About Life")}),
    );
    put(
        &mut db,
        "MusicCollection",
        json!({"Artist": s("No One You Know"), "SongTitle": s("Call Me Today")}),
    );
    let r = ok(
        &mut db,
        "TransactWriteItems",
        json!({"TransactItems": [
        {"Update": {"TableName": "MusicCollection",
            "Key": {"Artist": s("Acme Band"), "SongTitle": s("Happy Day")},
            "UpdateExpression": "SET AlbumTitle = :newval",
            "ExpressionAttributeValues": {":newval": s("Updated Album Title")},
            "ConditionExpression": "attribute_not_exists(Rating)"}},
        {"Delete": {"TableName": "MusicCollection",
            "Key": {"Artist": s("No One You Know"), "SongTitle": s("Call Me Today")},
            "ConditionExpression": "attribute_not_exists(Rating)"}}
    ], "ReturnConsumedCapacity": "TOTAL", "ReturnItemCollectionMetrics": "SIZE"}),
    );
    assert_eq!(
        r,
        json!({"ConsumedCapacity": [{"TableName": "MusicCollection", "CapacityUnits": 4.0, "WriteCapacityUnits": 4.0}]})
    );
    let item = get(
        &mut db,
        "MusicCollection",
        json!({"Artist": s("Acme Band"), "SongTitle": s("Happy Day")}),
    );
    assert_eq!(
        item,
        Some(
            json!({"AlbumTitle": s("Updated Album Title"), "Artist": s("Acme Band"), "SongTitle": s("Happy Day")})
        )
    );
    assert_eq!(
        get(
            &mut db,
            "MusicCollection",
            json!({"Artist": s("No One You Know"), "SongTitle": s("Call Me Today")})
        ),
        None
    );
}
