//! The engine's whole state: tables and the ClientRequestToken cache. Cloneable and serialisable (the session
//! file stores it: items in DynamoDB JSON, tables and tokens in name order).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::item::Item;
use super::table::Table;

/// How long a ClientRequestToken is remembered after the first request using it completed (spec §1.6).
pub const TOKEN_WINDOW_MILLIS: u64 = 10 * 60 * 1000;

/// Which DynamoDB to be. `Aws` is today's service; `Legacy25` is DynamoDB before September 2022 (25 actions per
/// transaction), which some DynamoDB-compatible services still document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Profile {
    #[default]
    Aws,
    Legacy25,
}

impl Profile {
    pub fn name(self) -> &'static str {
        match self {
            Profile::Aws => "aws",
            Profile::Legacy25 => "legacy-25",
        }
    }
    pub fn parse(text: &str) -> Option<Profile> {
        match text {
            "aws" => Some(Profile::Aws),
            "legacy-25" => Some(Profile::Legacy25),
            _ => None,
        }
    }
    /// Most actions in one TransactWriteItems / TransactGetItems.
    pub fn max_transact_actions(self) -> usize {
        match self {
            Profile::Aws => 100,
            Profile::Legacy25 => 25,
        }
    }
}

/// What every request gets from outside: the time (the engine never reads a clock) and the profile.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RequestContext {
    pub now_millis: u64,
    pub profile: Profile,
}

impl RequestContext {
    pub fn at(now_millis: u64) -> RequestContext {
        RequestContext {
            now_millis,
            profile: Profile::Aws,
        }
    }
}

/// A remembered successful TransactWriteItems (spec §1.6; only successes are cached, Appendix D #3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenRecord {
    /// The request in canonical form (values normalised, ReturnConsumedCapacity left out), compared to replays.
    pub request: serde_json::Value,
    pub completed_millis: u64,
    /// Table and key of each action, so that a replay can report read capacity for the items as they are.
    pub targets: Vec<(String, Item)>,
}

impl TokenRecord {
    pub fn is_live(&self, now_millis: u64) -> bool {
        now_millis < self.completed_millis.saturating_add(TOKEN_WINDOW_MILLIS)
    }
}

/// The engine state.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Database {
    pub tables: BTreeMap<String, Table>,
    pub tokens: BTreeMap<String, TokenRecord>,
    /// For teaching: items held by an imagined ongoing transaction (table, key attributes). Writes to them
    /// conflict (TransactionConflict / TransactionConflictException), which DynamoDB Local cannot show.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub held_items: Vec<(String, Item)>,
    /// For teaching: ClientRequestTokens whose first request is "still running" (TransactionInProgressException).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tokens_in_progress: Vec<String>,
}

impl Database {
    pub fn new() -> Database {
        Database::default()
    }
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.get(name)
    }
    pub fn table_mut(&mut self, name: &str) -> Option<&mut Table> {
        self.tables.get_mut(name)
    }
    /// Mark the item with these key attributes as held by an ongoing transaction.
    pub fn hold_item(&mut self, table: &str, key: Item) {
        if !self.held_items.iter().any(|(t, k)| t == table && *k == key) {
            self.held_items.push((table.to_string(), key));
        }
    }
    pub fn release_item(&mut self, table: &str, key: &Item) {
        self.held_items.retain(|(t, k)| !(t == table && k == key));
    }
    /// Whether the item with key `key` of `table` is held (keys compared after normalisation).
    #[inline]
    pub fn is_held(&self, table: &str, key: &super::key::PrimaryKey) -> bool {
        // Nearly always nothing is held: that answer without a call.
        !self.held_items.is_empty() && self.is_held_among(table, key)
    }
    fn is_held_among(&self, table: &str, key: &super::key::PrimaryKey) -> bool {
        let Some(t) = self.table(table) else {
            return false;
        };
        self.held_items.iter().any(|(name, k)| {
            name == table && t.schema.key_schema.key_of_key_map(k).as_ref() == Ok(key)
        })
    }
    /// Mark a ClientRequestToken as belonging to a request still in progress (or clear it).
    pub fn set_token_in_progress(&mut self, token: &str, in_progress: bool) {
        self.tokens_in_progress.retain(|t| t != token);
        if in_progress {
            self.tokens_in_progress.push(token.to_string());
        }
    }
    /// Forget tokens whose window has passed (called before looking one up, so the cache stays small).
    pub fn expire_tokens(&mut self, now_millis: u64) {
        self.tokens.retain(|_, r| r.is_live(now_millis));
    }
}
