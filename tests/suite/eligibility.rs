//! R-CI-1..4, R-USE-1..9, R-REMS-1..2, and the status precedence of SPEC.md §2.

use mipomersen_monitor::knowledge::{RuleId, Severity};
use mipomersen_monitor::record::{
    ChildPugh, Conditions, Diagnosis, EventKind, RenalImpairment, Sex, SymptomKind,
};
use mipomersen_monitor::rules::Status;

use crate::support::*;

const TODAY: &str = "2025-04-06";

#[test]
fn an_eligible_patient_with_a_complete_baseline_may_start() {
    let assessment = evaluate(&eligible(), TODAY);
    assert_eq!(assessment.status, Status::OkToStart);
    assert_eq!(rules_of(&assessment), Vec::<&str>::new());
    assert_eq!(assessment.next_dose, None);
}

#[test]
fn r_ci_1_hypersensitivity_contraindicates() {
    let mut record = eligible();
    record.conditions.hypersensitivity = Some(true);
    let assessment = evaluate(&record, TODAY);
    assert_eq!(assessment.status, Status::Contraindicated);
    assert_eq!(
        finding(&assessment, RuleId::Ci1).severity,
        Severity::Critical
    );
    assert_eq!(
        finding(&assessment, RuleId::Ci1).source,
        "Contraindications"
    );
}

#[test]
fn r_ci_2_child_pugh_b_or_c_contraindicates_but_a_only_cautions() {
    for (class, contraindicated) in [
        (ChildPugh::B, true),
        (ChildPugh::C, true),
        (ChildPugh::A, false),
    ] {
        let mut record = eligible();
        record.conditions.child_pugh = Some(class);
        let assessment = evaluate(&record, TODAY);
        assert_eq!(assessment.has(RuleId::Ci2), contraindicated, "{class:?}");
        if contraindicated {
            let detail = &finding(&assessment, RuleId::Ci2).detail;
            assert!(detail.contains(class.label()), "{detail}");
        }
        assert_eq!(
            assessment.status == Status::Contraindicated,
            contraindicated
        );
        // R-USE-5: class A is hepatic impairment that has not been studied.
        assert_eq!(assessment.has(RuleId::Use5), !contraindicated);
        if !contraindicated {
            assert_eq!(
                finding(&assessment, RuleId::Use5).severity,
                Severity::Caution
            );
            assert_eq!(assessment.status, Status::OkToStart);
        }
    }
}

#[test]
fn r_ci_3_active_liver_disease_contraindicates() {
    let mut record = eligible();
    record.conditions.active_liver_disease = Some(true);
    let assessment = evaluate(&record, TODAY);
    assert_eq!(assessment.status, Status::Contraindicated);
    assert!(assessment.has(RuleId::Ci3));
}

#[test]
fn r_ci_4_unexplained_persistent_elevation_contraindicates() {
    let mut record = eligible();
    record.conditions.unexplained_transaminase_elevation = Some(true);
    let assessment = evaluate(&record, TODAY);
    assert_eq!(assessment.status, Status::Contraindicated);
    assert!(assessment.has(RuleId::Ci4));
}

#[test]
fn conditions_recorded_false_or_unknown_do_not_contraindicate() {
    let mut record = eligible();
    record.conditions = Conditions::default();
    let assessment = evaluate(&record, TODAY);
    for rule in [
        RuleId::Ci1,
        RuleId::Ci2,
        RuleId::Ci3,
        RuleId::Ci4,
        RuleId::Use2,
        RuleId::Use3,
    ] {
        assert_absent(&assessment, rule);
    }
    assert_eq!(assessment.status, Status::OkToStart);
    assert!(assessment.unknown.contains(&"hypersensitivity"));
    assert!(assessment.unknown.contains(&"Child-Pugh class"));
}

#[test]
fn r_use_1_anything_but_a_confirmed_hofh_is_not_indicated() {
    for diagnosis in [
        Some(Diagnosis::Hefh),
        Some(Diagnosis::Other),
        Some(Diagnosis::Unknown),
        None,
    ] {
        let mut record = eligible();
        record.diagnosis = diagnosis;
        let assessment = evaluate(&record, TODAY);
        assert_eq!(assessment.status, Status::NotIndicated, "{diagnosis:?}");
        assert_eq!(
            finding(&assessment, RuleId::Use1).severity,
            Severity::Critical
        );
    }
    let hefh = {
        let mut record = eligible();
        record.diagnosis = Some(Diagnosis::Hefh);
        evaluate(&record, TODAY)
    };
    assert!(finding(&hefh, RuleId::Use1).detail.contains("HeFH"));
}

#[test]
fn r_use_2_apheresis_warns() {
    let mut record = eligible();
    record.conditions.ldl_apheresis = Some(true);
    let assessment = evaluate(&record, TODAY);
    assert_eq!(
        finding(&assessment, RuleId::Use2).severity,
        Severity::Warning
    );
    assert_eq!(assessment.status, Status::OkToStart);
}

#[test]
fn r_use_3_severe_renal_impairment_dialysis_or_proteinuria_warns() {
    let mut severe = eligible();
    severe.conditions.renal_impairment = Some(RenalImpairment::Severe);
    let mut dialysis = eligible();
    dialysis.conditions.hemodialysis = Some(true);
    let mut proteinuria = eligible();
    proteinuria.conditions.proteinuria = Some(true);
    for record in [severe, dialysis, proteinuria] {
        let assessment = evaluate(&record, TODAY);
        assert_eq!(
            finding(&assessment, RuleId::Use3).severity,
            Severity::Warning
        );
        assert_absent(&assessment, RuleId::Use4);
    }
}

#[test]
fn r_use_4_mild_or_moderate_renal_impairment_cautions() {
    for grade in [RenalImpairment::Mild, RenalImpairment::Moderate] {
        let mut record = eligible();
        record.conditions.renal_impairment = Some(grade);
        let assessment = evaluate(&record, TODAY);
        let caution = finding(&assessment, RuleId::Use4);
        assert_eq!(caution.severity, Severity::Caution);
        assert!(
            caution.detail.contains(&format!("{} renal", grade.label())),
            "{}",
            caution.detail
        );
        assert_absent(&assessment, RuleId::Use3);
    }
}

#[test]
fn r_use_6_cautions_from_the_65th_birthday() {
    let mut record = eligible();
    record.patient.birth_date = Some(d("1960-04-06"));
    assert!(evaluate(&record, "2025-04-06").has(RuleId::Use6));
    assert!(!evaluate(&record, "2025-04-05").has(RuleId::Use6));
}

#[test]
fn r_use_9_cautions_under_18_and_a_leap_day_birthday_counts_from_march_1() {
    let mut record = eligible();
    record.patient.birth_date = Some(d("2008-02-29"));
    assert!(evaluate(&record, "2026-02-28").has(RuleId::Use9));
    assert!(!evaluate(&record, "2026-03-01").has(RuleId::Use9));
}

#[test]
fn r_use_7_reproductive_potential_needs_confirmed_contraception() {
    let mut record = eligible();
    record.patient.sex = Some(Sex::Female);
    record.patient.reproductive_potential = Some(true);
    // "No" and "not recorded" are told apart: one is a fact, the other a gap in the file.
    for (contraception, said) in [
        (Some(true), None),
        (Some(false), Some("does not use effective contraception")),
        (None, Some("has no effective contraception recorded")),
    ] {
        record.patient.effective_contraception = contraception;
        let assessment = evaluate(&record, TODAY);
        assert_eq!(
            assessment.has(RuleId::Use7),
            said.is_some(),
            "{contraception:?}"
        );
        if let Some(said) = said {
            let warning = finding(&assessment, RuleId::Use7);
            assert_eq!(warning.severity, Severity::Warning);
            assert!(warning.detail.contains(said), "{}", warning.detail);
        }
    }
    record.patient.effective_contraception = None;
    record.patient.reproductive_potential = Some(false);
    assert!(!evaluate(&record, TODAY).has(RuleId::Use7));
}

#[test]
fn r_use_8_pregnancy_cautions() {
    let mut record = eligible();
    record.patient.sex = Some(Sex::Female);
    record.patient.pregnant = Some(true);
    let assessment = evaluate(&record, TODAY);
    assert_eq!(
        finding(&assessment, RuleId::Use8).severity,
        Severity::Caution
    );
    record.patient.pregnant = None;
    assert!(!evaluate(&record, TODAY).has(RuleId::Use8));
}

#[test]
fn r_rems_1_and_2_unconfirmed_certification_is_critical() {
    for (prescriber, pharmacy) in [(Some(false), None), (None, Some(false))] {
        let mut record = eligible();
        record.rems.prescriber_certified = prescriber;
        record.rems.pharmacy_certified = pharmacy;
        let assessment = evaluate(&record, TODAY);
        for (rule, who, certified) in [
            (RuleId::Rems1, "prescriber", prescriber),
            (RuleId::Rems2, "pharmacy", pharmacy),
        ] {
            let unconfirmed = finding(&assessment, rule);
            assert_eq!(unconfirmed.severity, Severity::Critical);
            // "Not certified" is a fact; "not recorded as certified" a gap in the file.
            let state = if certified == Some(false) {
                "is not certified"
            } else {
                "is not recorded as certified"
            };
            let said = format!("The {who} {state} in the Kynamro REMS");
            assert!(unconfirmed.detail.contains(&said), "{}", unconfirmed.detail);
        }
        // SPEC §2 gives REMS no status of its own.
        assert_eq!(assessment.status, Status::OkToStart);
    }
}

#[test]
fn status_is_the_most_severe_that_applies() {
    // Each step adds a cause of a more severe status than the one before.
    let mut record = on_therapy("2025-05-05");
    add_alt_x(&mut record, "2025-05-05", 3.5);
    assert_eq!(evaluate(&record, "2025-05-06").status, Status::Confirm);
    add_alt_x(&mut record, "2025-05-06", 3.5);
    assert_eq!(evaluate(&record, "2025-05-06").status, Status::Withhold);
    record.diagnosis = Some(Diagnosis::Hefh);
    assert_eq!(evaluate(&record, "2025-05-06").status, Status::NotIndicated);
    record.conditions.hypersensitivity = Some(true);
    assert_eq!(
        evaluate(&record, "2025-05-06").status,
        Status::Contraindicated
    );
    add_symptom(&mut record, "2025-05-06", SymptomKind::Jaundice);
    assert_eq!(evaluate(&record, "2025-05-06").status, Status::Discontinue);
    add_event(&mut record, "2025-05-06", EventKind::Discontinued);
    assert_eq!(evaluate(&record, "2025-05-06").status, Status::Ended);
}

#[test]
fn of_several_findings_setting_one_status_the_most_severe_gives_the_reason() {
    let mut record = on_therapy("2025-05-05");
    add_alt_x(&mut record, "2025-05-05", 3.5);
    add_alt_x(&mut record, "2025-05-09", 3.6);
    add_event(&mut record, "2025-05-09", EventKind::Withheld);
    let assessment = evaluate(&record, "2025-05-10");
    assert_eq!(assessment.status, Status::Withhold);
    assert!(
        assessment.reason.contains("R-TOX-2"),
        "{}",
        assessment.reason
    );
}

#[test]
fn the_status_reason_names_the_rule_that_set_it() {
    let mut record = eligible();
    record.conditions.child_pugh = Some(ChildPugh::C);
    let assessment = evaluate(&record, TODAY);
    assert!(
        assessment.reason.contains("R-CI-2"),
        "{}",
        assessment.reason
    );
}

/// R-USE-1 (rev 2): no diagnosis (absent or unknown) is not `HoFH` either, and the detail says
/// which.
#[test]
fn r_use_1_the_detail_says_whether_the_diagnosis_is_absent_unknown_or_another() {
    for (diagnosis, says) in [
        (None, "No diagnosis is recorded."),
        (Some(Diagnosis::Unknown), "recorded as not established"),
        (Some(Diagnosis::Hefh), "heterozygous"),
        (Some(Diagnosis::Other), "other than HoFH"),
    ] {
        let mut record = eligible();
        record.diagnosis = diagnosis;
        let assessment = evaluate(&record, "2025-04-04");
        assert_eq!(assessment.status, Status::NotIndicated);
        let detail = &finding(&assessment, RuleId::Use1).detail;
        assert!(detail.contains(says), "{diagnosis:?}: {detail}");
    }
}

/// SPEC §2 (rev 2): "nothing blocks" only when no critical finding stands; otherwise the reason
/// counts the critical findings that need attention.
#[test]
fn the_reason_never_says_nothing_blocks_beside_a_critical_finding() {
    let clean = evaluate(&monitored("2025-05-05"), "2025-05-06");
    assert_eq!(clean.status, Status::Continue);
    assert_eq!(clean.reason, "On therapy; nothing blocks the next dose.");

    let mut uncertified = monitored("2025-05-05");
    uncertified.rems.prescriber_certified = Some(false);
    let assessment = evaluate(&uncertified, "2025-05-06");
    assert_eq!(assessment.status, Status::Continue);
    assert_eq!(
        assessment.reason,
        "On therapy; 1 critical finding needs attention: R-REMS-1."
    );

    let mut not_started = eligible();
    not_started.rems = mipomersen_monitor::record::Rems::default();
    let assessment = evaluate(&not_started, "2025-04-04");
    assert_eq!(assessment.status, Status::OkToStart);
    assert_eq!(
        assessment.reason,
        "Not started; baseline complete; 2 critical findings need attention: R-REMS-1 and R-REMS-2."
    );
    assert_eq!(
        evaluate(&eligible(), "2025-04-04").reason,
        "Not started; baseline complete and nothing blocks starting."
    );
}

/// Rev 2: a birth date after today raises R-DATA-1 and leaves the age unknown.
#[test]
fn a_birth_date_after_today_is_named_and_leaves_the_age_unknown() {
    let mut record = eligible();
    record.patient.birth_date = Some(d("2025-06-01"));
    let assessment = evaluate(&record, "2025-04-04");
    assert!(
        finding(&assessment, RuleId::Data1)
            .detail
            .contains("the birth date 2025-06-01")
    );
    assert_absent(&assessment, RuleId::Use9);
    assert!(
        assessment
            .unknown
            .contains(&"age (the birth date recorded is after today)")
    );
}
