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
        workup
            .detail
            .contains("no total bilirubin, ALP or INR is recorded"),
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

/// Rev 2: ALT and AST alone do not answer a liver-specific symptom; total bilirubin must be
/// measured too. Once all three are, the finding stays as info and no longer sets the status.
#[test]
fn r_tox_7_is_answered_only_by_alt_ast_and_bilirubin_on_or_after_the_symptom() {
    let mut record = treated();
    add_symptom(&mut record, "2025-05-06", SymptomKind::Jaundice);
    add_alt_x(&mut record, "2025-05-06", 1.1);
    let without_bilirubin = evaluate(&record, "2025-05-08");
    assert_eq!(without_bilirubin.status, Status::LabsNeeded);
    let tox7 = finding(&without_bilirubin, RuleId::Tox7);
    assert_eq!(tox7.severity, Severity::Critical);
    assert!(
        tox7.detail.contains("no total bilirubin measured since"),
        "{}",
        tox7.detail
    );

    add_lab(
        &mut record,
        "2025-05-06",
        LabTest::Bilirubin,
        0.9,
        Some(1.2),
    );
    let answered = evaluate(&record, "2025-05-08");
    assert_eq!(answered.status, Status::Continue);
    assert_eq!(finding(&answered, RuleId::Tox7).severity, Severity::Info);
    assert!(
        finding(&answered, RuleId::Tox7)
            .detail
            .contains("was answered")
    );

    // A bilirubin from before the symptom does not answer it.
    let mut early = treated();
    add_symptom(&mut early, "2025-05-06", SymptomKind::DarkUrine);
    add_alt_x(&mut early, "2025-05-06", 1.1);
    add_lab(&mut early, "2025-05-05", LabTest::Bilirubin, 0.9, Some(1.2));
    assert_eq!(evaluate(&early, "2025-05-08").status, Status::LabsNeeded);
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

/// ALT and AST on one date with a lab's own ULN (U/L), as the result is written in decimal.
fn add_panel_with_uln(
    record: &mut mipomersen_monitor::record::Record,
    date: &str,
    alt: f64,
    ast: f64,
    uln: f64,
) {
    add_lab(record, date, LabTest::Alt, alt, Some(uln));
    add_lab(record, date, LabTest::Ast, ast, Some(uln));
}

/// Every one-decimal ULN from 30.0 to 60.0 U/L: an ALT of exactly 3× and 5× its ULN, written in
/// decimal, reaches the threshold (SPEC rev 2: relative tolerance 1e-9), and 0.1 U/L less does
/// not. Binary floating point alone misses about 60 of these.
#[test]
fn thresholds_are_exact_in_decimal_for_every_one_decimal_uln_from_30_to_60() {
    let mut missed_by_binary = 0;
    for tenths in 300..=600 {
        let uln = f64::from(tenths) / 10.0;
        for (multiple, status) in [(3, Status::Confirm), (5, Status::Withhold)] {
            // The value as a lab writes it: k × ULN in decimal, to one decimal place.
            let exact: f64 = format!("{}.{}", tenths * multiple / 10, tenths * multiple % 10)
                .parse()
                .expect("a number");
            if exact / uln < f64::from(multiple) {
                missed_by_binary += 1;
            }
            let mut record = treated();
            add_panel_with_uln(&mut record, "2025-05-05", exact, 20.0, uln);
            let at = evaluate(&record, "2025-05-06");
            assert_eq!(at.status, status, "ALT {exact} against ULN {uln}");
            assert!(
                at.findings[0].detail.contains(&format!("({multiple}×ULN)")),
                "reads as exactly {multiple}×: {}",
                at.findings[0].detail
            );

            let mut below = treated();
            add_panel_with_uln(&mut below, "2025-05-05", exact - 0.1, 20.0, uln);
            let below = evaluate(&below, "2025-05-06").status;
            let expected = if multiple == 3 {
                Status::Continue
            } else {
                Status::Confirm
            };
            assert_eq!(below, expected, "ALT {} against ULN {uln}", exact - 0.1);
        }
    }
    assert!(
        missed_by_binary > 20,
        "the test covers the hard cases: {missed_by_binary}"
    );
}

#[test]
fn alt_102_6_against_a_uln_of_34_2_is_exactly_3x() {
    let mut record = treated();
    add_panel_with_uln(&mut record, "2025-05-05", 102.6, 20.0, 34.2);
    let assessment = evaluate(&record, "2025-05-06");
    assert_eq!(assessment.status, Status::Confirm);
    assert!(
        finding(&assessment, RuleId::Tox1)
            .detail
            .contains("ALT 102.6 U/L (3×ULN)")
    );
}

/// Bilirubin at exactly 2× a non-round ULN with an elevation discontinues (R-TOX-4); alone it
/// is R-TOX-6. 0.01 mg/dL less is neither.
#[test]
fn bilirubin_at_exactly_2x_a_non_round_uln_counts_and_just_below_does_not() {
    for (bilirubin, discontinues) in [(2.2, true), (2.19, false)] {
        let mut record = treated();
        add_alt_x(&mut record, "2025-05-05", 3.5);
        add_lab(
            &mut record,
            "2025-05-05",
            LabTest::Bilirubin,
            bilirubin,
            Some(1.1),
        );
        let assessment = evaluate(&record, "2025-05-06");
        assert_eq!(
            assessment.has(RuleId::Tox4),
            discontinues,
            "bilirubin {bilirubin}"
        );

        let mut alone = treated();
        add_lab(
            &mut alone,
            "2025-05-05",
            LabTest::Bilirubin,
            bilirubin,
            Some(1.1),
        );
        assert_eq!(
            evaluate(&alone, "2025-05-06").has(RuleId::Tox6),
            discontinues
        );
    }
}

/// Rev 2: 41 µmol/L with no ULN is exactly 2× the default of 20.5 µmol/L, as written, not the
/// 20.52 µmol/L that 1.2 mg/dL converts to.
#[test]
fn bilirubin_41_umol_without_a_uln_is_exactly_2x_the_micromolar_default() {
    let mut record = treated();
    add_alt_x(&mut record, "2025-05-05", 3.5);
    add_lab(&mut record, "2025-05-05", LabTest::Bilirubin, 41.0, None);
    let last = record.labs.len() - 1;
    record.labs[last].unit = mipomersen_monitor::record::LabUnit::UmolPerL;
    let assessment = evaluate(&record, "2025-05-06");
    assert_eq!(assessment.status, Status::Discontinue);
    assert!(
        finding(&assessment, RuleId::Tox4)
            .detail
            .contains("total bilirubin 41 µmol/L (2×ULN)"),
        "{}",
        finding(&assessment, RuleId::Tox4).detail
    );
    assert!(
        finding(&assessment, RuleId::Uln1)
            .detail
            .contains("ULN 20.5 µmol/L")
    );
}

/// Rev 2: a repeat confirms or refutes only if it measures the elevated analyte. ALT was
/// elevated; an AST-only repeat below 3×ULN leaves it `confirming` (critical once the week has
/// passed); an AST-only repeat at or above 3×ULN confirms as usual; an ALT repeat decides.
#[test]
fn r_tox_1_a_repeat_that_measures_only_the_other_analyte_neither_confirms_nor_refutes() {
    let mut record = treated();
    add_lab(&mut record, "2025-05-05", LabTest::Alt, 160.0, Some(40.0));
    add_lab(&mut record, "2025-05-09", LabTest::Ast, 30.0, Some(40.0));
    let still = evaluate(&record, "2025-05-10");
    assert_eq!(still.status, Status::Confirm);
    assert!(
        finding(&still, RuleId::Tox1)
            .detail
            .contains("The panel of 2025-05-09 measured only AST, not ALT."),
        "{}",
        finding(&still, RuleId::Tox1).detail
    );
    let late = evaluate(&record, "2025-05-13");
    assert_eq!(finding(&late, RuleId::Tox1).severity, Severity::Critical);

    let mut confirmed = record.clone();
    add_lab(
        &mut confirmed,
        "2025-05-10",
        LabTest::Ast,
        130.0,
        Some(40.0),
    );
    assert_eq!(evaluate(&confirmed, "2025-05-11").status, Status::Withhold);

    add_lab(&mut record, "2025-05-10", LabTest::Alt, 60.0, Some(40.0));
    let refuted = evaluate(&record, "2025-05-11");
    assert_eq!(refuted.status, Status::Continue);
    assert!(refuted.has(RuleId::Tox1N));
}

/// Rev 2: a hold ends only on a panel that measures every analyte that was at or above 3×ULN
/// during the episode, whichever of ALT and AST rose first.
#[test]
fn a_hold_ends_only_when_every_elevated_analyte_is_measured_below_3x() {
    for (first, other) in [(LabTest::Alt, LabTest::Ast), (LabTest::Ast, LabTest::Alt)] {
        let mut record = treated();
        add_lab(&mut record, "2025-05-05", first, 130.0, Some(40.0)); // 3.25×
        add_lab(&mut record, "2025-05-05", other, 30.0, Some(40.0));
        add_lab(&mut record, "2025-05-08", first, 30.0, Some(40.0));
        add_lab(&mut record, "2025-05-08", other, 140.0, Some(40.0)); // 3.5×: confirms
        add_lab(&mut record, "2025-05-15", first, 30.0, Some(40.0)); // only the first
        let held = evaluate(&record, "2025-05-16");
        assert_eq!(held.status, Status::Withhold, "{first} first");
        let rule = finding(&held, RuleId::Tox2);
        assert!(
            rule.detail.contains(&format!("measured only {first}")),
            "{}",
            rule.detail
        );
        add_lab(&mut record, "2025-05-16", LabTest::Ast, 30.0, Some(40.0));
        add_lab(&mut record, "2025-05-16", LabTest::Alt, 30.0, Some(40.0));
        assert_eq!(evaluate(&record, "2025-05-17").status, Status::Continue);
    }
}

/// Rev 2: the window of R-TOX-4 runs from 7 days before the first elevated panel until the day
/// before the panel that ends the episode.
#[test]
fn r_tox_4_the_window_ends_the_day_before_the_panel_that_ends_the_episode() {
    let build = |symptom: &str| {
        let mut record = treated();
        add_alt_x(&mut record, "2025-05-05", 5.5);
        add_alt_x(&mut record, "2025-05-20", 1.0); // ends the hold
        add_symptom(&mut record, symptom, SymptomKind::Nausea);
        record
    };
    assert!(evaluate(&build("2025-05-19"), "2025-05-21").has(RuleId::Tox4));
    assert!(!evaluate(&build("2025-05-20"), "2025-05-21").has(RuleId::Tox4));
    assert!(evaluate(&build("2025-04-28"), "2025-05-21").has(RuleId::Tox4));
    assert!(!evaluate(&build("2025-04-27"), "2025-05-21").has(RuleId::Tox4));
}

/// A 5× confirming repeat makes the hold R-TOX-3 (critical); 0.1 U/L less keeps R-TOX-2.
#[test]
fn a_confirming_repeat_at_exactly_5x_a_non_round_uln_is_r_tox_3() {
    for (repeat, rule, severity) in [
        (171.0, RuleId::Tox3, Severity::Critical),
        (170.9, RuleId::Tox2, Severity::Warning),
    ] {
        let mut record = treated();
        add_panel_with_uln(&mut record, "2025-05-05", 120.0, 20.0, 34.2);
        add_panel_with_uln(&mut record, "2025-05-08", repeat, 20.0, 34.2);
        let assessment = evaluate(&record, "2025-05-09");
        assert_eq!(assessment.status, Status::Withhold);
        assert_eq!(
            finding(&assessment, rule).severity,
            severity,
            "ALT {repeat}"
        );
    }
}

/// A flu-like symptom the day after a dose, beside an elevation, discontinues (the monograph
/// lists it), and the finding says it may be the expected injection reaction.
#[test]
fn r_tox_4_a_flu_like_symptom_after_a_dose_says_it_may_be_the_injection_reaction() {
    let mut record = treated();
    add_alt_x(&mut record, "2025-05-05", 3.2);
    add_symptom(&mut record, "2025-05-06", SymptomKind::FluLike);
    let assessment = evaluate(&record, "2025-05-07");
    assert_eq!(assessment.status, Status::Discontinue);
    let tox4 = finding(&assessment, RuleId::Tox4);
    assert!(
        tox4.detail.contains("expected injection reaction (R-AE-1)"),
        "{}",
        tox4.detail
    );
    // A repeat "to confirm before withholding" beside "discontinue" only confuses.
    assert_absent(&assessment, RuleId::Tox1);

    // Three days after the dose of 2025-05-05 (the window is two), it is not said to be one.
    let mut later = treated();
    add_alt_x(&mut later, "2025-05-05", 3.2);
    add_symptom(&mut later, "2025-05-08", SymptomKind::FluLike);
    let tox4 = finding(&evaluate(&later, "2025-05-09"), RuleId::Tox4).clone();
    assert!(
        !tox4.detail.contains("injection reaction"),
        "{}",
        tox4.detail
    );
}

/// The hold names the first elevated result, and the highest when it came later (and only then).
#[test]
fn r_tox_2_names_the_highest_result_only_when_it_came_later() {
    let mut record = treated();
    add_alt_x(&mut record, "2025-05-05", 3.5);
    add_alt_x(&mut record, "2025-05-08", 4.5);
    let later = finding(&evaluate(&record, "2025-05-09"), RuleId::Tox2)
        .detail
        .clone();
    assert!(later.contains(", highest ALT"), "{later}");

    let mut record = treated();
    add_alt_x(&mut record, "2025-05-05", 4.5);
    add_alt_x(&mut record, "2025-05-08", 3.5);
    let first = finding(&evaluate(&record, "2025-05-09"), RuleId::Tox2)
        .detail
        .clone();
    assert!(!first.contains("highest"), "{first}");
}
