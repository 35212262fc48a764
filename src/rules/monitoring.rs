//! Monitoring schedule: R-MON-1 (liver panel), R-MON-2 (lipid panel), R-EFF-1 (LDL-C review and
//! response), R-MON-3 (overdue items). (Monitoring Parameters; Dosing: Adult.)

use chrono::NaiveDate;

use super::assessment::{DueItem, DueKind, Efficacy, Status};
use super::calendar::{add_days, add_months};
use super::facts::Facts;
use super::format::number;
use super::hepatic::Hepatic;
use super::outcome::Outcome;
use crate::knowledge::{RuleId, pack};
use crate::record::LabTest;

/// Adds the regular schedule's due items; returns the LDL-C response once it is reportable.
pub fn schedule(
    facts: &Facts,
    hepatic: &Hepatic,
    status: Status,
    out: &mut Outcome,
) -> Option<Efficacy> {
    let start = facts.start.filter(|_| facts.on_therapy())?;
    let intervals = &pack().intervals;

    // R-MON-1: monthly in the first year, three-monthly after; weekly while withheld.
    let last_panel = hepatic.last_panel();
    let regular = match last_panel {
        None => add_months(start, intervals.liver_panel_first_year_months.value),
        Some(last) if facts.in_first_year(last) => {
            add_months(last, intervals.liver_panel_first_year_months.value)
        }
        Some(last) => add_months(last, intervals.liver_panel_later_months.value),
    };
    out.due(DueKind::LiverPanel, regular);
    if status == Status::Withhold {
        let last = last_panel.unwrap_or(start);
        out.due(
            DueKind::LiverPanel,
            add_days(last, intervals.liver_panel_while_withheld_days.value),
        );
    }

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
                "LDL-C {} mg/dL on {}; no LDL-C on or before the start ({start}) to compare with.",
                number(latest.value),
                latest.date
            ),
        );
        return None;
    };
    let efficacy = Efficacy {
        baseline_ldl_c: baseline.value,
        latest_ldl_c: latest.value,
        percent_change: (latest.value - baseline.value) / baseline.value * 100.0,
    };
    out.add(
        RuleId::Eff1,
        format!(
            "LDL-C {} mg/dL on {} against {} mg/dL at baseline ({}): {}{}%.",
            number(latest.value),
            latest.date,
            number(baseline.value),
            baseline.date,
            if efficacy.percent_change > 0.0 {
                "+"
            } else {
                ""
            },
            number((efficacy.percent_change * 10.0).round() / 10.0)
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
        let days = (today - item.due).num_days();
        out.add_with(
            RuleId::Mon3,
            severity,
            format!(
                "The {} was due on {} ({days} day{} ago).",
                item.item.description(),
                item.due,
                if days == 1 { "" } else { "s" }
            ),
        );
    }
    items
}
