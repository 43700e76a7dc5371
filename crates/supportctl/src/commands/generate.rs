//! `supportctl generate`: a deterministic synthetic data set.

use std::fs;
use std::io::BufWriter;

use anyhow::{Context, Result};
use support_metrics::generate::{GenerateOptions, write_tickets};
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
            write_tickets(BufWriter::new(out.writer()), &options)
                .map_err(|e| crate::UsageError(e.to_string()))?;
            out.finish()
        }
        None => {
            let mut out = Output::open(None, &[])?;
            write_tickets(out.writer(), &options).map_err(|e| crate::UsageError(e.to_string()))?;
            out.finish()
        }
    }
}
