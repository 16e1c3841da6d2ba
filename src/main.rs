//! The `wslsp` binary: `wslsp check` (CI) and `wslsp lsp` (editors) over the wslsp library.

mod cli;
mod lsp;

fn main() -> std::process::ExitCode {
    one_malloc_arena();
    cli::main()
}

/// glibc gives each thread that allocates an arena of its own, and every arena keeps pages
/// its frees leave half used: on the labelled corpus (`wslsp check`, two walker threads) one
/// arena cuts peak RSS from 76 MB to 61 MB with no measurable CPU cost, since the threads
/// spend their time in tree-sitter, not in malloc. Must run before any thread starts.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn one_malloc_arena() {
    // SAFETY: mallopt only sets an allocator parameter; no thread has started yet.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn one_malloc_arena() {}
