//! "Record this dose against the advice?": the dialog a dose goes through when the rules advise
//! against it on its day, or its checklist is not all ticked. The clinician's reason is kept as
//! a decision on the finding that gave the advice, so the record holds both.

use eframe::egui::{self, RichText, Ui};

use crate::knowledge::pack;
use crate::record::{Decision, DecisionAction, Dose, OsUser, Record};
use crate::rules::{self, DoseAdvice, against_advice};

/// A dose waiting for the clinician's confirmation.
#[derive(Debug, Clone, PartialEq)]
pub struct DoseDraft {
    pub dose: Dose,
    pub advice: Option<DoseAdvice>,
    /// The checklist items not ticked, in the pack's words: recorded as not done.
    pub unticked: Vec<String>,
    pub reason: String,
    pub by: String,
    /// Whether the unticked items were not done (R-DOSE-7), or are not known (a dose given
    /// elsewhere, reported later).
    pub unticked_not_done: bool,
}

impl DoseDraft {
    /// The draft for `dose`, or the dose back when it follows the advice with its checklist
    /// ticked and can be recorded as it is.
    pub fn needed(record: &Record, dose: Dose, today: chrono::NaiveDate) -> Result<Self, Dose> {
        let advice = against_advice(record, &dose, today);
        let unticked: Vec<String> = dose
            .checklist
            .items()
            .iter()
            .filter(|(_, done)| *done != Some(true))
            .filter_map(|(key, _)| {
                let items = &pack().administration_checklist;
                items.iter().find(|item| item.key == *key)
            })
            .map(|item| item.text.clone())
            .collect();
        if advice.is_none() && unticked.is_empty() {
            return Err(dose);
        }
        Ok(DoseDraft {
            dose,
            advice,
            unticked,
            reason: String::new(),
            by: OsUser::current().signature(),
            unticked_not_done: true,
        })
    }

    /// Whether it can be recorded: against the advice only with a reason.
    pub fn ready(&self) -> bool {
        self.advice.is_none() || !self.reason.trim().is_empty()
    }

    /// The dose as recorded (unticked items not done, or not known), and the decision on the
    /// advice, dated `today`. An override in force on that finding stays in force: the decision
    /// is then an override again, with this reason (an acknowledgement would end it).
    pub fn confirmed(self, record: &Record, today: chrono::NaiveDate) -> (Dose, Option<Decision>) {
        let mut dose = self.dose;
        let unticked = self.unticked_not_done.then_some(false);
        for (_, done) in dose.checklist.items_mut() {
            if *done != Some(true) {
                *done = unticked;
            }
        }
        let decision = self.advice.map(|advice| Decision {
            date: today,
            rule: advice.rule,
            action: rules::latest_decision(record, advice.rule, &advice.detail, today)
                .map_or(DecisionAction::Acknowledged, |latest| latest.action),
            detail: advice.detail,
            by: Some(self.by.trim().to_owned()).filter(|by| !by.is_empty()),
            reason: format!(
                "Dose of {} given against this advice: {}",
                dose.date,
                self.reason.trim()
            ),
        });
        (dose, decision)
    }

    pub fn ui(&mut self, ui: &mut Ui) {
        let date = self.dose.date;
        match &self.advice {
            Some(advice) => {
                ui.heading(format!("Record the dose of {date} against the advice?"));
                ui.label(RichText::new(format!("{} advises:", advice.rule)).strong());
                ui.label(&advice.advice);
                ui.label(
                    RichText::new(format!("Source: {}", pack().rule(advice.rule).source)).italics(),
                );
            }
            None => {
                ui.heading(format!("Record the dose of {date}?"));
            }
        }
        if !self.unticked.is_empty() {
            ui.separator();
            ui.label(RichText::new("Not ticked:").strong());
            for item in &self.unticked {
                ui.label(format!("• {item}"));
            }
            ui.radio_value(
                &mut self.unticked_not_done,
                true,
                "not done (recorded as not done)",
            );
            ui.radio_value(
                &mut self.unticked_not_done,
                false,
                "not known (given elsewhere, not observed)",
            );
        }
        if self.advice.is_some() {
            ui.separator();
            ui.label(
                "The dose is recorded, and the advice acknowledged with your reason; both show \
                 in the findings, the change history and the printed summary.",
            );
            let label = ui.label("Reason (required)");
            ui.add(
                egui::TextEdit::multiline(&mut self.reason)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
            ui.horizontal(|ui| {
                let label = ui.label("Clinician");
                ui.add(egui::TextEdit::singleline(&mut self.by).desired_width(240.0))
                    .labelled_by(label.id);
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::RuleId;

    fn day(text: &str) -> chrono::NaiveDate {
        text.parse().expect("a date")
    }

    fn draft(date: &str) -> DoseDraft {
        let mut dose: Dose =
            serde_json::from_str(&format!("{{\"date\": \"{date}\"}}")).expect("a dose");
        dose.checklist.warmed_30_min = Some(true);
        DoseDraft {
            dose,
            advice: Some(DoseAdvice {
                rule: RuleId::Ae3,
                detail: "angioedema on 2026-03-01".to_owned(),
                advice: "hold".to_owned(),
            }),
            unticked: vec!["Solution inspected".to_owned()],
            reason: "given at home before the call".to_owned(),
            by: "Dr A".to_owned(),
            unticked_not_done: false,
        }
    }

    /// An override in force stays in force: recording a dose against the advice it overrode
    /// must not turn it back into a hold (an acknowledgement would replace it).
    #[test]
    fn an_override_in_force_stays_an_override() {
        let mut record = Record::new("P");
        let (_, decision) = draft("2026-03-09").confirmed(&record, day("2026-03-12"));
        assert_eq!(
            decision.expect("a decision").action,
            DecisionAction::Acknowledged
        );

        record.decisions.push(Decision {
            date: day("2026-03-10"),
            rule: RuleId::Ae3,
            detail: "angioedema on 2026-03-01".to_owned(),
            action: DecisionAction::Overridden,
            by: None,
            reason: "hereditary angioedema, not the drug".to_owned(),
        });
        let (dose, decision) = draft("2026-03-09").confirmed(&record, day("2026-03-12"));
        let decision = decision.expect("a decision");
        assert_eq!(decision.action, DecisionAction::Overridden);
        assert!(decision.reason.contains("given at home before the call"));
        // Unticked items "not known" stay unknown; ticked ones done.
        assert_eq!(dose.checklist.inspected_clear, None);
        assert_eq!(dose.checklist.warmed_30_min, Some(true));
    }
}
