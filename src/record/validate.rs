//! Checks the values of a record: finite, not negative, plausible, in a known unit, with what
//! each entry cannot be used without.
//!
//! Used on load and, by the app, on entry. Each problem names its entry as a clinician would
//! find it ("ALT of 2026-10-09: −44 U/L is negative"), never by its place in the file.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::types::{FORMAT_NAME, Record};
use super::units::{LabTest, LabUnit};
use crate::format::number;

/// Dates outside these years are typos, not history or plans.
const EARLIEST_YEAR: i32 = 1900;
const LATEST_YEAR: i32 = 2200;
/// More than ten syringes at once is not a dose anyone gives.
const MAX_DOSE_MG: f64 = 2_000.0;
const MAX_MEDICATION_MG_PER_DAY: f64 = 100_000.0;
const MAX_DRINKS_PER_DAY: f64 = 50.0;
/// No record number, lot number or name is longer; a longer one is a paste gone wrong.
const MAX_ID_CHARS: usize = 64;
/// How much of a name a message repeats.
const SHOWN_CHARS: usize = 40;

/// One problem with one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The entry, as a clinician names it: "ALT of 2026-10-09", "birth date".
    pub entry: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.entry, self.message)
    }
}

/// What names an entry of one of the file's lists.
#[derive(Debug, Default, Clone)]
pub struct EntryName<'a> {
    pub date: Option<String>,
    /// A lab's test, as a clinician names it.
    pub test: Option<&'a str>,
    /// A medication's name, a syringe's id, a decision's rule.
    pub name: Option<String>,
}

/// "ALT of 2026-10-09", "dose of 2025-05-05", "medication \"Tylenol\"", "decision on R-TOX-4
/// of 2025-05-07"; the entry's number in its list where nothing else names it.
pub fn entry_name(list: &str, index: usize, name: &EntryName) -> String {
    let of = |what: &str| match &name.date {
        Some(date) => format!("{what} of {date}"),
        None => format!("{what} {}", index + 1),
    };
    match list {
        "labs" => of(name.test.unwrap_or("lab result")),
        "doses" => of("dose"),
        "symptoms" => of("symptom"),
        "events" => of("event"),
        "decisions" => match &name.name {
            Some(rule) => of(&format!("decision on {rule}")),
            None => of("decision"),
        },
        "medications" => match &name.name {
            Some(drug) if !drug.trim().is_empty() => format!("medication \"{}\"", shown(drug)),
            _ => format!("medication {}", index + 1),
        },
        "supply" => match &name.name {
            Some(id) if !id.trim().is_empty() => format!("syringe \"{}\"", shown(id)),
            _ => format!("syringe {}", index + 1),
        },
        "audit" => format!("change history entry {}", index + 1),
        other => format!("{} {}", other.replace('_', " "), index + 1),
    }
}

/// A name as a message repeats it: trimmed, and clipped when it is long.
fn shown(name: &str) -> String {
    let name = name.trim();
    if name.chars().count() <= SHOWN_CHARS {
        name.to_owned()
    } else {
        name.chars()
            .take(SHOWN_CHARS)
            .chain(std::iter::once('…'))
            .collect()
    }
}

/// A field outside the lists, as a clinician names it: `patient.birth_date` → "birth date".
pub fn field_name(path: &str) -> String {
    match path {
        "patient.id" => "patient ID".to_owned(),
        "patient.birth_date" => "birth date".to_owned(),
        "alcohol_drinks_per_day" => "alcohol use".to_owned(),
        "therapy.dose_weekday" => "dosing day".to_owned(),
        "conditions.child_pugh" => "Child-Pugh class".to_owned(),
        "rems.prescriber_certified" => "prescriber REMS certification".to_owned(),
        "rems.pharmacy_certified" => "pharmacy REMS certification".to_owned(),
        other => other.replace('.', " → ").replace('_', " "),
    }
}

/// Every problem in the record, in file order; empty when the record is valid.
pub fn validate(record: &Record) -> Vec<Problem> {
    let mut problems = Problems::default();
    if record.format != FORMAT_NAME {
        problems.add(
            "format",
            format!("\"{}\" is not \"{FORMAT_NAME}\"", record.format),
        );
    }
    if record.patient.id.trim().is_empty() {
        problems.add("patient ID", "must not be empty".to_owned());
    }
    let id_chars = record.patient.id.chars().count();
    if id_chars > MAX_ID_CHARS {
        problems.add(
            "patient ID",
            format!("{id_chars} characters is longer than an ID can be (at most {MAX_ID_CHARS})"),
        );
    }
    problems.date("birth date", record.patient.birth_date);
    problems.amount(
        "alcohol use",
        record.alcohol_drinks_per_day,
        MAX_DRINKS_PER_DAY,
        "drinks/day",
    );

    for (i, dose) in record.doses.iter().enumerate() {
        let entry = entry_name("doses", i, &dated(dose.date));
        problems.date(&entry, Some(dose.date));
        problems.amount(&entry, dose.dose_mg, MAX_DOSE_MG, "mg");
        if dose.dose_mg == Some(0.0) {
            problems.add(&entry, "0 mg is not a dose".to_owned());
        }
    }

    labs(record, &mut problems);
    medications(record, &mut problems);
    for (i, symptom) in record.symptoms.iter().enumerate() {
        let entry = entry_name("symptoms", i, &dated(symptom.date));
        problems.date(&entry, Some(symptom.date));
    }
    for (i, syringe) in record.supply.iter().enumerate() {
        let entry = entry_name(
            "supply",
            i,
            &EntryName {
                name: Some(syringe.id.clone()),
                ..EntryName::default()
            },
        );
        if syringe.id.trim().is_empty() {
            problems.add(&entry, "its lot or id must not be empty".to_owned());
        }
        problems.date(&entry, syringe.out_of_fridge_since);
        problems.date(&entry, syringe.used);
    }
    for (i, event) in record.events.iter().enumerate() {
        let entry = entry_name("events", i, &dated(event.date));
        problems.date(&entry, Some(event.date));
    }
    decisions(record, &mut problems);
    problems.0
}

fn dated<'a>(date: NaiveDate) -> EntryName<'a> {
    EntryName {
        date: Some(date.to_string()),
        ..EntryName::default()
    }
}

/// Lab values: a unit the test is reported in, a plausible value and a plausible ULN.
fn labs(record: &Record, problems: &mut Problems) {
    for (i, lab) in record.labs.iter().enumerate() {
        let entry = entry_name(
            "labs",
            i,
            &EntryName {
                test: Some(lab.test.label()),
                ..dated(lab.date)
            },
        );
        problems.date(&entry, Some(lab.date));
        let Some(factor) = lab.test.factor_to_canonical(lab.unit) else {
            let accepted: Vec<&str> = lab
                .test
                .accepted_units()
                .iter()
                .map(|unit| unit_name(unit.symbol()))
                .collect();
            problems.add(
                &entry,
                format!(
                    "{} is not reported in {}; use {}",
                    lab.test,
                    unit_name(lab.unit.symbol()),
                    accepted.join(" or ")
                ),
            );
            continue;
        };
        let max = lab.test.plausible_max() / factor;
        let unit = lab.unit.symbol();
        problems.amount(&entry, Some(lab.value), max, unit);
        uln(&entry, lab.test, lab.unit, lab.uln, max, problems);
        if lab
            .source
            .as_deref()
            .is_some_and(|source| source.trim().is_empty())
        {
            problems.add(&entry, "its source must not be empty".to_owned());
        }
    }
}

/// A ULN the reporting lab could have given (SPEC.md §4): a ULN of 400 U/L for ALT would hide
/// every elevation.
fn uln(
    entry: &str,
    test: LabTest,
    unit: LabUnit,
    uln: Option<f64>,
    max: f64,
    problems: &mut Problems,
) {
    let Some(value) = uln else { return };
    let symbol = unit.symbol();
    let what = format!("{entry}: ULN");
    let before = problems.0.len();
    problems.amount(&what, Some(value), max, symbol);
    if problems.0.len() > before {
        return;
    }
    if let Some(bounds) = test.uln_bounds(unit)
        && !(bounds.low..=bounds.high).contains(&value)
    {
        problems.add(
            entry,
            format!(
                "a ULN of {} {symbol} is not plausible for {test} ({} to {} {symbol})",
                number(value),
                number(bounds.low),
                number(bounds.high),
            ),
        );
    }
}

fn medications(record: &Record, problems: &mut Problems) {
    for (i, medication) in record.medications.iter().enumerate() {
        let entry = entry_name(
            "medications",
            i,
            &EntryName {
                name: Some(medication.name.clone()),
                ..EntryName::default()
            },
        );
        if medication.name.trim().is_empty() {
            problems.add(&entry, "its name must not be empty".to_owned());
        }
        problems.date(&entry, medication.start);
        problems.date(&entry, medication.stop);
        if let (Some(start), Some(stop)) = (medication.start, medication.stop)
            && stop < start
        {
            problems.add(
                &entry,
                format!("the stop date {stop} is before the start, {start}"),
            );
        }
        problems.amount(
            &entry,
            medication.daily_dose_mg,
            MAX_MEDICATION_MG_PER_DAY,
            "mg/day",
        );
        if let Some(days) = medication.days_per_week
            && days > 7
        {
            problems.add(
                &entry,
                format!("{days} days a week is more than the 7 days of a week"),
            );
        }
    }
}

/// A decision needs its detail and a reason (SPEC.md §4).
fn decisions(record: &Record, problems: &mut Problems) {
    for (i, decision) in record.decisions.iter().enumerate() {
        let entry = entry_name(
            "decisions",
            i,
            &EntryName {
                name: Some(decision.rule.to_string()),
                ..dated(decision.date)
            },
        );
        problems.date(&entry, Some(decision.date));
        if decision.detail.trim().is_empty() {
            problems.add(&entry, "the finding it decides on is missing".to_owned());
        }
        if decision.reason.trim().is_empty() {
            problems.add(&entry, "a reason is required".to_owned());
        }
    }
}

/// How a unit is named in a message: INR's unit is the bare number 1.
fn unit_name(symbol: &str) -> &str {
    if symbol.is_empty() { "\"1\"" } else { symbol }
}

#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, entry: &str, message: String) {
        self.0.push(Problem {
            entry: entry.to_owned(),
            message,
        });
    }

    fn date(&mut self, entry: &str, date: Option<NaiveDate>) {
        if let Some(date) = date
            && !(EARLIEST_YEAR..=LATEST_YEAR).contains(&date.year())
        {
            self.add(
                entry,
                format!("{date} is not a plausible date (years {EARLIEST_YEAR} to {LATEST_YEAR})"),
            );
        }
    }

    /// A quantity that must be finite, not negative and at most `max`.
    fn amount(&mut self, entry: &str, value: Option<f64>, max: f64, unit: &str) {
        let Some(value) = value else { return };
        let unit = if unit.is_empty() {
            String::new()
        } else {
            format!(" {unit}")
        };
        if value.is_nan() {
            self.add(entry, "NaN is not a number".to_owned());
        } else if value.is_infinite() {
            self.add(entry, "infinity is not a measured value".to_owned());
        } else if value < 0.0 {
            self.add(entry, format!("{}{unit} is negative", number(value)));
        } else if value > max {
            self.add(
                entry,
                format!(
                    "{}{unit} is not plausible (at most {}{unit})",
                    number(value),
                    number(max)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Decision, DecisionAction, Lab, Medication};

    fn lab(test: LabTest, value: f64, unit: LabUnit) -> Lab {
        Lab {
            date: NaiveDate::from_ymd_opt(2026, 10, 9).expect("valid"),
            test,
            value,
            unit,
            uln: None,
            source: None,
        }
    }

    fn messages(record: &Record) -> Vec<String> {
        validate(record).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_new_record_is_valid() {
        assert_eq!(messages(&Record::new("MRN-1")), Vec::<String>::new());
    }

    #[test]
    fn a_negative_value_names_the_entry_in_words() {
        let mut record = Record::new("MRN-1");
        record.labs = vec![
            lab(LabTest::Ast, 30.0, LabUnit::UnitsPerLitre),
            lab(LabTest::Alt, -44.0, LabUnit::UnitsPerLitre),
        ];
        assert_eq!(
            messages(&record),
            ["ALT of 2026-10-09: −44 U/L is negative"]
        );
    }

    #[test]
    fn a_value_in_a_unit_the_test_is_not_reported_in_is_refused() {
        let mut record = Record::new("MRN-1");
        record.labs = vec![lab(LabTest::Alt, 30.0, LabUnit::MgPerDl)];
        assert_eq!(
            messages(&record),
            ["ALT of 2026-10-09: ALT is not reported in mg/dL; use U/L or IU/L"]
        );
    }

    #[test]
    fn an_implausible_value_is_refused_in_its_own_unit() {
        let mut record = Record::new("MRN-1");
        // 70 mg/dL of bilirubin is not survivable; 70 µmol/L is a plausible result.
        record.labs = vec![
            lab(LabTest::Bilirubin, 70.0, LabUnit::MgPerDl),
            lab(LabTest::Bilirubin, 70.0, LabUnit::UmolPerL),
        ];
        let found = messages(&record);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("total bilirubin of 2026-10-09: 70 mg/dL is not plausible"));
    }

    /// ULNs at the plausibility bounds load; one step outside them is refused (SPEC.md §4).
    #[test]
    fn ulns_at_the_bounds_are_accepted_and_one_step_outside_refused() {
        let cases = [
            (
                LabTest::Alt,
                LabUnit::UnitsPerLitre,
                10.0,
                200.0,
                9.9,
                200.1,
            ),
            (
                LabTest::Ast,
                LabUnit::InternationalUnitsPerLitre,
                10.0,
                200.0,
                9.9,
                200.1,
            ),
            (
                LabTest::Alp,
                LabUnit::UnitsPerLitre,
                30.0,
                600.0,
                29.9,
                600.1,
            ),
            (LabTest::Bilirubin, LabUnit::MgPerDl, 0.3, 5.0, 0.29, 5.01),
            (LabTest::Bilirubin, LabUnit::UmolPerL, 5.0, 85.0, 4.9, 85.1),
        ];
        for (test, unit, low, high, below, above) in cases {
            for (uln, valid) in [(low, true), (high, true), (below, false), (above, false)] {
                let mut record = Record::new("MRN-1");
                let mut result = lab(test, 1.0, unit);
                result.uln = Some(uln);
                record.labs = vec![result];
                let found = messages(&record);
                assert_eq!(
                    found.is_empty(),
                    valid,
                    "{test} ULN {uln} {unit}: {found:?}"
                );
                if !valid {
                    assert!(found[0].contains("is not plausible for"), "{found:?}");
                }
            }
        }
    }

    #[test]
    fn a_uln_of_400_for_alt_is_refused_naming_the_entry() {
        let mut record = Record::new("MRN-1");
        let mut result = lab(LabTest::Alt, 150.0, LabUnit::UnitsPerLitre);
        result.uln = Some(400.0);
        record.labs = vec![result];
        assert_eq!(
            messages(&record),
            ["ALT of 2026-10-09: a ULN of 400 U/L is not plausible for ALT (10 to 200 U/L)"]
        );
    }

    #[test]
    fn a_zero_uln_and_a_nan_are_refused() {
        let mut record = Record::new("MRN-1");
        let mut zero = lab(LabTest::Alt, 30.0, LabUnit::UnitsPerLitre);
        zero.uln = Some(0.0);
        let nan = lab(LabTest::Ast, f64::NAN, LabUnit::UnitsPerLitre);
        record.labs = vec![zero, nan];
        assert_eq!(
            messages(&record),
            [
                "ALT of 2026-10-09: a ULN of 0 U/L is not plausible for ALT (10 to 200 U/L)",
                "AST of 2026-10-09: NaN is not a number"
            ]
        );
    }

    #[test]
    fn medication_problems_name_the_medication() {
        let mut record = Record::new("MRN-1");
        record.medications = vec![Medication {
            name: " ".to_owned(),
            start: NaiveDate::from_ymd_opt(2025, 3, 1),
            stop: NaiveDate::from_ymd_opt(2025, 2, 1),
            daily_dose_mg: Some(-1.0),
            days_per_week: Some(8),
        }];
        assert_eq!(
            messages(&record),
            [
                "medication 1: its name must not be empty",
                "medication 1: the stop date 2025-02-01 is before the start, 2025-03-01",
                "medication 1: −1 mg/day is negative",
                "medication 1: 8 days a week is more than the 7 days of a week",
            ]
        );
    }

    #[test]
    fn an_empty_patient_id_and_an_old_date_are_refused() {
        let mut record = Record::new("  ");
        record.patient.birth_date = NaiveDate::from_ymd_opt(1875, 4, 2);
        assert_eq!(
            messages(&record),
            [
                "patient ID: must not be empty",
                "birth date: 1875-04-02 is not a plausible date (years 1900 to 2200)"
            ]
        );
    }

    #[test]
    fn a_decision_needs_a_reason() {
        let mut record = Record::new("MRN-1");
        record.decisions = vec![Decision {
            date: NaiveDate::from_ymd_opt(2025, 5, 7).expect("valid"),
            rule: crate::knowledge::RuleId::Tox4,
            detail: "ALT …".to_owned(),
            action: DecisionAction::Overridden,
            by: None,
            reason: " ".to_owned(),
        }];
        assert_eq!(
            messages(&record),
            ["decision on R-TOX-4 of 2025-05-07: a reason is required"]
        );
    }

    #[test]
    fn fields_outside_the_lists_read_as_words() {
        assert_eq!(field_name("patient.birth_date"), "birth date");
        assert_eq!(
            field_name("conditions.active_liver_disease"),
            "conditions → active liver disease"
        );
    }
}
