//! `supportctl generate`: a deterministic synthetic data set.

use std::fs;
use std::io::Write;

use anyhow::{Context, Result};
use support_metrics::generate::{
    GenerateError, GenerateOptions, write_criteria, write_daily, write_scorecard, write_surveys,
    write_tickets, write_tickets_parquet,
};
use support_metrics::period::parse_date;

use crate::cli::{DataFormat, GenerateArgs};
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
    let (name, write): (&str, fn(&mut dyn Write, &GenerateOptions) -> _) = match args.format {
        DataFormat::Csv => ("tickets.csv", |out, o| write_tickets(out, o)),
        DataFormat::Parquet => ("tickets.parquet", |out, o| write_tickets_parquet(out, o)),
    };
    let Some(dir) = &args.out_dir else {
        let mut out = Output::open(None, &[])?;
        write(out.writer(), &options).map_err(generate_error)?;
        return out.finish();
    };
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut out = Output::open(Some(&dir.join(name)), &[])?;
    write(out.writer(), &options).map_err(generate_error)?;
    out.finish()?;
    // Survey answers about the same tickets, on a random stream of their own.
    let mut out = Output::open(Some(&dir.join("surveys.csv")), &[])?;
    write_surveys(out.writer(), &options).map_err(generate_error)?;
    out.finish()?;
    // The team's scorecard and its criteria, on a random stream of their own.
    let mut out = Output::open(Some(&dir.join("scorecard.csv")), &[])?;
    write_scorecard(out.writer(), &options).map_err(generate_error)?;
    out.finish()?;
    let mut out = Output::open(Some(&dir.join("criteria.csv")), &[])?;
    write_criteria(out.writer()).map_err(generate_error)?;
    out.finish()?;
    // The team's daily plan/fact reports, on a random stream of their own.
    let mut out = Output::open(Some(&dir.join("daily.csv")), &[])?;
    write_daily(out.writer(), &options).map_err(generate_error)?;
    out.finish()
}

/// Writing errors stay I/O errors (a closed pipe is success); the rest are usage errors.
fn generate_error(e: GenerateError) -> anyhow::Error {
    match e {
        GenerateError::Io(e) => e.into(),
        other => crate::UsageError(other.to_string()).into(),
    }
}
