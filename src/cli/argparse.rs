//! The parts of Python's `argparse` (3.11) that the AWS CLI relies on, so that txlab accepts the same command lines
//! and refuses them with the same words: options anywhere, `--name=value`, unambiguous prefixes (`--table` for
//! `--table-name`), `nargs` for list options, `--` ending options, and `parse_known_args` handing unknown words on.
//!
//! Errors are argparse's message texts (`argument --table-name: expected one argument`); the caller wraps them in
//! the AWS CLI's usage text.

use std::collections::HashMap;

/// How many words an option or positional takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nargs {
    /// A flag (`store_true`, `store_false`, `version`).
    Zero,
    /// Exactly one word (argparse's default).
    One,
    /// `?`: zero or one word.
    Optional,
    /// `*`: any number of words.
    ZeroOrMore,
}

/// The conversion argparse applies to each word (`type=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conversion {
    Str,
    Int,
}

/// A parsed value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgValue {
    Bool(bool),
    Str(String),
    Int(i64),
    List(Vec<String>),
}

/// One option or positional.
#[derive(Clone, Debug)]
pub struct Spec {
    /// `--table-name` for an option; the positional's name (`command`, `operation`, `help`) otherwise.
    pub name: String,
    pub dest: String,
    pub nargs: Nargs,
    pub positional: bool,
    /// What a `Zero` flag stores.
    pub flag_value: Option<bool>,
    /// What an `Optional` option stores when given without a word.
    pub constant: Option<String>,
    pub choices: Option<Vec<String>>,
    pub required: bool,
    pub conversion: Conversion,
}

impl Spec {
    pub fn option(name: &str, dest: &str, nargs: Nargs) -> Spec {
        Spec {
            name: name.to_string(),
            dest: dest.to_string(),
            nargs,
            positional: false,
            flag_value: None,
            constant: None,
            choices: None,
            required: false,
            conversion: Conversion::Str,
        }
    }
    pub fn flag(name: &str, dest: &str, value: bool) -> Spec {
        Spec {
            flag_value: Some(value),
            ..Spec::option(name, dest, Nargs::Zero)
        }
    }
    pub fn positional(name: &str, nargs: Nargs, choices: Option<Vec<String>>) -> Spec {
        Spec {
            positional: true,
            choices,
            required: nargs == Nargs::One,
            ..Spec::option(name, name, nargs)
        }
    }
    pub fn with_choices(mut self, choices: &[&str]) -> Spec {
        self.choices = Some(choices.iter().map(|c| c.to_string()).collect());
        self
    }
    pub fn with_conversion(mut self, conversion: Conversion) -> Spec {
        self.conversion = conversion;
        self
    }
    pub fn required(mut self, required: bool) -> Spec {
        self.required = required;
        self
    }
    pub fn with_constant(mut self, constant: &str) -> Spec {
        self.constant = Some(constant.to_string());
        self
    }
}

/// The outcome of `parse_known_args`: values by destination, and the words nobody claimed.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub values: HashMap<String, ArgValue>,
    pub extras: Vec<String>,
    /// Set when a `--version`-like flag (dest `version`) was met: argparse acts on it at once.
    pub version: bool,
}

impl Parsed {
    pub fn str(&self, dest: &str) -> Option<&str> {
        match self.values.get(dest) {
            Some(ArgValue::Str(s)) => Some(s),
            _ => None,
        }
    }
}

/// An argparse error: `message` is what follows `aws: error: `.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgError {
    pub message: String,
}

fn err(message: String) -> ArgError {
    ArgError { message }
}

/// What `_parse_optional` made of one word.
#[derive(Clone, Debug)]
enum Word {
    Positional,
    /// `--`: everything after it is positional.
    DoubleDash,
    /// An option word: the spec it names (None if unknown) and any `=value`.
    Optional {
        spec: Option<usize>,
        explicit: Option<String>,
    },
}

fn is_negative_number(s: &str) -> bool {
    // argparse: '^-\d+$|^-\d*\.\d+$'
    let Some(rest) = s.strip_prefix('-') else {
        return false;
    };
    let all_digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    if all_digits(rest) {
        return true;
    }
    match rest.split_once('.') {
        Some((a, b)) => a.chars().all(|c| c.is_ascii_digit()) && all_digits(b),
        None => false,
    }
}

fn classify(specs: &[Spec], word: &str) -> Result<Word, ArgError> {
    if !word.starts_with('-') {
        return Ok(Word::Positional);
    }
    let find = |name: &str| specs.iter().position(|s| !s.positional && s.name == name);
    if let Some(i) = find(word) {
        return Ok(Word::Optional {
            spec: Some(i),
            explicit: None,
        });
    }
    if word.chars().count() == 1 {
        return Ok(Word::Positional);
    }
    if let Some((name, value)) = word.split_once('=') {
        if let Some(i) = find(name) {
            return Ok(Word::Optional {
                spec: Some(i),
                explicit: Some(value.to_string()),
            });
        }
    }
    // Unambiguous prefixes of long options (argparse's allow_abbrev).
    let (prefix, explicit) = match word.split_once('=') {
        Some((p, v)) if word.starts_with("--") => (p, Some(v.to_string())),
        _ => (word, None),
    };
    let matches: Vec<usize> = specs
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.positional && s.name.starts_with(prefix))
        .map(|(i, _)| i)
        .collect();
    if matches.len() > 1 {
        let names: Vec<&str> = matches
            .iter()
            .filter_map(|&i| specs.get(i).map(|s| s.name.as_str()))
            .collect();
        return Err(err(format!(
            "ambiguous option: {word} could match {}",
            names.join(", ")
        )));
    }
    if let Some(&i) = matches.first() {
        return Ok(Word::Optional {
            spec: Some(i),
            explicit,
        });
    }
    if is_negative_number(word) || word.contains(' ') {
        return Ok(Word::Positional);
    }
    Ok(Word::Optional {
        spec: None,
        explicit: None,
    })
}

/// How many of the pattern letters (`A` word, `O` option, `-` for `--`) the nargs consumes, or None.
fn match_count(nargs: Nargs, pattern: &[u8]) -> Option<usize> {
    let dashes = pattern.iter().take_while(|&&c| c == b'-').count();
    let rest = pattern.get(dashes..).unwrap_or_default();
    let trailing = |from: usize| {
        from + pattern
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&c| c == b'-')
            .count()
    };
    match nargs {
        Nargs::Zero => Some(dashes),
        Nargs::One => (rest.first() == Some(&b'A')).then(|| trailing(dashes + 1)),
        Nargs::Optional => Some(if rest.first() == Some(&b'A') {
            trailing(dashes + 1)
        } else {
            dashes
        }),
        Nargs::ZeroOrMore => {
            Some(dashes + rest.iter().take_while(|&&c| c == b'A' || c == b'-').count())
        }
    }
}

fn action_name(spec: &Spec) -> &str {
    &spec.name
}

/// argparse's `_check_value` as the AWS CLI overrides it (choices listed two per line, close matches offered).
fn check_choice(spec: &Spec, value: &str) -> Result<(), ArgError> {
    let Some(choices) = &spec.choices else {
        return Ok(());
    };
    if choices.iter().any(|c| c == value) {
        return Ok(());
    }
    let mut msg = vec!["Invalid choice, valid choices are:\n".to_string()];
    for pair in choices.chunks(2) {
        let cells: Vec<String> = pair.iter().map(|c| format!("{c:<40}")).collect();
        msg.push(cells.join(" | "));
    }
    let close = super::difflib::get_close_matches(value, choices, 3, 0.8);
    if !close.is_empty() {
        msg.push(format!(
            "\n\nInvalid choice: {}, maybe you meant:\n",
            super::pyrepr::repr_str(value)
        ));
        for word in close {
            msg.push(format!("  * {word}"));
        }
    }
    Err(err(format!(
        "argument {}: {}",
        action_name(spec),
        msg.join("\n")
    )))
}

fn convert(spec: &Spec, word: &str) -> Result<ArgValue, ArgError> {
    match spec.conversion {
        Conversion::Str => Ok(ArgValue::Str(word.to_string())),
        Conversion::Int => super::pyrepr::py_int(word)
            .map(ArgValue::Int)
            .ok_or_else(|| {
                err(format!(
                    "argument {}: invalid int value: {}",
                    action_name(spec),
                    super::pyrepr::repr_str(word)
                ))
            }),
    }
}

/// Turns the words an action consumed into its value (argparse's `_get_values` + the action).
fn take(spec: &Spec, mut words: Vec<String>, parsed: &mut Parsed) -> Result<(), ArgError> {
    if let Some(pos) = words.iter().position(|w| w == "--") {
        words.remove(pos);
    }
    let value = match spec.nargs {
        Nargs::Zero => {
            if spec.dest == "version" {
                parsed.version = true;
            }
            ArgValue::Bool(spec.flag_value.unwrap_or(true))
        }
        Nargs::One => {
            let word = words.first().cloned().unwrap_or_default();
            let value = convert(spec, &word)?;
            check_choice(spec, &word)?;
            value
        }
        Nargs::Optional => match words.first() {
            Some(word) => {
                let value = convert(spec, word)?;
                check_choice(spec, word)?;
                value
            }
            None => match &spec.constant {
                Some(c) if !spec.positional => ArgValue::Str(c.clone()),
                // A positional `?` left empty keeps its default: nothing is stored.
                _ => return Ok(()),
            },
        },
        Nargs::ZeroOrMore => {
            for word in &words {
                check_choice(spec, word)?;
            }
            ArgValue::List(words)
        }
    };
    parsed.values.insert(spec.dest.clone(), value);
    Ok(())
}

/// argparse's `parse_known_args`: returns values and the unclaimed words (in argparse's order).
pub fn parse_known_args(specs: &[Spec], args: &[String]) -> Result<Parsed, ArgError> {
    let mut parsed = Parsed::default();
    // Classify every word first, as argparse does (so an ambiguous prefix fails before anything else).
    let mut pattern = Vec::with_capacity(args.len());
    let mut words = Vec::with_capacity(args.len());
    let mut after_double_dash = false;
    for arg in args {
        if after_double_dash {
            pattern.push(b'A');
            words.push(Word::Positional);
        } else if arg == "--" {
            after_double_dash = true;
            pattern.push(b'-');
            words.push(Word::DoubleDash);
        } else {
            let word = classify(specs, arg)?;
            pattern.push(if matches!(word, Word::Optional { .. }) {
                b'O'
            } else {
                b'A'
            });
            words.push(word);
        }
    }
    let option_indices: Vec<usize> = pattern
        .iter()
        .enumerate()
        .filter(|(_, &c)| c == b'O')
        .map(|(i, _)| i)
        .collect();
    let mut positionals: Vec<&Spec> = specs.iter().filter(|s| s.positional).collect();
    let mut seen: Vec<bool> = vec![false; specs.len()];
    let spec_index = |s: &Spec| specs.iter().position(|t| std::ptr::eq(t, s));

    // consume_positionals: the first remaining positional takes what its nargs matches.
    let mut consume_positionals =
        |start: usize, parsed: &mut Parsed, seen: &mut Vec<bool>| -> Result<usize, ArgError> {
            let Some(&spec) = positionals.first() else {
                return Ok(start);
            };
            let rest = pattern.get(start..).unwrap_or_default();
            let Some(count) = match_count(spec.nargs, rest) else {
                return Ok(start);
            };
            positionals.remove(0);
            let taken: Vec<String> = args.get(start..start + count).unwrap_or_default().to_vec();
            if let Some(i) = spec_index(spec) {
                if let Some(s) = seen.get_mut(i) {
                    *s = true;
                }
            }
            take(spec, taken, parsed)?;
            Ok(start + count)
        };

    let mut start = 0usize;
    let max_option = option_indices.last().copied();
    while max_option.is_some_and(|m| start <= m) {
        let next_option = option_indices
            .iter()
            .copied()
            .find(|&i| i >= start)
            .unwrap_or(args.len());
        if start != next_option {
            let end = consume_positionals(start, &mut parsed, &mut seen)?;
            if end > start {
                start = end;
                continue;
            }
            start = end;
        }
        if !option_indices.contains(&start) {
            parsed.extras.extend(
                args.get(start..next_option)
                    .unwrap_or_default()
                    .iter()
                    .cloned(),
            );
            start = next_option;
        }
        // consume_optional
        let Some(Word::Optional { spec, explicit }) = words.get(start).cloned() else {
            break;
        };
        let Some(spec_i) = spec else {
            parsed.extras.extend(args.get(start).cloned());
            start += 1;
            continue;
        };
        let Some(spec) = specs.get(spec_i) else {
            break;
        };
        let (taken, stop) = match explicit {
            Some(value) => {
                if spec.nargs == Nargs::Zero {
                    return Err(err(format!(
                        "argument {}: ignored explicit argument {}",
                        action_name(spec),
                        super::pyrepr::repr_str(&value)
                    )));
                }
                (vec![value], start + 1)
            }
            None => {
                let rest = pattern.get(start + 1..).unwrap_or_default();
                let Some(count) = match_count(spec.nargs, rest) else {
                    let message = match spec.nargs {
                        Nargs::Optional => "expected at most one argument",
                        _ => "expected one argument",
                    };
                    return Err(err(format!("argument {}: {message}", action_name(spec))));
                };
                let taken = args
                    .get(start + 1..start + 1 + count)
                    .unwrap_or_default()
                    .to_vec();
                (taken, start + 1 + count)
            }
        };
        if let Some(s) = seen.get_mut(spec_i) {
            *s = true;
        }
        take(spec, taken, &mut parsed)?;
        if parsed.version {
            return Ok(parsed);
        }
        start = stop;
    }
    let stop = consume_positionals(start, &mut parsed, &mut seen)?;
    parsed
        .extras
        .extend(args.get(stop..).unwrap_or_default().iter().cloned());

    let missing: Vec<&str> = specs
        .iter()
        .zip(&seen)
        .filter(|(s, &was_seen)| s.required && !was_seen)
        .map(|(s, _)| action_name(s))
        .collect();
    if !missing.is_empty() {
        return Err(err(format!(
            "the following arguments are required: {}",
            missing.join(", ")
        )));
    }
    Ok(parsed)
}
