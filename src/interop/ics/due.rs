//! The due tests: one event per kind of test, on its due date (today once overdue), and
//! cancelled while it is not due, so a re-import moves or removes the one a calendar holds.

use super::content::Component;
use super::export::{Export, all_day};
use crate::format::sentence;
use crate::rules::{Assessment, DueItem, DueKind};

/// The due-test events of the export: every kind, due or cancelled.
pub(super) fn events(export: &Export, assessment: &Assessment) -> Vec<Component> {
    DueKind::ALL
        .iter()
        .map(|&kind| {
            let key = format!("due/{}", kind.as_str());
            match assessment.due.iter().find(|due| due.item == kind) {
                Some(&due) => due_event(export, &key, due),
                None => export.cancelled(&key, &label(export, kind)),
            }
        })
        .collect()
}

fn due_event(export: &Export, key: &str, due: DueItem) -> Component {
    let label = label(export, due.item);
    let (summary, description) = match (export.for_patient(), due.overdue) {
        (true, false) => (label, "Your clinic needs this test by this day.".to_owned()),
        (true, true) => (
            format!("{label} (overdue)"),
            format!(
                "This test was due on {}: please have it as soon as you can.",
                export.day(due.due)
            ),
        ),
        (false, overdue) => {
            let what = format!(
                "{} ({}).",
                sentence(due.item.description()),
                due.item.rule()
            );
            if overdue {
                (
                    format!("Overdue since {}: {label}", due.due),
                    format!("{what} Overdue since {}.", due.due),
                )
            } else {
                (format!("Due: {label}"), what)
            }
        }
    };
    // An overdue test is shown today, every day it is exported, until it is done.
    let date = if due.overdue { export.today } else { due.due };
    all_day(export.event(key), date)
        .text("SUMMARY", &export.summary(&summary))
        .text("DESCRIPTION", &description)
}

/// The test in a few words, for whom the calendar is written.
fn label(export: &Export, kind: DueKind) -> String {
    if export.for_patient() {
        kind.for_patient().to_owned()
    } else {
        kind.label().to_owned()
    }
}
