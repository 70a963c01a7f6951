//! The `expressions` benchmarks with mimalloc as the global allocator, as the shipped binary has it (the
//! library itself never chooses an allocator): parsing and tracing a condition is mostly small allocations.
//!
//! Run: `cargo bench --bench expressions_mimalloc`. Loop mode (`EXPR_LOOP`) as in `expressions.rs`.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[allow(dead_code)]
#[path = "expressions.rs"]
mod expressions;

fn main() {
    expressions::main();
}
