//! Hand-written, allocation-free CSV field formatting.

use crate::ingest::timestamp::civil_from_days;

/// Appends `secs` (Unix seconds, read as UTC) as `YYYY-MM-DD HH:MM:SS`.
/// Years outside 0..=9999 are clamped into four digits; options validation
/// keeps every generated timestamp well inside that range.
pub(crate) fn push_timestamp(line: &mut Vec<u8>, secs: i64) {
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    let sod = secs.rem_euclid(86_400) as u32;
    let year = year.clamp(0, 9_999) as u32;
    let (hour, minute, second) = (sod / 3_600, sod / 60 % 60, sod % 60);
    let d = |v: u32| b'0' + v as u8;
    line.extend_from_slice(&[
        d(year / 1_000),
        d(year / 100 % 10),
        d(year / 10 % 10),
        d(year % 10),
        b'-',
        d(month / 10),
        d(month % 10),
        b'-',
        d(day / 10),
        d(day % 10),
        b' ',
        d(hour / 10),
        d(hour % 10),
        b':',
        d(minute / 10),
        d(minute % 10),
        b':',
        d(second / 10),
        d(second % 10),
    ]);
}

/// Number of decimal digits of `n` (at least 1).
pub(crate) fn digits(mut n: u64) -> usize {
    let mut width = 1;
    while n >= 10 {
        n /= 10;
        width += 1;
    }
    width
}

/// Appends the ticket id: `T` and `seq` zero-padded to `width` digits
/// (more digits if `seq` needs them).
pub(crate) fn push_id(line: &mut Vec<u8>, seq: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut n = seq;
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let start = buf.len() - width.clamp(buf.len() - i, buf.len());
    line.push(b'T');
    line.extend_from_slice(&buf[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, NaiveDate};

    #[test]
    fn civil_dates_match_chrono() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
        for days in (-800_000i64..3_000_000).step_by(997).chain(-1_000..1_000) {
            let date = epoch + chrono::Days::new(0) + chrono::TimeDelta::days(days);
            let (y, m, d) = civil_from_days(days);
            assert_eq!(
                (y, m, d),
                (
                    chrono::Datelike::year(&date),
                    chrono::Datelike::month(&date),
                    chrono::Datelike::day(&date)
                ),
                "day {days}"
            );
        }
    }

    #[test]
    fn timestamps_match_chrono() {
        let mut line = Vec::new();
        for secs in (-2_208_988_800i64..253_402_300_799)
            .step_by(7_777_777)
            .chain([0, 59, 86_399, 86_400])
        {
            line.clear();
            push_timestamp(&mut line, secs);
            let expected = DateTime::from_timestamp(secs, 0)
                .expect("in range")
                .format("%Y-%m-%d %H:%M:%S")
                .to_string();
            assert_eq!(std::str::from_utf8(&line).expect("ascii"), expected);
        }
    }

    #[test]
    fn ids_are_padded() {
        let mut line = Vec::new();
        push_id(&mut line, 1, 7);
        line.push(b' ');
        push_id(&mut line, 12_345_678, 7);
        line.push(b' ');
        push_id(&mut line, 42, 8);
        line.push(b' ');
        push_id(&mut line, u64::MAX, 7);
        assert_eq!(
            std::str::from_utf8(&line).expect("ascii"),
            "T0000001 T12345678 T00000042 T18446744073709551615"
        );
        assert_eq!(digits(0), 1);
        assert_eq!(digits(9_999_999), 7);
        assert_eq!(digits(10_000_000), 8);
    }
}
