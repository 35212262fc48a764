//! The series the trend plots show, read as the rules read the record (`Facts`), so the app's
//! plots and the printed charts draw exactly what the rules judged.

use chrono::NaiveDate;

use crate::record::{LabTest, LabUnit};
use crate::rules::Facts;

/// One point of a series: a date and a value.
pub type Point = (NaiveDate, f64);

/// The lipids a chart can show.
pub const LIPIDS: [LabTest; 6] = [
    LabTest::LdlC,
    LabTest::TotalC,
    LabTest::HdlC,
    LabTest::Triglycerides,
    LabTest::Apob,
    LabTest::NonHdlC,
];

/// A test's results as ×ULN (ALT, AST, ALP, bilirubin), oldest first.
pub fn ratio_series(facts: &Facts, test: LabTest) -> Vec<Point> {
    facts
        .results(test)
        .filter(|result| result.x_uln.is_finite())
        .map(|result| (result.date, result.x_uln))
        .collect()
}

/// A result as a plot's hover reads it: the value and unit as recorded, and the ×ULN the rules
/// judged it by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    pub date: NaiveDate,
    pub value: f64,
    pub unit: LabUnit,
    pub x_uln: f64,
}

/// A test's results with their ×ULN (ALT, AST, ALP, bilirubin), oldest first.
pub fn ratio_readings(facts: &Facts, test: LabTest) -> Vec<Reading> {
    facts
        .results(test)
        .filter(|result| result.x_uln.is_finite())
        .map(|result| Reading {
            date: result.date,
            value: result.lab.value,
            unit: result.lab.unit,
            x_uln: result.x_uln,
        })
        .collect()
}

/// A test's results in `unit`, oldest first.
pub fn value_series(facts: &Facts, test: LabTest, unit: LabUnit) -> Vec<Point> {
    facts
        .results(test)
        .filter_map(|result| {
            let value = test.convert(result.value, test.canonical_unit(), unit)?;
            Some((result.date, value))
        })
        .collect()
}

/// The baseline of a test in `unit`: its last result on or before the first dose.
pub fn baseline(facts: &Facts, test: LabTest, unit: LabUnit) -> Option<f64> {
    let start = facts.start?;
    let result = facts
        .results(test)
        .rev()
        .find(|result| result.date <= start)?;
    test.convert(result.value, test.canonical_unit(), unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::parse;

    #[test]
    fn the_demo_series_are_in_date_order_and_in_the_asked_unit() {
        let record = parse(crate::DEMO_PATIENT).expect("valid");
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid");
        let facts = Facts::new(&record, today);
        let alt = ratio_series(&facts, LabTest::Alt);
        assert!(alt.windows(2).all(|pair| pair[0].0 <= pair[1].0));
        assert!(alt.iter().any(|&(_, x)| x >= 3.0), "the demo's elevation");
        let readings = ratio_readings(&facts, LabTest::Alt);
        assert_eq!(readings.len(), alt.len());
        for (reading, &(date, x_uln)) in readings.iter().zip(&alt) {
            assert_eq!((reading.date, reading.x_uln), (date, x_uln));
            assert_eq!(reading.unit, LabUnit::UnitsPerLitre);
        }
        let ldl = value_series(&facts, LabTest::LdlC, LabUnit::MmolPerL);
        let baseline_mmol = baseline(&facts, LabTest::LdlC, LabUnit::MmolPerL).expect("one");
        assert!((baseline_mmol - 412.0 / 38.67).abs() < 1e-9);
        assert!((ldl[0].1 - baseline_mmol).abs() < 1e-9);
    }
}
