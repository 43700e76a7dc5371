//! CSV: a header of machine names, durations in seconds, empty cells for missing values.

use std::io::{self, Write};

use super::{Cell, Table, machine_number, machine_probability};

/// Writes `table` as CSV.
pub fn write(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let columns: Vec<usize> = table.machine_columns().map(|(i, _)| i).collect();
    w.write_record(columns.iter().map(|&i| table.columns[i].name.as_ref()))
        .map_err(io_error)?;
    for row in &table.rows {
        w.write_record(columns.iter().map(|&i| machine_cell(&row[i])))
            .map_err(io_error)?;
    }
    w.flush()
}

/// The I/O error inside a csv error, so that a closed pipe is still recognised as one.
fn io_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// A cell as CSV text.
pub fn machine_cell(cell: &Cell) -> String {
    match cell {
        Cell::Null => String::new(),
        Cell::Int(n) => n.to_string(),
        Cell::Seconds(v) | Cell::Percent(v) | Cell::Number(v) | Cell::Fixed(v, _) => {
            machine_number(*v)
        }
        Cell::PValue(p) => machine_probability(*p),
        Cell::Text(t) => t.clone(),
        Cell::Bool(b) => b.to_string(),
        Cell::Time { local, offset } => super::rfc3339(*local, *offset),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Column;

    #[test]
    fn quotes_and_empties() {
        let table = Table {
            columns: vec![
                Column::new("agent", "Agent"),
                Column::new("frt_median_s", "FRT"),
            ],
            group_columns: 1,
            rows: vec![
                vec![Cell::Text("Petrova, Anna".into()), Cell::Seconds(150.0)],
                vec![Cell::Null, Cell::Null],
            ],
            ..Table::default()
        };
        let mut out = Vec::new();
        write(&table, &mut out).expect("writes");
        assert_eq!(
            String::from_utf8(out).expect("utf8"),
            "agent,frt_median_s\n\"Petrova, Anna\",150\n,\n"
        );
    }
}
