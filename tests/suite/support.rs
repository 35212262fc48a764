//! Builders that make a test read like a clinical case: an eligible patient (homozygous FH) with a normal
//! baseline on 2025-04-03, weekly Monday doses from 2025-04-07, and helpers to add results.

use chrono::NaiveDate;
use mipomersen_monitor::knowledge::RuleId;
use mipomersen_monitor::record::{
    Conditions, Diagnosis, Dose, DoseChecklist, DoseWeekday, Event, EventKind, Lab, LabTest,
    Record, Rems, Route, Sex, Site, Symptom, SymptomKind, Therapy,
};
use mipomersen_monitor::rules::{self, Assessment};

/// A date from its ISO text.
pub fn d(text: &str) -> NaiveDate {
    text.parse().expect("a valid test date")
}

/// The first dose of [`on_therapy`] records.
pub const START: &str = "2025-04-07";

/// Eligible, certified, not started, with a complete normal baseline on 2025-04-03.
pub fn eligible() -> Record {
    let mut record = Record::new("H-0001");
    record.patient.name = Some("Case Patient".to_owned());
    record.patient.birth_date = Some(d("1980-03-10"));
    record.patient.sex = Some(Sex::Male);
    record.patient.reproductive_potential = Some(false);
    record.patient.pregnant = Some(false);
    record.diagnosis = Some(Diagnosis::Hofh);
    record.conditions = Conditions::none_present();
    record.alcohol_drinks_per_day = Some(0.0);
    record.rems = Rems {
        prescriber_certified: Some(true),
        pharmacy_certified: Some(true),
    };
    record.therapy = Therapy {
        dose_weekday: Some(DoseWeekday::Monday),
    };
    add_panel(&mut record, "2025-04-03", 30.0, 28.0);
    add_lab(&mut record, "2025-04-03", LabTest::Alp, 80.0, Some(120.0));
    add_lab(
        &mut record,
        "2025-04-03",
        LabTest::Bilirubin,
        0.6,
        Some(1.2),
    );
    add_lab(&mut record, "2025-04-03", LabTest::LdlC, 420.0, None);
    record
}

/// [`eligible`], with weekly doses on Mondays from [`START`] through `last_dose`.
pub fn on_therapy(last_dose: &str) -> Record {
    let mut record = eligible();
    let mut date = d(START);
    while date <= d(last_dose) {
        record.doses.push(dose(date));
        date = date + chrono::Days::new(7);
    }
    record
}

/// [`on_therapy`], with a normal liver panel on the day of the last dose, so the liver tests are
/// up to date (R-MON-4 would otherwise ask for them first).
pub fn monitored(last_dose: &str) -> Record {
    let mut record = on_therapy(last_dose);
    let last = record.doses.last().map(|dose| dose.date.to_string());
    add_panel(
        &mut record,
        &last.unwrap_or_else(|| START.to_owned()),
        30.0,
        28.0,
    );
    record
}

/// A correct 200 mg subcutaneous dose with its checklist done.
pub fn dose(date: NaiveDate) -> Dose {
    Dose {
        date,
        dose_mg: Some(200.0),
        route: Some(Route::Subcutaneous),
        site: Some(Site::Abdomen),
        checklist: DoseChecklist {
            warmed_30_min: Some(true),
            inspected_clear: Some(true),
            skin_ok: Some(true),
        },
        source: None,
    }
}

/// A result in the test's canonical unit.
pub fn add_lab(record: &mut Record, date: &str, test: LabTest, value: f64, uln: Option<f64>) {
    record.labs.push(Lab {
        date: d(date),
        test,
        value,
        unit: test.canonical_unit(),
        uln,
        source: None,
    });
}

/// ALT and AST with a ULN of 40 U/L.
pub fn add_panel(record: &mut Record, date: &str, alt: f64, ast: f64) {
    add_lab(record, date, LabTest::Alt, alt, Some(40.0));
    add_lab(record, date, LabTest::Ast, ast, Some(40.0));
}

/// ALT at `x_uln` times a ULN of 40 U/L, AST normal.
pub fn add_alt_x(record: &mut Record, date: &str, x_uln: f64) {
    add_panel(record, date, 40.0 * x_uln, 30.0);
}

pub fn add_symptom(record: &mut Record, date: &str, kind: SymptomKind) {
    record.symptoms.push(Symptom {
        date: d(date),
        kind,
        note: None,
    });
}

pub fn add_event(record: &mut Record, date: &str, kind: EventKind) {
    record.events.push(Event {
        date: d(date),
        kind,
        note: None,
    });
}

pub fn evaluate(record: &Record, today: &str) -> Assessment {
    rules::evaluate(record, d(today))
}

/// The rule IDs of the findings, in the assessment's order.
pub fn rules_of(assessment: &Assessment) -> Vec<&'static str> {
    assessment
        .findings
        .iter()
        .map(|f| f.rule.as_str())
        .collect()
}

/// Asserts a finding of `rule` is present and returns it.
#[track_caller]
pub fn finding(assessment: &Assessment, rule: RuleId) -> &rules::Finding {
    assessment
        .finding(rule)
        .unwrap_or_else(|| panic!("no {rule} among {:?}", rules_of(assessment)))
}

#[track_caller]
pub fn assert_absent(assessment: &Assessment, rule: RuleId) {
    assert!(
        !assessment.has(rule),
        "{rule} should be absent: {:#?}",
        assessment.finding(rule)
    );
}

/// The demo patient saved as `patient.json` in `folder`.
pub fn demo_in(folder: &std::path::Path) -> std::path::PathBuf {
    let path = folder.join("patient.json");
    let demo = mipomersen_monitor::record::parse(mipomersen_monitor::DEMO_PATIENT).expect("valid");
    mipomersen_monitor::record::save(&demo, &path).expect("saved");
    path
}
