//! Monitoring schedule: R-MON-1 (liver panel), R-MON-4 (liver panel long overdue), R-MON-2
//! (lipid panel), R-EFF-1 (LDL-C review and response), R-MON-3 (overdue items). (Monitoring
//! Parameters; Dosing: Adult.)

use chrono::NaiveDate;

use super::assessment::{DueItem, DueKind, Efficacy, Status};
use super::calendar::{add_days, add_months, days_between};
use super::facts::Facts;
use super::hepatic::{Hepatic, Transaminase};
use super::outcome::Outcome;
use crate::format::number;
use crate::knowledge::{RuleId, pack};
use crate::record::{LabTest, LabUnit};

/// R-MON-1: monthly in the first year, three-monthly after; weekly while ALT/AST withhold
/// therapy (a hold by the clinician alone keeps the usual interval).
pub fn liver_schedule(facts: &Facts, hepatic: &Hepatic, out: &mut Outcome) {
    let Some(start) = facts.start.filter(|_| facts.on_therapy()) else {
        return;
    };
    let intervals = &pack().intervals;
    let last_panel = hepatic.last_panel();
    let regular = match last_panel {
        None => add_months(start, intervals.liver_panel_first_year_months.value),
        Some(last) if facts.in_first_year(last) => {
            add_months(last, intervals.liver_panel_first_year_months.value)
        }
        Some(last) => add_months(last, intervals.liver_panel_later_months.value),
    };
    out.due(DueKind::LiverPanel, regular);
    if hepatic.state() == Transaminase::Withheld {
        let last = last_panel.unwrap_or(start);
        out.due(
            DueKind::LiverPanel,
            add_days(last, intervals.liver_panel_while_withheld_days.value),
        );
    }
}

/// R-MON-4: on therapy, a liver panel overdue by more than the grace period means the liver
/// tests come before the next dose (14 days while the last panel falls in the first year of
/// therapy or there is none since the start, 30 days later).
pub fn grace(facts: &Facts, hepatic: &Hepatic, out: &mut Outcome) {
    if !facts.on_therapy() {
        return;
    }
    let Some(due) = out.due_date(DueKind::LiverPanel) else {
        return;
    };
    let intervals = &pack().intervals;
    let grace_days = if hepatic
        .last_panel()
        .is_none_or(|last| facts.in_first_year(last))
    {
        intervals.liver_panel_grace_first_year_days.value
    } else {
        intervals.liver_panel_grace_later_days.value
    };
    // No day count in the detail: an override must outlast the days that pass (SPEC.md §3a).
    if days_between(due, facts.today) > grace_days {
        let last = hepatic.last_panel().map_or_else(
            || "no liver panel since the start of therapy".to_owned(),
            |last| format!("the last liver panel was on {last}"),
        );
        out.raise(
            Status::LabsNeeded,
            RuleId::Mon4,
            format!(
                "The liver panel was due on {due}, more than the {grace_days}-day grace period \
                 ago; {last}. Check ALT and AST before the next dose."
            ),
        );
    }
}

/// R-MON-2 and R-EFF-1: the lipid schedule; returns the LDL-C response once it is reportable.
pub fn lipids(facts: &Facts, out: &mut Outcome) -> Option<Efficacy> {
    let start = facts.start.filter(|_| facts.on_therapy())?;
    let intervals = &pack().intervals;

    // R-MON-2: every 3 months in the first year, every 6 after; at once with no LDL-C at all.
    let ldl: Vec<_> = facts.results(LabTest::LdlC).collect();
    let lipids = match ldl.last() {
        None => start,
        Some(last) if facts.in_first_year(last.date) => {
            add_months(last.date, intervals.lipid_panel_first_year_months.value)
        }
        Some(last) => add_months(last.date, intervals.lipid_panel_later_months.value),
    };
    out.due(DueKind::LipidPanel, lipids);

    // R-EFF-1: review at 26 weeks; from then on, report the change from baseline.
    let review_on = add_days(start, intervals.ldl_review_weeks.value * 7);
    let latest = ldl.last().filter(|latest| latest.date >= review_on);
    let Some(latest) = latest else {
        out.due(DueKind::LdlReview, review_on);
        return None;
    };
    let Some(baseline) = ldl.iter().rev().find(|result| result.date <= start) else {
        out.add(
            RuleId::Eff1,
            format!(
                "LDL-C {} {} on {}; no LDL-C on or before the start ({start}) to compare with.",
                number(latest.lab.value),
                latest.lab.unit,
                latest.date
            ),
        );
        return None;
    };
    let efficacy = Efficacy {
        baseline_ldl_c: baseline.value,
        latest_ldl_c: latest.value,
        percent_change: (latest.value - baseline.value) / baseline.value * 100.0,
        unit: if latest.lab.unit == LabUnit::MmolPerL {
            LabUnit::MmolPerL
        } else {
            LabUnit::MgPerDl
        },
    };
    out.add(
        RuleId::Eff1,
        format!(
            "{} (the latest of {}; baseline of {}).",
            efficacy.describe(),
            latest.date,
            baseline.date
        ),
    );
    Some(efficacy)
}

/// R-MON-3: marks items due before today as overdue, with a finding for each.
pub fn overdue(today: NaiveDate, out: &mut Outcome) -> Vec<DueItem> {
    let meta = pack().rule(RuleId::Mon3);
    let mut items: Vec<DueItem> = out
        .due
        .iter()
        .map(|&(item, due)| DueItem {
            item,
            due,
            overdue: due < today,
        })
        .collect();
    items.sort_by_key(|item| (item.due, item.item));
    for item in items.iter().filter(|item| item.overdue) {
        let severity = if item.item.is_liver() {
            meta.escalated.unwrap_or(meta.severity)
        } else {
            meta.severity
        };
        // No day count: a decision covers the finding while its detail reads the same, and
        // the days pass without new data (SPEC.md §3a).
        out.add_with(
            RuleId::Mon3,
            severity,
            format!(
                "The {} was due on {} and is overdue.",
                item.item.description(),
                item.due
            ),
        );
    }
    items
}
