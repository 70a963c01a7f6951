//! Highlighting cost per keystroke (the REPL and the TUI highlight the whole line on every key), and the one-off
//! cost of loading the grammars. Run: `cargo bench --bench highlight`.

use txlab::highlight::{to_ansi, Highlighter, Palette};

fn main() {
    divan::main();
}

/// A 200-character command line with JSON and two embedded expressions.
const COMMAND_LINE: &str = r##"transact-write-items --transact-items '[{"Delete": {"TableName": "Music", "Key": {"Artist": {"S": "Acme"}}, "ConditionExpression": "attribute_not_exists(Rating)"}}]' --condition-expression "#y = :v AND b < :n""##;

const EXPRESSION: &str =
    "SET #y = :v + :one, Tags = list_append(if_not_exists(Tags, :empty), :t) REMOVE Old[1]";

#[divan::bench]
fn command_line_200_chars(bencher: divan::Bencher) {
    let highlighter = Highlighter::shared();
    highlighter.highlight_command_line(COMMAND_LINE);
    bencher.bench(|| highlighter.highlight_command_line(divan::black_box(COMMAND_LINE)));
}

#[divan::bench]
fn expression(bencher: divan::Bencher) {
    let highlighter = Highlighter::shared();
    highlighter.highlight_expression(EXPRESSION);
    bencher.bench(|| highlighter.highlight_expression(divan::black_box(EXPRESSION)));
}

#[divan::bench]
fn command_line_to_ansi(bencher: divan::Bencher) {
    let highlighter = Highlighter::shared();
    let palette = Palette::basic();
    bencher.bench(|| {
        let tokens = highlighter.highlight_command_line(divan::black_box(COMMAND_LINE));
        to_ansi(COMMAND_LINE, &tokens, &palette)
    });
}

/// Loading the grammars (what a TUI start pays, unless it loads them on a background thread).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn load() -> Highlighter {
    Highlighter::new()
}

/// Loading plus the first line, which compiles the patterns it meets.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn load_and_first_command_line() -> usize {
    Highlighter::new()
        .highlight_command_line(COMMAND_LINE)
        .len()
}
