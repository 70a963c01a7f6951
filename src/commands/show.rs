//! `tables` and `show TABLE`.

use std::collections::BTreeSet;

use super::CommandOutput;
use crate::engine::table::Table;
use crate::explain::values::badge;
use crate::session::Session;

/// Cells longer than this are cut with `…`.
const MAX_CELL: usize = 40;

fn key_text(table: &Table) -> String {
    let keys = table.key_schema();
    let mut parts = vec![format!(
        "{} ({}, HASH)",
        keys.hash.name,
        keys.hash.attribute_type.name()
    )];
    if let Some(r) = &keys.range {
        parts.push(format!("{} ({}, RANGE)", r.name, r.attribute_type.name()));
    }
    parts.join(" · ")
}

fn count_text(n: usize) -> String {
    format!("{n} item{}", if n == 1 { "" } else { "s" })
}

/// `MusicCollection  Artist (S, HASH) · SongTitle (S, RANGE) · 3 items · LSI AlbumTitleIndex`
fn summary(table: &Table) -> String {
    let mut parts = vec![key_text(table), count_text(table.item_count())];
    for (index, global) in table.schema.indexes() {
        parts.push(format!(
            "{} {}",
            if global { "GSI" } else { "LSI" },
            index.name
        ));
    }
    format!("{}  {}", table.name(), parts.join(" · "))
}

pub fn tables(session: &Session, args: &[String]) -> CommandOutput {
    if !args.is_empty() {
        return CommandOutput::usage("tables", "takes no arguments; `show TABLE` shows one");
    }
    let tables = &session.database().tables;
    if tables.is_empty() {
        return CommandOutput::ok(
            "no tables yet (create-table makes one; `txlab demo` opens a session that has one)\n",
        );
    }
    let mut out = String::new();
    for table in tables.values() {
        out.push_str(&summary(table));
        out.push('\n');
    }
    CommandOutput::ok(out)
}

fn cut(text: String) -> String {
    if text.chars().count() <= MAX_CELL {
        return text;
    }
    let mut s: String = text.chars().take(MAX_CELL - 1).collect();
    s.push('…');
    s
}

pub fn show(session: &Session, args: &[String]) -> CommandOutput {
    let mut name = None;
    let mut limit = usize::MAX;
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        if arg == "--limit" {
            match args.get(i + 1).and_then(|n| n.parse::<usize>().ok()) {
                Some(n) => limit = n,
                None => return CommandOutput::usage("show", "--limit takes a whole number"),
            }
            i += 2;
            continue;
        }
        if name.is_some() {
            return CommandOutput::usage(
                "show",
                &format!("unexpected {arg}; `show TABLE [--limit N]`"),
            );
        }
        name = Some(arg.as_str());
        i += 1;
    }
    let Some(name) = name else {
        return CommandOutput::usage("show", "which table? `show TABLE` (`tables` lists them)");
    };
    let Some(table) = session.database().table(name) else {
        return CommandOutput::failure(
            "show",
            &format!("no table named {name} (`tables` lists them)"),
        );
    };
    let mut out = summary(table);
    out.push('\n');
    if table.item_count() == 0 {
        out.push_str("(no items)\n");
        return CommandOutput::ok(out);
    }
    // Columns: the key attributes, then every other attribute name, by name.
    let keys: Vec<String> = table
        .key_schema()
        .attributes()
        .map(|a| a.name.clone())
        .collect();
    let mut others = BTreeSet::new();
    for row in table.iter().take(limit) {
        for k in row.image().names() {
            if !keys.iter().any(|key| key == k) {
                others.insert(k.to_string());
            }
        }
    }
    let columns: Vec<String> = keys.into_iter().chain(others).collect();
    let mut rows: Vec<Vec<String>> = vec![columns.iter().map(|c| cut(c.clone())).collect()];
    for row in table.iter().take(limit) {
        let item = row.item();
        rows.push(
            columns
                .iter()
                .map(|c| item.get(c).map(|v| cut(badge(v))).unwrap_or_default())
                .collect(),
        );
    }
    let widths: Vec<usize> = (0..columns.len())
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &rows {
        let mut line = String::new();
        for (cell, w) in row.iter().zip(&widths) {
            line.push_str(cell);
            line.push_str(&" ".repeat(w.saturating_sub(cell.chars().count()) + 2));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if table.item_count() > limit {
        out.push_str(&format!("({} more)\n", table.item_count() - limit));
    }
    CommandOutput::ok(out)
}
