//! The findings: those that still need attention first, most severe first, then those the
//! clinician has decided on, each with its decision. Rule ID, title and severity; detail,
//! monograph source and the Acknowledge… / Override… buttons on expand. Then the decisions
//! that no longer apply, and what the file leaves unknown.

use eframe::egui::{self, RichText, Ui};

use crate::app::command::Command;
use crate::app::style;
use crate::knowledge::{Severity, pack};
use crate::record::DecisionAction;
use crate::rules::{Assessment, Finding};

/// Shows the findings; returns a decision the clinician asked to make.
pub fn findings_ui(ui: &mut Ui, assessment: &Assessment) -> Option<Command> {
    let mut command = None;
    ui.heading(format!("Findings ({})", assessment.findings.len()));
    egui::ScrollArea::vertical().show(ui, |ui| {
        if assessment.findings.is_empty() {
            ui.label("No findings.");
        }
        for (index, finding) in assessment.findings.iter().enumerate() {
            let colour = style::severity_colour(ui.visuals(), finding.severity);
            let decided = finding
                .decision
                .as_ref()
                .map(|decision| format!("  ({})", decision.action.label()))
                .unwrap_or_default();
            let title = RichText::new(format!(
                "{}  {}  {}{decided}",
                finding.severity.label(),
                finding.rule,
                finding.title
            ))
            .color(colour);
            // A header of our own: egui's collapsing header never wraps its title, and a long
            // title would keep the panel from being narrowed.
            let id = ui.make_persistent_id(("finding", index));
            let state = egui::collapsing_header::CollapsingState::load_with_default_open(
                ui.ctx(),
                id,
                finding.severity >= Severity::Warning,
            );
            let mut clicked = false;
            let mut header = state.show_header(ui, |ui| {
                clicked = ui
                    .add(egui::Label::new(title).wrap().sense(egui::Sense::click()))
                    .clicked();
            });
            if clicked {
                header.toggle();
            }
            let (toggle, _, _) = header.body(|ui| {
                command = command
                    .take()
                    .or_else(|| finding_ui(ui, assessment, finding));
            });
            toggle.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::accesskit::Role::DisclosureTriangle,
                    true,
                    "Show or hide the finding's details",
                )
            });
        }
        if !assessment.stale_decisions.is_empty() {
            ui.separator();
            ui.label(RichText::new("Decisions that no longer apply").strong());
            for decision in &assessment.stale_decisions {
                ui.label(format!(
                    "{} {} on {}: the finding now reads differently or is gone. It read: \
                     \"{}\". Reason: {}",
                    decision.rule,
                    decision.action.label(),
                    decision.date,
                    decision.detail,
                    decision.reason
                ));
            }
        }
        if !assessment.unknown.is_empty() {
            ui.separator();
            ui.label(RichText::new("Not recorded").strong());
            ui.label(assessment.unknown.join(", "));
        }
    });
    command
}

/// One finding's detail, source, decision and decision buttons.
fn finding_ui(ui: &mut Ui, assessment: &Assessment, finding: &Finding) -> Option<Command> {
    ui.label(&finding.detail);
    ui.label(RichText::new(format!("Source: {}", finding.source)).italics());
    if let Some(text) = finding.decision_text() {
        let instead = match finding.sets {
            Some(sets) if finding.is_overridden() && sets != assessment.status => format!(
                " Status now {} instead of {}.",
                assessment.status.label(),
                sets.label()
            ),
            _ => String::new(),
        };
        ui.label(RichText::new(format!("{text}.{instead}")).strong());
    }
    let mut command = None;
    ui.horizontal(|ui| {
        let mut actions = vec![DecisionAction::Acknowledged];
        if pack().rule(finding.rule).overridable {
            actions.push(DecisionAction::Overridden);
        }
        for action in actions {
            let decide = Command::Decide {
                rule: finding.rule,
                detail: finding.detail.clone(),
                action,
            };
            if ui.small_button(decide.label()).clicked() {
                command = Some(decide);
            }
        }
    });
    command
}
