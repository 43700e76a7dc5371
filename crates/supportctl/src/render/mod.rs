//! Output: one renderer per format, all writing a [`Table`] to any `io::Write`.
//!
//! A command turns the library's result into a [`Table`] (columns with stable machine names and
//! human labels, typed cells); renderers only format, they never compute.

pub mod csv;
pub mod heatmap;
pub mod json;
pub mod markdown;
pub mod parquet;
pub mod report;
pub mod sparkline;
pub mod table;

use std::borrow::Cow;
use std::io::{self, Write};

use crate::cli::Format;

/// A typed cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// No value (cannot be computed): empty in CSV, `null` in JSON, `—` for people.
    Null,
    /// A count.
    Int(u64),
    /// A duration in seconds.
    Seconds(f64),
    /// A percentage, 0–100.
    Percent(f64),
    /// Text.
    Text(String),
    /// A plain number (points, a slope): machines get up to 3 decimals, people up to 1.
    Number(f64),
    /// A plain number (a mean score, an NPS): machines get up to 3 decimals, people exactly this
    /// many.
    Fixed(f64, usize),
    /// A probability (a p-value): machines get up to 6 decimals, people 3 (or `<0.001`).
    PValue(f64),
    /// Yes or no: `true`/`false` for machines.
    Bool(bool),
    /// An instant: `local` seconds on the wall clock of a zone `offset` seconds ahead of UTC.
    /// Machines get RFC 3339 with the offset, people `YYYY-MM-DD HH:MM`.
    Time {
        /// Local wall-clock seconds since 1970-01-01.
        local: i64,
        /// The zone's offset from UTC at that instant, seconds.
        offset: i32,
    },
}

impl Cell {
    /// `Text` or `Null`.
    pub fn text(value: Option<&str>) -> Cell {
        value.map_or(Cell::Null, |v| Cell::Text(v.to_owned()))
    }

    /// A duration, or `Null`.
    pub fn seconds(value: Option<f64>) -> Cell {
        value.map_or(Cell::Null, Cell::Seconds)
    }

    /// A percentage, or `Null`.
    pub fn percent(value: Option<f64>) -> Cell {
        value.map_or(Cell::Null, Cell::Percent)
    }

    /// A plain number, or `Null`.
    pub fn number(value: Option<f64>) -> Cell {
        value.map_or(Cell::Null, Cell::Number)
    }

    /// A plain number shown to people with `decimals` decimals, or `Null`.
    pub fn fixed(value: Option<f64>, decimals: usize) -> Cell {
        value.map_or(Cell::Null, |v| Cell::Fixed(v, decimals))
    }
}

/// A column: its machine name (csv/json) and its label for people (table/markdown).
#[derive(Debug, Clone)]
pub struct Column {
    /// Stable machine name, e.g. `frt_median_s`.
    pub name: Cow<'static, str>,
    /// Human label, e.g. `FRT median`.
    pub label: Cow<'static, str>,
    /// Whether the terminal and Markdown tables show it.
    pub headline: bool,
    /// Whether csv, json and Parquet carry it (the contract's columns do; a note for people does
    /// not).
    pub machine: bool,
}

impl Column {
    /// A column shown everywhere.
    pub const fn new(name: &'static str, label: &'static str) -> Column {
        Column {
            name: Cow::Borrowed(name),
            label: Cow::Borrowed(label),
            headline: true,
            machine: true,
        }
    }

    /// A column only the machine formats carry.
    pub const fn detail(name: &'static str, label: &'static str) -> Column {
        Column {
            name: Cow::Borrowed(name),
            label: Cow::Borrowed(label),
            headline: false,
            machine: true,
        }
    }

    /// A column only people see (table and Markdown), e.g. a note on a row.
    pub const fn human(name: &'static str, label: &'static str) -> Column {
        Column {
            name: Cow::Borrowed(name),
            label: Cow::Borrowed(label),
            headline: true,
            machine: false,
        }
    }

    /// A column shown everywhere whose name comes from the data (a criterion, a week).
    pub fn owned(name: String, label: String) -> Column {
        Column {
            name: Cow::Owned(name),
            label: Cow::Owned(label),
            headline: true,
            machine: true,
        }
    }
}

/// A result ready to render.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Columns; the first `group_columns` are grouping keys.
    pub columns: Vec<Column>,
    /// How many leading columns are grouping keys.
    pub group_columns: usize,
    /// Rows of cells, one per column.
    pub rows: Vec<Vec<Cell>>,
    /// A title for people (table/markdown only).
    pub title: Option<String>,
    /// Notes for people under the table (table/markdown only).
    pub notes: Vec<String>,
    /// What people see when there are no rows [default: no tickets in the period].
    pub empty_message: Option<String>,
}

impl Table {
    /// The sentence people see when there are no rows.
    pub fn empty_text(&self) -> &str {
        self.empty_message
            .as_deref()
            .unwrap_or("no tickets in the period")
    }

    /// The columns csv, json and Parquet carry, with their indices.
    pub fn machine_columns(&self) -> impl Iterator<Item = (usize, &Column)> {
        self.columns.iter().enumerate().filter(|(_, c)| c.machine)
    }
}

/// Writes `table` in `format`.
pub fn render(table: &Table, format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Table => table::write(table, out),
        Format::Csv => csv::write(table, out),
        Format::Json => json::write(table, out),
        Format::Markdown => markdown::write(table, out),
        Format::Parquet => parquet::write(table, out),
    }
}

/// A number for machines: integral values without a fraction, others rounded to 3 decimals.
pub fn machine_number(v: f64) -> String {
    let r = (v * 1000.0).round() / 1000.0;
    if r == r.trunc() && r.abs() < 1e15 {
        format!("{}", r as i64)
    } else {
        let s = format!("{r:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// A duration for people: `45s`, `12m 05s`, `1h 05m`, `2d 03h`.
pub fn human_duration(seconds: f64) -> String {
    let sign = if seconds < 0.0 { "-" } else { "" };
    let s = seconds.abs().round() as u64;
    let text = if s < 60 {
        format!("{s}s")
    } else if s < 3600 {
        format!("{}m {:02}s", s / 60, s % 60)
    } else if s < 86_400 {
        format!("{}h {:02}m", s / 3600, (s % 3600) / 60)
    } else {
        format!("{}d {:02}h", s / 86_400, (s % 86_400) / 3600)
    };
    format!("{sign}{text}")
}

/// A local wall-clock instant (seconds since 1970-01-01 on the local clock) as `YYYY-MM-DD HH:MM`.
pub fn local_time(local_seconds: i64) -> String {
    chrono::DateTime::from_timestamp(local_seconds, 0)
        .map(|t| t.naive_utc().format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| local_seconds.to_string())
}

/// An instant for machines: RFC 3339 with the zone's offset, e.g. `2024-03-18T10:15:00+03:00`.
pub fn rfc3339(local_seconds: i64, offset: i32) -> String {
    let time = chrono::DateTime::from_timestamp(local_seconds, 0)
        .map(|t| t.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string())
        .unwrap_or_else(|| local_seconds.to_string());
    let sign = if offset < 0 { '-' } else { '+' };
    let abs = offset.unsigned_abs();
    format!("{time}{sign}{:02}:{:02}", abs / 3600, abs % 3600 / 60)
}

/// A cell for people.
pub fn human_cell(cell: &Cell) -> String {
    match cell {
        Cell::Null => "—".to_owned(),
        Cell::Int(n) => n.to_string(),
        Cell::Seconds(v) => human_duration(*v),
        Cell::Percent(v) => format!("{v:.1}%"),
        Cell::Text(t) => t.clone(),
        Cell::Number(v) => human_number(*v),
        Cell::Fixed(v, decimals) => format!("{v:.decimals$}"),
        Cell::PValue(p) if *p < 0.001 => "<0.001".to_owned(),
        Cell::PValue(p) => format!("{p:.3}"),
        Cell::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        Cell::Time { local, .. } => local_time(*local),
    }
}

/// A number for people: at most one decimal, none when whole (`60`, `7.5`, `-1.6`).
pub fn human_number(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// A probability for machines: rounded to 6 decimals, trailing zeros dropped.
pub fn machine_probability(p: f64) -> String {
    let s = format!("{:.6}", (p * 1e6).round() / 1e6);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// The columns people see, with their indices.
fn headline_columns(table: &Table) -> Vec<(usize, &Column)> {
    table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.headline)
        .collect()
}

/// Whether people get the single row as a two-column `figure | value` list.
fn is_single_record(table: &Table) -> bool {
    table.rows.len() == 1 && table.group_columns == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_numbers() {
        assert_eq!(machine_number(150.0), "150");
        assert_eq!(machine_number(222.00000000001), "222");
        assert_eq!(machine_number(33.333333), "33.333");
        assert_eq!(machine_number(0.5), "0.5");
        assert_eq!(machine_number(-2.25), "-2.25");
        assert_eq!(machine_probability(0.000_083_03), "0.000083");
        assert_eq!(machine_probability(0.296_269_87), "0.29627");
        assert_eq!(machine_probability(1.0), "1");
        assert_eq!(machine_probability(0.0), "0");
    }

    #[test]
    fn human_numbers() {
        assert_eq!(human_number(60.0), "60");
        assert_eq!(human_number(-7.5), "-7.5");
        assert_eq!(human_number(1.556), "1.6");
        assert_eq!(human_number(56.25), "56.3");
        assert_eq!(human_cell(&Cell::PValue(0.000_083)), "<0.001");
        assert_eq!(human_cell(&Cell::PValue(0.296_27)), "0.296");
    }

    #[test]
    fn instants() {
        // 2024-03-18 10:15 local (day 19800), three hours ahead of UTC.
        let local = 19800 * 86400 + 10 * 3600 + 900;
        assert_eq!(rfc3339(local, 3 * 3600), "2024-03-18T10:15:00+03:00");
        assert_eq!(rfc3339(local, 0), "2024-03-18T10:15:00+00:00");
        assert_eq!(
            rfc3339(local, -(5 * 3600 + 1800)),
            "2024-03-18T10:15:00-05:30"
        );
        let cell = Cell::Time {
            local,
            offset: 3 * 3600,
        };
        assert_eq!(human_cell(&cell), "2024-03-18 10:15");
        assert_eq!(human_cell(&Cell::Number(2.125)), "2.1");
        assert_eq!(human_cell(&Cell::Bool(true)), "yes");
    }

    #[test]
    fn human_durations() {
        assert_eq!(human_duration(45.0), "45s");
        assert_eq!(human_duration(59.6), "1m 00s");
        assert_eq!(human_duration(725.0), "12m 05s");
        // 3900 s = 1 h 5 min
        assert_eq!(human_duration(3900.0), "1h 05m");
        // 183 600 s = 2 d (172 800) + 3 h (10 800)
        assert_eq!(human_duration(183_600.0), "2d 03h");
        assert_eq!(human_duration(-90.0), "-1m 30s");
    }
}
