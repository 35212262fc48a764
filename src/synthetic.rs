//! Synthetic patient records of realistic size and shape, for benchmarks and load tests.
//!
//! Deterministic: the same arguments always give the same record. Not clinical data.

use chrono::{Datelike, NaiveDate};

use crate::record::{
    Conditions, Diagnosis, Dose, DoseChecklist, DoseWeekday, Event, EventKind, Lab, LabTest,
    LabUnit, Medication, Record, Rems, Route, Sex, Site, Symptom, SymptomKind, Syringe, Therapy,
};
use crate::rules::calendar::add_days;

/// The size of a generated record.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub weekly_doses: u32,
    pub liver_panels: u32,
    pub medications: u32,
    pub symptoms: u32,
}

impl Shape {
    /// Ten years of therapy: 520 weekly doses, 130 liver panels each with a lipid panel,
    /// 20 medications and 50 symptoms.
    pub const TEN_YEARS: Shape = Shape {
        weekly_doses: 520,
        liver_panels: 130,
        medications: 20,
        symptoms: 50,
    };
}

/// A small, fixed pseudo-random sequence (no dependency, same on every platform).
struct Sequence(u64);

impl Sequence {
    /// A number in `[0, 1)`.
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        // The top 53 bits make an exact f64 fraction.
        #[allow(clippy::cast_precision_loss)]
        let fraction = (self.0 >> 11) as f64 / (1_u64 << 53) as f64;
        fraction
    }

    /// One of `items` (at most a few hundred).
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        let count = u32::try_from(items.len()).unwrap_or(u32::MAX);
        // Truncation is the point: an index from a fraction.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let index = (self.next() * f64::from(count)) as usize;
        items[index.min(items.len() - 1)]
    }
}

/// The day of the first dose of a generated record (a Monday).
pub fn first_dose() -> NaiveDate {
    NaiveDate::from_ymd_opt(2016, 1, 4).unwrap_or(NaiveDate::MIN)
}

/// A record of the given shape, starting on [`first_dose`]; `seed` varies the values.
pub fn record(shape: Shape, seed: u64) -> Record {
    let mut random = Sequence(seed ^ 0x9E37_79B9_7F4A_7C15);
    let mut record = patient(seed);
    record.doses = doses(shape);
    record.labs = labs(shape, &mut random);
    record.medications = medications(shape, &mut random);
    record.symptoms = symptoms(shape, &mut random);
    record.supply = vec![Syringe {
        id: format!("lot {}-1", 4000 + seed % 1000),
        out_of_fridge_since: None,
        above_30c: Some(false),
        used: None,
    }];
    // A clinician's hold from a Tuesday in mid-therapy.
    let mid = add_days(first_dose(), span_days(shape) / 2 / 7 * 7 + 1);
    record.events = vec![
        Event {
            date: mid,
            kind: EventKind::Withheld,
            note: Some("travel".to_owned()),
        },
        Event {
            // The Friday before the next Monday dose: a resumption precedes the dose it allows.
            date: add_days(mid, 4 - i64::from(mid.weekday().num_days_from_monday())),
            kind: EventKind::Resumed,
            note: Some(String::new()),
        },
    ];
    record.notes = Some("Synthetic record for benchmarks.".to_owned());
    record
}

/// Days from the first dose to the last.
fn span_days(shape: Shape) -> i64 {
    7 * i64::from(shape.weekly_doses.max(1))
}

/// An eligible patient (homozygous FH) with everything recorded.
fn patient(seed: u64) -> Record {
    let mut record = Record::new(format!("SYN-{seed:05}"));
    record.patient.name = Some(format!("Synthetic Patient {seed}"));
    record.patient.birth_date =
        NaiveDate::from_ymd_opt(1970 + [0, 7, 13, 21][(seed % 4) as usize], 3, 14);
    record.patient.sex = Some(if seed.is_multiple_of(2) {
        Sex::Female
    } else {
        Sex::Male
    });
    record.patient.reproductive_potential = Some(false);
    record.patient.pregnant = Some(false);
    record.diagnosis = Some(Diagnosis::Hofh);
    record.conditions = Conditions::none_present();
    record.alcohol_drinks_per_day = Some(0.5);
    record.rems = Rems {
        prescriber_certified: Some(true),
        pharmacy_certified: Some(true),
    };
    record.therapy = Therapy {
        dose_weekday: Some(DoseWeekday::Monday),
    };
    record
}

fn doses(shape: Shape) -> Vec<Dose> {
    let sites = [Site::Abdomen, Site::Thigh, Site::UpperArm];
    (0..shape.weekly_doses)
        .map(|week| Dose {
            date: add_days(first_dose(), 7 * i64::from(week)),
            dose_mg: Some(200.0),
            route: Some(Route::Subcutaneous),
            site: Some(sites[(week % 3) as usize]),
            checklist: DoseChecklist {
                warmed_30_min: Some(true),
                inspected_clear: Some(true),
                skin_ok: Some(true),
            },
            source: None,
        })
        .collect()
}

/// A baseline two weeks before the first dose, then evenly spaced liver panels with lipids.
fn labs(shape: Shape, random: &mut Sequence) -> Vec<Lab> {
    let step = span_days(shape) / i64::from(shape.liver_panels.max(1));
    let mut labs = Vec::new();
    for panel in 0..=shape.liver_panels {
        let date = add_days(first_dose(), step * i64::from(panel) - 14);
        let mut lab = |test, value: f64, unit, uln| {
            labs.push(Lab {
                date,
                test,
                value: (value * 10.0).round() / 10.0,
                unit,
                uln,
                source: None,
            });
        };
        let ldl = if panel == 0 { 420.0 } else { 300.0 } * (0.9 + 0.2 * random.next());
        let enzymes = LabUnit::UnitsPerLitre;
        lab(
            LabTest::Alt,
            20.0 + 70.0 * random.next(),
            enzymes,
            Some(40.0),
        );
        lab(
            LabTest::Ast,
            18.0 + 50.0 * random.next(),
            enzymes,
            Some(40.0),
        );
        lab(
            LabTest::Alp,
            60.0 + 50.0 * random.next(),
            enzymes,
            Some(120.0),
        );
        lab(
            LabTest::Bilirubin,
            0.4 + 0.6 * random.next(),
            LabUnit::MgPerDl,
            Some(1.2),
        );
        lab(LabTest::LdlC, ldl, LabUnit::MgPerDl, None);
        lab(LabTest::TotalC, ldl + 60.0, LabUnit::MgPerDl, None);
        lab(
            LabTest::HdlC,
            35.0 + 20.0 * random.next(),
            LabUnit::MgPerDl,
            None,
        );
        lab(
            LabTest::Triglycerides,
            90.0 + 80.0 * random.next(),
            LabUnit::MgPerDl,
            None,
        );
    }
    labs
}

fn medications(shape: Shape, random: &mut Sequence) -> Vec<Medication> {
    let names = [
        "Atorvastatin",
        "Ezetimibe",
        "Evolocumab",
        "Aspirin",
        "Lisinopril",
        "Metoprolol",
        "Acetaminophen",
        "Omeprazole",
        "Vitamin D3",
        "Doxycycline",
    ];
    (0..shape.medications)
        .map(|i| Medication {
            name: names[i as usize % names.len()].to_owned(),
            start: Some(add_days(first_dose(), -400 + 30 * i64::from(i))),
            stop: (i % 3 == 2).then(|| add_days(first_dose(), 200 + 90 * i64::from(i))),
            daily_dose_mg: Some(10.0 + 40.0 * random.next()),
            days_per_week: Some(7),
        })
        .collect()
}

fn symptoms(shape: Shape, random: &mut Sequence) -> Vec<Symptom> {
    let kinds = [
        SymptomKind::InjectionSiteReaction,
        SymptomKind::FluLike,
        SymptomKind::Nausea,
        SymptomKind::Other,
        SymptomKind::InjectionSiteReaction,
    ];
    (0..shape.symptoms)
        .map(|i| {
            let week = i * shape.weekly_doses.max(1) / shape.symptoms.max(1);
            Symptom {
                date: add_days(first_dose(), 7 * i64::from(week) + 1),
                kind: random.pick(&kinds),
                note: Some(String::new()),
            }
        })
        .collect()
}

/// The day after the last dose of a record of this shape: the natural "today" to assess it.
pub fn assessed_on(shape: Shape) -> NaiveDate {
    add_days(first_dose(), span_days(shape) - 6)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::validate;

    #[test]
    fn a_ten_year_record_has_the_promised_size_and_is_valid() {
        let record = record(Shape::TEN_YEARS, 1);
        assert_eq!(record.doses.len(), 520);
        assert_eq!(record.labs.len(), 131 * 8);
        assert_eq!(record.medications.len(), 20);
        assert_eq!(record.symptoms.len(), 50);
        assert_eq!(validate(&record), Vec::new());
    }

    #[test]
    fn the_same_seed_gives_the_same_record() {
        assert_eq!(record(Shape::TEN_YEARS, 7), record(Shape::TEN_YEARS, 7));
        assert_ne!(record(Shape::TEN_YEARS, 7), record(Shape::TEN_YEARS, 8));
    }
}
