//! `update` without a terminal: keys in, model and effects out. The composer and the stepper here; the Tables
//! and History panes in tui_update_tables.rs.

mod tui_support;

use ratatui::crossterm::event::KeyCode;
use serde_json::json;
use tui_support::*;
use txlab::engine::trace::Verdict;
use txlab::tui::compose::draft::{Draft, Field};
use txlab::tui::message::{Destination, ExportFormat};
use txlab::tui::run::StepKind;
use txlab::tui::{update, Action, Effect, Message, Pane};

fn codes(model: &txlab::tui::Model) -> Vec<String> {
    match &model.run.entry.as_ref().expect("a run").trace.verdict {
        Verdict::Cancelled { codes } => codes.clone(),
        other => panic!("not cancelled: {other:?}"),
    }
}

#[test]
fn the_documented_transaction_is_cancelled_then_committed_once_the_data_is_fixed() {
    let mut m = demo();
    compose_documented(&mut m);
    assert_eq!(m.compose.draft.actions.len(), 2);
    assert!(
        m.compose.checks.iter().all(|c| c.is_valid()),
        "{:?}",
        m.compose.checks
    );
    keys(&mut m, "r");
    assert_eq!(m.pane, Pane::Run);
    assert_eq!(codes(&m), ["None", "ConditionalCheckFailed"]);
    // `r` opens the stepper at the verdict; `2` goes to action 2, `n` to its (only, false) node.
    assert_eq!(m.run.current().map(|s| s.kind), Some(StepKind::Verdict));
    keys(&mut m, "2n");
    let step = m.run.current().expect("a step");
    assert_eq!((step.action, step.kind), (Some(1), StepKind::Node(0)));
    let entry = m.run.entry.as_ref().expect("entry");
    let node = entry.trace.actions[1]
        .condition
        .as_ref()
        .expect("condition")
        .node(0)
        .expect("a node");
    assert!(!node.result);
    assert_eq!(node.label, "attribute_not_exists");

    // Fix the data through the command line (the REPL's language), run again: committed.
    let mut line = String::from(":");
    line.push_str(
        "update-item --table-name MusicCollection --key '{\"Artist\": {\"S\": \"No One You Know\"}, \
         \"SongTitle\": {\"S\": \"Call Me Today\"}}' --update-expression 'REMOVE Rating'",
    );
    keys(&mut m, &line);
    enter(&mut m);
    esc(&mut m); // the stepper's digits are actions; Esc goes back to where the run came from

    assert_eq!(m.pane, Pane::Compose);
    keys(&mut m, "r");
    let entry = m.run.entry.as_ref().expect("entry");
    assert_eq!(entry.trace.verdict, Verdict::Committed);
    let db = m.session.database();
    assert_eq!(db.table("MusicCollection").map(|t| t.item_count()), Some(3));
}

#[test]
fn keys_step_through_the_trace_and_never_run_again() {
    let mut m = demo();
    compose_documented(&mut m);
    keys(&mut m, "R");
    let history = m.session.history().len();
    assert_eq!(m.run.step, 0);
    // Action 1: start, node, update step; action 2: start, node; verdict.
    let kinds: Vec<StepKind> = m.run.steps.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            StepKind::Action,
            StepKind::Node(0),
            StepKind::Update(0),
            StepKind::Action,
            StepKind::Node(0),
            StepKind::Verdict
        ]
    );
    keys(&mut m, "nnn");
    assert_eq!(m.run.step, 3);
    keys(&mut m, "p");
    assert_eq!(m.run.step, 2);
    press(&mut m, KeyCode::End);
    assert_eq!(m.run.step, 5);
    keys(&mut m, "n");
    assert_eq!(m.run.step, 5, "n stops at the verdict");
    keys(&mut m, "1");
    assert_eq!(m.run.step, 0);
    keys(&mut m, "9");
    assert_eq!(m.run.step, 0, "no action 9");
    assert!(m.notice.as_ref().is_some_and(|n| n.is_error));
    assert_eq!(m.session.history().len(), history, "stepping runs nothing");
    // e: back to the composer on the action shown.
    keys(&mut m, "2e");
    assert_eq!((m.pane, m.compose.action), (Pane::Compose, 1));
}

#[test]
fn a_reserved_word_is_flagged_with_its_token_and_ctrl_r_makes_a_placeholder() {
    let mut m = demo();
    enter(&mut m);
    keys(&mut m, "cc"); // a ConditionCheck on the first item
    assert_eq!(m.compose.selected_field(), Some(Field::Condition));
    enter(&mut m);
    keys(&mut m, "Year = :y");
    let issue = m.compose.issues_at(Field::Condition)[0].clone();
    assert_eq!(
        issue.message,
        "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Year"
    );
    let span = issue.span.expect("the token");
    assert_eq!(&"Year = :y"[span.start..span.end], "Year");
    ctrl(&mut m, 'r');
    enter(&mut m);
    let a = &m.compose.draft.actions[0];
    assert_eq!(a.condition, "#Year = :y");
    assert_eq!(a.names, r##"{"#Year": "Year"}"##);
    // Now the undefined :y is what is wrong, at its token.
    let issue = m.compose.issues_at(Field::Condition)[0].clone();
    assert_eq!(
        issue.message,
        "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :y"
    );
    let span = issue.span.expect("the token");
    assert_eq!(&a.condition[span.start..span.end], ":y");
}

#[test]
fn unused_placeholders_are_flagged_at_their_map() {
    let mut m = demo();
    enter(&mut m);
    keys(&mut m, "cc");
    enter(&mut m);
    keys(&mut m, "attribute_exists(Rating)");
    enter(&mut m);
    keys(&mut m, "jj"); // Values
    enter(&mut m);
    keys(&mut m, "\":x\": {\"N\": \"1\"}");
    ctrl(&mut m, 's');
    let issues = m.compose.issues_at(Field::Values);
    assert_eq!(
        issues[0].message,
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}"
    );
    assert!(m.compose.issues_at(Field::Condition).is_empty());
}

#[test]
fn a_top_level_validation_error_is_shown_at_its_field() {
    let mut m = demo();
    enter(&mut m);
    keys(&mut m, "cc");
    enter(&mut m);
    keys(&mut m, "attribute_exists(Rating) AND");
    enter(&mut m);
    keys(&mut m, "r");
    assert_eq!(
        m.pane,
        Pane::Compose,
        "an error before any action stays in the composer"
    );
    let e = m.compose.top_error.clone().expect("placed");
    assert_eq!(e.error_type, "ValidationException");
    assert!(
        e.message
            .starts_with("Invalid ConditionExpression: Syntax error"),
        "{}",
        e.message
    );
    assert_eq!((e.action, e.field), (Some(0), Some(Field::Condition)));
    assert_eq!(m.compose.selected_field(), Some(Field::Condition));
}

#[test]
fn export_and_import_round_trip_in_both_formats() {
    let mut m = demo();
    compose_documented(&mut m);
    let draft = m.compose.draft.clone();
    let effect = act(
        &mut m,
        Action::ExportTo(
            ExportFormat::TransactItems,
            Destination::File("t.json".into()),
        ),
    );
    let Effect::WriteFile { path, contents } = effect else {
        panic!("{effect:?}")
    };
    assert!(path.ends_with("t.json"));
    let json: serde_json::Value = serde_json::from_str(&contents).expect("JSON");
    assert_eq!(
        json[0]["Update"]["UpdateExpression"],
        "SET AlbumTitle = :newval"
    );
    assert_eq!(
        json[1]["Delete"]["Key"]["Artist"],
        json!({"S": "No One You Know"})
    );
    // Importing the file's text gives the same draft.
    act(&mut m, Action::NewDraft);
    assert!(m.compose.draft.actions.is_empty());
    update(
        &mut m,
        Message::FileRead {
            path: path.clone(),
            result: Ok(contents),
        },
    );
    assert_eq!(m.compose.draft, draft);
    // --cli-input-json carries the request options too.
    m.compose.draft.capacity = "TOTAL".into();
    let Effect::Clipboard(cli_input) = act(
        &mut m,
        Action::ExportTo(ExportFormat::CliInputJson, Destination::Clipboard),
    ) else {
        panic!("clipboard")
    };
    let v: serde_json::Value = serde_json::from_str(&cli_input).expect("JSON");
    assert_eq!(Draft::from_json(&v).expect("reads back"), m.compose.draft);
    // Pasted JSON imports without a file.
    let effect = act(&mut m, Action::ImportFrom(r#"[{"ConditionCheck": {"TableName": "T", "Key": {"k": {"S": "1"}}, "ConditionExpression": "attribute_exists(k)"}}]"#.into()));
    assert_eq!(effect, Effect::None);
    assert_eq!(m.compose.draft.actions.len(), 1);
    // A file name asks the runtime to read it.
    assert_eq!(
        act(&mut m, Action::ImportFrom("file://x.json".into())),
        Effect::ReadFile {
            path: m.cwd.join("x.json").to_string_lossy().into_owned()
        }
    );
}

#[test]
fn the_command_line_equivalent_quotes_for_the_shell() {
    let mut m = demo();
    compose_documented(&mut m);
    m.compose.draft.capacity = "TOTAL".into();
    let line = txlab::tui::compose::draft::command_line(&m.compose.draft);
    assert_eq!(
        line,
        "aws dynamodb transact-write-items --transact-items '[{\"Update\": {\"TableName\": \"MusicCollection\", \"Key\": {\"Artist\": {\"S\": \"Acme Band\"}, \"SongTitle\": {\"S\": \"Happy Day\"}}, \"UpdateExpression\": \"SET AlbumTitle = :newval\", \"ConditionExpression\": \"attribute_not_exists(Rating)\", \"ExpressionAttributeValues\": {\":newval\": {\"S\": \"Updated Album Title\"}}}}, {\"Delete\": {\"TableName\": \"MusicCollection\", \"Key\": {\"Artist\": {\"S\": \"No One You Know\"}, \"SongTitle\": {\"S\": \"Call Me Today\"}}, \"ConditionExpression\": \"attribute_not_exists(Rating)\"}}]' --return-consumed-capacity TOTAL"
    );
    // And it runs as it is, through the REPL's command language, to the same verdict.
    keys(&mut m, ":");
    update(&mut m, Message::Paste(line));
    enter(&mut m);
    let entry = m.session.last_entry().expect("ran");
    assert_eq!(
        entry.trace.verdict,
        Verdict::Cancelled {
            codes: vec!["None".into(), "ConditionalCheckFailed".into()]
        }
    );
}

#[test]
fn drafts_are_kept_in_the_session() {
    let mut m = demo();
    compose_documented(&mut m);
    let stored = m.session.drafts().get("tui").cloned().expect("kept");
    assert_eq!(stored, m.compose.draft.to_request());
    let again = txlab::tui::Model::new(
        m.session,
        txlab::tui::Theme::colour(),
        ratatui::layout::Rect::new(0, 0, 80, 24),
    );
    assert_eq!(again.compose.draft.actions.len(), 2);
}

#[test]
fn actions_are_added_moved_duplicated_and_removed() {
    let mut m = demo();
    keys(&mut m, "2a");
    keys(&mut m, "p"); // a Put, prefilled from the selected item (none selected yet: empty)
    esc(&mut m);
    keys(&mut m, "y");
    assert_eq!(m.compose.draft.actions.len(), 2);
    keys(&mut m, "t"); // the duplicate becomes an Update
    assert_eq!(m.compose.draft.actions[1].kind.name(), "Update");
    keys(&mut m, "K");
    assert_eq!(m.compose.draft.actions[0].kind.name(), "Update");
    assert_eq!(m.compose.action, 0);
    keys(&mut m, "J");
    assert_eq!(m.compose.action, 1);
    assert_eq!(m.compose.draft.actions[1].kind.name(), "Update");
    keys(&mut m, "x");
    assert_eq!(m.compose.draft.actions.len(), 1);
    assert_eq!(m.compose.draft.actions[0].kind.name(), "Put");
}

#[test]
fn typed_commands_give_the_same_actions_as_keys() {
    use txlab::tui::commands::parse;
    assert_eq!(parse("q"), Some(Action::Quit));
    assert_eq!(parse("pane run"), Some(Action::GoTo(Pane::Run)));
    assert_eq!(
        parse("filter a = :b"),
        Some(Action::SetFilter("a = :b".into()))
    );
    assert_eq!(
        parse("export cli-input-json x.json"),
        Some(Action::ExportTo(
            ExportFormat::CliInputJson,
            Destination::File("x.json".into())
        ))
    );
    assert_eq!(
        parse("export command-line"),
        Some(Action::ExportTo(
            ExportFormat::CommandLine,
            Destination::Clipboard
        ))
    );
    assert_eq!(parse("open #3"), Some(Action::OpenHistory(3)));
    assert_eq!(parse("put-item --table-name x"), None);
    let mut m = demo();
    keys(&mut m, ":pane history");
    enter(&mut m);
    assert_eq!(m.pane, Pane::History);
}
