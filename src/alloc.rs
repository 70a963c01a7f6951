//! The allocator the binary links: mimalloc, asked the way the system allocator is asked.
//!
//! `mimalloc::MiMalloc` passes every request to `mi_malloc_aligned`, even for the alignments `mi_malloc`
//! always gives. With mimalloc 3, an aligned request whose size class has no free block at hand (a
//! `String` of 24 bytes, a `Vec` of 40) does not take the ordinary slow path: it over-allocates in a larger
//! size class and keeps a page of interior pointers, so pages are fetched and retired over and over. On a
//! small transaction that was a sixth of all instructions (callgrind, `benches/engine_mimalloc.rs`). Here the
//! usual request (alignment at most 16 and not above the size, which `mi_malloc` guarantees, as the system
//! allocator's `malloc` does) goes to `mi_malloc`; only over-aligned ones go to `mi_malloc_aligned`.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// The alignment `mi_malloc` gives every block of at least this size (mimalloc's `MI_MAX_ALIGN_SIZE`).
const MALLOC_ALIGN: usize = 16;

/// mimalloc as the global allocator: `#[global_allocator] static A: txlab::alloc::Mimalloc = Mimalloc;`.
pub struct Mimalloc;

/// Whether `mi_malloc` already aligns a block of this layout (a block of `size` bytes is aligned to the
/// largest power of two up to 16 that divides its size class, and every Rust size is a multiple of its
/// alignment).
#[inline]
fn plain(align: usize, size: usize) -> bool {
    align <= MALLOC_ALIGN && align <= size
}

// SAFETY: every block comes from mimalloc and goes back to it; `plain` only sends layouts that mimalloc's
// plain calls align correctly (see `plain`).
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if plain(layout.align(), layout.size()) {
            mi::mi_malloc(layout.size()).cast()
        } else {
            mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
        }
    }
    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if plain(layout.align(), layout.size()) {
            mi::mi_zalloc(layout.size()).cast()
        } else {
            mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
        }
    }
    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        mi::mi_free(ptr.cast::<c_void>());
    }
    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if plain(layout.align(), new_size) {
            mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
        } else {
            mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every layout gets a block aligned as asked, that keeps its contents through a realloc.
    #[test]
    fn blocks_are_aligned_and_keep_their_contents() {
        let a = Mimalloc;
        for align in [1usize, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [align, align * 3, 24, 40, 100, 5000] {
                let size = size.max(align) / align * align;
                let Ok(layout) = Layout::from_size_align(size, align) else {
                    continue;
                };
                // SAFETY: a non-zero size; the block is written within its size and freed once.
                unsafe {
                    let p = a.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size} align {align}");
                    p.write_bytes(0xab, size);
                    let q = a.realloc(p, layout, size * 2);
                    assert_eq!(q as usize % align, 0, "realloc: size {size} align {align}");
                    assert!((0..size).all(|i| *q.add(i) == 0xab));
                    a.dealloc(q, Layout::from_size_align_unchecked(size * 2, align));
                    let z = a.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0);
                    assert!((0..size).all(|i| *z.add(i) == 0));
                    a.dealloc(z, layout);
                }
            }
        }
    }
}
