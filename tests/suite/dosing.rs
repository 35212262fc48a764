//! The next dose, R-DOSE-1 (missed dose, the 3-day boundary) and R-DOSE-2..8.

use mipomersen_monitor::knowledge::{RuleId, Severity};
use mipomersen_monitor::record::{DoseWeekday, EventKind, Route, Site};
use mipomersen_monitor::rules::{MissedAction, Status};

use crate::support::*;

#[test]
fn the_next_dose_is_the_schedule_day_at_least_3_days_after_the_last() {
    let record = monitored("2025-05-26");
    let assessment = evaluate(&record, "2025-05-28");
    assert_eq!(assessment.next_dose, Some(d("2025-06-02")));
    assert_eq!(assessment.missed_dose, None);
    // On the scheduled day itself the dose is due, not missed.
    assert_eq!(evaluate(&record, "2025-06-02").missed_dose, None);
}

#[test]
fn without_a_recorded_weekday_the_first_doses_weekday_is_the_schedule() {
    let mut record = eligible();
    record.therapy.dose_weekday = None;
    record.doses = vec![dose(d("2025-04-09")), dose(d("2025-04-16"))];
    assert_eq!(
        evaluate(&record, "2025-04-17").next_dose,
        Some(d("2025-04-23"))
    );
}

#[test]
fn a_make_up_dose_moves_the_next_to_the_schedule_day_3_days_on() {
    let mut record = monitored("2025-05-19");
    record.therapy.dose_weekday = Some(DoseWeekday::Monday);
    record.doses.push(dose(d("2025-05-29"))); // a Thursday make-up
    assert_eq!(
        evaluate(&record, "2025-05-30").next_dose,
        Some(d("2025-06-02"))
    );
    record.doses.pop();
    record.doses.push(dose(d("2025-05-30"))); // a Friday make-up: Monday is 3 days on
    assert_eq!(
        evaluate(&record, "2025-05-30").next_dose,
        Some(d("2025-06-02"))
    );
    record.doses.pop();
    record.doses.push(dose(d("2025-05-31"))); // Saturday: Monday is too close
    assert_eq!(
        evaluate(&record, "2025-05-31").next_dose,
        Some(d("2025-06-09"))
    );
}

#[test]
fn r_dose_1_three_days_before_the_next_is_the_last_day_to_give_a_missed_dose() {
    // Last dose Monday 2025-05-19; the dose of 2025-05-26 was missed; next Monday 2025-06-02.
    let record = monitored("2025-05-19");
    let give = evaluate(&record, "2025-05-30"); // Friday: 3 days before Monday
    let missed = give.missed_dose.expect("missed");
    assert_eq!(missed.action, MissedAction::GiveNow);
    assert_eq!(missed.give_by, Some(d("2025-05-30")));
    assert_eq!(missed.missed, d("2025-05-26"));
    assert_eq!(give.next_dose, Some(d("2025-05-30")));
    assert_eq!(finding(&give, RuleId::Dose1).severity, Severity::Warning);

    let skip = evaluate(&record, "2025-05-31"); // Saturday: 2 days before Monday
    let missed = skip.missed_dose.expect("missed");
    assert_eq!(missed.action, MissedAction::Skip);
    assert_eq!(missed.give_by, None);
    assert_eq!(skip.next_dose, Some(d("2025-06-02")));
}

#[test]
fn r_dose_1_missed_on_the_next_schedule_day_gives_the_regular_dose_today() {
    let record = monitored("2025-05-19");
    let assessment = evaluate(&record, "2025-06-02");
    let missed = assessment.missed_dose.expect("missed");
    assert_eq!(missed.action, MissedAction::Skip);
    assert_eq!(missed.next, Some(d("2025-06-02")));
    assert_eq!(assessment.next_dose, Some(d("2025-06-02")));
}

#[test]
fn r_dose_1_across_a_year_end() {
    let mut record = eligible();
    record.doses = vec![dose(d("2025-12-15")), dose(d("2025-12-22"))];
    let assessment = evaluate(&record, "2025-12-31"); // Wednesday; Monday 2026-01-05
    let missed = assessment.missed_dose.expect("missed");
    assert_eq!(missed.missed, d("2025-12-29"));
    assert_eq!(missed.give_by, Some(d("2026-01-02")));
}

#[test]
fn no_next_dose_while_withheld_contraindicated_or_not_started() {
    let mut withheld = on_therapy("2025-05-05");
    add_alt_x(&mut withheld, "2025-05-05", 6.0);
    let mut contraindicated = on_therapy("2025-05-05");
    contraindicated.conditions.hypersensitivity = Some(true);
    for record in [withheld, contraindicated, eligible()] {
        let assessment = evaluate(&record, "2025-05-20");
        assert_eq!(assessment.next_dose, None, "{:?}", assessment.status);
        assert_eq!(assessment.missed_dose, None);
        assert_absent(&assessment, RuleId::Dose1);
    }
}

#[test]
fn doses_withheld_are_not_missed_the_schedule_restarts_at_the_resumption() {
    let mut record = on_therapy("2025-05-05");
    add_alt_x(&mut record, "2025-05-05", 5.5);
    add_alt_x(&mut record, "2025-05-23", 2.0); // resumed on a Friday
    let assessment = evaluate(&record, "2025-05-24");
    assert_eq!(assessment.status, Status::Continue);
    assert_eq!(assessment.missed_dose, None);
    assert_eq!(assessment.next_dose, Some(d("2025-05-26")));
    // A week later the resumed schedule's Monday was missed.
    let late = evaluate(&record, "2025-05-28");
    assert_eq!(late.missed_dose.expect("missed").missed, d("2025-05-26"));
}

#[test]
fn a_clinicians_resumption_restarts_the_schedule_too() {
    let mut record = monitored("2025-05-05");
    add_event(&mut record, "2025-05-07", EventKind::Withheld);
    add_event(&mut record, "2025-05-29", EventKind::Resumed);
    let assessment = evaluate(&record, "2025-05-30");
    assert_eq!(assessment.missed_dose, None);
    assert_eq!(assessment.next_dose, Some(d("2025-06-02")));
}

#[test]
fn the_next_dose_is_given_while_confirming() {
    let mut record = on_therapy("2025-05-05");
    add_alt_x(&mut record, "2025-05-05", 3.2);
    let assessment = evaluate(&record, "2025-05-06");
    assert_eq!(assessment.status, Status::Confirm);
    assert_eq!(assessment.next_dose, Some(d("2025-05-12")));
}

#[test]
fn r_dose_2_a_dose_other_than_200_mg_warns() {
    let mut record = on_therapy("2025-04-21");
    record.doses[1].dose_mg = Some(100.0);
    let assessment = evaluate(&record, "2025-04-22");
    let wrong = finding(&assessment, RuleId::Dose2);
    assert_eq!(wrong.severity, Severity::Warning);
    assert!(
        wrong.detail.contains("2025-04-14 (100 mg)"),
        "{}",
        wrong.detail
    );
    record.doses[1].dose_mg = None;
    assert_absent(&evaluate(&record, "2025-04-22"), RuleId::Dose2);
}

#[test]
fn r_dose_3_intramuscular_or_intravenous_is_critical() {
    for route in [Route::Intramuscular, Route::Intravenous] {
        let mut record = on_therapy("2025-04-14");
        record.doses[0].route = Some(route);
        let assessment = evaluate(&record, "2025-04-15");
        assert_eq!(
            finding(&assessment, RuleId::Dose3).severity,
            Severity::Critical
        );
    }
}

#[test]
fn r_dose_4_doses_fewer_than_3_days_apart_warn() {
    let mut record = on_therapy("2025-04-14");
    record.doses.push(dose(d("2025-04-16")));
    let assessment = evaluate(&record, "2025-04-17");
    assert!(
        finding(&assessment, RuleId::Dose4)
            .detail
            .contains("2 days apart")
    );
    record.doses.pop();
    record.doses.push(dose(d("2025-04-17")));
    assert_absent(&evaluate(&record, "2025-04-17"), RuleId::Dose4);
}

#[test]
fn r_dose_5_a_dose_after_a_withholding_result_is_critical_but_not_one_the_same_day() {
    let mut record = on_therapy("2025-05-05");
    add_alt_x(&mut record, "2025-05-05", 5.5);
    assert_absent(&evaluate(&record, "2025-05-06"), RuleId::Dose5);
    record.doses.push(dose(d("2025-05-12")));
    let assessment = evaluate(&record, "2025-05-13");
    let blocked = finding(&assessment, RuleId::Dose5);
    assert_eq!(blocked.severity, Severity::Critical);
    assert!(blocked.detail.contains("2025-05-12"), "{}", blocked.detail);
}

#[test]
fn r_dose_5_doses_after_a_resumption_are_fine() {
    let mut record = on_therapy("2025-05-05");
    add_alt_x(&mut record, "2025-05-05", 5.5);
    add_alt_x(&mut record, "2025-05-16", 1.5);
    record.doses.push(dose(d("2025-05-19")));
    assert_absent(&evaluate(&record, "2025-05-20"), RuleId::Dose5);
}

#[test]
fn r_dose_5_a_dose_on_the_day_of_the_resuming_result_or_event_is_fine() {
    let mut record = on_therapy("2025-05-05");
    add_alt_x(&mut record, "2025-05-05", 5.5);
    add_alt_x(&mut record, "2025-05-12", 1.5);
    record.doses.push(dose(d("2025-05-12")));
    assert_absent(&evaluate(&record, "2025-05-13"), RuleId::Dose5);

    let mut held = on_therapy("2025-05-12");
    add_event(&mut held, "2025-05-06", EventKind::Withheld);
    add_event(&mut held, "2025-05-12", EventKind::Resumed);
    assert_absent(&evaluate(&held, "2025-05-13"), RuleId::Dose5);
}

#[test]
fn r_dose_5_doses_during_a_clinician_hold_or_after_the_end_are_critical() {
    let mut held = on_therapy("2025-05-12");
    add_event(&mut held, "2025-05-12", EventKind::Withheld);
    // Held on the dose's own day: the dose may have come first.
    assert_absent(&evaluate(&held, "2025-05-13"), RuleId::Dose5);
    held.events[0].date = d("2025-05-06");
    assert!(evaluate(&held, "2025-05-13").has(RuleId::Dose5));
    add_event(&mut held, "2025-05-09", EventKind::Resumed);
    assert_absent(&evaluate(&held, "2025-05-13"), RuleId::Dose5);

    let mut ended = on_therapy("2025-05-12");
    add_event(&mut ended, "2025-05-06", EventKind::Discontinued);
    let assessment = evaluate(&ended, "2025-05-13");
    assert!(
        finding(&assessment, RuleId::Dose5)
            .detail
            .contains("discontinued on 2025-05-06")
    );

    // The dose of the discontinuation's own day may have come first.
    let mut ended_that_day = on_therapy("2025-05-12");
    add_event(&mut ended_that_day, "2025-05-12", EventKind::Discontinued);
    assert_absent(&evaluate(&ended_that_day, "2025-05-13"), RuleId::Dose5);
}

#[test]
fn r_dose_5_a_dose_after_the_discontinuation_criterion_was_met_is_critical() {
    let mut record = on_therapy("2025-05-05");
    add_alt_x(&mut record, "2025-05-05", 3.2);
    add_symptom(
        &mut record,
        "2025-05-07",
        mipomersen_monitor::record::SymptomKind::Jaundice,
    );
    record.doses.push(dose(d("2025-05-07")));
    assert_absent(&evaluate(&record, "2025-05-08"), RuleId::Dose5);
    record.doses.push(dose(d("2025-05-12")));
    assert!(evaluate(&record, "2025-05-13").has(RuleId::Dose5));
}

#[test]
fn r_dose_6_another_site_warns() {
    let mut record = on_therapy("2025-04-14");
    record.doses[0].site = Some(Site::Other);
    let assessment = evaluate(&record, "2025-04-15");
    assert_eq!(
        finding(&assessment, RuleId::Dose6).severity,
        Severity::Warning
    );
    record.doses[0].site = Some(Site::UpperArm);
    assert_absent(&evaluate(&record, "2025-04-15"), RuleId::Dose6);
}

#[test]
fn r_dose_7_a_checklist_item_not_done_cautions_but_unknown_does_not() {
    let mut record = on_therapy("2025-04-14");
    record.doses[1].checklist.inspected_clear = Some(false);
    let assessment = evaluate(&record, "2025-04-15");
    let skipped = finding(&assessment, RuleId::Dose7);
    assert_eq!(skipped.severity, Severity::Caution);
    assert!(skipped.detail.contains("2025-04-14"), "{}", skipped.detail);
    assert!(skipped.detail.contains("inspected"), "{}", skipped.detail);
    record.doses[1].checklist.inspected_clear = None;
    assert_absent(&evaluate(&record, "2025-04-15"), RuleId::Dose7);
}

#[test]
fn r_dose_8_two_of_the_last_four_off_the_schedule_day_is_drift_one_is_not() {
    let mut record = on_therapy("2025-04-28");
    record.doses.push(dose(d("2025-05-07"))); // Wednesday make-up
    assert_absent(&evaluate(&record, "2025-05-08"), RuleId::Dose8);
    record.doses.push(dose(d("2025-05-14"))); // another Wednesday
    let assessment = evaluate(&record, "2025-05-15");
    assert_eq!(finding(&assessment, RuleId::Dose8).severity, Severity::Info);
}

/// R-DOSE-9 (rev 2): at n + 7 (the next schedule day) one dose is missed: R-DOSE-1, give the
/// regular dose today. At n + 8 two schedule days have passed: interrupted therapy.
#[test]
fn r_dose_9_today_n_plus_7_is_one_missed_dose_n_plus_8_is_interrupted_therapy() {
    // Last dose 2025-05-12; n = 2025-05-19.
    let record = monitored("2025-05-12");
    let at_7 = evaluate(&record, "2025-05-26");
    assert!(at_7.has(RuleId::Dose1));
    assert_absent(&at_7, RuleId::Dose9);
    assert_eq!(at_7.next_dose, Some(d("2025-05-26")));

    let at_8 = evaluate(&record, "2025-05-27");
    assert_absent(&at_8, RuleId::Dose1);
    let interrupted = finding(&at_8, RuleId::Dose9);
    assert_eq!(interrupted.severity, Severity::Warning);
    assert!(
        interrupted
            .detail
            .starts_with("2 doses missed since 2025-05-19"),
        "{}",
        interrupted.detail
    );
    let missed = at_8.missed_dose.expect("advice");
    assert_eq!(missed.missed, d("2025-05-19"));
    assert_eq!(missed.action, MissedAction::Skip);
    assert_eq!(missed.give_by, None);
    assert_eq!(missed.next, Some(d("2025-06-02")));
    assert_eq!(at_8.next_dose, Some(d("2025-06-02")));
    assert_eq!(at_8.status, Status::Continue);
}

/// Under `labs_needed`, missed-dose advice is given but neither the next dose nor the missed
/// dose's next date: the liver tests come first.
#[test]
fn under_labs_needed_the_missed_dose_has_no_next_date() {
    let record = on_therapy("2025-05-12"); // no panel since the start
    let assessment = evaluate(&record, "2025-05-27");
    assert_eq!(assessment.status, Status::LabsNeeded);
    assert!(assessment.has(RuleId::Dose9));
    let missed = assessment.missed_dose.expect("advice");
    assert_eq!(missed.next, None);
    assert_eq!(assessment.next_dose, None);
    assert!(
        assessment
            .next_dose_text()
            .starts_with("after the liver tests")
    );
}

/// Under confirm the next dose is still given, and missed-dose advice applies.
#[test]
fn while_confirming_a_missed_dose_is_advised_as_usual() {
    let mut record = monitored("2025-05-12");
    add_alt_x(&mut record, "2025-05-20", 3.3);
    let assessment = evaluate(&record, "2025-05-21");
    assert_eq!(assessment.status, Status::Confirm);
    assert!(assessment.has(RuleId::Dose1));
    assert!(assessment.next_dose.is_some());
}

/// Rev 2: a dose on the day of a resuming `resumed` event is not flagged by R-DOSE-5.
#[test]
fn r_dose_5_a_dose_on_the_day_of_the_resumption_is_not_flagged() {
    let mut record = monitored("2025-05-05");
    add_event(&mut record, "2025-05-06", EventKind::Withheld);
    add_event(&mut record, "2025-05-19", EventKind::Resumed);
    record.doses.push(dose(d("2025-05-19")));
    assert_absent(&evaluate(&record, "2025-05-20"), RuleId::Dose5);
    record.doses.push(dose(d("2025-05-12"))); // during the hold
    assert!(evaluate(&record, "2025-05-20").has(RuleId::Dose5));
}
