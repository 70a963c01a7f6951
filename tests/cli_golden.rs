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

/// `--generate-cli-skeleton` prints what the AWS CLI prints, with the first allowed value where the CLI picks an
/// enum value at random (the files were made by the real CLI with `random.choice` fixed to the first value).
#[test]
fn input_skeletons_match_the_aws_cli() {
    for op in txlab::cli::Operation::ALL {
        let path = repo().join(format!(
            "tests/fixtures/cli/skeletons/{}.json",
            op.cli_name()
        ));
        let expected = std::fs::read_to_string(&path).unwrap();
        let line = format!("{} --generate-cli-skeleton", op.cli_name());
        let actual = outcome(&line, &repo(), None);
        assert_eq!(actual["text"].as_str(), Some(expected.as_str()), "{line}");
        let line = format!(
            "aws dynamodb {} --generate-cli-skeleton input",
            op.cli_name()
        );
        assert_eq!(
            outcome(&line, &repo(), None)["text"].as_str(),
            Some(expected.as_str()),
            "{line}"
        );
    }
}
