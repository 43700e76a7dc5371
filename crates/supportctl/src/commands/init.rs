//! `supportctl init`: a commented supportctl.toml to start from.

use std::io::Write;

use anyhow::Result;

use crate::UsageError;
use crate::cli::InitArgs;
use crate::output::Output;

/// Every setting the commands read, commented out with its default.
pub const TEMPLATE: &str = include_str!("init_template.toml");

/// Runs the command.
pub fn run(args: &InitArgs) -> Result<()> {
    if args.output.as_os_str() == "-" {
        std::io::stdout().write_all(TEMPLATE.as_bytes())?;
        return Ok(());
    }
    if args.output.exists() && !args.force {
        return Err(UsageError(format!(
            "{} exists; pass --force to replace it, or --output FILE to write elsewhere",
            args.output.display()
        ))
        .into());
    }
    let mut output = Output::open(Some(&args.output), &[])?;
    output.writer().write_all(TEMPLATE.as_bytes())?;
    output.finish()?;
    eprintln!(
        "wrote {}: uncomment a line to change its default",
        args.output.display()
    );
    Ok(())
}
