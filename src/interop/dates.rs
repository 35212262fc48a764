//! Dates as lab exports write them: ISO (`2026-11-02`, with a time or a zone), US month-first
//! (`11/02/2026 08:15`), European day-first (`02/11/2026`, `02.11.2026`). The collection date is
//! the date as written: a time zone never moves it to another day.
//!
//! Month-first and day-first cannot be told apart from one date like `03/02/2026`: one date in
//! the file with a day above 12 decides the order for the whole file; otherwise the user names
//! it (`--date-order`). Dotted dates are day-first wherever they are written.

use chrono::NaiveDate;

/// The order of day and month in slashed dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// `11/02/2026` is 2 November (US).
    MonthFirst,
    /// `11/02/2026` is 11 February (most of the world).
    DayFirst,
}

impl DateOrder {
    pub fn label(self) -> &'static str {
        match self {
            DateOrder::MonthFirst => "month first (mdy)",
            DateOrder::DayFirst => "day first (dmy)",
        }
    }
}

/// A date's parts as written, before the order of day and month is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    /// Year, month, day: ISO or dotted, no doubt about the order.
    Certain(i32, u32, u32),
    /// Two numbers and a year whose order is the file's (`a/b/year`).
    Slashed(u32, u32, i32),
}

/// The date part of a cell: the text before a time (`T`, a space) is the date.
fn written(text: &str) -> Option<Written> {
    let date = text
        .trim()
        .split(|c: char| c == 'T' || c.is_whitespace())
        .next()?;
    let numbers = |separator: char| -> Option<Vec<&str>> {
        let parts: Vec<&str> = date.split(separator).collect();
        (parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())))
        .then_some(parts)
    };
    let year = |text: &str| {
        (text.len() == 4)
            .then(|| text.parse::<i32>().ok())
            .flatten()
    };
    let small = |text: &str| {
        (text.len() <= 2)
            .then(|| text.parse::<u32>().ok())
            .flatten()
    };
    for separator in ['-', '/', '.'] {
        let Some(parts) = numbers(separator) else {
            continue;
        };
        if let Some(y) = year(parts[0]) {
            return Some(Written::Certain(y, small(parts[1])?, small(parts[2])?));
        }
        let (a, b, y) = (small(parts[0])?, small(parts[1])?, year(parts[2])?);
        return Some(if separator == '.' {
            Written::Certain(y, b, a)
        } else {
            Written::Slashed(a, b, y)
        });
    }
    None
}

/// What the dates of a file say about their order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// No date needs an order (ISO, dotted, or day equal to month).
    NotNeeded,
    /// A date such as `10/23/2026` settles it; the text and where it is.
    Settled(DateOrder, usize),
    /// Every slashed date reads both ways: the order must be named.
    Ambiguous(usize),
    /// Some dates are only month-first and others only day-first.
    Contradictory(usize, usize),
}

/// Reads the order from the date cells of a file, each with its line.
pub fn evidence<'a>(cells: impl IntoIterator<Item = (usize, &'a str)>) -> Evidence {
    let mut month_first = None;
    let mut day_first = None;
    let mut ambiguous = None;
    for (line, cell) in cells {
        if let Some(Written::Slashed(a, b, _)) = written(cell) {
            if a > 12 && b <= 12 {
                day_first.get_or_insert(line);
            } else if b > 12 && a <= 12 {
                month_first.get_or_insert(line);
            } else if a != b {
                ambiguous.get_or_insert(line);
            }
        }
    }
    match (month_first, day_first, ambiguous) {
        (Some(m), Some(d), _) => Evidence::Contradictory(m, d),
        (Some(m), None, _) => Evidence::Settled(DateOrder::MonthFirst, m),
        (None, Some(d), _) => Evidence::Settled(DateOrder::DayFirst, d),
        (None, None, Some(line)) => Evidence::Ambiguous(line),
        (None, None, None) => Evidence::NotNeeded,
    }
}

/// The date of a cell, in the file's order (needed only for slashed dates).
pub fn parse(text: &str, order: Option<DateOrder>) -> Result<NaiveDate, String> {
    let date = match written(text) {
        Some(Written::Certain(y, m, d)) => NaiveDate::from_ymd_opt(y, m, d),
        Some(Written::Slashed(a, b, y)) => match order {
            Some(DateOrder::MonthFirst) => NaiveDate::from_ymd_opt(y, a, b),
            Some(DateOrder::DayFirst) => NaiveDate::from_ymd_opt(y, b, a),
            None if a == b => NaiveDate::from_ymd_opt(y, a, b),
            None => {
                return Err(format!(
                    "the date \"{}\" could be day-first or month-first; name the order with \
                     --date-order mdy or --date-order dmy",
                    text.trim()
                ));
            }
        },
        None => None,
    };
    date.ok_or_else(|| format!("\"{}\" is not a date", text.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    #[test]
    fn iso_dates_with_a_time_or_a_zone_keep_the_day_as_written() {
        assert_eq!(parse("2026-11-02", None), Ok(d("2026-11-02")));
        assert_eq!(
            parse("2026-11-02T21:30:00-05:00", None),
            Ok(d("2026-11-02"))
        );
        assert_eq!(parse("2026-11-02 08:12", None), Ok(d("2026-11-02")));
        assert_eq!(parse("2026/11/02", None), Ok(d("2026-11-02")));
    }

    #[test]
    fn dotted_dates_are_day_first() {
        assert_eq!(parse("03.11.2026", None), Ok(d("2026-11-03")));
        assert_eq!(parse("3.11.2026 07:55", None), Ok(d("2026-11-03")));
    }

    #[test]
    fn slashed_dates_follow_the_order() {
        assert_eq!(
            parse("11/02/2026 08:15", Some(DateOrder::MonthFirst)),
            Ok(d("2026-11-02"))
        );
        assert_eq!(
            parse("11/02/2026", Some(DateOrder::DayFirst)),
            Ok(d("2026-02-11"))
        );
        assert_eq!(
            parse("10/5/2026 7:40", Some(DateOrder::MonthFirst)),
            Ok(d("2026-10-05"))
        );
        assert!(
            parse("11/02/2026", None)
                .expect_err("ambiguous")
                .contains("--date-order")
        );
        assert_eq!(parse("11/11/2026", None), Ok(d("2026-11-11")));
        assert!(parse("02/30/2026", Some(DateOrder::MonthFirst)).is_err());
        assert!(
            parse("11/02/26", Some(DateOrder::MonthFirst)).is_err(),
            "two-digit years"
        );
    }

    #[test]
    fn one_date_with_a_day_above_12_settles_the_order() {
        let cells = [(2, "11/02/2026 08:15"), (3, "10/23/2026 08:15")];
        assert_eq!(evidence(cells), Evidence::Settled(DateOrder::MonthFirst, 3));
        assert_eq!(
            evidence([(2, "23/10/2026"), (3, "02/11/2026")]),
            Evidence::Settled(DateOrder::DayFirst, 2)
        );
        assert_eq!(
            evidence([(2, "10/05/2026"), (3, "11/02/2026")]),
            Evidence::Ambiguous(2)
        );
        assert_eq!(
            evidence([(2, "2026-11-02"), (3, "03.11.2026")]),
            Evidence::NotNeeded
        );
        assert_eq!(
            evidence([(2, "10/23/2026"), (3, "23/10/2026")]),
            Evidence::Contradictory(2, 3)
        );
    }
}
