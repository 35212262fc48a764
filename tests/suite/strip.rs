//! The weekly dose strip as the rules decide it (the app only draws it): given, missed,
//! withheld, scheduled, before therapy, after discontinuation.

use mipomersen_monitor::record::EventKind;
use mipomersen_monitor::rules::{StripWeek, WeekState};

use crate::support::*;

fn state_on(strip: &[StripWeek], day: &str) -> WeekState {
    strip
        .iter()
        .find(|week| week.day == d(day))
        .unwrap_or_else(|| panic!("{day} is in the strip"))
        .state
}

/// The case: Monday 2025-05-19 missed, a dose on Saturday the 24th. The coming Monday
/// (the 26th) is not "given" by it: it is still to come.
#[test]
fn a_week_still_to_come_is_never_given() {
    let mut record = monitored("2025-05-12");
    record.doses.push(dose(d("2025-05-24")));
    let strip = evaluate(&record, "2025-05-24").strip;
    assert_eq!(state_on(&strip, "2025-05-12"), WeekState::Given);
    assert_eq!(state_on(&strip, "2025-05-19"), WeekState::Missed);
    // Two days after the Saturday dose: too soon, skipped; the next dose is the Monday after.
    assert_eq!(state_on(&strip, "2025-05-26"), WeekState::Skipped);
    assert_eq!(
        strip.last().expect("weeks").day,
        d("2025-05-26"),
        "ends with the coming week"
    );
    // Two days later the Saturday dose counts for that Monday, within 3 days of it.
    let later = evaluate(&record, "2025-05-26").strip;
    assert_eq!(state_on(&later, "2025-05-26"), WeekState::Given);
}

/// A dose counts for the schedule day within 3 days of it, before as after: exactly 3 days
/// early counts, 4 days early does not.
#[test]
fn a_dose_counts_for_the_schedule_day_up_to_3_days_away() {
    let mut friday = monitored("2025-05-12");
    friday.doses.push(dose(d("2025-05-16"))); // 3 days before Monday the 19th
    let strip = evaluate(&friday, "2025-05-20").strip;
    assert_eq!(state_on(&strip, "2025-05-19"), WeekState::Given);

    let mut thursday = monitored("2025-05-12");
    thursday.doses.push(dose(d("2025-05-15"))); // 4 days before
    let strip = evaluate(&thursday, "2025-05-20").strip;
    assert_eq!(state_on(&strip, "2025-05-19"), WeekState::Missed);
}

#[test]
fn weeks_before_the_first_dose_are_not_missed() {
    let record = monitored("2025-05-05");
    let strip = evaluate(&record, "2025-05-06").strip;
    assert_eq!(strip.len(), 27);
    // The first dose, 2025-04-07: the Monday 3 days later counts as the start of therapy.
    assert_eq!(state_on(&strip, "2025-03-31"), WeekState::BeforeTherapy);
    assert_eq!(state_on(&strip, "2025-04-07"), WeekState::Given);
    assert!(
        strip
            .iter()
            .filter(|week| week.day < d("2025-04-07"))
            .all(|week| week.state == WeekState::BeforeTherapy)
    );
}

#[test]
fn weeks_after_discontinuation_are_over_not_missed() {
    let mut record = monitored("2025-05-12");
    add_event(&mut record, "2025-05-14", EventKind::Discontinued);
    let strip = evaluate(&record, "2025-07-01").strip;
    assert_eq!(state_on(&strip, "2025-05-12"), WeekState::Given);
    assert_eq!(state_on(&strip, "2025-05-19"), WeekState::Ended);
    assert_eq!(state_on(&strip, "2025-07-07"), WeekState::Ended);
}

#[test]
fn weeks_withheld_are_not_missed_and_dosing_resumes() {
    let mut record = monitored("2025-05-12");
    add_alt_x(&mut record, "2025-05-15", 5.0);
    let strip = evaluate(&record, "2025-06-10").strip;
    assert_eq!(state_on(&strip, "2025-05-12"), WeekState::Given);
    assert_eq!(state_on(&strip, "2025-05-19"), WeekState::Withheld);
    assert_eq!(state_on(&strip, "2025-06-09"), WeekState::Withheld);
    assert_eq!(state_on(&strip, "2025-06-16"), WeekState::Withheld);
    // A panel below 3×ULN ends the hold; the weeks after it are missed until a dose is given.
    add_panel(&mut record, "2025-06-02", 40.0, 30.0);
    let resumed = evaluate(&record, "2025-06-17").strip;
    assert_eq!(state_on(&resumed, "2025-05-26"), WeekState::Withheld);
    assert_eq!(state_on(&resumed, "2025-06-09"), WeekState::Missed);
    assert_eq!(state_on(&resumed, "2025-06-23"), WeekState::Scheduled);
}

/// A week to come is scheduled only when a dose may be given: under a hold it is withheld.
#[test]
fn weeks_to_come_under_a_hold_are_withheld_and_a_hold_ends_on_its_resumption_day() {
    let mut record = monitored("2025-05-12");
    add_alt_x(&mut record, "2025-05-15", 5.0);
    let held = evaluate(&record, "2025-05-20").strip;
    assert_eq!(state_on(&held, "2025-05-26"), WeekState::Withheld);
    // Lifted by the panel of Monday 2025-06-09: that Monday's dose is due, not withheld.
    add_panel(&mut record, "2025-06-09", 40.0, 30.0);
    let lifted = evaluate(&record, "2025-06-09").strip;
    assert_eq!(state_on(&lifted, "2025-06-02"), WeekState::Withheld);
    assert_eq!(state_on(&lifted, "2025-06-09"), WeekState::Scheduled);
}

/// The day therapy was discontinued is its end, not a missed dose.
#[test]
fn the_discontinuation_day_is_not_a_missed_dose() {
    let mut record = monitored("2025-05-12");
    add_event(&mut record, "2025-05-19", EventKind::Discontinued);
    let strip = evaluate(&record, "2025-06-01").strip;
    assert_eq!(state_on(&strip, "2025-05-19"), WeekState::Ended);
}

/// The day of a withholding result is not yet withheld (R-DOSE-5 counts that day's data in the
/// dose's favour): a dose not given that day is missed; the next week is withheld.
#[test]
fn a_hold_begins_after_the_day_of_its_result() {
    let mut record = monitored("2025-05-12");
    add_alt_x(&mut record, "2025-05-19", 5.0);
    let strip = evaluate(&record, "2025-05-28").strip;
    assert_eq!(state_on(&strip, "2025-05-19"), WeekState::Missed);
    assert_eq!(state_on(&strip, "2025-05-26"), WeekState::Withheld);
}

#[test]
fn every_week_state_has_its_own_word() {
    let words: std::collections::BTreeSet<&str> =
        WeekState::ALL.iter().map(|state| state.label()).collect();
    assert_eq!(words.len(), WeekState::ALL.len());
    assert!(words.iter().all(|word| word.len() > 3));
}

/// Under a status that gives no next dose without a hold period (liver tests first, R-MON-4),
/// the coming week is withheld, not scheduled; a past week without a dose is still missed.
#[test]
fn while_liver_tests_come_first_the_coming_week_is_withheld() {
    let record = on_therapy("2025-05-19"); // no panel since the start
    let assessment = evaluate(&record, "2025-05-28");
    assert_eq!(
        assessment.status,
        mipomersen_monitor::rules::Status::LabsNeeded
    );
    assert_eq!(state_on(&assessment.strip, "2025-05-26"), WeekState::Missed);
    assert_eq!(
        state_on(&assessment.strip, "2025-06-02"),
        WeekState::Withheld
    );
}
