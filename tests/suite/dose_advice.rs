//! A dose against the advice, judged on its own day: the app asks for confirmation and a reason
//! before recording one (issue: "dosing with eyes open"), and never for a dose that follows it.

use mipomersen_monitor::knowledge::RuleId;
use mipomersen_monitor::record::EventKind;
use mipomersen_monitor::rules::against_advice;

use crate::support::*;

/// The rule the dose of `date`, entered that same day, goes against.
fn rule_against(record: &mipomersen_monitor::record::Record, date: &str) -> Option<RuleId> {
    against_advice(record, &dose(d(date)), d(date)).map(|advice| advice.rule)
}

#[test]
fn a_dose_on_the_schedule_day_follows_the_advice() {
    let record = monitored("2025-05-12");
    assert_eq!(rule_against(&record, "2025-05-19"), None);
}

/// The case: Monday 2025-05-19 missed. On Saturday the next Monday is 2 days away: skip
/// the missed dose (R-DOSE-1), so a dose on Saturday goes against the advice. On Friday it is 3
/// days away: give it now. On the Monday the regular dose is due.
#[test]
fn a_make_up_dose_the_advice_says_to_skip_is_against_it_at_the_3_day_boundary() {
    let record = monitored("2025-05-12");
    assert_eq!(rule_against(&record, "2025-05-24"), Some(RuleId::Dose1));
    assert_eq!(rule_against(&record, "2025-05-25"), Some(RuleId::Dose1));
    assert_eq!(rule_against(&record, "2025-05-23"), None);
    assert_eq!(rule_against(&record, "2025-05-26"), None);
    let advice = against_advice(&record, &dose(d("2025-05-24")), d("2025-05-24")).expect("against");
    assert!(advice.advice.contains("2025-05-26"), "{}", advice.advice);
}

/// Two schedule days missed (R-DOSE-9): do not make them up; restart on the schedule day.
#[test]
fn interrupted_therapy_says_not_to_make_up_doses() {
    let record = monitored("2025-05-12");
    assert_eq!(rule_against(&record, "2025-05-31"), Some(RuleId::Dose9));
    assert_eq!(rule_against(&record, "2025-06-02"), None);
}

#[test]
fn a_dose_while_withheld_is_against_the_finding_that_holds_it() {
    let mut record = monitored("2025-05-12");
    add_alt_x(&mut record, "2025-05-15", 5.0);
    assert_eq!(rule_against(&record, "2025-05-19"), Some(RuleId::Tox3));
    let mut confirmed = monitored("2025-05-12");
    add_alt_x(&mut confirmed, "2025-05-14", 3.2);
    add_alt_x(&mut confirmed, "2025-05-16", 3.1);
    assert_eq!(rule_against(&confirmed, "2025-05-19"), Some(RuleId::Tox2));
    // One elevation to confirm: doses go on.
    let mut confirming = monitored("2025-05-12");
    add_alt_x(&mut confirming, "2025-05-15", 4.9);
    assert_eq!(rule_against(&confirming, "2025-05-19"), None);
}

#[test]
fn a_dose_before_the_liver_tests_or_the_baseline_is_against_the_advice() {
    let unmonitored = on_therapy("2025-05-12");
    // A month after the start and 14 days of grace: the liver tests come first.
    assert_eq!(rule_against(&unmonitored, "2025-05-19"), None);
    assert_eq!(rule_against(&unmonitored, "2025-05-26"), Some(RuleId::Mon4));
    let mut no_baseline = eligible();
    no_baseline.labs.clear();
    assert_eq!(
        rule_against(&no_baseline, "2025-04-07"),
        Some(RuleId::Base1)
    );
    assert_eq!(rule_against(&eligible(), "2025-04-07"), None);
}

/// What the dose itself would raise: too soon after another (R-DOSE-4: fewer than 3 days), or
/// after the clinician discontinued therapy (R-DOSE-5; no finding sets `ended`).
#[test]
fn a_dose_too_soon_or_after_discontinuation_is_against_the_advice() {
    let record = monitored("2025-05-12");
    assert_eq!(rule_against(&record, "2025-05-14"), Some(RuleId::Dose4));
    assert_eq!(rule_against(&record, "2025-05-15"), None);
    let mut ended = monitored("2025-05-12");
    add_event(&mut ended, "2025-05-13", EventKind::Discontinued);
    assert_eq!(rule_against(&ended, "2025-05-19"), Some(RuleId::Dose5));
}

/// A dose entered later, dated before one already recorded: too soon before it is asked about
/// (R-DOSE-4 judged with every dose on file, as of the day it is entered).
#[test]
fn a_dose_entered_late_and_too_soon_before_a_later_one_is_against_the_advice() {
    let record = monitored("2025-05-19"); // Mondays through 2025-05-19
    let saturday_before = dose(d("2025-05-17"));
    assert_eq!(
        against_advice(&record, &saturday_before, d("2025-05-21")).map(|advice| advice.rule),
        Some(RuleId::Dose4)
    );
    let thursday_before = dose(d("2025-05-15"));
    assert_eq!(
        against_advice(&record, &thursday_before, d("2025-05-21")).map(|advice| advice.rule),
        None,
        "4 days before the next and 3 after the last: not too soon"
    );
}

/// What the record already raised is not the new dose's doing: with two doses too close
/// together already on file (R-DOSE-4), a dose on the schedule day is not questioned for them.
#[test]
fn a_finding_already_on_file_is_not_the_new_doses_doing() {
    let mut record = monitored("2025-05-12");
    record.doses.push(dose(d("2025-05-13")));
    assert_eq!(rule_against(&record, "2025-05-19"), None);
}

/// A new "too soon" is the new dose's doing even when the record already has another one.
#[test]
fn a_new_too_soon_is_asked_about_beside_an_old_one() {
    let mut record = monitored("2025-05-19");
    record.doses.push(dose(d("2025-05-13"))); // too soon after 2025-05-12, long ago
    assert_eq!(rule_against(&record, "2025-05-21"), Some(RuleId::Dose4));
}
