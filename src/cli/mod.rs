//! The command line: argument parsing and the `check`, `explain`, `rules` and `catalog`
//! commands. A thin shell over [`wslsp::analysis`]; the walk, fixing files, the output formats
//! and rendering the catalog (in the terminal and as a static site) are its only logic.

mod explain;
mod fix;
mod index;
mod output;
mod project;
mod site;
mod walk;

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use wslsp::config::{Config, ConfigError, Level};
use wslsp::locale::Locale;
use wslsp::rules::Severity;

use explain::{DocFormat, ExplainError};
use output::Format;
use walk::Report;

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
    Check(Box<CheckArgs>),
    /// Explain a close code (`wslsp explain 1008`), or compare two (`wslsp explain 1008 1010`).
    Explain(ExplainArgs),
    /// List the rules with examples, or show one (`wslsp rules reserved-code`).
    Rules(RulesArgs),
    /// Write the catalog and the rules as a static HTML site in every locale.
    Catalog(CatalogArgs),
    /// Run the language server over stdin/stdout.
    Lsp(crate::lsp::LspArgs),
}

/// Exit status: 0 no finding at or above `--fail-on` (or `--exit-zero`), 1 findings (with
/// `--diff`: a file would change), 2 usage or I/O error, or wslsp failed on a file (the run
/// is incomplete; the other files are still reported).
#[derive(clap::Args)]
#[command(group = clap::ArgGroup::new("fixing").args(["fix", "diff"]).multiple(true))]
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
    /// Exit 0 even when there are findings (2 still reports usage and I/O errors).
    #[arg(long)]
    pub exit_zero: bool,
    /// Print the findings only: no summary line, no note about fixes.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print how many findings each rule has instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Check standard input as the file NAME (its extension picks the language).
    #[arg(long, value_name = "NAME", conflicts_with = "paths")]
    pub stdin_filename: Option<PathBuf>,
    /// Apply the safe fixes to the files (with --stdin-filename: print the fixed text).
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff: also apply unsafe fixes, which change a close code's value or a
    /// reason.
    #[arg(long, requires = "fixing")]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change, and change nothing (wins over --fix).
    #[arg(long)]
    pub diff: bool,
    /// Skip files larger than this many bytes (reported as skipped).
    #[arg(long, default_value_t = wslsp::analysis::DEFAULT_MAX_FILE_BYTES)]
    pub max_file_size: usize,
    /// Skip a file whose parse and analysis take longer than this many milliseconds
    /// (reported as skipped; 0: no limit). Wins over `[limits] file-time-budget-ms`; default
    /// 2000.
    #[arg(long, value_name = "MS")]
    pub file_time_budget: Option<u64>,
    /// Print to stderr how many files were walked, passed the byte prefilter and were parsed.
    #[arg(long)]
    pub stats: bool,
    /// Use this configuration file (a wslsp.toml, or a pyproject.toml with [tool.wslsp]) for
    /// every file, instead of the one nearest each file.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Report rule RULE as an error (repeatable; wins over the configuration file).
    #[arg(long = "error", value_name = "RULE")]
    pub error_rules: Vec<String>,
    /// Report rule RULE as a warning (repeatable).
    #[arg(long = "warn", value_name = "RULE")]
    pub warn_rules: Vec<String>,
    /// Report rule RULE as info (repeatable).
    #[arg(long = "info", value_name = "RULE")]
    pub info_rules: Vec<String>,
    /// Report rule RULE as a hint (repeatable).
    #[arg(long = "hint", value_name = "RULE")]
    pub hint_rules: Vec<String>,
    /// Switch rule RULE off (repeatable).
    #[arg(long = "off", value_name = "RULE")]
    pub off_rules: Vec<String>,
    /// Leave out the files the configuration's [files] excludes even when named on the
    /// command line or by --stdin-filename (pre-commit and editors name files one by one).
    #[arg(long)]
    pub force_exclude: bool,
    /// Neither read nor write the cache: analyse every file afresh.
    #[arg(long)]
    pub no_cache: bool,
    /// Keep the cache in DIR (default: `.wslsp_cache` at the root of the project the first
    /// path belongs to).
    #[arg(long, value_name = "DIR", env = "WSLSP_CACHE_DIR")]
    pub cache_dir: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// One close code (0–65535), or two to compare.
    #[arg(required = true, num_args = 1..=2, value_name = "CODE")]
    pub codes: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DocFormat::Text)]
    pub format: DocFormat,
}

#[derive(clap::Args)]
pub struct RulesArgs {
    /// A rule id (default: every rule).
    pub id: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DocFormat::Text)]
    pub format: DocFormat,
}

/// `DIR/<locale>/index.html`, a page per code and range, per pair of codes confused with
/// each other and per rule, for each of en, fr, ja, pt-BR and vi; `DIR/index.html` picks a
/// language.
#[derive(clap::Args)]
pub struct CatalogArgs {
    /// The directory to write the site to (created if missing; files of the same name are
    /// replaced, others left alone).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The absolute URL the site will be served from (`https://example.org/wslsp`), for
    /// canonical and alternate-language links (default: `SITE_URL` in `src/rules.rs`; without
    /// either they are relative).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
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
    let locale = cli.locale();
    let outcome = match cli.command {
        Command::Check(args) => check(*args, locale),
        Command::Explain(args) => explain_codes(&args, locale),
        Command::Rules(args) => explain::rules(args.id.as_deref(), args.format, locale)
            .map_err(Failure::from)
            .and_then(|text| print(&text)),
        Command::Catalog(args) => {
            if cli.locale.is_some() {
                eprintln!("wslsp: catalog writes every locale; --locale is ignored");
            }
            write_site(&args)
        }
        Command::Lsp(args) => {
            if cli.locale.is_some() {
                eprintln!(
                    "wslsp: lsp takes its locale from the client (initialize, or the locale setting); --locale is ignored"
                );
            }
            return crate::lsp::run(args);
        }
    };
    match outcome {
        Ok(code) => code,
        Err(Failure::Usage(message)) => {
            eprintln!("wslsp: {message}");
            ExitCode::from(2)
        }
        // A closed pipe (`wslsp rules | head`) is the reader's choice, not an error.
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            eprintln!("wslsp: {e}");
            ExitCode::from(2)
        }
    }
}

/// Why a command stopped: exit status 2 either way.
enum Failure {
    Usage(String),
    Io(io::Error),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

impl From<ExplainError> for Failure {
    fn from(e: ExplainError) -> Self {
        Failure::Usage(e.to_string())
    }
}

fn print(text: &str) -> Result<ExitCode, Failure> {
    io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn explain_codes(args: &ExplainArgs, locale: Locale) -> Result<ExitCode, Failure> {
    let codes = args
        .codes
        .iter()
        .map(|c| explain::parse_code(c))
        .collect::<Result<Vec<u16>, _>>()?;
    let text = match codes[..] {
        [a, b] => explain::compare(a, b, args.format, locale),
        [a] => explain::explain(a, args.format, locale),
        _ => unreachable!("clap takes one or two codes"),
    };
    print(&text)
}

/// `catalog --out DIR`: writes the site and says how many pages it wrote.
fn write_site(args: &CatalogArgs) -> Result<ExitCode, Failure> {
    let base_url = match args.base_url.as_deref().or(wslsp::rules::SITE_URL) {
        Some(url) => Some(site::base_url(url).map_err(Failure::Usage)?),
        None => None,
    };
    let written = site::write(&args.out, base_url.as_deref()).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot write {}: {e}", args.out.display()),
        )
    })?;
    eprintln!(
        "wslsp: wrote {} pages to {} ({} per locale, {} locales){}",
        written.pages,
        args.out.display(),
        written.per_locale,
        written.locales,
        if base_url.is_none() {
            "; canonical links are relative until --base-url is given"
        } else {
            ""
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// The cache of this run: none for standard input or with `--no-cache`; else the one in
/// `--cache-dir`, or at the root of the project the first path belongs to.
fn cache_of(args: &CheckArgs) -> wslsp::cache::Cache {
    if args.no_cache || args.stdin_filename.is_some() {
        return wslsp::cache::Cache::disabled();
    }
    let dir = args.cache_dir.clone().unwrap_or_else(|| {
        let first = args.paths.first().map_or(Path::new("."), PathBuf::as_path);
        wslsp::cache::Cache::default_dir(first)
    });
    wslsp::cache::Cache::open(&dir)
}

fn check(args: CheckArgs, locale: Locale) -> Result<ExitCode, Failure> {
    // One arena: the lowest peak memory, before the walker's threads start (`crate::memory`).
    crate::memory::limit_arenas(1);
    let project = project_of(&args)?;
    let cache = std::sync::Arc::new(cache_of(&args));
    let limits = walk::Limits {
        max_file_size: args.max_file_size,
        project: &project,
        force_exclude: args.force_exclude,
        time_budget: args.file_time_budget.map(std::time::Duration::from_millis),
        cache: cache.clone(),
    };
    // Standard input is kept for `--fix`, which echoes it when there is nothing to fix.
    let mut input = Vec::new();
    let mut report = match &args.stdin_filename {
        Some(name) => {
            io::stdin().lock().read_to_end(&mut input)?;
            walk::check_stdin(name, input.clone(), &limits)
        }
        None if args.paths.is_empty() => walk::check_paths(&[PathBuf::from(".")], &limits),
        None => walk::check_paths(&args.paths, &limits),
    };
    let config_errors = project.into_errors();
    if !config_errors.is_empty() {
        // A broken configuration would make the findings wrong: report it, and nothing else.
        for e in &config_errors {
            eprintln!("wslsp: {}", shown(e));
        }
        return Ok(ExitCode::from(2));
    }
    if let Err(e) = cache.save() {
        eprintln!("wslsp: cannot write the cache: {e}");
    }
    localize(&mut report, locale);
    if args.stats {
        eprintln!(
            "wslsp: {} files walked, {} of them passed the prefilter and were parsed",
            report.files_checked, report.files_parsed
        );
        let (hits, misses) = cache.counts();
        if hits + misses > 0 {
            eprintln!("wslsp: cache: {hits} analyses read, {misses} computed");
        }
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if (args.fix || args.diff)
        && let Some(status) = fix_files(&args, &mut report, &input, &mut out)?
    {
        return Ok(status);
    }
    if args.statistics {
        output::write_statistics(args.format, &report, &mut out)?;
    } else {
        let options = output::Options {
            quiet: args.quiet,
            styled: args.format == Format::Human && io::stdout().is_terminal(),
        };
        output::write(args.format, &report, options, &mut out)?;
    }
    Ok(exit_status(&args, &report))
}

/// The configuration of a `check` run: `--config`'s file (loaded now: an error in it is a
/// usage error) or discovery, and the severity flags.
fn project_of(args: &CheckArgs) -> Result<project::Project, Failure> {
    let flags = project::levels_from_flags(&[
        (Level::At(Severity::Error), &args.error_rules),
        (Level::At(Severity::Warning), &args.warn_rules),
        (Level::At(Severity::Info), &args.info_rules),
        (Level::At(Severity::Hint), &args.hint_rules),
        (Level::Off, &args.off_rules),
    ])
    .map_err(Failure::Usage)?;
    let explicit = match &args.config {
        Some(path) => Some(Config::load(path).map_err(|e| Failure::Usage(shown(&e)))?),
        None => None,
    };
    Ok(project::Project::new(explicit, flags))
}

/// A configuration error as `path:line:column: message`, the path relative to the current
/// directory when it is inside it.
fn shown(e: &ConfigError) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| e.path.strip_prefix(cwd).ok().map(PathBuf::from));
    let path = relative.unwrap_or_else(|| e.path.clone());
    format!("{}:{}:{}: {}", path.display(), e.line, e.column, e.message)
}

/// `--fix` and `--diff`, with `--unsafe-fixes` or without. Returns the exit status
/// when the run ends here: `--diff`, and `--fix` on standard input (`input`), print text
/// instead of findings.
fn fix_files(
    args: &CheckArgs,
    report: &mut Report,
    input: &[u8],
    out: &mut dyn Write,
) -> Result<Option<ExitCode>, Failure> {
    let stdin = args.stdin_filename.is_some();
    let roots = fix::roots(&args.paths);
    let mut not_written = Vec::new();
    let fixed = fix::fix_report(report, args.unsafe_fixes, |file, original| {
        if args.diff {
            out.write_all(fix::unified_diff(&file.path, original, &file.text).as_bytes())
        } else if stdin {
            Ok(())
        } else {
            let written = fix::write_atomically(
                file.path.as_ref(),
                original.as_bytes(),
                file.text.as_bytes(),
                &roots,
            );
            if let Err(e) = written {
                // One file left alone never stops the others from being fixed.
                not_written.push(walk::FileError {
                    path: file.path.clone(),
                    message: e.to_string(),
                    incomplete: true,
                });
            }
            Ok(())
        }
    })?;
    if !args.quiet {
        let verb = if args.diff { "would fix" } else { "fixed" };
        if fixed.applied > 0 {
            eprintln!(
                "wslsp: {verb} {} in {}",
                plural(fixed.applied, "finding"),
                plural(fixed.files, "file")
            );
        }
        if fixed.unsafe_left > 0 {
            eprintln!(
                "wslsp: {} not applied: {} a close code's value or a reason, which changes \
                 what the peer receives (unsafe); add --unsafe-fixes to apply {}",
                plural(fixed.unsafe_left, "fix"),
                if fixed.unsafe_left == 1 {
                    "it changes"
                } else {
                    "they change"
                },
                if fixed.unsafe_left == 1 { "it" } else { "them" },
            );
        }
    }
    if args.diff {
        return Ok(Some(ExitCode::from(u8::from(fixed.files > 0))));
    }
    report.errors.extend(not_written);
    if stdin {
        // Like `ruff check --fix -`: the fixed text replaces the input on standard output.
        // Input with no close site (or not checked at all) is echoed unchanged.
        match report.files.first() {
            Some(file) => out.write_all(file.text.as_bytes())?,
            None => out.write_all(input)?,
        }
        return Ok(Some(exit_status(args, report)));
    }
    Ok(None)
}

fn plural(n: usize, word: &str) -> String {
    match (n, word) {
        (1, _) => format!("1 {word}"),
        (_, "fix") => format!("{n} fixes"),
        _ => format!("{n} {word}s"),
    }
}

fn exit_status(args: &CheckArgs, report: &Report) -> ExitCode {
    let threshold = args.fail_on.threshold();
    // A file wslsp failed on leaves the run incomplete: the findings cannot vouch for it.
    if report.missing_paths || report.errors.iter().any(|e| e.incomplete) {
        ExitCode::from(2)
    } else if !args.exit_zero
        && report
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
