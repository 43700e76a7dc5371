//! What the grouped tables of several commands share: the group columns and cells, and the table
//! of a satisfaction report.

use support_metrics::metrics::{GroupKey, RateBasis, SMALL_SAMPLE};

use crate::render::{Cell, Column, Table};

/// The group columns of a grouped table, one per key.
pub(super) fn group_columns(keys: &[GroupKey]) -> Vec<Column> {
    keys.iter()
        .map(|k| Column::new(k.name(), capitalised(k.name())))
        .collect()
}

fn capitalised(name: &'static str) -> &'static str {
    match name {
        "agent" => "Agent",
        "team" => "Team",
        "channel" => "Channel",
        "priority" => "Priority",
        "site" => "Site",
        "week" => "Week",
        "day" => "Day",
        "month" => "Month",
        other => other,
    }
}

/// The cells of a row's group values; an empty value is a null cell.
pub(super) fn group_cells(group: &[Option<String>]) -> Vec<Cell> {
    group.iter().map(|g| Cell::text(g.as_deref())).collect()
}

/// One row of a satisfaction table: its group values, its figures, and whether it has few answers.
pub(super) struct AnswerRow<'a, const N: usize> {
    pub group: &'a [Option<String>],
    pub cells: [Cell; N],
    pub small_sample: bool,
}

/// The table of a satisfaction report: the group columns, `columns`, and a note column only
/// when some row has few answers; under it, the notes on the response rate and small samples.
pub(super) fn answers_table<'a, const N: usize>(
    group_by: &[GroupKey],
    columns: [Column; N],
    rate_basis: Option<RateBasis>,
    rows: impl IntoIterator<Item = AnswerRow<'a, N>>,
) -> Table {
    let rows: Vec<AnswerRow<'a, N>> = rows.into_iter().collect();
    let noted = rows.iter().any(|r| r.small_sample);
    let mut all_columns = group_columns(group_by);
    all_columns.extend(columns);
    if noted {
        all_columns.push(Column::human("note", "Note"));
    }
    let rows = rows
        .into_iter()
        .map(|r| {
            let mut row = group_cells(r.group);
            row.extend(r.cells);
            if noted {
                row.push(small_note(r.small_sample));
            }
            row
        })
        .collect();
    Table {
        columns: all_columns,
        group_columns: group_by.len(),
        rows,
        empty_message: Some("no answers in the period".to_owned()),
        notes: notes(rate_basis, noted),
        ..Table::default()
    }
}

/// The note on a row: empty, or a warning about its sample.
fn small_note(small: bool) -> Cell {
    Cell::Text(if small { "few answers" } else { "" }.to_owned())
}

/// The notes under a satisfaction table.
fn notes(basis: Option<RateBasis>, small: bool) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(basis) = basis {
        notes.push(format!("Response rate: {}.", basis.describe()));
    }
    if small {
        notes.push(format!(
            "\"few answers\": fewer than {SMALL_SAMPLE} answers; the interval shows how little the \
             figure says, so do not rank on it."
        ));
    }
    notes
}

/// Marks the duration columns (machine names ending in `_s`) as business time for people:
/// `FRT median (business)`; machine names stay as they are.
pub(super) fn mark_business(columns: &mut [Column]) {
    for column in columns.iter_mut().filter(|c| c.name.ends_with("_s")) {
        column.label = format!("{} (business)", column.label).into();
    }
}

/// The note under a grouped satisfaction table whose rate is over a count known only for the
/// whole period (`--invited`, the surveys sent): grouped rows have no rate, so the note gives the
/// period's. `None` when the table is ungrouped or the rate is over something else.
pub(super) fn whole_period_rate_note(
    group_by: &[GroupKey],
    basis: Option<RateBasis>,
    counted: &str,
    rate_pct: Option<f64>,
) -> Option<String> {
    (basis == Some(RateBasis::Invited) && !group_by.is_empty()).then(|| {
        format!(
            "The {counted} are not known per group: the response rate of the whole period is {}.",
            rate_pct.map_or("unknown".to_owned(), |r| format!("{r:.1}%"))
        )
    })
}
