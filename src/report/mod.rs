//! The printed summaries (PDF): the clinic summary for the chart and the REMS paperwork, and the
//! patient handout. Laid out by `layout`, drawn by `render` as tagged, accessible PDF (PDF/UA-1),
//! from the same assessment the app and the CLI show.

mod chart;
mod fonts;
mod handout;
mod layout;
mod render;
mod structure;
mod summary;
mod tags;

use chrono::{DateTime, FixedOffset, NaiveDate};

pub use layout::Paper;
pub use render::RenderError;

use crate::record::{Patient, Record};
use crate::rules::Assessment;

/// The application, as the footer and the PDF's creator and producer name it.
const APP: &str = concat!("Mipomersen Monitor ", env!("CARGO_PKG_VERSION"));

/// Which document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    ClinicSummary,
    PatientHandout,
}

impl Kind {
    /// What the document is called in its title, which a PDF viewer shows.
    fn name(self) -> &'static str {
        match self {
            Kind::ClinicSummary => "Mipomersen clinic summary",
            Kind::PatientHandout => "Mipomersen patient handout",
        }
    }

    /// The small print under the patient in every page's header.
    fn running_title(self) -> &'static str {
        match self {
            Kind::ClinicSummary => "Mipomersen therapy summary",
            Kind::PatientHandout => "Mipomersen: information for the patient",
        }
    }
}

/// The PDF of `kind` for `record` as assessed on `today`, printed (and created) at `printed_at`.
pub fn pdf(
    kind: Kind,
    record: &Record,
    assessment: &Assessment,
    today: NaiveDate,
    printed_at: DateTime<FixedOffset>,
    paper: Paper,
) -> Result<Vec<u8>, RenderError> {
    let layout = match kind {
        Kind::ClinicSummary => summary::lay_out(record, assessment, today, paper),
        Kind::PatientHandout => handout::lay_out(record, assessment, today, paper),
    };
    let patient = &record.patient;
    let frame = render::Frame {
        title: kind.running_title().to_owned(),
        patient: format!(
            "{}   ID {}   born {}",
            patient.name.as_deref().unwrap_or("(name not recorded)"),
            patient.id,
            patient
                .birth_date
                .map_or_else(|| "(not recorded)".to_owned(), |d| d.to_string())
        ),
        printed: format!("Printed {} · {APP}", printed_at.format("%Y-%m-%d %H:%M")),
    };
    let properties = render::Properties {
        title: title(kind, patient, today),
        creator: APP.to_owned(),
        created: printed_at,
    };
    render::render(&layout.finish(), paper, &frame, &properties)
}

/// "Mipomersen clinic summary — Jane Doe — 2026-11-28": the document, whose it is (by name, by
/// ID when no name is recorded) and the day it was assessed for.
fn title(kind: Kind, patient: &Patient, today: NaiveDate) -> String {
    // On one line, and without characters that show as nothing.
    let one_line = |text: &str| -> String {
        let words: Vec<String> = text
            .split_whitespace()
            .map(|word| fonts::legible(word).into_owned())
            .filter(|word| !word.is_empty())
            .collect();
        words.join(" ")
    };
    let name = patient.name.as_deref().map(one_line);
    let who = name
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| one_line(&patient.id));
    format!("{} — {who} — {today}", kind.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_names_the_document_the_patient_and_the_day() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("a date");
        let mut record = Record::new("H-0042");
        assert_eq!(
            title(Kind::ClinicSummary, &record.patient, today),
            "Mipomersen clinic summary — H-0042 — 2026-11-28"
        );
        record.patient.name = Some(" Jane\tDoe\u{200B}\n".to_owned());
        assert_eq!(
            title(Kind::PatientHandout, &record.patient, today),
            "Mipomersen patient handout — Jane Doe — 2026-11-28"
        );
    }
}
