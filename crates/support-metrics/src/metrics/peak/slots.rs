//! Hour-of-week slots: a set of them, the `--peak "Mon-Fri 10:00-13:00"` window that names one,
//! and the choice of the peak slots by arrivals.
//!
//! Slot `i` is weekday `i / 24` (Monday = 0) at hour `i % 24`, on the configured zone's wall clock:
//! slot 0 is Monday 00:00–01:00, slot 167 is Sunday 23:00–24:00.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::error::{Error, Result};

/// Hour-of-week slots in a week: 7 days × 24 hours.
pub const SLOTS: usize = 168;

/// The weekdays' short names, Monday first.
pub const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

const FULL_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The slot of `weekday` (Monday = 0) at `hour`.
pub fn slot_index(weekday: usize, hour: usize) -> usize {
    weekday * 24 + hour
}

/// The slot of a local wall-clock instant (seconds since 1970-01-01 on the local clock).
pub fn slot_of_local(local_seconds: i64) -> usize {
    // 1970-01-01 was a Thursday (weekday 3): the slot counts from Monday 00:00 three days before.
    (local_seconds.div_euclid(3600) + 72).rem_euclid(SLOTS as i64) as usize
}

/// A set of hour-of-week slots, e.g. the peak.
///
/// Its text form is the window syntax of `--peak`: `Mon-Fri 10:00-13:00; Sat 11:00-12:00`
/// (see [`HourSlots::from_str`]); it reads back to the same set.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct HourSlots {
    bits: [u64; 3],
}

impl HourSlots {
    /// No slot.
    pub const fn empty() -> Self {
        HourSlots { bits: [0; 3] }
    }

    /// Every slot of the week.
    pub fn all() -> Self {
        (0..SLOTS).collect()
    }

    /// Adds slot `slot` (0–167; larger values are ignored).
    pub fn insert(&mut self, slot: usize) {
        if slot < SLOTS {
            self.bits[slot / 64] |= 1 << (slot % 64);
        }
    }

    /// Whether slot `slot` is in the set.
    pub fn contains(&self, slot: usize) -> bool {
        slot < SLOTS && self.bits[slot / 64] & (1 << (slot % 64)) != 0
    }

    /// Number of slots in the set.
    pub fn len(&self) -> usize {
        self.bits.iter().map(|b| b.count_ones() as usize).sum()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The slots in the set, ascending.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (0..SLOTS).filter(|&s| self.contains(s))
    }

    /// The hour runs of one weekday: `(start, end)` hours, end exclusive.
    fn runs(&self, weekday: usize) -> Vec<(usize, usize)> {
        let mut runs = Vec::new();
        let mut hour = 0;
        while hour < 24 {
            if self.contains(slot_index(weekday, hour)) {
                let start = hour;
                while hour < 24 && self.contains(slot_index(weekday, hour)) {
                    hour += 1;
                }
                runs.push((start, hour));
            } else {
                hour += 1;
            }
        }
        runs
    }
}

impl FromIterator<usize> for HourSlots {
    fn from_iter<I: IntoIterator<Item = usize>>(iter: I) -> Self {
        let mut set = HourSlots::empty();
        for slot in iter {
            set.insert(slot);
        }
        set
    }
}

impl fmt::Debug for HourSlots {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HourSlots({self})")
    }
}

/// The window syntax: days with the same hours share a part, parts in weekday order, e.g.
/// `Mon-Fri 10:00-13:00; Sat 11:00-12:00`; `none` for the empty set.
impl fmt::Display for HourSlots {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Days grouped by identical hour runs, each group in order of its first day.
        type Runs = Vec<(usize, usize)>;
        let mut parts: Vec<(Runs, Vec<usize>)> = Vec::new();
        for day in 0..7 {
            let runs = self.runs(day);
            if runs.is_empty() {
                continue;
            }
            match parts.iter_mut().find(|(r, _)| *r == runs) {
                Some((_, days)) => days.push(day),
                None => parts.push((runs, vec![day])),
            }
        }
        if parts.is_empty() {
            return f.write_str("none");
        }
        let texts: Vec<String> = parts
            .iter()
            .map(|(runs, days)| {
                let hours: Vec<String> = runs
                    .iter()
                    .map(|(a, b)| format!("{a:02}:00-{b:02}:00"))
                    .collect();
                format!("{} {}", day_list(days), hours.join(","))
            })
            .collect();
        f.write_str(&texts.join("; "))
    }
}

/// Ascending days as `Mon-Wed,Fri`: consecutive days as a range.
fn day_list(days: &[usize]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let mut j = i;
        while j + 1 < days.len() && days[j + 1] == days[j] + 1 {
            j += 1;
        }
        out.push(if j > i {
            format!("{}-{}", WEEKDAYS[days[i]], WEEKDAYS[days[j]])
        } else {
            WEEKDAYS[days[i]].to_owned()
        });
        i = j + 1;
    }
    out.join(",")
}

impl Serialize for HourSlots {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

const WINDOW_FORM: &str = "expected days and whole hours like \"Mon-Fri 10:00-13:00\" \
     (days Mon to Sun, ranges like Mon-Fri or lists like Mon,Wed; hours 00:00 to 24:00; \
     several windows separated by ';', e.g. \"Mon-Fri 10:00-13:00; Sat 11:00-12:00\")";

impl FromStr for HourSlots {
    type Err = Error;

    /// Parses a window: `Mon-Fri 10:00-13:00`, `Mon,Wed,Fri 09:00-11:00,14:00-16:00`,
    /// `Sat-Sun 11-14`, `10:00-13:00` (every day), several joined by `;`. Days are English names
    /// or their first three letters, any case; a range may wrap (`Fri-Mon`). Hours are whole:
    /// `HH`, `HH:00`, from 0 to 24, the end after the start. Errors are
    /// [`Error::InvalidOption`] for `--peak`, saying what is wrong and the expected form.
    fn from_str(text: &str) -> Result<Self> {
        let bad = |what: String| Error::option("--peak", text, format!("{what}; {WINDOW_FORM}"));
        if text.trim().is_empty() {
            return Err(bad("the window is empty".to_owned()));
        }
        let mut set = HourSlots::empty();
        for part in text.split(';') {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            // The days come before the first digit, the hours from it on.
            let split = part
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(part.len());
            let (days_text, hours_text) = part.split_at(split);
            let days = parse_days(days_text.trim()).map_err(bad)?;
            if hours_text.trim().is_empty() {
                return Err(bad(format!("`{part}` has no hours")));
            }
            for range in hours_text.split(',') {
                let (start, end) = parse_hours(range.trim()).map_err(bad)?;
                for &day in &days {
                    for hour in start..end {
                        set.insert(slot_index(day, hour));
                    }
                }
            }
        }
        if set.is_empty() {
            return Err(bad("the window has no hours".to_owned()));
        }
        Ok(set)
    }
}

/// The days of `Mon-Fri`, `Mon,Wed`, `Fri-Mon`; empty text is every day.
pub(crate) fn parse_days(text: &str) -> std::result::Result<Vec<usize>, String> {
    if text.is_empty() {
        return Ok((0..7).collect());
    }
    let mut days = Vec::new();
    for item in text.split(',') {
        let item = item.trim();
        if item.is_empty() {
            return Err(format!("`{text}` has an empty day"));
        }
        let (from, to) = match item.split_once('-') {
            Some((a, b)) => (parse_day(a.trim())?, parse_day(b.trim())?),
            None => {
                let d = parse_day(item)?;
                (d, d)
            }
        };
        let mut day = from;
        loop {
            if !days.contains(&day) {
                days.push(day);
            }
            if day == to {
                break;
            }
            day = (day + 1) % 7;
        }
    }
    Ok(days)
}

fn parse_day(text: &str) -> std::result::Result<usize, String> {
    let lower = text.to_ascii_lowercase();
    FULL_NAMES
        .iter()
        .position(|full| lower.len() >= 3 && full.starts_with(&lower))
        .ok_or_else(|| format!("`{text}` is not a day"))
}

/// `10:00-13:00` or `10-13` → (10, 13).
fn parse_hours(text: &str) -> std::result::Result<(usize, usize), String> {
    let (a, b) = text
        .split_once('-')
        .ok_or_else(|| format!("`{text}` is not an hour range like 10:00-13:00"))?;
    let (start, end) = (parse_hour(a.trim())?, parse_hour(b.trim())?);
    if end <= start {
        return Err(format!(
            "`{text}` does not end after it starts (a window across midnight is two: \
             \"Mon 22:00-24:00; Tue 00:00-02:00\")"
        ));
    }
    Ok((start, end))
}

/// `10`, `10:00`, `9:00`, `24:00` → the hour; minutes must be `00`.
fn parse_hour(text: &str) -> std::result::Result<usize, String> {
    let (hour, minutes) = match text.split_once(':') {
        Some((h, m)) => (h, Some(m)),
        None => (text, None),
    };
    let not_a_time = || format!("`{text}` is not a time of day from 00:00 to 24:00");
    if hour.is_empty() || hour.len() > 2 || !hour.bytes().all(|b| b.is_ascii_digit()) {
        return Err(not_a_time());
    }
    let hour: usize = hour.parse().map_err(|_| not_a_time())?;
    match minutes {
        None | Some("00") => {}
        Some(m) if m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()) && m < "60" => {
            return Err(format!(
                "`{text}` is not on the hour: peak slots are whole hours, use {hour:02}:00 or {:02}:00",
                hour + 1
            ));
        }
        Some(_) => return Err(not_a_time()),
    }
    if hour > 24 {
        return Err(not_a_time());
    }
    Ok(hour)
}

/// How the peak slots are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeakSelection {
    /// The `ceil(168 × percent / 100)` slots with the most arrivals per week; ties go to the
    /// earlier slot, Monday 00:00 first. `percent` is 1 to 100.
    Top(u32),
    /// Fixed slots, e.g. from `--peak "Mon-Fri 10:00-13:00"`.
    Window(HourSlots),
}

impl Default for PeakSelection {
    /// The top 10 % of slots: 17 slots.
    fn default() -> Self {
        PeakSelection::Top(10)
    }
}

impl PeakSelection {
    /// The top `percent` % of slots; an error unless `percent` is 1 to 100.
    pub fn top(percent: u32) -> Result<Self> {
        let selection = PeakSelection::Top(percent);
        selection.validate()?;
        Ok(selection)
    }

    /// Checks the percentage (1 to 100) or that the window is not empty.
    pub fn validate(&self) -> Result<()> {
        match *self {
            PeakSelection::Top(p) if !(1..=100).contains(&p) => Err(Error::option(
                "--peak-top",
                p.to_string(),
                "must be a whole percentage from 1 to 100 (10 takes the busiest 17 of the 168 \
                 hour slots of a week)",
            )),
            PeakSelection::Window(w) if w.is_empty() => Err(Error::option(
                "--peak",
                "",
                format!("the window has no hours; {WINDOW_FORM}"),
            )),
            _ => Ok(()),
        }
    }

    /// How many slots the peak has: `ceil(168 × percent / 100)`, or the window's size.
    pub fn slot_count(&self) -> usize {
        match *self {
            PeakSelection::Top(p) => (SLOTS * p as usize).div_ceil(100),
            PeakSelection::Window(w) => w.len(),
        }
    }

    /// The peak slots given each slot's arrivals per week (`None`: the slot's weekday does not
    /// occur in the period, ranked below every value).
    pub fn choose(&self, arrivals_per_week: &[Option<f64>]) -> HourSlots {
        match *self {
            PeakSelection::Window(w) => w,
            PeakSelection::Top(_) => top_slots(arrivals_per_week, self.slot_count()),
        }
    }
}

impl fmt::Display for PeakSelection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PeakSelection::Top(p) => write!(
                f,
                "the busiest {p}% of hour slots ({} of {SLOTS})",
                self.slot_count()
            ),
            PeakSelection::Window(w) => write!(f, "{w}"),
        }
    }
}

/// The `count` slots with the most arrivals per week; ties go to the earlier slot.
fn top_slots(arrivals_per_week: &[Option<f64>], count: usize) -> HourSlots {
    let mut order: Vec<usize> = (0..arrivals_per_week.len().min(SLOTS)).collect();
    // Descending by value (a missing value below every number), then ascending by slot; the
    // sort is stable and the slots start ascending, so equal values keep the earlier slot first.
    order.sort_by(|&a, &b| {
        let key = |s: usize| arrivals_per_week[s].unwrap_or(f64::NEG_INFINITY);
        key(b).total_cmp(&key(a))
    });
    order.into_iter().take(count).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> HourSlots {
        text.parse()
            .unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
    }

    fn error(text: &str) -> String {
        text.parse::<HourSlots>()
            .expect_err("should not parse")
            .to_string()
    }

    #[test]
    fn slot_of_local_counts_from_monday_midnight() {
        // 1970-01-01 00:00 was a Thursday: slot 3 · 24 = 72.
        assert_eq!(slot_of_local(0), 72);
        // Monday 2024-03-18 (day 19800) 10:15 → slot 10; Sunday 2024-03-24 23:59 → 167.
        assert_eq!(slot_of_local(19800 * 86400 + 10 * 3600 + 900), 10);
        assert_eq!(slot_of_local(19806 * 86400 + 86399), 167);
        // One second before 1970: Wednesday 23:00 → 2 · 24 + 23 = 71.
        assert_eq!(slot_of_local(-1), 71);
    }

    #[test]
    fn windows_parse_into_slots() {
        let w = parse("Mon-Fri 10:00-13:00");
        // 5 days × 3 hours.
        assert_eq!(w.len(), 15);
        assert!(w.contains(slot_index(0, 10)) && w.contains(slot_index(4, 12)));
        assert!(!w.contains(slot_index(0, 13)) && !w.contains(slot_index(5, 10)));
        assert_eq!(parse("mon-friday 10-13"), w);
        // Every day, 24:00 as the end.
        assert_eq!(parse("22:00-24:00").len(), 14);
        // Wrapping range Fri-Mon = Fri, Sat, Sun, Mon; two hour ranges.
        let wrap = parse("Fri-Mon 9:00-10:00,14:00-15:00");
        assert_eq!(wrap.len(), 8);
        assert!(wrap.contains(slot_index(6, 14)) && !wrap.contains(slot_index(1, 9)));
        // Several windows.
        assert_eq!(parse("Mon 10:00-11:00; Sat,Sun 12:00-14:00").len(), 5);
    }

    #[test]
    fn windows_print_in_the_syntax_they_parse_from() {
        for text in [
            "Mon-Fri 10:00-13:00",
            "Mon-Fri 10:00-13:00; Sat 11:00-12:00",
            "Mon,Wed 09:00-11:00,14:00-16:00; Tue 00:00-24:00",
        ] {
            assert_eq!(parse(text).to_string(), text);
        }
        assert_eq!(HourSlots::empty().to_string(), "none");
        let messy = parse("fri-mon 9-10");
        assert_eq!(messy.to_string(), "Mon,Fri-Sun 09:00-10:00");
        assert_eq!(parse(&messy.to_string()), messy);
    }

    #[test]
    fn bad_windows_say_what_is_wrong_and_the_form() {
        let cases = [
            ("", "the window is empty"),
            ("Mon-Fri", "`Mon-Fri` has no hours"),
            ("Mun-Fri 10:00-13:00", "`Mun` is not a day"),
            ("Mon-Fri 10:30-13:00", "`10:30` is not on the hour"),
            (
                "Mon-Fri 13:00-10:00",
                "`13:00-10:00` does not end after it starts",
            ),
            ("Mon-Fri 10:00-25:00", "`25:00` is not a time of day"),
            ("Mon-Fri 10:00", "`10:00` is not an hour range"),
            ("Mon-Fri 10h-13h", "`10h` is not a time of day"),
        ];
        for (text, needle) in cases {
            let e = error(text);
            assert!(e.contains(needle), "{text:?}: {e}");
            assert!(e.starts_with("invalid --peak"), "{e}");
            assert!(e.contains("\"Mon-Fri 10:00-13:00\""), "{e}");
        }
        assert_eq!(
            "Mon 10-11".parse::<HourSlots>().map(|s| s.len()).ok(),
            Some(1)
        );
    }

    #[test]
    fn top_slot_count_rounds_up() {
        // ceil(168 · 10 / 100) = ceil(16.8) = 17; ceil(1.68) = 2; 168.
        assert_eq!(PeakSelection::Top(10).slot_count(), 17);
        assert_eq!(PeakSelection::Top(1).slot_count(), 2);
        assert_eq!(PeakSelection::Top(100).slot_count(), 168);
        // ceil(168 · 25 / 100) = 42 exactly.
        assert_eq!(PeakSelection::Top(25).slot_count(), 42);
        assert!(PeakSelection::top(0).is_err());
        let e = PeakSelection::top(101).expect_err("too many").to_string();
        assert!(e.contains("--peak-top") && e.contains("1 to 100"), "{e}");
    }

    #[test]
    fn ties_go_to_the_earlier_slot() {
        // Slots 5, 7 and 100 tie at 2.0, slot 50 has 3.0, slot 0's weekday never occurs.
        let mut values = vec![Some(0.0); SLOTS];
        values[0] = None;
        values[50] = Some(3.0);
        for s in [100, 7, 5] {
            values[s] = Some(2.0);
        }
        // Top 2: slot 50, then the earliest of the tie, slot 5.
        assert_eq!(
            top_slots(&values, 2).iter().collect::<Vec<_>>(),
            vec![5, 50]
        );
        assert_eq!(
            top_slots(&values, 4).iter().collect::<Vec<_>>(),
            vec![5, 7, 50, 100]
        );
        // Zeros come before a weekday that never occurs: the fifth is slot 1, not slot 0.
        assert!(top_slots(&values, 5).contains(1) && !top_slots(&values, 5).contains(0));
        // All 168: slot 0 last.
        assert_eq!(top_slots(&values, 168).len(), 168);
    }
}
