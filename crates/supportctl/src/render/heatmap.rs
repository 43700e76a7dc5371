//! The heatmap for people: a 7 × 24 grid of arrivals per week (Monday to Sunday × hours 00–23),
//! shaded, with the peak slots marked. In a terminal the shades are block characters, coloured
//! unless `NO_COLOR` is set (the caller decides); in Markdown a table of numbers with the peak in
//! bold. Machines get the slots as rows through the ordinary [`Table`](super::Table) renderers.

use std::io::{self, Write};

/// Hour slots in a week.
const SLOTS: usize = 168;
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Block characters for the four shades of a non-zero value, lightest first.
const SHADES: [char; 4] = ['░', '▒', '▓', '█'];
/// 256-colour palette entries for the shades: pale yellow to red.
const COLOURS: [u8; 4] = [229, 221, 208, 196];

/// One grid: a group's 168 slots, Monday 00:00 first.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// A line above the grid (the group, its peak), if any.
    pub heading: Option<String>,
    /// Arrivals per week of each slot; `None` where the weekday does not occur in the period.
    pub values: Vec<Option<f64>>,
    /// Whether each slot is a peak slot.
    pub peak: Vec<bool>,
}

/// Grids with a title and notes.
#[derive(Debug, Clone, Default)]
pub struct Heatmap {
    /// The title, above everything.
    pub title: Option<String>,
    /// One grid per group.
    pub grids: Vec<Grid>,
    /// Notes under everything.
    pub notes: Vec<String>,
}

fn value(grid: &Grid, slot: usize) -> Option<f64> {
    grid.values.get(slot).copied().flatten()
}

fn is_peak(grid: &Grid, slot: usize) -> bool {
    grid.peak.get(slot).copied().unwrap_or(false)
}

/// The shade (1–4) of `v` on a scale whose darkest shade ends at `max`; 0 for zero.
fn shade(v: f64, max: f64) -> usize {
    if v <= 0.0 || max <= 0.0 {
        0
    } else {
        ((v / max * 4.0).ceil() as usize).clamp(1, 4)
    }
}

/// Writes the grids for a terminal; `colour` adds ANSI colours to the shades.
pub fn write(map: &Heatmap, colour: bool, out: &mut dyn Write) -> io::Result<()> {
    if let Some(title) = &map.title {
        writeln!(out, "{title}")?;
    }
    if map.grids.is_empty() {
        writeln!(out, "(no tickets in the period)")?;
    }
    for (i, grid) in map.grids.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_grid(grid, colour, out)?;
    }
    for note in &map.notes {
        writeln!(out, "{note}")?;
    }
    Ok(())
}

fn write_grid(grid: &Grid, colour: bool, out: &mut dyn Write) -> io::Result<()> {
    if let Some(heading) = &grid.heading {
        writeln!(out, "{heading}")?;
    }
    let max = (0..SLOTS)
        .filter_map(|s| value(grid, s))
        .fold(0.0f64, f64::max);
    write!(out, "   ")?;
    for hour in 0..24 {
        write!(out, " {hour:02}")?;
    }
    writeln!(out)?;
    for (day, name) in WEEKDAYS.iter().enumerate() {
        write!(out, "{name}")?;
        for hour in 0..24 {
            let slot = day * 24 + hour;
            let marker = if is_peak(grid, slot) { '*' } else { ' ' };
            let cell = match value(grid, slot) {
                None => "  ".to_owned(),
                Some(v) => match shade(v, max) {
                    0 => "··".to_owned(),
                    level => {
                        let c = SHADES[level - 1];
                        if colour {
                            format!("\x1b[38;5;{}m{c}{c}\x1b[0m", COLOURS[level - 1])
                        } else {
                            format!("{c}{c}")
                        }
                    }
                },
            };
            if colour && marker == '*' {
                write!(out, "\x1b[1m*\x1b[0m{cell}")?;
            } else {
                write!(out, "{marker}{cell}")?;
            }
        }
        writeln!(out)?;
    }
    // The legend: what each shade stands for.
    let mut legend = String::from("    ·· none");
    for (level, c) in SHADES.iter().enumerate() {
        let upper = max * (level + 1) as f64 / 4.0;
        legend.push_str(&format!("   {c}{c} up to {}", number(upper)));
    }
    legend.push_str(" per week   * peak");
    writeln!(out, "{legend}")
}

/// A value for people: one decimal.
fn number(v: f64) -> String {
    format!("{v:.1}")
}

/// Writes the grids as Markdown tables: a row per weekday, a column per hour, peak values in bold.
pub fn write_markdown(map: &Heatmap, out: &mut dyn Write) -> io::Result<()> {
    if let Some(title) = &map.title {
        writeln!(out, "### {}\n", super::markdown::escape(title))?;
    }
    if map.grids.is_empty() {
        writeln!(out, "_No tickets in the period._\n")?;
    }
    for grid in &map.grids {
        if let Some(heading) = &grid.heading {
            writeln!(out, "{}\n", super::markdown::escape(heading))?;
        }
        write!(out, "| |")?;
        for hour in 0..24 {
            write!(out, " {hour:02} |")?;
        }
        writeln!(out)?;
        write!(out, "|---|")?;
        for _ in 0..24 {
            write!(out, "---:|")?;
        }
        writeln!(out)?;
        for (day, name) in WEEKDAYS.iter().enumerate() {
            write!(out, "| {name} |")?;
            for hour in 0..24 {
                let slot = day * 24 + hour;
                let text = value(grid, slot).map_or_else(|| "—".to_owned(), number);
                if is_peak(grid, slot) {
                    write!(out, " **{text}** |")?;
                } else {
                    write!(out, " {text} |")?;
                }
            }
            writeln!(out)?;
        }
        writeln!(out)?;
    }
    for note in &map.notes {
        writeln!(out, "{}\n", super::markdown::escape(note))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Grid {
        let mut values = vec![Some(0.0); SLOTS];
        let mut peak = vec![false; SLOTS];
        // Monday 10:00 is the busiest slot (4 per week), Monday 11:00 has 1.
        values[10] = Some(4.0);
        values[11] = Some(1.0);
        peak[10] = true;
        // Sunday does not occur.
        for v in &mut values[144..] {
            *v = None;
        }
        Grid {
            heading: Some("team: L1".into()),
            values,
            peak,
        }
    }

    #[test]
    fn shades_split_the_range_in_quarters() {
        // max 4: (0, 1] lightest, (1, 2], (2, 3], (3, 4] darkest.
        assert_eq!(shade(0.0, 4.0), 0);
        assert_eq!(shade(0.5, 4.0), 1);
        assert_eq!(shade(1.0, 4.0), 1);
        assert_eq!(shade(1.01, 4.0), 2);
        assert_eq!(shade(4.0, 4.0), 4);
    }

    #[test]
    fn the_grid_without_colour() {
        let map = Heatmap {
            title: Some("Arrivals".into()),
            grids: vec![grid()],
            notes: vec!["a note".into()],
        };
        let mut out = Vec::new();
        write(&map, false, &mut out).expect("writes");
        let text = String::from_utf8(out).expect("utf8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Arrivals");
        assert_eq!(lines[1], "team: L1");
        assert!(lines[2].starts_with("    00 01 02"), "{}", lines[2]);
        // Monday: 10 quiet hours, then the peak (darkest) and a light one.
        let monday = format!("Mon{}*██ ░░{}", " ··".repeat(10), " ··".repeat(12));
        assert_eq!(lines[3], monday);
        // Sunday does not occur: blank cells.
        assert_eq!(lines[9], format!("Sun{}", "   ".repeat(24)));
        assert!(lines[10].contains("░░ up to 1.0") && lines[10].contains("██ up to 4.0"));
        assert_eq!(lines[11], "a note");
        assert!(!text.contains('\x1b'));
        // Every grid line has the same width: 3 + 24 × 3 characters.
        for line in &lines[2..10] {
            assert_eq!(line.chars().count(), 75, "{line:?}");
        }
    }

    #[test]
    fn the_grid_with_colour() {
        let map = Heatmap {
            grids: vec![grid()],
            ..Heatmap::default()
        };
        let mut out = Vec::new();
        write(&map, true, &mut out).expect("writes");
        let text = String::from_utf8(out).expect("utf8");
        assert!(text.contains("\x1b[38;5;196m██\x1b[0m"), "{text}");
        assert!(text.contains("\x1b[1m*\x1b[0m"), "{text}");
    }

    #[test]
    fn markdown_bolds_the_peak() {
        let map = Heatmap {
            grids: vec![grid()],
            ..Heatmap::default()
        };
        let mut out = Vec::new();
        write_markdown(&map, &mut out).expect("writes");
        let text = String::from_utf8(out).expect("utf8");
        assert!(text.contains("| Mon | 0.0 |"), "{text}");
        assert!(text.contains("| **4.0** | 1.0 |"), "{text}");
        assert!(text.contains("| Sun | — |"), "{text}");
    }
}
