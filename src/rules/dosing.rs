//! Dosing and administration: the next dose, missed doses (R-DOSE-1) and the dose history
//! (R-DOSE-2..8). (Dosing: Adult; Administration.)

use chrono::{Datelike, NaiveDate, Weekday};

use super::adverse::Reactions;
use super::assessment::{MissedAction, MissedDose, Status};
use super::calendar::{add_days, days_between, weekday_on_or_after};
use super::events::ClinicianEvents;
use super::facts::Facts;
use super::hepatic::Hepatic;
use super::outcome::Outcome;
use crate::format::{list, list_or, number};
use crate::knowledge::{RuleId, pack};
use crate::record::{Dose, Route, Site, weekday_label};

/// The weekday doses are due: the recorded one, else that of the first dose.
pub fn schedule_weekday(facts: &Facts) -> Option<Weekday> {
    facts
        .record
        .therapy
        .dose_weekday
        .map(Weekday::from)
        .or_else(|| facts.start.map(|start| start.weekday()))
}

/// The next dose and, when doses were missed, what to do (R-DOSE-1, R-DOSE-9): while dosing is
/// allowed, or while liver tests come first (`labs_needed`, when there is no next-dose date).
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
    if !(facts.on_therapy() && status.advises_missed_doses()) {
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
    let dosing = status.allows_dosing();
    if scheduled >= today {
        return (dosing.then_some(scheduled), None);
    }

    let regular = weekday_on_or_after(today, weekday);
    let day = weekday_label(weekday);
    let labs_first = if dosing {
        String::new()
    } else {
        " The liver tests come first: check ALT and AST before the next dose.".to_owned()
    };
    let advice = if today > add_days(scheduled, 7) {
        // R-DOSE-9: two or more schedule days have passed since the dose that was due.
        let missed = (days_between(scheduled, today) + 6) / 7;
        out.add(
            RuleId::Dose9,
            format!(
                "{} missed since {scheduled} (the last dose was on {}). Do not make them up: \
                 review the liver tests (R-MON-4) and restart on {day} {regular}.{labs_first}",
                crate::format::count(usize::try_from(missed).unwrap_or(0), "dose", "doses"),
                last.date
            ),
        );
        MissedDose {
            missed: scheduled,
            action: MissedAction::Skip,
            give_by: None,
            next: Some(regular),
        }
    } else if regular == today {
        out.add(
            RuleId::Dose1,
            format!(
                "The dose due on {scheduled} was not given. Today is the regular dosing day: give \
                 today's dose as usual and do not make up the missed one.{labs_first}"
            ),
        );
        MissedDose {
            missed: scheduled,
            action: MissedAction::Skip,
            give_by: None,
            next: Some(today),
        }
    } else if days_between(today, regular) >= gap {
        let give_by = add_days(regular, -gap);
        out.add(
            RuleId::Dose1,
            format!(
                "The dose due on {scheduled} was not given. Give it now, by {give_by} at the \
                 latest ({gap} days before the next weekly dose on {regular}).{labs_first}"
            ),
        );
        MissedDose {
            missed: scheduled,
            action: MissedAction::GiveNow,
            give_by: Some(give_by),
            next: Some(today),
        }
    } else {
        out.add(
            RuleId::Dose1,
            format!(
                "The dose due on {scheduled} was not given. The next weekly dose on {regular} is \
                 less than {gap} days away: skip the missed dose and give the next on \
                 {regular}.{labs_first}"
            ),
        );
        MissedDose {
            missed: scheduled,
            action: MissedAction::Skip,
            give_by: None,
            next: Some(regular),
        }
    };
    let advice = MissedDose {
        next: advice.next.filter(|_| dosing),
        ..advice
    };
    (advice.next, Some(advice))
}

/// What blocked doses at a given date (R-DOSE-5): the hepatic state, the clinician's holds and
/// the angioedema holds.
pub struct Blocks<'a, 'r> {
    pub hepatic: &'a Hepatic<'r>,
    pub events: &'a ClinicianEvents<'r>,
    pub reactions: &'a Reactions,
}

/// R-DOSE-2..8 over the doses given so far.
pub fn history(facts: &Facts, blocks: &Blocks, out: &mut Outcome) {
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
    let blocked = described(doses, |dose| blocked_before(facts, blocks, dose.date));
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
                "{}; inject into the {}.",
                list(&other_site),
                list_or(
                    &[Site::Abdomen, Site::Thigh, Site::UpperArm]
                        .map(|site| site.label().to_owned())
                )
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
        .map(|dose| format!("{} ({})", dose.date, weekday_label(dose.date.weekday())))
        .collect();
    if off.len() >= thresholds.schedule_drift_min_off_day.value {
        out.add(
            RuleId::Dose8,
            format!(
                "{} of the last {} doses were not on the scheduled {}: {}.",
                off.len(),
                recent.len(),
                weekday_label(weekday),
                list(&off)
            ),
        );
    }
}

/// Why the status before `date` blocked a dose, if it did (R-DOSE-5). Same-day data counts in
/// the dose's favour, and so does a clinician's override dated on or before it.
fn blocked_before(facts: &Facts, blocks: &Blocks, date: NaiveDate) -> Option<String> {
    if let Some(ended) = facts.discontinued_on.filter(|&ended| ended < date) {
        return Some(format!("therapy was discontinued on {ended}"));
    }
    let discontinued = blocks.hepatic.discontinuations.iter().find(|met| {
        met.known_on.is_some_and(|known| known < date)
            && facts
                .decisions
                .overriding(RuleId::Tox4, &met.detail)
                .is_none_or(|decision| decision.date > date)
    });
    if let Some(known) = discontinued.and_then(|met| met.known_on) {
        return Some(format!("the discontinuation criterion was met on {known}"));
    }
    if blocks.hepatic.withheld_before(date) {
        return Some(format!(
            "ALT/AST at or above {} had withheld therapy",
            pack().thresholds.transaminase_repeat_x_uln.text()
        ));
    }
    if blocks.events.held_before(date) {
        return Some("the clinician had withheld therapy".to_owned());
    }
    if blocks.reactions.held_before(facts, date) {
        return Some("angioedema had withheld therapy".to_owned());
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
