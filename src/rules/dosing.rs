//! Dosing and administration: the next dose, missed doses (R-DOSE-1) and the dose history
//! (R-DOSE-2..8). (Dosing: Adult; Administration.)

use chrono::{Datelike, NaiveDate, Weekday};

use super::assessment::{MissedAction, MissedDose, Status};
use super::calendar::{add_days, days_between, weekday_on_or_after};
use super::events::ClinicianEvents;
use super::facts::Facts;
use super::format::{list, number};
use super::hepatic::Hepatic;
use super::outcome::Outcome;
use crate::knowledge::{RuleId, pack};
use crate::record::{Dose, Route, Site};

/// The weekday doses are due: the recorded one, else that of the first dose.
pub fn schedule_weekday(facts: &Facts) -> Option<Weekday> {
    facts
        .record
        .therapy
        .dose_weekday
        .map(Weekday::from)
        .or_else(|| facts.start.map(|start| start.weekday()))
}

/// The next dose and, when one was missed, what to do (R-DOSE-1). Only while dosing is allowed.
///
/// Doses withheld are not missed: after a resumption (ALT/AST back below 3×ULN, or the
/// clinician's `resumed` event) that follows the last dose, the schedule restarts from it.
pub fn next_dose(
    facts: &Facts,
    hepatic: &Hepatic,
    events: &ClinicianEvents,
    status: Status,
    out: &mut Outcome,
) -> (Option<NaiveDate>, Option<MissedDose>) {
    let (Some(last), Some(weekday)) = (facts.doses.last(), schedule_weekday(facts)) else {
        return (None, None);
    };
    if !(facts.on_therapy() && status.allows_dosing()) {
        return (None, None);
    }
    let gap = pack().intervals.min_days_between_doses.value;
    let today = facts.today;
    let resumed = hepatic
        .resumptions()
        .last()
        .max(events.last_resumption())
        .filter(|&resumed| resumed > last.date);
    let earliest = add_days(last.date, gap).max(resumed.unwrap_or(NaiveDate::MIN));
    let scheduled = weekday_on_or_after(earliest, weekday);
    if scheduled >= today {
        return (Some(scheduled), None);
    }

    let regular = weekday_on_or_after(today, weekday);
    let advice = if regular == today {
        out.add(
            RuleId::Dose1,
            format!(
                "The dose due on {scheduled} was not given. Today is the regular dosing day: give \
                 today's dose as usual and do not make up the missed one."
            ),
        );
        MissedDose {
            missed: scheduled,
            action: MissedAction::Skip,
            give_by: None,
            next: today,
        }
    } else if days_between(today, regular) >= gap {
        let give_by = add_days(regular, -gap);
        out.add(
            RuleId::Dose1,
            format!(
                "The dose due on {scheduled} was not given. Give it now, by {give_by} at the \
                 latest ({gap} days before the next weekly dose on {regular})."
            ),
        );
        MissedDose {
            missed: scheduled,
            action: MissedAction::GiveNow,
            give_by: Some(give_by),
            next: today,
        }
    } else {
        out.add(
            RuleId::Dose1,
            format!(
                "The dose due on {scheduled} was not given. The next weekly dose on {regular} is \
                 less than {gap} days away: skip the missed dose and give the next on {regular}."
            ),
        );
        MissedDose {
            missed: scheduled,
            action: MissedAction::Skip,
            give_by: None,
            next: regular,
        }
    };
    (Some(advice.next), Some(advice))
}

/// R-DOSE-2..8 over the doses given so far.
pub fn history(facts: &Facts, hepatic: &Hepatic, events: &ClinicianEvents, out: &mut Outcome) {
    let expected_mg = pack().thresholds.dose_mg.value;
    let doses = &facts.doses;

    let other_amount = described(doses, |dose| {
        dose.dose_mg
            .filter(|&mg| (mg - expected_mg).abs() > f64::EPSILON)
            .map(|mg| format!("{} mg", number(mg)))
    });
    if !other_amount.is_empty() {
        out.add(
            RuleId::Dose2,
            format!(
                "{}; the dose is {} mg once weekly.",
                list(&other_amount),
                number(expected_mg)
            ),
        );
    }

    let wrong_route = described(doses, |dose| match dose.route {
        Some(Route::Intramuscular) => Some("intramuscular".to_owned()),
        Some(Route::Intravenous) => Some("intravenous".to_owned()),
        _ => None,
    });
    if !wrong_route.is_empty() {
        out.add(
            RuleId::Dose3,
            format!("{}; give subcutaneously only.", list(&wrong_route)),
        );
    }

    let gap = pack().intervals.min_days_between_doses.value;
    let close: Vec<String> = doses
        .windows(2)
        .filter_map(|pair| {
            let days = days_between(pair[0].date, pair[1].date);
            (days < gap).then(|| {
                format!(
                    "{} and {} ({days} day{} apart)",
                    pair[0].date,
                    pair[1].date,
                    if days == 1 { "" } else { "s" }
                )
            })
        })
        .collect();
    if !close.is_empty() {
        out.add(
            RuleId::Dose4,
            format!("{}; doses must be at least {gap} days apart.", list(&close)),
        );
    }

    // Conditions carry no date, so only dated data (labs, symptoms, events) can show that a
    // dose was given while blocked.
    let blocked = described(doses, |dose| {
        blocked_before(facts, hepatic, events, dose.date)
    });
    if !blocked.is_empty() {
        out.add(
            RuleId::Dose5,
            format!("Given while blocked: {}.", list(&blocked)),
        );
    }

    let other_site = described(doses, |dose| {
        (dose.site == Some(Site::Other)).then(|| "another site".to_owned())
    });
    if !other_site.is_empty() {
        out.add(
            RuleId::Dose6,
            format!(
                "{}; inject into the abdomen, thigh or outer upper arm.",
                list(&other_site)
            ),
        );
    }

    let checklist = described(doses, |dose| {
        let skipped: Vec<String> = dose
            .checklist
            .items()
            .iter()
            .filter(|(_, done)| *done == Some(false))
            .map(|(key, _)| checklist_text(key))
            .collect();
        (!skipped.is_empty()).then(|| format!("not done: {}", skipped.join("; ")))
    });
    if !checklist.is_empty() {
        out.add(RuleId::Dose7, format!("{}.", list(&checklist)));
    }

    drift(facts, out);
}

/// R-DOSE-8: two or more of the last four doses on another weekday than the schedule.
fn drift(facts: &Facts, out: &mut Outcome) {
    let Some(weekday) = schedule_weekday(facts) else {
        return;
    };
    let thresholds = &pack().thresholds;
    let window = thresholds.schedule_drift_window_doses.value;
    let recent = &facts.doses[facts.doses.len().saturating_sub(window)..];
    let off: Vec<String> = recent
        .iter()
        .filter(|dose| dose.date.weekday() != weekday)
        .map(|dose| format!("{} ({})", dose.date, dose.date.weekday()))
        .collect();
    if off.len() >= thresholds.schedule_drift_min_off_day.value {
        out.add(
            RuleId::Dose8,
            format!(
                "{} of the last {} doses were not on the scheduled {weekday}: {}.",
                off.len(),
                recent.len(),
                list(&off)
            ),
        );
    }
}

/// Why the status before `date` blocked a dose, if it did (R-DOSE-5).
fn blocked_before(
    facts: &Facts,
    hepatic: &Hepatic,
    events: &ClinicianEvents,
    date: NaiveDate,
) -> Option<String> {
    if let Some(ended) = facts.discontinued_on.filter(|&ended| ended < date) {
        return Some(format!("therapy was discontinued on {ended}"));
    }
    if let Some(known) = hepatic
        .discontinuation
        .as_ref()
        .and_then(|discontinuation| discontinuation.known_on)
        .filter(|&known| known < date)
    {
        return Some(format!("the discontinuation criterion was met on {known}"));
    }
    if hepatic.withheld_before(date) {
        return Some("ALT/AST at or above 3×ULN had withheld therapy".to_owned());
    }
    if events.held_before(date) {
        return Some("the clinician had withheld therapy".to_owned());
    }
    None
}

/// "2025-01-06 (100 mg)" for every dose `about` says something about.
fn described(doses: &[&Dose], about: impl Fn(&Dose) -> Option<String>) -> Vec<String> {
    doses
        .iter()
        .filter_map(|dose| about(dose).map(|text| format!("{} ({text})", dose.date)))
        .collect()
}

fn checklist_text(key: &str) -> String {
    pack()
        .administration_checklist
        .iter()
        .find(|item| item.key == key)
        .map_or_else(|| key.to_owned(), |item| item.text.to_lowercase())
}
