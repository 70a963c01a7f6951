//! The command language, row by row: (command line) -> request, or -> exact error. The bulk of the cases is
//! checked against the real AWS CLI in cli_golden.rs; these rows are the readable core, and what only txlab (or
//! only AWS CLI v2, which cannot be run here) does.

use proptest::prelude::*;
use serde_json::{json, Value};
use std::path::Path;
use txlab::cli::{parse_command, Command, Operation, Pagination, UsageError};

fn request(line: &str) -> Value {
    match parse_command(line, Path::new(env!("CARGO_MANIFEST_DIR"))) {
        Ok(Command::Call(call)) => call.request,
        other => panic!("{line}: {other:?}"),
    }
}

fn error(line: &str) -> UsageError {
    match parse_command(line, Path::new(env!("CARGO_MANIFEST_DIR"))) {
        Err(e) => e,
        other => panic!("{line}: expected an error, got {other:?}"),
    }
}

const USAGE: &str = "\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n\
To see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n\n";

#[test]
fn every_command_with_and_without_aws_dynamodb() {
    let rows: &[(&str, Operation, Value)] = &[
        ("create-table --table-name T --attribute-definitions AttributeName=a,AttributeType=S --key-schema AttributeName=a,KeyType=HASH --billing-mode PAY_PER_REQUEST",
         Operation::CreateTable,
         json!({"AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"}], "TableName": "T",
                "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"})),
        ("delete-table --table-name T", Operation::DeleteTable, json!({"TableName": "T"})),
        ("describe-table --table-name T", Operation::DescribeTable, json!({"TableName": "T"})),
        ("list-tables", Operation::ListTables, json!({})),
        ("put-item --table-name T --item a={S=x}", Operation::PutItem, json!({"TableName": "T", "Item": {"a": {"S": "x"}}})),
        ("get-item --table-name T --key a={S=x} --consistent-read", Operation::GetItem,
         json!({"TableName": "T", "Key": {"a": {"S": "x"}}, "ConsistentRead": true})),
        ("update-item --table-name T --key a={S=x} --update-expression 'SET b = :b' --expression-attribute-values :b={N=1}",
         Operation::UpdateItem,
         json!({"TableName": "T", "Key": {"a": {"S": "x"}}, "UpdateExpression": "SET b = :b",
                "ExpressionAttributeValues": {":b": {"N": "1"}}})),
        ("delete-item --table-name T --key a={S=x} --return-values ALL_OLD", Operation::DeleteItem,
         json!({"TableName": "T", "Key": {"a": {"S": "x"}}, "ReturnValues": "ALL_OLD"})),
        ("scan --table-name T --no-consistent-read", Operation::Scan, json!({"TableName": "T", "ConsistentRead": false})),
        ("query --table-name T --key-condition-expression 'a = :a' --expression-attribute-values :a={S=x} --no-scan-index-forward",
         Operation::Query,
         json!({"TableName": "T", "ScanIndexForward": false, "KeyConditionExpression": "a = :a",
                "ExpressionAttributeValues": {":a": {"S": "x"}}})),
        ("transact-write-items --transact-items 'Put={TableName=T,Item={a={S=x}}}' --client-request-token tok",
         Operation::TransactWriteItems,
         json!({"TransactItems": [{"Put": {"TableName": "T", "Item": {"a": {"S": "x"}}}}], "ClientRequestToken": "tok"})),
        ("transact-get-items --transact-items '[{\"Get\": {\"TableName\": \"T\", \"Key\": {\"a\": {\"S\": \"x\"}}}}]'",
         Operation::TransactGetItems,
         json!({"TransactItems": [{"Get": {"TableName": "T", "Key": {"a": {"S": "x"}}}}]})),
    ];
    for (line, op, expected) in rows {
        for prefix in ["", "aws dynamodb ", "dynamodb "] {
            let full = format!("{prefix}{line}");
            match parse_command(&full, Path::new(".")) {
                Ok(Command::Call(call)) => {
                    assert_eq!(call.operation, *op, "{full}");
                    assert_eq!(call.request.to_string(), expected.to_string(), "{full}");
                }
                other => panic!("{full}: {other:?}"),
            }
        }
    }
}

#[test]
fn shorthand() {
    let rows: &[(&str, Value)] = &[
        (
            "get-item --table-name T --key 'Artist={S=\"Acme Band\"},SongTitle={S=Happy Day}'",
            json!({"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}}),
        ),
        (
            "get-item --table-name T --key 'a={SS=[x,y]},b={NS=[1,2]},c={SS=z}'",
            json!({"a": {"SS": ["x", "y"]}, "b": {"NS": ["1", "2"]}, "c": {"SS": ["z"]}}),
        ),
        // At the top level a comma list is a list; inside braces it is not (the CLI's grammar).
        (
            "get-item --table-name T --key 'a={S=x},b={S=y}'",
            json!({"a": {"S": "x"}, "b": {"S": "y"}}),
        ),
        (
            "get-item --table-name T --key 'a={BOOL=True},b={NULL=true},c={BOOL=FALSE}'",
            json!({"a": {"BOOL": true}, "b": {"NULL": true}, "c": {"BOOL": false}}),
        ),
        (
            "get-item --table-name T --key 'a={L=[{S=x},{N=1}]},b={M={c={S=d}}}'",
            json!({"a": {"L": [{"S": "x"}, {"N": "1"}]}, "b": {"M": {"c": {"S": "d"}}}}),
        ),
        (
            "get-item --table-name T --key 'a={S=x\\,y},b={S=\"p,q\"},c={S='\\''it'\\''}'",
            json!({"a": {"S": "x,y"}, "b": {"S": "p,q"}, "c": {"S": "it"}}),
        ),
        (
            "get-item --table-name T --key 'a = { S = x y },b={S=\"\"}'",
            json!({"a": {"S": "x y"}, "b": {"S": ""}}),
        ),
        (
            "get-item --table-name T --key 'a={S@=file://tests/fixtures/cli/table-name.txt}'",
            json!({"a": {"S": "MusicCollection\n"}}),
        ),
    ];
    for (line, key) in rows {
        assert_eq!(request(line)["Key"], *key, "{line}");
    }
    let r = request("create-table --table-name T --key-schema AttributeName=Artist,KeyType=HASH AttributeName=SongTitle,KeyType=RANGE --provisioned-throughput ReadCapacityUnits=5,WriteCapacityUnits=5 --attribute-definitions AttributeName=Artist,AttributeType=S");
    assert_eq!(
        r["KeySchema"],
        json!([{"AttributeName": "Artist", "KeyType": "HASH"}, {"AttributeName": "SongTitle", "KeyType": "RANGE"}])
    );
    assert_eq!(
        r["ProvisionedThroughput"],
        json!({"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    );
    let r = request("create-table --table-name T --key-schema AttributeName=a,KeyType=HASH --attribute-definitions AttributeName=a,AttributeType=S --local-secondary-indexes 'IndexName=LSI,KeySchema=[{AttributeName=a,KeyType=HASH},{AttributeName=b,KeyType=RANGE}],Projection={ProjectionType=INCLUDE,NonKeyAttributes=[c,d]}'");
    assert_eq!(
        r["LocalSecondaryIndexes"],
        json!([{"IndexName": "LSI",
        "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}, {"AttributeName": "b", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["c", "d"]}}])
    );
    assert_eq!(
        request(
            "put-item --table-name T --item {} --expression-attribute-names '#y=Year,#t=Title'"
        )["ExpressionAttributeNames"],
        json!({"#y": "Year", "#t": "Title"})
    );
}

#[test]
fn shorthand_errors() {
    let rows: &[(&str, &str)] = &[
        ("put-item --table-name T --item a", "Expected: '=', received: 'EOF' for input:\na\n ^"),
        ("put-item --table-name T --item 'a={S=x'", "Expected: ',', received: 'EOF' for input:\na={S=x\n      ^"),
        ("put-item --table-name T --item 'a={SS=x,y}'", "Expected: '=', received: '}' for input:\na={SS=x,y}\n         ^"),
        ("put-item --table-name T --item 'a=b,a=c'",
         "Second instance of key \"a\" encountered for input:\na=b,a=c\n    ^\nThis is often because there is a preceding \",\" instead of a space."),
    ];
    for (line, message) in rows {
        let e = error(line);
        assert_eq!(
            e.stderr,
            format!("\nError parsing parameter '--item': {message}\n"),
            "{line}"
        );
        assert_eq!(e.exit_code, 252);
    }
    // A boolean that is not true/false stays a string, which validation then refuses.
    let e = error("get-item --table-name T --key a={BOOL=yes}");
    assert_eq!(
        e.stderr,
        "\nParameter validation failed:\nInvalid type for parameter Key.a.BOOL, value: yes, type: <class 'str'>, valid types: <class 'bool'>\n"
    );
    let e = error("create-table --table-name T --key-schema AttributeName=a,KeyType=HASH --provisioned-throughput ReadCapacityUnits=x,WriteCapacityUnits=1");
    assert_eq!(
        (e.stderr.as_str(), e.exit_code),
        ("\ninvalid literal for int() with base 10: 'x'\n", 255)
    );
}

#[test]
fn usage_errors() {
    let rows: &[(&str, &str)] = &[
        ("put-item --table-name T --item {} --bogus 1", "Unknown options: --bogus, 1"),
        ("put-item --table-name T --item {} x y", "Unknown options: y, x"),
        ("put-item", "aws: error: the following arguments are required: --table-name, --item"),
        ("get-item --key {} --table-name", "aws: error: argument --table-name: expected one argument"),
        ("get-item --table-name T --key {} --consistent-read=true",
         "aws: error: argument --consistent-read: ignored explicit argument 'true'"),
        ("put-item --table-name T --item {} --return x",
         "aws: error: ambiguous option: --return could match --return-values, --return-consumed-capacity, --return-item-collection-metrics, --return-values-on-condition-check-failure"),
        ("aws", "aws: error: the following arguments are required: command"),
        ("aws dynamodb", "aws: error: the following arguments are required: operation"),
    ];
    for (line, message) in rows {
        let e = error(line);
        assert_eq!(e.stderr, format!("{USAGE}{message}\n\n"), "{line}");
        assert_eq!(e.exit_code, 252, "{line}");
    }
}

#[test]
fn global_options_are_accepted_and_mostly_ignored() {
    let line = "aws --region eu-west-1 --profile p dynamodb --endpoint-url http://localhost:8000 put-item \
                --table-name T --item {} --output json --no-cli-pager --debug --no-verify-ssl --no-sign-request \
                --ca-bundle x.pem --cli-read-timeout 5 --cli-connect-timeout 5 --cli-auto-prompt --no-cli-auto-prompt";
    assert_eq!(request(line), json!({"TableName": "T", "Item": {}}));
    match parse_command("scan --table-name T --color on", Path::new(".")) {
        Ok(Command::Call(call)) => assert_eq!(call.color, Some(true)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn what_txlab_cannot_do_is_refused_plainly() {
    let rows: &[(&str, &str)] = &[
        ("scan --table-name T --output text", "\ntxlab prints JSON only; --output text is not supported\n"),
        ("scan --table-name T --query Items", "\ntxlab does not support --query (JMESPath)\n"),
        ("put-item --cli-input-yaml 'TableName: T'", "\ntxlab does not support YAML input (--cli-input-yaml)\n"),
        ("put-item --generate-cli-skeleton yaml-input", "\ntxlab does not support --generate-cli-skeleton yaml-input\n"),
        ("batch-write-item --request-items {}",
         "\ntxlab does not support `batch-write-item` (it runs create-table, delete-table, describe-table, list-tables, put-item, get-item, update-item, delete-item, scan, query, transact-write-items and transact-get-items)\n"),
    ];
    for (line, stderr) in rows {
        let e = error(line);
        assert_eq!((e.stderr.as_str(), e.exit_code), (*stderr, 252), "{line}");
    }
}

#[test]
fn help_and_version() {
    let cwd = Path::new(".");
    assert_eq!(parse_command("help", cwd), Ok(Command::Help(None)));
    assert_eq!(parse_command("aws help", cwd), Ok(Command::Help(None)));
    assert_eq!(
        parse_command("aws dynamodb help", cwd),
        Ok(Command::Help(None))
    );
    assert_eq!(
        parse_command("put-item help", cwd),
        Ok(Command::Help(Some(Operation::PutItem)))
    );
    assert_eq!(
        parse_command("get-item --table-name T --key {} help", cwd),
        Ok(Command::Help(Some(Operation::GetItem)))
    );
    // Required flags are checked before `help` is seen, as in the CLI.
    assert!(parse_command("get-item --key {} help", cwd).is_err());
    assert_eq!(
        parse_command("--version", cwd),
        Ok(Command::Print(format!(
            "txlab/{}\n",
            env!("CARGO_PKG_VERSION")
        )))
    );
}

/// AWS CLI v2's own texts (v1, the runnable reference here, words these differently).
#[test]
fn cli_input_json_as_aws_cli_v2() {
    let r = request("put-item --cli-input-json '{\"TableName\": \"T\", \"Item\": {}, \"ReturnValues\": \"ALL_OLD\"}' --table-name U");
    assert_eq!(
        r.to_string(),
        "{\"TableName\":\"U\",\"Item\":{},\"ReturnValues\":\"ALL_OLD\"}"
    );
    let rows: &[(&str, &str)] = &[
        ("put-item --cli-input-json '{bad'", "\nError parsing parameter 'cli-input-json': Invalid JSON received.\n"),
        ("put-item --cli-input-json '[1]'",
         "\nError parsing parameter '--cli-input-json': Invalid type: expecting map, received <class 'list'>\n"),
        ("put-item --cli-input-json {} --cli-input-yaml x", "\nOnly one --cli-input- parameter may be specified.\n"),
    ];
    for (line, stderr) in rows {
        let e = error(line);
        assert_eq!((e.stderr.as_str(), e.exit_code), (*stderr, 252), "{line}");
    }
}

/// Binary values: base64 as given (AWS CLI v2's default `--cli-binary-format base64`), re-encoded canonically
/// as the wire carries them; or raw text with `raw-in-base64-out` (v1's behaviour).
#[test]
fn binary_values() {
    let key = |line: &str| request(line)["Key"]["a"].clone();
    assert_eq!(
        key("get-item --table-name T --key '{\"a\": {\"B\": \"QUJD\"}}'"),
        json!({"B": "QUJD"})
    );
    assert_eq!(
        key("get-item --table-name T --key '{\"a\": {\"B\": \"QU JD\\n\"}}'"),
        json!({"B": "QUJD"})
    );
    assert_eq!(
        key("get-item --table-name T --key '{\"a\": {\"B\": \"QUI=garbage\"}}'"),
        json!({"B": "QUI="})
    );
    assert_eq!(
        key("get-item --table-name T --key '{\"a\": {\"B\": \"ABC\"}}' --cli-binary-format raw-in-base64-out"),
        json!({"B": "QUJD"})
    );
    assert_eq!(
        key("get-item --table-name T --key 'a={BS=[QUJD,AA==]}'"),
        json!({"BS": ["QUJD", "AA=="]})
    );
    let rows: &[(&str, &str, i32)] = &[
        (
            "get-item --table-name T --key '{\"a\": {\"B\": \"QUJ\"}}'",
            "\nInvalid base64: \"QUJ\"\n",
            255,
        ),
        (
            "get-item --table-name T --key '{\"a\": {\"B\": \"Q\"}}'",
            "\nInvalid base64: \"Q\"\n",
            255,
        ),
        (
            "get-item --table-name T --key '{\"a\": {\"B\": \"é\"}}'",
            "\nstring argument should contain only ASCII characters\n",
            255,
        ),
    ];
    for (line, stderr, code) in rows {
        let e = error(line);
        assert_eq!((e.stderr.as_str(), e.exit_code), (*stderr, *code), "{line}");
    }
}

#[test]
fn pagination_settings() {
    let call = |line: &str| match parse_command(line, Path::new(".")) {
        Ok(Command::Call(call)) => call,
        other => panic!("{line}: {other:?}"),
    };
    assert_eq!(
        call("scan --table-name T").pagination,
        Some(Pagination::default())
    );
    assert_eq!(call("list-tables").pagination, Some(Pagination::default()));
    assert_eq!(call("put-item --table-name T --item {}").pagination, None);
    assert_eq!(call("scan --table-name T --no-paginate").pagination, None);
    assert_eq!(call("scan --table-name T --limit 5").pagination, None);
    assert_eq!(
        call("scan --table-name T --exclusive-start-key a={S=x}").pagination,
        None
    );
    assert_eq!(
        call("scan --cli-input-json '{\"TableName\": \"T\", \"Limit\": 5}'").pagination,
        None
    );
    let c = call("query --table-name T --page-size 10 --max-items 25");
    assert_eq!(
        c.pagination,
        Some(Pagination {
            max_items: Some(25),
            page_size: Some(10),
            skip_first: 0
        })
    );
    assert_eq!(c.request, json!({"TableName": "T", "Limit": 10}));
    // A NextToken printed by an earlier --max-items run resumes where it stopped.
    let c = call("scan --table-name T --starting-token eyJFeGNsdXNpdmVTdGFydEtleSI6IHsicGsiOiB7IlMiOiAiYiJ9fSwgImJvdG9fdHJ1bmNhdGVfYW1vdW50IjogMX0=");
    assert_eq!(
        c.request,
        json!({"TableName": "T", "ExclusiveStartKey": {"pk": {"S": "b"}}})
    );
    assert_eq!(c.pagination.map(|p| p.skip_first), Some(1));
    assert_eq!(
        call("scan --table-name T --max-items 0").warnings,
        "warning: Non-positive values for --max-items may result in undefined behavior.\n"
    );
}

#[test]
fn flags_come_from_the_model() {
    let flags = Operation::PutItem.flags();
    assert_eq!(
        flags,
        [
            "--table-name",
            "--item",
            "--expected",
            "--return-values",
            "--return-consumed-capacity",
            "--return-item-collection-metrics",
            "--conditional-operator",
            "--condition-expression",
            "--expression-attribute-names",
            "--expression-attribute-values",
            "--return-values-on-condition-check-failure",
            "--cli-input-json",
            "--cli-input-yaml",
            "--generate-cli-skeleton",
        ]
    );
    assert!(Operation::Scan
        .flags()
        .contains(&"--no-consistent-read".to_string()));
    assert!(Operation::CreateTable
        .flags()
        .contains(&"--sse-specification".to_string()));
    assert!(Operation::Query.flags().ends_with(&[
        "--cli-input-json".to_string(),
        "--cli-input-yaml".to_string(),
        "--starting-token".to_string(),
        "--page-size".to_string(),
        "--max-items".to_string(),
        "--generate-cli-skeleton".to_string(),
    ]));
    assert!(txlab::cli::global_flags().contains(&"--no-cli-pager".to_string()));
    for op in Operation::ALL {
        assert_eq!(Operation::from_cli_name(op.cli_name()), Some(op));
        assert_eq!(Operation::from_name(op.name()), Some(op));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// Nothing panics, whatever is typed.
    #[test]
    fn any_input_gives_a_result(line in "(put-item|scan|get-item|create-table|transact-write-items)? ?[ -~é☃\\n{}\\[\\]=,'\"\\\\]{0,80}") {
        let _ = parse_command(&line, Path::new("."));
    }

    #[test]
    fn any_item_value_gives_a_result(value in "[ -~é☃{}\\[\\]=,'\"\\\\@]{0,60}") {
        let _ = parse_command(&format!("put-item --table-name T --item {}", txlab::cli::tokenize::quote(&value)), Path::new("."));
        let _ = parse_command(&format!("create-table --table-name T --key-schema {}", txlab::cli::tokenize::quote(&value)), Path::new("."));
        let _ = parse_command(&format!("scan --table-name T --starting-token {}", txlab::cli::tokenize::quote(&value)), Path::new("."));
    }
}
