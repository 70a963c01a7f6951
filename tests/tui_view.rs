//! `view` on ratatui's TestBackend: snapshots of each pane (insta), and explicit checks of what matters most:
//! the marked node, the colours of results and errors, monochrome under NO_COLOR, any size.

mod tui_support;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use serde_json::json;
use tui_support::*;
use txlab::tui::{Model, Theme};

fn screen(m: &Model) -> (Buffer, String) {
    let b = draw(m, WIDTH, HEIGHT);
    let t = text(&b);
    (b, t)
}

#[test]
fn tables_pane() {
    let m = demo();
    let (b, t) = screen(&m);
    insta::assert_snapshot!("tables_demo", t);
    // Key columns first, the Rating badge, the selected table in reverse video.
    assert!(t.contains("Artist ▲"));
    let (x, y) = find(&b, "N 5").expect("badge");
    assert_eq!(b[(x, y)].fg, Color::Magenta, "the type badge");
    let (x, y) = find(&b, "▶ MusicCollection").expect("selected table");
    assert!(b[(x, y)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn compose_pane_with_live_errors() {
    let mut m = demo();
    compose_documented(&mut m);
    let (_, t) = screen(&m);
    insta::assert_snapshot!("compose_documented", t);
    assert!(t.contains("✓ valid"));
    assert!(t.contains("aws dynamodb transact-write-items --transact-items"));

    // A reserved word: DynamoDB's message under the field, the token underlined in red.
    enter(&mut m); // the Condition field of action 2 is selected: edit it

    ctrl(&mut m, 'u');
    keys(&mut m, "Year > :y");
    let (b, t) = screen(&m);
    insta::assert_snapshot!("compose_reserved_word", t);
    assert!(t.contains(
        "✗ Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword:"
    ));
    assert!(t.contains("Ctrl-R replaces it with a #placeholder"));
    let (x, y) = find(&b, "Year > :y").expect("the field");
    assert_eq!(b[(x, y)].fg, Color::Red);
    assert!(b[(x, y)].modifier.contains(Modifier::UNDERLINED));
    let (x, y) = find(&b, "✗ Invalid ConditionExpression").expect("the message");
    assert_eq!(b[(x, y)].fg, Color::Red);
}

#[test]
fn run_pane_marks_the_false_node() {
    let mut m = demo();
    compose_documented(&mut m);
    keys(&mut m, "r2n");
    let (b, t) = screen(&m);
    insta::assert_snapshot!("run_false_node", t);
    // The node is marked in the expression (bold, underlined, yellow) with the marker line under it.
    let (x, y) = find(&b, "attribute_not_exists(Rating)").expect("the condition");
    let cell = &b[(x, y)];
    assert_eq!(cell.fg, Color::Yellow);
    assert!(cell
        .modifier
        .contains(Modifier::UNDERLINED | Modifier::BOLD));
    let (mx, my) = find(&b, "╰──").expect("the marker");
    assert_eq!((mx, my), (x, y + 1), "the marker starts under the node");
    let (rx, ry) = find(&b, "→ false").expect("the root's result");
    assert_eq!(b[(rx + 2, ry)].fg, Color::Red);
    assert!(t.contains("Rating = N 5"));
    assert!(t.contains(
        "Why         Rating exists on this item (N 5), so attribute_not_exists(Rating) is false."
    ));
}

#[test]
fn compound_conditions_carry_finished_results() {
    let mut m = demo();
    m.session
        .execute(
            "test",
            "TransactWriteItems",
            &json!({"TransactItems": [{"ConditionCheck": {
                "TableName": "MusicCollection",
                "Key": {"Artist": {"S": "No One You Know"}, "SongTitle": {"S": "Call Me Today"}},
                "ConditionExpression": "(Rating <= :max) AND (attribute_exists(Stock))",
                "ExpressionAttributeValues": {":max": {"N": "9"}}
            }}]}),
        )
        .expect("runs");
    m.after_change();
    keys(&mut m, "4");
    keys(&mut m, "R"); // newest first: the ConditionCheck, from its first step
    keys(&mut m, "nnn"); // action, leaf 1, leaf 2, now the AND
    let (b, t) = screen(&m);
    insta::assert_snapshot!("run_compound_root", t);
    assert!(
        t.contains(
            "(Rating <= :max [true]) AND (attribute_exists(Stock) [false (absent)])  → false"
        ),
        "{t}"
    );
    let (x, y) = find(&b, "[true]").expect("a finished node");
    assert_eq!(b[(x + 1, y)].fg, Color::Green);
    let (x, y) = find(&b, "[false").expect("a finished node");
    assert_eq!(b[(x + 1, y)].fg, Color::Red);
}

#[test]
fn cancellation_panels_and_outcome() {
    let mut m = demo();
    compose_documented(&mut m);
    keys(&mut m, "r");
    let (b, t) = screen(&m);
    insta::assert_snapshot!("run_cancelled", t);
    assert!(t.contains("TransactionCanceledException: Transaction cancelled, please refer cancellation reasons for specific reasons [None,"));
    let (x, y) = find(&b, "} ConditionalCheckFailed").expect("the code in its panel");
    let x = x + 2;
    assert_eq!(b[(x, y)].fg, Color::Red);

    // Committed, with capacity per table and per action, and the field-level diff.
    m.session
        .execute(
            "test",
            "UpdateItem",
            &json!({"TableName": "MusicCollection",
            "Key": {"Artist": {"S": "No One You Know"}, "SongTitle": {"S": "Call Me Today"}},
            "UpdateExpression": "REMOVE Rating"}),
        )
        .expect("runs");
    m.after_change();
    m.compose.draft.capacity = "TOTAL".into();
    esc(&mut m);
    keys(&mut m, "r");
    let (_, t) = screen(&m);
    insta::assert_snapshot!("run_committed", t);
    assert!(t.contains("~ AlbumTitle  S \"Songs About Life\"  →  S \"Updated Album Title\""));
}

#[test]
fn per_action_capacity_adds_up_to_dynamodbs_total() {
    let mut m = demo();
    compose_documented(&mut m);
    m.session
        .execute(
            "test",
            "UpdateItem",
            &json!({"TableName": "MusicCollection",
            "Key": {"Artist": {"S": "No One You Know"}, "SongTitle": {"S": "Call Me Today"}},
            "UpdateExpression": "REMOVE Rating"}),
        )
        .expect("runs");
    m.after_change();
    m.compose.draft.capacity = "TOTAL".into();
    keys(&mut m, "2r");
    let entry = m.run.entry.clone().expect("ran");
    let total = entry.response["ConsumedCapacity"][0]["CapacityUnits"]
        .as_f64()
        .expect("capacity");
    // The panel's per-action figures are derived from the trace; they must add up to the engine's total.
    let (_, t) = screen(&m);
    let sum: f64 = t
        .lines()
        .map(|l| l.trim_end_matches(['│', ' ']))
        .filter_map(|l| l.split(": ").nth(1))
        .filter_map(|r| r.strip_suffix(" write units"))
        .filter_map(|n| n.trim().parse::<f64>().ok())
        .sum();
    assert_eq!(sum, total, "{t}");
}

#[test]
fn history_pane() {
    let mut m = demo();
    keys(&mut m, "4");
    let (b, t) = screen(&m);
    insta::assert_snapshot!("history_demo", t);
    let (x, y) = find(&b, "#5").expect("newest first, selected");
    assert!(b[(x, y)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn help_and_the_command_line() {
    let mut m = demo();
    keys(&mut m, "?");
    let (_, t) = screen(&m);
    insta::assert_snapshot!("help_tables", t);
    esc(&mut m);
    keys(&mut m, "/Artist = ");
    let (b, t) = screen(&m);
    // The engine's own message for the text as typed, word for word.
    let attrs = txlab::engine::expr::ExpressionAttributes::default();
    let message = txlab::engine::expr::parse_condition(
        "Artist = ",
        txlab::engine::messages::ExpressionKind::FilterExpression,
        &attrs,
    )
    .expect_err("a syntax error")
    .message;
    assert!(t.contains(&format!("✗ {message}")), "{t}");
    let (x, y) = find(&b, "✗ Invalid").expect("message");
    assert_eq!(b[(x, y)].fg, Color::Red);
}

#[test]
fn no_color_is_monochrome() {
    let mut m = demo();
    m.theme = Theme::monochrome();
    compose_documented(&mut m);
    keys(&mut m, "r2n");
    let (b, _) = screen(&m);
    for cell in b.content() {
        assert!(
            matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
            "{cell:?}"
        );
    }
    // The marked node still stands out.
    let (x, y) = find(&b, "attribute_not_exists(Rating)").expect("condition");
    assert!(b[(x, y)]
        .modifier
        .contains(Modifier::REVERSED | Modifier::UNDERLINED));
}

#[test]
fn every_pane_and_overlay_draws_at_any_size() {
    let mut m = demo();
    compose_documented(&mut m);
    keys(&mut m, "r");
    let sizes = [
        (0, 0),
        (1, 1),
        (2, 5),
        (10, 3),
        (20, 6),
        (45, 12),
        (80, 24),
        (250, 70),
    ];
    let setups: Vec<&str> = vec!["1", "2", "3", "4", "1?", "1/", "2o", "2e", "1:", "1\n"];
    for setup in setups {
        let mut m2 = txlab::tui::Model::new(
            txlab::tui::demo::session().expect("demo"),
            Theme::colour(),
            Rect::new(0, 0, 80, 24),
        );
        m2.run = m.run.clone();
        m2.compose = m.compose.clone();
        for c in setup.chars() {
            if c == '\n' {
                enter(&mut m2);
            } else {
                keys(&mut m2, &c.to_string());
            }
        }
        for (w, h) in sizes {
            txlab::tui::update(&mut m2, txlab::tui::Message::Resize(w, h));
            let _ = draw(&m2, w, h);
        }
    }
}

#[test]
fn a_long_table_draws_from_either_end() {
    let mut m = demo();
    for i in 0..2_000 {
        m.session
            .execute("t", "PutItem", &json!({"TableName": "MusicCollection", "Item": {
                "Artist": {"S": format!("Artist {i:06}")}, "SongTitle": {"S": "x"}, "Plays": {"N": i.to_string()}}}))
            .expect("put");
    }
    m.after_change();
    enter(&mut m);
    keys(&mut m, "G");
    let (_, t) = screen(&m);
    assert!(t.contains("The Acme Band"), "the last row shows: {t}");
    keys(&mut m, "g");
    let (_, t) = screen(&m);
    assert!(t.contains("Acme Band") && t.contains("Artist 000000"));
}

#[test]
fn the_item_view_shows_dynamodb_json_and_plain_json() {
    let mut m = demo();
    enter(&mut m);
    keys(&mut m, "jv");
    let (_, t) = screen(&m);
    assert!(t.contains("\"Rating\": {"), "{t}");
    assert!(t.contains("\"N\": \"5\""), "{t}");
    keys(&mut m, "t");
    let (_, t) = screen(&m);
    assert!(t.contains("\"Rating\": 5"), "{t}");
    assert!(t.contains("plain JSON"), "{t}");
}

#[test]
fn the_editor_checks_as_typed() {
    let mut m = demo();
    enter(&mut m);
    keys(&mut m, "e");
    let (_, t) = screen(&m);
    insta::assert_snapshot!("editor_item", t);
    assert!(t.contains("✓ valid DynamoDB JSON"));
    keys(&mut m, "x");
    let (b, t) = screen(&m);
    assert!(t.contains("✗ not valid JSON yet"), "{t}");
    let (x, y) = find(&b, "✗ not valid").expect("message");
    assert_eq!(b[(x, y)].fg, Color::Yellow);
}

#[test]
fn long_lines_wrap_at_words_under_their_label() {
    use ratatui::text::{Line, Span};
    let line = Line::from(vec![Span::raw("Label  "), Span::raw("one two three four")]);
    let wrapped = txlab::tui::view::wrap_indented(vec![line], 16);
    let text: Vec<String> = wrapped.iter().map(|l| l.to_string()).collect();
    assert_eq!(text, ["Label  one two ", "       three ", "       four"]);
    let long = Line::from(vec![Span::raw("x".repeat(20))]);
    let text: Vec<String> = txlab::tui::view::wrap_indented(vec![long], 8)
        .iter()
        .map(|l| l.to_string())
        .collect();
    assert_eq!(text, ["xxxxxxxx", "xxxxxxxx", "xxxx"]);
}

#[test]
fn a_runtime_validation_error_gets_its_panel_and_its_failing_step() {
    let mut m = demo();
    m.session
        .execute(
            "test",
            "TransactWriteItems",
            &json!({"TransactItems": [{"Update": {
                "TableName": "MusicCollection",
                "Key": {"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}},
                "UpdateExpression": "SET AlbumTitle = AlbumTitle + :one",
                "ExpressionAttributeValues": {":one": {"N": "1"}}
            }}]}),
        )
        .expect("runs");
    m.after_change();
    keys(&mut m, "4");
    enter(&mut m);
    press(&mut m, ratatui::crossterm::event::KeyCode::End);
    let (b, t) = screen(&m);
    assert!(t.contains("[ValidationError]"), "{t}");
    let (x, y) = find(&b, "} ValidationError").expect("the code in its panel");
    assert_eq!(b[(x + 2, y)].fg, Color::Red);
    assert!(t.contains("Why"), "{t}");
    // The update step that failed carries DynamoDB's message.
    keys(&mut m, "p");
    let (_, t) = screen(&m);
    assert!(
        t.contains("Error       An operand in the update expression has an incorrect data type"),
        "{t}"
    );
}

#[test]
fn a_long_notice_takes_the_whole_status_line() {
    let mut m = demo();
    let last_row = |m: &Model, width: u16| {
        let t = text(&draw(m, width, HEIGHT));
        t.lines().last().unwrap_or("").trim_end().to_string()
    };
    // A short notice shares the line with the session and the keys.
    m.notice = Some(txlab::tui::model::Notice {
        text: "item saved".into(),
        is_error: false,
    });
    let row = last_row(&m, WIDTH);
    assert!(row.starts_with(" item saved"), "{row}");
    assert!(row.ends_with("? keys · q quit"), "{row}");
    // A long one takes the whole width: more of the message shows, and its cut is marked.
    let long =
        "ValidationException: One or more parameter values were invalid: Type mismatch for key \
                Artist expected: S actual: N (the table's key schema says S)";
    m.notice = Some(txlab::tui::model::Notice {
        text: long.into(),
        is_error: true,
    });
    let row = last_row(&m, WIDTH);
    assert!(!row.contains("q quit"), "{row}");
    assert_eq!(row.chars().count(), WIDTH as usize, "{row}");
    assert!(row.ends_with('…'), "{row}");
    let shown: String = long.chars().take(WIDTH as usize - 2).collect();
    assert!(row.starts_with(&format!(" {shown}")), "{row}");
    // On a wide terminal it fits beside the session and the keys, uncut.
    let row = last_row(&m, 200);
    assert!(row.starts_with(&format!(" {long} ")), "{row}");
    assert!(row.ends_with("? keys · q quit"), "{row}");
}

#[test]
fn the_editor_shows_dynamodbs_whole_message() {
    let mut m = demo();
    enter(&mut m);
    keys(&mut m, "a"); // a new item: its key attributes are empty strings
    ctrl(&mut m, 's');
    let (b, t) = screen(&m);
    // DynamoDB's message is longer than the editor is wide: it wraps inside the editor, every word of it shown.
    let message = "ValidationException: One or more parameter values are not valid. The AttributeValue for a \
                   key attribute cannot contain an empty string value. Key: Artist";
    let shown: Vec<&str> = t
        .split('│')
        .map(str::trim)
        .filter(|cell| !cell.is_empty())
        .collect::<Vec<_>>();
    let joined = shown.join(" ");
    assert!(joined.contains(&format!("✗ {message}")), "{t}");
    let (x, y) = find(&b, "✗ ValidationException").expect("the message");
    assert_eq!(b[(x, y)].fg, Color::Red);
    assert_eq!(
        b[(x, y + 1)].fg,
        Color::Red,
        "its second row has its colour"
    );
}
