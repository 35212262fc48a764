//! What the headless commands print for a clinician to read: the assessment of `check`, and the
//! worklist as a table.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::record;
use crate::rules::{Assessment, DueItem};
use crate::worklist;

/// The readable report: status and reason first, findings most severe first (those the
/// clinician has decided on after the rest, with the decision), then due items, the next dose
/// and what is unknown. In a clinician's words: no identifiers but the rule IDs.
pub fn text_report(record: &record::Record, assessment: &Assessment, today: NaiveDate) -> String {
    let mut out = String::new();
    let name = record
        .patient
        .name
        .as_deref()
        .unwrap_or("(name not recorded)");
    let _ = writeln!(out, "{name}  [{}]  assessed for {today}", record.patient.id);
    let _ = writeln!(
        out,
        "STATUS: {}  {}",
        assessment.status.label(),
        assessment.reason
    );

    let _ = writeln!(out, "\nFindings ({}):", assessment.findings.len());
    if assessment.findings.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for finding in &assessment.findings {
        let _ = writeln!(
            out,
            "  {:<8}  {:<9}  {}",
            finding.severity.label(),
            finding.rule,
            finding.title
        );
        let _ = writeln!(out, "{:>23}{}", "", finding.detail);
        let _ = writeln!(out, "{:>23}Source: {}", "", finding.source);
        if let Some(decision) = finding.decision_text() {
            let _ = writeln!(out, "{:>23}Decision: {decision}", "");
        }
    }
    for decision in &assessment.stale_decisions {
        let _ = writeln!(
            out,
            "  NO LONGER APPLIES  {} {} of {}: the finding now reads differently or is gone \
             (it read: \"{}\"; reason: {})",
            decision.rule,
            decision.action.label(),
            decision.date,
            decision.detail,
            decision.reason
        );
    }

    let _ = writeln!(out, "\nDue:");
    if assessment.due.is_empty() {
        let _ = writeln!(out, "  nothing");
    }
    for due in &assessment.due {
        let _ = writeln!(
            out,
            "  {}  {} ({}){}",
            due.due,
            due.item.description(),
            due.item.rule(),
            if due.overdue {
                format!("  {}", DueItem::OVERDUE)
            } else {
                String::new()
            }
        );
    }

    let _ = writeln!(out, "\nNext dose: {}", assessment.next_dose_text());
    if let Some(efficacy) = assessment.efficacy {
        let _ = writeln!(out, "{}.", efficacy.describe());
    }
    if !assessment.unknown.is_empty() {
        let _ = writeln!(out, "\nNot recorded: {}", assessment.unknown.join(", "));
    }
    out
}

/// The worklist as a table, most urgent first.
pub fn worklist_table(entries: &[worklist::Entry], today: NaiveDate) -> String {
    let mut out = format!(
        "{} patient files, most urgent first, assessed for {today}\n",
        entries.len()
    );
    let _ = writeln!(
        out,
        "{:<16} {:<24} {:<12} {:<34} {:<22} {:<11} {:<11}",
        "STATUS", "NAME", "ID", "MOST SEVERE FINDING", "OVERDUE", "NEXT DOSE", "NEXT LAB"
    );
    let date = |date: Option<NaiveDate>| date.map_or_else(|| "-".to_owned(), |d| d.to_string());
    for entry in entries {
        match &entry.outcome {
            worklist::Outcome::Unreadable { error } => {
                let _ = writeln!(out, "{:<16} {error}", worklist::UNREADABLE);
            }
            worklist::Outcome::Patient(patient) => {
                let finding = patient.most_severe.as_ref().map_or_else(
                    || "-".to_owned(),
                    |f| format!("{} {} {}", f.severity.label(), f.rule, f.title),
                );
                let overdue: Vec<&str> = patient.overdue.iter().map(|item| item.label()).collect();
                let _ = writeln!(
                    out,
                    "{:<16} {:<24} {:<12} {:<34} {:<22} {:<11} {:<11}",
                    patient.status.label(),
                    clip(patient.name.as_deref().unwrap_or("(no name)"), 24),
                    clip(&patient.id, 12),
                    clip(&finding, 34),
                    clip(
                        &if overdue.is_empty() {
                            "-".to_owned()
                        } else {
                            overdue.join(", ")
                        },
                        22
                    ),
                    date(patient.next_dose),
                    date(patient.next_lab),
                );
            }
        }
    }
    out
}

/// At most `width` characters, an ellipsis marking a cut.
fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut clipped: String = text.chars().take(width - 1).collect();
        clipped.push('…');
        clipped
    }
}
