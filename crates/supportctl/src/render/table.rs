//! The terminal table (comfy-table): human durations, headline columns only.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ContentArrangement, Table as Comfy};

use super::{Cell, Table, headline_columns, human_cell, is_single_record};

/// Writes `table` for a terminal.
pub fn write(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    if let Some(title) = &table.title {
        writeln!(out, "{title}")?;
    }
    let mut comfy = Comfy::new();
    comfy
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(width) = terminal_width() {
        comfy.set_width(width);
    }
    if table.rows.is_empty() {
        writeln!(out, "({})", table.empty_text())?;
    } else if is_single_record(table) {
        comfy.set_header(vec!["Figure", "Value"]);
        for (column, cell) in table.columns.iter().zip(&table.rows[0]) {
            comfy.add_row(vec![comfy_table::Cell::new(&column.label), aligned(cell)]);
        }
        writeln!(out, "{comfy}")?;
    } else {
        let columns = headline_columns(table);
        comfy.set_header(columns.iter().map(|(_, c)| c.label.as_ref()));
        for row in &table.rows {
            comfy.add_row(columns.iter().map(|(i, _)| aligned(&row[*i])));
        }
        writeln!(out, "{comfy}")?;
    }
    for note in &table.notes {
        writeln!(out, "{note}")?;
    }
    Ok(())
}

fn aligned(cell: &Cell) -> comfy_table::Cell {
    let c = comfy_table::Cell::new(human_cell(cell));
    match cell {
        Cell::Text(_) => c,
        _ => c.set_alignment(CellAlignment::Right),
    }
}

/// The width to fit, from `COLUMNS` when set (comfy-table asks the terminal otherwise).
fn terminal_width() -> Option<u16> {
    std::env::var("COLUMNS").ok()?.parse().ok()
}
