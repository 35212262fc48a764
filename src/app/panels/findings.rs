//! The findings, most severe first: rule ID, title and severity; detail and monograph source
//! on expand. Then what the file leaves unknown.

use eframe::egui::{self, RichText, Ui};

use crate::app::style;
use crate::rules::Assessment;

pub fn findings_ui(ui: &mut Ui, assessment: &Assessment) {
    ui.heading(format!("Findings ({})", assessment.findings.len()));
    egui::ScrollArea::vertical().show(ui, |ui| {
        if assessment.findings.is_empty() {
            ui.label("No findings.");
        }
        for (index, finding) in assessment.findings.iter().enumerate() {
            let colour = style::severity_colour(finding.severity);
            let title = RichText::new(format!(
                "{}  {}  {}",
                finding.severity.as_str().to_uppercase(),
                finding.rule,
                finding.title
            ))
            .color(colour);
            egui::CollapsingHeader::new(title)
                .id_salt(("finding", index))
                .default_open(finding.severity >= crate::knowledge::Severity::Warning)
                .show(ui, |ui| {
                    ui.label(&finding.detail);
                    ui.label(RichText::new(format!("Source: {}", finding.source)).italics());
                });
        }
        if !assessment.unknown.is_empty() {
            ui.separator();
            ui.label(RichText::new("Not recorded").strong());
            ui.label(assessment.unknown.join(", "));
        }
    });
}
