/*!
Calendar dates, written `YYYY-MM-DD` in records and on the command line.

The directory judges every status (award expiry, review age, lot dates) against one build
date, so dates are plain civil days with no time zone: two builds on the same day with the
same input agree, wherever they run. The default build date is today in the UK (see
[`Date::today`]), because the register is about services in England.
*/

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Days since 1970-01-01.
    days: i64,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    pub fn from_ymd(y: i64, m: u32, d: u32) -> Option<Date> {
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        Some(Date { days: days_from_civil(y, m, d) })
    }

    pub fn ymd(self) -> (i64, u32, u32) {
        civil_from_days(self.days)
    }

    /// Today in the UK (Europe/London), from the system clock: a build made just after
    /// midnight in summer judges statuses against the new day, not yesterday's in UTC.
    pub fn today() -> Date {
        let secs =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
        Date::in_london(secs)
    }

    /// The civil date in London at `secs` seconds after 1970-01-01 00:00 UTC.
    ///
    /// The UK keeps GMT in winter and BST (UTC+1) from 01:00 UTC on the last Sunday of
    /// March to 01:00 UTC on the last Sunday of October, the rule in force since 1996
    /// (Summer Time Order 2002). Worked out here rather than from a time-zone database:
    /// one zone with one stable rule does not need a crate and its data.
    pub fn in_london(secs: i64) -> Date {
        let utc_day = Date { days: secs.div_euclid(86_400) };
        let (y, _, _) = utc_day.ymd();
        let starts = last_sunday(y, 3).days * 86_400 + 3_600;
        let ends = last_sunday(y, 10).days * 86_400 + 3_600;
        let offset = if (starts..ends).contains(&secs) { 3_600 } else { 0 };
        Date { days: (secs + offset).div_euclid(86_400) }
    }

    pub fn add_days(self, n: i64) -> Date {
        Date { days: self.days + n }
    }

    /// Whole days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days - self.days
    }

    /// The same day `n` months later, clamped to the month's end.
    pub fn add_months(self, n: i64) -> Date {
        let (y, m, d) = self.ymd();
        let total = y * 12 + (m as i64 - 1) + n;
        let (ny, nm) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u32);
        let nd = d.min(days_in_month(ny, nm));
        Date::from_ymd(ny, nm, nd).expect("clamped date is valid")
    }

    /// `23 November 2026`: how GOV.UK-style pages write a date.
    pub fn long(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{d} {} {y}", MONTHS[m as usize - 1])
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl std::str::FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Date, String> {
        let bad = || format!("`{s}` is not a date: write it as YYYY-MM-DD, e.g. 2026-04-01");
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let y: i64 = s[0..4].parse().map_err(|_| bad())?;
        let m: u32 = s[5..7].parse().map_err(|_| bad())?;
        let d: u32 = s[8..10].parse().map_err(|_| bad())?;
        Date::from_ymd(y, m, d).ok_or_else(|| format!("`{s}` is not a day in the calendar"))
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The last Sunday of month `m` of year `y`.
fn last_sunday(y: i64, m: u32) -> Date {
    let last = Date::from_ymd(y, m, days_in_month(y, m)).expect("a month's last day");
    // 1970-01-01 was a Thursday: days + 4 counts from a Sunday.
    let weekday = (last.days + 4).rem_euclid(7);
    last.add_days(-weekday)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's civil-calendar algorithms: exact for the proleptic Gregorian calendar.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_orders() {
        for s in ["1970-01-01", "2000-02-29", "2026-11-23", "2099-12-31"] {
            let d: Date = s.parse().unwrap();
            assert_eq!(d.to_string(), s);
        }
        let a: Date = "2026-01-31".parse().unwrap();
        assert_eq!(a.add_months(1).to_string(), "2026-02-28");
        assert_eq!(a.add_days(1).to_string(), "2026-02-01");
        assert!(a < a.add_days(1));
        assert_eq!(a.long(), "31 January 2026");
    }

    #[test]
    fn today_is_the_day_in_london() {
        let at = |s: &str, h: i64, m: i64| {
            let d: Date = s.parse().unwrap();
            Date::in_london(d.days * 86_400 + h * 3_600 + m * 60).to_string()
        };
        // Summer: 23:30 UTC is already the next day in London.
        assert_eq!(at("2026-07-14", 23, 30), "2026-07-15");
        assert_eq!(at("2026-07-14", 22, 59), "2026-07-14");
        // Winter: London is on UTC.
        assert_eq!(at("2026-01-14", 23, 30), "2026-01-14");
        // BST began at 01:00 UTC on Sunday 29 March 2026 and ends at 01:00 UTC on Sunday
        // 25 October 2026.
        assert_eq!(last_sunday(2026, 3).to_string(), "2026-03-29");
        assert_eq!(last_sunday(2026, 10).to_string(), "2026-10-25");
        assert_eq!(last_sunday(2024, 3).to_string(), "2024-03-31");
        assert_eq!(at("2026-03-28", 23, 30), "2026-03-28");
        assert_eq!(at("2026-03-29", 23, 30), "2026-03-30");
        assert_eq!(at("2026-10-24", 23, 30), "2026-10-25");
        assert_eq!(at("2026-10-25", 23, 30), "2026-10-25");
    }

    #[test]
    fn refuses_impossible_dates() {
        for s in ["2026-02-29", "2026-13-01", "2026-1-1", "tomorrow", "2026-00-10"] {
            assert!(s.parse::<Date>().is_err(), "{s}");
        }
    }
}
