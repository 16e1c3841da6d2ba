//! The command line: argument parsing and the `check` command. A thin shell over
//! [`wslsp::analysis`]; the walk and the output formats are its only logic.

mod output;
mod walk;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use wslsp::rules::Severity;

#[derive(Parser)]
#[command(
    name = "wslsp",
    version,
    about = "Find WebSocket close-code misuse (RFC 6455 §7.4) in source code"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check files and directories for close-code misuse.
    Check(CheckArgs),
    /// Run the language server over stdin/stdout.
    Lsp(crate::lsp::LspArgs),
}

/// Exit status: 0 no finding at or above `--fail-on`, 1 findings, 2 usage or I/O error.
#[derive(clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check (default: the current directory). Directories are walked
    /// in parallel, honouring .gitignore and skipping hidden, vendored and generated files.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Lowest severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Skip files larger than this many bytes (reported as skipped).
    #[arg(long, default_value_t = wslsp::analysis::DEFAULT_MAX_FILE_BYTES)]
    pub max_file_size: usize,
    /// Print to stderr how many files were walked, passed the byte prefilter and were parsed.
    #[arg(long)]
    pub stats: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-like diagnostics with the source line.
    Human,
    /// One JSON object (schema in the README).
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    fn threshold(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

/// Runs the command line and maps the outcome to the exit status.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Check(args) => check(args),
        Command::Lsp(args) => crate::lsp::run(args),
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let report = walk::check_paths(&paths, args.max_file_size);
    if args.stats {
        eprintln!(
            "wslsp: {} files walked, {} of them passed the prefilter and were parsed",
            report.files_checked, report.files_parsed
        );
    }
    let written = match args.format {
        Format::Human => output::human(&report),
        Format::Json => output::json(&report),
    };
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("wslsp: cannot write output: {e}");
        return ExitCode::from(2);
    }
    let threshold = args.fail_on.threshold();
    if report.missing_paths {
        ExitCode::from(2)
    } else if report
        .files
        .iter()
        .flat_map(|f| &f.analysis.findings)
        .any(|f| f.severity >= threshold)
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
