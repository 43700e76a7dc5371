//! The weekly report for a terminal: one block per section, figures in aligned tables with
//! arrows and sparklines. Colour (green for a change for the better, red for the worse) only when
//! asked for: the command asks when stdout is a terminal and `NO_COLOR` is not set.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, Color, ContentArrangement, Table as Comfy};

use super::{AlertLine, Block, Doc, FigureLine, Level, Tone};

/// Writes `doc` for a terminal.
pub fn write(doc: &Doc, colour: bool, out: &mut dyn Write) -> io::Result<()> {
    let width = width();
    let wrapped = |text: &str| textwrap::fill(text, width);
    writeln!(out, "{}", doc.title)?;
    for line in &doc.subtitle {
        writeln!(out, "{}", wrapped(line))?;
    }
    for part in &doc.parts {
        writeln!(out)?;
        writeln!(out, "{}", part.heading.to_uppercase())?;
        for block in &part.blocks {
            match block {
                Block::Figures(lines) => figures(lines, colour, out)?,
                Block::Table(table) => crate::render::table::write(table, out)?,
                Block::Text(text) => writeln!(out, "{}", wrapped(text))?,
                Block::Alerts(alerts) => alert_lines(alerts, colour, width, out)?,
                Block::Chart(_) => {}
            }
        }
    }
    Ok(())
}

/// The width to fit: `COLUMNS` when set, else the terminal's, else 100.
fn width() -> usize {
    if let Some(width) = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()) {
        return width;
    }
    Comfy::new().width().map_or(100, usize::from)
}

fn comfy(colour: bool) -> Comfy {
    let mut t = Comfy::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if !colour {
        t.force_no_tty();
    } else {
        t.enforce_styling();
    }
    if let Some(width) = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()) {
        t.set_width(width);
    }
    t
}

fn figures(lines: &[FigureLine], colour: bool, out: &mut dyn Write) -> io::Result<()> {
    let mut t = comfy(colour);
    t.set_header(vec!["Figure", "This week", "Last week", "Change", "Weeks"]);
    for line in lines {
        let mut change = comfy_table::Cell::new(&line.change);
        if colour {
            change = match line.tone {
                Tone::Good => change.fg(Color::Green),
                Tone::Bad => change.fg(Color::Red),
                Tone::Neutral => change,
            };
        }
        t.add_row(vec![
            comfy_table::Cell::new(&line.label),
            comfy_table::Cell::new(&line.value).set_alignment(CellAlignment::Right),
            comfy_table::Cell::new(&line.previous).set_alignment(CellAlignment::Right),
            change.set_alignment(CellAlignment::Right),
            comfy_table::Cell::new(&line.sparkline),
        ]);
    }
    writeln!(out, "{t}")
}

fn alert_lines(
    alerts: &[AlertLine],
    colour: bool,
    width: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    // The sentence wraps under itself, after the level.
    let indent = " ".repeat(13);
    let sentence = |text: &str| {
        let options = textwrap::Options::new(width.saturating_sub(13).max(20));
        textwrap::wrap(text, options).join(&format!("\n{indent}"))
    };
    if alerts.is_empty() {
        return writeln!(out, "Nothing calls for attention this week.");
    }
    for alert in alerts {
        let mark = match alert.level {
            Level::Critical => "!!",
            Level::Warning => "! ",
            Level::Notice => "i ",
        };
        let word = alert.level.word();
        if colour {
            let code = match alert.level {
                Level::Critical => "31;1",
                Level::Warning => "33",
                Level::Notice => "36",
            };
            writeln!(
                out,
                "\x1b[{code}m{mark} {word:<8}\x1b[0m  {}",
                sentence(&alert.text)
            )?;
        } else {
            writeln!(out, "{mark} {word:<8}  {}", sentence(&alert.text))?;
        }
    }
    Ok(())
}
