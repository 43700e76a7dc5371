//! Parquet: the csv columns with types — counts as Int64, durations (seconds), percentages and
//! fixed-decimal numbers (a mean score, an NPS), other numbers (points, slopes, p-values) as
//! Float64 rounded like the csv, yes/no as Boolean, text and instants (RFC 3339) as String,
//! missing values as nulls. Columns only people see (a note) are left out, as in the csv.

use std::io::{self, Write};

use polars::prelude::*;

use super::{Cell, Table};

/// Writes `table` as a Parquet file (zstd-compressed, one row group).
pub fn write(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    let mut frame = frame(table).map_err(io::Error::other)?;
    ParquetWriter::new(out)
        .finish(&mut frame)
        .map_err(|e| match e {
            PolarsError::IO { error, .. } => io::Error::new(error.kind(), error.to_string()),
            other => io::Error::other(other),
        })?;
    Ok(())
}

/// The value type of a column: that of its first non-null cell, else guessed from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Float,
    Bool,
    Text,
}

fn kind(table: &Table, index: usize) -> Kind {
    let first = table
        .rows
        .iter()
        .map(|r| &r[index])
        .find(|c| **c != Cell::Null);
    match first {
        Some(Cell::Int(_)) => Kind::Int,
        Some(
            Cell::Seconds(_)
            | Cell::Percent(_)
            | Cell::Fixed(..)
            | Cell::Number(_)
            | Cell::PValue(_),
        ) => Kind::Float,
        Some(Cell::Bool(_)) => Kind::Bool,
        Some(_) => Kind::Text,
        None => {
            let name = &table.columns[index].name;
            if name.ends_with("_s")
                || name.ends_with("_pct")
                || matches!(name.as_ref(), "csat_mean" | "nps" | "nps_moe")
            {
                Kind::Float
            } else {
                Kind::Text
            }
        }
    }
}

/// Rounded to 3 decimals, like the csv.
fn rounded(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

fn frame(table: &Table) -> PolarsResult<DataFrame> {
    let columns = table
        .machine_columns()
        .map(|(i, c)| {
            let name = PlSmallStr::from_str(&c.name);
            let cells = table.rows.iter().map(|r| &r[i]);
            match kind(table, i) {
                Kind::Int => Int64Chunked::from_iter_options(
                    name,
                    cells.map(|c| match c {
                        Cell::Int(n) => i64::try_from(*n).ok(),
                        _ => None,
                    }),
                )
                .into_column(),
                Kind::Float => Float64Chunked::from_iter_options(
                    name,
                    cells.map(|c| match c {
                        Cell::Seconds(v)
                        | Cell::Percent(v)
                        | Cell::Fixed(v, _)
                        | Cell::Number(v) => Some(rounded(*v)),
                        Cell::PValue(p) => Some(*p),
                        Cell::Int(n) => Some(*n as f64),
                        _ => None,
                    }),
                )
                .into_column(),
                Kind::Bool => BooleanChunked::from_iter_options(
                    name,
                    cells.map(|c| match c {
                        Cell::Bool(b) => Some(*b),
                        _ => None,
                    }),
                )
                .into_column(),
                Kind::Text => StringChunked::from_iter_options(
                    name,
                    cells.map(|c| match c {
                        Cell::Null => None,
                        other => Some(super::csv::machine_cell(other)),
                    }),
                )
                .into_column(),
            }
        })
        .collect();
    DataFrame::new_infer_height(columns)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Column;

    #[test]
    fn columns_keep_their_types_and_nulls() {
        let table = Table {
            columns: vec![
                Column::new("agent", "Agent"),
                Column::new("tickets", "Tickets"),
                Column::new("frt_median_s", "FRT median"),
                Column::new("sla_met_pct", "SLA met %"),
            ],
            group_columns: 1,
            rows: vec![
                vec![
                    Cell::Text("Anna".into()),
                    Cell::Int(3),
                    Cell::Seconds(150.00049),
                    Cell::Null,
                ],
                vec![Cell::Null, Cell::Int(0), Cell::Null, Cell::Null],
            ],
            ..Table::default()
        };
        let mut bytes = Vec::new();
        write(&table, &mut bytes).expect("writes");
        let back = ParquetReader::new(std::io::Cursor::new(bytes))
            .finish()
            .expect("reads back");
        assert_eq!(back.height(), 2);
        let agent = back.column("agent").expect("agent").str().expect("text");
        assert_eq!(agent.get(0), Some("Anna"));
        assert_eq!(agent.get(1), None);
        let tickets = back
            .column("tickets")
            .expect("tickets")
            .i64()
            .expect("ints");
        assert_eq!(tickets.get(1), Some(0));
        let frt = back
            .column("frt_median_s")
            .expect("frt")
            .f64()
            .expect("floats");
        // 150.00049 rounds to 150.0 at 3 decimals, as in the csv.
        assert_eq!(frt.get(0), Some(150.0));
        assert_eq!(frt.get(1), None);
        // All null: typed by its name.
        assert_eq!(
            back.column("sla_met_pct").expect("pct").dtype(),
            &DataType::Float64
        );
    }

    #[test]
    fn fixed_numbers_are_floats_and_columns_for_people_are_left_out() {
        let table = Table {
            columns: vec![
                Column::new("csat_mean", "Mean score"),
                Column::new("nps", "NPS"),
                Column::human("note", "Note"),
            ],
            rows: vec![
                vec![
                    Cell::Fixed(4.123_456, 2),
                    Cell::Null,
                    Cell::Text("few answers".into()),
                ],
                vec![Cell::Fixed(3.5, 2), Cell::Null, Cell::Text(String::new())],
            ],
            ..Table::default()
        };
        let mut bytes = Vec::new();
        write(&table, &mut bytes).expect("writes");
        let back = ParquetReader::new(std::io::Cursor::new(bytes))
            .finish()
            .expect("reads back");
        assert_eq!(back.width(), 2, "the note is for people only");
        let mean = back
            .column("csat_mean")
            .expect("mean")
            .f64()
            .expect("floats");
        // 4.123456 rounds to 4.123 at 3 decimals, as in the csv (people see 4.12).
        assert_eq!(mean.get(0), Some(4.123));
        assert_eq!(mean.get(1), Some(3.5));
        // All null: typed by its name.
        assert_eq!(back.column("nps").expect("nps").dtype(), &DataType::Float64);
    }
}
