//! What the rules conclude about a record: the status, findings, due items, next dose and
//! efficacy. Serializes exactly as `check --json` prints it (SPEC.md §5).

use chrono::NaiveDate;
use serde::Serialize;

use crate::knowledge::{RuleId, Severity};
use crate::record::{Decision, DecisionAction};

/// The one status of a record, mildest first: `Ord` ranks by precedence (SPEC.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Continue,
    OkToStart,
    BaselineNeeded,
    LabsNeeded,
    Confirm,
    Withhold,
    NotIndicated,
    Contraindicated,
    Discontinue,
    Ended,
}

impl Status {
    /// Every status, mildest first.
    pub const ALL: [Status; 10] = [
        Status::Continue,
        Status::OkToStart,
        Status::BaselineNeeded,
        Status::LabsNeeded,
        Status::Confirm,
        Status::Withhold,
        Status::NotIndicated,
        Status::Contraindicated,
        Status::Discontinue,
        Status::Ended,
    ];

    /// The status as a clinician reads it on a badge: "LABS NEEDED".
    pub fn label(self) -> &'static str {
        match self {
            Status::Continue => "CONTINUE",
            Status::OkToStart => "OK TO START",
            Status::BaselineNeeded => "BASELINE NEEDED",
            Status::LabsNeeded => "LABS NEEDED",
            Status::Confirm => "CONFIRM",
            Status::Withhold => "WITHHOLD",
            Status::NotIndicated => "NOT INDICATED",
            Status::Contraindicated => "CONTRAINDICATED",
            Status::Discontinue => "DISCONTINUE",
            Status::Ended => "ENDED",
        }
    }

    /// Whether a dose may be given under this status (the next dose is shown only then).
    pub fn allows_dosing(self) -> bool {
        matches!(self, Status::Continue | Status::Confirm)
    }

    /// Whether missed-dose advice applies (R-DOSE-1, R-DOSE-9): under `labs_needed` it does,
    /// though the liver tests come before the next dose.
    pub fn advises_missed_doses(self) -> bool {
        self.allows_dosing() || self == Status::LabsNeeded
    }
}

/// One finding: a rule that applies, why, and where the monograph says so; with the
/// clinician's decision on it, if there is one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    pub title: String,
    pub detail: String,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<FindingDecision>,
    /// The status this finding sets, or would set were it not overridden.
    #[serde(skip)]
    pub sets: Option<Status>,
}

impl Finding {
    /// Whether the clinician overrode it, and the rule may be overridden, so that it no longer
    /// sets the status.
    pub fn is_overridden(&self) -> bool {
        self.decision
            .as_ref()
            .is_some_and(|decision| decision.action == DecisionAction::Overridden)
            && crate::knowledge::pack().rule(self.rule).overridable
    }

    /// An override recorded on a rule that may not be overridden (a contraindication, R-USE-1,
    /// REMS): it is kept, and has no effect.
    pub fn override_refused(&self) -> bool {
        self.decision
            .as_ref()
            .is_some_and(|decision| decision.action == DecisionAction::Overridden)
            && !crate::knowledge::pack().rule(self.rule).overridable
    }

    /// Whether a decision settles it for now: an override with no effect (`override_refused`)
    /// leaves it among the findings that still need attention.
    pub fn is_decided(&self) -> bool {
        self.decision.is_some() && !self.override_refused()
    }

    /// The decision in words: "Overridden by Dr A. Smith on 2025-03-09: flu-like symptoms the
    /// day after the dose".
    pub fn decision_text(&self) -> Option<String> {
        let decision = self.decision.as_ref()?;
        let by = decision
            .by
            .as_deref()
            .map(|by| format!(" by {by}"))
            .unwrap_or_default();
        let refused = if self.override_refused() {
            " (this rule cannot be overridden: the override has no effect)"
        } else {
            ""
        };
        Some(format!(
            "{}{by} on {}: {}{refused}",
            crate::format::sentence(decision.action.label()),
            decision.date,
            decision.reason
        ))
    }
}

/// A clinician's decision as `check --json` shows it on its finding (SPEC.md §3a).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingDecision {
    pub action: DecisionAction,
    pub date: NaiveDate,
    pub by: Option<String>,
    pub reason: String,
}

impl From<&Decision> for FindingDecision {
    fn from(decision: &Decision) -> Self {
        FindingDecision {
            action: decision.action,
            date: decision.date,
            by: decision.by.clone(),
            reason: decision.reason.clone(),
        }
    }
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
    pub const ALL: [DueKind; 4] = [
        DueKind::LiverPanel,
        DueKind::HepaticWorkup,
        DueKind::LipidPanel,
        DueKind::LdlReview,
    ];

    /// The identifier `check --json` uses: `liver_panel`.
    pub fn as_str(self) -> &'static str {
        match self {
            DueKind::LiverPanel => "liver_panel",
            DueKind::HepaticWorkup => "hepatic_workup",
            DueKind::LipidPanel => "lipid_panel",
            DueKind::LdlReview => "ldl_review",
        }
    }

    /// The item in a few words: "liver panel".
    pub fn label(self) -> &'static str {
        match self {
            DueKind::LiverPanel => "liver panel",
            DueKind::HepaticWorkup => "hepatic work-up",
            DueKind::LipidPanel => "lipid panel",
            DueKind::LdlReview => "LDL-C review",
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

    /// The item as a patient's calendar names it, in plain words.
    pub fn for_patient(self) -> &'static str {
        match self {
            DueKind::LiverPanel => "Liver blood test",
            DueKind::HepaticWorkup => "More liver blood tests",
            DueKind::LipidPanel => "Cholesterol blood test",
            DueKind::LdlReview => "Cholesterol results review",
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

impl DueItem {
    /// How an overdue item is marked, on screen, in print and in the CLI's text.
    pub const OVERDUE: &str = "OVERDUE";

    /// How many days late it is on `today`, when it is overdue. The findings carry no day count
    /// (decisions must outlast the days, SPEC.md §3a): the screen says it from here.
    pub fn days_overdue(&self, today: NaiveDate) -> Option<i64> {
        self.overdue
            .then(|| super::calendar::days_between(self.due, today))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissedAction {
    GiveNow,
    Skip,
}

impl MissedAction {
    pub fn label(self) -> &'static str {
        match self {
            MissedAction::GiveNow => "give it now",
            MissedAction::Skip => "skip it",
        }
    }
}

/// Missed-dose advice (R-DOSE-1, R-DOSE-9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MissedDose {
    /// The scheduled date that was missed (the first of them when several were).
    pub missed: NaiveDate,
    pub action: MissedAction,
    /// With `give_now`: the last day the make-up dose may be given.
    pub give_by: Option<NaiveDate>,
    /// The next dose to give; none while the liver tests come first (`labs_needed`).
    pub next: Option<NaiveDate>,
}

/// LDL-C change from baseline (R-EFF-1), in mg/dL; `unit` is the unit the record reports
/// LDL-C in, for display.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Efficacy {
    pub baseline_ldl_c: f64,
    pub latest_ldl_c: f64,
    pub percent_change: f64,
    #[serde(skip)]
    pub unit: crate::record::LabUnit,
}

impl Efficacy {
    /// "LDL-C 3.1 mmol/L against 10.7 mmol/L at baseline: −71.1%", in the record's unit.
    pub fn describe(&self) -> String {
        let in_unit = |mg_dl: f64| {
            crate::record::LabTest::LdlC
                .convert(mg_dl, crate::record::LabUnit::MgPerDl, self.unit)
                .map_or_else(String::new, |value| {
                    format!("{} {}", crate::format::number(value), self.unit)
                })
        };
        let sign = if self.percent_change > 0.0 { "+" } else { "" };
        format!(
            "LDL-C {} against {} at baseline: {sign}{}%",
            in_unit(self.latest_ldl_c),
            in_unit(self.baseline_ldl_c),
            crate::format::number((self.percent_change * 10.0).round() / 10.0)
        )
    }
}

/// A time when therapy was withheld: by ALT/AST at or above 3×ULN, after angioedema, or by the
/// clinician.
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
    /// Decisions whose finding has changed or is gone: they no longer apply, and are shown.
    #[serde(skip)]
    pub stale_decisions: Vec<Decision>,
    /// The weekly dose strip, oldest week first.
    #[serde(skip)]
    pub strip: Vec<super::StripWeek>,
    /// The injection site to suggest for the next dose, in rotation.
    #[serde(skip)]
    pub next_site: crate::record::Site,
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
            "{} {}",
            crate::knowledge::pack().thresholds.dose_mg.text(),
            crate::record::Route::Subcutaneous.label()
        );
        let day = |date: NaiveDate| {
            format!(
                "{date} ({})",
                crate::record::weekday_label(chrono::Datelike::weekday(&date))
            )
        };
        let missed = self.missed_dose.map(|missed| {
            let action = match (missed.action, missed.give_by) {
                (MissedAction::GiveNow, Some(by)) => format!("give it now, by {by} at the latest"),
                (action, _) => action.label().to_owned(),
            };
            format!(" The dose of {} was missed: {action}.", missed.missed)
        });
        let missed = missed.unwrap_or_default();
        match (self.next_dose, self.status) {
            (Some(next), _) => format!("{}, {dose}.{missed}", day(next)),
            (None, Status::LabsNeeded) => {
                format!("after the liver tests: check ALT and AST first.{missed}")
            }
            (None, status) => format!("none while the status is {}.", status.label()),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    #[test]
    fn an_overdue_item_counts_its_days_across_a_month_end_and_one_on_time_counts_none() {
        let late = DueItem {
            item: DueKind::LiverPanel,
            due: day("2024-02-27"),
            overdue: true,
        };
        assert_eq!(late.days_overdue(day("2024-03-01")), Some(3), "leap year");
        assert_eq!(late.days_overdue(day("2024-02-27")), Some(0));
        let on_time = DueItem {
            overdue: false,
            ..late
        };
        assert_eq!(on_time.days_overdue(day("2024-03-01")), None);
    }

    /// Every state, kind and action has its own words: two that read alike would hide a
    /// difference from the clinician.
    #[test]
    fn every_label_is_words_and_no_two_read_alike() {
        fn distinct(what: &str, labels: &[&str]) {
            for label in labels {
                assert!(label.chars().any(char::is_alphabetic), "{what}: {label:?}");
            }
            let mut unique = labels.to_vec();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), labels.len(), "{what}: {labels:?}");
        }
        distinct("status", &Status::ALL.map(Status::label));
        distinct("due item", &DueKind::ALL.map(DueKind::label));
        distinct("due item key", &DueKind::ALL.map(DueKind::as_str));
        distinct(
            "due item for the patient",
            &DueKind::ALL.map(DueKind::for_patient),
        );
        distinct(
            "missed dose",
            &[MissedAction::GiveNow.label(), MissedAction::Skip.label()],
        );
        distinct("severity", &Severity::ALL.map(Severity::label));
        distinct(
            "week",
            &super::super::WeekState::ALL.map(super::super::WeekState::label),
        );
        distinct(
            "week letter",
            &super::super::WeekState::ALL.map(super::super::WeekState::letter),
        );
    }

    #[test]
    fn the_ldl_c_response_says_a_rise_with_its_sign() {
        let efficacy = |percent_change| Efficacy {
            baseline_ldl_c: 400.0,
            latest_ldl_c: 400.0 * (1.0 + percent_change / 100.0),
            percent_change,
            unit: crate::record::LabUnit::MgPerDl,
        };
        assert!(efficacy(10.0).describe().ends_with(": +10%"));
        assert!(efficacy(-33.0).describe().ends_with(": −33%"));
        assert!(efficacy(0.0).describe().ends_with(": 0%"));
    }
}
