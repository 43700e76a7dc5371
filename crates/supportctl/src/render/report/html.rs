//! The weekly report as one self-contained HTML page: inline CSS, charts as inline SVG, no
//! script, font or network request. Every piece of text from the data is escaped by the
//! templates (maud escapes whatever it interpolates; only the charts' SVG goes in as markup).

use std::io::{self, Write};

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::{AlertLine, Block, Chart, Doc, FigureLine, Level, Tone, charts};
use crate::render::{Cell, Table, headline_columns, human_cell, is_single_record};

const STYLE: &str = "
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif;
  color: #1d1d1f; margin: 0 auto; max-width: 980px; padding: 24px 28px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #e4e4e7; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.sub { color: #55555c; margin: 0; }
table { border-collapse: collapse; margin: 8px 0 12px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e4e4e7; text-align: right; vertical-align: top; }
th { background: #f4f4f5; font-weight: 600; }
th:first-child, td:first-child { text-align: left; }
td.text { text-align: left; }
.good { color: #0a7f3f; } .bad { color: #b42318; }
.spark { font-family: ui-monospace, 'DejaVu Sans Mono', monospace; letter-spacing: 1px; }
.note { color: #55555c; margin: 4px 0; }
ul.alerts { list-style: none; padding: 0; }
ul.alerts li { margin: 6px 0; padding: 6px 10px; border-left: 4px solid #a1a1aa; background: #fafafa; }
ul.alerts li.critical { border-color: #b42318; background: #fef3f2; }
ul.alerts li.warning { border-color: #dc6803; background: #fffaeb; }
.level { font-weight: 600; text-transform: uppercase; font-size: 12px; margin-right: 8px; }
figure.chart { margin: 12px 0; }
figure.chart svg { width: 100%; height: auto; }
figcaption.legend { font-size: 13px; color: #3f3f46; margin: 2px 0 0 60px; }
.key { display: inline-block; margin: 2px 16px 2px 0; white-space: nowrap; }
.swatch { display: inline-block; width: 18px; height: 3px; vertical-align: middle; margin-right: 6px; }
@media print { .swatch { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
@media print {
  body { max-width: none; padding: 0; font-size: 12px; }
  section, figure.chart, table { break-inside: avoid; }
  h2 { break-after: avoid; }
}
";

/// Writes `doc` as an HTML page.
pub fn write(doc: &Doc, out: &mut dyn Write) -> io::Result<()> {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (doc.title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { (doc.title) }
                    @for line in &doc.subtitle { p.sub { (line) } }
                }
                @for part in &doc.parts {
                    section {
                        h2 { (part.heading) }
                        @for block in &part.blocks { (block_html(block)?) }
                    }
                }
            }
        }
    };
    out.write_all(page.into_string().as_bytes())?;
    writeln!(out)
}

fn block_html(block: &Block) -> io::Result<Markup> {
    Ok(match block {
        Block::Figures(lines) => figures(lines),
        Block::Table(table) => table_html(table),
        Block::Text(text) => html! { p.note { (text) } },
        Block::Alerts(alerts) => alerts_html(alerts),
        Block::Chart(chart) => {
            let svg = charts::svg(chart).map_err(io::Error::other)?;
            let names: Vec<&str> = match chart {
                Chart::Lines { series, .. } => series.iter().map(|(n, _)| n.as_str()).collect(),
                Chart::Heatmap { .. } => Vec::new(),
            };
            html! {
                figure.chart {
                    (PreEscaped(svg))
                    @if !names.is_empty() {
                        figcaption.legend {
                            @for (i, name) in names.iter().enumerate() {
                                @let c = charts::colour(i);
                                span.key {
                                    span.swatch style=(format!("background:rgb({},{},{})", c.0, c.1, c.2)) {}
                                    (name)
                                }
                            }
                        }
                    }
                }
            }
        }
    })
}

fn figures(lines: &[FigureLine]) -> Markup {
    html! {
        table {
            thead { tr { th { "Figure" } th { "This week" } th { "Last week" } th { "Change" } th { "Weeks" } } }
            tbody {
                @for l in lines {
                    tr {
                        td { (l.label) }
                        td { (l.value) }
                        td { (l.previous) }
                        td class=(tone_class(l.tone)) { (l.change) }
                        td.text.spark { (l.sparkline) }
                    }
                }
            }
        }
    }
}

fn tone_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Good => "good",
        Tone::Bad => "bad",
        Tone::Neutral => "",
    }
}

fn table_html(table: &Table) -> Markup {
    let text = |cell: &Cell| matches!(cell, Cell::Text(_));
    html! {
        @if let Some(title) = &table.title { h3 { (title) } }
        @if table.rows.is_empty() {
            p.note { (table.empty_text()) }
        } @else if is_single_record(table) {
            table {
                @for (column, cell) in table.columns.iter().zip(&table.rows[0]) {
                    @if column.headline { tr { th { (column.label) } td { (human_cell(cell)) } } }
                }
            }
        } @else {
            @let columns = headline_columns(table);
            table {
                thead { tr { @for (_, c) in &columns { th { (c.label) } } } }
                tbody {
                    @for row in &table.rows {
                        tr {
                            @for (i, _) in &columns {
                                @let cell = &row[*i];
                                td class=[text(cell).then_some("text")] { (human_cell(cell)) }
                            }
                        }
                    }
                }
            }
        }
        @for note in &table.notes { p.note { (note) } }
    }
}

fn alerts_html(alerts: &[AlertLine]) -> Markup {
    html! {
        @if alerts.is_empty() {
            p.note { "Nothing calls for attention this week." }
        } @else {
            ul.alerts {
                @for a in alerts {
                    li class=(level_class(a.level)) {
                        span.level { (a.level.word()) }
                        (a.text)
                    }
                }
            }
        }
    }
}

fn level_class(level: Level) -> &'static str {
    level.word()
}
