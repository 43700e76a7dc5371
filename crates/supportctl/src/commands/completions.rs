//! `supportctl completions <shell>`: a completion script on stdout.

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::Cli;

/// Prints the completion script for `shell`.
pub fn run(shell: clap_complete::Shell) -> Result<()> {
    let mut command = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut command, "supportctl", &mut out);
    Ok(())
}
