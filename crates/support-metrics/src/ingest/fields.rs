//! The contract's columns as found in a small input read whole (a scorecard, daily reports): where
//! each one is, how its header is written, and its cells read with messages that name the file,
//! line and column.

use csv::ByteRecord;

use super::ColumnSpec;
use super::scorecard::{cell_text, decide_order};
use super::{DateOrder, IngestOptions};
use crate::error::{Error, Location, Result};

/// Where the contract's columns are in an input's records.
#[derive(Debug)]
pub(crate) struct Fields {
    /// The input's name, for messages.
    pub(crate) name: String,
    /// For each contract column, its index in the records.
    pub(crate) columns: Vec<Option<usize>>,
    /// For each contract column, its header as written (its canonical name when absent).
    pub(crate) headers: Vec<String>,
    contract: &'static [ColumnSpec],
    /// What one row is, for messages: "every daily report needs …".
    row: &'static str,
}

impl Fields {
    /// The `columns` of `contract` found in `header`.
    pub(crate) fn new(
        name: String,
        header: &[String],
        columns: Vec<Option<usize>>,
        contract: &'static [ColumnSpec],
        row: &'static str,
    ) -> Fields {
        let headers = contract
            .iter()
            .zip(&columns)
            .map(|(spec, c)| c.map_or(spec.name.to_owned(), |i| header[i].trim().to_owned()))
            .collect();
        Fields {
            name,
            columns,
            headers,
            contract,
            row,
        }
    }

    /// The day/month order of the dates in contract column `slot`: the configured one, none when
    /// a pattern is given, else what the dates themselves prove.
    pub(crate) fn date_order(
        &self,
        options: &IngestOptions,
        records: &[(u64, ByteRecord)],
        slot: usize,
    ) -> Result<Option<DateOrder>> {
        match (options.date_order, &options.time_format) {
            (Some(order), _) => Ok(Some(order)),
            (None, Some(_)) => Ok(None),
            (None, None) => decide_order(
                &self.name,
                records,
                self.columns[slot].unwrap_or_default(),
                &self.headers[slot],
            ),
        }
    }

    /// The place of contract column `slot` on `line`.
    pub(crate) fn location(&self, line: u64, slot: usize) -> Location {
        Location::new(&self.name, line, &self.headers[slot])
    }

    /// The trimmed text of contract column `slot`; `None` when absent or empty.
    pub(crate) fn text(
        &self,
        record: &ByteRecord,
        line: u64,
        slot: usize,
    ) -> Result<Option<String>> {
        match self.columns[slot] {
            Some(i) => cell_text(record, i, || self.location(line, slot)),
            None => Ok(None),
        }
    }

    /// The text of contract column `slot`, which every row must have.
    pub(crate) fn required(&self, record: &ByteRecord, line: u64, slot: usize) -> Result<String> {
        self.text(record, line, slot)?.ok_or_else(|| {
            let what = self.contract[slot].name;
            Error::BadValue {
                location: self.location(line, slot),
                value: String::new(),
                problem: format!("is empty, but every {} needs `{what}`", self.row),
                hint: format!(
                    "fill it in, remove the row, or map another column with --map {what}=HEADER"
                ),
            }
        })
    }
}
