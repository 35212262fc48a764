//! What changed between two versions of a record, in words, for the change history:
//! "ALT 2025-02-03 added: 212 U/L".

use serde::Serialize;

use super::types::{AuditEntry, Decision, Dose, Event, Lab, Medication, Record, Symptom, Syringe};
use crate::format;

/// A change-history entry for a save made now by the operating system's account.
pub fn audit_entry(summary: String) -> AuditEntry {
    AuditEntry {
        at: chrono::Local::now().fixed_offset(),
        user: super::user::OsUser::current().for_history(),
        summary,
    }
}

/// Every change from `before` to `after`, in file order; empty when they are the same.
pub fn changes(before: &Record, after: &Record) -> Vec<String> {
    let mut said = Vec::new();
    let sections: [(&str, bool); 7] = [
        ("patient details", before.patient != after.patient),
        ("diagnosis", before.diagnosis != after.diagnosis),
        ("conditions", before.conditions != after.conditions),
        (
            "alcohol use",
            before.alcohol_drinks_per_day != after.alcohol_drinks_per_day,
        ),
        ("REMS certification", before.rems != after.rems),
        ("dosing day", before.therapy != after.therapy),
        ("notes", before.notes != after.notes),
    ];
    for (what, changed) in sections {
        if changed {
            said.push(format!("{what} changed"));
        }
    }
    listed(&before.labs, &after.labs, lab, &mut said);
    listed(&before.doses, &after.doses, dose, &mut said);
    listed(
        &before.medications,
        &after.medications,
        medication,
        &mut said,
    );
    listed(&before.symptoms, &after.symptoms, symptom, &mut said);
    listed(&before.events, &after.events, event, &mut said);
    listed(&before.supply, &after.supply, syringe, &mut said);
    listed(&before.decisions, &after.decisions, decision, &mut said);
    said
}

/// Entries of `after` not in `before` are "added", of `before` not in `after` "removed"; an
/// entry changed in place is both. Near-linear in the list's length: the common start and end
/// (an append leaves the whole list before it) are skipped, the rest matched by their JSON.
fn listed<T: PartialEq + Serialize>(
    before: &[T],
    after: &[T],
    describe: fn(&T) -> String,
    said: &mut Vec<String>,
) {
    let start = before.iter().zip(after).take_while(|(a, b)| a == b).count();
    let (before, after) = (&before[start..], &after[start..]);
    let end = before
        .iter()
        .rev()
        .zip(after.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (before, after) = (&before[..before.len() - end], &after[..after.len() - end]);
    let key = |entry: &T| serde_json::to_string(entry).unwrap_or_default();
    let mut unmatched: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for entry in before {
        *unmatched.entry(key(entry)).or_default() += 1;
    }
    for entry in after {
        match unmatched.get_mut(&key(entry)) {
            Some(count) if *count > 0 => *count -= 1,
            _ => said.push(format!(
                "{} added{}",
                subject(&describe(entry)),
                detail(&describe(entry))
            )),
        }
    }
    for entry in before {
        if let Some(count) = unmatched.get_mut(&key(entry))
            && *count > 0
        {
            *count -= 1;
            said.push(format!(
                "{} removed{}",
                subject(&describe(entry)),
                detail(&describe(entry))
            ));
        }
    }
}

/// Descriptions are "subject|detail": "ALT 2025-02-03|212 U/L".
fn subject(description: &str) -> &str {
    description.split('|').next().unwrap_or(description)
}

fn detail(description: &str) -> String {
    description
        .split_once('|')
        .map(|(_, detail)| format!(": {detail}"))
        .unwrap_or_default()
}

fn lab(lab: &Lab) -> String {
    format!(
        "{} {}|{} {}",
        lab.test,
        lab.date,
        format::number(lab.value),
        lab.unit.symbol()
    )
    .trim_end()
    .to_owned()
}

fn dose(dose: &Dose) -> String {
    let amount = dose.dose_mg.map_or_else(
        || "amount not recorded".to_owned(),
        |mg| format!("{} mg", format::number(mg)),
    );
    format!("dose {}|{amount}", dose.date)
}

fn medication(medication: &Medication) -> String {
    format!("medication {}", medication.name)
}

fn symptom(symptom: &Symptom) -> String {
    format!("symptom {} {}", symptom.kind.label(), symptom.date)
}

fn event(event: &Event) -> String {
    format!("event {} {}", event.kind.label(), event.date)
}

/// "decision on R-TOX-4 2025-05-07|overridden by Dr A: injection reaction".
fn decision(decision: &Decision) -> String {
    let by = decision
        .by
        .as_deref()
        .map(|by| format!(" by {by}"))
        .unwrap_or_default();
    format!(
        "decision on {} {}|{}{by}: {}",
        decision.rule,
        decision.date,
        decision.action.label(),
        decision.reason
    )
}

fn syringe(syringe: &Syringe) -> String {
    format!("syringe {}", syringe.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{LabTest, LabUnit, parse};

    fn demo() -> Record {
        parse(crate::DEMO_PATIENT).expect("valid")
    }

    #[test]
    fn an_added_result_is_named_with_its_value_and_unit() {
        let before = demo();
        let mut after = before.clone();
        after.labs.push(Lab {
            date: "2025-02-03".parse().expect("a date"),
            test: LabTest::Alt,
            value: 212.0,
            unit: LabUnit::UnitsPerLitre,
            uln: Some(40.0),
            source: None,
        });
        assert_eq!(changes(&before, &after), ["ALT 2025-02-03 added: 212 U/L"]);
        assert_eq!(
            changes(&after, &before),
            ["ALT 2025-02-03 removed: 212 U/L"]
        );
    }

    #[test]
    fn sections_and_changed_entries_are_named() {
        let before = demo();
        let mut after = before.clone();
        after.notes = Some("new".to_owned());
        after.doses[0].dose_mg = Some(100.0);
        assert_eq!(
            changes(&before, &after),
            [
                "notes changed",
                "dose 2025-09-15 added: 100 mg",
                "dose 2025-09-15 removed: 200 mg"
            ]
        );
    }

    #[test]
    fn no_change_says_nothing() {
        assert!(changes(&demo(), &demo()).is_empty());
    }
}
