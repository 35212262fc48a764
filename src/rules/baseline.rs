//! Baseline liver tests before the first dose: R-BASE-1, R-BASE-2.
//! (Boxed Warning; Monitoring Parameters.)

use super::assessment::{DueKind, Status};
use super::calendar::add_days;
use super::facts::{Facts, LabResult};
use super::outcome::Outcome;
use crate::format::{list, list_or};
use crate::knowledge::{RuleId, pack};
use crate::record::LabTest;

const BASELINE_TESTS: [LabTest; 4] = [LabTest::Alt, LabTest::Ast, LabTest::Alp, LabTest::Bilirubin];

pub fn check(facts: &Facts, out: &mut Outcome) {
    let baseline: Vec<(LabTest, Option<&LabResult>)> = match facts.start {
        None => {
            // The window is the 90 days that end with (and include) today.
            let days = pack().intervals.baseline_window_days.value;
            let opens = add_days(facts.today, 1 - days);
            BASELINE_TESTS
                .iter()
                .map(|&test| (test, facts.results(test).rev().find(|r| r.date >= opens)))
                .collect()
        }
        Some(start) => BASELINE_TESTS
            .iter()
            .map(|&test| (test, facts.results(test).rev().find(|r| r.date < start)))
            .collect(),
    };

    if facts.start.is_none() {
        let missing: Vec<String> = baseline
            .iter()
            .filter(|(_, result)| result.is_none())
            .map(|(test, _)| test.label().to_owned())
            .collect();
        if !missing.is_empty() {
            let days = pack().intervals.baseline_window_days.value;
            out.raise(
                Status::BaselineNeeded,
                RuleId::Base1,
                format!(
                    "No {} result in the last {days} days; measure before the first dose.",
                    list_or(&missing)
                ),
            );
            out.due(DueKind::LiverPanel, facts.today);
        }
    }

    let above: Vec<String> = baseline
        .iter()
        .filter_map(|(_, result)| *result)
        .filter(|result| result.x_uln > 1.0)
        .map(LabResult::describe)
        .collect();
    if !above.is_empty() {
        out.add(
            RuleId::Base2,
            format!(
                "Baseline above ULN: {}. Work up before starting.",
                list(&above)
            ),
        );
    }
}
