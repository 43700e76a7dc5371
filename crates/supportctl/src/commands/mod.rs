//! One file per subcommand; `run` dispatches.

mod completions;
mod generate;
mod response;
mod validate;

use std::io::Write;

use anyhow::Result;
use support_metrics::ingest::Warning;

use crate::cli::{Cli, Command};

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Response(args) => response::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Completions { shell } => completions::run(shell),
    }
}

/// Writes data-quality warnings to stderr, one line each.
pub fn print_warnings(warnings: &[Warning]) {
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "warning: {w}");
    }
}
