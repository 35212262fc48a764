//! The rules core: `evaluate(record, today)` applies every rule of SPEC.md §2–3.
//!
//! Pure: no I/O, no clock (today is a parameter), no UI. One file per monograph section; each
//! rule module adds findings, statuses and due items to an [`outcome::Outcome`], and this module
//! turns that into the [`Assessment`], with the clinician's decisions (§3a) on its findings.

mod adverse;
mod assessment;
mod baseline;
pub mod calendar;
mod data_quality;
mod decisions;
mod dose_advice;
mod dosing;
mod eligibility;
mod events;
mod facts;
mod hepatic;
mod interactions;
mod monitoring;
mod outcome;
mod sites;
mod storage;
mod strip;
mod unknown;

use chrono::NaiveDate;

pub use assessment::{
    Assessment, DueItem, DueKind, Efficacy, Finding, FindingDecision, MissedAction, MissedDose,
    Period, Status,
};
pub use decisions::latest as latest_decision;
pub use dose_advice::{DoseAdvice, against_advice};
pub use dosing::schedule_weekday;
pub use facts::{Facts, LabResult, canonical as reading};
pub use interactions::{Match as InteractionMatch, matches as interaction_matches};
pub use strip::{StripWeek, WeekState};

use crate::format::list;
use crate::knowledge::Severity;
use crate::record::Record;
use adverse::Reactions;
use events::ClinicianEvents;
use hepatic::Hepatic;
use outcome::Outcome;

/// Everything the rules conclude about `record` on `today`.
pub fn evaluate(record: &Record, today: NaiveDate) -> Assessment {
    let facts = Facts::new(record, today);
    let hepatic = Hepatic::walk(&facts);
    let events = ClinicianEvents::read(&facts);
    let mut reactions = Reactions::read(&facts, &events);
    let mut out = Outcome::default();

    // What decides the status.
    eligibility::check(&facts, &mut out);
    baseline::check(&facts, &mut out);
    hepatic.check(&facts, &mut out);
    events.check(&hepatic, &mut out);
    reactions.check(&facts, &mut out);
    monitoring::liver_schedule(&facts, &hepatic, &mut out);
    monitoring::grace(&facts, &hepatic, &mut out);
    let (status, set_by) = status(&facts, &out);

    // What follows from the status.
    hepatic.workup(&facts, status, &mut out);
    let efficacy = monitoring::lipids(&facts, &mut out);
    let (next_dose, missed_dose) = dosing::next_dose(&facts, &hepatic, &events, status, &mut out);

    // What stands on its own.
    let blocks = dosing::Blocks {
        hepatic: &hepatic,
        events: &events,
        reactions: &reactions,
    };
    dosing::history(&facts, &blocks, &mut out);
    interactions::check(&facts, &mut out);
    storage::check(&facts, &mut out);
    data_quality::check(&facts, &mut out);
    let due = monitoring::overdue(today, &mut out);

    let withheld = merged(
        hepatic
            .withheld_periods()
            .chain(events.withheld_periods())
            .chain(reactions.withheld_periods())
            .collect(),
    );

    let mut findings = out.findings;
    for finding in &mut findings {
        finding.decision = facts
            .decisions
            .on(finding.rule, &finding.detail)
            .map(FindingDecision::from);
    }
    let stale_decisions = facts.decisions.stale(&findings);
    let plan = strip::Plan {
        withheld: &withheld,
        status,
        next_dose,
    };
    let strip = strip::weekly_strip(&facts, &plan);
    let reason = reason(&facts, status, set_by.as_ref(), &findings);
    // What still needs attention first, then what the clinician has decided; within each, most
    // severe first, then in SPEC order.
    findings.sort_by(|a, b| {
        (a.is_decided(), b.severity, a.rule).cmp(&(b.is_decided(), a.severity, b.rule))
    });
    Assessment {
        status,
        reason,
        findings,
        due,
        next_dose,
        missed_dose,
        efficacy,
        unknown: unknown::fields(record, today),
        withheld,
        stale_decisions,
        strip,
        next_site: sites::next_site(&facts),
    }
}

/// The times therapy was withheld, in order, with overlapping holds as one: a confirmed
/// elevation that the clinician also held is one time off therapy, not two.
fn merged(mut periods: Vec<Period>) -> Vec<Period> {
    periods.sort_by_key(|period| period.from);
    let mut merged: Vec<Period> = Vec::with_capacity(periods.len());
    for period in periods {
        match merged.last_mut() {
            Some(last) if last.until.is_none_or(|until| period.from <= until) => {
                last.until = last.until.zip(period.until).map(|(a, b)| a.max(b));
            }
            _ => merged.push(period),
        }
    }
    merged
}

/// The most severe status that applies, and the finding that set it: a clinician's override
/// takes a rule out of the status, never out of the findings.
fn status(facts: &Facts, out: &Outcome) -> (Status, Option<Finding>) {
    if facts.discontinued_on.is_some() {
        return (Status::Ended, None);
    }
    let overridden = |finding: &Finding| {
        facts
            .decisions
            .overriding(finding.rule, &finding.detail)
            .is_some()
    };
    if let Some((status, finding)) = out.status(overridden) {
        return (status, Some(finding.clone()));
    }
    let status = if facts.on_therapy() {
        Status::Continue
    } else {
        Status::OkToStart
    };
    (status, None)
}

/// One line saying why the status is what it is (SPEC.md §2): never "nothing blocks" beside a
/// critical finding, and naming any override that changed the status.
fn reason(facts: &Facts, status: Status, set_by: Option<&Finding>, findings: &[Finding]) -> String {
    let overrides: Vec<String> = findings
        .iter()
        .filter(|finding| finding.sets.is_some_and(|sets| sets > status))
        .filter_map(|finding| {
            let decision = facts.decisions.overriding(finding.rule, &finding.detail)?;
            let by = decision
                .by
                .as_deref()
                .map(|by| format!(" by {by}"))
                .unwrap_or_default();
            Some(format!(
                "{} overridden{by} on {}",
                finding.rule, decision.date
            ))
        })
        .collect();
    let overrides = if overrides.is_empty() {
        String::new()
    } else {
        format!(" {}.", crate::format::sentence(&list(&overrides)))
    };
    let base = match (status, set_by, facts.discontinued_on) {
        (Status::Ended, _, Some(stopped)) => format!("Therapy was discontinued on {stopped}."),
        (_, Some(finding), _) => format!("{} ({}).", finding.title, finding.rule),
        _ => {
            let what = if status == Status::Continue {
                "On therapy"
            } else {
                "Not started; baseline complete"
            };
            let critical: Vec<String> = findings
                .iter()
                .filter(|finding| finding.severity == Severity::Critical)
                .map(|finding| finding.rule.to_string())
                .collect();
            match critical.len() {
                0 if status == Status::Continue => format!("{what}; nothing blocks the next dose."),
                0 => format!("{what} and nothing blocks starting."),
                n => format!(
                    "{what}; {} need{} attention: {}.",
                    crate::format::count(n, "critical finding", "critical findings"),
                    if n == 1 { "s" } else { "" },
                    list(&critical)
                ),
            }
        }
    };
    format!("{base}{overrides}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(from: &str, until: Option<&str>) -> Period {
        let date = |text: &str| text.parse().expect("a date");
        Period {
            from: date(from),
            until: until.map(date),
        }
    }

    #[test]
    fn overlapping_holds_are_one_time_off_therapy() {
        let lab = period("2026-03-01", Some("2026-03-20"));
        let clinician = period("2026-03-05", Some("2026-03-25"));
        let later = period("2026-05-01", Some("2026-05-08"));
        assert_eq!(
            merged(vec![later, clinician, lab]),
            [period("2026-03-01", Some("2026-03-25")), later]
        );
        let inside = period("2026-03-02", Some("2026-03-03"));
        assert_eq!(merged(vec![lab, inside]), [lab]);
    }

    #[test]
    fn a_hold_that_stands_absorbs_every_later_one() {
        let standing = period("2026-03-01", None);
        let later = period("2026-04-01", Some("2026-04-09"));
        assert_eq!(merged(vec![later, standing]), [standing]);
        let ended = period("2026-02-01", Some("2026-03-02"));
        assert_eq!(merged(vec![standing, ended]), [period("2026-02-01", None)]);
    }

    #[test]
    fn holds_apart_stay_apart() {
        let first = period("2026-03-01", Some("2026-03-10"));
        let second = period("2026-03-11", None);
        assert_eq!(merged(vec![second, first]), [first, second]);
    }
}
