//! Golden files: each `tests/golden/NAME.txlab` script runs through the real binary
//! (`txlab --memory exec NAME.txlab`, in `tests/golden`, with `NO_COLOR` and a fixed clock), and its standard
//! output, standard error and exit code must equal `NAME.stdout`, `NAME.stderr` and `NAME.code`.
//!
//! A script's first line may hold extra `exec` flags: `#! --keep-going`.
//! `UPDATE_GOLDEN=1 cargo test --test golden` rewrites the expected files from what the binary prints (review
//! the diff before committing).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// 2023-11-14 22:13:20 UTC.
const FIXED_TIME: &str = "1700000000000";

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

struct Outcome {
    stdout: String,
    stderr: String,
    code: i32,
}

fn run(dir: &Path, args: &[&str], stdin: Option<&str>) -> Outcome {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_txlab"));
    cmd.current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env("TXLAB_FIXED_TIME", FIXED_TIME)
        .env_remove("TXLAB_SESSION")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the txlab binary runs");
    if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
        use std::io::Write;
        pipe.write_all(text.as_bytes()).expect("stdin written");
    }
    let out = child.wait_with_output().expect("txlab finishes");
    Outcome {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

fn exec_args(script: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(script).expect("script readable");
    let mut args = vec!["--memory".to_string(), "exec".to_string()];
    if let Some(flags) = text.lines().next().and_then(|l| l.strip_prefix("#!")) {
        args.extend(flags.split_whitespace().map(str::to_string));
    }
    args.push(
        script
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string(),
    );
    args
}

#[test]
fn golden_files() {
    let dir = golden_dir();
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/golden exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txlab"))
        .collect();
    scripts.sort();
    assert!(scripts.len() >= 10, "the golden scripts are there");
    let mut failures = Vec::new();
    for script in &scripts {
        let args = exec_args(script);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let got = run(&dir, &args, None);
        let stem = script.with_extension("");
        let expected_path = |ext: &str| PathBuf::from(format!("{}.{ext}", stem.display()));
        if update {
            std::fs::write(expected_path("stdout"), &got.stdout).expect("write stdout");
            std::fs::write(expected_path("stderr"), &got.stderr).expect("write stderr");
            std::fs::write(expected_path("code"), format!("{}\n", got.code)).expect("write code");
            continue;
        }
        let read = |ext: &str| std::fs::read_to_string(expected_path(ext)).unwrap_or_default();
        let name = stem
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_string();
        if got.stdout != read("stdout") {
            failures.push(format!(
                "{name}: standard output differs\n--- got ---\n{}",
                got.stdout
            ));
        }
        if got.stderr != read("stderr") {
            failures.push(format!(
                "{name}: standard error differs\n--- got ---\n{}",
                got.stderr
            ));
        }
        if got.code.to_string() != read("code").trim() {
            failures.push(format!(
                "{name}: exit code {} (expected {})",
                got.code,
                read("code").trim()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `exec -` reads the script from standard input and prints the same as from a file.
#[test]
fn a_script_on_standard_input_runs_the_same() {
    let dir = golden_dir();
    let script = std::fs::read_to_string(dir.join("explain-cancelled.txlab")).expect("script");
    let got = run(
        &dir,
        &["--memory", "exec", "--keep-going", "-"],
        Some(&script),
    );
    let expected = std::fs::read_to_string(dir.join("explain-cancelled.stdout")).expect("stdout");
    assert_eq!(got.stdout, expected);
    assert_eq!(
        got.code.to_string(),
        std::fs::read_to_string(dir.join("explain-cancelled.code"))
            .expect("code")
            .trim()
    );
}

/// A script that does not exist: a plain message and the AWS CLI's general-error code.
#[test]
fn a_missing_script_is_reported() {
    let got = run(
        &golden_dir(),
        &["--memory", "exec", "no-such-script.txlab"],
        None,
    );
    assert_eq!(got.code, 255);
    assert!(
        got.stderr
            .starts_with("txlab: cannot read the script no-such-script.txlab:"),
        "{}",
        got.stderr
    );
    assert_eq!(got.stdout, "");
}
