//! Spreadsheets (.xlsx, .xlsm, .xlsb, .xls, .ods) read into CSV text, so that they go through the
//! same reader as every CSV file.
//!
//! The sheet named with `--sheet` is read; otherwise the sheet with the most rows under its header
//! (the first of those with as many), so that a chart, a title page or a summary kept before the
//! export is not taken for it; the other sheets that hold rows are named. The header is the first row, among
//! the first twenty, with the most filled cells (title rows above a table are skipped). Every row
//! keeps its sheet row number as its line number: rows above the header and empty rows become
//! blank lines, which the reader skips but counts, and line breaks inside cells become spaces.
//!
//! Cells are written as text: dates and times (Excel serial numbers with a date format) as
//! `YYYY-MM-DD HH:MM:SS` on the wall clock, as Excel has no zones; durations (`[h]:mm:ss`
//! formats) as `H:MM:SS`; whole numbers without a fraction; error cells (`#N/A`) empty.

use std::io::Cursor;

use calamine::{Data, Reader, open_workbook_auto_from_rs};

use crate::error::{Error, Result};

/// How many rows are looked at to find the header.
const HEADER_SEARCH_ROWS: usize = 20;

/// A spreadsheet read as CSV.
pub(crate) struct SheetCsv {
    /// The CSV bytes.
    pub(crate) csv: Vec<u8>,
    /// The sheet read.
    pub(crate) sheet: String,
    /// The other sheets that hold rows under a header, with how many.
    pub(crate) others: Vec<(String, u64)>,
}

/// Where a sheet's header is among its rows (the first of the first twenty with the most filled
/// cells), and how many non-empty rows follow it; `filled` counts a row's filled cells.
fn header_and_rows<R>(rows: &[R], filled: impl Fn(&R) -> usize) -> (usize, u64) {
    let header_at = rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .fold((0, 0), |best, (i, row)| {
            let n = filled(row);
            if n > best.1 { (i, n) } else { best }
        })
        .0;
    let data = rows
        .iter()
        .skip(header_at + 1)
        .filter(|r| filled(r) > 0)
        .count() as u64;
    (header_at, data)
}

/// The filled cells of a binary workbook's row.
fn filled_cells(row: &&[Data]) -> usize {
    row.iter().filter(|c| !is_blank(c)).count()
}

/// The chosen sheet (or the named one) as CSV bytes.
pub(crate) fn to_csv(name: &str, bytes: Vec<u8>, sheet: Option<&str>) -> Result<SheetCsv> {
    if super::spreadsheet_ml::is_spreadsheet_ml(&bytes) {
        return xml_to_csv(name, &bytes, sheet);
    }
    let fail = |message: String| Error::Spreadsheet {
        file: name.to_owned(),
        message,
    };
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        fail(format!(
            "{e}\n  fix: save it again from the spreadsheet program as .xlsx or as CSV UTF-8"
        ))
    })?;
    let names = workbook.sheet_names();
    // How many rows each sheet holds under its header; a sheet that cannot be read as a table (a
    // chart sheet) holds none.
    let counts: Vec<(String, u64)> = names
        .iter()
        .map(|n| {
            let rows = workbook.worksheet_range(n).map_or(0, |range| {
                let rows: Vec<&[Data]> = range.rows().collect();
                header_and_rows(&rows, filled_cells).1
            });
            (n.clone(), rows)
        })
        .collect();
    let chosen = choose(name, &counts, sheet)?;
    let others: Vec<(String, u64)> = counts
        .into_iter()
        .filter(|(n, rows)| *n != chosen && *rows > 0)
        .collect();
    let range = workbook
        .worksheet_range(&chosen)
        .map_err(|e| fail(format!("sheet {chosen:?}: {e}")))?;
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let rows: Vec<&[Data]> = range.rows().collect();
    let filled = |row: &[Data]| filled_cells(&row);
    let (header_at, _) = header_and_rows(&rows, filled_cells);

    let mut out = Vec::new();
    // Rows above the range and above the header: blank lines, so line numbers are row numbers.
    let blank_lines = first_row as usize + header_at;
    out.extend(std::iter::repeat_n(b'\n', blank_lines));
    let mut record = csv::ByteRecord::new();
    for row in &rows[header_at.min(rows.len())..] {
        if filled(row) == 0 {
            out.push(b'\n');
            continue;
        }
        record.clear();
        for cell in row.iter() {
            record.push_field(cell_text(cell).as_bytes());
        }
        super::presets::write_record(&mut out, &record, b',');
    }
    Ok(SheetCsv {
        csv: out,
        sheet: chosen,
        others,
    })
}

/// The sheet to read: the one named (an unknown name is a usage error listing the sheets), else
/// the one with the most rows under its header, the first of those with as many. `counts` holds
/// every sheet's name and rows, in the workbook's order.
fn choose(name: &str, counts: &[(String, u64)], sheet: Option<&str>) -> Result<String> {
    let names: Vec<&String> = counts.iter().map(|(n, _)| n).collect();
    match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)))
            .map(|n| (*n).clone())
            .ok_or_else(|| {
                Error::option(
                    "--sheet",
                    wanted,
                    format!(
                        "{name} has no such sheet; its sheets are: {}",
                        names
                            .iter()
                            .map(|n| format!("{n:?}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            }),
        None => counts
            .iter()
            .fold(None::<&(String, u64)>, |best, c| match best {
                Some(b) if b.1 >= c.1 => Some(b),
                _ => Some(c),
            })
            .map(|(n, _)| n.clone())
            .ok_or_else(|| Error::Spreadsheet {
                file: name.to_owned(),
                message: "the workbook has no sheets".to_owned(),
            }),
    }
}

/// A SpreadsheetML 2003 document (see [`spreadsheet_ml`](super::spreadsheet_ml)) as CSV, its sheet
/// chosen as a binary workbook's.
fn xml_to_csv(name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<SheetCsv> {
    let sheets = super::spreadsheet_ml::sheets(name, bytes)?;
    let filled = |cells: &Vec<String>| cells.iter().filter(|c| !c.trim().is_empty()).count();
    let header_of = |rows: &[(u32, Vec<String>)]| header_and_rows(rows, |(_, cells)| filled(cells));
    let counts: Vec<(String, u64)> = sheets
        .iter()
        .map(|s| (s.name.clone(), header_of(&s.rows).1))
        .collect();
    let chosen = choose(name, &counts, sheet)?;
    let others = counts
        .iter()
        .filter(|(n, rows)| *n != chosen && *rows > 0)
        .cloned()
        .collect();
    let rows = sheets
        .into_iter()
        .find(|s| s.name == chosen)
        .map(|s| s.rows)
        .unwrap_or_default();
    let (header_at, _) = header_of(&rows);
    // A row leaves out its trailing empty cells: every record is as wide as the widest row.
    let width = rows.iter().map(|(_, cells)| cells.len()).max().unwrap_or(0);
    let mut out = Vec::new();
    let mut line = 0u32;
    let mut record = csv::ByteRecord::new();
    for (number, cells) in rows.iter().skip(header_at) {
        // Blank lines up to the row's own number, so that line numbers are row numbers.
        while line + 1 < *number {
            out.push(b'\n');
            line += 1;
        }
        line = (*number).max(line + 1);
        if filled(cells) == 0 {
            out.push(b'\n');
            continue;
        }
        record.clear();
        for cell in cells {
            record.push_field(cell.as_bytes());
        }
        for _ in cells.len()..width {
            record.push_field(b"");
        }
        super::presets::write_record(&mut out, &record, b',');
    }
    Ok(SheetCsv {
        csv: out,
        sheet: chosen,
        others,
    })
}

fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty | Data::Error(_) => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A cell as the text a CSV export would hold.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.replace("\r\n", " ").replace(['\n', '\r'], " "),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::DateTime(dt) if dt.is_duration() => {
            let seconds = (dt.as_f64() * 86_400.0).round() as i64;
            let sign = if seconds < 0 { "-" } else { "" };
            let s = seconds.abs();
            format!("{sign}{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
        }
        Data::DateTime(dt) => {
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            // Whole seconds, halves upwards, as the timestamp parser rounds.
            let s = u32::from(s) + u32::from(ms >= 500);
            if s == 60 {
                // 59.5 s and later: let the parser carry the minute.
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:59.5")
            } else if h == 0 && mi == 0 && s == 0 && dt.as_f64().fract() == 0.0 {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
    }
}

/// A number as written in a cell: whole numbers without a fraction.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    use super::*;

    #[test]
    fn cells_read_as_an_export_would_write_them() {
        // 45369.4375 days after 1899-12-30 = 2024-03-18, and 0.4375 × 24 h = 10:30.
        let dt = ExcelDateTime::new(45369.4375, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(dt)), "2024-03-18 10:30:00");
        let day = ExcelDateTime::new(45369.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(day)), "2024-03-18");
        // 1.5 days as a duration: 36 hours.
        let span = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(cell_text(&Data::DateTime(span)), "36:00:00");
        assert_eq!(cell_text(&Data::Float(12.0)), "12");
        assert_eq!(cell_text(&Data::Float(12.5)), "12.5");
        assert_eq!(cell_text(&Data::String("two\nlines".into())), "two lines");
    }
}
