//! The `wslsp` binary: `wslsp check` (CI) over the wslsp library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
