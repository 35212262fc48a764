//! The iCalendar schedule read back by another parser and imported, export after export, into a
//! calendar that keeps events by UID and SEQUENCE: it holds the current schedule and nothing
//! else, whatever changed in between; it names neither the record number nor, unless asked, the
//! patient.

use std::path::Path;

use assert_cmd::Command;
use chrono::{DateTime, NaiveDate, Utc};
use mipomersen_monitor::interop::ics::{self, Audience, Options};
use mipomersen_monitor::knowledge::pack;
use mipomersen_monitor::record::{DoseWeekday, EventKind, Record};
use mipomersen_monitor::rules::Status;

use crate::calendar_store::{self, Alarm, Store, Time};
use crate::support::*;

const CLINIC: Options = Options {
    audience: Audience::Clinic { with_name: false },
    dose_time: None,
};

const PATIENT: Options = Options {
    audience: Audience::Patient,
    dose_time: None,
};

fn at(time: &str) -> DateTime<Utc> {
    time.parse().expect("an RFC 3339 time")
}

/// The record's calendar as exported on `today` at `time` (UTC).
fn export(record: &Record, today: &str, options: Options, time: &str) -> String {
    ics::schedule(
        record,
        &evaluate(record, today),
        d(today),
        options,
        at(time),
    )
}

/// `count` weekly dates from `first`.
fn weekly(first: &str, count: i64) -> Vec<NaiveDate> {
    (0..count)
        .map(|week| d(first) + chrono::Days::new(u64::try_from(week * 7).expect("positive")))
        .collect()
}

/// How far a test looks at a calendar: past the 12 weeks of doses and the 26-week LDL-C review.
const WINDOW_DAYS: u64 = 200;

/// The dose dates a calendar shows from `from`.
fn injections(store: &Store, from: &str) -> Vec<NaiveDate> {
    store.dates_of(
        "injection",
        d(from),
        d(from) + chrono::Days::new(WINDOW_DAYS),
    )
}

/// The tests a calendar shows from `from`, by date.
fn tests_due(store: &Store, from: &str) -> Vec<(NaiveDate, String)> {
    store
        .occurrences(d(from), d(from) + chrono::Days::new(WINDOW_DAYS))
        .into_iter()
        .filter(|occurrence| !occurrence.summary.contains("injection"))
        .map(|occurrence| (occurrence.start.date(), occurrence.summary))
        .collect()
}

fn due(date: &str, summary: &str) -> (NaiveDate, String) {
    (d(date), summary.to_owned())
}

/// Monday doses through 2025-06-02, the liver panel normal that day; on 2025-06-04 the next
/// dose is Monday 2025-06-09.
fn on_mondays() -> Record {
    monitored("2025-06-02")
}

const MONDAY_DOSES: (&str, i64) = ("2025-06-09", 12);

fn imported(exports: &[&str]) -> Store {
    let mut store = Store::default();
    for text in exports {
        store.apply(text);
    }
    store
}

#[test]
fn ics_the_first_export_holds_12_weeks_of_doses_and_the_due_tests() {
    let record = on_mondays();
    let store = imported(&[&export(
        &record,
        "2025-06-04",
        CLINIC,
        "2025-06-04T09:00:00Z",
    )]);
    let doses = injections(&store, "2025-06-04");
    assert_eq!(doses, weekly(MONDAY_DOSES.0, MONDAY_DOSES.1));
    // The 12th week ends on 2025-08-26: the last Monday before it.
    assert_eq!(doses.last(), Some(&d("2025-08-25")));
    assert_eq!(
        tests_due(&store, "2025-06-04"),
        [
            due("2025-07-02", "Due: liver panel"),
            due("2025-07-03", "Due: lipid panel"),
            due("2025-10-06", "Due: LDL-C review"),
        ]
    );
}

/// Scenario 1: ALT at 5.5×ULN withholds therapy; the re-export takes every dose away.
#[test]
fn ics_a_withhold_removes_every_dose_on_reimport() {
    let mut record = on_mondays();
    let before = export(&record, "2025-06-04", CLINIC, "2025-06-04T09:00:00Z");
    add_alt_x(&mut record, "2025-06-04", 5.5);
    assert_eq!(evaluate(&record, "2025-06-04").status, Status::Withhold);
    let after = export(&record, "2025-06-04", CLINIC, "2025-06-04T15:30:00Z");
    let store = imported(&[&before, &after]);
    assert_eq!(injections(&store, "2025-06-04"), []);
    assert_eq!(
        tests_due(&store, "2025-06-04"),
        [
            due("2025-06-04", "Due: hepatic work-up"),
            due("2025-06-11", "Due: liver panel"),
            due("2025-07-03", "Due: lipid panel"),
            due("2025-10-06", "Due: LDL-C review"),
        ]
    );
}

/// Scenario 2: the dose weekday moves from Monday to Thursday, with a dose on Thursday; only
/// Thursdays remain, no Monday piles up beside them.
#[test]
fn ics_a_new_weekday_replaces_the_old_series() {
    let mut record = on_mondays();
    let before = export(&record, "2025-06-04", CLINIC, "2025-06-04T09:00:00Z");
    record.therapy.dose_weekday = Some(DoseWeekday::Thursday);
    record.doses.push(dose(d("2025-06-05")));
    let after = export(&record, "2025-06-05", CLINIC, "2025-06-05T18:00:00Z");
    let store = imported(&[&before, &after]);
    let doses = injections(&store, "2025-06-04");
    // Thursdays from 2025-06-12 before 2025-08-28, 12 weeks after 2025-06-05.
    assert_eq!(doses, weekly("2025-06-12", 11));
    assert_eq!(doses.last(), Some(&d("2025-08-21")));
}

/// Scenario 3: the clinician records the end of therapy; nothing is due any more and nothing
/// remains.
#[test]
fn ics_a_discontinuation_leaves_nothing() {
    let mut record = on_mondays();
    let before = export(&record, "2025-06-04", CLINIC, "2025-06-04T09:00:00Z");
    add_event(&mut record, "2025-06-05", EventKind::Discontinued);
    let assessment = evaluate(&record, "2025-06-05");
    assert_eq!(assessment.status, Status::Ended);
    assert_eq!(assessment.due, []);
    let after = export(&record, "2025-06-05", CLINIC, "2025-06-05T08:00:00Z");
    let store = imported(&[&before, &after]);
    assert_eq!(store.occurrences(d("2025-06-01"), d("2026-06-01")), []);
}

/// R-DOSE-1 `give_now`: the missed Monday dose is given on Wednesday as a one-off event, the
/// series resumes the next Monday; once given, the make-up disappears.
#[test]
fn ics_a_make_up_dose_comes_and_goes() {
    let mut record = on_mondays();
    let planned = export(&record, "2025-06-04", CLINIC, "2025-06-04T09:00:00Z");
    let missed = export(&record, "2025-06-11", CLINIC, "2025-06-11T08:00:00Z");
    let mut store = imported(&[&planned, &missed]);
    let mut expected = vec![d("2025-06-11")];
    // Mondays from 2025-06-16 before 2025-09-03; 2025-06-09 (missed) is gone.
    expected.extend(weekly("2025-06-16", 12));
    assert_eq!(injections(&store, "2025-06-04"), expected);
    let make_up = store.occurrences(d("2025-06-11"), d("2025-06-11"));
    assert_eq!(make_up.len(), 1);
    assert!(
        make_up[0]
            .summary
            .starts_with("Missed mipomersen injection, 200 mg")
    );

    record.doses.push(dose(d("2025-06-11")));
    store.apply(&export(
        &record,
        "2025-06-12",
        CLINIC,
        "2025-06-12T08:00:00Z",
    ));
    assert_eq!(injections(&store, "2025-06-04"), weekly("2025-06-16", 12));
}

/// A new liver panel moves the next one: one event, at the new date.
#[test]
fn ics_a_due_test_moves_on_reimport() {
    let mut record = on_mondays();
    let before = export(&record, "2025-06-04", CLINIC, "2025-06-04T09:00:00Z");
    record.doses.push(dose(d("2025-06-09")));
    add_panel(&mut record, "2025-06-09", 30.0, 28.0);
    let after = export(&record, "2025-06-10", CLINIC, "2025-06-10T09:00:00Z");
    let store = imported(&[&before, &after]);
    let liver: Vec<_> = tests_due(&store, "2025-06-01")
        .into_iter()
        .filter(|(_, summary)| summary.contains("liver panel"))
        .collect();
    assert_eq!(liver, [due("2025-07-09", "Due: liver panel")]);
}

/// An older file imported after a newer one changes nothing: its SEQUENCE is lower.
#[test]
fn ics_an_older_export_imported_late_changes_nothing() {
    let mut record = on_mondays();
    let before = export(&record, "2025-06-04", CLINIC, "2025-06-04T09:00:00Z");
    add_alt_x(&mut record, "2025-06-04", 5.5);
    let after = export(&record, "2025-06-04", CLINIC, "2025-06-04T09:01:00Z");
    let store = imported(&[&after, &before]);
    assert_eq!(injections(&store, "2025-06-04"), []);
}

/// Every export writes the same 12 UIDs for a patient (7 weekday series, the make-up dose, 4
/// tests), each under a higher SEQUENCE than the export before; another patient's differ.
#[test]
fn ics_uids_are_stable_per_patient_and_sequences_rise() {
    let record = on_mondays();
    let uids = |text: &str| -> Vec<(String, i64)> {
        calendar_store::parse(text)
            .into_iter()
            .map(|event| (event.uid, event.sequence))
            .collect()
    };
    let first = uids(&export(
        &record,
        "2025-06-04",
        CLINIC,
        "2025-06-04T09:00:00Z",
    ));
    let second = uids(&export(
        &record,
        "2025-06-11",
        PATIENT,
        "2025-06-11T09:00:00Z",
    ));
    assert_eq!(first.len(), 12);
    let mut distinct: Vec<_> = first.iter().map(|(uid, _)| uid).collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 12, "one UID per event");
    for ((uid, sequence), (uid_later, sequence_later)) in first.iter().zip(&second) {
        assert_eq!(uid, uid_later);
        assert!(sequence_later > sequence);
    }
    let mut other = record.clone();
    other.patient.id = "H-0002".to_owned();
    let others = uids(&export(
        &other,
        "2025-06-04",
        CLINIC,
        "2025-06-04T09:00:00Z",
    ));
    assert!(
        others
            .iter()
            .all(|(uid, _)| first.iter().all(|(mine, _)| mine != uid))
    );
}

/// Every event is transparent, every RRULE bounded; the calendar names itself and this app.
#[test]
fn ics_events_are_transparent_and_the_calendar_is_named() {
    let text = export(&on_mondays(), "2025-06-04", CLINIC, "2025-06-04T09:00:00Z");
    let calendar = calendar_store::calendar_properties(&text);
    let property = |name: &str| {
        calendar
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    assert_eq!(
        property("PRODID"),
        Some(concat!(
            "-//Mipomersen Monitor//Mipomersen Monitor ",
            env!("CARGO_PKG_VERSION"),
            "//EN"
        ))
    );
    assert_eq!(property("NAME"), Some("Mipomersen schedule"));
    assert_eq!(property("X-WR-CALNAME"), Some("Mipomersen schedule"));
    for event in calendar_store::parse(&text) {
        assert!(
            event
                .properties
                .contains(&("TRANSP".to_owned(), "TRANSPARENT".to_owned())),
            "{}",
            event.summary
        );
        if let Some(rule) = &event.rule {
            assert!(rule.contains("COUNT=") || rule.contains("UNTIL="), "{rule}");
        }
    }
}

/// An all-day dose ends the next day and is announced at 19:00 the evening before.
#[test]
fn ics_all_day_doses_have_an_evening_before_reminder() {
    let text = export(&on_mondays(), "2025-06-04", CLINIC, "2025-06-04T09:00:00Z");
    let series = calendar_store::parse(&text)
        .into_iter()
        .find(|event| !event.cancelled && event.rule.is_some())
        .expect("the series");
    assert_eq!(series.start, Time::Day(d("2025-06-09")));
    assert_eq!(series.end, Some(Time::Day(d("2025-06-10"))));
    assert_eq!(
        series.rule.as_deref(),
        Some("FREQ=WEEKLY;BYDAY=MO;COUNT=12")
    );
    assert_eq!(
        series.alarms,
        [Alarm {
            action: "DISPLAY".to_owned(),
            trigger: "TRIGGER;RELATED=START:-PT5H".to_owned(),
            description: "Tomorrow: Mipomersen injection, 200 mg".to_owned(),
        }]
    );
}

/// With a dose time, doses are timed in floating local time, half an hour long, and a second
/// reminder comes when the syringe should leave the refrigerator.
#[test]
fn ics_a_dose_time_gives_timed_doses_and_the_refrigerator_reminder() {
    let options = Options {
        dose_time: chrono::NaiveTime::from_hms_opt(8, 0, 0),
        ..PATIENT
    };
    let text = export(&on_mondays(), "2025-06-04", options, "2025-06-04T09:00:00Z");
    let series = calendar_store::parse(&text)
        .into_iter()
        .find(|event| !event.cancelled && event.rule.is_some())
        .expect("the series");
    let time = |text: &str| Time::Floating(text.parse().expect("a time"));
    assert_eq!(series.start, time("2025-06-09T08:00:00"));
    assert_eq!(series.end, Some(time("2025-06-09T08:30:00")));
    let triggers: Vec<&str> = series.alarms.iter().map(|a| a.trigger.as_str()).collect();
    assert_eq!(
        triggers,
        [
            "TRIGGER;RELATED=START:-PT13H",
            "TRIGGER;RELATED=START:-PT30M"
        ]
    );
    assert_eq!(
        series.alarms[0].description,
        "Tomorrow at 08:00: Mipomersen injection, 200 mg"
    );
    assert!(
        series.alarms[1]
            .description
            .starts_with("Take the syringe out of the refrigerator now"),
        "{:?}",
        series.alarms[1]
    );
    assert!(series.alarms[1].description.contains("30 minutes"));
    let store = imported(&[&text]);
    let first = store.occurrences(d("2025-06-09"), d("2025-06-09"));
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].start, time("2025-06-09T08:00:00"));
}

/// Every rule ID of the knowledge pack found in `text`.
fn rule_ids_in(text: &str) -> Vec<&'static str> {
    pack()
        .rules
        .keys()
        .map(|rule| rule.as_str())
        .filter(|id| text.contains(id))
        .collect()
}

/// The patient's version: plain words, no record number, no rule ID, no name; the clinic's
/// carries rule IDs, and the name only when asked.
#[test]
fn ics_the_patient_version_names_no_record_number_rule_or_patient() {
    let mut record = on_mondays();
    add_alt_x(&mut record, "2025-06-04", 5.5);
    // A make-up dose and every kind of test, in the clinic's words with their rules.
    let record_with_make_up = on_mondays();
    for (record, today) in [
        (&record, "2025-06-04"),
        (&record_with_make_up, "2025-06-11"),
    ] {
        let patient = export(record, today, PATIENT, "2025-06-11T09:00:00Z");
        let unfolded = patient.replace("\r\n ", "");
        assert!(!unfolded.contains("H-0001"), "{unfolded}");
        assert!(!unfolded.contains("Case Patient"), "{unfolded}");
        assert_eq!(rule_ids_in(&unfolded), Vec::<&str>::new(), "{unfolded}");
        let clinic = export(record, today, CLINIC, "2025-06-11T09:00:00Z").replace("\r\n ", "");
        assert!(!clinic.contains("H-0001"), "{clinic}");
        assert!(!clinic.contains("Case Patient"), "{clinic}");
        assert!(!rule_ids_in(&clinic).is_empty(), "{clinic}");
    }
    let patient = export(&record, "2025-06-04", PATIENT, "2025-06-04T09:00:00Z");
    let summaries: Vec<String> = calendar_store::parse(&patient)
        .into_iter()
        .filter(|event| !event.cancelled)
        .map(|event| event.summary)
        .collect();
    assert_eq!(
        summaries,
        [
            "Liver blood test",
            "More liver blood tests",
            "Cholesterol blood test",
            "Cholesterol results review",
        ]
    );
    let make_up = calendar_store::parse(&export(
        &record_with_make_up,
        "2025-06-11",
        PATIENT,
        "2025-06-11T09:00:00Z",
    ))
    .into_iter()
    .find(|event| event.summary.starts_with("Missed"))
    .expect("the make-up dose");
    assert_eq!(
        make_up.description,
        "You missed your injection of Monday 9 June 2025. Inject it as soon as you can, by \
         Friday 13 June 2025 at the latest; then go on with your weekly injections."
    );
}

#[test]
fn ics_the_name_is_in_the_clinic_version_only_when_asked() {
    let options = Options {
        audience: Audience::Clinic { with_name: true },
        dose_time: None,
    };
    let text = export(&on_mondays(), "2025-06-04", options, "2025-06-04T09:00:00Z");
    let calendar = calendar_store::calendar_properties(&text);
    assert!(calendar.contains(&(
        "X-WR-CALNAME".to_owned(),
        "Case Patient: Mipomersen schedule".to_owned()
    )));
    for event in calendar_store::parse(&text) {
        assert!(
            event.summary.starts_with("Case Patient: "),
            "{}",
            event.summary
        );
    }
    assert!(!text.contains("H-0001"));
}

/// RFC 5545 §3.1: lines of at most 75 octets ended by CRLF, long values folded; the other
/// parser unfolds the clinic's long description whole.
#[test]
fn ics_lines_are_folded_at_75_octets_and_end_in_crlf() {
    let mut record = on_mondays();
    record.patient.name = Some("Zoë Ångström-Þórsdóttir, née Ødegård; \"Zo\" 🙂".to_owned());
    let options = Options {
        audience: Audience::Clinic { with_name: true },
        dose_time: None,
    };
    let text = export(&record, "2025-06-04", options, "2025-06-04T09:00:00Z");
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    assert!(
        lines
            .iter()
            .all(|line| !line.contains('\n') && !line.contains('\r'))
    );
    assert!(lines.iter().all(|line| line.len() <= 75), "{text}");
    assert!(
        lines.iter().any(|line| line.starts_with(' ')),
        "some line is folded"
    );
    let series = calendar_store::parse(&text)
        .into_iter()
        .find(|event| !event.cancelled && event.rule.is_some())
        .expect("the series");
    assert_eq!(
        series.summary,
        "Zoë Ångström-Þórsdóttir, née Ødegård; \"Zo\" 🙂: Mipomersen injection, 200 mg"
    );
    assert!(
        series.description.starts_with(
            "200 mg subcutaneous, once weekly on Mondays: 12 doses from 2025-06-09 to \
             2025-08-25.\nBefore each dose:\n- Syringe out of the refrigerator for at least 30 \
             minutes to reach room temperature\n"
        ),
        "{}",
        series.description
    );
}

/// The demo patient on 2026-11-24 missed Monday's dose: a make-up today, then Mondays.
#[test]
fn ics_the_demo_schedule_through_the_command_line() {
    let folder = tempfile::tempdir().expect("a folder");
    let output = folder.path().join("schedule.ics");
    let (code, stderr) = run(&[
        "export-ics",
        "assets/examples/demo-patient.json",
        "--today",
        "2026-11-24",
        "-o",
        path(&output),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(&output).expect("written");
    let store = imported(&[&text]);
    let mut expected = vec![d("2026-11-24")];
    expected.extend(weekly("2026-11-30", 12));
    assert_eq!(injections(&store, "2026-11-24"), expected);
    assert_eq!(expected.last(), Some(&d("2027-02-15")));
    assert_eq!(
        tests_due(&store, "2026-11-24"),
        [
            due("2026-12-11", "Due: lipid panel"),
            due("2027-01-09", "Due: liver panel"),
        ]
    );
    assert!(!text.contains("DEMO-0001"));
    assert!(!text.contains("Demo Patient"));
}

#[test]
fn ics_no_doses_are_scheduled_while_contraindicated() {
    let folder = tempfile::tempdir().expect("a folder");
    let patient = demo_in(folder.path());
    let mut demo = mipomersen_monitor::record::load(&patient).expect("valid");
    demo.conditions.hypersensitivity = Some(true);
    mipomersen_monitor::record::save(&demo, &patient).expect("saved");
    let output = folder.path().join("schedule.ics");
    let (code, stderr) = run(&[
        "export-ics",
        "--today",
        "2026-11-24",
        "-o",
        path(&output),
        path(&patient),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let store = imported(&[&std::fs::read_to_string(&output).expect("written")]);
    assert_eq!(injections(&store, "2026-11-24"), []);
    assert!(
        tests_due(&store, "2026-11-24")
            .iter()
            .any(|(_, summary)| summary.contains("liver panel"))
    );
}

#[test]
fn ics_the_command_line_writes_the_patient_version_with_a_dose_time() {
    let folder = tempfile::tempdir().expect("a folder");
    let output = folder.path().join("schedule.ics");
    let (code, stderr) = run(&[
        "export-ics",
        "assets/examples/demo-patient.json",
        "--today",
        "2026-11-28",
        "--for-patient",
        "--dose-time",
        "08:00",
        "-o",
        path(&output),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(&output).expect("written");
    let unfolded = text.replace("\r\n ", "");
    assert!(!unfolded.contains("DEMO-0001"));
    assert!(!unfolded.contains("Demo Patient"));
    assert_eq!(rule_ids_in(&unfolded), Vec::<&str>::new());
    let store = imported(&[&text]);
    let first = &store.occurrences(d("2026-11-28"), d("2026-11-30"))[0];
    assert_eq!(
        first.start,
        Time::Floating("2026-11-30T08:00:00".parse().expect("a time"))
    );
    assert!(unfolded.contains("Take the syringe out of the refrigerator now"));

    let (code, _) = run(&[
        "export-ics",
        "assets/examples/demo-patient.json",
        "--today",
        "2026-11-28",
        "--with-name",
        "-o",
        path(&output),
    ]);
    assert_eq!(code, 0);
    let text = std::fs::read_to_string(&output).expect("written");
    assert!(text.contains("X-WR-CALNAME:Demo Patient (DEMO): Mipomersen schedule"));
    assert!(!text.contains("DEMO-0001"));
}

#[test]
fn ics_bad_flags_exit_2_and_write_nothing() {
    let folder = tempfile::tempdir().expect("a folder");
    let output = folder.path().join("schedule.ics");
    for bad_time in ["25:00", "8", "08:00:00", "noon"] {
        let (code, stderr) = run(&[
            "export-ics",
            "assets/examples/demo-patient.json",
            "--dose-time",
            bad_time,
            "-o",
            path(&output),
        ]);
        assert_eq!(code, 2, "{bad_time}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert_eq!(
            stderr.trim_end(),
            format!(
                "error: --dose-time {bad_time} is not a time of day: give it as HH:MM, from 00:00 \
                 to 23:59"
            )
        );
    }
    let (code, stderr) = run(&[
        "export-ics",
        "assets/examples/demo-patient.json",
        "--for-patient",
        "--with-name",
        "-o",
        path(&output),
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--with-name"), "{stderr}");
    assert!(!output.exists());
}

/// Runs the binary; its exit code and stderr.
fn run(args: &[&str]) -> (i32, String) {
    let output = Command::cargo_bin("mipomersen-monitor")
        .expect("built")
        .args(args)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn path(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}
