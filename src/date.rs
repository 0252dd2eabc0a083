//! Calendar dates as the format counts them: whole days since 1970-01-01 (UTC).
//!
//! Marks carry days as CBOR unsigned integers; JSON trust data carries `"YYYY-MM-DD"`.
//! Time is always a parameter: the core never reads the clock, because
//! `SystemTime::now` panics on `wasm32-unknown-unknown`.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A day, counted from 1970-01-01 (day 0), in UTC.
///
/// Any `u64` is a day a mark may carry; dates before 1970 cannot be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub u64);

/// Why a `"YYYY-MM-DD"` string is not a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DateError {
    /// Not exactly four digits, `-`, two digits, `-`, two digits.
    Shape,
    /// A year before 1970, a month outside 1–12 or a day the month does not have.
    OutOfRange,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Shape => f.write_str("a date must be written YYYY-MM-DD"),
            DateError::OutOfRange => f.write_str("no such day (years from 1970)"),
        }
    }
}

impl std::error::Error for DateError {}

impl Date {
    /// The day for a year, month (1–12) and day of month, if it exists and is not before 1970.
    pub fn from_ymd(year: u32, month: u32, day: u32) -> Option<Date> {
        if year < 1970 || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month)
        {
            return None;
        }
        // Days from civil (H. Hinnant's algorithm), shifted so March starts the year.
        let y = u64::from(if month <= 2 { year - 1 } else { year });
        let m = u64::from(month);
        let era = y / 400;
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + u64::from(day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date(era * 146_097 + doe - 719_468))
    }

    /// Year, month and day of month. Years grow past 9999 for very large day counts.
    pub fn ymd(self) -> (u64, u32, u32) {
        // Civil from days, in u128 so that any u64 day count is exact.
        let z = u128::from(self.0) + 719_468;
        let era = z / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + u128::from(m <= 2);
        (u64::try_from(y).unwrap_or(u64::MAX), m, d)
    }

    /// The date `days` later, saturating at the largest day.
    pub fn plus_days(self, days: u64) -> Date {
        Date(self.0.saturating_add(days))
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Parses exactly `YYYY-MM-DD`; nothing around it, no other separators.
    fn from_str(s: &str) -> Result<Date, DateError> {
        let b = s.as_bytes();
        let digits = |r: core::ops::Range<usize>| -> Option<u32> {
            b[r].iter().try_fold(0u32, |acc, &c| {
                c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
            })
        };
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError::Shape);
        }
        let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) else {
            return Err(DateError::Shape);
        };
        Date::from_ymd(y, m, d).ok_or(DateError::OutOfRange)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_known_days() {
        for (s, n) in [
            ("1970-01-01", 0),
            ("2000-02-29", 11_016),
            ("2026-11-21", 20_778),
            ("9999-12-31", 2_932_896),
        ] {
            let d: Date = s.parse().unwrap();
            assert_eq!(d, Date(n), "{s}");
            assert_eq!(d.to_string(), s);
        }
    }

    #[test]
    fn every_day_round_trips() {
        for n in 0..800_000 {
            let (y, m, d) = Date(n).ymd();
            assert_eq!(Date::from_ymd(y as u32, m, d), Some(Date(n)));
        }
    }

    #[test]
    fn rejects_bad_dates() {
        for s in [
            "2026-02-29",
            "1969-12-31",
            "2026-13-01",
            "2026-00-10",
            "2026-1-01",
            "2026/01/01",
            " 2026-01-01",
            "２０２６-01-01",
            "+026-01-01",
            "",
        ] {
            assert!(s.parse::<Date>().is_err(), "{s}");
        }
    }

    #[test]
    fn huge_days_do_not_overflow() {
        let (y, _, _) = Date(u64::MAX).ymd();
        assert!(y > 9999);
        assert!(!Date(u64::MAX).to_string().is_empty());
    }
}
