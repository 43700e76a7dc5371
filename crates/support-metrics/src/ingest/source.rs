//! Getting an input ready for the CSV reader: spreadsheets turned into CSV, text in another
//! encoding turned into UTF-8, and the field delimiter told from the header line.
//!
//! A UTF-8 CSV file, the common case, is not copied: only its first block is looked at, and the
//! reader goes on from there. A spreadsheet or a file in another encoding is converted in memory
//! into UTF-8 CSV first, keeping its line numbers, so that every message still points at the
//! right line.
//!
//! Encodings are detected this way, unless one is named ([`IngestOptions::encoding`]):
//!
//! * a byte-order mark says UTF-8, UTF-16LE or UTF-16BE; without one, text where at least half
//!   the byte pairs have a zero on the same side is UTF-16 too (little-endian when it comes
//!   second);
//! * text that is valid UTF-8 is UTF-8;
//! * otherwise, when the bytes above 0x7F look like Russian words in Windows-1251 (letters
//!   0xC0–0xFF, mostly next to each other), Windows-1251 — what Excel writes in a Russian locale;
//! * anything else is read as UTF-8, and the first invalid byte stops the read with its line,
//!   its column and a suggested `--encoding`.
//!
//! The delimiter is the one of `,` `;` tab `|` that occurs most often (outside quotes) in the
//! header line, a comma when none does, unless one is named.

use std::fmt;
use std::io::{Cursor, Read};

use encoding_rs::Encoding;

use super::Input;
use super::tickets::IngestOptions;
use crate::error::{Error, Location, Result};

/// How much of a text input is looked at to detect its encoding.
const PEEK: usize = 64 << 10;

/// The delimiters told apart by the header line, the default first.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// A text encoding, by any of its WHATWG labels (`utf-8`, `windows-1251`, `cp1251`, `utf-16le`,
/// `koi8-r`, `latin1`, …).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TextEncoding(&'static Encoding);

impl TextEncoding {
    /// The encoding a label names.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`] for `--encoding` when no encoding has that label.
    pub fn from_label(label: &str) -> Result<TextEncoding> {
        let wanted = label.trim();
        Encoding::for_label(wanted.as_bytes())
            .map(TextEncoding)
            .ok_or_else(|| {
                Error::option(
                    "--encoding",
                    label,
                    "not an encoding name; use e.g. utf-8, windows-1251 (cp1251), utf-16le, \
                     utf-16be, koi8-r or windows-1252",
                )
            })
    }

    /// The encoding's name, e.g. `windows-1251`.
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    fn is_utf8(self) -> bool {
        self.0 == encoding_rs::UTF_8
    }
}

impl fmt::Debug for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TextEncoding({})", self.name())
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How an input was read: what was detected or chosen besides plain UTF-8, comma-separated CSV
/// with canonical headers.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct SourceInfo {
    /// The preset whose headers were read (by name), when one was used.
    pub preset: Option<String>,
    /// Whether the preset was chosen by matching the header (not by `--preset`).
    pub preset_detected: bool,
    /// The text encoding, when it was detected and is not UTF-8.
    pub encoding: Option<String>,
    /// The field delimiter, when it was detected and is not a comma.
    pub delimiter: Option<char>,
    /// The sheet, when the input is a spreadsheet.
    pub sheet: Option<String>,
    /// The workbook's other sheets that hold rows under a header, with how many (they were not
    /// read; `--sheet` reads one of them).
    pub other_sheets: Vec<(String, u64)>,
    /// Rows left out because a later row of the same ticket supersedes them (event logs).
    pub superseded_rows: u64,
}

impl SourceInfo {
    /// Whether the input was plain canonical CSV (nothing worth telling).
    pub fn is_plain(&self) -> bool {
        *self == SourceInfo::default()
    }
}

impl fmt::Display for SourceInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(preset) = &self.preset {
            let title = super::presets::preset(preset).map_or("", |p| p.title.as_str());
            let how = if self.preset_detected {
                "matched by its header"
            } else {
                "as chosen"
            };
            parts.push(format!("preset {preset} ({title}, {how})"));
        }
        if let Some(sheet) = &self.sheet {
            parts.push(format!("sheet {sheet:?}"));
            if !self.other_sheets.is_empty() {
                let others: Vec<String> = self
                    .other_sheets
                    .iter()
                    .map(|(n, rows)| format!("{n:?} ({rows} rows)"))
                    .collect();
                parts.push(format!(
                    "not the other sheets with rows: {} (read one with --sheet NAME)",
                    others.join(", ")
                ));
            }
        }
        if let Some(encoding) = &self.encoding {
            parts.push(format!("encoding {encoding}"));
        }
        if let Some(d) = self.delimiter {
            let shown = if d == '\t' {
                "tab".to_owned()
            } else {
                format!("'{d}'")
            };
            parts.push(format!("delimiter {shown}"));
        }
        if self.superseded_rows > 0 {
            parts.push(format!(
                "{} earlier event rows superseded by each ticket's last row",
                self.superseded_rows
            ));
        }
        if parts.is_empty() {
            f.write_str("plain CSV")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}

/// An input ready for the CSV reader.
pub(crate) struct Prepared {
    pub(crate) name: String,
    pub(crate) reader: Box<dyn Read + Send>,
    pub(crate) delimiter: u8,
    /// The header record (empty for an empty input).
    pub(crate) header: Vec<String>,
    pub(crate) info: SourceInfo,
}

/// Whether `input` is named like a spreadsheet (.xlsx, .xlsm, .xlsb, .xls, .ods).
pub(crate) fn looks_like_spreadsheet(input: &Input) -> bool {
    input
        .as_path()
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .is_some_and(|e| {
            matches!(
                e.to_ascii_lowercase().as_str(),
                "xlsx" | "xlsm" | "xlsb" | "xls" | "ods"
            )
        })
}

/// Gets the input `name`, open as `reader`, ready for the CSV reader (see the module docs);
/// `by_extension` says whether its name is a spreadsheet's.
pub(crate) fn prepare(
    name: &str,
    mut reader: Box<dyn Read + Send>,
    by_extension: bool,
    options: &IngestOptions,
) -> Result<Prepared> {
    let name = name.to_owned();
    let io = |error| Error::Io {
        path: name.clone(),
        error,
    };
    let mut head = Vec::with_capacity(PEEK);
    (&mut reader)
        .take(PEEK as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    let mut info = SourceInfo::default();

    if by_extension || is_workbook(&head) {
        let mut bytes = head;
        reader.read_to_end(&mut bytes).map_err(io)?;
        let super::spreadsheet::SheetCsv { csv, sheet, others } =
            super::spreadsheet::to_csv(&name, bytes, options.sheet.as_deref())?;
        info.sheet = Some(sheet);
        info.other_sheets = others;
        let header = header_record(&csv, b',');
        return Ok(Prepared {
            name,
            reader: Box::new(Cursor::new(csv)),
            delimiter: b',',
            header,
            info,
        });
    }
    if let Some(sheet) = &options.sheet {
        return Err(Error::option(
            "--sheet",
            sheet,
            format!("{name} is not a spreadsheet (.xlsx, .xls, .ods); --sheet is for those"),
        ));
    }

    let encoding = match options.encoding {
        Some(e) if !e.is_utf8() => Some(e.0),
        Some(_) => None,
        None => detect(&head),
    };
    let (reader, text): (Box<dyn Read + Send>, Vec<u8>) = match encoding {
        None => {
            // The common case: no copy; the reader starts again at the first byte.
            let text = head.clone();
            (Box::new(Cursor::new(head).chain(reader)), text)
        }
        Some(encoding) => {
            let mut bytes = head;
            reader.read_to_end(&mut bytes).map_err(io)?;
            let utf8 = decode(&name, encoding, &bytes)?.into_bytes();
            if options.encoding.is_none() {
                info.encoding = Some(encoding.name().to_owned());
            }
            let text = utf8[..utf8.len().min(PEEK)].to_vec();
            (Box::new(Cursor::new(utf8)), text)
        }
    };
    let delimiter = if options.detect_delimiter {
        sniff_delimiter(&text).unwrap_or(options.delimiter)
    } else {
        options.delimiter
    };
    if options.detect_delimiter && delimiter != b',' {
        info.delimiter = Some(char::from(delimiter));
    }
    let header = header_record(&text, delimiter);
    Ok(Prepared {
        name,
        reader,
        delimiter,
        header,
        info,
    })
}

/// Whether `head` starts like a zip archive (.xlsx, .ods) or an OLE compound file (.xls).
fn is_workbook(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04")
        || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
        || super::spreadsheet_ml::is_spreadsheet_ml(head)
}

/// The encoding `head` is in, when it is not UTF-8 (see the module docs).
fn detect(head: &[u8]) -> Option<&'static Encoding> {
    if let Some((encoding, _)) = Encoding::for_bom(head) {
        return (encoding != encoding_rs::UTF_8).then_some(encoding);
    }
    if let Some(utf16) = utf16_without_bom(head) {
        return Some(utf16);
    }
    match simdutf8::compat::from_utf8(head) {
        Ok(_) => None,
        // A character cut at the end of the block is no evidence.
        Err(e) if e.error_len().is_none() => None,
        Err(_) => looks_like_windows_1251(head).then_some(encoding_rs::WINDOWS_1251),
    }
}

/// UTF-16 without a byte-order mark: most of the text is ASCII, so one byte of each pair is zero.
fn utf16_without_bom(head: &[u8]) -> Option<&'static Encoding> {
    let pairs = head.len() / 2;
    if pairs < 4 {
        return None;
    }
    let zeros_at = |parity: usize| {
        head.chunks_exact(2)
            .filter(|pair| pair[parity] == 0 && pair[1 - parity] != 0)
            .count()
    };
    // Half the pairs or more with the zero on the same side (Cyrillic letters have none, but
    // digits, dates and punctuation do); text in a byte encoding never has that many NULs.
    if zeros_at(1) * 2 >= pairs {
        Some(encoding_rs::UTF_16LE)
    } else if zeros_at(0) * 2 >= pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Whether the bytes above 0x7F read as Russian words in Windows-1251: nearly all are letters
/// (0xC0–0xFF, Ё 0xA8, ё 0xB8) and most letters stand next to another one. Latin-1 text such as
/// `José Müller` has its accented letters alone among ASCII ones and is not taken for Cyrillic.
pub(crate) fn looks_like_windows_1251(bytes: &[u8]) -> bool {
    let letter = |b: u8| b >= 0xC0 || b == 0xA8 || b == 0xB8;
    let (mut high, mut letters, mut paired) = (0usize, 0usize, 0usize);
    for (i, &b) in bytes.iter().enumerate() {
        if b < 0x80 {
            continue;
        }
        high += 1;
        if letter(b) {
            letters += 1;
            let before = i > 0 && letter(bytes[i - 1]);
            let after = bytes.get(i + 1).is_some_and(|&n| letter(n));
            if before || after {
                paired += 1;
            }
        }
    }
    high > 0 && letters * 10 >= high * 9 && paired * 2 >= letters
}

/// `bytes` decoded from `encoding` (a byte-order mark of that encoding removed).
fn decode(name: &str, encoding: &'static Encoding, bytes: &[u8]) -> Result<String> {
    let (text, _, had_errors) = encoding.decode(bytes);
    if had_errors {
        // The first replacement character marks the first sequence that did not decode.
        let at = text.find('\u{FFFD}').unwrap_or(0);
        let line = 1 + text[..at].bytes().filter(|&b| b == b'\n').count() as u64;
        return Err(Error::Decode {
            location: Location {
                file: name.to_owned(),
                line: Some(line),
                column: None,
            },
            encoding: encoding.name().to_owned(),
        });
    }
    Ok(text.into_owned())
}

/// The first line of `text`, up to a line break outside double quotes.
fn first_line(text: &[u8]) -> &[u8] {
    let mut quoted = false;
    for (i, &b) in text.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => return &text[..i],
            _ => {}
        }
    }
    text
}

/// The delimiter that occurs most often outside quotes in the header line; `None` when none of
/// them does.
pub(crate) fn sniff_delimiter(text: &[u8]) -> Option<u8> {
    let mut counts = [0usize; DELIMITERS.len()];
    let mut quoted = false;
    for &b in first_line(text) {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(i) = DELIMITERS.iter().position(|&d| d == b) {
            counts[i] += 1;
        }
    }
    let (best, count) = counts
        .iter()
        .enumerate()
        .fold((0, 0), |acc, (i, &c)| if c > acc.1 { (i, c) } else { acc });
    (count > 0).then_some(DELIMITERS[best])
}

/// The header record of `text` (UTF-8 assumed; bytes that are not stay for the reader to report).
fn header_record(text: &[u8], delimiter: u8) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(first_line(text));
    let mut record = csv::ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => record
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let s = String::from_utf8_lossy(f);
                let s = s.trim_end_matches('\r');
                if i == 0 {
                    s.trim_start_matches('\u{feff}').to_owned()
                } else {
                    s.to_owned()
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_is_the_most_frequent_outside_quotes() {
        assert_eq!(sniff_delimiter(b"id,created_at,agent\n1,2,3"), Some(b','));
        // A comma inside a header name does not beat two semicolons.
        assert_eq!(
            sniff_delimiter("Номер;Время, мин;Агент\n".as_bytes()),
            Some(b';')
        );
        assert_eq!(sniff_delimiter(b"\"a;b\",c\n"), Some(b','));
        assert_eq!(sniff_delimiter(b"a\tb\tc|d\n"), Some(b'\t'));
        assert_eq!(sniff_delimiter(b"single\n1\n"), None);
    }

    #[test]
    fn windows_1251_is_told_from_latin_1() {
        let (russian, _, _) = encoding_rs::WINDOWS_1251.encode("id;agent\n1;Анна Петрова\n");
        assert!(looks_like_windows_1251(&russian));
        let (latin, _, _) = encoding_rs::WINDOWS_1252.encode("id,agent\n1,José Müller\n");
        assert!(!looks_like_windows_1251(&latin));
        assert_eq!(detect(&russian), Some(encoding_rs::WINDOWS_1251));
        assert_eq!(detect(&latin), None);
        assert_eq!(detect("id,agent\n1,Анна\n".as_bytes()), None);
    }

    #[test]
    fn utf16_with_a_bom_is_detected_and_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "id,agent\n1,Анна\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let encoding = detect(&bytes).expect("detected");
        assert_eq!(encoding.name(), "UTF-16LE");
        assert_eq!(
            decode("t.csv", encoding, &bytes).expect("decodes"),
            "id,agent\n1,Анна\n"
        );
    }

    #[test]
    fn utf16_without_a_bom_is_told_by_its_zero_bytes() {
        let text = "id,created_at,agent\n1,2024-03-18 10:00,Anna\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(detect(&le), Some(encoding_rs::UTF_16LE));
        assert_eq!(detect(&be), Some(encoding_rs::UTF_16BE));
        assert_eq!(detect(text.as_bytes()), None);
    }

    #[test]
    fn an_undecodable_sequence_names_its_line() {
        // A lone high surrogate (0xD800) on line 3 of UTF-16LE text.
        let mut bytes = Vec::new();
        for unit in "id\n1\n"
            .encode_utf16()
            .chain([0xD800])
            .chain("\n".encode_utf16())
        {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let err = decode("t.csv", encoding_rs::UTF_16LE, &bytes).unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("t.csv, line 3: the text is not valid UTF-16LE"),
            "{text}"
        );
        assert!(text.contains("--encoding"));
    }

    #[test]
    fn labels_name_encodings() {
        assert_eq!(
            TextEncoding::from_label("cp1251").expect("known").name(),
            "windows-1251"
        );
        assert_eq!(
            TextEncoding::from_label(" UTF-8 ").expect("known").name(),
            "UTF-8"
        );
        let err = TextEncoding::from_label("klingon").unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::InvalidUsage);
    }
}
