//! Real clients against the real `txlab serve --memory --port 0`: boto3, the AWS CLI running its own
//! documentation's example, and the AWS SDK for JavaScript v3.
//!
//! The clients are installed by `scripts/test.sh` (a Python venv in `target/clients-venv` with boto3 and awscli,
//! and `npm ci` in `tests/clients/js`). When one is missing the test fails if `CI` is set, and otherwise skips
//! with a message saying how to install it.

mod http_support;
use http_support::*;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn venv() -> PathBuf {
    std::env::var_os("TXLAB_CLIENTS_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("target").join("clients-venv"))
}

/// Whether `what` is installed at `path`; if not, fail under CI, else say how to get it and skip.
fn installed(what: &str, path: &Path) -> bool {
    if path.exists() {
        return true;
    }
    let msg = format!(
        "{what} is not installed ({} is missing); run scripts/test.sh, which installs the client tools",
        path.display()
    );
    if std::env::var_os("CI").is_some() {
        panic!("{msg}");
    }
    eprintln!("SKIPPED: {msg}");
    false
}

fn show(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn boto3_transactions() {
    let python = venv().join("bin").join("python");
    if !installed("boto3", &python) {
        return;
    }
    let server = Served::start(&["--memory", "--port", "0"]);
    let out = Command::new(&python)
        .arg(manifest_dir().join("tests/clients/boto3_transactions.py"))
        .arg(&server.url)
        .output()
        .expect("run python");
    assert!(out.status.success(), "{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("boto3: all checks passed"));
}

#[test]
fn javascript_sdk_v3_transactions() {
    let dir = manifest_dir().join("tests/clients/js");
    if !installed(
        "@aws-sdk/client-dynamodb",
        &dir.join("node_modules/@aws-sdk/client-dynamodb"),
    ) {
        return;
    }
    let server = Served::start(&["--memory", "--port", "0"]);
    let out = Command::new("node")
        .arg(dir.join("transactions.mjs"))
        .arg(&server.url)
        .output()
        .expect("run node");
    assert!(out.status.success(), "{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("js sdk v3: all checks passed"));
}

// ------------------------------------------------------------------------------------------------------------
// The AWS CLI, running the commands of its own documentation (awscli/examples/dynamodb/*.rst)
// ------------------------------------------------------------------------------------------------------------

/// The literal blocks of one `**Example N...**` section: (the line that introduced it, its dedented text).
fn example_blocks(rst: &str, example: usize) -> Vec<(String, String)> {
    let header = format!("**Example {example}:");
    let mut in_example = false;
    let mut blocks = Vec::new();
    let mut intro: Option<String> = None;
    let mut block = String::new();
    let finish = |intro: &mut Option<String>, block: &mut String, blocks: &mut Vec<_>| {
        if let Some(i) = intro.take() {
            blocks.push((i, block.trim_matches('\n').trim_end().to_string()));
        }
        block.clear();
    };
    for line in rst.lines() {
        if line.starts_with("**Example ") {
            finish(&mut intro, &mut block, &mut blocks);
            in_example = line.starts_with(&header);
            continue;
        }
        if !in_example {
            continue;
        }
        if intro.is_some() && (line.starts_with("    ") || line.trim().is_empty()) {
            block.push_str(line.get(4..).unwrap_or(""));
            block.push('\n');
            continue;
        }
        finish(&mut intro, &mut block, &mut blocks);
        if line.trim_end().ends_with("::") {
            intro = Some(line.trim().to_string());
        }
    }
    finish(&mut intro, &mut block, &mut blocks);
    blocks
}

struct Cli {
    venv: PathBuf,
    examples: PathBuf,
    dir: TempDir,
    url: String,
}

impl Cli {
    fn doc(&self, name: &str) -> String {
        std::fs::read_to_string(self.examples.join(name)).expect("the documentation file")
    }

    /// Run one command line as a shell would, with `--endpoint-url` added and dummy credentials.
    fn run(&self, command: &str) -> Output {
        let path = format!(
            "{}:{}",
            self.venv.join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        Command::new("sh")
            .arg("-c")
            .arg(format!("{command} --endpoint-url {}", self.url))
            .current_dir(&self.dir.0)
            .env("PATH", path)
            .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
            .env(
                "AWS_SECRET_ACCESS_KEY",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            )
            .env("AWS_DEFAULT_REGION", "us-west-2")
            .env("AWS_CONFIG_FILE", self.dir.file("no-config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.dir.file("no-credentials"),
            )
            .env("AWS_MAX_ATTEMPTS", "1")
            .output()
            .expect("run the AWS CLI")
    }

    /// Run the command of `file`'s example `n` after writing the files it reads; returns its output and the
    /// documented output (if any).
    fn example(&self, file: &str, n: usize) -> (Output, Option<String>) {
        let blocks = example_blocks(&self.doc(file), n);
        let mut command = None;
        let mut documented = None;
        for (intro, text) in &blocks {
            if let Some(name) = intro
                .split("``")
                .nth(1)
                .filter(|_| intro.starts_with("Contents of"))
            {
                std::fs::write(self.dir.file(name), text).expect("write the example's file");
            } else if intro.starts_with("Output") {
                documented = Some(text.clone());
            } else if command.is_none() && text.starts_with("aws dynamodb") {
                command = Some(text.clone());
            }
        }
        let command = command.unwrap_or_else(|| panic!("no command in {file} example {n}"));
        let out = self.run(&command);
        assert!(out.status.success(), "{command}\n{}", show(&out));
        (out, documented)
    }
}

fn json_of(text: &[u8]) -> Value {
    serde_json::from_slice(text)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(text)))
}

/// ItemCollectionMetrics lists in a stable order, for comparing without regard to it.
fn sort_metrics(v: &mut Value) {
    if let Some(Value::Object(tables)) = v.get_mut("ItemCollectionMetrics") {
        for list in tables.values_mut() {
            if let Value::Array(entries) = list {
                entries.sort_by_key(|e| e.to_string());
            }
        }
    }
}

#[test]
fn aws_cli_documentation_example() {
    let venv = venv();
    let python = venv.join("bin").join("python");
    if !installed("awscli", &venv.join("bin").join("aws")) {
        return;
    }
    let located = Command::new(&python)
        .args([
            "-c",
            "import awscli, os; print(os.path.dirname(awscli.__file__))",
        ])
        .output()
        .expect("find awscli");
    let examples = PathBuf::from(String::from_utf8_lossy(&located.stdout).trim())
        .join("examples")
        .join("dynamodb");
    let server = Served::start(&["--memory", "--port", "0"]);
    let cli = Cli {
        venv,
        examples,
        dir: TempDir::new("awscli"),
        url: server.url.clone(),
    };

    // The table of the documentation's transaction: MusicCollection with its local secondary index
    // (create-table Example 4), which is why the documented output has ItemCollectionMetrics.
    let (out, _) = cli.example("create-table.rst", 4);
    let created = json_of(&out.stdout);
    assert_eq!(created["TableDescription"]["TableName"], "MusicCollection");
    assert_eq!(
        created["TableDescription"]["LocalSecondaryIndexes"][0]["IndexName"],
        "AlbumTitleIndex"
    );
    // Its items: put-item Example 1, and the song get-item Example 1 shows.
    let (out, _) = cli.example("put-item.rst", 1);
    assert!(json_of(&out.stdout)["ItemCollectionMetrics"].is_object());
    let out = cli.run(r#"aws dynamodb put-item --table-name MusicCollection --item '{"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}, "AlbumTitle": {"S": "Songs About Life"}}'"#);
    assert!(out.status.success(), "{}", show(&out));

    // transact-write-items Example 1, exactly as documented.
    let (out, documented) = cli.example("transact-write-items.rst", 1);
    let mut ours = json_of(&out.stdout);
    let mut documented = json_of(documented.expect("documented output").as_bytes());
    // Known differences from the documented output, each on purpose:
    // - units: the documentation shows 10.0, which needs the index writes doubled like the table's; txlab
    //   charges index arms once (spec §1.8, from 2026 captures): table 2 + 2, AlbumTitleIndex 2 (the update
    //   moves the item's index key) + 1 (the delete removes its entry) = 7.0.
    // - the order of ItemCollectionMetrics entries, which the documentation does not explain; txlab lists
    //   them in request order.
    for units in ["CapacityUnits", "WriteCapacityUnits"] {
        assert_eq!(documented["ConsumedCapacity"][0][units], 10.0);
        documented["ConsumedCapacity"][0][units] = 7.0.into();
    }
    sort_metrics(&mut ours);
    sort_metrics(&mut documented);
    assert_eq!(ours, documented);

    // Example 2 (a client request token): "This command produces no output."; run twice, it is a replay.
    for _ in 0..2 {
        let (out, _) = cli.example("transact-write-items.rst", 2);
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "");
    }
    let out = cli.run(r#"aws dynamodb get-item --table-name MusicCollection --key '{"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}}'"#);
    assert_eq!(
        json_of(&out.stdout)["Item"]["AlbumTitle"],
        serde_json::json!({"S": "Updated Album Title"})
    );

    // The same example, cancelled because the song to delete now has a Rating: the CLI's error line.
    let out = cli.run(r#"aws dynamodb put-item --table-name MusicCollection --item '{"Artist": {"S": "No One You Know"}, "SongTitle": {"S": "Call Me Today"}, "Rating": {"N": "5"}}'"#);
    assert!(out.status.success(), "{}", show(&out));
    let command = example_blocks(&cli.doc("transact-write-items.rst"), 1)
        .into_iter()
        .find(|(_, t)| t.starts_with("aws dynamodb"))
        .map(|(_, t)| t)
        .unwrap_or_default();
    let out = cli.run(&command);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "An error occurred (TransactionCanceledException) when calling the TransactWriteItems operation: \
         Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]"
    );
}

#[test]
fn documentation_blocks_are_read_as_written() {
    let rst = "**Example 1: x**\n\nThe command::\n\n    aws dynamodb a \\\n        --b c\n\nContents of ``f.json``::\n\n    {\n        \"k\": 1\n    }\n\nOutput::\n\n    {}\n\n**Example 2: y**\n\nOther::\n\n    aws dynamodb z\n";
    assert_eq!(
        example_blocks(rst, 1),
        vec![
            (
                "The command::".into(),
                "aws dynamodb a \\\n    --b c".into()
            ),
            (
                "Contents of ``f.json``::".into(),
                "{\n    \"k\": 1\n}".into()
            ),
            ("Output::".into(), "{}".into()),
        ]
    );
    assert_eq!(
        example_blocks(rst, 2),
        vec![("Other::".into(), "aws dynamodb z".into())]
    );
}
