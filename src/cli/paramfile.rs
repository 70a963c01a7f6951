//! `file://` and `fileb://` parameter values (`awscli/paramfile.py`): the value is the file's content. Relative
//! paths are relative to the given working directory; `~` is the home directory. (AWS CLI v2 no longer fetches
//! `http://` / `https://` values; neither does txlab.)

use super::pyrepr::repr_str;
use std::path::{Path, PathBuf};

const PREFIXES: [&str; 2] = ["file://", "fileb://"];

fn expand(path: &str, cwd: &Path) -> PathBuf {
    let expanded = match path.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => match std::env::var_os("HOME") {
            Some(home) => PathBuf::from(home).join(rest.trim_start_matches('/')),
            None => PathBuf::from(path),
        },
        _ => PathBuf::from(path),
    };
    cwd.join(expanded)
}

/// The content of a `file://` / `fileb://` value, `None` if `value` is not one, or the CLI's error text
/// (`Unable to load paramfile file://x.json: [Errno 2] No such file or directory: 'x.json'`).
pub fn load(value: &str, cwd: &Path) -> Result<Option<String>, String> {
    let Some(prefix) = PREFIXES.iter().find(|p| value.starts_with(*p)) else {
        return Ok(None);
    };
    let raw_path = value.get(prefix.len()..).unwrap_or_default();
    let shown = match raw_path.strip_prefix('~') {
        Some(_) => expand(raw_path, Path::new("")).display().to_string(),
        None => raw_path.to_string(),
    };
    let full = expand(raw_path, cwd);
    let bytes = std::fs::read(&full).map_err(|e| {
        let errno = match e.kind() {
            std::io::ErrorKind::NotFound => "[Errno 2] No such file or directory".to_string(),
            std::io::ErrorKind::PermissionDenied => "[Errno 13] Permission denied".to_string(),
            std::io::ErrorKind::IsADirectory => "[Errno 21] Is a directory".to_string(),
            _ => match e.raw_os_error() {
                Some(code) => format!("[Errno {code}] {e}"),
                None => e.to_string(),
            },
        };
        format!(
            "Unable to load paramfile {value}: {errno}: {}",
            repr_str(&shown)
        )
    })?;
    match String::from_utf8(bytes) {
        // file:// is read in Python's text mode: universal newlines.
        Ok(text) if *prefix == "file://" => Ok(Some(text.replace("\r\n", "\n").replace('\r', "\n"))),
        Ok(text) => Ok(Some(text)),
        // fileb:// gives bytes in the CLI; parameters here are text, so binary content is refused either way.
        Err(_) => Err(format!(
            "Unable to load paramfile ({shown}), text contents could not be decoded.  If this is a binary \
             file, please use the fileb:// prefix instead of the file:// prefix."
        )),
    }
}
