//! The dose events: a weekly series for each weekday (the schedule's confirmed, the six others
//! cancelled) and a one-off make-up dose, each with its reminders.
//!
//! Every export writes all seven series and the make-up dose, so that whatever an earlier
//! export said (another weekday, a schedule since withheld or ended, a make-up dose since
//! given), importing this one leaves the schedule as it is now and nothing else.

use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};

use super::alarms::reminders;
use super::content::{self, Component};
use super::export::{Export, all_day};
use crate::knowledge::{RuleId, pack};
use crate::record::weekday_label;
use crate::rules::calendar::{add_days, days_between, weekday_on_or_after};
use crate::rules::{Assessment, MissedAction, MissedDose};

/// How far ahead dose dates are written.
const WEEKS_AHEAD: i64 = 12;

/// How long a dose at a set time lasts in the calendar.
const TIMED_DOSE_MINUTES: i64 = 30;

const MAKE_UP_KEY: &str = "dose-make-up";

/// The dose events of the export.
pub(super) fn events(export: &Export, assessment: &Assessment) -> Vec<Component> {
    let plan = plan(assessment, export.today);
    let mut events: Vec<Component> =
        std::iter::successors(Some(Weekday::Mon), |day| Some(day.succ()))
            .take(7)
            .map(|weekday| match &plan.series {
                Some(series) if series.weekday() == weekday => series_event(export, series),
                _ => export.cancelled(
                    &series_key(weekday),
                    &format!("mipomersen injections on {}s", weekday_label(weekday)),
                ),
            })
            .collect();
    events.push(match &plan.make_up {
        Some(make_up) => make_up_event(export, assessment, make_up),
        None => export.cancelled(MAKE_UP_KEY, "missed mipomersen injection"),
    });
    events
}

/// The doses within the 12 weeks: none while dosing is not allowed.
#[derive(Debug, Default, PartialEq, Eq)]
struct Plan {
    make_up: Option<MakeUp>,
    series: Option<Series>,
}

/// A dose every week from `first`, `count` times.
#[derive(Debug, PartialEq, Eq)]
struct Series {
    first: NaiveDate,
    count: i64,
}

impl Series {
    fn weekday(&self) -> Weekday {
        self.first.weekday()
    }
}

/// A missed dose given now, off the schedule weekday (R-DOSE-1 `give_now`).
#[derive(Debug, PartialEq, Eq)]
struct MakeUp {
    date: NaiveDate,
    missed: NaiveDate,
    give_by: NaiveDate,
}

fn plan(assessment: &Assessment, today: NaiveDate) -> Plan {
    let Some(next) = assessment.next_dose else {
        return Plan::default();
    };
    // A missed dose was due on a schedule day; without one, the next dose is on one.
    let weekday = assessment
        .missed_dose
        .map_or(next.weekday(), |missed| missed.missed.weekday());
    let make_up = match assessment.missed_dose {
        Some(MissedDose {
            action: MissedAction::GiveNow,
            missed,
            give_by: Some(give_by),
            ..
        }) => Some(MakeUp {
            date: next,
            missed,
            give_by,
        }),
        _ => None,
    };
    // R-DOSE-1 gives a missed dose now only when the next schedule day is at least the
    // minimum gap away, so the series starts on that day and never holds the make-up's date:
    // no series date needs an EXDATE.
    let first = if make_up.is_some() {
        let gap = pack().intervals.min_days_between_doses.value;
        weekday_on_or_after(add_days(next, gap), weekday)
    } else {
        next
    };
    let end = add_days(today, WEEKS_AHEAD * 7);
    // The weeks from `first` that start before `end`.
    let count = (days_between(first, end) + 6) / 7;
    Plan {
        make_up,
        series: (count > 0).then_some(Series { first, count }),
    }
}

/// The UID key of the series on `weekday`: one per patient and weekday, so a later export
/// updates or cancels it whatever it held.
fn series_key(weekday: Weekday) -> String {
    format!("dose-series/{}", by_day(weekday))
}

fn series_event(export: &Export, series: &Series) -> Component {
    let dose = pack().thresholds.dose_mg.text();
    let days = format!("{}s", weekday_label(series.weekday()));
    let description = if export.for_patient() {
        let warm_up = &pack().intervals.syringe_warm_up_minutes;
        format!(
            "Inject {dose} under the skin, once a week on {days}.\nTake the syringe out of the \
             refrigerator {} {} before, so it reaches room temperature.\nInject into your belly, \
             thigh or the outer part of your upper arm.",
            warm_up.value, warm_up.unit
        )
    } else {
        let last = add_days(series.first, (series.count - 1) * 7);
        let checklist: String = pack()
            .administration_checklist
            .iter()
            .flat_map(|item| ["\n- ", item.text.as_str()])
            .collect();
        format!(
            "{dose} subcutaneous, once weekly on {days}: {} from {} to {}.\nBefore each \
             dose:{checklist}",
            crate::format::count(usize::try_from(series.count).unwrap_or(0), "dose", "doses"),
            series.first,
            last
        )
    };
    let rule = format!(
        "FREQ=WEEKLY;BYDAY={};COUNT={}",
        by_day(series.weekday()),
        series.count
    );
    dose_event(
        export,
        &series_key(series.weekday()),
        series.first,
        Some(&rule),
        &format!("Mipomersen injection, {dose}"),
        &description,
    )
}

fn make_up_event(export: &Export, assessment: &Assessment, make_up: &MakeUp) -> Component {
    let description = if export.for_patient() {
        format!(
            "You missed your injection of {}. Inject it as soon as you can, by {} at the \
             latest; then go on with your weekly injections.",
            export.day(make_up.missed),
            export.day(make_up.give_by)
        )
    } else {
        format!(
            "Missed dose ({}): {}",
            RuleId::Dose1,
            assessment.next_dose_text()
        )
    };
    dose_event(
        export,
        MAKE_UP_KEY,
        make_up.date,
        None,
        &format!(
            "Missed mipomersen injection, {}",
            pack().thresholds.dose_mg.text()
        ),
        &description,
    )
}

/// A dose on `date`, repeated by `rule` if given: all day, or at the dose time (floating: the
/// same wall-clock time wherever the calendar is), with its reminders.
fn dose_event(
    export: &Export,
    key: &str,
    date: NaiveDate,
    rule: Option<&str>,
    summary: &str,
    description: &str,
) -> Component {
    let dose_time = export.options.dose_time;
    let event = match dose_time {
        None => all_day(export.event(key), date),
        Some(time) => {
            let start = date.and_time(time);
            let end = start
                .checked_add_signed(TimeDelta::minutes(TIMED_DOSE_MINUTES))
                .unwrap_or(start);
            export
                .event(key)
                .value("DTSTART", &content::local_time(start))
                .value("DTEND", &content::local_time(end))
        }
    };
    let event = match rule {
        Some(rule) => event.value("RRULE", rule),
        None => event,
    };
    let summary = export.summary(summary);
    let event = event
        .text("SUMMARY", &summary)
        .text("DESCRIPTION", description);
    reminders(&summary, dose_time)
        .into_iter()
        .fold(event, Component::with)
}

/// The weekday as RRULE's BYDAY writes it.
fn by_day(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Status;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("a valid test date")
    }

    fn assessment(next_dose: Option<&str>, missed_dose: Option<MissedDose>) -> Assessment {
        Assessment {
            status: Status::Continue,
            reason: String::new(),
            findings: Vec::new(),
            due: Vec::new(),
            next_dose: next_dose.map(date),
            missed_dose,
            efficacy: None,
            unknown: Vec::new(),
            withheld: Vec::new(),
            stale_decisions: Vec::new(),
            strip: Vec::new(),
            next_site: crate::record::Site::Abdomen,
        }
    }

    fn series(first: &str, count: i64) -> Series {
        Series {
            first: date(first),
            count,
        }
    }

    #[test]
    fn no_next_dose_plans_nothing() {
        assert_eq!(
            plan(&assessment(None, None), date("2026-11-28")),
            Plan::default()
        );
    }

    #[test]
    fn the_series_runs_weekly_to_12_weeks_from_today() {
        // 2028-01-31 + 84 days is 2028-04-24 (29 February counted): Thursdays 2028-02-03 to
        // 2028-04-20.
        let planned = plan(&assessment(Some("2028-02-03"), None), date("2028-01-31"));
        assert_eq!(planned.series, Some(series("2028-02-03", 12)));
        assert_eq!(planned.make_up, None);
        // From a Monday, the Monday 12 weeks on is past the end.
        let planned = plan(&assessment(Some("2026-11-30"), None), date("2026-11-30"));
        assert_eq!(planned.series, Some(series("2026-11-30", 12)));
        let planned = plan(&assessment(Some("2026-12-07"), None), date("2026-11-30"));
        assert_eq!(planned.series, Some(series("2026-12-07", 11)));
    }

    #[test]
    fn a_missed_dose_given_now_is_a_make_up_and_the_series_resumes_on_the_weekday() {
        let missed = MissedDose {
            missed: date("2026-11-23"),
            action: MissedAction::GiveNow,
            give_by: Some(date("2026-11-27")),
            next: Some(date("2026-11-25")),
        };
        let planned = plan(
            &assessment(Some("2026-11-25"), Some(missed)),
            date("2026-11-25"),
        );
        assert_eq!(
            planned.make_up,
            Some(MakeUp {
                date: date("2026-11-25"),
                missed: date("2026-11-23"),
                give_by: date("2026-11-27"),
            })
        );
        // Mondays from 2026-11-30 before 2027-02-17.
        assert_eq!(planned.series, Some(series("2026-11-30", 12)));
    }

    #[test]
    fn a_missed_dose_skipped_moves_only_the_start_of_the_series() {
        let missed = MissedDose {
            missed: date("2026-11-23"),
            action: MissedAction::Skip,
            give_by: None,
            next: Some(date("2026-11-30")),
        };
        let planned = plan(
            &assessment(Some("2026-11-30"), Some(missed)),
            date("2026-11-28"),
        );
        assert_eq!(planned.make_up, None);
        assert_eq!(planned.series, Some(series("2026-11-30", 12)));
    }
}
