// The AWS SDK for JavaScript v3 against `txlab serve`: a transaction and a cancellation.
// Usage: node transactions.mjs http://127.0.0.1:PORT
// Prints one `ok <what>` line per check; exits 1 at the first difference.

import {
  DynamoDBClient,
  CreateTableCommand,
  PutItemCommand,
  GetItemCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import { isDeepStrictEqual } from "node:util";

const client = new DynamoDBClient({
  endpoint: process.argv[2],
  region: "us-west-2",
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
  // One attempt: a 500 or a bad response fails at once.
  maxAttempts: 1,
});

function check(what, actual, expected) {
  if (!isDeepStrictEqual(actual, expected)) {
    console.log(`FAILED ${what}\n  expected: ${JSON.stringify(expected)}\n  actual:   ${JSON.stringify(actual)}`);
    process.exit(1);
  }
  console.log(`ok ${what}`);
}

const key = (account) => ({ Account: { S: account } });
const balance = async (account) =>
  (await client.send(new GetItemCommand({ TableName: "Accounts", Key: key(account), ConsistentRead: true }))).Item;

// A transfer between two accounts: both changes or neither.
const transfer = (from, to, amount) =>
  new TransactWriteItemsCommand({
    TransactItems: [
      {
        Update: {
          TableName: "Accounts",
          Key: key(from),
          UpdateExpression: "SET Balance = Balance - :amount",
          ConditionExpression: "Balance >= :amount",
          ExpressionAttributeValues: { ":amount": { N: String(amount) } },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      },
      {
        Update: {
          TableName: "Accounts",
          Key: key(to),
          UpdateExpression: "SET Balance = Balance + :amount",
          ConditionExpression: "attribute_exists(Account)",
          ExpressionAttributeValues: { ":amount": { N: String(amount) } },
        },
      },
    ],
    ReturnConsumedCapacity: "TOTAL",
  });

await client.send(
  new CreateTableCommand({
    TableName: "Accounts",
    AttributeDefinitions: [{ AttributeName: "Account", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "Account", KeyType: "HASH" }],
    BillingMode: "PAY_PER_REQUEST",
  }),
);
for (const [account, amount] of [["alice", "100"], ["bob", "20"]]) {
  await client.send(new PutItemCommand({ TableName: "Accounts", Item: { ...key(account), Balance: { N: amount } } }));
}

const done = await client.send(transfer("alice", "bob", 30));
check("transaction status", done.$metadata.httpStatusCode, 200);
check("transaction capacity", done.ConsumedCapacity, [
  { TableName: "Accounts", CapacityUnits: 4, WriteCapacityUnits: 4 },
]);
check("request id", /^[0-9A-Z]{52}$/.test(done.$metadata.requestId ?? ""), true);
check("alice paid", await balance("alice"), { ...key("alice"), Balance: { N: "70" } });
check("bob received", await balance("bob"), { ...key("bob"), Balance: { N: "50" } });

try {
  await client.send(transfer("bob", "alice", 500));
  check("cancellation", "the transaction succeeded", "TransactionCanceledException");
} catch (e) {
  check("cancellation class", e instanceof TransactionCanceledException, true);
  check("cancellation name", e.name, "TransactionCanceledException");
  check("cancellation status", e.$metadata.httpStatusCode, 400);
  check(
    "cancellation message",
    e.message,
    "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]",
  );
  check("cancellation reasons", e.CancellationReasons, [
    {
      Code: "ConditionalCheckFailed",
      Item: { Account: { S: "bob" }, Balance: { N: "50" } },
      Message: "The conditional request failed",
    },
    { Code: "None" },
  ]);
}
check("nothing moved", [await balance("alice"), await balance("bob")], [
  { ...key("alice"), Balance: { N: "70" } },
  { ...key("bob"), Balance: { N: "50" } },
]);
console.log("js sdk v3: all checks passed");
