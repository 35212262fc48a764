//! The embedded demo patient, its dates moved with today, so that whenever the app is started it
//! tells the story it was written for: a resumed elevation, an interacting drug, one missed
//! dose and a syringe out of the fridge, never a record where everything is long overdue.

use chrono::{Days, NaiveDate};
use serde_json::Value;

use crate::record::{self, DoseWeekday, Record};

/// The demo patient as written (`assets/examples/demo-patient.json`).
pub const DEMO_PATIENT: &str = include_str!("../assets/examples/demo-patient.json");

/// The day the demo's story was written for.
pub const WRITTEN_FOR: NaiveDate = NaiveDate::from_ymd_opt(2026, 11, 24).expect("a date");

/// The demo patient as of `today`: every date in it (notes included) moved by the days from
/// [`WRITTEN_FOR`] to `today`, and the dose weekday with them, so each entry keeps its place
/// in the story and its weekday in the schedule.
pub fn patient(today: NaiveDate) -> Record {
    let days = (today - WRITTEN_FOR).num_days();
    let mut demo: Value = serde_json::from_str(DEMO_PATIENT).expect("the demo patient is JSON");
    shift(&mut demo, days);
    let mut record = record::parse(&demo.to_string()).expect("the demo patient is valid");
    if let Some(weekday) = record.therapy.dose_weekday {
        let steps = usize::try_from(days.rem_euclid(7)).expect("0 to 6");
        let index = DoseWeekday::ALL
            .iter()
            .position(|&day| day == weekday)
            .expect("a weekday");
        record.therapy.dose_weekday = Some(DoseWeekday::ALL[(index + steps) % 7]);
    }
    record
}

fn shift(value: &mut Value, days: i64) {
    match value {
        Value::String(text) => *text = shift_dates_in(text, days),
        Value::Array(items) => items.iter_mut().for_each(|item| shift(item, days)),
        Value::Object(fields) => fields.values_mut().for_each(|field| shift(field, days)),
        _ => {}
    }
}

/// `text` with each YYYY-MM-DD date in it moved by `days`.
fn shift_dates_in(text: &str, days: i64) -> String {
    const LENGTH: usize = "YYYY-MM-DD".len();
    let mut shifted = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let date = rest
            .get(..LENGTH)
            .and_then(|head| NaiveDate::parse_from_str(head, "%Y-%m-%d").ok())
            .filter(|_| {
                rest.as_bytes()[..LENGTH]
                    .iter()
                    .all(|&b| b == b'-' || b.is_ascii_digit())
            });
        if let Some(moved) = date.and_then(|date| moved(date, days)) {
            shifted.push_str(&moved.format("%Y-%m-%d").to_string());
            rest = &rest[LENGTH..];
        } else {
            let next = rest.chars().next().expect("not empty");
            shifted.push(next);
            rest = &rest[next.len_utf8()..];
        }
    }
    shifted
}

fn moved(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    let by = Days::new(days.unsigned_abs());
    if days >= 0 {
        date.checked_add_days(by)
    } else {
        date.checked_sub_days(by)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::evaluate;

    #[test]
    fn on_the_day_it_was_written_for_the_demo_is_the_asset() {
        assert_eq!(
            patient(WRITTEN_FOR),
            record::parse(DEMO_PATIENT).expect("valid")
        );
    }

    #[test]
    fn dates_in_text_move_and_nothing_else_does() {
        assert_eq!(
            shift_dates_in("ALT 4.1×ULN on 2026-02-28, lot 2026-1", 1),
            "ALT 4.1×ULN on 2026-03-01, lot 2026-1"
        );
        assert_eq!(shift_dates_in("2024-03-01", -1), "2024-02-29");
    }

    /// Whenever the app is started, before or after the day it was written for (across month
    /// ends and leap days, on every weekday), the demo tells the same story: the same status,
    /// findings and missed-dose advice, and the same items due and overdue.
    #[test]
    fn the_story_is_the_same_whenever_the_app_starts() {
        let story = |today: NaiveDate| {
            let assessment = evaluate(&patient(today), today);
            let mut rules: Vec<_> = assessment.findings.iter().map(|f| f.rule).collect();
            rules.sort();
            let due: Vec<_> = assessment
                .due
                .iter()
                .map(|due| (due.item, due.overdue))
                .collect();
            let missed = assessment.missed_dose.map(|missed| missed.action);
            (assessment.status, rules, due, missed)
        };
        let written = story(WRITTEN_FOR);
        assert!(written.3.is_some(), "the demo has one missed dose");
        for today in [
            "2025-02-28",
            "2026-01-15",
            "2026-11-28",
            "2026-12-31",
            "2027-03-01",
            "2028-02-29",
            "2028-03-02",
            "2031-06-15",
            "2036-11-24",
        ] {
            let today: NaiveDate = today.parse().expect("a date");
            assert_eq!(story(today), written, "started on {today}");
        }
    }
}
