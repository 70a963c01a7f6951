//! The shell-like tokenizer: one row per case, (input, words) or (input, what is still open).

use txlab::cli::{tokenize, Incomplete, Tokens};

fn words(input: &str) -> Vec<String> {
    match tokenize(input) {
        Tokens::Complete(w) => w,
        Tokens::Incomplete(i) => panic!("{input:?} is incomplete: {i:?}"),
    }
}

#[test]
fn words_as_a_posix_shell_splits_them() {
    let rows: &[(&str, &[&str])] = &[
        ("", &[]),
        ("   \t ", &[]),
        (
            "put-item --table-name T",
            &["put-item", "--table-name", "T"],
        ),
        ("a  b\tc\nd", &["a", "b", "c", "d"]),
        ("'a b' c", &["a b", "c"]),
        ("'it'\\''s'", &["it's"]),
        ("''", &[""]),
        ("a '' b", &["a", "", "b"]),
        ("\"\"", &[""]),
        ("'{\"a\": {\"S\": \"x\"}}'", &["{\"a\": {\"S\": \"x\"}}"]),
        ("\"a \\\"b\\\" c\"", &["a \"b\" c"]),
        ("\"a\\$b\\`c\\\\d\"", &["a$b`c\\d"]),
        ("\"a\\nb\"", &["a\\nb"]),
        ("'a\\nb'", &["a\\nb"]),
        ("a\\ b", &["a b"]),
        ("a\\'b", &["a'b"]),
        ("x'y'\"z\"", &["xyz"]),
        ("a \\\n  b", &["a", "b"]),
        ("\"a\\\nb\"", &["ab"]),
        ("a # comment", &["a"]),
        ("# only a comment", &[]),
        ("a#b", &["a#b"]),
        ("a '#b'", &["a", "#b"]),
        ("a # c\nb", &["a", "b"]),
        ("--key Artist={S=x}", &["--key", "Artist={S=x}"]),
        (
            "--key 'Artist={S=\"Acme Band\"}'",
            &["--key", "Artist={S=\"Acme Band\"}"],
        ),
        ("a;b|c>d", &["a;b|c>d"]),
        ("$HOME ~", &["$HOME", "~"]),
        ("é ☃", &["é", "☃"]),
    ];
    for (input, expected) in rows {
        assert_eq!(words(input), *expected, "input: {input:?}");
    }
}

#[test]
fn open_quotes_backslashes_and_brackets_are_incomplete() {
    let rows: &[(&str, Incomplete)] = &[
        ("put-item --item '{\"a\":", Incomplete::SingleQuote),
        ("a 'b", Incomplete::SingleQuote),
        ("a \"b", Incomplete::DoubleQuote),
        ("a \"b\\", Incomplete::DoubleQuote),
        (
            "aws dynamodb transact-write-items \\",
            Incomplete::Backslash,
        ),
        ("a \\", Incomplete::Backslash),
        ("--key a={S=x", Incomplete::Bracket),
        ("--key a=[{S=x}", Incomplete::Bracket),
    ];
    for (input, expected) in rows {
        assert_eq!(
            tokenize(input),
            Tokens::Incomplete(*expected),
            "input: {input:?}"
        );
    }
    // Closed brackets, and brackets inside quotes, do not keep the input open.
    assert_eq!(words("--key a={S=x}"), ["--key", "a={S=x}"]);
    assert_eq!(words("--item '{'"), ["--item", "{"]);
    // A multi-line entry completes once the quote closes.
    assert_eq!(
        words("put-item --item '{\n  \"a\": {\"S\": \"x\"}\n}'"),
        ["put-item", "--item", "{\n  \"a\": {\"S\": \"x\"}\n}"]
    );
}

#[test]
fn incomplete_input_at_the_end_of_a_script_is_a_usage_error() {
    let err =
        txlab::cli::parse_command("put-item --item '{", std::path::Path::new(".")).unwrap_err();
    assert_eq!(
        err.stderr,
        "\nunexpected end of input while looking for matching `''\n"
    );
    assert_eq!(err.exit_code, 252);
}

#[test]
fn quote_gives_back_the_same_word() {
    for word in [
        "plain",
        "a b",
        "it's",
        "",
        "{\"a\": 1}",
        "#x",
        "a\\b",
        "x=y,z",
    ] {
        let quoted = txlab::cli::tokenize::quote(word);
        assert_eq!(words(&quoted), [word], "quoted: {quoted}");
    }
}
