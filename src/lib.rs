//! txlab: a terminal workbench for Amazon DynamoDB transactions.
//!
//! The layers point inward only: front ends (`cli`, `repl`, `tui`, `server`) -> `api` -> `session` -> `engine`.
//! The engine is pure DynamoDB semantics: no files, terminal, network or clock reads.

pub mod alloc;
pub mod api;
pub mod app;
pub mod byte_scan;
pub mod cli;
pub mod commands;
pub mod engine;
pub mod explain;
pub mod highlight;
pub mod repl;
pub mod server;
pub mod session;
pub mod tui;
