//! The AWS CLI documentation examples (awscli `examples/dynamodb/*.rst`, Apache-2.0, copied under
//! tests/fixtures/aws-cli-docs/) run unchanged: each command, with the example's `Contents of ...` files in its
//! folder, gives the request the real AWS CLI sends (golden-docs.jsonl); and each documented output, printed by
//! txlab's renderer, is the documented text.

mod cli_support;

use cli_support::{golden, outcome, repo, temp_dir};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use txlab::cli::render::json_text;

struct Example {
    name: String,
    commands: Vec<String>,
    files: BTreeMap<String, String>,
    outputs: Vec<String>,
}

/// Splits an .rst page into examples: literal blocks (after a line ending in `::`) that start with `aws ` are
/// commands, those after `Contents of ``name``` are files, those after `Output::` are outputs.
fn examples(page: &str) -> Vec<Example> {
    let text =
        std::fs::read_to_string(repo().join("tests/fixtures/aws-cli-docs").join(page)).unwrap();
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<Example> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let new_example = |out: &mut Vec<Example>| {
            out.push(Example {
                name: String::new(),
                commands: Vec::new(),
                files: BTreeMap::new(),
                outputs: Vec::new(),
            })
        };
        if line.starts_with("**") && line.trim_end().ends_with("**") {
            new_example(&mut out);
        }
        if line.trim_end().ends_with("::") && !line.starts_with(' ') {
            let mut block = Vec::new();
            let mut j = i + 1;
            while j < lines.len() && (lines[j].trim().is_empty() || lines[j].starts_with("    ")) {
                block.push(lines[j].get(4..).unwrap_or(""));
                j += 1;
            }
            let body = block.join("\n").trim_matches('\n').to_string();
            if out.is_empty() {
                new_example(&mut out);
            }
            let current = out.last_mut().unwrap();
            if body.starts_with("aws ") {
                current.commands.push(body);
            } else if line.contains("Contents of") && line.contains("``") {
                let name = line.split("``").nth(1).unwrap().to_string();
                current.files.insert(name, body + "\n");
            } else if line.trim_end().ends_with("output::") || line.starts_with("Output::") {
                current.outputs.push(body);
            }
            i = j;
            continue;
        }
        i += 1;
    }
    for (n, example) in out.iter_mut().enumerate() {
        example.name = format!("docs:{page}#{}", n + 1);
    }
    out
}

fn pages() -> Vec<String> {
    let mut pages: Vec<String> = std::fs::read_dir(repo().join("tests/fixtures/aws-cli-docs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".rst"))
        .collect();
    pages.sort();
    pages
}

/// Runs `command` in a fresh folder holding `files`.
fn run(tag: &str, command: &str, files: &BTreeMap<String, String>) -> Value {
    let dir = temp_dir(tag);
    for (name, content) in files {
        std::fs::write(dir.join(name), content).unwrap();
    }
    let result = outcome(command, &dir, None);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

#[test]
fn every_documented_command_sends_what_the_aws_cli_sends() {
    let expected: BTreeMap<String, Value> = golden("golden-docs.jsonl").into_iter().collect();
    let mut seen = 0;
    let mut failures = Vec::new();
    for page in pages() {
        for example in examples(&page) {
            for (k, command) in example.commands.iter().enumerate() {
                let key = format!("{}.{}", example.name, k + 1);
                let actual = run("docs", command, &example.files);
                seen += 1;
                match expected.get(&key) {
                    Some(e) if *e == actual => {}
                    Some(e) => {
                        failures.push(format!("{key}\n  expected: {e}\n  actual:   {actual}"))
                    }
                    None => failures.push(format!("{key}: no golden line")),
                }
            }
        }
    }
    assert_eq!(
        seen,
        expected.len(),
        "every golden example is found in the pages"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn transact_write_items_example_1_runs_unchanged() {
    let example = &examples("transact-write-items.rst")[0];
    assert_eq!(
        example.commands[0],
        "aws dynamodb transact-write-items \\\n    --transact-items file://transact-items.json \\\n    \
         --return-consumed-capacity TOTAL \\\n    --return-item-collection-metrics SIZE"
    );
    let actual = run("tx1", &example.commands[0], &example.files);
    let expected = json!({"kind": "call", "operation": "TransactWriteItems", "request": {
        "TransactItems": [
            {"Update": {
                "Key": {"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}},
                "UpdateExpression": "SET AlbumTitle = :newval",
                "ExpressionAttributeValues": {":newval": {"S": "Updated Album Title"}},
                "TableName": "MusicCollection",
                "ConditionExpression": "attribute_not_exists(Rating)"}},
            {"Delete": {
                "Key": {"Artist": {"S": "No One You Know"}, "SongTitle": {"S": "Call Me Today"}},
                "TableName": "MusicCollection",
                "ConditionExpression": "attribute_not_exists(Rating)"}}],
        "ReturnConsumedCapacity": "TOTAL",
        "ReturnItemCollectionMetrics": "SIZE"}});
    assert_eq!(actual, expected);
    // Key order is part of the request as the CLI sends it (the file's order, then the flags in model order).
    assert_eq!(actual.to_string(), expected.to_string());
}

#[test]
fn transact_write_items_example_2_runs_unchanged() {
    let example = &examples("transact-write-items.rst")[1];
    assert_eq!(
        example.commands[0],
        "aws dynamodb transact-write-items \\\n    --transact-items file://transact-items.json \\\n    \
         --client-request-token abc123"
    );
    let actual = run("tx2", &example.commands[0], &example.files);
    assert_eq!(actual["operation"], "TransactWriteItems");
    assert_eq!(actual["request"]["ClientRequestToken"], "abc123");
    assert_eq!(
        actual["request"]["TransactItems"].as_array().unwrap().len(),
        2
    );
    let keys: Vec<&String> = actual["request"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["TransactItems", "ClientRequestToken"]);
    // "This command produces no output": the response is {} and prints nothing.
    assert_eq!(json_text(&json!({})), "");
}

#[test]
fn documented_outputs_print_as_documented() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for page in pages() {
        for example in examples(&page) {
            for output in &example.outputs {
                // Some outputs are abridged by hand (`...`); those are not JSON and are skipped.
                let Ok(value) = serde_json::from_str::<Value>(output) else {
                    continue;
                };
                // A documented output edited by hand into invalid JSON (a repeated key) cannot be printed back.
                if example.name == "docs:query.rst#1" {
                    assert!(
                        output.matches("\"SongTitle\"").count() == 2,
                        "query.rst#1 changed"
                    );
                    continue;
                }
                checked += 1;
                let printed = json_text(&value);
                // Outputs recorded with Python 2 end lines with ", " (its json.dumps separator with indent).
                let documented: String = output
                    .lines()
                    .map(|l| l.trim_end().to_string() + "\n")
                    .collect();
                if printed != documented {
                    failures.push(format!("{}:\n{printed}", example.name));
                }
            }
        }
    }
    assert!(checked >= 25, "only {checked} outputs checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
