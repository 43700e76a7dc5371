//! Time-zone handling: converting between local wall-clock time and UTC, with a per-parser
//! cache of UTC offsets keyed by day.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, LocalResult, Offset, TimeZone};
use chrono_tz::{GapInfo, Tz};

use super::SECS_PER_DAY;

/// Zones whose offset is zero at all times.
pub(super) const UTC_NAMES: [&str; 18] = [
    "UTC",
    "Etc/UTC",
    "Etc/UCT",
    "UCT",
    "Etc/Universal",
    "Universal",
    "Etc/Zulu",
    "Zulu",
    "GMT",
    "Etc/GMT",
    "Etc/GMT0",
    "Etc/GMT+0",
    "Etc/GMT-0",
    "GMT0",
    "GMT+0",
    "GMT-0",
    "Etc/Greenwich",
    "Greenwich",
];

pub(super) fn is_utc_zone(tz: Tz) -> bool {
    UTC_NAMES.contains(&tz.name())
}

/// The zone's UTC offset in seconds at the UTC instant `utc`.
pub(super) fn offset_at_utc(tz: Tz, utc: i64) -> Option<i32> {
    let dt = DateTime::from_timestamp(utc, 0)?;
    Some(
        tz.offset_from_utc_datetime(&dt.naive_utc())
            .fix()
            .local_minus_utc(),
    )
}

/// The UTC instant of the local wall-clock seconds `local`, straight from
/// chrono-tz: the earlier instant of a repeated time, and a skipped time moved
/// forward by the length of the gap.
pub(super) fn local_to_utc_slow(tz: Tz, local: i64) -> Option<i64> {
    let naive = DateTime::from_timestamp(local, 0)?.naive_utc();
    match tz.offset_from_local_datetime(&naive) {
        LocalResult::Single(o) => Some(local - i64::from(o.fix().local_minus_utc())),
        LocalResult::Ambiguous(a, b) => {
            let a = local - i64::from(a.fix().local_minus_utc());
            let b = local - i64::from(b.fix().local_minus_utc());
            Some(a.min(b))
        }
        LocalResult::None => {
            // In a gap: read the time with the offset in force before the gap,
            // which lands it the length of the gap later on the new clock.
            let before = match GapInfo::new(&naive, &tz).and_then(|gap| gap.begin) {
                Some((_, offset)) => offset.fix().local_minus_utc(),
                None => offset_at_utc(tz, local - 2 * SECS_PER_DAY)?,
            };
            Some(local - i64::from(before))
        }
    }
}

/// The offset the zone keeps throughout the UTC window from the start of the
/// day before `day` to the end of the day after it, if it keeps one.
///
/// Two equal samples at the ends prove a constant offset because the tz
/// database never changes a zone's offset twice within three days.
fn constant_offset_around(tz: Tz, day: i64) -> Option<i32> {
    let before = offset_at_utc(tz, (day - 1) * SECS_PER_DAY)?;
    let after = offset_at_utc(tz, (day + 2) * SECS_PER_DAY)?;
    (before == after && i64::from(before).abs() < SECS_PER_DAY).then_some(before)
}

pub(super) const CACHE_SLOTS: usize = 2048;
/// A slot's day that no real day has.
const NO_DAY: i32 = i32::MIN;
/// A slot's offset meaning "the offset changes around this day".
const NO_OFFSET: i32 = i32::MIN;

#[inline]
pub(super) fn pack(day: i32, offset: i32) -> u64 {
    (u64::from(day as u32) << 32) | u64::from(offset as u32)
}

/// Direct-mapped cache: day number → the offset constant around that day.
pub(super) struct OffsetCache {
    pub(super) slots: Box<[AtomicU64; CACHE_SLOTS]>,
}

impl OffsetCache {
    pub(super) fn new() -> Self {
        OffsetCache {
            slots: Box::new(std::array::from_fn(|_| AtomicU64::new(pack(NO_DAY, 0)))),
        }
    }

    /// The offset in force over the whole of `day` (UTC or local day alike),
    /// or `None` when it changes near that day.
    #[inline]
    pub(super) fn offset_for_day(&self, tz: Tz, day: i64) -> Option<i32> {
        let key = i32::try_from(day).ok().filter(|&k| k != NO_DAY)?;
        let slot = &self.slots[(key as u32 as usize) % CACHE_SLOTS];
        let packed = slot.load(Ordering::Relaxed);
        if (packed >> 32) as u32 as i32 == key {
            let offset = packed as u32 as i32;
            return (offset != NO_OFFSET).then_some(offset);
        }
        let offset = constant_offset_around(tz, day);
        slot.store(pack(key, offset.unwrap_or(NO_OFFSET)), Ordering::Relaxed);
        offset
    }
}

impl Clone for OffsetCache {
    fn clone(&self) -> Self {
        OffsetCache {
            slots: Box::new(std::array::from_fn(|i| {
                AtomicU64::new(self.slots[i].load(Ordering::Relaxed))
            })),
        }
    }
}

impl fmt::Debug for OffsetCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OffsetCache")
            .field("slots", &CACHE_SLOTS)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
pub(super) enum Zone {
    /// Offset zero at all times: no chrono-tz calls.
    Utc,
    /// Any other zone.
    Tz(OffsetCache),
}
