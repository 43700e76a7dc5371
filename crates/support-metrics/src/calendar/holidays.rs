//! Holiday lists: a file of `date[, name]` lines, or dates given in a configuration file.

use std::io::Read;

use chrono::NaiveDate;

use super::business::Holiday;
use crate::error::{Error, Location, Result};
use crate::ingest::Input;

/// Reads a holiday file: one `YYYY-MM-DD[, name]` per line (a CSV with one or two columns,
/// separated by `,` or, when the first line has no comma, `;`); an optional header whose first field is `date`, blank lines and lines starting with `#` are
/// skipped. A date that does not parse is [`Error::BadValue`] naming the file, line and value.
pub fn read_holidays(input: Input) -> Result<Vec<Holiday>> {
    let (name, mut reader) = input.open()?;
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|error| Error::Io {
        path: name.clone(),
        error,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1;
        Error::Encoding {
            location: Location {
                file: name.clone(),
                line: Some(line),
                column: None,
            },
        }
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut holidays = Vec::new();
    // Spreadsheets in many locales save `;`-separated CSV.
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.contains(';') && !first_line.contains(',') {
        b';'
    } else {
        b','
    };
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    for (i, record) in csv.records().enumerate() {
        let record = record.map_err(|e| Error::Malformed {
            file: name.clone(),
            line: e.position().map_or(i as u64 + 1, |p| p.line()),
            message: e.to_string(),
        })?;
        let line = record.position().map_or(i as u64 + 1, |p| p.line());
        let first = record.get(0).unwrap_or("");
        if first.is_empty() && record.len() <= 1 || first.starts_with('#') {
            continue;
        }
        if line == 1 && first.eq_ignore_ascii_case("date") {
            continue;
        }
        let date = parse_holiday(first).ok_or_else(|| Error::BadValue {
            location: Location::new(name.clone(), line, "date"),
            value: first.to_owned(),
            problem: "is not a date".to_owned(),
            hint: "write each holiday as YYYY-MM-DD, optionally a comma and its name, e.g. \
                   `2024-05-01, Labour Day`"
                .to_owned(),
        })?;
        holidays.push(Holiday {
            date,
            name: record.get(1).unwrap_or("").to_owned(),
        });
    }
    Ok(holidays)
}

/// Parses dates given as a list (a configuration file's `holidays = [...]` or `workdays`);
/// `source` names the list in errors.
pub fn parse_dates(values: &[String], source: &str) -> Result<Vec<NaiveDate>> {
    values
        .iter()
        .map(|v| {
            parse_holiday(v.trim()).ok_or_else(|| {
                Error::option(
                    source,
                    v,
                    "not a date; write dates as YYYY-MM-DD, e.g. 2024-05-01",
                )
            })
        })
        .collect()
}

fn parse_holiday(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}
