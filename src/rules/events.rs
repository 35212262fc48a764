//! Clinician events: holds (R-EVT-1), resumptions against the labs (R-EVT-2), and the end of
//! therapy. (Dosing: Adjustment for Toxicity.)

use chrono::NaiveDate;

use super::assessment::{Period, Status};
use super::facts::Facts;
use super::hepatic::{Hepatic, Transaminase};
use super::outcome::Outcome;
use crate::knowledge::RuleId;
use crate::record::{Event, EventKind};

/// A clinician's hold: from a `withheld` event to the next `resumed` event.
struct Hold<'r> {
    withheld: &'r Event,
    resumed_on: Option<NaiveDate>,
}

pub struct ClinicianEvents<'r> {
    holds: Vec<Hold<'r>>,
    resumptions: Vec<NaiveDate>,
}

impl<'r> ClinicianEvents<'r> {
    pub fn read(facts: &Facts<'r>) -> Self {
        let mut holds: Vec<Hold> = Vec::new();
        let mut resumptions = Vec::new();
        // Entries of one date carry no order (SPEC.md §1); a hold and a resumption of one date
        // read as held, then resumed (one cannot resume what was not held), whatever the order
        // in the file.
        let mut events = facts.events.clone();
        events.sort_by_key(|event| (event.date, event.kind != EventKind::Withheld));
        for event in events {
            let open = holds.last_mut().filter(|hold| hold.resumed_on.is_none());
            match (event.kind, open) {
                (EventKind::Withheld, None) => holds.push(Hold {
                    withheld: event,
                    resumed_on: None,
                }),
                (EventKind::Resumed, open) => {
                    if let Some(hold) = open {
                        hold.resumed_on = Some(event.date);
                    }
                    resumptions.push(event.date);
                }
                _ => {}
            }
        }
        ClinicianEvents { holds, resumptions }
    }

    /// Whether a hold dated before `date` stood on `date` (see `Hepatic::withheld_before`).
    pub fn held_before(&self, date: NaiveDate) -> bool {
        self.holds.iter().any(|hold| {
            hold.withheld.date < date && hold.resumed_on.is_none_or(|resumed| date < resumed)
        })
    }

    /// The periods the clinician withheld therapy.
    pub fn withheld_periods(&self) -> impl Iterator<Item = Period> + '_ {
        self.holds.iter().map(|hold| Period {
            from: hold.withheld.date,
            until: hold.resumed_on,
        })
    }

    /// The latest `resumed` event.
    pub fn last_resumption(&self) -> Option<NaiveDate> {
        self.resumptions.last().copied()
    }

    /// The first `resumed` event dated on or after `date`.
    pub fn resumed_since(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.resumptions
            .iter()
            .copied()
            .find(|&resumed| resumed >= date)
    }

    /// R-EVT-1 and R-EVT-2.
    pub fn check(&self, hepatic: &Hepatic, out: &mut Outcome) {
        if let Some(hold) = self.holds.last().filter(|hold| hold.resumed_on.is_none()) {
            let note = hold
                .withheld
                .note
                .as_deref()
                .filter(|note| !note.trim().is_empty())
                .map(|note| format!(" (\"{}\")", note.trim()))
                .unwrap_or_default();
            out.raise(
                Status::Withhold,
                RuleId::Evt1,
                format!(
                    "Withheld by the clinician on {}{note}; no later resumption is recorded.",
                    hold.withheld.date
                ),
            );
        }

        if hepatic.state() == Transaminase::Withheld
            && let Some(episode) = hepatic.open_episode()
            && let Some(withheld_on) = episode.withheld_on
            && let Some(&resumed) = self.resumptions.iter().rev().find(|&&r| r >= withheld_on)
        {
            out.add(
                RuleId::Evt2,
                format!(
                    "Resumed on {resumed}, but ALT/AST has not been measured below {} since it \
                     was withheld on {withheld_on}.",
                    crate::knowledge::pack()
                        .thresholds
                        .transaminase_repeat_x_uln
                        .text()
                ),
            );
        }
    }
}
