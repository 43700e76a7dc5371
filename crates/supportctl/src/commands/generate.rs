//! `supportctl generate`: a deterministic synthetic data set.

use std::fs;
use std::io::BufWriter;

use anyhow::{Context, Result};
use support_metrics::generate::{GenerateError, GenerateOptions, write_surveys, write_tickets};
use support_metrics::period::parse_date;

use crate::cli::GenerateArgs;
use crate::output::Output;

/// Runs the command.
pub fn run(args: &GenerateArgs) -> Result<()> {
    let options = GenerateOptions {
        tickets: args.tickets,
        seed: args.seed,
        start: parse_date(&args.start, "--start")?,
        weeks: args.weeks,
        agents: args.agents,
    };
    match &args.out_dir {
        Some(dir) => {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            let mut out = Output::open(Some(&dir.join("tickets.csv")), &[])?;
            write_tickets(BufWriter::new(out.writer()), &options).map_err(generate_error)?;
            out.finish()?;
            let mut out = Output::open(Some(&dir.join("surveys.csv")), &[])?;
            write_surveys(BufWriter::new(out.writer()), &options).map_err(generate_error)?;
            out.finish()
        }
        None => {
            let mut out = Output::open(None, &[])?;
            write_tickets(out.writer(), &options).map_err(generate_error)?;
            out.finish()
        }
    }
}

/// Writing errors stay I/O errors (a closed pipe is success); the rest are usage errors.
fn generate_error(e: GenerateError) -> anyhow::Error {
    match e {
        GenerateError::Io(e) => e.into(),
        other => crate::UsageError(other.to_string()).into(),
    }
}
