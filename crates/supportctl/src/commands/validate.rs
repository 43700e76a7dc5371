//! `supportctl validate`: every problem in the inputs, with counts; computes nothing.

use anyhow::Result;
use support_metrics::ingest::check_tickets;

use crate::InvalidData;
use crate::cli::ValidateArgs;
use crate::output::Output;
use crate::render::{Cell, Column, Table, render};
use crate::settings::Settings;

/// Runs the command. Exits with 3 (through [`InvalidData`]) when a problem would stop the other
/// commands.
pub fn run(args: &ValidateArgs) -> Result<()> {
    let mut settings = Settings::new(&args.input)?;
    let mut output = Output::open(args.output.output.as_deref(), &settings.input_paths())?;
    let check = super::read(&mut settings, check_tickets)?;
    super::print_read_as(&check.file, &check.read_as);
    // In full: every column found, however it was found (unless all have their canonical names).
    if !check.columns.is_plain() {
        let found: Vec<String> = check.columns.found.iter().map(super::found).collect();
        super::print_note(&format!(
            "{}: columns read: {}",
            check.file,
            found.join(", ")
        ));
    }
    if !check.columns.lookalikes.is_empty() {
        super::print_note(&format!(
            "{}: not read, but they look like columns supportctl reads: {}; map one with --map COLUMN=HEADER",
            check.file,
            super::lookalikes(&check.columns.lookalikes)
        ));
    }

    let mut rows = Vec::new();
    for p in &check.problems {
        rows.push(vec![
            Cell::Text(check.file.clone()),
            Cell::Text("error".to_owned()),
            Cell::text(p.column.as_deref()),
            Cell::Int(p.count),
            Cell::Text(lines(&p.lines, p.count)),
            Cell::Text(p.message.clone()),
        ]);
    }
    for w in &check.warnings {
        rows.push(vec![
            Cell::Text(w.file.clone()),
            Cell::Text("warning".to_owned()),
            Cell::Null,
            Cell::Int(w.count),
            Cell::Text(lines(&w.lines, w.count)),
            Cell::Text(w.message.clone()),
        ]);
    }
    for gap in &check.unavailable {
        rows.push(vec![
            Cell::Text(check.file.clone()),
            Cell::Text("unavailable".to_owned()),
            Cell::Null,
            Cell::Null,
            Cell::Null,
            Cell::Text(gap.to_string()),
        ]);
    }
    let errors: u64 = check.problems.iter().map(|p| p.count).sum();
    let table = Table {
        columns: vec![
            Column::new("file", "File"),
            Column::new("severity", "Severity"),
            Column::new("column", "Column"),
            Column::new("rows", "Rows"),
            Column::new("lines", "First lines"),
            Column::new("message", "Problem"),
        ],
        group_columns: 3,
        rows,
        title: Some(format!(
            "{}: {} rows read, {} with errors, {} warning kinds{}",
            check.file,
            check.rows,
            errors,
            check.warnings.len(),
            match check.unavailable.len() {
                0 => String::new(),
                n => format!(", {n} kinds of figures unavailable"),
            }
        )),
        empty_message: Some("no problems found".to_owned()),
        ..Table::default()
    };
    render(&table, args.output.format, output.writer())?;
    output.finish()?;
    if check.problems.is_empty() {
        Ok(())
    } else {
        Err(InvalidData(format!(
            "{}: {errors} problem rows in {} kinds; see the list above",
            check.file,
            check.problems.len()
        ))
        .into())
    }
}

fn lines(lines: &[u64], count: u64) -> String {
    let mut text: Vec<String> = lines.iter().map(u64::to_string).collect();
    if count as usize > lines.len() {
        text.push("…".to_owned());
    }
    text.join(" ")
}
