//! The weekly report as Markdown, for the team chat or a wiki page.

use std::io::{self, Write};

use super::{Block, Doc, Level};
use crate::render::markdown::escape;

/// Writes `doc` as Markdown.
pub fn write(doc: &Doc, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# {}\n", escape(&doc.title))?;
    for line in &doc.subtitle {
        writeln!(out, "{}  ", escape(line))?;
    }
    for part in &doc.parts {
        writeln!(out, "\n## {}\n", escape(part.heading))?;
        let mut first = true;
        for block in &part.blocks {
            if matches!(block, Block::Chart(_)) {
                continue;
            }
            if !first {
                writeln!(out)?;
            }
            first = false;
            match block {
                Block::Figures(lines) => {
                    writeln!(out, "| Figure | This week | Last week | Change | Weeks |")?;
                    writeln!(out, "|---|---:|---:|---:|---|")?;
                    for l in lines {
                        writeln!(
                            out,
                            "| {} | {} | {} | {} | {} |",
                            escape(&l.label),
                            escape(&l.value),
                            escape(&l.previous),
                            escape(&l.change),
                            escape(&l.sparkline)
                        )?;
                    }
                }
                Block::Table(table) => crate::render::markdown::write(table, out)?,
                Block::Text(text) => writeln!(out, "{}", escape(text))?,
                Block::Alerts(alerts) if alerts.is_empty() => {
                    writeln!(out, "Nothing calls for attention this week.")?
                }
                Block::Alerts(alerts) => {
                    for a in alerts {
                        let word = match a.level {
                            Level::Critical => "**critical**",
                            Level::Warning => "**warning**",
                            Level::Notice => "notice",
                        };
                        writeln!(out, "- {word}: {}", escape(&a.text))?;
                    }
                }
                Block::Chart(_) => {}
            }
        }
    }
    Ok(())
}
