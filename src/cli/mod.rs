//! The command line: argument parsing and the `check` command. A thin shell over
//! [`wslsp::analysis`]; the walk and the output formats are its only logic.

mod output;
mod walk;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use wslsp::locale::Locale;
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
    /// Language of messages: en, fr, ja, pt-BR or vi, as a BCP 47 tag or a POSIX locale name
    /// (default: from LC_ALL, LC_MESSAGES or LANG; English when untranslated). Rule ids, codes
    /// and JSON keys are never translated.
    #[arg(long, global = true, value_name = "TAG")]
    locale: Option<String>,
}

impl Cli {
    /// The locale of messages: `--locale`, else the environment. An explicit tag without a
    /// translation is reported and falls back to English.
    fn locale(&self) -> Locale {
        let Some(tag) = &self.locale else {
            return Locale::from_env();
        };
        Locale::parse(tag).unwrap_or_else(|| {
            eprintln!(
                "wslsp: no translation for locale {tag:?} (en, fr, ja, pt-BR, vi); using English"
            );
            Locale::En
        })
    }
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
        Command::Check(ref args) => check(args, cli.locale()),
        Command::Lsp(args) => {
            if cli.locale.is_some() {
                eprintln!(
                    "wslsp: lsp takes its locale from the client (initialize, or the locale setting); --locale is ignored"
                );
            }
            crate::lsp::run(args)
        }
    }
}

fn check(args: &CheckArgs, locale: Locale) -> ExitCode {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut report = walk::check_paths(&paths, args.max_file_size);
    localize(&mut report, locale);
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

/// Rewrites each finding's message and help in `locale`, so that every output format prints
/// them as they are. English is what the analysis already wrote.
fn localize(report: &mut walk::Report, locale: Locale) {
    if locale == Locale::En {
        return;
    }
    for file in &mut report.files {
        let analysis = &mut file.analysis;
        for finding in &mut analysis.findings {
            let site = finding.site.and_then(|i| analysis.sites.get(i));
            finding.message = finding.message_in(site, locale);
            finding.help = finding.help_in(locale);
        }
    }
}
