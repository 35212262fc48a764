//! The rules core: `evaluate(record, today)` applies every rule of SPEC.md §2–3.
//!
//! Pure: no I/O, no clock (today is a parameter), no UI. One file per monograph section; each
//! rule module adds findings, statuses and due items to an [`outcome::Outcome`], and this module
//! turns that into the [`Assessment`].

mod adverse;
mod assessment;
mod baseline;
pub mod calendar;
mod data_quality;
mod dosing;
mod eligibility;
mod events;
mod facts;
mod format;
mod hepatic;
mod interactions;
mod monitoring;
mod outcome;
mod storage;
mod unknown;

use chrono::NaiveDate;

pub use assessment::{
    Assessment, DueItem, DueKind, Efficacy, Finding, MissedAction, MissedDose, Period, Status,
};
pub use dosing::schedule_weekday;
pub use facts::{Facts, ratio as format_ratio};
pub use format::number as format_number;
pub use interactions::matches as interaction_matches;

use crate::record::Record;
use events::ClinicianEvents;
use hepatic::Hepatic;
use outcome::Outcome;

/// Everything the rules conclude about `record` on `today`.
pub fn evaluate(record: &Record, today: NaiveDate) -> Assessment {
    let facts = Facts::new(record, today);
    let hepatic = Hepatic::walk(&facts);
    let events = ClinicianEvents::read(&facts);
    let mut out = Outcome::default();

    // What decides the status.
    eligibility::check(&facts, &mut out);
    baseline::check(&facts, &mut out);
    hepatic.check(&facts, &mut out);
    events.check(&hepatic, &mut out);
    let (status, reason) = status(&facts, &out);

    // What follows from the status.
    hepatic.workup(&facts, status, &mut out);
    let efficacy = monitoring::schedule(&facts, &hepatic, status, &mut out);
    let (next_dose, missed_dose) = dosing::next_dose(&facts, &hepatic, &events, status, &mut out);

    // What stands on its own.
    dosing::history(&facts, &hepatic, &events, &mut out);
    interactions::check(&facts, &mut out);
    storage::check(&facts, &mut out);
    adverse::check(&facts, &mut out);
    data_quality::check(&facts, &mut out);
    let due = monitoring::overdue(today, &mut out);

    let mut withheld: Vec<Period> = hepatic
        .withheld_periods()
        .chain(events.withheld_periods())
        .collect();
    withheld.sort_by_key(|period| period.from);
    let mut findings = out.findings;
    // Most severe first; within a severity, in SPEC order.
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.rule.cmp(&b.rule)));
    Assessment {
        status,
        reason,
        findings,
        due,
        next_dose,
        missed_dose,
        efficacy,
        unknown: unknown::fields(record),
        withheld,
    }
}

/// The most severe status that applies, and one line saying why.
fn status(facts: &Facts, out: &Outcome) -> (Status, String) {
    if let Some(stopped) = facts.discontinued_on {
        return (
            Status::Ended,
            format!("Therapy was discontinued on {stopped}."),
        );
    }
    if let Some((status, finding)) = out.status() {
        return (status, format!("{} ({})", finding.title, finding.rule));
    }
    if facts.on_therapy() {
        (
            Status::Continue,
            "On therapy; nothing blocks the next dose.".to_owned(),
        )
    } else {
        (
            Status::OkToStart,
            "Not started; baseline complete and nothing blocks starting.".to_owned(),
        )
    }
}
