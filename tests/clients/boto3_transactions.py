"""boto3 against `txlab serve`: the documented MusicCollection transaction, a cancellation with reasons and the
ALL_OLD item, an idempotent replay, a token mismatch.

Usage: python boto3_transactions.py http://127.0.0.1:PORT
Prints one `ok <what>` line per check; exits 1 at the first difference, showing expected and actual.
"""

import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

URL = sys.argv[1]
# One attempt: a wrong x-amz-crc32 (which botocore checks for DynamoDB) or a 500 fails at once.
ddb = boto3.client(
    "dynamodb",
    endpoint_url=URL,
    region_name="us-west-2",
    aws_access_key_id="AKIDEXAMPLE",
    aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    config=Config(retries={"total_max_attempts": 1}),
)


def check(what, actual, expected):
    if actual != expected:
        print(f"FAILED {what}\n  expected: {json.dumps(expected, default=str)}\n  actual:   {json.dumps(actual, default=str)}")
        sys.exit(1)
    print(f"ok {what}")


def error_of(call):
    try:
        call()
    except ClientError as e:
        return e.response
    print("FAILED: the call succeeded, an error was expected")
    sys.exit(1)


def key(artist, song):
    return {"Artist": {"S": artist}, "SongTitle": {"S": song}}


def song(artist, title):
    r = ddb.get_item(TableName="MusicCollection", Key=key(artist, title), ConsistentRead=True)
    return r.get("Item")


# The AWS CLI documentation's transaction (transact-write-items.rst, Example 1).
def documented_transaction(**extra):
    update = {
        "Key": key("Acme Band", "Happy Day"),
        "UpdateExpression": "SET AlbumTitle = :newval",
        "ExpressionAttributeValues": {":newval": {"S": "Updated Album Title"}},
        "TableName": "MusicCollection",
        "ConditionExpression": "attribute_not_exists(Rating)",
    }
    delete = {
        "Key": key("No One You Know", "Call Me Today"),
        "TableName": "MusicCollection",
        "ConditionExpression": "attribute_not_exists(Rating)",
    }
    for action in (update, delete):
        action.update(extra)
    return [{"Update": update}, {"Delete": delete}]


# --- The table and the documentation's items -------------------------------------------------------------------
ddb.create_table(
    TableName="MusicCollection",
    AttributeDefinitions=[
        {"AttributeName": "Artist", "AttributeType": "S"},
        {"AttributeName": "SongTitle", "AttributeType": "S"},
    ],
    KeySchema=[
        {"AttributeName": "Artist", "KeyType": "HASH"},
        {"AttributeName": "SongTitle", "KeyType": "RANGE"},
    ],
    BillingMode="PAY_PER_REQUEST",
)
ddb.put_item(
    TableName="MusicCollection",
    Item={**key("No One You Know", "Call Me Today"), "AlbumTitle": {"S": "Greatest Hits"}},
)
ddb.put_item(
    TableName="MusicCollection",
    Item={**key("Acme Band", "Happy Day"), "AlbumTitle": {"S": "Songs About Life"}},
)
check("list_tables", ddb.list_tables()["TableNames"], ["MusicCollection"])

# --- 1. The documented transaction commits both actions ----------------------------------------------------------
r = ddb.transact_write_items(
    TransactItems=documented_transaction(),
    ReturnConsumedCapacity="TOTAL",
    ReturnItemCollectionMetrics="SIZE",
)
check("transaction status", r["ResponseMetadata"]["HTTPStatusCode"], 200)
check(
    "transaction consumed capacity (2 units per action, no LSI so no ItemCollectionMetrics)",
    {k: v for k, v in r.items() if k != "ResponseMetadata"},
    {"ConsumedCapacity": [{"TableName": "MusicCollection", "CapacityUnits": 4.0, "WriteCapacityUnits": 4.0}]},
)
check(
    "request id header",
    len(r["ResponseMetadata"]["RequestId"]) == 52 and r["ResponseMetadata"]["RequestId"].isalnum(),
    True,
)
check(
    "updated item",
    song("Acme Band", "Happy Day"),
    {**key("Acme Band", "Happy Day"), "AlbumTitle": {"S": "Updated Album Title"}},
)
check("deleted item", song("No One You Know", "Call Me Today"), None)

# --- 2. A cancellation: reasons in action order, the ALL_OLD item, nothing written -------------------------------
ddb.put_item(
    TableName="MusicCollection",
    Item={**key("No One You Know", "Call Me Today"), "AlbumTitle": {"S": "Greatest Hits"}, "Rating": {"N": "5"}},
)
items = documented_transaction(ReturnValuesOnConditionCheckFailure="ALL_OLD")
items[0]["Update"]["ExpressionAttributeValues"] = {":newval": {"S": "Never Written"}}
e = error_of(lambda: ddb.transact_write_items(TransactItems=items))
check("cancellation status", e["ResponseMetadata"]["HTTPStatusCode"], 400)
check("cancellation code", e["Error"]["Code"], "TransactionCanceledException")
check(
    "cancellation message",
    e["Error"]["Message"],
    "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
)
check(
    "cancellation reasons with the ALL_OLD item",
    e["CancellationReasons"],
    [
        {"Code": "None"},
        {
            "Code": "ConditionalCheckFailed",
            "Item": {
                "AlbumTitle": {"S": "Greatest Hits"},
                "Artist": {"S": "No One You Know"},
                "Rating": {"N": "5"},
                "SongTitle": {"S": "Call Me Today"},
            },
            "Message": "The conditional request failed",
        },
    ],
)
check(
    "nothing written by the cancelled transaction",
    song("Acme Band", "Happy Day")["AlbumTitle"],
    {"S": "Updated Album Title"},
)
# The client-side exception class is DynamoDB's.
try:
    ddb.transact_write_items(TransactItems=items)
    check("modeled exception", "no exception", "TransactionCanceledException")
except ddb.exceptions.TransactionCanceledException as x:
    check("modeled exception", type(x).__name__, "TransactionCanceledException")

# --- 3. Idempotent replay: the same token and request within 10 minutes apply once -------------------------------
counter = [
    {
        "Update": {
            "TableName": "MusicCollection",
            "Key": key("Acme Band", "Happy Day"),
            "UpdateExpression": "ADD Plays :one",
            "ExpressionAttributeValues": {":one": {"N": "1"}},
        }
    }
]
first = ddb.transact_write_items(TransactItems=counter, ClientRequestToken="replay-token-1", ReturnConsumedCapacity="TOTAL")
again = ddb.transact_write_items(TransactItems=counter, ClientRequestToken="replay-token-1", ReturnConsumedCapacity="TOTAL")
check(
    "first call consumed write units",
    first["ConsumedCapacity"],
    [{"TableName": "MusicCollection", "CapacityUnits": 2.0, "WriteCapacityUnits": 2.0}],
)
check(
    "replay consumed read units",
    again["ConsumedCapacity"],
    [{"TableName": "MusicCollection", "CapacityUnits": 2.0, "ReadCapacityUnits": 2.0}],
)
check("applied once", song("Acme Band", "Happy Day")["Plays"], {"N": "1"})
# boto3 fills ClientRequestToken itself when it is not given, so two plain calls apply twice.
ddb.transact_write_items(TransactItems=counter)
ddb.transact_write_items(TransactItems=counter)
check("auto tokens are distinct", song("Acme Band", "Happy Day")["Plays"], {"N": "3"})

# --- 4. The same token with another request ----------------------------------------------------------------------
counter[0]["Update"]["ExpressionAttributeValues"] = {":one": {"N": "2"}}
e = error_of(lambda: ddb.transact_write_items(TransactItems=counter, ClientRequestToken="replay-token-1"))
check("token mismatch status", e["ResponseMetadata"]["HTTPStatusCode"], 400)
check("token mismatch code", e["Error"]["Code"], "IdempotentParameterMismatchException")
check(
    "token mismatch message",
    e["Error"]["Message"],
    "DynamoDB rejected the request because you retried a request with a different payload but with an idempotent token that was already used.",
)
check("nothing applied", song("Acme Band", "Happy Day")["Plays"], {"N": "3"})

# --- 5. A validation error and a missing table, as boto3 reports them --------------------------------------------
twice = [
    {"ConditionCheck": {"TableName": "MusicCollection", "Key": key("Acme Band", "Happy Day"), "ConditionExpression": "attribute_exists(Artist)"}},
    {"Delete": {"TableName": "MusicCollection", "Key": key("Acme Band", "Happy Day")}},
]
e = error_of(lambda: ddb.transact_write_items(TransactItems=twice))
check(
    "two actions on one item",
    (e["Error"]["Code"], e["Error"]["Message"]),
    ("ValidationException", "Transaction request cannot include multiple operations on one item"),
)
e = error_of(lambda: ddb.get_item(TableName="Nope", Key={"Artist": {"S": "x"}}))
check("missing table", (e["Error"]["Code"], e["Error"]["Message"]), ("ResourceNotFoundException", "Requested resource not found"))
print("boto3: all checks passed")
