//! The `expressions` benchmarks with mimalloc as the global allocator, as the shipped binary has it
//! (`txlab::alloc::Mimalloc`, which asks mimalloc the way malloc is asked; `mimalloc::MiMalloc` sends every
//! request down mimalloc 3's aligned path, 3–4% more instructions on this workload). The library itself never
//! chooses an allocator.
//!
//! Run: `cargo bench --bench expressions_mimalloc`. Loop mode (`EXPR_LOOP`) as in `expressions.rs`.

#[global_allocator]
static GLOBAL: txlab::alloc::Mimalloc = txlab::alloc::Mimalloc;

#[allow(dead_code)]
#[path = "expressions.rs"]
mod expressions;

fn main() {
    expressions::main();
}
