//! Markdown: a pipe table for chats and wikis, formatted for people.

use std::io::{self, Write};

use super::{Table, headline_columns, human_cell, is_single_record};

/// Writes `table` as a Markdown table.
pub fn write(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    if let Some(title) = &table.title {
        writeln!(out, "### {}\n", escape(title))?;
    }
    if table.rows.is_empty() {
        writeln!(out, "_{}._", capitalised(table.empty_text()))?;
    } else if is_single_record(table) {
        writeln!(out, "| Figure | Value |\n|---|---:|")?;
        for (column, cell) in table.columns.iter().zip(&table.rows[0]) {
            writeln!(
                out,
                "| {} | {} |",
                escape(&column.label),
                escape(&human_cell(cell))
            )?;
        }
    } else {
        let columns = headline_columns(table);
        let header: Vec<String> = columns.iter().map(|(_, c)| escape(&c.label)).collect();
        writeln!(out, "| {} |", header.join(" | "))?;
        let rule: Vec<&str> = columns
            .iter()
            .map(|(i, _)| {
                if *i < table.group_columns {
                    "---"
                } else {
                    "---:"
                }
            })
            .collect();
        writeln!(out, "|{}|", rule.join("|"))?;
        for row in &table.rows {
            let cells: Vec<String> = columns
                .iter()
                .map(|(i, _)| escape(&human_cell(&row[*i])))
                .collect();
            writeln!(out, "| {} |", cells.join(" | "))?;
        }
    }
    for note in &table.notes {
        writeln!(out, "\n{}", escape(note))?;
    }
    Ok(())
}

/// `text` with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Escapes the characters that would break a table cell or start Markdown markup.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '<' | '>' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{Cell, Column};

    #[test]
    fn grouped_table_with_escaping() {
        let table = Table {
            columns: vec![
                Column::new("agent", "Agent"),
                Column::new("tickets", "Tickets"),
            ],
            group_columns: 1,
            rows: vec![
                vec![Cell::Text("a|b".into()), Cell::Int(2)],
                vec![Cell::Null, Cell::Int(1)],
            ],
            ..Table::default()
        };
        let mut out = Vec::new();
        write(&table, &mut out).expect("writes");
        assert_eq!(
            String::from_utf8(out).expect("utf8"),
            "| Agent | Tickets |\n|---|---:|\n| a\\|b | 2 |\n| — | 1 |\n"
        );
    }
}
