//! What the events of one export share: UIDs hashed from the patient's ID (never the ID
//! itself), the export's version and time stamp, and the wording for whom it is written.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::content::{self, Component};
use super::{Audience, Options};
use crate::record::Record;
use crate::rules::calendar::add_days;

/// The namespace of this app's calendar UIDs (UUID v5, RFC 9562): fixed, so one patient's event
/// has the same UID in every export, from any machine.
const NAMESPACE: Uuid = Uuid::from_u128(0x4556_bc64_2046_423e_b839_63a8_2d39_03d4);

/// The start of the SEQUENCE count: 2020-01-01T00:00Z.
const SEQUENCE_EPOCH: i64 = 1_577_836_800;

/// One export: whose schedule, for whom, on which day, made when.
pub(super) struct Export<'a> {
    /// The patient's own namespace, hashed from the ID: every UID of theirs is made under it.
    patient: Uuid,
    /// The patient's name, where the clinic asked for it.
    name: Option<&'a str>,
    pub options: Options,
    pub today: NaiveDate,
    exported_at: DateTime<Utc>,
}

impl<'a> Export<'a> {
    pub fn new(
        record: &'a Record,
        today: NaiveDate,
        options: Options,
        exported_at: DateTime<Utc>,
    ) -> Self {
        let name = match options.audience {
            Audience::Clinic { with_name: true } => record
                .patient
                .name
                .as_deref()
                .filter(|name| !name.trim().is_empty()),
            Audience::Clinic { with_name: false } | Audience::Patient => None,
        };
        Export {
            patient: Uuid::new_v5(&NAMESPACE, record.patient.id.as_bytes()),
            name,
            options,
            today,
            exported_at,
        }
    }

    pub fn for_patient(&self) -> bool {
        self.options.audience == Audience::Patient
    }

    /// "Mipomersen schedule", with the patient's name where the clinic asked for it.
    pub fn calendar_name(&self) -> String {
        self.summary("Mipomersen schedule")
    }

    /// A summary, after the patient's name where the clinic asked for it.
    pub fn summary(&self, text: &str) -> String {
        match self.name {
            Some(name) => format!("{name}: {text}"),
            None => text.to_owned(),
        }
    }

    /// A date as its reader reads it: `2026-11-23` in the clinic, "Monday 23 November 2026" for
    /// the patient.
    pub fn day(&self, date: NaiveDate) -> String {
        if self.for_patient() {
            crate::format::long_date(date)
        } else {
            date.to_string()
        }
    }

    /// The event `key` (one per patient: `dose-series/MO`, `due/liver_panel`), confirmed.
    pub fn event(&self, key: &str) -> Component {
        self.versioned(key).value("STATUS", "CONFIRMED")
    }

    /// The event `key` withdrawn: a calendar that imported it removes it, whatever it held.
    /// RFC 5545 asks for a start even here: today, all day.
    pub fn cancelled(&self, key: &str, summary: &str) -> Component {
        all_day(self.versioned(key).value("STATUS", "CANCELLED"), self.today)
            .text("SUMMARY", &self.summary(&format!("Cancelled: {summary}")))
    }

    /// UID, time stamp and version: this export's version of `key` replaces every earlier one
    /// (RFC 5546 §2.1.4). Transparent: a reminder never makes its day look busy.
    fn versioned(&self, key: &str) -> Component {
        Component::new("VEVENT")
            .value(
                "UID",
                &Uuid::new_v5(&self.patient, key.as_bytes()).to_string(),
            )
            .value("DTSTAMP", &content::utc_time(self.exported_at))
            .value("SEQUENCE", &sequence(self.exported_at).to_string())
            .value("TRANSP", "TRANSPARENT")
    }
}

/// The event on `date`, all day (RFC 5545's end is exclusive: the next day).
pub(super) fn all_day(event: Component, date: NaiveDate) -> Component {
    event
        .value("DTSTART;VALUE=DATE", &content::date(date))
        .value("DTEND;VALUE=DATE", &content::date(add_days(date, 1)))
}

/// Whole minutes from 2020 to the export: each export's version is above every earlier one's
/// (in UTC, so a clock set back for winter time never lowers it), within SEQUENCE's 32 bits.
fn sequence(exported_at: DateTime<Utc>) -> i64 {
    ((exported_at.timestamp() - SEQUENCE_EPOCH) / 60).clamp(0, i64::from(i32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("an RFC 3339 time")
    }

    #[test]
    fn the_version_counts_minutes_from_2020() {
        assert_eq!(sequence(at("2020-01-01T00:00:59Z")), 0);
        assert_eq!(sequence(at("2020-01-01T01:01:00Z")), 61);
        assert_eq!(sequence(at("2026-11-28T09:30:00Z")), 3_633_690);
        assert_eq!(sequence(at("2019-12-31T23:00:00Z")), 0);
    }

    #[test]
    fn uids_are_stable_per_patient_and_event_and_carry_no_id() {
        let mut record = Record::new("MRN-123456");
        record.patient.name = Some("Ann Example".to_owned());
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("a date");
        let uid = |record: &Record, key: &str, minute: &str| {
            Export::new(record, today, Options::default(), at(minute))
                .event(key)
                .to_string()
                .lines()
                .find_map(|line| line.strip_prefix("UID:").map(str::to_owned))
                .expect("a UID")
        };
        let first = uid(&record, "due/liver_panel", "2026-11-28T09:30:00Z");
        assert_eq!(
            first,
            uid(&record, "due/liver_panel", "2027-01-02T10:00:00Z")
        );
        assert_ne!(
            first,
            uid(&record, "due/lipid_panel", "2026-11-28T09:30:00Z")
        );
        assert!(!first.contains("123456"), "{first}");
        let other = Record::new("MRN-123457");
        assert_ne!(
            first,
            uid(&other, "due/liver_panel", "2026-11-28T09:30:00Z")
        );
    }
}
