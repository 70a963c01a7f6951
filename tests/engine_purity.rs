//! The engine is pure DynamoDB semantics: it must not reach for the terminal, files, the network or the clock.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn engine_imports_no_ui_io_or_clock() {
    let forbidden = [
        "ratatui",
        "crossterm",
        "rustyline",
        "syntect",
        "std::fs",
        "std::net",
        "SystemTime::now",
        "Instant::now",
    ];
    let mut files = Vec::new();
    rust_files(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/engine")),
        &mut files,
    );
    assert!(
        files.len() >= 5,
        "expected the engine's sources, found {files:?}"
    );
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for word in forbidden {
            assert!(!text.contains(word), "{} mentions {word}", file.display());
        }
    }
}
