//! SpreadsheetML 2003 ("XML Spreadsheet"), the `.xls` download of Freshdesk and other web
//! helpdesks: an XML document whose root is a `Workbook` in the
//! `urn:schemas-microsoft-com:office:spreadsheet` namespace, one `Worksheet` per sheet, a `Table`
//! of `Row`s of `Cell`s, each with a `Data` element typed `String`, `Number`, `DateTime` or
//! `Boolean`. A `Row` or `Cell` may skip ahead with `ss:Index` (1-based), and a cell merged across
//! columns (`ss:MergeAcross`) takes their places.
//!
//! The sheets are read into rows of cell texts; [`spreadsheet`](super::spreadsheet) chooses the
//! sheet and writes it as CSV like any other workbook's. `DateTime` cells (`2025-01-08T15:00:06.000`)
//! are written as `2025-01-08 15:00:06`, a wall-clock time like Excel's.

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::error::{Error, Result};

/// Excel's last column (XFD) and last row: an index past them is not a spreadsheet's.
const MAX_COLUMNS: usize = 16_384;
const MAX_ROWS: u32 = 1_048_576;

/// One sheet: its name and its rows, each with its 1-based row number.
pub(crate) struct Sheet {
    pub(crate) name: String,
    pub(crate) rows: Vec<(u32, Vec<String>)>,
}

/// Whether `head` (the first bytes of a file) is a SpreadsheetML document.
pub(crate) fn is_spreadsheet_ml(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    head[start..].starts_with(b"<?xml")
        && memchr::memmem::find(head, b"urn:schemas-microsoft-com:office:spreadsheet").is_some()
}

/// The value of the attribute whose local name is `wanted` (`ss:Name`, `Name`).
fn attribute(e: &BytesStart<'_>, wanted: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == wanted)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// A predefined XML entity.
fn entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

/// Reads every sheet of the SpreadsheetML document `bytes`.
pub(crate) fn sheets(file: &str, bytes: &[u8]) -> Result<Vec<Sheet>> {
    let fail = |message: String| Error::Spreadsheet {
        file: file.to_owned(),
        message,
    };
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|e| {
            fail(format!(
                "an XML spreadsheet that is not UTF-8 ({e})\n  fix: save it again as .xlsx or as CSV UTF-8"
            ))
        })?;
    let mut reader = Reader::from_str(text);
    let mut sheets: Vec<Sheet> = Vec::new();
    let mut row: Option<(u32, Vec<String>)> = None;
    let mut next_row = 1u32;
    let mut next_cell = 1usize;
    // The text of the `Data` element being read, and its type.
    let mut data: Option<(String, String)> = None;
    // Whether the workbook's end was read: a file cut short must not pass for a short one.
    let mut closed = false;
    loop {
        let event = reader.read_event().map_err(|e| {
            fail(format!(
                "not a readable XML spreadsheet at byte {}: {e}\n  fix: save it again as .xlsx or as CSV UTF-8",
                reader.buffer_position()
            ))
        })?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "Worksheet" => {
                    sheets.push(Sheet {
                        name: attribute(&e, "Name")
                            .unwrap_or_else(|| format!("Sheet{}", sheets.len() + 1)),
                        rows: Vec::new(),
                    });
                    next_row = 1;
                }
                "Row" => {
                    let number = match attribute(&e, "Index") {
                        Some(i) => i
                            .parse::<u32>()
                            .ok()
                            .filter(|n| (1..=MAX_ROWS).contains(n))
                            .ok_or_else(|| {
                                fail(format!(
                                    "a row index of {i:?}, past Excel's last row ({MAX_ROWS})\n  fix: save it again as .xlsx or as CSV UTF-8"
                                ))
                            })?,
                        None => next_row,
                    };
                    next_row = number.saturating_add(1);
                    next_cell = 1;
                    let empty = Vec::new();
                    if let Some(sheet) = sheets.last_mut() {
                        sheet.rows.push((number, empty));
                    }
                    row = Some((number, Vec::new()));
                }
                "Cell" => {
                    let index = match attribute(&e, "Index") {
                        Some(i) => i
                            .parse::<usize>()
                            .ok()
                            .filter(|n| (1..=MAX_COLUMNS).contains(n))
                            .ok_or_else(|| {
                                fail(format!(
                                    "a cell index of {i:?}, past Excel's last column ({MAX_COLUMNS})\n  fix: save it again as .xlsx or as CSV UTF-8"
                                ))
                            })?,
                        None => next_cell,
                    };
                    if index > MAX_COLUMNS {
                        return Err(fail(format!(
                            "a row with more than {MAX_COLUMNS} cells, past Excel's last column\n  fix: save it again as .xlsx or as CSV UTF-8"
                        )));
                    }
                    // A cell merged across n more columns takes their places too.
                    let across = attribute(&e, "MergeAcross")
                        .and_then(|n| n.parse::<usize>().ok())
                        .unwrap_or(0);
                    next_cell = index.saturating_add(across).saturating_add(1);
                    if let Some((_, cells)) = row.as_mut() {
                        cells.resize(index, String::new());
                    }
                }
                // An empty `<Data/>` holds nothing and has no end to wait for.
                "Data" if !empty => {
                    let kind = attribute(&e, "Type").unwrap_or_default();
                    data = Some((String::new(), kind));
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some((text, _)) = data.as_mut() {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some((text, _)) = data.as_mut() {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some((text, _)) = data.as_mut() {
                    let name = r.xml10_content();
                    if let Some(c) = r
                        .resolve_char_ref()
                        .ok()
                        .flatten()
                        .or_else(|| entity(&name))
                    {
                        text.push(c);
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "Workbook" => closed = true,
                "Data" => {
                    if let (Some((text, kind)), Some((_, cells))) = (data.take(), row.as_mut())
                        && let Some(last) = cells.last_mut()
                    {
                        *last = if kind == "DateTime" {
                            date_time(&text)
                        } else {
                            text
                        };
                    }
                }
                "Row" => {
                    if let (Some((_, cells)), Some(sheet)) = (row.take(), sheets.last_mut())
                        && let Some(last) = sheet.rows.last_mut()
                    {
                        last.1 = cells;
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if !closed {
        return Err(fail(
            "the XML spreadsheet ends before its end tag: the file is cut short\n  fix: download or save it again"
                .to_owned(),
        ));
    }
    if sheets.is_empty() {
        return Err(fail("the XML spreadsheet has no worksheets".to_owned()));
    }
    Ok(sheets)
}

/// `2025-01-08T15:00:06.000` as `2025-01-08 15:00:06`; a date alone at midnight as the date.
fn date_time(text: &str) -> String {
    let text = text.trim();
    let (date, time) = text.split_once('T').unwrap_or((text, ""));
    let time = time.split('.').next().unwrap_or("");
    match time {
        "" | "00:00:00" => date.to_owned(),
        _ => format!("{date} {time}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORKBOOK: &str = r#"<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<ss:Workbook xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <ss:Worksheet ss:Name="Tickets">
  <ss:Table>
   <ss:Row><ss:Cell><ss:Data ss:Type="String">Ticket ID</ss:Data></ss:Cell><ss:Cell><ss:Data ss:Type="String">Created time</ss:Data></ss:Cell><ss:Cell><ss:Data ss:Type="String">Agent</ss:Data></ss:Cell></ss:Row>
   <ss:Row><ss:Cell><ss:Data ss:Type="Number">2001</ss:Data></ss:Cell><ss:Cell><ss:Data ss:Type="DateTime">2025-01-08T15:00:06.000</ss:Data></ss:Cell><ss:Cell><ss:Data ss:Type="String">Anna &amp; Co</ss:Data></ss:Cell></ss:Row>
   <ss:Row ss:Index="4"><ss:Cell ss:Index="3"><ss:Data ss:Type="String">Ivan</ss:Data></ss:Cell></ss:Row>
   <ss:Row><ss:Cell ss:MergeAcross="1"><ss:Data ss:Type="String">wide</ss:Data></ss:Cell><ss:Cell><ss:Data ss:Type="String">third</ss:Data></ss:Cell></ss:Row>
  </ss:Table>
 </ss:Worksheet>
</ss:Workbook>"#;

    #[test]
    fn rows_cells_types_and_skips() {
        assert!(is_spreadsheet_ml(WORKBOOK.as_bytes()));
        assert!(!is_spreadsheet_ml(b"<?xml version=\"1.0\"?><html/>"));
        let sheets = sheets("t.xls", WORKBOOK.as_bytes()).expect("reads");
        assert_eq!(sheets.len(), 1);
        assert_eq!(sheets[0].name, "Tickets");
        let rows: Vec<(u32, Vec<&str>)> = sheets[0]
            .rows
            .iter()
            .map(|(n, cells)| (*n, cells.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            rows,
            [
                (1, vec!["Ticket ID", "Created time", "Agent"]),
                (2, vec!["2001", "2025-01-08 15:00:06", "Anna & Co"]),
                // Row 4, its only cell in column 3.
                (4, vec!["", "", "Ivan"]),
                // A cell merged over columns 1 and 2: the next one is in column 3.
                (5, vec!["wide", "", "third"]),
            ]
        );
    }

    #[test]
    fn a_cut_file_and_an_absurd_index_are_errors() {
        // Cut after a whole row: well-formed so far, but the workbook never ends.
        let cut = &WORKBOOK[..WORKBOOK.find("</ss:Table>").expect("a table")];
        let err = sheets("t.xls", cut.as_bytes()).err().expect("an error");
        assert!(err.to_string().contains("cut short"), "{err}");
        let far = WORKBOOK.replace(r#"ss:Index="3""#, r#"ss:Index="99999999999""#);
        let err = sheets("t.xls", far.as_bytes()).err().expect("an error");
        assert!(
            err.to_string().contains("past Excel's last column"),
            "{err}"
        );
    }
}
