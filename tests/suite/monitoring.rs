//! R-MON-1..3 and R-EFF-1: the liver and lipid schedules in calendar months, the 26-week LDL-C
//! review and response, and overdue items.

use mipomersen_monitor::knowledge::{RuleId, Severity};
use mipomersen_monitor::record::{EventKind, LabTest};
use mipomersen_monitor::rules::{DueKind, Status};

use crate::support::*;

#[test]
fn r_mon_1_with_no_panel_since_the_start_the_first_is_due_a_month_after_it() {
    let record = on_therapy("2025-04-07");
    let assessment = evaluate(&record, "2025-04-08");
    assert_eq!(
        assessment.due_date(DueKind::LiverPanel),
        Some(d("2025-05-07"))
    );
}

#[test]
fn r_mon_1_monthly_in_the_first_year_clamped_to_month_ends() {
    let mut record = on_therapy("2025-05-26");
    add_alt_x(&mut record, "2025-05-31", 1.0);
    assert_eq!(
        evaluate(&record, "2025-06-01").due_date(DueKind::LiverPanel),
        Some(d("2025-06-30"))
    );
    let mut record = on_therapy("2026-01-26");
    add_alt_x(&mut record, "2026-01-31", 1.0);
    assert_eq!(
        evaluate(&record, "2026-02-01").due_date(DueKind::LiverPanel),
        Some(d("2026-02-28"))
    );
}

#[test]
fn r_mon_1_leap_february() {
    // Therapy from 2023-06-05; a first-year panel on 2024-01-31 is next due on 2024-02-29.
    let mut record = eligible();
    record.doses.push(dose(d("2023-06-05")));
    record.doses.push(dose(d("2024-01-29")));
    add_alt_x(&mut record, "2024-01-31", 1.0);
    let assessment = evaluate(&record, "2024-02-01");
    assert_eq!(
        assessment.due_date(DueKind::LiverPanel),
        Some(d("2024-02-29"))
    );
}

#[test]
fn r_mon_1_three_monthly_once_the_panel_is_past_the_first_year() {
    // Start 2025-04-07: the first year runs to 2026-04-06.
    let mut record = on_therapy("2026-04-13");
    add_alt_x(&mut record, "2026-04-06", 1.0);
    assert_eq!(
        evaluate(&record, "2026-04-14").due_date(DueKind::LiverPanel),
        Some(d("2026-05-06"))
    );
    add_alt_x(&mut record, "2026-04-07", 1.0);
    assert_eq!(
        evaluate(&record, "2026-04-14").due_date(DueKind::LiverPanel),
        Some(d("2026-07-07"))
    );
}

/// Rev 2: a hold by the clinician alone keeps the usual interval; only ALT/AST withholding
/// (R-TOX-2/3) makes it weekly.
#[test]
fn r_mon_1_a_clinicians_hold_keeps_the_usual_interval() {
    let mut record = on_therapy("2025-05-05");
    add_alt_x(&mut record, "2025-05-05", 1.0);
    add_event(&mut record, "2025-05-06", EventKind::Withheld);
    let assessment = evaluate(&record, "2025-05-07");
    assert_eq!(assessment.status, Status::Withhold);
    assert_eq!(
        assessment.due_date(DueKind::LiverPanel),
        Some(d("2025-06-05"))
    );
}

#[test]
fn r_mon_2_lipids_every_3_months_in_the_first_year_then_6() {
    let record = on_therapy("2025-05-26");
    // The last LDL-C, 2025-04-03, is in the first year.
    assert_eq!(
        evaluate(&record, "2025-05-28").due_date(DueKind::LipidPanel),
        Some(d("2025-07-03"))
    );
    let mut later = on_therapy("2026-05-25");
    add_lab(&mut later, "2026-05-20", LabTest::LdlC, 250.0, None);
    assert_eq!(
        evaluate(&later, "2026-05-26").due_date(DueKind::LipidPanel),
        Some(d("2026-11-20"))
    );
}

#[test]
fn r_mon_2_with_no_ldl_c_at_all_lipids_are_due_at_the_start() {
    let mut record = on_therapy("2025-04-14");
    record.labs.retain(|lab| lab.test != LabTest::LdlC);
    let assessment = evaluate(&record, "2025-04-15");
    assert_eq!(
        assessment.due_date(DueKind::LipidPanel),
        Some(d("2025-04-07"))
    );
    let overdue = finding(&assessment, RuleId::Mon3);
    assert_eq!(overdue.severity, Severity::Caution);
    assert!(overdue.detail.contains("lipid panel"));
}

#[test]
fn r_mon_3_liver_items_overdue_warn_and_due_today_is_not_overdue() {
    let record = on_therapy("2025-05-05");
    let due_today = evaluate(&record, "2025-05-07");
    assert!(due_today.due.iter().all(|due| !due.overdue));
    assert_absent(&due_today, RuleId::Mon3);

    let late = evaluate(&record, "2025-05-08");
    let overdue = finding(&late, RuleId::Mon3);
    assert_eq!(overdue.severity, Severity::Warning);
    assert!(
        overdue
            .detail
            .contains("was due on 2025-05-07 and is overdue"),
        "{}",
        overdue.detail
    );
}

#[test]
fn r_eff_1_the_ldl_review_is_due_26_weeks_after_the_start() {
    let record = on_therapy("2025-09-29");
    let assessment = evaluate(&record, "2025-10-01");
    assert_eq!(
        assessment.due_date(DueKind::LdlReview),
        Some(d("2025-10-06"))
    );
    assert_eq!(assessment.efficacy, None);
}

#[test]
fn r_eff_1_from_the_review_date_on_the_change_from_baseline_is_reported() {
    let mut record = on_therapy("2025-10-06");
    add_lab(&mut record, "2025-10-05", LabTest::LdlC, 300.0, None);
    let early = evaluate(&record, "2025-10-07");
    assert_eq!(early.due_date(DueKind::LdlReview), Some(d("2025-10-06")));
    assert_eq!(early.efficacy, None);

    add_lab(&mut record, "2025-10-06", LabTest::LdlC, 315.0, None);
    let assessment = evaluate(&record, "2025-10-07");
    assert_eq!(assessment.due_date(DueKind::LdlReview), None);
    let efficacy = assessment.efficacy.expect("reported");
    assert!((efficacy.baseline_ldl_c - 420.0).abs() < 1e-9);
    assert!((efficacy.percent_change - -25.0).abs() < 1e-9);
    let info = finding(&assessment, RuleId::Eff1);
    assert_eq!(info.severity, Severity::Info);
    assert!(
        info.detail
            .starts_with("LDL-C 315 mg/dL against 420 mg/dL at baseline: −25%"),
        "{}",
        info.detail
    );
}

#[test]
fn r_eff_1_ldl_in_mmol_per_litre_is_converted_before_comparing() {
    let mut record = on_therapy("2025-10-06");
    add_lab(&mut record, "2025-10-06", LabTest::LdlC, 7.0, None);
    let last = record.labs.len() - 1;
    record.labs[last].unit = mipomersen_monitor::record::LabUnit::MmolPerL;
    let efficacy = evaluate(&record, "2025-10-07").efficacy.expect("reported");
    assert!((efficacy.latest_ldl_c - 270.69).abs() < 1e-9);
}

#[test]
fn nothing_is_due_before_the_start_when_the_baseline_is_complete_or_after_the_end() {
    assert_eq!(evaluate(&eligible(), "2025-04-06").due, vec![]);
    let mut ended = on_therapy("2025-05-05");
    add_event(&mut ended, "2025-05-06", EventKind::Discontinued);
    let assessment = evaluate(&ended, "2025-06-30");
    assert_eq!(assessment.status, Status::Ended);
    assert_eq!(assessment.due, vec![]);
    assert_eq!(assessment.next_dose, None);
}

/// R-MON-4 (rev 2): in the first year, a liver panel 14 days overdue is still only overdue;
/// 15 days overdue, the liver tests come before the next dose.
#[test]
fn r_mon_4_in_the_first_year_14_days_overdue_continues_15_needs_labs() {
    // The last panel, 2025-05-05, falls in the first year: next due 2025-06-05.
    let mut record = monitored("2025-05-05");
    for week in [
        "2025-05-12",
        "2025-05-19",
        "2025-05-26",
        "2025-06-02",
        "2025-06-09",
        "2025-06-16",
    ] {
        record.doses.push(dose(d(week)));
    }
    let at_14 = evaluate(&record, "2025-06-19");
    assert_eq!(at_14.status, Status::Continue);
    assert!(at_14.has(RuleId::Mon3));
    assert_absent(&at_14, RuleId::Mon4);
    assert_eq!(at_14.next_dose, Some(d("2025-06-23")));

    let at_15 = evaluate(&record, "2025-06-20");
    assert_eq!(at_15.status, Status::LabsNeeded);
    assert_eq!(finding(&at_15, RuleId::Mon4).severity, Severity::Warning);
    assert!(
        finding(&at_15, RuleId::Mon4)
            .detail
            .contains("due on 2025-06-05, more than the 14-day grace period ago"),
        "{}",
        finding(&at_15, RuleId::Mon4).detail
    );
    // Under labs_needed there is no next-dose date: the liver tests come first.
    assert_eq!(at_15.next_dose, None);
    assert!(at_15.reason.contains("R-MON-4"), "{}", at_15.reason);
}

/// After the first year the grace period is 30 days: 30 days overdue continues, 31 needs labs.
#[test]
fn r_mon_4_after_the_first_year_30_days_overdue_continues_31_needs_labs() {
    // Start 2025-04-07; a panel on 2026-04-13 is past the first year: next due 2026-07-13.
    let mut record = on_therapy("2026-08-10");
    add_panel(&mut record, "2026-04-13", 30.0, 28.0);
    assert_eq!(evaluate(&record, "2026-08-12").status, Status::Continue);
    let at_31 = evaluate(&record, "2026-08-13");
    assert_eq!(at_31.status, Status::LabsNeeded);
    assert!(
        finding(&at_31, RuleId::Mon4)
            .detail
            .contains("30-day grace period")
    );
}

/// With no panel since the start, the first-year grace applies from start + 1 month.
#[test]
fn r_mon_4_no_panel_since_the_start() {
    let record = on_therapy("2025-05-19"); // first panel due 2025-05-07
    assert_eq!(evaluate(&record, "2025-05-21").status, Status::Continue);
    let needed = evaluate(&record, "2025-05-22");
    assert_eq!(needed.status, Status::LabsNeeded);
    assert!(
        finding(&needed, RuleId::Mon4)
            .detail
            .contains("no liver panel since the start")
    );
}

/// The nine-year gap of the issue: no liver test or dose for nine years and a possible
/// hypersensitivity never reads "continue".
#[test]
fn a_record_nobody_monitored_for_years_never_reads_continue() {
    let mut record = monitored("2025-05-05");
    add_symptom(
        &mut record,
        "2025-05-06",
        mipomersen_monitor::record::SymptomKind::Rash,
    );
    let assessment = evaluate(&record, "2034-05-06");
    assert_eq!(assessment.status, Status::LabsNeeded);
    assert!(
        !assessment.reason.contains("nothing blocks"),
        "{}",
        assessment.reason
    );
    assert!(assessment.has(RuleId::Dose9));
    assert_eq!(assessment.next_dose, None);
}

/// R-MON-4 applies only on therapy; not before the first dose, nor after discontinuation.
#[test]
fn r_mon_4_only_on_therapy() {
    let mut ended = on_therapy("2025-05-05");
    add_event(&mut ended, "2025-05-06", EventKind::Discontinued);
    assert_absent(&evaluate(&ended, "2026-05-06"), RuleId::Mon4);
    assert_absent(&evaluate(&eligible(), "2025-04-04"), RuleId::Mon4);
}

/// Rev 2: ALT/AST withholding (R-TOX-2/3) makes the panel weekly.
#[test]
fn r_mon_1_while_alt_ast_withhold_the_panel_is_weekly() {
    let mut record = on_therapy("2025-05-05");
    add_alt_x(&mut record, "2025-05-05", 5.5);
    assert_eq!(
        evaluate(&record, "2025-05-07").due_date(DueKind::LiverPanel),
        Some(d("2025-05-12"))
    );
}
