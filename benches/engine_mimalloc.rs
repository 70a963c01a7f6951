//! The `engine` benchmarks with mimalloc as the global allocator, to show what a faster allocator buys a
//! program that links the engine (the library itself never chooses an allocator).
//!
//! Run: `cargo bench --bench engine_mimalloc`. Loop mode as in `engine.rs`; for callgrind use
//! `--toggle-collect='*::run_tx'`.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[allow(dead_code)]
#[path = "engine.rs"]
mod engine;

fn main() {
    engine::main();
}
