//! Checks the values of a record: finite, not negative, plausible, in a known unit.
//!
//! Used on load and, by the app, on entry. Each problem names its entry the way the file spells
//! it (`labs[3].value`), so a clinician can find it.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::types::{FORMAT_NAME, Record};

/// Dates outside these years are typos, not history or plans.
const EARLIEST_YEAR: i32 = 1900;
const LATEST_YEAR: i32 = 2200;
/// More than ten syringes at once is not a dose anyone gives.
const MAX_DOSE_MG: f64 = 2_000.0;
const MAX_MEDICATION_MG_PER_DAY: f64 = 100_000.0;
const MAX_DRINKS_PER_DAY: f64 = 50.0;

/// One problem with one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, as the file spells it: `labs[3].value`.
    pub entry: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.entry, self.message)
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
        problems.add("patient.id", "must not be empty".to_owned());
    }
    problems.date("patient.birth_date", record.patient.birth_date);
    problems.amount(
        "alcohol_drinks_per_day",
        record.alcohol_drinks_per_day,
        MAX_DRINKS_PER_DAY,
        "drinks/day",
    );

    for (i, dose) in record.doses.iter().enumerate() {
        problems.date(&format!("doses[{i}].date"), Some(dose.date));
        let entry = format!("doses[{i}].dose_mg");
        problems.amount(&entry, dose.dose_mg, MAX_DOSE_MG, "mg");
        if dose.dose_mg == Some(0.0) {
            problems.add(&entry, "0 mg is not a dose".to_owned());
        }
    }

    labs(record, &mut problems);
    medications(record, &mut problems);
    for (i, symptom) in record.symptoms.iter().enumerate() {
        problems.date(&format!("symptoms[{i}].date"), Some(symptom.date));
    }
    for (i, syringe) in record.supply.iter().enumerate() {
        if syringe.id.trim().is_empty() {
            problems.add(&format!("supply[{i}].id"), "must not be empty".to_owned());
        }
        problems.date(
            &format!("supply[{i}].out_of_fridge_since"),
            syringe.out_of_fridge_since,
        );
        problems.date(&format!("supply[{i}].used"), syringe.used);
    }
    for (i, event) in record.events.iter().enumerate() {
        problems.date(&format!("events[{i}].date"), Some(event.date));
    }
    problems.0
}

/// Lab values: a unit the test is reported in, a plausible value and ULN.
fn labs(record: &Record, problems: &mut Problems) {
    for (i, lab) in record.labs.iter().enumerate() {
        problems.date(&format!("labs[{i}].date"), Some(lab.date));
        let Some(factor) = lab.test.factor_to_canonical(lab.unit) else {
            let accepted: Vec<&str> = lab
                .test
                .accepted_units()
                .iter()
                .map(|unit| unit_name(unit.symbol()))
                .collect();
            problems.add(
                &format!("labs[{i}].unit"),
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
        problems.amount(&format!("labs[{i}].value"), Some(lab.value), max, unit);
        let uln_entry = format!("labs[{i}].uln");
        problems.amount(&uln_entry, lab.uln, max, unit);
        if lab.uln == Some(0.0) {
            problems.add(
                &uln_entry,
                "an upper limit of normal of 0 is not possible".to_owned(),
            );
        }
    }
}

fn medications(record: &Record, problems: &mut Problems) {
    for (i, medication) in record.medications.iter().enumerate() {
        if medication.name.trim().is_empty() {
            problems.add(
                &format!("medications[{i}].name"),
                "must not be empty".to_owned(),
            );
        }
        problems.date(&format!("medications[{i}].start"), medication.start);
        problems.date(&format!("medications[{i}].stop"), medication.stop);
        if let (Some(start), Some(stop)) = (medication.start, medication.stop)
            && stop < start
        {
            problems.add(
                &format!("medications[{i}].stop"),
                format!("{stop} is before the start, {start}"),
            );
        }
        problems.amount(
            &format!("medications[{i}].daily_dose_mg"),
            medication.daily_dose_mg,
            MAX_MEDICATION_MG_PER_DAY,
            "mg/day",
        );
        if let Some(days) = medication.days_per_week
            && days > 7
        {
            problems.add(
                &format!("medications[{i}].days_per_week"),
                format!("{days} is more than the 7 days of a week"),
            );
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
        if !value.is_finite() {
            self.add(entry, format!("{value} is not a number"));
        } else if value < 0.0 {
            self.add(entry, format!("{value}{unit} is negative"));
        } else if value > max {
            self.add(
                entry,
                format!("{value}{unit} is not plausible (at most {max:.4}{unit})"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Lab, LabTest, LabUnit, Medication};

    fn lab(test: LabTest, value: f64, unit: LabUnit) -> Lab {
        Lab {
            date: NaiveDate::from_ymd_opt(2025, 1, 6).expect("valid"),
            test,
            value,
            unit,
            uln: None,
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
    fn a_negative_value_names_the_entry() {
        let mut record = Record::new("MRN-1");
        record.labs = vec![
            lab(LabTest::Alt, 30.0, LabUnit::UnitsPerLitre),
            lab(LabTest::Ast, 30.0, LabUnit::UnitsPerLitre),
            lab(LabTest::Alp, 30.0, LabUnit::UnitsPerLitre),
            lab(LabTest::Alt, -30.0, LabUnit::UnitsPerLitre),
        ];
        assert_eq!(messages(&record), ["labs[3].value: -30 U/L is negative"]);
    }

    #[test]
    fn a_value_in_a_unit_the_test_is_not_reported_in_is_refused() {
        let mut record = Record::new("MRN-1");
        record.labs = vec![lab(LabTest::Alt, 30.0, LabUnit::MgPerDl)];
        assert_eq!(
            messages(&record),
            ["labs[0].unit: ALT is not reported in mg/dL; use U/L or IU/L"]
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
        assert!(found[0].starts_with("labs[0].value: 70 mg/dL is not plausible"));
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
                "labs[0].uln: an upper limit of normal of 0 is not possible",
                "labs[1].value: NaN is not a number"
            ]
        );
    }

    #[test]
    fn medication_problems_name_the_entry() {
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
                "medications[0].name: must not be empty",
                "medications[0].stop: 2025-02-01 is before the start, 2025-03-01",
                "medications[0].daily_dose_mg: -1 mg/day is negative",
                "medications[0].days_per_week: 8 is more than the 7 days of a week",
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
                "patient.id: must not be empty",
                "patient.birth_date: 1875-04-02 is not a plausible date (years 1900 to 2200)"
            ]
        );
    }
}
