//! Loading the two grammars in assets/ into one syntect `SyntaxSet`.
//!
//! The grammars are embedded in the binary; the only work at load time is parsing their YAML and linking the
//! CLI grammar's references to the expression grammar. (syntect also compiles each pattern once to check it, and
//! again, lazily, on first use: small patterns keep both cheap.)

use std::sync::OnceLock;

use syntect::parsing::{SyntaxDefinition, SyntaxSet, SyntaxSetBuilder};

const EXPRESSION_GRAMMAR: &str = include_str!("../../assets/dynamodb-expression.sublime-syntax");
const CLI_GRAMMAR: &str = include_str!("../../assets/dynamodb-cli.sublime-syntax");
/// DynamoDB's reserved words, one per line, upper case.
const RESERVED_WORDS: &str = include_str!("../../assets/reserved-words.txt");

pub(crate) const EXPRESSION_SCOPE: &str = "source.dynamodb-expression";
pub(crate) const CLI_SCOPE: &str = "source.dynamodb-cli";

/// The reserved words, upper case, sorted for binary search. They are not in the grammar: see the performance
/// notes at the top of assets/dynamodb-expression.sublime-syntax.
pub(crate) fn reserved_words() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words: Vec<&'static str> = RESERVED_WORDS
            .lines()
            .map(str::trim)
            .filter(|word| !word.is_empty())
            .collect();
        words.sort_unstable();
        words
    })
}

/// Whether `word` is a reserved word, in any case, without allocating.
pub(crate) fn is_reserved_word(word: &str) -> bool {
    reserved_words()
        .binary_search_by(|reserved| {
            reserved
                .bytes()
                .cmp(word.bytes().map(|b| b.to_ascii_uppercase()))
        })
        .is_ok()
}

pub(crate) fn load() -> Result<SyntaxSet, String> {
    let mut builder = SyntaxSetBuilder::new();
    let expression = SyntaxDefinition::load_from_str(EXPRESSION_GRAMMAR, true, None)
        .map_err(|e| format!("assets/dynamodb-expression.sublime-syntax: {e}"))?;
    let cli = SyntaxDefinition::load_from_str(CLI_GRAMMAR, true, None)
        .map_err(|e| format!("assets/dynamodb-cli.sublime-syntax: {e}"))?;
    builder.add(expression);
    builder.add(cli);
    Ok(builder.build())
}
