//! Sparklines: a series drawn as one line of block characters, `▁▂▃▄▅▆▇█`, for terminal tables
//! and Markdown (e.g. an employee's weekly scores). A missing value (a week without a meeting) is
//! drawn as `·`, so gaps stay visible and are never mistaken for a low value.

/// The bars, lowest first.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// What a missing value is drawn as.
pub const GAP: char = '·';

/// `values` on a scale from `low` (the lowest bar) to `high` (the highest); values outside are
/// clamped. With `high <= low` every value gets the middle bar.
pub fn sparkline(values: &[Option<f64>], low: f64, high: f64) -> String {
    values
        .iter()
        .map(|v| match v {
            None => GAP,
            Some(_) if high <= low => BARS[BARS.len() / 2 - 1],
            Some(v) => {
                let share = ((v - low) / (high - low)).clamp(0.0, 1.0);
                BARS[(share * (BARS.len() - 1) as f64).round() as usize]
            }
        })
        .collect()
}

/// `values` on the scale of their own range, widened around its middle to at least `min_span`
/// (and kept inside `[floor, ceiling]` when it fits), so that the small wobbles of a steady
/// series stay small while a real rise or fall fills the height.
pub fn sparkline_auto(values: &[Option<f64>], min_span: f64, floor: f64, ceiling: f64) -> String {
    let present = values.iter().flatten().copied();
    let (mut low, mut high) = present.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !low.is_finite() {
        return sparkline(values, 0.0, 0.0);
    }
    if high - low < min_span {
        let middle = (low + high) / 2.0;
        low = middle - min_span / 2.0;
        high = middle + min_span / 2.0;
        // Slide the window back inside the scale, keeping its width.
        if low < floor {
            high += floor - low;
            low = floor;
        } else if high > ceiling {
            low -= high - ceiling;
            high = ceiling;
        }
    }
    sparkline(values, low, high)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_gaps_and_clamping() {
        // 0, 40, 80 on 0..80: shares 0, 0.5, 1 → bars 0, round(3.5) = 4, 7.
        assert_eq!(
            sparkline(&[Some(0.0), Some(40.0), Some(80.0)], 0.0, 80.0),
            "▁▅█"
        );
        assert_eq!(sparkline(&[Some(-5.0), None, Some(99.0)], 0.0, 80.0), "▁·█");
        assert_eq!(sparkline(&[Some(3.0), Some(3.0)], 3.0, 3.0), "▄▄");
        assert_eq!(sparkline(&[], 0.0, 1.0), "");
    }

    #[test]
    fn auto_scale_keeps_steady_series_flat() {
        // 60, 50, 45: span 15 ≥ 10, drawn on 45..60: shares 1, 1/3, 0 → bars 7, round(2.33) = 2, 0.
        assert_eq!(
            sparkline_auto(&[Some(60.0), Some(50.0), Some(45.0)], 10.0, 0.0, 80.0),
            "█▃▁"
        );
        // 60, 61, 60 with a minimum span of 16: drawn on 52.5..68.5, shares 0.47, 0.53, 0.47 →
        // bars round(3.28) = 3, round(3.72) = 4, 3: a wobble, not a cliff.
        assert_eq!(
            sparkline_auto(&[Some(60.0), Some(61.0), Some(60.0)], 16.0, 0.0, 80.0),
            "▄▅▄"
        );
        // Near the top of the scale the window slides down: 70, 80 on 64..80 (not 67..83);
        // 70 is 6/16 of the way → round(2.6) = 3.
        assert_eq!(
            sparkline_auto(&[Some(70.0), Some(80.0)], 16.0, 0.0, 80.0),
            "▄█"
        );
        assert_eq!(sparkline_auto(&[None, None], 16.0, 0.0, 80.0), "··");
    }
}
