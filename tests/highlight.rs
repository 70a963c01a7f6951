//! Highlighting shared by the REPL and the TUI: classes of tokens, coverage, ANSI rendering, no panics.

use proptest::prelude::*;
use txlab::highlight::{
    highlight_command_line, highlight_expression, is_reserved_word, to_ansi, AnsiColor, AnsiStyle,
    Highlighter, Language, Palette, Token, TokenClass as C, MAX_HIGHLIGHTED_LINE,
};

/// The tokens a person sees as distinct: everything but blanks, as (text, class).
fn significant(text: &str, tokens: &[Token]) -> Vec<(String, C)> {
    tokens
        .iter()
        .filter(|t| !(t.class == C::Plain && t.text(text).trim().is_empty()))
        .map(|t| (t.text(text).to_string(), t.class))
        .collect()
}

fn expr(text: &str) -> Vec<(String, C)> {
    let tokens = highlight_expression(text);
    assert_well_formed(text, &tokens);
    significant(text, &tokens)
}

fn line(text: &str) -> Vec<(String, C)> {
    let tokens = highlight_command_line(text);
    assert_well_formed(text, &tokens);
    significant(text, &tokens)
}

/// Tokens in a one-line notation: `tag:text` for each significant token, space-separated.
fn markup(tokens: &[(String, C)]) -> String {
    let tag = |class: C| match class {
        C::Plain => "plain",
        C::Keyword => "kw",
        C::Function => "fn",
        C::NamePlaceholder => "np",
        C::ValuePlaceholder => "vp",
        C::AttributeName => "name",
        C::ReservedWord => "RESERVED",
        C::Operator => "op",
        C::Punctuation => "p",
        C::Number => "num",
        C::String => "str",
        C::Constant => "const",
        C::Flag => "flag",
        C::Command => "cmd",
        C::Comment => "comment",
        C::Invalid => "INVALID",
    };
    let parts: Vec<String> = tokens
        .iter()
        .map(|(text, class)| format!("{}:{text}", tag(*class)))
        .collect();
    parts.join(" ")
}

/// The class of the first token whose text is exactly `word`.
fn class_of(tokens: &[(String, C)], word: &str) -> Option<C> {
    tokens.iter().find(|(t, _)| t == word).map(|(_, c)| *c)
}

/// Tokens cover the text from 0 to its end, in order, without gaps, overlaps or empty tokens, on char boundaries.
fn assert_well_formed(text: &str, tokens: &[Token]) {
    let mut at = 0;
    for token in tokens {
        assert_eq!(
            token.range.start, at,
            "gap or overlap at {at} in {text:?}: {tokens:?}"
        );
        assert!(
            token.range.end > token.range.start,
            "empty token in {text:?}"
        );
        assert!(text.is_char_boundary(token.range.start) && text.is_char_boundary(token.range.end));
        at = token.range.end;
    }
    assert_eq!(at, text.len(), "tokens stop short in {text:?}");
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn grammars_load() {
    assert_eq!(Highlighter::new().load_error(), None);
    assert_eq!(Highlighter::shared().load_error(), None);
}

#[rustfmt::skip]
#[test]
fn representative_expressions() {
    let rows = [
        ("attribute_not_exists(Rating)", "fn:attribute_not_exists p:( name:Rating p:)"),
        ("SET #y = :v + :one REMOVE Tags[1]", "kw:SET np:#y op:= vp::v op:+ vp::one kw:REMOVE name:Tags p:[ num:1 p:]"),
        ("Year = :y", "RESERVED:Year op:= vp::y"),
        ("ATTRIBUTE_EXISTS(a)", "INVALID:ATTRIBUTE_EXISTS p:( name:a p:)"),
        ("a.b[2].c <> :x", "name:a p:. name:b p:[ num:2 p:] p:. name:c op:<> vp::x"),
        ("size(a) >= :n", "fn:size p:( name:a p:) op:>= vp::n"),
        ("ADD n :one DELETE s :set", "kw:ADD name:n vp::one kw:DELETE name:s vp::set"),
        ("SET l = list_append(if_not_exists(l, :e), :v)", "kw:SET name:l op:= fn:list_append p:( fn:if_not_exists p:( name:l p:, vp::e p:) p:, vp::v p:)"),
        ("x IN (:a, :b)", "name:x kw:IN p:( vp::a p:, vp::b p:)"),
        ("NOT (a < b) oR c BETWEEN :lo and :hi", "kw:NOT p:( name:a op:< name:b p:) kw:oR name:c kw:BETWEEN vp::lo kw:and vp::hi"),
        ("SET a = :v\nREMOVE Year", "kw:SET name:a op:= vp::v kw:REMOVE RESERVED:Year"),
    ];
    for (input, expected) in rows {
        assert_eq!(markup(&expr(input)), expected, "{input}");
    }
}

#[rustfmt::skip]
#[test]
fn one_word_in_context() {
    use C::*;
    let rows: &[(&str, &str, C)] = &[
        // Keywords are case-insensitive.
        ("a between :lo aNd :hi", "between", Keyword),
        ("a between :lo aNd :hi", "aNd", Keyword),
        ("a < b oR NOT c < d", "oR", Keyword),
        ("set a = :v", "set", Keyword),
        // Function names are case-sensitive; any other word before `(` is an unknown function.
        ("begins_with(a, :p)", "begins_with", Function),
        ("attribute_type (a, :t)", "attribute_type", Function),
        ("Begins_With(a, :p)", "Begins_With", Invalid),
        ("foo(a)", "foo", Invalid),
        ("SIZE(a) > :n", "SIZE", Invalid),
        // A function name without `(` is a name: SIZE is reserved, contains is not.
        ("size > :n", "size", ReservedWord),
        ("contains = :n", "contains", AttributeName),
        // After a dot, every word is a map key, keywords and reserved words included.
        ("a.set = :v", "set", ReservedWord),
        ("a.contains = :v", "contains", AttributeName),
        ("#a.Year = :v", "Year", ReservedWord),
        ("abOrT = :v", "abOrT", ReservedWord),
        ("Rating = :v", "Rating", AttributeName),
        // A keyword inside a longer word is not a keyword.
        ("unset = :v", "unset", AttributeName),
        ("reset = :v", "reset", ReservedWord),
        ("settle = :v", "settle", AttributeName),
        ("Year2 = :v", "Year2", AttributeName),
        // What DynamoDB rejects.
        ("_123 = :v", "_123", Invalid),
        ("a > 4", "4", Invalid),
        ("123a = :v", "123a", Invalid),
        ("attribute_exists(\"a\")", "\"", Invalid),
        ("ü > a", "ü", Invalid),
        ("hi$there = :v", "$", Invalid),
        ("# = :v", "#", Invalid),
        ("a = :", ":", Invalid),
        ("#Alpha_1 = :v_2", "#Alpha_1", NamePlaceholder),
        ("#Alpha_1 = :v_2", ":v_2", ValuePlaceholder),
    ];
    for (input, word, class) in rows {
        assert_eq!(
            class_of(&expr(input), word),
            Some(*class),
            "{word} in {input}"
        );
    }
}

#[rustfmt::skip]
#[test]
fn command_line_with_embedded_expressions() {
    let rows = [
        (
            r#"aws dynamodb update-item --table-name Music --key '{"Artist": {"S": "Acme"}, "n": {"N": "1"}}' --update-expression "SET #y = :v" --condition-expression 'attribute_not_exists(Rating)' --return-values ALL_NEW"#,
            r#"cmd:aws cmd:dynamodb cmd:update-item flag:--table-name str:Music flag:--key str:' p:{ str:"Artist" p:: p:{ str:"S" p:: str:"Acme" p:} p:, str:"n" p:: p:{ str:"N" p:: str:"1" p:} p:} str:' flag:--update-expression str:" kw:SET np:#y op:= vp::v str:" flag:--condition-expression str:' fn:attribute_not_exists p:( name:Rating p:) str:' flag:--return-values str:ALL_NEW"#,
        ),
        (
            r#"transact-write-items --transact-items '[{"Delete": {"ConditionExpression": "attribute_not_exists(Rating) AND Year = :y"}}]'"#,
            r#"cmd:transact-write-items flag:--transact-items str:' p:[ p:{ str:"Delete" p:: p:{ str:"ConditionExpression" p:: str:" fn:attribute_not_exists p:( name:Rating p:) kw:AND RESERVED:Year op:= vp::y str:" p:} p:} p:] str:'"#,
        ),
        ("scan --filter-expression=Year>:y --limit 10 # why", "cmd:scan flag:--filter-expression p:= RESERVED:Year op:> vp::y flag:--limit num:10 comment:# why"),
    ];
    for (input, expected) in rows {
        assert_eq!(markup(&line(input)), expected, "{input}");
    }
}

#[rustfmt::skip]
#[test]
fn command_line_forms() {
    use C::*;
    let rows: &[(&str, &str, C)] = &[
        // The command word, with or without the `aws dynamodb` prefix; REPL commands too.
        ("transact-write-items --transact-items file://x.json", "transact-write-items", Command),
        ("transact-write-items --transact-items file://x.json", "file://x.json", String),
        ("explain", "explain", Command),
        ("scan --table-name Music --limit 10", "10", Number),
        // Expression arguments: bare word, `=` form, each of the five flags.
        ("scan --filter-expression Year>:y", "Year", ReservedWord),
        ("scan --filter-expression=attribute_exists(a)", "attribute_exists", Function),
        ("query --key-condition-expression \"pk = :p\"", "pk", AttributeName),
        ("scan --projection-expression 'a, b.c, #d'", "#d", NamePlaceholder),
        // The same words outside an expression argument are just text.
        ("put-item --table-name Year", "Year", String),
        // JSON: numbers, literals, and expressions inside "UpdateExpression" strings.
        ("x --item '{\"n\": 12.5, \"b\": true}'", "12.5", Number),
        ("x --item '{\"n\": 12.5, \"b\": true}'", "true", Constant),
        (r#"x --transact-items '[{"Update": {"UpdateExpression": "SET a = :v"}}]'"#, "SET", Keyword),
        // A comment starts at a word's start.
        ("explain # why did it fail", "# why did it fail", Comment),
        ("put-item --table-name a#b", "a#b", String),
    ];
    for (input, word, class) in rows {
        assert_eq!(
            class_of(&line(input), word),
            Some(*class),
            "{word} in {input}"
        );
    }
}

#[test]
fn unfinished_command_lines_stay_well_formed() {
    for text in [
        "x --condition-expression \"attribute_not_exists(",
        "x --condition-expression '",
        "x --condition-expression",
        "x --condition-expression ",
        "x --transact-items '[{\"ConditionExpression\": \"a = ",
        "x --transact-items '[{\"ConditionExpression\": \"a = ' --condition-expression b",
        "x --key \"{\\\"a\\\": 1",
        "x \\\n --condition-expression \\\n 'a = :b'",
        "\n\n",
        "",
    ] {
        let tokens = highlight_command_line(text);
        assert_well_formed(text, &tokens);
    }
    // The shell quote ends the JSON word even inside an unfinished expression string.
    let text = "x --transact-items '[{\"ConditionExpression\": \"a = ' --condition-expression Year";
    assert_eq!(
        class_of(&line(text), "--condition-expression"),
        Some(C::Flag)
    );
    assert_eq!(class_of(&line(text), "Year"), Some(C::ReservedWord));
}

#[test]
fn long_lines_are_highlighted_up_to_the_limit_then_plain() {
    let text = "a = :b AND ".repeat(10_000);
    let tokens = highlight_expression(&text);
    assert_well_formed(&text, &tokens);
    let last = tokens.last().map(|t| (t.class, t.range.start));
    assert_eq!(last.map(|l| l.0), Some(C::Plain));
    assert!(last.map(|l| l.1) <= Some(MAX_HIGHLIGHTED_LINE));
    // A multi-byte character straddling the limit.
    let text = format!("{}{}", "a".repeat(MAX_HIGHLIGHTED_LINE - 1), "é".repeat(10));
    assert_well_formed(&text, &highlight_command_line(&text));
}

#[test]
fn reserved_words() {
    let list = include_str!("../assets/reserved-words.txt");
    assert_eq!(list.lines().count(), 573);
    assert!(list.lines().all(is_reserved_word));
    for (word, reserved) in [
        ("Year", true),
        ("year", true),
        ("SIZE", true),
        ("abOrT", true),
        ("contains", false),
        ("attribute_exists", false),
        ("REMOVE", false),
        ("Rating", false),
        ("", false),
        ("é", false),
    ] {
        assert_eq!(is_reserved_word(word), reserved, "{word}");
    }
}

#[test]
fn ansi_rendering() {
    let text = "Year = :y";
    let tokens = highlight_expression(text);
    assert_eq!(
        to_ansi(text, &tokens, &Palette::basic()),
        "\x1b[4;31mYear\x1b[0m \x1b[35m=\x1b[0m \x1b[32m:y\x1b[0m"
    );
    // NO_COLOR: the text exactly as typed.
    assert_eq!(to_ansi(text, &tokens, &Palette::monochrome()), text);
    assert_eq!(Palette::for_terminal(true), Palette::monochrome());
    assert_eq!(Palette::for_terminal(false), Palette::basic());
    // Tokens that do not fit the text are ignored; the visible text never changes.
    let bogus = [
        Token {
            range: 2..100,
            class: C::Keyword,
        },
        Token {
            range: 1..3,
            class: C::Keyword,
        },
        Token {
            range: 0..1,
            class: C::Keyword,
        },
        Token {
            range: 0..2,
            class: C::Keyword,
        },
    ];
    assert_eq!(strip_ansi(&to_ansi("éa", &bogus, &Palette::basic())), "éa");
    // A palette of one's own.
    let palette = Palette::monochrome().with(
        C::Keyword,
        AnsiStyle {
            fg: Some(AnsiColor::Blue),
            bold: false,
            underline: false,
        },
    );
    assert_eq!(
        to_ansi("set a", &highlight_expression("set a"), &palette),
        "\x1b[34mset\x1b[0m a"
    );
}

#[test]
fn default_palette_reads_on_dark_and_light_backgrounds() {
    let palette = Palette::basic();
    for class in C::ALL {
        let style = palette.style(class);
        // Yellow and white vanish on light backgrounds, black on dark ones.
        assert!(
            !matches!(
                style.fg,
                Some(
                    AnsiColor::Yellow
                        | AnsiColor::White
                        | AnsiColor::Black
                        | AnsiColor::BrightYellow
                        | AnsiColor::BrightWhite
                )
            ),
            "{class:?}"
        );
        // Plain blue is too dark on many dark themes; bold blue is drawn brighter.
        if style.fg == Some(AnsiColor::Blue) {
            assert!(style.bold, "{class:?}");
        }
    }
    // Reserved words and invalid text are marked without relying on colour alone.
    assert!(palette.style(C::ReservedWord).underline);
    assert!(palette.style(C::Invalid).underline);
    assert_eq!(
        C::ALL
            .iter()
            .enumerate()
            .filter(|(i, c)| c.index() == *i)
            .count(),
        C::ALL.len()
    );
}

/// Pieces that exercise the grammars' contexts: quotes, embedded expressions, JSON, line ends.
fn tricky_piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "SET ",
        "REMOVE ",
        "and ",
        "attribute_exists",
        "size",
        "(",
        ")",
        "[",
        "]",
        "1",
        ".",
        ",",
        "#",
        ":",
        "a",
        "Year",
        "_",
        " ",
        "\t",
        "\n",
        "\r",
        "'",
        "\"",
        "\\",
        "--condition-expression ",
        "--transact-items ",
        "--x=",
        "=",
        "<>",
        "+",
        "{",
        "}",
        "\"ConditionExpression\": \"",
        "true",
        "-1.5e3",
        "é",
        "𝄞",
        "\u{0}",
        "\u{1b}",
        "aws ",
        "# ",
        "file://x",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_and_covers_any_text(text in any::<String>()) {
        for language in [Language::Expression, Language::CommandLine] {
            let tokens = Highlighter::shared().try_highlight(language, &text);
            prop_assert!(tokens.is_ok(), "{:?}", tokens);
            let tokens = tokens.unwrap_or_default();
            assert_well_formed(&text, &tokens);
            prop_assert_eq!(to_ansi(&text, &tokens, &Palette::monochrome()), text.clone());
        }
    }

    #[test]
    fn never_panics_on_tricky_text(pieces in prop::collection::vec(tricky_piece(), 0..80)) {
        let text: String = pieces.concat();
        for language in [Language::Expression, Language::CommandLine] {
            let tokens = Highlighter::shared().try_highlight(language, &text);
            prop_assert!(tokens.is_ok(), "{:?}", tokens);
            let tokens = tokens.unwrap_or_default();
            assert_well_formed(&text, &tokens);
            if !text.contains('\u{1b}') {
                prop_assert_eq!(strip_ansi(&to_ansi(&text, &tokens, &Palette::basic())), text.clone());
            }
        }
    }
}

#[test]
fn never_panics_on_long_lines() {
    let texts = [
        "(".repeat(100_000),
        "'".repeat(100_000),
        "\"".repeat(100_000),
        format!("x --condition-expression \"{}", "a.".repeat(50_000)),
        format!(
            "x --transact-items '[{}",
            "{\"ConditionExpression\": \"a = :b\"},".repeat(3_000)
        ),
        "é𝄞".repeat(20_000),
    ];
    for text in &texts {
        for language in [Language::Expression, Language::CommandLine] {
            let tokens = Highlighter::shared().try_highlight(language, text);
            assert!(tokens.is_ok());
            assert_well_formed(text, &tokens.unwrap_or_default());
        }
    }
}
