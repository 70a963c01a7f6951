//! The session: everything a person builds, kept in one JSON file that is never lost.

pub mod store;
