//! The one place where the grammars' scope names become txlab's token classes.
//!
//! The innermost scope that appears in the table decides; the table is read top to bottom, so more specific
//! prefixes come first. `meta.embedded` and `source` stop the search, so an expression embedded in a quoted
//! argument is not coloured as the string around it. (`ReservedWord` comes from no scope: names are checked against
//! the reserved-word list after parsing, see `mark_reserved_words`.)

use syntect::parsing::Scope;

use super::TokenClass;

const TABLE: &[(&str, TokenClass)] = &[
    ("invalid", TokenClass::Invalid),
    ("comment", TokenClass::Comment),
    ("entity.name.command", TokenClass::Command),
    ("variable.parameter.option", TokenClass::Flag),
    ("support.function", TokenClass::Function),
    ("keyword.operator.word", TokenClass::Keyword),
    ("keyword.operator", TokenClass::Operator),
    (
        "variable.other.name-placeholder",
        TokenClass::NamePlaceholder,
    ),
    (
        "variable.other.value-placeholder",
        TokenClass::ValuePlaceholder,
    ),
    ("variable.other.attribute-name", TokenClass::AttributeName),
    ("constant.numeric", TokenClass::Number),
    ("constant.language", TokenClass::Constant),
    ("constant.character.escape", TokenClass::String),
    ("punctuation.definition.string", TokenClass::String),
    ("string", TokenClass::String),
    ("punctuation", TokenClass::Punctuation),
    ("meta.embedded", TokenClass::Plain),
    ("source", TokenClass::Plain),
];

/// The table with its scope names parsed once, at load.
pub(crate) struct ScopeClasses {
    table: Vec<(Scope, TokenClass)>,
}

impl ScopeClasses {
    pub(crate) fn new() -> Result<Self, String> {
        let table = TABLE
            .iter()
            .map(|(name, class)| {
                Scope::new(name)
                    .map(|scope| (scope, *class))
                    .map_err(|e| format!("scope {name}: {e:?}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ScopeClasses { table })
    }

    /// The class of text under this scope stack (outermost first).
    pub(crate) fn class_of(&self, stack: &[Scope]) -> TokenClass {
        stack
            .iter()
            .rev()
            .find_map(|scope| {
                self.table
                    .iter()
                    .find(|(prefix, _)| prefix.is_prefix_of(*scope))
                    .map(|(_, class)| *class)
            })
            .unwrap_or(TokenClass::Plain)
    }
}
