//! The clinician's decisions on findings (SPEC.md §3a): which finding each covers, and which
//! overrides take a rule out of the status.
//!
//! A decision covers a finding only while the finding reads the same (same rule, same detail):
//! new data that changes the detail raises the finding afresh.

use chrono::NaiveDate;

use super::Facts;
use super::assessment::Finding;
use crate::knowledge::{RuleId, pack};
use crate::record::{Decision, DecisionAction, Record};

/// The clinician's latest decision, dated by `today`, on the finding of `rule` that reads
/// `detail`: what a new decision on that finding replaces.
pub fn latest<'r>(
    record: &'r Record,
    rule: RuleId,
    detail: &str,
    today: NaiveDate,
) -> Option<&'r Decision> {
    Facts::new(record, today).decisions.on(rule, detail)
}

pub struct Decisions<'r> {
    /// Dated on or before today, oldest first.
    list: Vec<&'r Decision>,
}

impl<'r> Decisions<'r> {
    pub fn new(list: Vec<&'r Decision>) -> Self {
        Decisions { list }
    }

    /// The latest decision on the finding of `rule` that reads `detail`.
    pub fn on(&self, rule: RuleId, detail: &str) -> Option<&'r Decision> {
        self.list
            .iter()
            .rev()
            .find(|decision| decision.rule == rule && decision.detail.trim() == detail.trim())
            .copied()
    }

    /// The override that takes this finding's rule out of the status, if the clinician's latest
    /// decision on it is one and the rule may be overridden.
    pub fn overriding(&self, rule: RuleId, detail: &str) -> Option<&'r Decision> {
        self.on(rule, detail)
            .filter(|decision| decision.action == DecisionAction::Overridden)
            .filter(|decision| pack().rule(decision.rule).overridable)
    }

    /// The decisions that cover none of `findings`: their finding has changed or is gone, so
    /// they no longer apply — shown, never silently dropped.
    pub fn stale(&self, findings: &[Finding]) -> Vec<Decision> {
        self.list
            .iter()
            .filter(|decision| {
                !findings.iter().any(|finding| {
                    decision.rule == finding.rule && decision.detail.trim() == finding.detail.trim()
                })
            })
            .map(|decision| (*decision).clone())
            .collect()
    }
}
