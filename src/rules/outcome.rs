//! Collects what the rule modules conclude: findings (with the pack's title and source), the
//! statuses they raise, and due items.

use chrono::NaiveDate;

use super::assessment::{DueKind, Finding, Status};
use crate::knowledge::{RuleId, Severity, pack};

#[derive(Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// Statuses raised, each with the finding that raised it.
    pub raised: Vec<(Status, usize)>,
    /// Due items; an item due twice keeps its earliest date.
    pub due: Vec<(DueKind, NaiveDate)>,
}

impl Outcome {
    /// A finding at the rule's severity from the pack.
    pub fn add(&mut self, rule: RuleId, detail: String) -> usize {
        self.add_with(rule, pack().rule(rule).severity, detail)
    }

    /// A finding at a severity the rule gives in one of its forms.
    pub fn add_with(&mut self, rule: RuleId, severity: Severity, detail: String) -> usize {
        let meta = pack().rule(rule);
        self.findings.push(Finding {
            rule,
            severity,
            title: meta.title.clone(),
            detail,
            source: meta.source.to_string(),
            decision: None,
            sets: None,
        });
        self.findings.len() - 1
    }

    /// A finding that also sets a status.
    pub fn raise(&mut self, status: Status, rule: RuleId, detail: String) {
        let index = self.add(rule, detail);
        self.raise_by(status, index);
    }

    /// Sets a status on account of a finding already added.
    pub fn raise_by(&mut self, status: Status, finding: usize) {
        self.raised.push((status, finding));
        let sets = &mut self.findings[finding].sets;
        *sets = (*sets).max(Some(status));
    }

    pub fn due(&mut self, item: DueKind, date: NaiveDate) {
        match self.due.iter_mut().find(|(kind, _)| *kind == item) {
            Some((_, due)) => *due = (*due).min(date),
            None => self.due.push((item, date)),
        }
    }

    /// The most severe status raised by a finding the clinician has not overridden, with that
    /// finding: of several raising the same status, the most severe finding, then the first.
    pub fn status(&self, overridden: impl Fn(&Finding) -> bool) -> Option<(Status, &Finding)> {
        self.raised
            .iter()
            .map(|&(status, index)| (status, &self.findings[index], index))
            .filter(|(_, finding, _)| !overridden(finding))
            .max_by(|a, b| {
                (a.0, a.1.severity)
                    .cmp(&(b.0, b.1.severity))
                    .then(b.2.cmp(&a.2))
            })
            .map(|(status, finding, _)| (status, finding))
    }

    /// The liver panel's due date as it stands.
    pub fn due_date(&self, item: DueKind) -> Option<NaiveDate> {
        self.due
            .iter()
            .find(|(kind, _)| *kind == item)
            .map(|&(_, date)| date)
    }
}
