//! Moving a composed transaction in and out: export as `--transact-items` JSON, as `--cli-input-json` or as the
//! `aws` command line, to a file or the clipboard; import from a file or from pasted JSON.

use super::compose::draft::{self, pretty_json};
use super::compose::ComposeFocus;
use super::message::{Destination, Effect, ExportFormat, Pane};
use super::model::Model;

/// The export menu: label, format, destination.
pub const EXPORT_CHOICES: [(&str, ExportFormat, bool); 5] = [
    (
        "--transact-items JSON to a file",
        ExportFormat::TransactItems,
        false,
    ),
    (
        "--transact-items JSON to the clipboard",
        ExportFormat::TransactItems,
        true,
    ),
    (
        "--cli-input-json to a file",
        ExportFormat::CliInputJson,
        false,
    ),
    (
        "--cli-input-json to the clipboard",
        ExportFormat::CliInputJson,
        true,
    ),
    (
        "the aws command line to the clipboard",
        ExportFormat::CommandLine,
        true,
    ),
];

pub fn export(model: &mut Model, format: ExportFormat, destination: Destination) -> Effect {
    let d = &model.compose.draft;
    let contents = match format {
        ExportFormat::TransactItems => format!("{}\n", pretty_json(&d.transact_items())),
        ExportFormat::CliInputJson => format!("{}\n", pretty_json(&d.to_request())),
        ExportFormat::CommandLine => format!("{}\n", draft::command_line(d)),
    };
    match destination {
        Destination::Clipboard => {
            model.notify(format!(
                "{} copied to the clipboard (OSC 52; your terminal must allow it)",
                format.name()
            ));
            Effect::Clipboard(contents)
        }
        Destination::File(path) => Effect::WriteFile {
            path: resolve(model, &path),
            contents,
        },
    }
}

/// Imports from JSON text (pasted) or from a file (`file://` as the AWS CLI writes it, or a plain path).
pub fn import(model: &mut Model, source: &str) -> Effect {
    let source = source.trim();
    if source.starts_with('[') || source.starts_with('{') {
        import_text(model, source);
        return Effect::None;
    }
    let path = source.strip_prefix("file://").unwrap_or(source);
    if path.is_empty() {
        model.fail("give a file name, or paste the JSON");
        return Effect::None;
    }
    Effect::ReadFile {
        path: resolve(model, path),
    }
}

pub fn import_text(model: &mut Model, text: &str) {
    let parsed = serde_json::from_str::<serde_json::Value>(text)
        .map_err(|e| format!("not valid JSON: {e}"))
        .and_then(|v| draft::Draft::from_json(&v));
    match parsed {
        Ok(d) => {
            let n = d.actions.len();
            model.compose.draft = d;
            model.compose.action = 0;
            model.compose.field = 0;
            model.compose.top_error = None;
            model.compose.focus = ComposeFocus::Actions;
            model.pane = Pane::Compose;
            super::update_compose::changed(model);
            model.notify(format!("imported {n} actions"));
        }
        Err(e) => model.fail(format!("cannot import: {e}")),
    }
}

fn resolve(model: &Model, path: &str) -> String {
    let p = std::path::Path::new(path);
    if p.is_absolute() {
        path.to_string()
    } else {
        model.cwd.join(p).to_string_lossy().into_owned()
    }
}
