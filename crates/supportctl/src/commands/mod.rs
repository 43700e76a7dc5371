//! One file per subcommand; `run` dispatches.

mod common;
mod completions;
mod csat;
mod daily;
mod generate;
mod init;
mod nps;
mod peak;
mod presets;
mod report;
mod response;
mod scorecard;
mod validate;
mod workload;

use std::io::{IsTerminal, Write};

use anyhow::Result;
use support_metrics::ingest::columns::{ColumnOrigin, ColumnReport, FoundColumn, Lookalike};
use support_metrics::ingest::{IngestOptions, Input, SourceInfo, Warning};

use crate::cli::{Cli, Command};
use crate::settings::Settings;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    if cli.command.writes_binary_to_stdout() && std::io::stdout().is_terminal() {
        return Err(crate::UsageError(
            "Parquet is binary and stdout is a terminal: pass --output FILE (or --out-dir DIR), \
             or redirect stdout to a file"
                .to_owned(),
        )
        .into());
    }
    match cli.command {
        Command::Response(args) => response::run(&args),
        Command::Csat(args) => csat::run(&args),
        Command::Nps(args) => nps::run(&args),
        Command::Scorecard(args) => scorecard::run(&args),
        Command::Peak(args) => peak::run(&args),
        Command::Workload(args) => workload::run(&args),
        Command::Daily(args) => daily::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Presets(args) => presets::run(&args),
        Command::Report(command) => report::run(&command),
        Command::Init(args) => init::run(&args),
        Command::Completions { shell } => completions::run(shell),
    }
}

/// Reads the tickets input with `read`, showing a progress bar for a large file on a terminal.
pub fn read<T>(
    settings: &mut Settings,
    read: impl FnOnce(Input, &IngestOptions) -> support_metrics::Result<T>,
) -> Result<T> {
    let input = settings.tickets_input()?;
    read_from(settings, input, read)
}

/// Reads `input` with `read`, showing a progress bar for a large file on a terminal.
pub fn read_from<T>(
    settings: &mut Settings,
    input: Input,
    read: impl FnOnce(Input, &IngestOptions) -> support_metrics::Result<T>,
) -> Result<T> {
    let bar = crate::progress::for_input(&input);
    settings.ingest.progress = bar.as_ref().map(|(_, f)| f.clone());
    let loaded = phase("read", || read(input, &settings.ingest));
    if let Some((bar, _)) = bar {
        bar.finish_and_clear();
    }
    Ok(loaded?)
}

/// Runs `f`; with `SUPPORTCTL_TIMINGS=1` in the environment, reports its wall time on stderr.
pub fn phase<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if std::env::var_os("SUPPORTCTL_TIMINGS").is_none() {
        return f();
    }
    let start = std::time::Instant::now();
    let out = f();
    // The peak resident memory so far, where the system reports it.
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_default();
    let _ = writeln!(
        std::io::stderr(),
        "timing: {name} {:.3} s, peak memory so far {peak}",
        start.elapsed().as_secs_f64()
    );
    out
}

/// Says on stderr how an input was read, when it was not plain canonical CSV: the preset chosen,
/// the encoding, delimiter or sheet.
pub fn print_read_as(file: &str, read_as: &SourceInfo) {
    if !read_as.is_plain() {
        let _ = writeln!(std::io::stderr(), "note: {file}: read with {read_as}");
    }
}

/// Says on stderr which columns were found by a guess — a synonym of their name, or a date and
/// the time-of-day column beside it — and lists the unused headers that look like a column
/// supportctl reads: a column supportctl could have used is always mentioned. (Canonical names
/// and the user's own mappings need no note; a preset is named by [`print_read_as`];
/// `validate` lists every column.)
pub fn print_columns(file: &str, report: &ColumnReport) {
    let mut err = std::io::stderr().lock();
    let named: Vec<String> = report
        .found
        .iter()
        .filter(|f| matches!(f.origin, ColumnOrigin::Synonym | ColumnOrigin::DateAndTime))
        .map(found)
        .collect();
    if !named.is_empty() {
        let _ = writeln!(err, "note: {file}: columns read: {}", named.join(", "));
    }
    if !report.lookalikes.is_empty() {
        let _ = writeln!(
            err,
            "note: {file}: not read, but they look like columns supportctl reads: {}; map one with --map COLUMN=HEADER",
            lookalikes(&report.lookalikes)
        );
    }
}

/// One column and how it was found: created_at ← `Дата создания` (synonym).
pub fn found(f: &FoundColumn) -> String {
    let headers: Vec<String> = f.headers.iter().map(|h| format!("`{h}`")).collect();
    format!("{} ← {} ({})", f.column, headers.join(" + "), f.origin)
}

/// The look-alike headers: `Time closed` (timestamps; could be resolved_at), …
pub fn lookalikes(list: &[Lookalike]) -> String {
    list.iter()
        .map(|l| match l.could_be {
            Some(c) => format!("`{}` ({}; could be {c})", l.header, l.shape),
            None => format!("`{}` ({})", l.header, l.shape),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes one data-quality warning to stderr.
pub fn print_warning(warning: &str) {
    let _ = writeln!(std::io::stderr(), "warning: {warning}");
}

/// Writes an informational note to stderr.
pub fn print_note(note: &str) {
    let _ = writeln!(std::io::stderr(), "note: {note}");
}

/// Writes data-quality warnings to stderr, one line each.
pub fn print_warnings(warnings: &[Warning]) {
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "warning: {w}");
    }
}
