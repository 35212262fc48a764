//! The printed summaries (PDF): the clinic summary for the chart and the REMS paperwork, and the
//! patient handout. Laid out by `layout`, drawn by `render`, from the same assessment the app
//! and the CLI show.

mod handout;
mod layout;
mod render;
mod summary;

use chrono::{NaiveDate, NaiveDateTime};

pub use layout::Paper;
pub use render::RenderError;

use crate::record::Record;
use crate::rules::Assessment;

/// Which document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    ClinicSummary,
    PatientHandout,
}

/// The PDF of `kind` for `record` as assessed on `today`, printed at `printed_at`.
pub fn pdf(
    kind: Kind,
    record: &Record,
    assessment: &Assessment,
    today: NaiveDate,
    printed_at: NaiveDateTime,
    paper: Paper,
) -> Result<Vec<u8>, RenderError> {
    let (layout, title) = match kind {
        Kind::ClinicSummary => (
            summary::lay_out(record, assessment, today, paper),
            "Mipomersen therapy summary",
        ),
        Kind::PatientHandout => (
            handout::lay_out(record, assessment, today, paper),
            "Mipomersen: information for the patient",
        ),
    };
    let patient = &record.patient;
    let frame = render::Frame {
        title: title.to_owned(),
        patient: format!(
            "{}   ID {}   born {}",
            patient.name.as_deref().unwrap_or("(name not recorded)"),
            patient.id,
            patient
                .birth_date
                .map_or_else(|| "(not recorded)".to_owned(), |d| d.to_string())
        ),
        printed: format!(
            "Printed {} · Mipomersen Monitor {}",
            printed_at.format("%Y-%m-%d %H:%M"),
            env!("CARGO_PKG_VERSION")
        ),
    };
    render::render(&layout.finish(), paper, &frame)
}
