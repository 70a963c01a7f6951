//! The Compose pane's state: the draft being composed, where the cursor is, the live checks, and the error of
//! the last run placed at the field it concerns.

pub mod check;
pub mod draft;

use check::{ActionCheck, Issue};
use draft::{Draft, Field};

use super::input::LineInput;
use super::keymap::Context;
use crate::engine::trace::ActionType;
use crate::engine::Database;
use crate::highlight::{highlight_expression, TokenClass};
use crate::session::Session;

/// The draft name the TUI keeps its transaction under when none was chosen.
pub const DEFAULT_DRAFT: &str = "tui";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ComposeFocus {
    #[default]
    Actions,
    Fields,
}

/// A field being edited in place (one-line fields), with its text before the edit for Esc.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldEdit {
    pub input: LineInput,
    pub original: String,
}

/// A request-level error DynamoDB gave the last run (ValidationException and the like), at its field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopError {
    pub error_type: String,
    pub message: String,
    /// What usually fixes it (the REPL's `explain` says the same).
    pub to_pass: Option<String>,
    pub action: Option<usize>,
    pub field: Option<Field>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ComposeState {
    pub draft: Draft,
    pub name: String,
    pub focus: ComposeFocus,
    pub action: usize,
    /// Index into `draft::fields(kind)` of the selected action.
    pub field: usize,
    pub editing: Option<FieldEdit>,
    pub checks: Vec<ActionCheck>,
    pub option_issues: Vec<Issue>,
    pub top_error: Option<TopError>,
}

impl ComposeState {
    pub fn context(&self) -> Context {
        match (self.focus, &self.editing) {
            (_, Some(_)) => Context::LineEntry,
            (ComposeFocus::Actions, None) => Context::ComposeActions,
            (ComposeFocus::Fields, None) => Context::ComposeFields,
        }
    }

    /// Opens the session's draft (the default one) or starts empty.
    pub fn load_from_session(&mut self, session: &Session) {
        self.name = DEFAULT_DRAFT.to_string();
        if let Some(d) = session
            .drafts()
            .get(DEFAULT_DRAFT)
            .and_then(|v| Draft::from_json(v).ok())
        {
            self.draft = d;
        }
    }

    /// Keeps the draft in the session (the REPL and a later start see it).
    pub fn store(&self, session: &mut Session) -> Result<(), String> {
        session
            .set_draft(&self.name, Some(self.draft.to_request()))
            .map_err(|e| e.0)
    }

    pub fn recheck(&mut self, db: &Database) {
        let (checks, options) = check::check_draft(&self.draft, db);
        self.checks = checks;
        self.option_issues = options;
        self.action = self.action.min(self.draft.actions.len().saturating_sub(1));
        let n = self.fields().len();
        self.field = self.field.min(n.saturating_sub(1));
    }

    pub fn kind(&self) -> ActionType {
        self.draft
            .actions
            .get(self.action)
            .map_or(ActionType::Update, |a| a.kind)
    }

    pub fn fields(&self) -> &'static [Field] {
        draft::fields(self.kind())
    }

    pub fn selected_field(&self) -> Option<Field> {
        self.fields().get(self.field).copied()
    }

    /// Moves the field cursor to `field` if the selected action has it.
    pub fn select_field(&mut self, field: Field) {
        if let Some(i) = self.fields().iter().position(|f| *f == field) {
            self.field = i;
        }
    }

    /// The issues shown under a field of the selected action.
    pub fn issues_at(&self, field: Field) -> Vec<&Issue> {
        if field.is_request_option() {
            return self
                .option_issues
                .iter()
                .filter(|i| i.field == field)
                .collect();
        }
        self.checks
            .get(self.action)
            .map(|c| c.at(field).collect())
            .unwrap_or_default()
    }

    /// Places a request-level error: at the first field whose own check gives the same message, else at the
    /// field its wording names, else above the actions.
    pub fn place_error(&mut self, error_type: &str, message: &str) {
        let mut placed = crate::explain::locate(&self.draft.to_request(), message)
            .and_then(|l| member_field(&l.member));
        for (i, c) in self.checks.iter().enumerate() {
            if placed.is_some() {
                break;
            }
            if let Some(issue) = c.issues.iter().find(|is| message.contains(&is.message)) {
                placed = Some((Some(i), Some(issue.field)));
                break;
            }
        }
        let placed = placed.unwrap_or_else(|| {
            let field = field_named_in(message);
            let action = field
                .filter(|f| !f.is_request_option())
                .map(|_| self.action);
            (action, field)
        });
        self.top_error = Some(TopError {
            error_type: error_type.to_string(),
            message: message.to_string(),
            to_pass: crate::explain::error_account(error_type, message).map(|a| a.to_pass),
            action: placed.0,
            field: placed.1,
        });
        if let Some(a) = placed.0 {
            self.action = a;
        }
        if let Some(f) = placed.1 {
            self.focus = ComposeFocus::Fields;
            self.select_field(f);
        }
    }
}

/// `TransactItems[1].Update.ConditionExpression` -> (action 1, Condition).
fn member_field(member: &str) -> Option<(Option<usize>, Option<Field>)> {
    let rest = member.strip_prefix("TransactItems[")?;
    let (index, rest) = rest.split_once(']')?;
    let index: usize = index.parse().ok()?;
    let field = match rest.rsplit('.').next()? {
        "ConditionExpression" => Field::Condition,
        "UpdateExpression" => Field::Update,
        _ => return None,
    };
    Some((Some(index), Some(field)))
}

/// The field a DynamoDB message is about, judged by the member it names.
fn field_named_in(message: &str) -> Option<Field> {
    const WORDS: [(&str, Field); 9] = [
        ("ConditionExpression", Field::Condition),
        ("UpdateExpression", Field::Update),
        ("ExpressionAttributeNames", Field::Names),
        ("ExpressionAttributeValues", Field::Values),
        ("clientRequestToken", Field::Token),
        ("ClientRequestToken", Field::Token),
        ("returnConsumedCapacity", Field::Capacity),
        ("returnItemCollectionMetrics", Field::Metrics),
        ("key", Field::Key),
    ];
    WORDS
        .iter()
        .find(|(w, _)| message.contains(w))
        .map(|(_, f)| *f)
        .or_else(|| {
            (message.contains("Table") || message.contains("resource not found"))
                .then_some(Field::Table)
        })
}

/// `Put`, `Update`, `Delete`, `ConditionCheck` -> the action type.
pub fn kind_from_name(name: &str) -> Option<ActionType> {
    draft::KINDS.into_iter().find(|k| k.name() == name)
}

/// Replaces each reserved word used as a name in `expression` by `#Word`; returns the new text and the names
/// added (placeholder, name). Existing `#placeholders` are left alone.
pub fn fix_reserved(expression: &str) -> (String, Vec<(String, String)>) {
    let mut out = String::new();
    let mut added: Vec<(String, String)> = Vec::new();
    let mut at = 0;
    for token in highlight_expression(expression) {
        if token.class != TokenClass::ReservedWord {
            continue;
        }
        let word = token.text(expression);
        out.push_str(expression.get(at..token.range.start).unwrap_or(""));
        let placeholder = format!("#{word}");
        out.push_str(&placeholder);
        at = token.range.end;
        if !added.iter().any(|(p, _)| *p == placeholder) {
            added.push((placeholder, word.to_string()));
        }
    }
    out.push_str(expression.get(at..).unwrap_or(""));
    (out, added)
}

/// Adds `#placeholder -> name` pairs to a names field (JSON text); `None` when the field is not a JSON object.
pub fn add_names(names: &str, added: &[(String, String)]) -> Option<String> {
    let mut map = if names.trim().is_empty() {
        serde_json::Map::new()
    } else {
        match serde_json::from_str::<serde_json::Value>(names) {
            Ok(serde_json::Value::Object(m)) => m,
            _ => return None,
        }
    };
    for (placeholder, name) in added {
        map.entry(placeholder.clone())
            .or_insert_with(|| serde_json::Value::String(name.clone()));
    }
    Some(draft::compact_json(&serde_json::Value::Object(map)))
}
