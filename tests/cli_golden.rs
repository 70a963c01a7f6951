//! Golden files recorded from the real AWS CLI (`scripts/compare-with-aws-cli.py`, AWS CLI v1.46 run offline
//! against a fake endpoint, its presentation mapped to v2's): each command line's request body, or its exact
//! error text and exit code; and for `golden-output.jsonl`, what is printed for given responses (rendering,
//! pagination with its requests, service errors).

mod cli_support;

use cli_support::{golden, outcome, repo};

#[test]
fn requests_and_usage_errors_match_the_aws_cli() {
    let mut failures = Vec::new();
    let cases = golden("golden-requests.jsonl");
    assert!(cases.len() > 150, "golden file too short");
    for (line, expect) in cases {
        let actual = outcome(&line, &repo(), None);
        if actual != expect {
            failures.push(format!(
                "{line}\n  expected: {expect}\n  actual:   {actual}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn printed_output_matches_the_aws_cli() {
    let mut failures = Vec::new();
    for (line, expect) in golden("golden-output.jsonl") {
        let (file, command) = line
            .trim_start_matches('@')
            .split_once('|')
            .expect("@FILE | command");
        let responses: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(repo().join(file.trim())).unwrap())
                .unwrap();
        let responses = responses.as_array().unwrap().clone();
        let actual = outcome(command.trim(), &repo(), Some(responses));
        if actual != expect {
            failures.push(format!(
                "{line}\n  expected: {expect}\n  actual:   {actual}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
