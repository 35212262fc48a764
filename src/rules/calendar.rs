//! Calendar arithmetic for the rules: calendar months (never 30-day approximations), weekdays
//! and ages. Saturating at the ends of the calendar, so no input can make it panic.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// `date` plus `months` calendar months, clamped to the month's end (Jan 31 + 1 = Feb 28/29).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// `date` plus (or, for a negative count, minus) `days` days.
pub fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    let magnitude = Days::new(days.unsigned_abs());
    if days >= 0 {
        date.checked_add_days(magnitude).unwrap_or(NaiveDate::MAX)
    } else {
        date.checked_sub_days(magnitude).unwrap_or(NaiveDate::MIN)
    }
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// The first `weekday` on or after `date`.
pub fn weekday_on_or_after(date: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - date.weekday().num_days_from_monday()) % 7;
    add_days(date, i64::from(ahead))
}

/// Age in completed years on `on`; `None` before birth. Someone born on 29 February turns a
/// year older on 1 March in common years.
pub fn age_years(birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    if on < birth {
        return None;
    }
    let had_birthday = (on.month(), on.day()) >= (birth.month(), birth.day());
    let years = on.year() - birth.year() - i32::from(!had_birthday);
    u32::try_from(years).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("a valid test date")
    }

    #[test]
    fn months_clamp_to_the_end_of_shorter_months() {
        assert_eq!(add_months(date("2025-01-31"), 1), date("2025-02-28"));
        assert_eq!(add_months(date("2024-01-31"), 1), date("2024-02-29"));
        assert_eq!(add_months(date("2025-03-31"), 1), date("2025-04-30"));
        assert_eq!(add_months(date("2025-11-30"), 3), date("2026-02-28"));
        assert_eq!(add_months(date("2024-02-29"), 12), date("2025-02-28"));
    }

    #[test]
    fn days_cross_month_and_year_ends_and_leap_days() {
        assert_eq!(add_days(date("2024-02-27"), 7), date("2024-03-05"));
        assert_eq!(add_days(date("2025-02-27"), 7), date("2025-03-06"));
        assert_eq!(add_days(date("2025-12-29"), 7), date("2026-01-05"));
        assert_eq!(add_days(date("2025-03-01"), -90), date("2024-12-01"));
        assert_eq!(add_days(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(add_days(NaiveDate::MIN, -1), NaiveDate::MIN);
    }

    #[test]
    fn weekday_on_or_after_includes_the_day_itself() {
        assert_eq!(
            weekday_on_or_after(date("2025-05-26"), Weekday::Mon),
            date("2025-05-26")
        );
        assert_eq!(
            weekday_on_or_after(date("2025-05-27"), Weekday::Mon),
            date("2025-06-02")
        );
        assert_eq!(
            weekday_on_or_after(date("2025-05-31"), Weekday::Sun),
            date("2025-06-01")
        );
    }

    #[test]
    fn age_counts_completed_years() {
        assert_eq!(age_years(date("1960-06-15"), date("2025-06-14")), Some(64));
        assert_eq!(age_years(date("1960-06-15"), date("2025-06-15")), Some(65));
        assert_eq!(age_years(date("2008-02-29"), date("2026-02-28")), Some(17));
        assert_eq!(age_years(date("2008-02-29"), date("2026-03-01")), Some(18));
        assert_eq!(age_years(date("2026-01-01"), date("2025-12-31")), None);
        assert_eq!(
            age_years(date("2026-01-01"), date("2026-01-01")),
            Some(0),
            "born today"
        );
    }
}
