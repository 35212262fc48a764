//! Whether a dose on its day goes against the advice, and the finding that says so: the app
//! asks before it records such a dose, and keeps the clinician's reason as a decision on that
//! finding (SPEC.md §3a), so the record holds both the advice and what was done.

use chrono::NaiveDate;

use super::{Finding, MissedAction, Status, evaluate};
use crate::knowledge::RuleId;
use crate::record::{Dose, Record};

/// The advice a dose goes against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoseAdvice {
    /// The finding that gives the advice, as a decision names it.
    pub rule: RuleId,
    pub detail: String,
    /// The advice in words: the finding's title and detail.
    pub advice: String,
}

impl DoseAdvice {
    fn of(finding: &Finding) -> Self {
        DoseAdvice {
            rule: finding.rule,
            detail: finding.detail.clone(),
            advice: format!("{}: {}", finding.title, finding.detail),
        }
    }
}

/// What `dose` goes against: judged on its own day from what was known then, a status that
/// holds doses (and the finding that set it) or missed-dose advice to skip (R-DOSE-1, R-DOSE-9);
/// judged as of `today` with every dose recorded, what the dose itself would raise (fewer than
/// 3 days from another dose, before or after it, R-DOSE-4; after therapy ended, R-DOSE-5).
/// `None` when the dose follows the advice.
pub fn against_advice(record: &Record, dose: &Dose, today: NaiveDate) -> Option<DoseAdvice> {
    let before = evaluate(record, dose.date);
    let holds = !matches!(
        before.status,
        Status::Continue | Status::Confirm | Status::OkToStart
    );
    let setting = before
        .findings
        .iter()
        .find(|finding| finding.sets == Some(before.status) && !finding.is_overridden());
    if let Some(finding) = setting.filter(|_| holds) {
        return Some(DoseAdvice::of(finding));
    }
    let skip = before.missed_dose.filter(|missed| {
        missed.action == MissedAction::Skip && missed.next.is_none_or(|next| dose.date < next)
    });
    let missed_finding = before
        .findings
        .iter()
        .find(|finding| matches!(finding.rule, RuleId::Dose1 | RuleId::Dose9));
    if let Some(finding) = missed_finding.filter(|_| skip.is_some()) {
        return Some(DoseAdvice::of(finding));
    }
    let now = today.max(dose.date);
    let known = evaluate(record, now);
    let mut with_it = record.clone();
    with_it.doses.push(dose.clone());
    let after = evaluate(&with_it, now);
    after
        .findings
        .iter()
        .filter(|finding| matches!(finding.rule, RuleId::Dose4 | RuleId::Dose5))
        .find(|finding| {
            !known
                .findings
                .iter()
                .any(|known| known.rule == finding.rule && known.detail == finding.detail)
        })
        .map(DoseAdvice::of)
}
