//! The HTML report's charts, drawn with plotters as inline SVG: lines over the weeks, and the
//! hour-of-week heatmap. The legend of a line chart is the page's (HTML, escaped there); text
//! drawn in the SVG (captions, axis labels) is escaped by the SVG backend.

use plotters::prelude::*;

use super::{Chart, Unit};

/// Width and height of a chart, in SVG user units (the page scales it to its column).
const SIZE: (u32, u32) = (760, 300);

/// Colours of the series, chosen to stay apart in print and for the common colour blindnesses
/// (Okabe & Ito's palette).
const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
    RGBColor(240, 228, 66),
];

/// The colour of series `i`.
pub fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// `chart` as an `<svg>` element.
pub fn svg(chart: &Chart) -> Result<String, String> {
    let mut out = String::new();
    match chart {
        Chart::Lines {
            title,
            weeks,
            series,
            unit,
        } => lines(&mut out, title, weeks, series, *unit),
        Chart::Heatmap {
            title,
            values,
            peak,
        } => heatmap(&mut out, title, values, peak),
    }
    .map_err(|e| e.to_string())?;
    Ok(out)
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

fn axis_value(v: f64, unit: Unit) -> String {
    match unit {
        // Already in hours (see `lines`).
        Unit::Seconds if v == v.trunc() || v >= 10.0 => format!("{v:.0}h"),
        Unit::Seconds => format!("{v:.1}h"),
        Unit::Count => format!("{v:.0}"),
        Unit::Percent => format!("{v:.0}%"),
    }
}

fn lines(
    out: &mut String,
    title: &str,
    weeks: &[String],
    series: &[(String, Vec<Option<f64>>)],
    unit: Unit,
) -> DrawResult {
    let root = SVGBackend::with_string(out, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    // Durations are drawn in hours, so that the axis gets round numbers of hours.
    let scale = if unit == Unit::Seconds { 3600.0 } else { 1.0 };
    let series: Vec<(&str, Vec<Option<f64>>)> = series
        .iter()
        .map(|(name, v)| {
            (
                name.as_str(),
                v.iter().map(|x| x.map(|x| x / scale)).collect(),
            )
        })
        .collect();
    let values: Vec<f64> = series
        .iter()
        .flat_map(|(_, v)| v.iter().flatten().copied())
        .collect();
    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (bottom, top) = match unit {
        _ if values.is_empty() => (0.0, 1.0),
        // Percentages zoom in on their range, in steps of 10, inside 0-100.
        Unit::Percent => (
            ((low - 5.0) / 10.0).floor().max(0.0) * 10.0,
            ((high + 5.0) / 10.0).ceil().min(10.0) * 10.0,
        ),
        _ if high <= 0.0 => (0.0, 1.0),
        _ => (0.0, high * 1.1),
    };
    let n = weeks.len().max(1) as i32;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(56)
        .build_cartesian_2d(-0.3f64..(n - 1) as f64 + 0.3, bottom..top)?;
    chart
        .configure_mesh()
        .x_labels(weeks.len())
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 {
                weeks.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|y| axis_value(*y, unit))
        .light_line_style(RGBColor(240, 240, 240))
        .draw()?;
    for (i, (_, values)) in series.iter().enumerate() {
        let c = colour(i);
        let style = ShapeStyle::from(&c).stroke_width(2);
        // One line per run of weeks with a value: a week without one is a gap, not a zero.
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for (x, v) in values.iter().enumerate() {
            match (v, runs.last_mut()) {
                (Some(v), Some(run)) => run.push((x as f64, *v)),
                _ => runs.push(Vec::new()),
            }
        }
        for run in runs.into_iter().filter(|r| !r.is_empty()) {
            chart.draw_series(LineSeries::new(run.clone(), style))?;
            chart.draw_series(run.into_iter().map(|p| Circle::new(p, 3, c.filled())))?;
        }
    }
    root.present()?;
    Ok(())
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn heatmap(out: &mut String, title: &str, values: &[f64], peak: &[bool]) -> DrawResult {
    let root = SVGBackend::with_string(out, (SIZE.0, 260)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(28)
        .y_label_area_size(44)
        .build_cartesian_2d(0i32..24, 0i32..7)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(12)
        .x_label_formatter(&|h| format!("{h:02}"))
        .y_labels(7)
        .y_label_formatter(&|d| {
            // Monday on top: row 6 is Monday.
            DAYS.get((6 - *d) as usize)
                .copied()
                .unwrap_or("")
                .to_owned()
        })
        .draw()?;
    let most = values.iter().copied().fold(0.0f64, f64::max);
    let cells = (0..168usize).map(|slot| {
        let (day, hour) = ((slot / 24) as i32, (slot % 24) as i32);
        let v = values.get(slot).copied().unwrap_or(0.0);
        let share = if most > 0.0 { v / most } else { 0.0 };
        // White to deep blue.
        let shade = |full: u8| (255.0 - (255.0 - f64::from(full)) * share).round() as u8;
        let fill = RGBColor(shade(8), shade(69), shade(148));
        Rectangle::new([(hour, 6 - day), (hour + 1, 7 - day)], fill.filled())
    });
    chart.draw_series(cells)?;
    let outlines = (0..168usize)
        .filter(|&s| peak.get(s).copied().unwrap_or(false))
        .map(|slot| {
            let (day, hour) = ((slot / 24) as i32, (slot % 24) as i32);
            Rectangle::new(
                [(hour, 6 - day), (hour + 1, 7 - day)],
                ShapeStyle::from(&RGBColor(213, 94, 0)).stroke_width(2),
            )
        });
    chart.draw_series(outlines)?;
    root.present()?;
    Ok(())
}
