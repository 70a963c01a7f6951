//! Script mode: `txlab exec FILE` (or `-` for standard input) runs the lines of a file as the REPL would, prints
//! what the REPL prints, and stops at the first failing command with its exit code (252 usage error, 254
//! service error, 255 other) unless `--keep-going`. A command may span lines while a quote or bracket is open;
//! `#` starts a comment.

use std::io::{Read, Write};

use super::{close_session, cwd, open_session, use_color, SessionOptions};
use crate::cli::tokenize::{tokenize, Tokens};
use crate::commands::{self, Context, USAGE_EXIT};

#[derive(Clone, Debug, Default)]
pub struct ScriptOptions {
    /// `FILE`, or `-` for standard input.
    pub file: String,
    /// Run every command even after one fails; the exit code is then the first failure's.
    pub keep_going: bool,
    /// Print each command (`> put-item ...`) before its output, for demonstrations.
    pub echo: bool,
}

/// One command of a script: its text and the line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptCommand {
    pub line: usize,
    pub text: String,
}

/// Splits a script into commands: lines join while a quote or bracket is open (or a line ends with `\`);
/// blank and comment-only lines are dropped. An unfinished command at the end is `Err` with its start line
/// and the reason.
pub fn split_commands(text: &str) -> Result<Vec<ScriptCommand>, (usize, String)> {
    let mut out = Vec::new();
    let mut pending = String::new();
    let mut start = 0;
    for (i, line) in text.lines().enumerate() {
        if pending.is_empty() {
            start = i + 1;
        } else {
            pending.push('\n');
        }
        pending.push_str(line);
        match tokenize(&pending) {
            Tokens::Complete(words) => {
                if !words.is_empty() {
                    out.push(ScriptCommand {
                        line: start,
                        text: std::mem::take(&mut pending),
                    });
                }
                pending.clear();
            }
            Tokens::Incomplete(_) => {}
        }
    }
    if !pending.trim().is_empty() {
        if let Tokens::Incomplete(what) = tokenize(&pending) {
            return Err((start, what.message().to_string()));
        }
    }
    Ok(out)
}

fn read_script(file: &str) -> Result<String, String> {
    if file == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("txlab: cannot read the script from standard input: {e}"))?;
        return Ok(text);
    }
    std::fs::read_to_string(file).map_err(|e| format!("txlab: cannot read the script {file}: {e}"))
}

/// `txlab exec FILE`.
pub fn exec(options: &SessionOptions, script: &ScriptOptions) -> i32 {
    let text = match read_script(&script.file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return commands::GENERAL_EXIT;
        }
    };
    let commands = match split_commands(&text) {
        Ok(c) => c,
        Err((line, message)) => {
            eprintln!("txlab: {}, line {line}: {message}", script.file);
            return USAGE_EXIT;
        }
    };
    let mut session = match open_session(options) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return commands::GENERAL_EXIT;
        }
    };
    let ctx = Context::new(cwd(), use_color(), "script");
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut first_failure = 0;
    for command in commands {
        if commands::is_exit(&command.text) {
            break;
        }
        if script.echo {
            let mut out = stdout.lock();
            let _ = writeln!(out, "> {}", command.text);
        }
        let output = commands::run(&mut session, &command.text, &ctx);
        {
            let mut out = stdout.lock();
            let _ = out.write_all(output.stdout.as_bytes());
            let _ = out.flush();
        }
        {
            let mut err = stderr.lock();
            let _ = err.write_all(output.stderr.as_bytes());
            let _ = err.flush();
        }
        if output.exit_code != 0 {
            if first_failure == 0 {
                first_failure = output.exit_code;
            }
            if !script.keep_going {
                eprintln!(
                    "(txlab: the script stopped at line {}; --keep-going runs on after errors)",
                    command.line
                );
                break;
            }
        }
    }
    if let Err(e) = close_session(session) {
        eprintln!("{e}");
        if first_failure == 0 {
            first_failure = commands::GENERAL_EXIT;
        }
    }
    first_failure
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_join_while_brackets_are_open() {
        let script = "# a comment\n\nput-item --item '{\n  \"a\": 1\n}'\nlist-tables\n";
        let commands = split_commands(script).unwrap();
        assert_eq!(commands.len(), 2);
        assert_eq!(commands[0].line, 3);
        assert_eq!(commands[1].text, "list-tables");
    }

    #[test]
    fn an_open_quote_at_the_end_is_an_error() {
        assert_eq!(
            split_commands("list-tables\nput-item --item '{").map_err(|e| e.0),
            Err(2)
        );
    }
}
