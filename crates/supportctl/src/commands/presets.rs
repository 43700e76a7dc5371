//! `supportctl presets`: the helpdesk presets and the export headers each one reads.

use anyhow::Result;
use support_metrics::ingest::{Preset, find_preset, presets};

use crate::cli::PresetsArgs;
use crate::output::Output;
use crate::render::{Cell, Column, Table, render};

/// Runs the command.
pub fn run(args: &PresetsArgs) -> Result<()> {
    let table = match args.name.as_deref() {
        Some(name) => detail(find_preset(name)?),
        None => list(),
    };
    let mut output = Output::open(args.output.output.as_deref(), &[])?;
    render(&table, args.output.format, output.writer())?;
    output.finish()
}

/// The headers a preset reads, in the contract's order.
fn headers(preset: &Preset) -> String {
    preset
        .columns
        .iter()
        .map(|c| c.headers.join(" / "))
        .collect::<Vec<_>>()
        .join(", ")
}

fn list() -> Table {
    let rows = presets()
        .iter()
        .map(|p| {
            vec![
                Cell::Text(p.name.clone()),
                Cell::Text(p.title.clone()),
                Cell::Text(p.export.clone()),
                Cell::text(p.time_format.as_deref()),
                Cell::Text(headers(p)),
            ]
        })
        .collect();
    Table {
        columns: vec![
            Column::new("preset", "Preset"),
            Column::new("helpdesk", "Helpdesk"),
            Column::detail("export", "Export"),
            Column::detail("time_format", "Timestamp format"),
            Column::new("headers", "Headers read"),
        ],
        group_columns: 1,
        rows,
        title: Some("Helpdesk presets (`supportctl presets NAME` shows one in detail)".to_owned()),
        notes: vec![
            "A file whose header lacks the canonical columns is matched against every preset; \
             --preset NAME chooses one."
                .to_owned(),
        ],
        ..Table::default()
    }
}

fn detail(preset: &Preset) -> Table {
    let mut rows: Vec<Vec<Cell>> = preset
        .columns
        .iter()
        .map(|c| {
            vec![
                Cell::Text(preset.name.clone()),
                Cell::Text(c.canonical.clone()),
                Cell::Text(c.headers.join(" / ")),
            ]
        })
        .collect();
    rows.extend(preset.recognised.iter().map(|h| {
        vec![
            Cell::Text(preset.name.clone()),
            Cell::Null,
            Cell::Text(h.clone()),
        ]
    }));
    let mut notes = vec![
        format!("Export: {}.", preset.export),
        format!("How to get it: {}", preset.how),
        preset.notes.clone(),
    ];
    if let Some(format) = &preset.time_format {
        notes.push(format!("Timestamp format: {format}"));
    }
    if let Some(order) = preset.date_order {
        notes.push(format!("Dates are read {order}."));
    }
    notes.push(
        "Rows without a canonical column are headers that identify the export but are not read."
            .to_owned(),
    );
    Table {
        columns: vec![
            Column::new("preset", "Preset"),
            Column::new("canonical", "Canonical column"),
            Column::new("header", "Export header"),
        ],
        group_columns: 2,
        rows,
        title: Some(format!(
            "{} — {} ({})",
            preset.name, preset.title, preset.export
        )),
        notes,
        ..Table::default()
    }
}
