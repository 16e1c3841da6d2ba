//! The `wslsp` binary: `wslsp check` (CI) and `wslsp lsp` (editors) over the wslsp library.

mod cli;
mod lsp;
mod memory;

fn main() -> std::process::ExitCode {
    cli::main()
}
