//! R-TOX-1..8: the transaminase walk, its thresholds (exactly 3×, 5× and 2×ULN), confirmation,
//! withholding, resumption, discontinuation and the hepatic work-up.

use mipomersen_monitor::knowledge::{RuleId, Severity};
use mipomersen_monitor::record::{LabTest, SymptomKind};
use mipomersen_monitor::rules::{DueKind, Status};

use crate::support::*;

/// On therapy from 2025-04-07 with weekly doses through 2025-05-05.
fn treated() -> mipomersen_monitor::record::Record {
    on_therapy("2025-05-05")
}

#[test]
fn below_3x_uln_continues_and_exactly_3x_asks_to_confirm() {
    let mut record = treated();
    add_alt_x(&mut record, "2025-05-05", 2.99);
    assert_eq!(evaluate(&record, "2025-05-06").status, Status::Continue);

    let mut record = treated();
    add_alt_x(&mut record, "2025-05-05", 3.0);
    let assessment = evaluate(&record, "2025-05-06");
    assert_eq!(assessment.status, Status::Confirm);
    assert_eq!(
        finding(&assessment, RuleId::Tox1).severity,
        Severity::Warning
    );
}

#[test]
fn r_tox_1_repeat_is_due_within_a_week_and_critical_once_that_has_passed() {
    let mut record = treated();
    add_alt_x(&mut record, "2025-05-05", 4.0);
    let on_time = evaluate(&record, "2025-05-12");
    assert_eq!(on_time.due_date(DueKind::LiverPanel), Some(d("2025-05-12")));
    assert_eq!(finding(&on_time, RuleId::Tox1).severity, Severity::Warning);
    assert!(on_time.due.iter().all(|due| !due.overdue));

    let late = evaluate(&record, "2025-05-13");
    assert_eq!(late.status, Status::Confirm);
    assert_eq!(finding(&late, RuleId::Tox1).severity, Severity::Critical);
    assert!(
        late.due
            .iter()
            .any(|due| due.item == DueKind::LiverPanel && due.overdue)
    );
}

#[test]
fn r_tox_1_the_repeat_date_crosses_month_ends() {
    let mut record = on_therapy("2025-05-26");
    add_alt_x(&mut record, "2025-05-28", 3.2);
    let assessment = evaluate(&record, "2025-05-29");
    assert_eq!(
        assessment.due_date(DueKind::LiverPanel),
        Some(d("2025-06-04"))
    );
}

#[test]
fn r_tox_1n_a_repeat_below_3x_does_not_confirm() {
    let mut record = treated();
    add_alt_x(&mut record, "2025-05-05", 3.5);
    add_alt_x(&mut record, "2025-05-09", 2.5);
    let assessment = evaluate(&record, "2025-05-10");
    assert_eq!(assessment.status, Status::Continue);
    assert_absent(&assessment, RuleId::Tox1);
    let not_confirmed = finding(&assessment, RuleId::Tox1N);
    assert_eq!(not_confirmed.severity, Severity::Info);
    assert!(not_confirmed.detail.contains("2025-05-09"));
}

#[test]
fn r_tox_2_a_confirmed_3_to_5x_elevation_withholds() {
    let mut record = treated();
    add_alt_x(&mut record, "2025-05-05", 3.5);
    add_alt_x(&mut record, "2025-05-09", 4.99);
    let assessment = evaluate(&record, "2025-05-10");
    assert_eq!(assessment.status, Status::Withhold);
    assert_eq!(
        finding(&assessment, RuleId::Tox2).severity,
        Severity::Warning
    );
    assert_absent(&assessment, RuleId::Tox3);
    assert_eq!(assessment.next_dose, None);
    // While withheld the liver panel is repeated weekly (policy).
    assert_eq!(
        assessment.due_date(DueKind::LiverPanel),
        Some(d("2025-05-16"))
    );
}

#[test]
fn r_tox_3_exactly_5x_withholds_at_once_and_critically() {
    let mut record = treated();
    add_alt_x(&mut record, "2025-05-05", 4.99);
    assert_eq!(evaluate(&record, "2025-05-06").status, Status::Confirm);

    let mut record = treated();
    add_alt_x(&mut record, "2025-05-05", 5.0);
    let assessment = evaluate(&record, "2025-05-06");
    assert_eq!(assessment.status, Status::Withhold);
    assert_eq!(
        finding(&assessment, RuleId::Tox3).severity,
        Severity::Critical
    );
    assert_absent(&assessment, RuleId::Tox2);
}

#[test]
fn r_tox_3_ast_counts_as_much_as_alt() {
    let mut record = treated();
    add_panel(&mut record, "2025-05-05", 40.0, 280.0);
    let assessment = evaluate(&record, "2025-05-06");
    assert_eq!(assessment.status, Status::Withhold);
    assert!(
        finding(&assessment, RuleId::Tox3)
            .detail
            .contains("AST 280 U/L (7×ULN)")
    );
}

#[test]
fn r_tox_3_a_5x_result_during_a_confirmed_hold_makes_it_critical() {
    let mut record = treated();
    add_alt_x(&mut record, "2025-05-05", 3.5);
    add_alt_x(&mut record, "2025-05-09", 3.6);
    add_alt_x(&mut record, "2025-05-16", 6.0);
    let assessment = evaluate(&record, "2025-05-17");
    assert!(assessment.has(RuleId::Tox3));
    assert_absent(&assessment, RuleId::Tox2);
}

#[test]
fn withheld_stays_withheld_until_both_are_below_3x() {
    let mut record = treated();
    add_alt_x(&mut record, "2025-05-05", 5.5);
    add_panel(&mut record, "2025-05-12", 100.0, 120.0); // ALT 2.5×, AST exactly 3×
    assert_eq!(evaluate(&record, "2025-05-13").status, Status::Withhold);
    add_panel(&mut record, "2025-05-19", 100.0, 119.0);
    assert_eq!(evaluate(&record, "2025-05-20").status, Status::Continue);
}

#[test]
fn elevations_before_the_first_dose_are_the_baselines_not_the_walks() {
    let mut record = eligible();
    add_alt_x(&mut record, "2025-04-01", 6.0);
    record
        .labs
        .retain(|lab| lab.date != d("2025-04-03") || !lab.test.is_transaminase());
    record.doses.push(dose(d("2025-04-07")));
    let assessment = evaluate(&record, "2025-04-08");
    assert_eq!(assessment.status, Status::Continue);
    assert!(assessment.has(RuleId::Base2));
}

#[test]
fn r_tox_4_a_symptom_from_7_days_before_the_elevation_discontinues() {
    for (symptom_on, discontinued) in [("2025-04-28", true), ("2025-04-27", false)] {
        let mut record = treated();
        add_symptom(&mut record, symptom_on, SymptomKind::Nausea);
        add_alt_x(&mut record, "2025-05-05", 3.1);
        let assessment = evaluate(&record, "2025-05-06");
        assert_eq!(assessment.has(RuleId::Tox4), discontinued, "{symptom_on}");
        let expected = if discontinued {
            Status::Discontinue
        } else {
            Status::Confirm
        };
        assert_eq!(assessment.status, expected);
    }
}

#[test]
fn r_tox_4_bilirubin_at_exactly_2x_with_an_elevation_discontinues() {
    for (bilirubin, discontinued) in [(2.4, true), (2.39, false)] {
        let mut record = treated();
        add_alt_x(&mut record, "2025-05-05", 3.1);
        add_lab(
            &mut record,
            "2025-05-06",
            LabTest::Bilirubin,
            bilirubin,
            Some(1.2),
        );
        let assessment = evaluate(&record, "2025-05-07");
        assert_eq!(assessment.has(RuleId::Tox4), discontinued, "{bilirubin}");
        // Tied to the elevation, the bilirubin is R-TOX-4's, not R-TOX-6's.
        assert_absent(&assessment, RuleId::Tox6);
        assert_eq!(assessment.has(RuleId::Tox5), discontinued);
    }
}

#[test]
fn r_tox_4_active_liver_disease_with_an_elevation_discontinues() {
    let mut record = treated();
    record.conditions.active_liver_disease = Some(true);
    add_alt_x(&mut record, "2025-05-05", 3.1);
    let assessment = evaluate(&record, "2025-05-06");
    assert_eq!(assessment.status, Status::Discontinue);
    assert!(assessment.has(RuleId::Ci3));
    assert_eq!(
        finding(&assessment, RuleId::Tox4).severity,
        Severity::Critical
    );
}

#[test]
fn r_tox_4_once_met_stays_met_after_the_values_fall() {
    let mut record = treated();
    add_alt_x(&mut record, "2025-05-05", 3.1);
    add_symptom(&mut record, "2025-05-06", SymptomKind::Fever);
    add_alt_x(&mut record, "2025-05-12", 1.0);
    add_alt_x(&mut record, "2025-06-12", 0.8);
    assert_eq!(evaluate(&record, "2025-07-01").status, Status::Discontinue);
}

#[test]
fn r_tox_4_a_symptom_after_the_elevation_resolved_does_not_discontinue() {
    let mut record = treated();
    add_alt_x(&mut record, "2025-05-05", 3.1);
    add_alt_x(&mut record, "2025-05-09", 1.0);
    add_symptom(&mut record, "2025-05-10", SymptomKind::Nausea);
    let assessment = evaluate(&record, "2025-05-11");
    assert_absent(&assessment, RuleId::Tox4);
    assert_eq!(assessment.status, Status::Continue);
}

#[test]
fn r_tox_5_work_up_is_due_at_the_elevated_date_until_bilirubin_alp_and_inr_exist() {
    let mut record = treated();
    add_alt_x(&mut record, "2025-05-05", 5.2);
    let assessment = evaluate(&record, "2025-05-06");
    let workup = finding(&assessment, RuleId::Tox5);
    assert_eq!(workup.severity, Severity::Warning);
    assert!(
        workup.detail.contains("total bilirubin, ALP and INR"),
        "{}",
        workup.detail
    );
    assert_eq!(
        assessment.due_date(DueKind::HepaticWorkup),
        Some(d("2025-05-05"))
    );

    // Results from before the elevation do not count; from the elevated date on they do.
    add_lab(
        &mut record,
        "2025-05-05",
        LabTest::Bilirubin,
        0.7,
        Some(1.2),
    );
    add_lab(&mut record, "2025-05-06", LabTest::Alp, 90.0, Some(120.0));
    let partial = evaluate(&record, "2025-05-07");
    assert!(finding(&partial, RuleId::Tox5).detail.contains("no INR"));
    add_lab(&mut record, "2025-05-06", LabTest::Inr, 1.0, None);
    let complete = evaluate(&record, "2025-05-07");
    assert_eq!(finding(&complete, RuleId::Tox5).severity, Severity::Info);
    assert_eq!(complete.due_date(DueKind::HepaticWorkup), None);
}

#[test]
fn r_tox_5_is_not_asked_while_only_confirming() {
    let mut record = treated();
    add_alt_x(&mut record, "2025-05-05", 3.5);
    assert_absent(&evaluate(&record, "2025-05-06"), RuleId::Tox5);
}

#[test]
fn r_tox_6_bilirubin_at_2x_without_an_elevation_is_critical() {
    let mut record = treated();
    add_alt_x(&mut record, "2025-05-05", 1.0);
    add_lab(
        &mut record,
        "2025-05-05",
        LabTest::Bilirubin,
        2.4,
        Some(1.2),
    );
    let assessment = evaluate(&record, "2025-05-06");
    assert_eq!(
        finding(&assessment, RuleId::Tox6).severity,
        Severity::Critical
    );
    assert_eq!(assessment.status, Status::Continue);

    let mut below = treated();
    add_lab(
        &mut below,
        "2025-05-05",
        LabTest::Bilirubin,
        2.39,
        Some(1.2),
    );
    assert_absent(&evaluate(&below, "2025-05-06"), RuleId::Tox6);
}

#[test]
fn r_tox_6_bilirubin_in_umol_per_litre_is_converted() {
    let mut record = treated();
    add_lab(
        &mut record,
        "2025-05-05",
        LabTest::Bilirubin,
        41.0,
        Some(20.5),
    );
    let last = record.labs.len() - 1;
    record.labs[last].unit = mipomersen_monitor::record::LabUnit::UmolPerL;
    assert!(evaluate(&record, "2025-05-06").has(RuleId::Tox6));
}

#[test]
fn r_tox_7_a_liver_specific_symptom_without_a_panel_since_needs_one_today() {
    for kind in [
        SymptomKind::Jaundice,
        SymptomKind::DarkUrine,
        SymptomKind::LightStools,
    ] {
        let mut record = treated();
        add_alt_x(&mut record, "2025-05-05", 1.0);
        add_symptom(&mut record, "2025-05-06", kind);
        let assessment = evaluate(&record, "2025-05-08");
        assert_eq!(
            finding(&assessment, RuleId::Tox7).severity,
            Severity::Critical
        );
        assert_eq!(
            assessment.due_date(DueKind::LiverPanel),
            Some(d("2025-05-08"))
        );
    }
    let mut record = treated();
    add_symptom(&mut record, "2025-05-06", SymptomKind::Nausea);
    assert_absent(&evaluate(&record, "2025-05-08"), RuleId::Tox7);
}

#[test]
fn r_tox_7_is_answered_by_a_normal_panel_on_or_after_the_symptom() {
    let mut record = treated();
    add_symptom(&mut record, "2025-05-06", SymptomKind::Jaundice);
    add_alt_x(&mut record, "2025-05-06", 1.1);
    assert_absent(&evaluate(&record, "2025-05-08"), RuleId::Tox7);
}

#[test]
fn r_tox_8_after_a_resumption_the_panel_comes_every_14_days_for_3_months() {
    let mut record = on_therapy("2025-06-30");
    add_alt_x(&mut record, "2025-05-05", 5.5);
    add_alt_x(&mut record, "2025-05-30", 2.0); // resumption
    let assessment = evaluate(&record, "2025-06-02");
    assert_eq!(assessment.status, Status::Continue);
    assert_eq!(
        finding(&assessment, RuleId::Tox8).severity,
        Severity::Caution
    );
    assert_eq!(
        assessment.due_date(DueKind::LiverPanel),
        Some(d("2025-06-13"))
    );
    // Calendar months: 2025-05-30 + 3 months is 2025-08-30.
    assert!(evaluate(&record, "2025-08-29").has(RuleId::Tox8));
    assert!(!evaluate(&record, "2025-08-30").has(RuleId::Tox8));
}

#[test]
fn r_tox_8_after_the_first_year_the_interval_is_six_weeks() {
    let mut record = on_therapy("2026-06-29");
    add_alt_x(&mut record, "2026-05-04", 5.5);
    add_alt_x(&mut record, "2026-05-29", 2.0);
    let assessment = evaluate(&record, "2026-06-01");
    assert!(assessment.has(RuleId::Tox8));
    assert_eq!(
        assessment.due_date(DueKind::LiverPanel),
        Some(d("2026-07-10"))
    );
}
