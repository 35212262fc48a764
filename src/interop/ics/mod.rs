//! The schedule as iCalendar, built to stay true when imported again and again: the weekly dose
//! series for the next 12 weeks, a make-up dose, and the due tests, each under a UID stable per
//! patient and event, raised in SEQUENCE by every export, and cancelled once it no longer
//! applies. No UID or text carries the record number; only the clinic's calendar, and only when
//! asked, the patient's name.

mod alarms;
mod content;
mod doses;
mod due;
mod export;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use crate::record::Record;
use crate::rules::Assessment;
use content::Component;
use export::Export;

const PRODID: &str = concat!(
    "-//Mipomersen Monitor//Mipomersen Monitor ",
    env!("CARGO_PKG_VERSION"),
    "//EN"
);

/// For whom the calendar is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The clinic's calendar: clinical words and rule IDs; the patient's name only `with_name`.
    Clinic { with_name: bool },
    /// The patient's own calendar: plain words, no identifiers.
    Patient,
}

impl Default for Audience {
    fn default() -> Self {
        Audience::Clinic { with_name: false }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    pub audience: Audience,
    /// The time of day doses are given, in local time; without it, doses are all-day events.
    pub dose_time: Option<NaiveTime>,
}

/// The schedule of `record` as assessed on `today`, as iCalendar text. `exported_at` versions
/// every event, so this export supersedes every earlier one wherever both are imported.
pub fn schedule(
    record: &Record,
    assessment: &Assessment,
    today: NaiveDate,
    options: Options,
    exported_at: DateTime<Utc>,
) -> String {
    let export = Export::new(record, today, options, exported_at);
    let name = export.calendar_name();
    let calendar = Component::new("VCALENDAR")
        .value("VERSION", "2.0")
        .value("PRODID", PRODID)
        .value("CALSCALE", "GREGORIAN")
        .text("NAME", &name)
        .text("X-WR-CALNAME", &name);
    doses::events(&export, assessment)
        .into_iter()
        .chain(due::events(&export, assessment))
        .fold(calendar, Component::with)
        .to_string()
}
