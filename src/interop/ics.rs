//! The schedule as iCalendar: the next 12 weeks of dose dates and the due lab dates, as all-day
//! events a patient's or a clinic's calendar imports (each ends the next day: RFC 5545's end is
//! exclusive).

use chrono::{Datelike, NaiveDate};
use icalendar::{Calendar, Component, Event, EventLike};

use crate::format;
use crate::knowledge::pack;
use crate::record::Record;
use crate::rules::Assessment;
use crate::rules::calendar::{add_days, weekday_on_or_after};

/// How far ahead dose dates are written.
const WEEKS_AHEAD: i64 = 12;

/// The schedule of `record` as assessed on `today`, as iCalendar text.
pub fn schedule(record: &Record, assessment: &Assessment, today: NaiveDate) -> String {
    let id = &record.patient.id;
    let mut calendar = Calendar::new();
    calendar.name(&format!("Mipomersen schedule {id}"));
    let dose = format!(
        "{} mg subcutaneous",
        format::number(pack().thresholds.dose_mg.value)
    );
    for date in dose_dates(assessment, today) {
        calendar.push(
            Event::new()
                .summary(&format!("Mipomersen injection, {dose}"))
                .description("Take the syringe out of the refrigerator 30 minutes before. Inject into the belly, thigh or outer upper arm.")
                .starts(date)
                .ends(add_days(date, 1))
                .uid(&format!("{id}-dose-{date}@mipomersen-monitor"))
                .done(),
        );
    }
    for due in &assessment.due {
        let (date, late) = if due.overdue {
            (today, format!(" (overdue since {})", due.due))
        } else {
            (due.due, String::new())
        };
        calendar.push(
            Event::new()
                .summary(&format!("Due: {}{late}", due.item.description()))
                .description(&format!("{} ({})", due.item.description(), due.item.rule()))
                .starts(date)
                .ends(add_days(date, 1))
                .uid(&format!(
                    "{id}-{}-{}@mipomersen-monitor",
                    due.item.as_str(),
                    due.due
                ))
                .done(),
        );
    }
    calendar.done().to_string()
}

/// The next dose, then each schedule day at least 3 days after the one before, for 12 weeks.
/// None while dosing is not allowed.
fn dose_dates(assessment: &Assessment, today: NaiveDate) -> Vec<NaiveDate> {
    let Some(first) = assessment.next_dose else {
        return Vec::new();
    };
    let gap = pack().intervals.min_days_between_doses.value;
    let weekday = assessment
        .missed_dose
        .map_or(first.weekday(), |missed| missed.missed.weekday());
    let until = add_days(today, WEEKS_AHEAD * 7);
    std::iter::successors(Some(first), |&date| {
        Some(weekday_on_or_after(add_days(date, gap), weekday))
    })
    .take_while(|&date| date < until)
    .collect()
}
