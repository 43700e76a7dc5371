//! `supportctl`: parse the arguments, run the command, map the outcome to an exit code.
//!
//! Exit codes: 0 success (a closed pipe downstream counts as success), 1 any other failure,
//! 2 usage or configuration error, 3 invalid input data.

mod calendars;
mod cli;
mod commands;
mod config;
mod output;
mod progress;
mod render;
mod settings;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use support_metrics::ErrorKind;

/// polars allocates and frees large columns; mimalloc reuses that memory where the system
/// allocator would return it and fault it in again.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A usage or configuration error found by the binary itself (exit code 2).
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Input data is invalid, found by the binary (exit code 3); e.g. `validate` found problems.
#[derive(Debug)]
pub struct InvalidData(pub String);

impl std::fmt::Display for InvalidData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InvalidData {}

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let code = exit_code(&err);
            if code != 0 {
                let _ = writeln!(io::stderr(), "error: {err:#}");
            }
            ExitCode::from(code)
        }
    }
}

fn exit_code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<io::Error>()
            && e.kind() == io::ErrorKind::BrokenPipe
        {
            return 0;
        }
        if let Some(e) = cause.downcast_ref::<support_metrics::Error>() {
            return match e.kind() {
                ErrorKind::InvalidInput => 3,
                ErrorKind::InvalidUsage => 2,
                _ => 1,
            };
        }
        if cause.downcast_ref::<UsageError>().is_some() {
            return 2;
        }
        if cause.downcast_ref::<InvalidData>().is_some() {
            return 3;
        }
    }
    1
}
