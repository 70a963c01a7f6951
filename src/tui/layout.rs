//! Where things are on screen, computed from the terminal's size alone. `view` draws into these rectangles and
//! `update` uses the same ones for paging and for mouse clicks, so the two always agree. Every function copes
//! with any size, down to nothing.

use ratatui::layout::{Constraint, Layout, Rect};

/// The frame: tabs on top, the pane, the status bar at the bottom.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frame {
    pub tabs: Rect,
    pub body: Rect,
    pub status: Rect,
}

pub fn frame(area: Rect) -> Frame {
    let [tabs, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    Frame { tabs, body, status }
}

/// Inside a bordered block.
pub fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tables {
    pub list: Rect,
    pub items: Rect,
    /// Inside the items block: the table's description, the column header, the rows.
    pub info: Rect,
    pub header: Rect,
    pub rows: Rect,
}

pub fn tables(body: Rect) -> Tables {
    let list_width = (body.width / 4).clamp(16, 30).min(body.width);
    let [list, items] =
        Layout::horizontal([Constraint::Length(list_width), Constraint::Min(0)]).areas(body);
    let [info, header, rows] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner(items));
    Tables {
        list,
        items,
        info,
        header,
        rows,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Compose {
    pub actions: Rect,
    pub fields: Rect,
    pub command: Rect,
}

pub fn compose(body: Rect, actions: usize) -> Compose {
    let wanted = actions as u16 + 3;
    let actions_height = wanted.clamp(4, (body.height / 3).max(4));
    let [actions, fields, command] = Layout::vertical([
        Constraint::Length(actions_height),
        Constraint::Min(0),
        Constraint::Length(5),
    ])
    .areas(body);
    Compose {
        actions,
        fields,
        command,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    pub detail: Rect,
    pub actions: Rect,
    pub verdict: Rect,
}

pub fn run(body: Rect, actions: usize) -> Run {
    let actions_height = (actions as u16 + 2).clamp(3, (body.height / 4).max(3));
    // The cancellation message takes three lines in a narrow terminal.
    let verdict_height = if body.width < 110 { 5 } else { 4 };
    let [detail, actions, verdict] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(actions_height),
        Constraint::Length(verdict_height),
    ])
    .areas(body);
    Run {
        detail,
        actions,
        verdict,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct History {
    pub list: Rect,
    pub detail: Rect,
}

pub fn history(body: Rect) -> History {
    let detail_height = (body.height / 3).clamp(3, 12);
    let [list, detail] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(detail_height)]).areas(body);
    History { list, detail }
}

/// The one-line prompt (filter, command, file name) and the line under it for its message: the bottom of the
/// body.
pub fn prompt(body: Rect) -> Rect {
    let height = 3.min(body.height);
    Rect {
        x: body.x,
        y: body.y + body.height - height,
        width: body.width,
        height,
    }
}

/// A box in the middle of `area`, `percent_x` wide and `percent_y` high, at least a little.
pub fn popup(area: Rect, percent_x: u16, percent_y: u16) -> Rect {
    let width = (area.width as u32 * percent_x as u32 / 100) as u16;
    let height = (area.height as u32 * percent_y as u32 / 100) as u16;
    let width = width.max(30.min(area.width));
    let height = height.max(7.min(area.height));
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// Whether `(column, row)` lies in `r`.
pub fn contains(r: Rect, column: u16, row: u16) -> bool {
    column >= r.x
        && row >= r.y
        && (column as u32) < r.x as u32 + r.width as u32
        && (row as u32) < r.y as u32 + r.height as u32
}
