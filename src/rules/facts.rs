//! The record as the rules read it: only what happened on or before today, in date order, lab
//! values in canonical units with their ×ULN, and the therapy's start and end.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::calendar::add_months;
use super::format::number;
use crate::knowledge::pack;
use crate::record::{Dose, Event, EventKind, Lab, LabTest, Record, Symptom};

/// A lab result on or before today, in its test's canonical unit.
#[derive(Debug, Clone, Copy)]
pub struct LabResult<'r> {
    pub lab: &'r Lab,
    /// Position in `record.labs`, to name the entry.
    pub index: usize,
    pub date: NaiveDate,
    pub test: LabTest,
    pub value: f64,
    /// value / ULN for the tests that have one; NaN for the others.
    pub x_uln: f64,
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

/// A ×ULN ratio for display, rounded down to two decimals so a value just below a threshold
/// never reads as the threshold itself.
pub fn ratio(x_uln: f64) -> String {
    number((x_uln * 100.0).floor() / 100.0)
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
    /// The date of the first dose.
    pub start: Option<NaiveDate>,
    /// The first `discontinued` event.
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
        for (index, lab) in record.labs.iter().enumerate() {
            if lab.date > today {
                ignored.push(format!("labs[{index}] ({} on {})", lab.test, lab.date));
                continue;
            }
            let result = canonical(lab, index);
            if result.test.has_uln() && lab.uln.is_none() {
                default_uln.push(format!(
                    "labs[{index}] ({} on {}, ULN {})",
                    lab.test,
                    lab.date,
                    default_uln_text(lab.test)
                ));
            }
            labs.push(result);
        }
        labs.sort_by_key(|result| result.date);

        let doses = dated(&record.doses, "doses", today, &mut ignored, |dose| {
            dose.date
        });
        let symptoms = dated(&record.symptoms, "symptoms", today, &mut ignored, |s| {
            s.date
        });
        let events = dated(&record.events, "events", today, &mut ignored, |e| e.date);
        let start = doses.first().map(|dose| dose.date);
        let discontinued_on = events
            .iter()
            .find(|event| event.kind == EventKind::Discontinued)
            .map(|event| event.date);

        Facts {
            record,
            today,
            labs,
            doses,
            symptoms,
            events,
            start,
            discontinued_on,
            ignored,
            default_uln,
        }
    }

    /// A dose is recorded and no `discontinued` event follows the first dose.
    pub fn on_therapy(&self) -> bool {
        match (self.start, self.discontinued_on) {
            (Some(_), None) => true,
            (Some(start), Some(stopped)) => stopped < start,
            (None, _) => false,
        }
    }

    /// Whether `date` falls in the first year of therapy (dates before the start do too).
    pub fn in_first_year(&self, date: NaiveDate) -> bool {
        self.start
            .is_none_or(|start| date < add_months(start, pack().intervals.first_year_months.value))
    }

    /// Results of one test, oldest first.
    pub fn results(&self, test: LabTest) -> impl DoubleEndedIterator<Item = &LabResult<'r>> {
        self.labs.iter().filter(move |result| result.test == test)
    }
}

/// A result converted to its test's canonical unit, with its ×ULN.
fn canonical(lab: &Lab, index: usize) -> LabResult<'_> {
    // Validation guarantees the unit is accepted; a record that skipped it reads as NaN and so
    // never crosses a threshold.
    let factor = lab.test.factor_to_canonical(lab.unit).unwrap_or(f64::NAN);
    let value = lab.value * factor;
    let x_uln = if lab.test.has_uln() {
        let uln = lab
            .uln
            .map_or_else(|| default_uln(lab.test), |uln| uln * factor);
        value / uln
    } else {
        f64::NAN
    };
    LabResult {
        lab,
        index,
        date: lab.date,
        test: lab.test,
        value,
        x_uln,
    }
}

/// The policy ULN of a test, in its canonical unit.
fn default_uln(test: LabTest) -> f64 {
    let defaults = &pack().default_uln;
    match test {
        LabTest::Alt => defaults.alt.value,
        LabTest::Ast => defaults.ast.value,
        LabTest::Alp => defaults.alp.value,
        LabTest::Bilirubin => defaults.bilirubin.value,
        _ => f64::NAN,
    }
}

fn default_uln_text(test: LabTest) -> String {
    format!("{} {}", number(default_uln(test)), test.canonical_unit())
}

/// The entries dated on or before today, oldest first; the others are described in `ignored`.
fn dated<'r, T>(
    entries: &'r [T],
    list: &str,
    today: NaiveDate,
    ignored: &mut Vec<String>,
    date_of: impl Fn(&T) -> NaiveDate,
) -> Vec<&'r T> {
    let mut kept = Vec::with_capacity(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        let date = date_of(entry);
        if date > today {
            ignored.push(format!("{list}[{index}] ({date})"));
        } else {
            kept.push(entry);
        }
    }
    kept.sort_by_key(|entry| date_of(entry));
    kept
}
