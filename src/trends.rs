//! The series the trend plots show, read as the rules read the record (`Facts`), so the app's
//! plots and the printed charts draw exactly what the rules judged.

use chrono::NaiveDate;

use crate::record::{LabTest, LabUnit, Record};
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

/// Everything the app's plots draw, read from the record once per evaluation (the app keeps it
/// beside the assessment), so a frame only draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Trends {
    pub alt: Vec<Reading>,
    pub ast: Vec<Reading>,
    pub bilirubin: Vec<Reading>,
    /// Each of [`LIPIDS`], in its canonical unit, with its baseline.
    lipids: Vec<Lipid>,
    /// The doses given, with the dose in mg where it was recorded.
    pub doses: Vec<(NaiveDate, Option<f64>)>,
    /// The first result or dose: where "all" begins.
    pub earliest: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
struct Lipid {
    test: LabTest,
    results: Vec<Point>,
    baseline: Option<f64>,
}

impl Trends {
    pub fn new(record: &Record, today: NaiveDate) -> Self {
        let facts = Facts::new(record, today);
        let lipids = LIPIDS
            .iter()
            .map(|&test| {
                let unit = test.canonical_unit();
                Lipid {
                    test,
                    results: value_series(&facts, test, unit),
                    baseline: baseline(&facts, test, unit),
                }
            })
            .collect();
        let first_result = facts.labs.first().map(|result| result.date);
        let first_dose = facts.doses.first().map(|dose| dose.date);
        Trends {
            alt: ratio_readings(&facts, LabTest::Alt),
            ast: ratio_readings(&facts, LabTest::Ast),
            bilirubin: ratio_readings(&facts, LabTest::Bilirubin),
            lipids,
            doses: facts
                .doses
                .iter()
                .map(|dose| (dose.date, dose.dose_mg))
                .collect(),
            earliest: first_result.into_iter().chain(first_dose).min(),
        }
    }

    /// A lipid's results and its baseline in `unit`; none for a test that is not a lipid.
    pub fn lipid(&self, test: LabTest, unit: LabUnit) -> (Vec<Point>, Option<f64>) {
        let Some(lipid) = self.lipids.iter().find(|lipid| lipid.test == test) else {
            return (Vec::new(), None);
        };
        let from = test.canonical_unit();
        let results = lipid
            .results
            .iter()
            .filter_map(|&(date, value)| Some((date, test.convert(value, from, unit)?)))
            .collect();
        let baseline = lipid
            .baseline
            .and_then(|value| test.convert(value, from, unit));
        (results, baseline)
    }
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

    #[test]
    fn the_trends_hold_what_the_series_give_in_any_unit() {
        let record = parse(crate::DEMO_PATIENT).expect("valid");
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid");
        let facts = Facts::new(&record, today);
        let trends = Trends::new(&record, today);
        assert_eq!(trends.alt, ratio_readings(&facts, LabTest::Alt));
        assert_eq!(trends.bilirubin, ratio_readings(&facts, LabTest::Bilirubin));
        for unit in [LabUnit::MgPerDl, LabUnit::MmolPerL] {
            let (results, baseline_value) = trends.lipid(LabTest::LdlC, unit);
            let expected = value_series(&facts, LabTest::LdlC, unit);
            assert_eq!(results.len(), expected.len());
            for (got, want) in results.iter().zip(&expected) {
                assert_eq!(got.0, want.0);
                assert!((got.1 - want.1).abs() < 1e-9);
            }
            let want = baseline(&facts, LabTest::LdlC, unit).expect("a baseline");
            assert!((baseline_value.expect("a baseline") - want).abs() < 1e-9);
        }
        assert_eq!(trends.doses.len(), facts.doses.len());
        let first_lab = facts.labs.first().map(|result| result.date);
        assert_eq!(
            trends.earliest,
            first_lab.min(facts.doses.first().map(|d| d.date))
        );
        assert_eq!(
            trends.lipid(LabTest::Alt, LabUnit::MgPerDl),
            (Vec::new(), None)
        );
    }
}
