//! The demo session: the MusicCollection table of the AWS CLI documentation (with its local secondary index,
//! so ItemCollectionMetrics appears as documented) and three items, one of which has a Rating, so that the
//! documented TransactWriteItems example can be run, cancelled and explained in the first minute.
//! Built by running the requests through `Session::execute`, as a person would.

use serde_json::{json, Value};

use crate::session::{Session, SessionError};

/// The requests that build the demo, in order.
pub fn requests() -> Vec<(&'static str, Value)> {
    let item = |artist: &str, song: &str, album: &str| json!({"Artist": {"S": artist}, "SongTitle": {"S": song}, "AlbumTitle": {"S": album}});
    let mut rated = item("No One You Know", "Call Me Today", "Somewhat Famous");
    rated["Rating"] = json!({"N": "5"});
    vec![
        (
            "CreateTable",
            json!({
                "TableName": "MusicCollection",
                "AttributeDefinitions": [
                    {"AttributeName": "Artist", "AttributeType": "S"},
                    {"AttributeName": "SongTitle", "AttributeType": "S"},
                    {"AttributeName": "AlbumTitle", "AttributeType": "S"}
                ],
                "KeySchema": [
                    {"AttributeName": "Artist", "KeyType": "HASH"},
                    {"AttributeName": "SongTitle", "KeyType": "RANGE"}
                ],
                "ProvisionedThroughput": {"ReadCapacityUnits": 10, "WriteCapacityUnits": 5},
                "LocalSecondaryIndexes": [{
                    "IndexName": "AlbumTitleIndex",
                    "KeySchema": [
                        {"AttributeName": "Artist", "KeyType": "HASH"},
                        {"AttributeName": "AlbumTitle", "KeyType": "RANGE"}
                    ],
                    "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["Genre", "Year"]}
                }]
            }),
        ),
        (
            "PutItem",
            json!({"TableName": "MusicCollection", "Item": item("Acme Band", "Happy Day", "Songs About Life")}),
        ),
        (
            "PutItem",
            json!({"TableName": "MusicCollection", "Item": rated}),
        ),
        (
            "PutItem",
            json!({"TableName": "MusicCollection", "Item": item("The Acme Band", "Still in Love", "The Buck Starts Here")}),
        ),
    ]
}

/// Runs the demo's requests on `session`.
pub fn populate(session: &mut Session) -> Result<(), SessionError> {
    for (operation, request) in requests() {
        let entry = session.execute("demo", operation, &request)?;
        if entry.is_error() {
            return Err(SessionError(format!(
                "the demo's {operation} failed: {}",
                entry.response
            )));
        }
    }
    Ok(())
}

/// A session in memory holding the demo.
pub fn session() -> Result<Session, SessionError> {
    let mut session = Session::in_memory();
    populate(&mut session)?;
    Ok(session)
}
