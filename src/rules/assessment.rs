//! What the rules conclude about a record: the status, findings, due items, next dose and
//! efficacy. Serializes exactly as `check --json` prints it (SPEC.md §5).

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::knowledge::{RuleId, Severity};

/// The one status of a record, mildest first: `Ord` ranks by precedence (SPEC.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Continue,
    OkToStart,
    BaselineNeeded,
    Confirm,
    Withhold,
    NotIndicated,
    Contraindicated,
    Discontinue,
    Ended,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Continue => "continue",
            Status::OkToStart => "ok_to_start",
            Status::BaselineNeeded => "baseline_needed",
            Status::Confirm => "confirm",
            Status::Withhold => "withhold",
            Status::NotIndicated => "not_indicated",
            Status::Contraindicated => "contraindicated",
            Status::Discontinue => "discontinue",
            Status::Ended => "ended",
        }
    }

    /// Whether a dose may be given under this status (the next dose is shown only then).
    pub fn allows_dosing(self) -> bool {
        matches!(self, Status::Continue | Status::Confirm)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding: a rule that applies, why, and where the monograph says so.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    pub title: String,
    pub detail: String,
    pub source: String,
}

/// Something to be done by a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueKind {
    LiverPanel,
    HepaticWorkup,
    LipidPanel,
    LdlReview,
}

impl DueKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DueKind::LiverPanel => "liver_panel",
            DueKind::HepaticWorkup => "hepatic_workup",
            DueKind::LipidPanel => "lipid_panel",
            DueKind::LdlReview => "ldl_review",
        }
    }

    /// What the item asks for, as a clinician would say it.
    pub fn description(self) -> &'static str {
        match self {
            DueKind::LiverPanel => "liver panel (ALT, AST; ALP and total bilirubin with them)",
            DueKind::HepaticWorkup => "hepatic work-up (total bilirubin, ALP, INR)",
            DueKind::LipidPanel => "lipid panel (total cholesterol, LDL-C, HDL-C, triglycerides)",
            DueKind::LdlReview => "LDL-C review at 26 weeks",
        }
    }

    /// The rule that schedules this item (its source is the item's source).
    pub fn rule(self) -> RuleId {
        match self {
            DueKind::LiverPanel => RuleId::Mon1,
            DueKind::HepaticWorkup => RuleId::Tox5,
            DueKind::LipidPanel => RuleId::Mon2,
            DueKind::LdlReview => RuleId::Eff1,
        }
    }

    /// Liver items are more urgent when overdue than lipid items (R-MON-3).
    pub fn is_liver(self) -> bool {
        matches!(self, DueKind::LiverPanel | DueKind::HepaticWorkup)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DueItem {
    pub item: DueKind,
    pub due: NaiveDate,
    pub overdue: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissedAction {
    GiveNow,
    Skip,
}

/// Missed-dose advice (R-DOSE-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MissedDose {
    /// The scheduled date that was missed.
    pub missed: NaiveDate,
    pub action: MissedAction,
    /// With `give_now`: the last day the make-up dose may be given.
    pub give_by: Option<NaiveDate>,
    /// The next dose to give.
    pub next: NaiveDate,
}

/// LDL-C change from baseline (R-EFF-1), in mg/dL.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Efficacy {
    pub baseline_ldl_c: f64,
    pub latest_ldl_c: f64,
    pub percent_change: f64,
}

/// A time when therapy was withheld: by ALT/AST at or above 3×ULN, or by the clinician.
/// `until` is the day it was lifted; `None` while it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

/// Everything the rules conclude about a record on a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub status: Status,
    /// One line saying why the status is what it is.
    #[serde(skip)]
    pub reason: String,
    /// Most severe first.
    pub findings: Vec<Finding>,
    /// Earliest first.
    pub due: Vec<DueItem>,
    pub next_dose: Option<NaiveDate>,
    pub missed_dose: Option<MissedDose>,
    pub efficacy: Option<Efficacy>,
    /// What the file leaves unknown that the rules would use.
    #[serde(skip)]
    pub unknown: Vec<&'static str>,
    /// When therapy was withheld, oldest first (for the trend plots).
    #[serde(skip)]
    pub withheld: Vec<Period>,
}

impl Assessment {
    /// Whether a finding of this rule is present.
    pub fn has(&self, rule: RuleId) -> bool {
        self.findings.iter().any(|finding| finding.rule == rule)
    }

    /// The finding of this rule, if present.
    pub fn finding(&self, rule: RuleId) -> Option<&Finding> {
        self.findings.iter().find(|finding| finding.rule == rule)
    }

    /// The next dose and what to do about a missed one, as one sentence (the app, the CLI and
    /// the PDF all say it this way).
    pub fn next_dose_text(&self) -> String {
        let dose = format!(
            "{} mg subcutaneous",
            crate::rules::format_number(crate::knowledge::pack().thresholds.dose_mg.value)
        );
        match (self.next_dose, self.missed_dose) {
            (_, Some(missed)) => {
                let action = match (missed.action, missed.give_by) {
                    (MissedAction::GiveNow, Some(by)) => {
                        format!("give it now, by {by} at the latest")
                    }
                    (MissedAction::GiveNow, None) => "give it now".to_owned(),
                    (MissedAction::Skip, _) => "skip it".to_owned(),
                };
                format!(
                    "{} ({}), {dose}. The dose of {} was missed: {action}.",
                    missed.next,
                    missed.next.format("%A"),
                    missed.missed
                )
            }
            (Some(next), None) => format!("{next} ({}), {dose}.", next.format("%A")),
            (None, None) => format!("none while the status is {}.", self.status),
        }
    }

    /// The due date of an item, if it is due.
    pub fn due_date(&self, item: DueKind) -> Option<NaiveDate> {
        self.due
            .iter()
            .find(|due| due.item == item)
            .map(|due| due.due)
    }
}
