//! The weekly dose strip: what became of each schedule day, decided here so the app only draws
//! it. A week before the first dose is never "missed", a week after discontinuation is over,
//! and a week still to come is never "given", whatever dose lies near it.

use chrono::NaiveDate;

use super::calendar::{add_days, weekday_on_or_after};
use super::dosing::schedule_weekday;
use super::{Facts, Period};

/// Schedule days in the strip: half a year, and the coming one.
const STRIP_WEEKS: i64 = 26;

/// A dose counts for the schedule day it is closest to, within this many days.
const COUNTS_WITHIN_DAYS: i64 = 3;

/// What became of a schedule day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekState {
    /// Before therapy began.
    BeforeTherapy,
    Given,
    Missed,
    Withheld,
    /// Today or later, and not held.
    Scheduled,
    /// After the clinician discontinued therapy.
    Ended,
}

impl WeekState {
    pub const ALL: [WeekState; 6] = [
        WeekState::Given,
        WeekState::Missed,
        WeekState::Withheld,
        WeekState::Scheduled,
        WeekState::BeforeTherapy,
        WeekState::Ended,
    ];

    pub fn word(self) -> &'static str {
        match self {
            WeekState::BeforeTherapy => "before therapy",
            WeekState::Given => "given",
            WeekState::Missed => "missed",
            WeekState::Withheld => "withheld",
            WeekState::Scheduled => "scheduled",
            WeekState::Ended => "after discontinuation",
        }
    }
}

/// One schedule day of the strip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StripWeek {
    pub day: NaiveDate,
    pub state: WeekState,
}

/// The last [`STRIP_WEEKS`] schedule days and the coming one, oldest first; empty before the
/// schedule is known (no dose and no dosing day).
pub fn weekly_strip(facts: &Facts, withheld: &[Period]) -> Vec<StripWeek> {
    let Some(weekday) = schedule_weekday(facts) else {
        return Vec::new();
    };
    let today = facts.today;
    let coming = weekday_on_or_after(today, weekday);
    (0..=STRIP_WEEKS)
        .rev()
        .map(|weeks_back| add_days(coming, -7 * weeks_back))
        .map(|day| StripWeek {
            day,
            state: state_on(facts, withheld, day),
        })
        .collect()
}

fn state_on(facts: &Facts, withheld: &[Period], day: NaiveDate) -> WeekState {
    let today = facts.today;
    let given = day <= today
        && facts
            .doses
            .iter()
            .any(|dose| (dose.date - day).num_days().abs() <= COUNTS_WITHIN_DAYS);
    let held = withheld
        .iter()
        .any(|period| period.from < day && period.until.is_none_or(|until| day <= until));
    let started = facts
        .start
        .is_some_and(|start| add_days(start, -COUNTS_WITHIN_DAYS) <= day);
    if given {
        WeekState::Given
    } else if facts.discontinued_on.is_some_and(|ended| ended < day) {
        WeekState::Ended
    } else if held {
        WeekState::Withheld
    } else if day >= today {
        WeekState::Scheduled
    } else if !started {
        WeekState::BeforeTherapy
    } else {
        WeekState::Missed
    }
}
