//! R-STO-1..2 (syringe storage), R-AE-1..3 (adverse reactions), R-ULN-1 and R-DATA-1.

use mipomersen_monitor::knowledge::{RuleId, Severity};
use mipomersen_monitor::record::{EventKind, LabTest, SymptomKind, Syringe};
use mipomersen_monitor::rules::Status;

use crate::support::*;

fn syringe(out_since: Option<&str>, above_30c: Option<bool>, used: Option<&str>) -> Syringe {
    Syringe {
        id: "lot 4711-3".to_owned(),
        out_of_fridge_since: out_since.map(d),
        above_30c,
        used: used.map(d),
    }
}

#[test]
fn r_sto_1_more_than_14_days_out_of_the_fridge_and_unused_is_discarded() {
    let mut record = on_therapy("2025-05-26");
    record.supply = vec![syringe(Some("2025-05-14"), Some(false), None)];
    assert_absent(&evaluate(&record, "2025-05-28"), RuleId::Sto1); // 14 days
    let assessment = evaluate(&record, "2025-05-29"); // 15 days
    let discard = finding(&assessment, RuleId::Sto1);
    assert_eq!(discard.severity, Severity::Warning);
    assert!(discard.detail.contains("lot 4711-3"));
    record.supply[0].used = Some(d("2025-05-20"));
    assert_absent(&evaluate(&record, "2025-05-29"), RuleId::Sto1);
}

#[test]
fn r_sto_2_exposure_above_30c_is_discarded() {
    let mut record = on_therapy("2025-05-26");
    let mut unknown = syringe(None, None, None);
    unknown.id = "lot 4711-4".to_owned();
    let mut cool = syringe(None, Some(false), None);
    cool.id = "lot 4711-5".to_owned();
    record.supply = vec![syringe(None, Some(true), None), unknown, cool];
    let assessment = evaluate(&record, "2025-05-28");
    let discard = &finding(&assessment, RuleId::Sto2).detail;
    assert!(discard.contains("lot 4711-3"), "{discard}");
    assert_eq!(
        finding(&assessment, RuleId::Sto2).severity,
        Severity::Warning
    );
    let count = assessment
        .findings
        .iter()
        .filter(|f| f.rule == RuleId::Sto2)
        .count();
    assert_eq!(count, 1, "unknown exposure is not exposure, nor is 'no'");
}

#[test]
fn r_ae_1_flu_like_symptoms_within_2_days_of_a_dose_are_expected() {
    let mut record = on_therapy("2025-05-26");
    add_symptom(&mut record, "2025-05-28", SymptomKind::FluLike);
    assert_eq!(
        finding(&evaluate(&record, "2025-05-29"), RuleId::Ae1).severity,
        Severity::Info
    );
    let mut later = on_therapy("2025-05-26");
    add_symptom(&mut later, "2025-05-29", SymptomKind::FluLike);
    assert_absent(&evaluate(&later, "2025-05-30"), RuleId::Ae1);
    // On the dose's own day it counts, and against that dose, not the week before's.
    let mut same_day = on_therapy("2025-05-26");
    add_symptom(&mut same_day, "2025-05-26", SymptomKind::FluLike);
    let expected = finding(&evaluate(&same_day, "2025-05-27"), RuleId::Ae1).clone();
    assert!(
        expected.detail.contains("2025-05-26 (dose on 2025-05-26)"),
        "{}",
        expected.detail
    );
}

#[test]
fn r_ae_2_injection_site_reactions_inform() {
    let mut record = on_therapy("2025-05-26");
    add_symptom(
        &mut record,
        "2025-05-27",
        SymptomKind::InjectionSiteReaction,
    );
    add_symptom(
        &mut record,
        "2025-05-20",
        SymptomKind::InjectionSiteReaction,
    );
    let reaction = evaluate(&record, "2025-05-28");
    let ae2 = finding(&reaction, RuleId::Ae2);
    assert_eq!(ae2.severity, Severity::Info);
    assert!(
        ae2.detail.contains("2025-05-20 and 2025-05-27"),
        "{}",
        ae2.detail
    );
}

#[test]
fn r_ae_3_urticaria_or_rash_warns_of_hypersensitivity() {
    for kind in [SymptomKind::Urticaria, SymptomKind::Rash] {
        let mut record = monitored("2025-05-26");
        add_symptom(&mut record, "2025-05-27", kind);
        let assessment = evaluate(&record, "2025-05-28");
        assert_eq!(
            finding(&assessment, RuleId::Ae3).severity,
            Severity::Warning
        );
        assert_eq!(assessment.status, Status::Continue);
    }
}

/// Rev 2: angioedema holds the doses (critical) until a `resumed` event dated on or after it.
#[test]
fn r_ae_3_angioedema_withholds_until_the_clinician_resumes() {
    let mut record = monitored("2025-05-26");
    add_symptom(&mut record, "2025-05-27", SymptomKind::Angioedema);
    let held = evaluate(&record, "2025-05-28");
    assert_eq!(held.status, Status::Withhold);
    assert_eq!(finding(&held, RuleId::Ae3).severity, Severity::Critical);
    assert_eq!(held.next_dose, None);
    assert_eq!(
        held.withheld
            .last()
            .map(|period| (period.from, period.until)),
        Some((d("2025-05-27"), None))
    );

    // A resumption dated before the angioedema does not end its hold; one on the day does.
    let mut resumed_before = record.clone();
    add_event(&mut resumed_before, "2025-05-26", EventKind::Resumed);
    assert_eq!(
        evaluate(&resumed_before, "2025-05-28").status,
        Status::Withhold
    );
    add_event(&mut record, "2025-05-27", EventKind::Resumed);
    let resumed = evaluate(&record, "2025-05-28");
    assert_eq!(resumed.status, Status::Continue);
    assert_eq!(finding(&resumed, RuleId::Ae3).severity, Severity::Warning);
    assert_eq!(resumed.next_dose, Some(d("2025-06-02")));

    // Recording the hypersensitivity makes it a contraindication (R-CI-1).
    let mut confirmed = on_therapy("2025-05-26");
    add_symptom(&mut confirmed, "2025-05-27", SymptomKind::Angioedema);
    confirmed.conditions.hypersensitivity = Some(true);
    assert_eq!(
        evaluate(&confirmed, "2025-05-28").status,
        Status::Contraindicated
    );
}

#[test]
fn r_ae_3_angioedema_before_the_first_dose_does_not_hold() {
    let mut record = eligible();
    add_symptom(&mut record, "2025-04-01", SymptomKind::Angioedema);
    let assessment = evaluate(&record, "2025-04-04");
    assert_absent(&assessment, RuleId::Ae3);
    assert_eq!(assessment.status, Status::OkToStart);
}

#[test]
fn r_dose_5_a_dose_during_an_angioedema_hold_is_flagged_but_not_on_its_day() {
    let mut record = monitored("2025-05-26");
    add_symptom(&mut record, "2025-05-26", SymptomKind::Angioedema);
    // The dose of the angioedema's day may have come first.
    assert_absent(&evaluate(&record, "2025-05-28"), RuleId::Dose5);
    record.doses.push(dose(d("2025-06-02")));
    let flagged = evaluate(&record, "2025-06-03");
    assert!(
        finding(&flagged, RuleId::Dose5)
            .detail
            .contains("angioedema had withheld therapy")
    );
}

/// The angioedema hold ends on the resumption's day: a dose the day before it was given while
/// held, one on the day or after was not.
#[test]
fn r_dose_5_an_angioedema_hold_ends_on_the_day_of_the_resumption() {
    let mut record = monitored("2025-05-26");
    add_symptom(&mut record, "2025-05-27", SymptomKind::Angioedema);
    add_event(&mut record, "2025-06-02", EventKind::Resumed);
    let flagged_for = |dose_on: &str| {
        let mut with_dose = record.clone();
        with_dose.doses.push(dose(d(dose_on)));
        evaluate(&with_dose, "2025-06-10").has(RuleId::Dose5)
    };
    assert!(flagged_for("2025-06-01"), "the day before the resumption");
    assert!(!flagged_for("2025-06-02"), "the day of the resumption");
    assert!(!flagged_for("2025-06-09"), "a week after it");
}

/// R-AE-3 reads angioedema, urticaria and rash dated on therapy, and nothing else.
#[test]
fn r_ae_3_is_not_raised_by_other_symptoms_or_by_a_rash_before_therapy() {
    let mut record = monitored("2025-05-26");
    add_symptom(&mut record, "2025-04-01", SymptomKind::Rash); // before the first dose (START)
    add_symptom(
        &mut record,
        "2025-05-27",
        SymptomKind::InjectionSiteReaction,
    );
    assert_absent(&evaluate(&record, "2025-05-28"), RuleId::Ae3);
    add_symptom(&mut record, "2025-05-28", SymptomKind::Urticaria);
    let raised = evaluate(&record, "2025-05-29");
    let detail = &finding(&raised, RuleId::Ae3).detail;
    assert!(detail.contains("2025-05-28"), "{detail}");
    assert!(
        !detail.contains("2025-04-01"),
        "the rash before therapy: {detail}"
    );
    assert!(
        !detail.contains("2025-05-27"),
        "the injection-site reaction: {detail}"
    );
}

/// A lipid has no upper limit of normal: a ULN a file gives it is never read as a ×ULN.
#[test]
fn a_test_without_a_uln_has_no_x_uln_whatever_the_file_says() {
    let mut record = on_therapy("2025-05-05");
    add_lab(&mut record, "2025-05-05", LabTest::LdlC, 190.0, Some(100.0));
    let reading = mipomersen_monitor::rules::reading(&record.labs[record.labs.len() - 1]);
    assert!(reading.x_uln.is_nan(), "{}", reading.x_uln);
    assert!(!reading.default_uln);
}

#[test]
fn r_uln_1_a_missing_uln_uses_the_default_and_says_so() {
    let mut record = on_therapy("2025-05-05");
    add_lab(&mut record, "2025-05-05", LabTest::Alt, 120.0, None); // 3× the default 40 U/L
    let assessment = evaluate(&record, "2025-05-06");
    assert_eq!(assessment.status, Status::Confirm);
    let default = finding(&assessment, RuleId::Uln1);
    assert_eq!(default.severity, Severity::Info);
    assert!(
        default.detail.contains("ALT of 2025-05-05 (ULN 40 U/L)"),
        "{}",
        default.detail
    );
}

#[test]
fn r_uln_1_the_default_bilirubin_uln_applies_in_micromoles_too() {
    let mut record = on_therapy("2025-05-05");
    add_lab(&mut record, "2025-05-05", LabTest::Bilirubin, 41.1, None);
    let last = record.labs.len() - 1;
    record.labs[last].unit = mipomersen_monitor::record::LabUnit::UmolPerL;
    // 41.1 µmol/L is 2.4 mg/dL: twice the default 1.2 mg/dL (20.5 µmol/L).
    let assessment = evaluate(&record, "2025-05-06");
    assert!(assessment.has(RuleId::Uln1));
    assert!(assessment.has(RuleId::Tox6));
}

#[test]
fn r_data_1_entries_after_today_are_ignored_and_named() {
    let mut record = on_therapy("2025-05-05");
    add_alt_x(&mut record, "2025-05-07", 9.0);
    add_event(&mut record, "2025-05-08", EventKind::Discontinued);
    record.doses.push(dose(d("2025-05-12")));
    add_symptom(&mut record, "2025-05-09", SymptomKind::Jaundice);
    let assessment = evaluate(&record, "2025-05-06");
    assert_eq!(assessment.status, Status::Continue);
    assert_eq!(assessment.next_dose, Some(d("2025-05-12")));
    let ignored = finding(&assessment, RuleId::Data1);
    assert_eq!(ignored.severity, Severity::Caution);
    for entry in [
        "ALT of 2025-05-07",
        "AST of 2025-05-07",
        "\"discontinued\" event of 2025-05-08",
        "dose of 2025-05-12",
        "jaundice of 2025-05-09",
    ] {
        assert!(
            ignored.detail.contains(entry),
            "{entry}: {}",
            ignored.detail
        );
    }
    // On the day they happen, they count.
    assert_eq!(evaluate(&record, "2025-05-08").status, Status::Ended);
}
