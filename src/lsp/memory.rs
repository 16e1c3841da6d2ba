//! What the server asks of the process's allocator, so that the memory of dropped trees goes
//! back to the system.
//!
//! glibc's malloc gives each thread that allocates while another holds the lock an arena of
//! its own, up to eight per core, and keeps what is freed in an arena resident for later
//! allocations. A tree-sitter tree of a large document is tens of megabytes made of small
//! allocations; when a document drops its tree ([`super::trees`]), those pages stay resident
//! in the arena of the analysis thread that parsed it, so the resident size kept the peak of
//! every thread's trees rather than what the open documents hold. Two remedies: fewer arenas
//! ([`limit_arenas`], at start-up), and handing the freed pages back ([`release_freed`])
//! after trees are dropped. Elsewhere (another C library) both do nothing.

/// Arenas glibc may create: the main one and one more, so the analysis threads and tokio's
/// share them instead of each keeping its own high-water mark resident. Measured with 100
/// open 20,000-line documents: 290 MB resident instead of 316, but an edit's diagnostics
/// take about twice as long (68 ms instead of 35 median), the threads now contending for
/// the arenas' locks and free lists (ARCHITECTURE.md, "What the language server keeps per
/// document").
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const ARENAS: libc::c_int = 2;

/// Limits glibc's arenas ([`ARENAS`]); call before the server's threads start.
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only sets a parameter of the allocator, and is called before any
    // other thread of the server exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, ARENAS);
    }
}

/// Returns the free pages of every arena to the system (glibc's `malloc_trim`); called after
/// trees were dropped. It walks the arenas' free lists, a millisecond or so for a heap of
/// hundreds of megabytes, which is small next to the parse a dropped tree costs later.
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` takes each arena's lock itself; it may run on any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}
