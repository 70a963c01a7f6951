//! Completion, as a pure function of the line, the cursor and what the session holds (so it is tested without
//! a terminal): command names, the operation's flags and the global ones, enum values of a flag, table names
//! after `--table-name` and `show`, and attribute names inside JSON and expressions.

use std::collections::BTreeSet;

use crate::cli::model::model;
use crate::cli::{global_flags, Operation};
use crate::commands::COMMANDS;
use crate::session::Session;

/// Items looked at per table for attribute names (the key schema is always included).
const SAMPLE_ITEMS: usize = 200;

/// The names completion offers, taken from the session after each command.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Vocabulary {
    pub tables: Vec<String>,
    pub attributes: Vec<String>,
    pub drafts: Vec<String>,
}

impl Vocabulary {
    pub fn of(session: &Session) -> Vocabulary {
        let db = session.database();
        let mut attributes = BTreeSet::new();
        for table in db.tables.values() {
            for a in &table.schema.attribute_definitions {
                attributes.insert(a.name.clone());
            }
            for row in table.iter().take(SAMPLE_ITEMS) {
                attributes.extend(row.image().names().map(str::to_string));
            }
        }
        Vocabulary {
            tables: db.tables.keys().cloned().collect(),
            attributes: attributes.into_iter().collect(),
            drafts: session.drafts().keys().cloned().collect(),
        }
    }
}

/// The words before the cursor (quotes stripped) and whether the cursor is inside a quote.
fn words_before(text: &str) -> (Vec<String>, bool) {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => quote = Some(c),
            (None, c) if c.is_whitespace() => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            (None, c) => word.push(c),
        }
    }
    words.push(word);
    (words, quote.is_some())
}

fn matching(candidates: impl IntoIterator<Item = String>, prefix: &str) -> Vec<String> {
    let mut out: Vec<String> = candidates
        .into_iter()
        .filter(|c| c.starts_with(prefix) && c != prefix)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The enum values of an operation's flag (`--return-values` -> `NONE`, `ALL_OLD`, ...).
fn flag_choices(op: Operation, flag: &str) -> Vec<String> {
    let bare = flag.trim_start_matches("--").replace('-', "");
    let Some(input) = model().input_shape(op.name()) else {
        return Vec::new();
    };
    input
        .members
        .iter()
        .find(|m| m.name.to_lowercase() == bare)
        .and_then(|m| m.shape())
        .map(|s| s.enum_values.clone())
        .unwrap_or_default()
}

const DRAFT_VERBS: [&str; 5] = ["save", "list", "show", "run", "delete"];

/// Where the completed word starts (a byte offset) and the candidates, for the line up to `pos`.
pub fn complete(line: &str, pos: usize, vocab: &Vocabulary) -> (usize, Vec<String>) {
    let before = line.get(..pos).unwrap_or(line);
    let (words, in_quote) = words_before(before);
    let current = words.last().cloned().unwrap_or_default();

    if in_quote {
        // Inside JSON or an expression: complete the identifier under the cursor with attribute and table
        // names.
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '_' || *c == '-' || *c == '.')
            .last()
            .map_or(pos, |(i, _)| i);
        let prefix = before.get(start..).unwrap_or("");
        if prefix.is_empty() {
            return (pos, Vec::new());
        }
        let names = vocab.attributes.iter().chain(vocab.tables.iter()).cloned();
        return (start, matching(names, prefix));
    }

    let start = pos - current.len().min(pos);
    let start = if before.is_char_boundary(start) {
        start
    } else {
        pos
    };
    // Skip a leading `aws dynamodb` / `dynamodb`.
    let mut rest: &[String] = words.get(..words.len().saturating_sub(1)).unwrap_or(&[]);
    if rest.first().map(String::as_str) == Some("aws") {
        rest = rest.get(1..).unwrap_or(&[]);
    }
    if rest.first().map(String::as_str) == Some("dynamodb") {
        rest = rest.get(1..).unwrap_or(&[]);
    }
    let Some(command) = rest.first() else {
        let mut names: Vec<String> = Operation::ALL
            .iter()
            .map(|op| op.cli_name().to_string())
            .collect();
        if words.len() == 1 {
            names.extend(COMMANDS.iter().map(|(n, _, _)| n.to_string()));
            names.push("aws".to_string());
        }
        return (start, matching(names, &current));
    };
    let previous = rest.last().map(String::as_str).unwrap_or("");
    if let Some(op) = Operation::from_cli_name(command) {
        if current.starts_with('-') {
            let flags = op.flags().into_iter().chain(global_flags());
            return (start, matching(flags, &current));
        }
        if previous == "--table-name" {
            return (start, matching(vocab.tables.iter().cloned(), &current));
        }
        if previous.starts_with("--") {
            return (start, matching(flag_choices(op, previous), &current));
        }
        return (start, Vec::new());
    }
    let candidates: Vec<String> = match (command.as_str(), rest.len()) {
        ("show", 1) => vocab.tables.clone(),
        ("help", 1) => Operation::ALL
            .iter()
            .map(|op| op.cli_name().to_string())
            .chain(COMMANDS.iter().map(|(n, _, _)| n.to_string()))
            .collect(),
        ("profile", 1) => vec!["aws".to_string(), "legacy-25".to_string()],
        ("draft", 1) => DRAFT_VERBS.iter().map(|v| v.to_string()).collect(),
        ("draft", 2) if matches!(previous, "show" | "run" | "delete") => vocab.drafts.clone(),
        _ => Vec::new(),
    };
    (start, matching(candidates, &current))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocabulary {
        Vocabulary {
            tables: vec!["MusicCollection".into(), "Orders".into()],
            attributes: vec!["AlbumTitle".into(), "Artist".into(), "Rating".into()],
            drafts: vec!["cli-example".into()],
        }
    }

    /// (line, expected start, expected candidates); the cursor is at the end of the line.
    #[test]
    fn completion_table() {
        let rows: &[(&str, usize, &[&str])] = &[
            ("transact-w", 0, &["transact-write-items"]),
            ("ex", 0, &["explain"]),
            ("aws dynamodb put-i", 13, &["put-item"]),
            ("put-item --table", 9, &["--table-name"]),
            ("put-item --table-name Mu", 22, &["MusicCollection"]),
            ("show O", 5, &["Orders"]),
            ("profile l", 8, &["legacy-25"]),
            ("draft r", 6, &["run"]),
            ("draft run c", 10, &["cli-example"]),
            ("put-item --return-values ALL_", 25, &["ALL_NEW", "ALL_OLD"]),
            ("put-item --item '{\"Ar", 19, &["Artist"]),
            (
                "update-item --condition-expression \"attribute_not_exists(Ra",
                57,
                &["Rating"],
            ),
            ("tables ", 7, &[]),
        ];
        for (line, start, expected) in rows {
            let (s, got) = complete(line, line.len(), &vocab());
            assert_eq!(
                (s, got.iter().map(String::as_str).collect::<Vec<_>>()),
                (*start, expected.to_vec()),
                "{line}"
            );
        }
    }
}
