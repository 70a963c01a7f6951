//! `update` without a terminal: the Tables and History panes, help, the mouse, resizing, the session file.

mod tui_support;

use ratatui::crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use serde_json::json;
use tui_support::*;
use txlab::tui::model::Overlay;
use txlab::tui::tables::TablesFocus;
use txlab::tui::{update, Effect, Message, Pane};

#[test]
fn the_filter_line_takes_a_condition_expression() {
    let mut m = demo();
    keys(&mut m, "/attribute_exists(Rating)");
    enter(&mut m);
    let db = m.session.database();
    assert_eq!(m.tables.row_count(db), 1);
    assert_eq!(m.tables.focus, TablesFocus::Items);
    // Values after `|`, plain or DynamoDB JSON; `#name` stands for the name.
    keys(&mut m, "/");
    ctrl(&mut m, 'u');
    keys(&mut m, "#Artist = :a | {\":a\": \"Acme Band\"}");
    enter(&mut m);
    assert_eq!(m.tables.row_count(m.session.database()), 1);
    // A bad expression: DynamoDB's message, the filter unchanged.
    keys(&mut m, "/");
    ctrl(&mut m, 'u');
    keys(&mut m, "Artist = ");
    enter(&mut m);
    let notice = m.notice.clone().expect("a notice");
    assert!(notice.is_error);
    assert!(
        notice
            .text
            .starts_with("Invalid FilterExpression: Syntax error"),
        "{}",
        notice.text
    );
    assert_eq!(m.tables.row_count(m.session.database()), 1);
    // A `:value` without its value after `|`: DynamoDB's message, then how to give it.
    keys(&mut m, "/");
    ctrl(&mut m, 'u');
    keys(&mut m, "begins_with(Artist, :a)");
    enter(&mut m);
    let notice = m.notice.clone().expect("a notice");
    assert_eq!(
        notice.text,
        "Invalid FilterExpression: An expression attribute value used in expression is not defined; \
         attribute value: :a (add | {\":a\": …})"
    );
    assert_eq!(m.tables.row_count(m.session.database()), 1);
    esc(&mut m);
    assert_eq!(
        m.tables.row_count(m.session.database()),
        4,
        "Esc clears the filter"
    );
}

#[test]
fn items_are_edited_deleted_and_undone_through_the_session() {
    let mut m = demo();
    enter(&mut m);
    keys(&mut m, "j");
    keys(&mut m, "d");
    assert!(matches!(m.overlay, Some(Overlay::Confirm(_))));
    keys(&mut m, "y");
    assert_eq!(m.tables.row_count(m.session.database()), 3);
    let last = m.session.last_entry().expect("an entry");
    assert_eq!((&*last.source, &*last.operation), ("tui", "DeleteItem"));
    keys(&mut m, "u");
    assert_eq!(m.tables.row_count(m.session.database()), 4);

    // The editor: a wrong item gets DynamoDB's message and stays open; a good one is put.
    keys(&mut m, "a");
    assert!(matches!(m.overlay, Some(Overlay::Editor(_))));
    ctrl(&mut m, 's');
    match &m.overlay {
        Some(Overlay::Editor(e)) => assert_eq!(
            e.error.as_deref(),
            Some("ValidationException: One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: Artist")
        ),
        other => panic!("editor closed: {other:?}"),
    }
    if let Some(Overlay::Editor(e)) = &mut m.overlay {
        e.area = txlab::tui::input::TextArea::new(
            r#"{"Artist": {"S": "Zed"}, "SongTitle": {"S": "Zero"}, "Tags": {"SS": ["a", "b"]}}"#,
        );
    }
    ctrl(&mut m, 's');
    assert!(m.overlay.is_none());
    assert_eq!(m.tables.row_count(m.session.database()), 5);
}

#[test]
fn history_opens_any_request_and_undo_takes_back_the_last_change() {
    let mut m = demo();
    keys(&mut m, "4");
    assert_eq!(m.pane, Pane::History);
    // Newest first: the demo's last PutItem.
    let selected = m
        .history
        .selected(&m.session, m.refused())
        .and_then(|r| r.entry())
        .expect("entry")
        .id;
    assert_eq!(selected, 5);
    keys(&mut m, "G");
    enter(&mut m);
    assert_eq!(m.pane, Pane::Run);
    assert_eq!(
        m.run.entry.as_ref().map(|e| &*e.operation),
        Some("CreateTable")
    );
    esc(&mut m);
    assert_eq!(m.pane, Pane::History);
    keys(&mut m, "u");
    assert_eq!(
        m.session
            .database()
            .table("MusicCollection")
            .map(|t| t.item_count()),
        Some(3)
    );
}

#[test]
fn help_lists_the_keys_of_the_pane_and_q_quits() {
    let mut m = demo();
    keys(&mut m, "?");
    let Some(Overlay::Reader(r)) = &m.overlay else {
        panic!("help")
    };
    assert!(r
        .lines
        .iter()
        .any(|l| l.contains("filter (a condition expression)")));
    assert!(r.lines.iter().any(|l| l.contains("quit (saves)")));
    esc(&mut m);
    assert!(m.overlay.is_none());
    assert_eq!(press(&mut m, KeyCode::Char('q')), Effect::Quit);
    assert!(m.quit);
}

#[test]
fn the_mouse_selects_panes_rows_and_scrolls() {
    let mut m = demo();
    let click = |column, row| {
        Message::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // The tab bar: " txlab " then " 1 Tables " " 2 Compose " ...
    update(&mut m, click(20, 0));
    assert_eq!(m.pane, Pane::Compose);
    update(&mut m, click(10, 0));
    assert_eq!(m.pane, Pane::Tables);
    // The third item row (rows start under the border, the description and the header).
    let rows = txlab::tui::layout::tables(txlab::tui::layout::frame(m.area).body).rows;
    update(&mut m, click(rows.x + 2, rows.y + 2));
    assert_eq!((m.tables.focus, m.tables.cursor), (TablesFocus::Items, 2));
    update(
        &mut m,
        Message::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollUp,
            column: 50,
            row: 10,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert_eq!(m.tables.cursor, 0);
}

#[test]
fn nested_values_expand_on_enter() {
    let mut m = demo();
    m.session
        .execute(
            "test",
            "PutItem",
            &json!({"TableName": "MusicCollection", "Item": {
            "Artist": {"S": "Acme Band"}, "SongTitle": {"S": "A"},
            "Tour": {"M": {"Dates": {"L": [{"S": "May"}, {"S": "June"}]}}}}}),
        )
        .expect("put");
    m.after_change();
    enter(&mut m);
    enter(&mut m); // row 0 is Acme Band / A, with a map
    let db = m.session.database();
    let (key, item) = m.tables.selected(db).expect("row");
    assert!(m.tables.expanded.contains(&key));
    assert_eq!(m.tables.row_height(&key, &item), 5, "Tour, Dates, [0], [1]");
    enter(&mut m);
    assert!(m.tables.expanded.is_empty());
    // A row without nested values opens the item view instead; t toggles plain JSON.
    keys(&mut m, "j");
    enter(&mut m);
    let Some(Overlay::ItemView(v)) = &m.overlay else {
        panic!("item view")
    };
    assert!(!v.plain);
    keys(&mut m, "t");
    let Some(Overlay::ItemView(v)) = &m.overlay else {
        panic!("item view")
    };
    assert!(v.plain);
}

#[test]
fn resizing_keeps_the_cursor_on_screen() {
    let mut m = demo();
    for i in 0..200 {
        m.session
            .execute(
                "test",
                "PutItem",
                &json!({"TableName": "MusicCollection", "Item": {
                "Artist": {"S": format!("Band {i:03}")}, "SongTitle": {"S": "x"}}}),
            )
            .expect("put");
    }
    m.after_change();
    enter(&mut m);
    keys(&mut m, "G");
    assert_eq!(m.tables.cursor, 203);
    update(&mut m, Message::Resize(40, 10));
    let rows = txlab::tui::layout::tables(txlab::tui::layout::frame(m.area).body)
        .rows
        .height as usize;
    assert!(m.tables.offset <= m.tables.cursor && m.tables.cursor < m.tables.offset + rows.max(1));
    update(&mut m, Message::Resize(0, 0));
    press(&mut m, KeyCode::PageUp);
    assert!(m.tables.cursor < 203);
}

#[test]
fn a_session_file_keeps_the_draft_and_the_history_across_a_quit() {
    use std::sync::Arc;
    use txlab::session::{clock::SystemClock, store::OpenMode, Session};
    let dir = std::env::temp_dir().join(format!("txlab-tui-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let path = dir.join("session.json");
    {
        let mut session =
            Session::open(&path, OpenMode::ReadWrite, Arc::new(SystemClock)).expect("opens");
        txlab::app::build_demo(&mut session).expect("demo");
        let mut m = txlab::tui::Model::new(
            session,
            txlab::tui::Theme::colour(),
            ratatui::layout::Rect::new(0, 0, 120, 36),
        );
        compose_documented(&mut m);
        keys(&mut m, "r");
        assert_eq!(press(&mut m, KeyCode::Char('q')), Effect::Quit);
        m.session.close().expect("saves");
    }
    let session =
        Session::open(&path, OpenMode::ReadWrite, Arc::new(SystemClock)).expect("reopens");
    let m = txlab::tui::Model::new(
        session,
        txlab::tui::Theme::colour(),
        ratatui::layout::Rect::new(0, 0, 120, 36),
    );
    assert_eq!(m.compose.draft.actions.len(), 2);
    let last = m.session.last_entry().expect("history");
    assert_eq!(
        (&*last.source, &*last.operation),
        ("tui", "TransactWriteItems")
    );
    drop(m);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A client's REMOVE leaves the item count as it was; the column it emptied still goes, and comes back when the
/// request is undone. A request on another table leaves the columns counted as they were.
#[test]
fn columns_follow_a_remove_that_keeps_the_item_count() {
    let mut m = demo();
    let has_rating = |m: &txlab::tui::Model| m.tables.columns.iter().any(|c| c == "Rating");
    assert!(has_rating(&m), "{:?}", m.tables.columns);
    let remove = json!({
        "TableName": "MusicCollection",
        "Key": {"Artist": {"S": "No One You Know"}, "SongTitle": {"S": "Call Me Today"}},
        "UpdateExpression": "REMOVE Rating"
    });
    // As the endpoint runs it: straight on the session, the view catching up after.
    let entry = m
        .session
        .execute("http", "UpdateItem", &remove)
        .expect("the request runs")
        .clone();
    assert_eq!(entry.status, 200, "{:?}", entry.response);
    m.after_change();
    assert!(!has_rating(&m), "{:?}", m.tables.columns);

    // A write to another table does not recount this one's columns (they are only counted again when named).
    let columns = m.tables.columns.clone();
    m.tables.columns.push("stale-marker".into());
    let other = json!({"TableName": "Elsewhere", "Key": {"pk": {"S": "x"}}});
    let _ = m.session.execute("http", "GetItem", &other);
    m.after_change();
    assert_eq!(
        m.tables.columns.last().map(String::as_str),
        Some("stale-marker")
    );
    m.tables.columns = columns;

    // Undone: the attribute is back, and so is its column.
    keys(&mut m, "u");
    if matches!(m.overlay, Some(Overlay::Confirm(_))) {
        keys(&mut m, "y");
    }
    assert!(has_rating(&m), "{:?}", m.tables.columns);
}
