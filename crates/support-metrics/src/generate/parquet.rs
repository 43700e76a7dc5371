//! The generated tickets as a Parquet file: the CSV's columns, timestamps typed.

use std::io::Write;

use polars::prelude::*;

use super::{GenerateError, GenerateOptions, MIN_ID_DIGITS, Tickets, format};

/// Rows per row group: bounds memory whatever the number of tickets.
const ROWS_PER_GROUP: usize = 1 << 20;

/// Writes the tickets of [`super::write_tickets`] as Parquet: the same rows and columns, the
/// timestamps as `Datetime(ms)` without a zone (wall-clock readings, like the CSV's naive
/// values), the text as `String`, empty cells as nulls. Returns the number of tickets written.
pub fn write_tickets_parquet<W: Write>(
    out: W,
    options: &GenerateOptions,
) -> Result<u64, GenerateError> {
    let tickets = Tickets::new(options)?;
    let names: Vec<String> = tickets
        .agents()
        .iter()
        .map(|a| a.name.to_string())
        .collect();
    let width = format::digits(tickets.total()).max(MIN_ID_DIGITS);
    let mut batch = Batch::default();
    let mut writer = ParquetWriter::new(out)
        .batched(&Batch::schema())
        .map_err(polars_error)?;
    let mut rows = 0u64;
    let mut id = Vec::with_capacity(16);
    for t in tickets {
        id.clear();
        format::push_id(&mut id, t.seq, width);
        batch.id.push(String::from_utf8_lossy(&id).into_owned());
        batch.created.push(Some(t.created_at * 1000));
        batch
            .first_response
            .push(t.first_response_at.map(|s| s * 1000));
        batch.resolved.push(t.resolved_at.map(|s| s * 1000));
        batch.agent.push(t.agent.map(|a| names[a as usize].clone()));
        batch.team.push(Some(t.team.as_str().to_owned()));
        batch.channel.push(Some(t.channel.as_str().to_owned()));
        batch.priority.push(Some(t.priority.as_str().to_owned()));
        batch.status.push(Some(t.status.as_str().to_owned()));
        batch.site.push(t.site.map(|s| s.as_str().to_owned()));
        batch.due.push(Some(t.due_at * 1000));
        rows += 1;
        if batch.id.len() == ROWS_PER_GROUP {
            writer
                .write_batch(&std::mem::take(&mut batch).frame()?)
                .map_err(polars_error)?;
        }
    }
    if !batch.id.is_empty() {
        writer.write_batch(&batch.frame()?).map_err(polars_error)?;
    }
    writer.finish().map_err(polars_error)?;
    Ok(rows)
}

fn polars_error(e: PolarsError) -> GenerateError {
    match e {
        PolarsError::IO { error, .. } => {
            GenerateError::Io(std::io::Error::new(error.kind(), error.to_string()))
        }
        other => GenerateError::Io(std::io::Error::other(other)),
    }
}

/// The columns of one row group.
#[derive(Default)]
struct Batch {
    id: Vec<String>,
    created: Vec<Option<i64>>,
    first_response: Vec<Option<i64>>,
    resolved: Vec<Option<i64>>,
    agent: Vec<Option<String>>,
    team: Vec<Option<String>>,
    channel: Vec<Option<String>>,
    priority: Vec<Option<String>>,
    status: Vec<Option<String>>,
    site: Vec<Option<String>>,
    due: Vec<Option<i64>>,
}

const TIMESTAMP: DataType = DataType::Datetime(TimeUnit::Milliseconds, None);

impl Batch {
    fn schema() -> Schema {
        let mut schema = Schema::default();
        schema.insert("id".into(), DataType::String);
        for name in ["created_at", "first_response_at", "resolved_at"] {
            schema.insert(name.into(), TIMESTAMP);
        }
        for name in ["agent", "team", "channel", "priority", "status", "site"] {
            schema.insert(name.into(), DataType::String);
        }
        schema.insert("due_at".into(), TIMESTAMP);
        schema
    }

    fn frame(self) -> Result<DataFrame, GenerateError> {
        let times = |name: &str, values: Vec<Option<i64>>| -> Result<Column, GenerateError> {
            Int64Chunked::from_iter_options(name.into(), values.into_iter())
                .into_column()
                .cast(&TIMESTAMP)
                .map_err(polars_error)
        };
        let text = |name: &str, values: Vec<Option<String>>| {
            StringChunked::from_iter_options(name.into(), values.into_iter()).into_column()
        };
        let columns = vec![
            StringChunked::from_iter_values("id".into(), self.id.into_iter()).into_column(),
            times("created_at", self.created)?,
            times("first_response_at", self.first_response)?,
            times("resolved_at", self.resolved)?,
            text("agent", self.agent),
            text("team", self.team),
            text("channel", self.channel),
            text("priority", self.priority),
            text("status", self.status),
            text("site", self.site),
            times("due_at", self.due)?,
        ];
        DataFrame::new_infer_height(columns).map_err(polars_error)
    }
}
