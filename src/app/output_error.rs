//! What can stop a printout or an export reaching the clinician, each kind once, so the one
//! place that shows it (an error dialog) says it in words.

use crate::record::FileError;
use crate::report::RenderError;

/// The system's PDF viewer could not take the summary. Its own message (an exit status in
/// Rust's debug form) means nothing to a clinician: each says what to do instead.
#[derive(Debug, thiserror::Error)]
pub enum ViewerError {
    #[error(
        "no program to open PDFs was found. Use File → Export summary PDF… to save it, then \
         print it from there."
    )]
    NoViewer,
    #[error(
        "the system's PDF viewer did not start. Use File → Export summary PDF… to save it, then \
         print it from there."
    )]
    DidNotStart,
}

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(transparent)]
    Render(#[from] RenderError),
    /// The export (never over a patient file: `record::write_output` refuses).
    #[error(transparent)]
    File(#[from] FileError),
    /// The temporary copy the viewer prints from.
    #[error("the summary could not be written for the viewer: {0}")]
    Spool(#[from] std::io::Error),
    #[error(transparent)]
    Viewer(#[from] ViewerError),
}
