//! The panels. They read the document and its assessment and make edits through it; the
//! clinical judgement is all in `rules`.

mod checklists;
mod doses;
mod events;
mod findings;
mod header;
mod labs;
mod medications;
mod patient;
mod plot_legend;
mod plot_time;
mod plots;
mod worklist;

pub use checklists::checklists_ui;
pub use doses::doses_ui;
pub use events::events_ui;
pub use findings::findings_ui;
pub use header::header_ui;
pub use labs::labs_ui;
pub use medications::medications_ui;
pub use patient::patient_ui;
pub use worklist::{WorklistView, worklist_ui};

use super::document::Document;
use crate::record::{Record, validate};

/// The tabs of the main area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Patient,
    Labs,
    Doses,
    Medications,
    Checklists,
    Events,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Patient,
        Tab::Labs,
        Tab::Doses,
        Tab::Medications,
        Tab::Checklists,
        Tab::Events,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tab::Patient => "Patient & conditions",
            Tab::Labs => "Labs",
            Tab::Doses => "Doses",
            Tab::Medications => "Medications",
            Tab::Checklists => "Checklists",
            Tab::Events => "Events & notes",
        }
    }
}

/// What the forms hold between frames.
pub struct Forms {
    pub patient: patient::PatientForm,
    pub lab: labs::LabForm,
    pub dose: doses::DoseForm,
    pub medication: medications::MedicationForm,
    pub supply: checklists::SupplyForm,
    pub event: events::EventForm,
}

impl Forms {
    pub fn new(today: chrono::NaiveDate) -> Self {
        Forms {
            patient: patient::PatientForm::default(),
            lab: labs::LabForm::new(today),
            dose: doses::DoseForm::new(today),
            medication: medications::MedicationForm::default(),
            supply: checklists::SupplyForm::default(),
            event: events::EventForm::new(today),
        }
    }
}

/// Makes an edit only if the record stays valid, as the file would check it; otherwise returns
/// the problem (naming the entry) and changes nothing.
pub fn checked_edit(
    document: &mut Document,
    change: impl FnOnce(&mut Record),
) -> Result<(), String> {
    let candidate = checked(document, change)?;
    document.edit(|record| *record = candidate);
    Ok(())
}

/// [`checked_edit`] for typing into `field` (one undo step for the field's keystrokes).
pub fn checked_typing(
    document: &mut Document,
    field: &'static str,
    change: impl FnOnce(&mut Record),
) -> Result<(), String> {
    let candidate = checked(document, change)?;
    document.type_into(field, |record| *record = candidate);
    Ok(())
}

/// Where `entry`, last seen at `index`, is now: an undo, a redo or a delete since may have
/// moved it, or taken it away (`None`).
pub fn still_at<T: PartialEq>(entries: &[T], index: usize, entry: &T) -> Option<usize> {
    if entries.get(index) == Some(entry) {
        Some(index)
    } else {
        entries.iter().position(|candidate| candidate == entry)
    }
}

/// The record with `change` made, if it is still valid.
fn checked(document: &Document, change: impl FnOnce(&mut Record)) -> Result<Record, String> {
    let mut candidate = document.record().clone();
    change(&mut candidate);
    match validate(&candidate).into_iter().next() {
        Some(problem) => Err(problem.to_string()),
        None => Ok(candidate),
    }
}

#[cfg(test)]
mod tests {
    use super::still_at;

    #[test]
    fn an_entry_being_edited_is_found_where_it_moved_or_not_at_all() {
        let entries = ["withheld 03-13", "resumed 03-27"];
        assert_eq!(still_at(&entries, 1, &"resumed 03-27"), Some(1));
        // A delete (or an undo) moved it.
        assert_eq!(still_at(&entries[1..], 1, &"resumed 03-27"), Some(0));
        // Another entry now sits at its index: never overwritten in its place.
        assert_eq!(still_at(&["withheld 03-13"], 0, &"resumed 03-27"), None);
    }
}
