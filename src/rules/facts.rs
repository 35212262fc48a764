//! The record as the rules read it: only what happened on or before today, in date order, lab
//! values in canonical units with their ×ULN, the therapy's start and end, and the clinician's
//! decisions.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::calendar::add_months;
use super::decisions::Decisions;
use crate::format::{number, ratio};
use crate::knowledge::pack;
use crate::record::{Dose, Event, EventKind, Lab, LabTest, Record, Symptom};

/// A lab result on or before today.
#[derive(Debug, Clone, Copy)]
pub struct LabResult<'r> {
    pub lab: &'r Lab,
    pub date: NaiveDate,
    pub test: LabTest,
    /// The value in the test's canonical unit.
    pub value: f64,
    /// value / ULN for the tests that have one, both in the result's own unit (so a decimal
    /// ratio is computed as exactly as floating point allows); NaN for the others.
    pub x_uln: f64,
    /// Whether the ×ULN used the policy default because the result had no ULN (R-ULN-1).
    pub default_uln: bool,
}

impl LabResult<'_> {
    /// "ALT 168 U/L (4.2×ULN) on 2025-05-05".
    pub fn describe(&self) -> String {
        let mut text = format!("{} {}", self.test, number(self.lab.value));
        let unit = self.lab.unit.symbol();
        if !unit.is_empty() {
            text.push(' ');
            text.push_str(unit);
        }
        if self.test.has_uln() {
            let _ = write!(text, " ({}×ULN)", ratio(self.x_uln));
        }
        let _ = write!(text, " on {}", self.date);
        text
    }
}

pub struct Facts<'r> {
    pub record: &'r Record,
    pub today: NaiveDate,
    /// Lab results dated on or before today, oldest first.
    pub labs: Vec<LabResult<'r>>,
    /// Doses dated on or before today, oldest first.
    pub doses: Vec<&'r Dose>,
    pub symptoms: Vec<&'r Symptom>,
    pub events: Vec<&'r Event>,
    /// The clinician's decisions dated on or before today.
    pub decisions: Decisions<'r>,
    /// The date of the first dose.
    pub start: Option<NaiveDate>,
    /// The first `discontinued` event on or after the first dose (one before it belongs to no
    /// course of therapy).
    pub discontinued_on: Option<NaiveDate>,
    /// Entries dated after today, described for R-DATA-1.
    pub ignored: Vec<String>,
    /// Results whose ULN was missing, described for R-ULN-1.
    pub default_uln: Vec<String>,
}

impl<'r> Facts<'r> {
    pub fn new(record: &'r Record, today: NaiveDate) -> Self {
        let mut ignored = Vec::new();
        let mut default_uln = Vec::new();

        let mut labs = Vec::with_capacity(record.labs.len());
        for lab in &record.labs {
            if lab.date > today {
                ignored.push(format!("{} of {}", lab.test, lab.date));
                continue;
            }
            let result = canonical(lab);
            if result.default_uln {
                default_uln.push(format!(
                    "{} of {} (ULN {} {})",
                    lab.test,
                    lab.date,
                    number(lab.test.default_uln(lab.unit).unwrap_or(f64::NAN)),
                    lab.unit
                ));
            }
            labs.push(result);
        }
        labs.sort_by_key(|result| result.date);

        let mut ignore = |what: String, date: NaiveDate| ignored.push(format!("{what} of {date}"));
        let doses = dated(
            &record.doses,
            today,
            |dose| dose.date,
            |_| "dose".to_owned(),
            &mut ignore,
        );
        let symptoms = dated(
            &record.symptoms,
            today,
            |symptom| symptom.date,
            |symptom| symptom.kind.label().to_owned(),
            &mut ignore,
        );
        let events = dated(
            &record.events,
            today,
            |event| event.date,
            |event| format!("\"{}\" event", event.kind.label()),
            &mut ignore,
        );
        let decisions = dated(
            &record.decisions,
            today,
            |decision| decision.date,
            |decision| format!("decision on {}", decision.rule),
            &mut ignore,
        );
        if let Some(birth) = record.patient.birth_date.filter(|&birth| birth > today) {
            ignored.push(format!("the birth date {birth}"));
        }
        let start = doses.first().map(|dose| dose.date);
        let discontinued_on = start.and_then(|start| {
            events
                .iter()
                .find(|event| event.kind == EventKind::Discontinued && event.date >= start)
                .map(|event| event.date)
        });

        Facts {
            record,
            today,
            labs,
            doses,
            symptoms,
            events,
            decisions: Decisions::new(decisions),
            start,
            discontinued_on,
            ignored,
            default_uln,
        }
    }

    /// A dose is recorded and no `discontinued` event follows the first dose.
    pub fn on_therapy(&self) -> bool {
        self.start.is_some() && self.discontinued_on.is_none()
    }

    /// Whether `date` falls in the first year of therapy (dates before the start do too).
    pub fn in_first_year(&self, date: NaiveDate) -> bool {
        self.start
            .is_none_or(|start| date < add_months(start, pack().intervals.first_year_months.value))
    }

    /// The latest dose on or before `date`: found by halving, the doses being in date order,
    /// so that a rule asking it of every symptom stays linear in the record.
    pub fn last_dose_by(&self, date: NaiveDate) -> Option<&'r Dose> {
        let after = self.doses.partition_point(|dose| dose.date <= date);
        after.checked_sub(1).map(|index| self.doses[index])
    }

    /// Results of one test, oldest first.
    pub fn results(&self, test: LabTest) -> impl DoubleEndedIterator<Item = &LabResult<'r>> {
        self.labs.iter().filter(move |result| result.test == test)
    }
}

/// A result with its value in its test's canonical unit and its ×ULN, as every rule reads it
/// (the lab table shows the same ×ULN, the policy default marked as such).
pub fn canonical(lab: &Lab) -> LabResult<'_> {
    // Validation guarantees the unit is accepted; a record that skipped it reads as NaN and so
    // never crosses a threshold.
    let factor = lab.test.factor_to_canonical(lab.unit).unwrap_or(f64::NAN);
    let default = lab.test.default_uln(lab.unit);
    let x_uln = match (lab.uln, default) {
        (Some(uln), _) if lab.test.has_uln() => lab.value / uln,
        (_, Some(default)) => lab.value / default,
        _ => f64::NAN,
    };
    LabResult {
        lab,
        date: lab.date,
        test: lab.test,
        value: lab.value * factor,
        x_uln,
        default_uln: lab.uln.is_none() && default.is_some(),
    }
}

/// The entries dated on or before today, oldest first; the others are handed to `ignore` with
/// what they are.
fn dated<'r, T>(
    entries: &'r [T],
    today: NaiveDate,
    date_of: impl Fn(&T) -> NaiveDate,
    what: impl Fn(&T) -> String,
    ignore: &mut impl FnMut(String, NaiveDate),
) -> Vec<&'r T> {
    let mut kept = Vec::with_capacity(entries.len());
    for entry in entries {
        let date = date_of(entry);
        if date > today {
            ignore(what(entry), date);
        } else {
            kept.push(entry);
        }
    }
    kept.sort_by_key(|entry| date_of(entry));
    kept
}
