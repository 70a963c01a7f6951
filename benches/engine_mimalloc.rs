//! The `engine` benchmarks with mimalloc as the global allocator, as the shipped binary has it
//! (`txlab::alloc::Mimalloc`), to show what a faster allocator buys a program that links the engine (the
//! library offers the allocator but never chooses one).
//!
//! Run: `cargo bench --bench engine_mimalloc`. Loop mode as in `engine.rs`; for callgrind use
//! `--toggle-collect='*::run_tx'`.

#[global_allocator]
static GLOBAL: txlab::alloc::Mimalloc = txlab::alloc::Mimalloc;

#[allow(dead_code)]
#[path = "engine.rs"]
mod engine;

fn main() {
    engine::main();
}
