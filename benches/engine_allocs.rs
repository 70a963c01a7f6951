//! Allocations per operation of the `engine` benchmarks: the same requests, counted by a global allocator
//! that tallies every `alloc`/`realloc` (over the system allocator). Counts do not depend on how busy the
//! machine is, so they are a before/after figure like callgrind's instruction counts.
//!
//! Run: `cargo bench --bench engine_allocs` (prints allocations and bytes per operation for each row).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

#[allow(dead_code)]
#[path = "engine.rs"]
mod engine;

struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size() as u64, Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new_size as u64, Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `op` on `n` inputs made by `input`, counting only what `op` allocates (dropping its result included).
fn count<I>(name: &str, n: u64, mut input: impl FnMut(u64) -> I, mut op: impl FnMut(I)) {
    let (mut allocs, mut bytes) = (0, 0);
    for i in 1..=n {
        let request = input(i);
        let (a0, b0) = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
        op(request);
        allocs += ALLOCS.load(Relaxed) - a0;
        bytes += BYTES.load(Relaxed) - b0;
    }
    println!(
        "{name:<36} {:>7.2} allocations/op {:>9.1} bytes/op",
        allocs as f64 / n as f64,
        bytes as f64 / n as f64
    );
}

fn main() {
    let n = 2_000;
    let ctx = engine::ctx();
    let mut db = engine::loaded();
    count("a_transact_write_4_actions_typed", n, engine::typed, |r| {
        engine::run_tx(&mut db, r, &ctx)
    });
    let mut db = engine::loaded();
    count(
        "a_transact_write_4_actions_json",
        n,
        engine::transaction,
        |r| engine::run_tx_json(&mut db, &r, &ctx),
    );
    let mut db = engine::loaded();
    count("b_put_item_json", n, engine::put_request, |r| {
        engine::run_put(&mut db, &r, &ctx)
    });
    let mut db = engine::loaded();
    count(
        "c_get_item_json",
        n,
        |i| engine::get_request(i * 7919),
        |r| engine::run_get(&mut db, &r, &ctx),
    );
    let mut map = engine::reference_map();
    count(
        "reference_btreemap_insert",
        n,
        |i| (engine::key(i), engine::item(i)),
        |(k, it)| engine::run_insert(&mut map, k, it),
    );
}
