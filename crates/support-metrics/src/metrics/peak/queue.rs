//! The queue: how many tickets are waiting for a first answer at each instant, computed exactly
//! by a sweep over the instants tickets join and leave it.
//!
//! A ticket waits over the half-open interval `[created_at, leaves)`: it is in the queue from
//! the second it is created until, but not including, the second it is answered. The queue
//! length is a step function of time; its maximum and its time-weighted mean over the peak
//! slots are exact (no sampling).

use serde::Serialize;

use super::slots::{HourSlots, slot_of_local};

/// The queue figures of one group over the period.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct QueueFigures {
    /// The largest number of tickets waiting at once.
    pub max: u64,
    /// The first instant (UTC seconds) the queue reached `max`; `None` when it stayed empty.
    pub max_at: Option<i64>,
    /// The time-weighted mean queue length over the instants of the period that fall in peak
    /// slots: `∫ queue(t) dt / ∫ dt` over those instants; `None` when the period has no peak
    /// instant.
    pub mean_peak: Option<f64>,
}

/// Blocks of this many seconds keep one local hour slot: every zone's offset from UTC, and
/// every change of it, is a whole number of quarter hours (modern tz data).
const BLOCK: i64 = 900;

/// How much of a span of time falls in peak slots, for spans inside one window `[start, end)`.
///
/// The window is cut into 15-minute UTC blocks, each with its local slot; `measure(a, b)` is then
/// a difference of two prefix sums, exact to the second.
#[derive(Debug, Clone)]
pub(crate) struct PeakClock {
    start: i64,
    end: i64,
    first_block: i64,
    /// Local slot of each block.
    slots: Vec<u8>,
}

impl PeakClock {
    /// The clock for the UTC window `[start, end)`; `to_local` converts a UTC instant to the
    /// zone's wall clock.
    pub(crate) fn new(start: i64, end: i64, to_local: impl Fn(i64) -> i64) -> PeakClock {
        let end = end.max(start);
        let first_block = start.div_euclid(BLOCK);
        let last_block = (end + BLOCK - 1).div_euclid(BLOCK);
        let slots = (first_block..last_block)
            .map(|b| slot_of_local(to_local(b * BLOCK)) as u8)
            .collect();
        PeakClock {
            start,
            end,
            first_block,
            slots,
        }
    }

    /// Seconds of peak time in the window before each block, and the block's own peak
    /// seconds, for `peak`.
    pub(crate) fn prefix(&self, peak: &HourSlots) -> PeakPrefix<'_> {
        let mut before = Vec::with_capacity(self.slots.len() + 1);
        let mut total = 0i64;
        before.push(0);
        for (i, &slot) in self.slots.iter().enumerate() {
            if peak.contains(slot as usize) {
                let b = (self.first_block + i as i64) * BLOCK;
                total += (b + BLOCK).min(self.end) - b.max(self.start);
            }
            before.push(total);
        }
        PeakPrefix {
            clock: self,
            peak: *peak,
            before,
        }
    }
}

/// [`PeakClock`] with a given set of peak slots.
#[derive(Debug)]
pub(crate) struct PeakPrefix<'a> {
    clock: &'a PeakClock,
    peak: HourSlots,
    before: Vec<i64>,
}

impl PeakPrefix<'_> {
    /// Peak seconds in `[clock.start, t)`, for `t` inside the window.
    fn upto(&self, t: i64) -> i64 {
        let t = t.clamp(self.clock.start, self.clock.end);
        let i = (t.div_euclid(BLOCK) - self.clock.first_block) as usize;
        let mut seconds = self.before.get(i).copied().unwrap_or(0);
        if let Some(&slot) = self.clock.slots.get(i)
            && self.peak.contains(slot as usize)
        {
            let b = (self.clock.first_block + i as i64) * BLOCK;
            seconds += t - b.max(self.clock.start);
        }
        seconds
    }

    /// Peak seconds in `[a, b)` (both inside the window).
    pub(crate) fn measure(&self, a: i64, b: i64) -> i64 {
        self.upto(b) - self.upto(a)
    }

    /// Peak seconds in the whole window.
    pub(crate) fn total(&self) -> i64 {
        self.before.last().copied().unwrap_or(0)
    }
}

/// Walks the queue over `[start, end)`: calls `visit(from, to, length)` for each stretch of
/// constant length, in time order, the stretches covering the window exactly.
///
/// `joins` are the instants tickets were created and `leaves` the instants they stopped
/// waiting, both ascending, one each per ticket, with every ticket's leave at or after its join
/// (so the k-th smallest leave is never before the k-th smallest join and the length is never
/// negative). Tickets that joined before the window and are still waiting at its start count
/// from the start. All changes at one instant are applied together, so a ticket answered the
/// second it arrived never counts.
pub(crate) fn walk(
    joins: &[i64],
    leaves: &[i64],
    start: i64,
    end: i64,
    mut visit: impl FnMut(i64, i64, i64),
) {
    let (mut i, mut j) = (0, 0);
    // The length at the window's start: joined at or before it, not yet left.
    while i < joins.len() && joins[i] <= start {
        i += 1;
    }
    while j < leaves.len() && leaves[j] <= start {
        j += 1;
    }
    let mut queue = i as i64 - j as i64;
    let mut t = start;
    while t < end {
        let next = match (joins.get(i), leaves.get(j)) {
            (Some(&a), Some(&b)) => a.min(b),
            (Some(&a), None) => a,
            (None, Some(&b)) => b,
            (None, None) => end,
        }
        .min(end);
        visit(t, next, queue);
        while i < joins.len() && joins[i] == next {
            queue += 1;
            i += 1;
        }
        while j < leaves.len() && leaves[j] == next {
            queue -= 1;
            j += 1;
        }
        debug_assert!(queue >= 0, "the queue went negative at {next}");
        t = next;
    }
}

/// The queue figures over the window of `prefix`'s clock (see [`walk`] for the inputs).
pub(crate) fn sweep(joins: &[i64], leaves: &[i64], prefix: &PeakPrefix<'_>) -> QueueFigures {
    let (start, end) = (prefix.clock.start, prefix.clock.end);
    let mut max = 0i64;
    let mut max_at = start;
    let mut weighted: i128 = 0;
    walk(joins, leaves, start, end, |from, to, queue| {
        if queue > max {
            max = queue;
            max_at = from;
        }
        weighted += i128::from(queue) * i128::from(prefix.measure(from, to));
    });
    let total = prefix.total();
    QueueFigures {
        max: max.max(0) as u64,
        max_at: (max > 0).then_some(max_at),
        mean_peak: (total > 0).then(|| weighted as f64 / total as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Monday 2024-03-18 00:00 UTC.
    const MONDAY: i64 = 19800 * 86400;
    const H: i64 = 3600;

    fn clock(hours: i64) -> PeakClock {
        PeakClock::new(MONDAY, MONDAY + hours * H, |t| t)
    }

    fn slots(list: &[usize]) -> HourSlots {
        list.iter().copied().collect()
    }

    #[test]
    fn peak_time_is_measured_to_the_second() {
        let c = clock(24);
        // Peak: Monday 10:00-12:00.
        let p = c.prefix(&slots(&[10, 11]));
        assert_eq!(p.total(), 2 * H);
        // 09:30 to 10:15 overlaps the peak by 15 minutes; 10:20 to 11:40 wholly inside.
        assert_eq!(p.measure(MONDAY + 9 * H + 1800, MONDAY + 10 * H + 900), 900);
        assert_eq!(
            p.measure(MONDAY + 10 * H + 1200, MONDAY + 11 * H + 2400),
            H + 1200
        );
        // A window ending mid-hour: 10:00 to 10:40 of peak.
        let short = PeakClock::new(MONDAY, MONDAY + 10 * H + 2400, |t| t);
        assert_eq!(short.prefix(&slots(&[10, 11])).total(), 2400);
    }

    #[test]
    fn peak_slots_follow_the_local_clock() {
        // In UTC+3, Monday 10:00 local is 07:00 UTC.
        let c = PeakClock::new(MONDAY, MONDAY + 24 * H, |t| t + 3 * H);
        let p = c.prefix(&slots(&[10]));
        assert_eq!(p.measure(MONDAY + 7 * H, MONDAY + 8 * H), H);
        assert_eq!(p.measure(MONDAY + 10 * H, MONDAY + 11 * H), 0);
    }

    #[test]
    fn overlapping_waits_have_a_known_maximum_and_mean() {
        // Tickets over Monday (UTC), peak 10:00-12:00:
        //   A waits 09:00–11:00, B 10:00–10:30, C 10:15–12:15, D 10:15–10:15 (answered at once),
        //   E 11:00 until the window's end at 13:00 (never answered).
        // Queue: 09:00 1 (A); 10:00 2 (A, B); 10:15 3 (A, B, C; D joins and leaves); 10:30 2;
        //   11:00 2 (A leaves, E joins); 12:15 1 (E).
        // Max 3, first reached at 10:15.
        let at = |h: i64, m: i64| MONDAY + h * H + m * 60;
        let mut joins = vec![at(9, 0), at(10, 0), at(10, 15), at(10, 15), at(11, 0)];
        let mut leaves = vec![at(11, 0), at(10, 30), at(12, 15), at(10, 15), at(13, 0)];
        joins.sort_unstable();
        leaves.sort_unstable();
        let c = clock(13);
        let q = sweep(&joins, &leaves, &c.prefix(&slots(&[10, 11])));
        assert_eq!(q.max, 3);
        assert_eq!(q.max_at, Some(at(10, 15)));
        // Over the peak 10:00–12:00 (7200 s): 2 × 900 (10:00–10:15) + 3 × 900 (10:15–10:30)
        //   + 2 × 1800 (10:30–11:00) + 2 × 3600 (11:00–12:00) = 1800 + 2700 + 3600 + 7200
        //   = 15300; mean 15300 / 7200 = 2.125.
        assert_eq!(q.mean_peak, Some(2.125));
    }

    #[test]
    fn waits_from_before_the_window_count_from_its_start() {
        // Two tickets joined before the window (one left before it), one during it.
        let joins = [MONDAY - 2 * H, MONDAY - H, MONDAY + H];
        let leaves = [MONDAY - H / 2, MONDAY + 2 * H, MONDAY + 3 * H];
        let q = sweep(&joins, &leaves, &clock(4).prefix(&slots(&[0, 1, 2, 3])));
        // 00:00 1, 01:00 2, 02:00 1, 03:00 0: max 2 at 01:00.
        assert_eq!((q.max, q.max_at), (2, Some(MONDAY + H)));
        // (1 + 2 + 1 + 0) · 3600 / 14400 = 1.
        assert_eq!(q.mean_peak, Some(1.0));
    }

    #[test]
    fn an_empty_queue_has_no_instant_and_no_peak_has_no_mean() {
        let q = sweep(&[], &[], &clock(2).prefix(&HourSlots::empty()));
        assert_eq!(
            q,
            QueueFigures {
                max: 0,
                max_at: None,
                mean_peak: None
            }
        );
        let q = sweep(&[], &[], &clock(2).prefix(&slots(&[0])));
        assert_eq!(q.mean_peak, Some(0.0));
    }
}
