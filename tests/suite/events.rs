//! Clinician events: R-EVT-1 (held by the clinician), R-EVT-2 (resumed while still elevated),
//! and the `ended` status.

use mipomersen_monitor::knowledge::{RuleId, Severity};
use mipomersen_monitor::record::EventKind;
use mipomersen_monitor::rules::Status;

use crate::support::*;

#[test]
fn r_evt_1_a_hold_without_a_later_resumption_withholds() {
    let mut record = on_therapy("2025-05-05");
    add_event(&mut record, "2025-05-06", EventKind::Withheld);
    record.events[0].note = Some("travelling, no fridge".to_owned());
    let assessment = evaluate(&record, "2025-05-07");
    assert_eq!(assessment.status, Status::Withhold);
    let held = finding(&assessment, RuleId::Evt1);
    assert_eq!(held.severity, Severity::Info);
    assert!(held.detail.contains("travelling, no fridge"));
    assert_eq!(assessment.next_dose, None);

    // The plots shade it, open while it stands.
    let open = assessment.withheld.iter().map(|p| (p.from, p.until));
    assert_eq!(open.collect::<Vec<_>>(), [(d("2025-05-06"), None)]);

    add_event(&mut record, "2025-05-09", EventKind::Resumed);
    let resumed = evaluate(&record, "2025-05-10");
    assert_eq!(resumed.status, Status::Continue);
    assert_absent(&resumed, RuleId::Evt1);
    let closed = resumed.withheld.iter().map(|p| (p.from, p.until));
    assert_eq!(
        closed.collect::<Vec<_>>(),
        [(d("2025-05-06"), Some(d("2025-05-09")))]
    );
}

#[test]
fn r_evt_1_a_resumption_before_the_hold_does_not_lift_it() {
    let mut record = on_therapy("2025-05-05");
    add_event(&mut record, "2025-05-01", EventKind::Resumed);
    add_event(&mut record, "2025-05-06", EventKind::Withheld);
    assert_eq!(evaluate(&record, "2025-05-07").status, Status::Withhold);
}

/// Entries of one date carry no order: a hold and a resumption of the same day read as held,
/// then resumed, in whichever order the file lists them.
#[test]
fn r_evt_1_a_hold_and_a_resumption_of_one_day_lift_it_in_either_order() {
    for order in [
        [EventKind::Withheld, EventKind::Resumed],
        [EventKind::Resumed, EventKind::Withheld],
    ] {
        let mut record = on_therapy("2025-05-05");
        for kind in order {
            add_event(&mut record, "2025-05-06", kind);
        }
        let assessment = evaluate(&record, "2025-05-07");
        assert_eq!(assessment.status, Status::Continue, "{order:?}");
        assert_absent(&assessment, RuleId::Evt1);
    }
}

#[test]
fn r_evt_2_resuming_while_the_transaminases_are_still_withheld_warns() {
    let mut record = on_therapy("2025-05-05");
    add_alt_x(&mut record, "2025-05-05", 5.5);
    add_event(&mut record, "2025-05-09", EventKind::Resumed);
    let assessment = evaluate(&record, "2025-05-10");
    assert_eq!(assessment.status, Status::Withhold);
    assert_eq!(
        finding(&assessment, RuleId::Evt2).severity,
        Severity::Warning
    );

    add_alt_x(&mut record, "2025-05-12", 2.0);
    assert_absent(&evaluate(&record, "2025-05-13"), RuleId::Evt2);
}

#[test]
fn a_discontinued_event_ends_therapy() {
    let mut record = on_therapy("2025-05-05");
    add_event(&mut record, "2025-05-06", EventKind::Discontinued);
    let assessment = evaluate(&record, "2025-05-07");
    assert_eq!(assessment.status, Status::Ended);
    assert!(assessment.reason.contains("2025-05-06"));
}

/// Rev 2: a `discontinued` event before the first dose belongs to no course of therapy and is
/// ignored; one on the day of the first dose ends it.
#[test]
fn a_discontinued_event_before_the_first_dose_is_ignored() {
    let mut record = monitored("2025-05-05");
    add_event(&mut record, "2025-04-06", EventKind::Discontinued);
    let assessment = evaluate(&record, "2025-05-06");
    assert_eq!(assessment.status, Status::Continue);
    assert_eq!(assessment.next_dose, Some(d("2025-05-12")));

    add_event(&mut record, "2025-04-07", EventKind::Discontinued);
    assert_eq!(evaluate(&record, "2025-05-06").status, Status::Ended);

    // Not started at all: a discontinued event ends nothing.
    let mut never_started = eligible();
    add_event(&mut never_started, "2025-04-02", EventKind::Discontinued);
    assert_eq!(
        evaluate(&never_started, "2025-04-04").status,
        Status::OkToStart
    );
}
