//! Exchange with other systems, read back as the other system would: the iCalendar schedule.

use std::str::FromStr;

use assert_cmd::Command;
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};

#[test]
fn the_schedule_parses_back_with_12_weeks_of_doses_and_the_due_tests() {
    let folder = tempfile::tempdir().expect("a folder");
    let output = folder.path().join("schedule.ics");
    let run = Command::cargo_bin("mipomersen-monitor")
        .expect("built")
        .args([
            "export-ics",
            "assets/examples/demo-patient.json",
            "--today",
            "2026-11-24",
            "-o",
        ])
        .arg(&output)
        .output()
        .expect("runs");
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(&output).expect("written");
    let calendar = Calendar::from_str(&text).expect("valid iCalendar");
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter_map(|component| match component {
            CalendarComponent::Event(event) => Some(event),
            _ => None,
        })
        .collect();
    let day = |date: &str| Some(DatePerhapsTime::Date(date.parse().expect("a date")));
    let doses: Vec<_> = events
        .iter()
        .filter(|event| {
            event
                .get_summary()
                .is_some_and(|s| s.starts_with("Mipomersen injection"))
        })
        .collect();
    // The missed dose today, then the Monday schedule for the rest of the 12 weeks.
    assert_eq!(doses.len(), 13);
    assert_eq!(doses[0].get_start(), day("2026-11-24"));
    assert_eq!(
        doses[0].get_end(),
        day("2026-11-25"),
        "all-day: the end is the next day"
    );
    assert_eq!(doses[1].get_start(), day("2026-11-30"));
    assert_eq!(doses[12].get_start(), day("2027-02-15"));
    let liver = events
        .iter()
        .find(|event| {
            event
                .get_summary()
                .is_some_and(|s| s.contains("liver panel"))
        })
        .expect("the liver panel");
    assert_eq!(liver.get_start(), day("2027-01-09"));
    let mut uids: Vec<_> = events.iter().filter_map(|event| event.get_uid()).collect();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), events.len(), "every event has its own UID");
}

#[test]
fn no_doses_are_scheduled_while_withheld() {
    let folder = tempfile::tempdir().expect("a folder");
    let mut demo =
        mipomersen_monitor::record::parse(mipomersen_monitor::DEMO_PATIENT).expect("valid");
    demo.conditions.hypersensitivity = Some(true);
    let patient = folder.path().join("p.json");
    mipomersen_monitor::record::save(&demo, &patient).expect("saved");
    let output = folder.path().join("schedule.ics");
    Command::cargo_bin("mipomersen-monitor")
        .expect("built")
        .args(["export-ics", "--today", "2026-11-24", "-o"])
        .arg(&output)
        .arg(&patient)
        .assert()
        .success();
    let text = std::fs::read_to_string(&output).expect("written");
    assert!(!text.contains("Mipomersen injection"));
    assert!(text.contains("liver panel"));
}
