//! What the binary asks of the process's allocator.
//!
//! glibc's malloc gives each thread that allocates while another holds the lock an arena of
//! its own, up to eight per core, and keeps what is freed in an arena resident for later
//! allocations. A tree-sitter tree is many small allocations: in `wslsp check` every walker
//! thread's arena keeps the high-water mark of its parses, and in the server a document's
//! dropped tree ([`crate::lsp`]'s `trees`) stays resident in the arena of the thread that
//! parsed it. Two remedies: fewer arenas ([`limit_arenas`], at start-up), and handing the
//! freed pages back ([`release_freed`]) after trees are dropped. Elsewhere (another C
//! library) both do nothing.

/// Limits glibc's malloc to `arenas` arenas; call before any other thread starts.
///
/// Measured: `wslsp check` over the labelled corpus (two walker threads) peaks at 60 MB
/// resident with one arena instead of 76 MB, at no measurable CPU cost (the threads spend
/// their time in tree-sitter, not in malloc). The server with 100 open 20,000-line documents
/// holds 290 MB with two arenas instead of 316 MB, but an edit's diagnostics then take about
/// twice as long (68 ms instead of 35 median): its threads contend for the arenas' locks
/// (ARCHITECTURE.md, "What the language server keeps per document").
pub fn limit_arenas(arenas: i32) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only sets a parameter of the allocator, and is called before any
    // other thread of the process exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, arenas);
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = arenas;
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
