//! "Record this dose against the advice?": the dialog a dose goes through when the rules advise
//! against it on its day, or its checklist is not all ticked. The clinician's reason is kept as
//! a decision on the finding that gave the advice, so the record holds both.

use eframe::egui::{self, RichText, Ui};

use crate::knowledge::pack;
use crate::record::{Decision, DecisionAction, Dose, OsUser, Record};
use crate::rules::{DoseAdvice, against_advice};

/// A dose waiting for the clinician's confirmation.
#[derive(Debug, Clone, PartialEq)]
pub struct DoseDraft {
    pub dose: Dose,
    pub advice: Option<DoseAdvice>,
    /// The checklist items not ticked, in the pack's words: recorded as not done.
    pub unticked: Vec<String>,
    pub reason: String,
    pub by: String,
}

impl DoseDraft {
    /// The draft for `dose`, or the dose back when it follows the advice with its checklist
    /// ticked and can be recorded as it is.
    pub fn needed(record: &Record, dose: Dose) -> Result<Self, Dose> {
        let advice = against_advice(record, &dose);
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
        })
    }

    /// Whether it can be recorded: against the advice only with a reason.
    pub fn ready(&self) -> bool {
        self.advice.is_none() || !self.reason.trim().is_empty()
    }

    /// The dose as recorded (unticked items not done), and the decision on the advice, dated
    /// `today`.
    pub fn confirmed(self, today: chrono::NaiveDate) -> (Dose, Option<Decision>) {
        let mut dose = self.dose;
        for (_, done) in dose.checklist.items_mut() {
            if *done != Some(true) {
                *done = Some(false);
            }
        }
        let decision = self.advice.map(|advice| Decision {
            date: today,
            rule: advice.rule,
            detail: advice.detail,
            action: DecisionAction::Acknowledged,
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
            ui.label(RichText::new("Not ticked, so recorded as not done:").strong());
            for item in &self.unticked {
                ui.label(format!("• {item}"));
            }
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
