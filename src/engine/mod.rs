//! DynamoDB semantics, pure: values, numbers, items, expressions, tables and operations.
//!
//! Nothing in here touches files, the terminal, the network or the clock; `tests/engine_purity.rs` checks that.

pub mod capacity;
pub mod database;
pub mod error;
pub mod expr;
pub mod image;
pub mod item;
pub mod key;
pub mod messages;
pub mod number;
pub mod ops;
pub mod rows;
pub mod table;
pub mod trace;
pub mod value;

pub use database::{Database, Profile, RequestContext};
pub use error::{ApiError, ErrorType};
pub use item::Item;
pub use number::Number;
pub use value::AttributeValue;
