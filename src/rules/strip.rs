//! The weekly dose strip: what became of each schedule day, decided here so the app only draws
//! it. A week before the first dose is never "missed", a week after discontinuation is over,
//! and a week still to come is never "given", whatever dose lies near it.

use chrono::NaiveDate;

use super::calendar::{add_days, weekday_on_or_after};
use super::dosing::schedule_weekday;
use super::{Facts, Period, Status};

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
    /// Today or later, and the dose is to be given.
    Scheduled,
    /// Today or later, before the next dose: too soon after the last one (it is skipped).
    Skipped,
    /// After the clinician discontinued therapy.
    Ended,
}

impl WeekState {
    pub const ALL: [WeekState; 7] = [
        WeekState::Given,
        WeekState::Missed,
        WeekState::Withheld,
        WeekState::Scheduled,
        WeekState::Skipped,
        WeekState::BeforeTherapy,
        WeekState::Ended,
    ];

    pub fn label(self) -> &'static str {
        match self {
            WeekState::BeforeTherapy => "before therapy",
            WeekState::Given => "given",
            WeekState::Missed => "missed",
            WeekState::Withheld => "withheld",
            WeekState::Scheduled => "scheduled",
            WeekState::Skipped => "skipped (too soon)",
            WeekState::Ended => "after discontinuation",
        }
    }

    /// The state's letter on its chip: the letter carries the meaning, the colour repeats it.
    pub fn letter(self) -> &'static str {
        match self {
            WeekState::Given => "G",
            WeekState::Missed => "M",
            WeekState::Withheld => "W",
            WeekState::Scheduled => "S",
            WeekState::Skipped => "K",
            WeekState::BeforeTherapy => "B",
            WeekState::Ended => "E",
        }
    }
}

/// One schedule day of the strip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StripWeek {
    pub day: NaiveDate,
    pub state: WeekState,
}

/// What the strip needs of the assessment: when doses were held, whether they may be given
/// now, and when the next one is.
pub struct Plan<'a> {
    pub withheld: &'a [Period],
    pub status: Status,
    pub next_dose: Option<NaiveDate>,
}

/// The last [`STRIP_WEEKS`] schedule days and the coming one, oldest first; empty before the
/// schedule is known (no dose and no dosing day).
pub fn weekly_strip(facts: &Facts, plan: &Plan) -> Vec<StripWeek> {
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
            state: state_on(facts, plan, day),
        })
        .collect()
}

fn state_on(facts: &Facts, plan: &Plan, day: NaiveDate) -> WeekState {
    let today = facts.today;
    // The doses are in date order: the first on or after `day` − 3 is the only one to look at.
    let first_near = facts
        .doses
        .partition_point(|dose| dose.date < add_days(day, -COUNTS_WITHIN_DAYS));
    let given = day <= today
        && facts
            .doses
            .get(first_near)
            .is_some_and(|dose| dose.date <= add_days(day, COUNTS_WITHIN_DAYS));
    // A dose is due again on the day a hold is lifted (R-DOSE-5 counts that day's data).
    let held = plan
        .withheld
        .iter()
        .any(|period| period.from < day && period.until.is_none_or(|until| day < until));
    let doses_allowed = matches!(
        plan.status,
        Status::Continue | Status::Confirm | Status::OkToStart
    );
    // A day within 3 days of the first dose is given (above); any later one belongs to therapy.
    let started = facts.start.is_some_and(|start| start <= day);
    if given {
        WeekState::Given
    } else if facts.discontinued_on.is_some_and(|ended| ended <= day) {
        WeekState::Ended
    } else if held || (day >= today && !doses_allowed) {
        WeekState::Withheld
    } else if day >= today && plan.next_dose.is_some_and(|next| day < next) {
        WeekState::Skipped
    } else if day >= today {
        WeekState::Scheduled
    } else if !started {
        WeekState::BeforeTherapy
    } else {
        WeekState::Missed
    }
}
