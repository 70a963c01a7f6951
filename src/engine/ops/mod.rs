//! DynamoDB operations, one file each. Every operation takes a typed request whose attribute values are still
//! in wire form (`Wire`), validates in DynamoDB's order, executes against the `Database`, and fills in the
//! request's `RequestTrace`. The `api` layer turns DynamoDB JSON into these requests and the results back.

pub mod common;
pub mod create_table;
pub mod delete_item;
pub mod delete_table;
pub mod describe_table;
pub mod expressions;
pub mod get_item;
pub mod key_paths;
pub mod list_tables;
pub mod projection;
pub mod put_item;
pub mod query;
pub mod read_page;
pub mod scan;
mod transact_decide;
pub mod transact_get;
pub mod transact_token;
pub mod transact_write;
pub mod update_item;
pub mod wire;

use super::error::{ApiError, ErrorType};
use super::item::Item;
use super::trace::CancellationReason;

pub use super::capacity::ReturnConsumedCapacity;
pub use wire::{Wire, WireMap};

/// `ReturnValues`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ReturnValues {
    #[default]
    None,
    AllOld,
    UpdatedOld,
    AllNew,
    UpdatedNew,
}

impl ReturnValues {
    pub fn parse(text: &str) -> Option<ReturnValues> {
        Some(match text {
            "NONE" => ReturnValues::None,
            "ALL_OLD" => ReturnValues::AllOld,
            "UPDATED_OLD" => ReturnValues::UpdatedOld,
            "ALL_NEW" => ReturnValues::AllNew,
            "UPDATED_NEW" => ReturnValues::UpdatedNew,
            _ => return None,
        })
    }
}

/// `ReturnItemCollectionMetrics`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ReturnItemCollectionMetrics {
    #[default]
    None,
    Size,
}

impl ReturnItemCollectionMetrics {
    pub fn parse(text: &str) -> Option<ReturnItemCollectionMetrics> {
        match text {
            "NONE" => Some(ReturnItemCollectionMetrics::None),
            "SIZE" => Some(ReturnItemCollectionMetrics::Size),
            _ => None,
        }
    }
}

/// `ReturnValuesOnConditionCheckFailure`: with `AllOld`, a failed condition returns the existing item.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ReturnOnConditionFailure {
    #[default]
    None,
    AllOld,
}

impl ReturnOnConditionFailure {
    pub fn parse(text: &str) -> Option<ReturnOnConditionFailure> {
        match text {
            "NONE" => Some(ReturnOnConditionFailure::None),
            "ALL_OLD" => Some(ReturnOnConditionFailure::AllOld),
            _ => None,
        }
    }
}

/// One `ItemCollectionMetrics` entry (tables with a local secondary index, ReturnItemCollectionMetrics=SIZE).
#[derive(Clone, Debug, PartialEq)]
pub struct ItemCollectionMetrics {
    /// The partition key attribute of the collection.
    pub item_collection_key: Item,
    /// DynamoDB's estimate in GB; a small collection reports `[0.0, 1.0]`.
    pub size_estimate_range_gb: (f64, f64),
}

/// An operation's error: DynamoDB's error plus the payloads some errors carry.
#[derive(Clone, Debug, PartialEq)]
pub struct OpError {
    pub error: ApiError,
    /// TransactionCanceledException: one reason per action.
    pub cancellation_reasons: Option<Vec<CancellationReason>>,
    /// ConditionalCheckFailedException with ReturnValuesOnConditionCheckFailure=ALL_OLD and an existing item.
    pub item: Option<Item>,
}

impl OpError {
    pub fn validation(message: impl Into<String>) -> OpError {
        ApiError::validation(message).into()
    }
    pub fn new(error_type: ErrorType, message: impl Into<String>) -> OpError {
        ApiError::new(error_type, message).into()
    }
}

impl From<ApiError> for OpError {
    fn from(error: ApiError) -> OpError {
        OpError {
            error,
            cancellation_reasons: None,
            item: None,
        }
    }
}

/// What PutItem, UpdateItem and DeleteItem return.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WriteOutput {
    pub attributes: Option<Item>,
    pub consumed_capacity: Option<super::capacity::ConsumedCapacity>,
    pub item_collection_metrics: Option<ItemCollectionMetrics>,
}
