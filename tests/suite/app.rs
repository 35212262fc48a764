//! The desktop app as a user drives it (`egui_kittest`): the demo, live rules on an edit, undo,
//! the unsaved-changes guard and the load-error dialog. Dialogs are scripted, never native.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use eframe::egui::{self, Key, Modifiers, accesskit::Role};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use mipomersen_monitor::app::{Dialogs, FileKind, MonitorApp, Start, ViewerError};
use mipomersen_monitor::rules::Status;

use crate::support::d;

/// Answers the file dialogs from a script the test can change while the app runs.
#[derive(Clone, Default)]
struct Scripted(Rc<RefCell<Answers>>);

#[derive(Default)]
struct Answers {
    open: Option<PathBuf>,
    save: Option<PathBuf>,
    viewed: Vec<PathBuf>,
}

impl Dialogs for Scripted {
    fn pick_open(&mut self, _kind: FileKind) -> Option<PathBuf> {
        self.0.borrow_mut().open.take()
    }

    fn pick_folder(&mut self) -> Option<PathBuf> {
        self.0.borrow_mut().open.take()
    }

    fn pick_save(&mut self, _kind: FileKind, _suggested_name: &str) -> Option<PathBuf> {
        self.0.borrow_mut().save.take()
    }

    fn open_in_viewer(&mut self, path: &Path) -> Result<(), ViewerError> {
        self.0.borrow_mut().viewed.push(path.to_owned());
        Ok(())
    }
}

fn app(start: Start, dialogs: Scripted) -> Harness<'static, MonitorApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_eframe(move |cc| {
            MonitorApp::new(cc, start, Box::new(dialogs), Some(d("2026-11-24")))
        });
    harness.run();
    harness
}

fn status(harness: &Harness<'_, MonitorApp>) -> Status {
    harness.state().document().assessment().status
}

/// Types ALT 208 U/L (ULN 40: 5.2×ULN) dated today into the lab form and adds it.
fn add_alt_5_2x(harness: &mut Harness<'_, MonitorApp>) {
    let value = harness.get_by_role_and_label(Role::TextInput, "Value");
    value.focus();
    value.type_text("208");
    harness.run();
    harness.get_by_label("Add result").click();
    harness.run();
}

#[test]
fn the_demo_opens_with_its_status() {
    let harness = app(Start::Demo, Scripted::default());
    harness.get_by_label("DEMO");
    harness.get_by_label("CONTINUE");
    harness.get_by_label_contains("R-DOSE-1");
    assert!(harness.state().document().is_demo());
}

#[test]
fn an_alt_of_5_2x_uln_withholds_at_once_and_undo_restores() {
    let mut harness = app(Start::Demo, Scripted::default());
    add_alt_5_2x(&mut harness);
    assert_eq!(status(&harness), Status::Withhold);
    harness.get_by_label("WITHHOLD");
    // In the status reason and in the findings.
    assert_eq!(harness.query_all_by_label_contains("R-TOX-3").count(), 2);
    assert!(harness.state().document().title().contains('•'));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(status(&harness), Status::Continue);
    harness.get_by_label("CONTINUE");
    assert_eq!(harness.query_all_by_label_contains("R-TOX-3").count(), 0);
    assert!(!harness.state().document().is_dirty());

    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(status(&harness), Status::Withhold);
}

#[test]
fn a_value_the_file_would_refuse_is_not_added_and_the_form_says_why() {
    let mut harness = app(Start::Demo, Scripted::default());
    let value = harness.get_by_role_and_label(Role::TextInput, "Value");
    value.focus();
    value.type_text("-5");
    harness.run();
    harness.get_by_label("Add result").click();
    harness.run();
    harness.get_by_label_contains("is negative");
    assert!(!harness.state().document().is_dirty());
}

#[test]
fn unsaved_changes_are_guarded_cancel_keeps_them_discard_drops_them() {
    let mut harness = app(Start::Demo, Scripted::default());
    add_alt_5_2x(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    assert!(harness.state().asks_to_save());
    harness.get_by_label("Save changes?");

    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(!harness.state().asks_to_save());
    assert_eq!(status(&harness), Status::Withhold);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    harness.get_by_label("Discard").click();
    harness.run();
    let document = harness.state().document();
    assert!(!document.is_demo());
    assert_eq!(document.record().patient.id, "NEW-PATIENT");
}

#[test]
fn save_from_the_guard_writes_the_file_then_goes_on() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("demo-copy.json");
    let dialogs = Scripted::default();
    let mut harness = app(Start::Demo, dialogs.clone());
    add_alt_5_2x(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    dialogs.0.borrow_mut().save = Some(path.clone());
    harness.get_by_label("Save").click();
    harness.run();
    let saved = mipomersen_monitor::record::load(&path).expect("saved and valid");
    assert!(
        saved
            .labs
            .iter()
            .any(|lab| (lab.value - 208.0).abs() < 1e-9)
    );
    assert_eq!(
        harness.state().document().record().patient.id,
        "NEW-PATIENT"
    );
}

#[test]
fn a_file_that_fails_to_load_shows_its_error_and_the_open_document_stays() {
    let folder = tempfile::tempdir().expect("a folder");
    let bad = folder.path().join("bad.json");
    let mut value: serde_json::Value =
        serde_json::from_str(mipomersen_monitor::DEMO_PATIENT).expect("JSON");
    value["labs"][2]["test"] = "alkphos".into();
    std::fs::write(&bad, value.to_string()).expect("written");

    let dialogs = Scripted::default();
    let mut harness = app(Start::Demo, dialogs.clone());
    add_alt_5_2x(&mut harness);
    // Save first, so opening another file is not held up by the guard.
    let kept = folder.path().join("kept.json");
    dialogs.0.borrow_mut().save = Some(kept.clone());
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    assert!(!harness.state().document().is_dirty());

    dialogs.0.borrow_mut().open = Some(bad.clone());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    let message = harness
        .state()
        .error_message()
        .expect("an error dialog")
        .to_owned();
    assert!(
        message.contains("lab result of 2025-09-01 (test)"),
        "{message}"
    );
    harness.get_by_label_contains("lab result of 2025-09-01 (test)");
    assert_eq!(harness.state().document().path(), Some(kept.as_path()));
    assert_eq!(status(&harness), Status::Withhold);

    harness.get_by_label("OK").click();
    harness.run();
    assert!(harness.state().error_message().is_none());
}

#[test]
fn a_bad_file_on_the_command_line_shows_the_error_over_the_demo() {
    let harness = app(
        Start::File(PathBuf::from("/no/such/patient.json")),
        Scripted::default(),
    );
    let message = harness.state().error_message().expect("an error dialog");
    assert!(message.contains("/no/such/patient.json"), "{message}");
    assert!(harness.state().document().is_demo());
}

/// The main screen as reviewed (`tests/snapshots/main_screen.png`), rendered by wgpu in software.
/// A deliberate change of the screen is recorded with `UPDATE_SNAPSHOTS=1 cargo test`.
#[test]
fn the_main_screen_looks_as_reviewed() {
    let mut harness = app(Start::Demo, Scripted::default());
    // A few anti-aliased pixels may differ between driver versions; a changed badge may not.
    let options = egui_kittest::SnapshotOptions::new().max_failed_pixels(100);
    harness.snapshot_options("main_screen", &options);
}

#[test]
fn text_typed_into_a_field_is_saved_even_while_the_field_has_focus() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("renamed.json");
    let dialogs = Scripted::default();
    let mut harness = app(Start::Demo, dialogs.clone());
    harness
        .state_mut()
        .select_tab(mipomersen_monitor::app::Tab::Patient);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Alcohol (drinks/day)")
        .focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    for key in ["1", ".", "5"] {
        harness.event(egui::Event::Text(key.to_owned()));
        harness.run();
    }
    assert_eq!(
        harness.state().document().record().alcohol_drinks_per_day,
        Some(1.5)
    );
    dialogs.0.borrow_mut().save = Some(path.clone());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let saved = mipomersen_monitor::record::load(&path).expect("saved");
    assert_eq!(saved.alcohol_drinks_per_day, Some(1.5));
    // One undo takes back the whole entry, not a character.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().document().record().alcohol_drinks_per_day,
        Some(0.5)
    );
}

#[test]
fn print_writes_the_summary_and_opens_it_in_the_viewer() {
    let dialogs = Scripted::default();
    let mut harness = app(Start::Demo, dialogs.clone());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::P);
    harness.run();
    assert!(harness.state().error_message().is_none());
    let viewed = dialogs.0.borrow().viewed.clone();
    assert_eq!(viewed.len(), 1);
    let pdf = std::fs::read(&viewed[0]).expect("the summary was written");
    assert!(pdf.starts_with(b"%PDF-"));
    std::fs::remove_file(&viewed[0]).expect("removed");
}

#[test]
fn export_saves_the_summary_where_the_user_picks() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("summary.pdf");
    let dialogs = Scripted::default();
    let mut harness = app(Start::Demo, dialogs.clone());
    dialogs.0.borrow_mut().save = Some(path.clone());
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export summary PDF…").click();
    harness.run();
    assert!(std::fs::read(&path).expect("written").starts_with(b"%PDF-"));
}

/// Opens a saved copy of the demo, edits it, and has "another workstation" save the file.
/// A shared file with an unsaved edit here, saved meanwhile at another workstation (notes
/// "saved at the other workstation").
fn edited_here_and_saved_there(
    dialogs: &Scripted,
) -> (tempfile::TempDir, PathBuf, Harness<'static, MonitorApp>) {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("shared.json");
    let demo = mipomersen_monitor::record::parse(mipomersen_monitor::DEMO_PATIENT).expect("valid");
    mipomersen_monitor::record::save(&demo, &path).expect("saved");
    let mut harness = app(Start::File(path.clone()), dialogs.clone());
    add_alt_5_2x(&mut harness);
    let mut theirs = demo;
    theirs.notes = Some("saved at the other workstation".to_owned());
    mipomersen_monitor::record::save(&theirs, &path).expect("saved");
    (folder, path, harness)
}

/// [`edited_here_and_saved_there`], then Save here.
fn conflicting_edit(
    dialogs: &Scripted,
) -> (tempfile::TempDir, PathBuf, Harness<'static, MonitorApp>) {
    let (folder, path, mut harness) = edited_here_and_saved_there(dialogs);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    (folder, path, harness)
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten_without_asking() {
    let dialogs = Scripted::default();
    let (_folder, path, mut harness) = conflicting_edit(&dialogs);
    assert!(harness.state().asks_about_disk_change());
    harness.get_by_label("The file changed on disk");
    let on_disk = mipomersen_monitor::record::load(&path).expect("theirs");
    assert_eq!(
        on_disk.notes.as_deref(),
        Some("saved at the other workstation")
    );

    harness.get_by_label("Overwrite").click();
    harness.run();
    let on_disk = mipomersen_monitor::record::load(&path).expect("mine");
    assert!(
        on_disk
            .labs
            .iter()
            .any(|lab| (lab.value - 208.0).abs() < 1e-9)
    );
}

/// New, with unsaved edits; Save meets another workstation's save; Reload takes theirs: the
/// New that waited for the save goes on (nothing unsaved is left to lose).
#[test]
fn reload_from_the_guard_takes_their_version_then_goes_on() {
    let (_folder, path, mut harness) = edited_here_and_saved_there(&Scripted::default());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    assert!(harness.state().asks_about_disk_change());
    harness.get_by_label("Reload (discard my changes)").click();
    harness.run();
    let document = harness.state().document();
    assert_eq!(document.record().patient.id, "NEW-PATIENT");
    assert_eq!(document.path(), None);
    assert_eq!(
        mipomersen_monitor::record::load(&path)
            .expect("theirs")
            .notes
            .as_deref(),
        Some("saved at the other workstation"),
        "their save is untouched"
    );
}

#[test]
fn reload_takes_the_other_workstations_version_and_save_as_keeps_both() {
    let dialogs = Scripted::default();
    let (folder, path, mut harness) = conflicting_edit(&dialogs);
    harness.get_by_label("Reload (discard my changes)").click();
    harness.run();
    let document = harness.state().document();
    assert_eq!(
        document.record().notes.as_deref(),
        Some("saved at the other workstation")
    );
    assert!(!document.is_dirty());

    add_alt_5_2x(&mut harness);
    let theirs = mipomersen_monitor::record::load(&path).expect("theirs");
    let mut again = theirs.clone();
    again.notes = Some("and again".to_owned());
    mipomersen_monitor::record::save(&again, &path).expect("saved");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let copy = folder.path().join("mine.json");
    dialogs.0.borrow_mut().save = Some(copy.clone());
    harness.get_by_label("Save As…").click();
    harness.run();
    assert!(
        mipomersen_monitor::record::load(&copy)
            .expect("mine")
            .labs
            .iter()
            .any(|l| (l.value - 208.0).abs() < 1e-9)
    );
    assert_eq!(
        mipomersen_monitor::record::load(&path)
            .expect("theirs")
            .notes
            .as_deref(),
        Some("and again")
    );
}

#[test]
fn unsaved_edits_survive_a_crash_and_are_offered_back() {
    let data = tempfile::tempdir().expect("the app's data folder");
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("patient.json");
    let demo = mipomersen_monitor::record::parse(mipomersen_monitor::DEMO_PATIENT).expect("valid");
    mipomersen_monitor::record::save(&demo, &path).expect("saved");
    let start = |path: &Path| {
        let path = path.to_owned();
        let data = data.path().to_owned();
        let mut harness = Harness::builder()
            .with_size(egui::vec2(1280.0, 820.0))
            .build_eframe(move |cc| {
                MonitorApp::new(
                    cc,
                    Start::File(path),
                    Box::new(Scripted::default()),
                    Some(d("2026-11-24")),
                )
                .with_recovery_folder(&data)
            });
        harness.run();
        harness
    };

    // Edit, lose focus (the edits are written), then "crash": the harness is dropped unsaved.
    let mut harness = start(&path);
    assert!(!harness.state().offers_recovery());
    add_alt_5_2x(&mut harness);
    harness.event(egui::Event::WindowFocused(false));
    harness.run();
    drop(harness);
    assert_eq!(
        mipomersen_monitor::record::load(&path).expect("untouched"),
        demo,
        "never over the patient file"
    );

    // The next start offers them back; restored, they are unsaved changes to the same file.
    let mut harness = start(&path);
    assert!(harness.state().offers_recovery());
    harness.get_by_label("Unsaved changes were recovered");
    harness.get_by_label("Restore").click();
    harness.run();
    let document = harness.state().document();
    assert_eq!(document.path(), Some(path.as_path()));
    assert!(document.is_dirty());
    assert_eq!(status(&harness), Status::Withhold);

    // A normal save removes the recovery file: the next start offers nothing.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    drop(harness);
    assert!(!start(&path).state().offers_recovery());
}

/// The demo, its unsaved changes kept against a crash in `folder`.
fn demo_with_recovery_in(folder: &Path) -> Harness<'static, MonitorApp> {
    let folder = folder.to_owned();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_eframe(move |cc| {
            MonitorApp::new(
                cc,
                Start::Demo,
                Box::new(Scripted::default()),
                Some(d("2026-11-24")),
            )
            .with_recovery_folder(&folder)
        });
    harness.run();
    harness
}

/// Unsaved changes this version cannot read (a newer version wrote them, say) are not dropped
/// nor written over: they are moved aside and the error says where.
#[test]
fn unreadable_unsaved_changes_are_kept_aside_and_said() {
    let data = tempfile::tempdir().expect("the app's data folder");
    let left = data.path().join("unsaved-patient.json");
    std::fs::write(&left, br#"{"path": null, "record": {"version": 99}}"#).expect("written");
    let harness = demo_with_recovery_in(data.path());
    assert!(!harness.state().offers_recovery());
    let message = harness
        .state()
        .error_message()
        .expect("an error")
        .to_owned();
    assert!(message.contains("could not be read"), "{message}");
    let aside = data.path().join("unsaved-patient-unreadable.json");
    assert!(message.contains(&aside.display().to_string()), "{message}");
    assert!(!left.exists());
    assert_eq!(
        std::fs::read(&aside).expect("kept"),
        br#"{"path": null, "record": {"version": 99}}"#
    );
}

/// Where unsaved changes cannot be kept against a crash (the data folder is not a folder), the
/// clinician is told, rather than trusting a safety net that is not there.
#[test]
fn unsaved_changes_that_cannot_be_kept_against_a_crash_are_said() {
    let data = tempfile::tempdir().expect("a folder");
    let not_a_folder = data.path().join("a file");
    std::fs::write(&not_a_folder, b"").expect("written");
    let recovery_folder = not_a_folder.join("data");
    let mut harness = demo_with_recovery_in(&recovery_folder);
    // What the folder might hold cannot be read either: said at the start.
    assert!(harness.state().error_message().is_some());
    harness.get_by_label("OK").click();
    harness.run();
    add_alt_5_2x(&mut harness);
    harness.event(egui::Event::WindowFocused(false));
    harness.run();
    harness.get_by_label_contains("Unsaved changes could not be kept against a crash");
}

#[test]
fn the_clinic_folder_lists_its_patients_and_a_click_opens_one() {
    let folder = tempfile::tempdir().expect("a folder");
    let demo = mipomersen_monitor::record::parse(mipomersen_monitor::DEMO_PATIENT).expect("valid");
    mipomersen_monitor::record::save(&demo, &folder.path().join("demo.json")).expect("saved");
    let mut other = demo.clone();
    other.patient.id = "CI-1".to_owned();
    other.patient.name = Some("Hypersensitive Patient".to_owned());
    other.conditions.hypersensitivity = Some(true);
    mipomersen_monitor::record::save(&other, &folder.path().join("other.json")).expect("saved");
    std::fs::write(folder.path().join("broken.json"), "{").expect("written");

    let dialogs = Scripted::default();
    let mut harness = app(Start::Demo, dialogs.clone());
    dialogs.0.borrow_mut().open = Some(folder.path().to_owned());
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Open clinic folder…").click();
    harness.run();
    harness.get_by_label("UNREADABLE");
    harness.get_by_label("CONTRAINDICATED");
    harness.get_by_label_contains("Hypersensitive Patient");

    let filter = harness.get_by_role_and_label(Role::TextInput, "Filter");
    filter.focus();
    filter.type_text("hypersensitive");
    harness.run();
    assert!(
        harness.query_by_label("Open demo.json").is_none(),
        "filtered out"
    );
    harness.get_by_label("Open other.json").click();
    harness.run();
    assert_eq!(harness.state().document().record().patient.id, "CI-1");
    assert_eq!(status(&harness), Status::Contraindicated);

    // The folder is back in a click, without a dialog.
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Recent clinic folders").click();
    harness.run();
    harness
        .get_by_label(&folder.path().display().to_string())
        .click();
    harness.run();
    harness.get_by_label("Open demo.json");
    assert!(
        !harness
            .get_all_by_label("nothing overdue")
            .collect::<Vec<_>>()
            .is_empty()
    );
}

#[test]
fn lab_results_from_a_csv_are_previewed_row_by_row_before_they_are_added() {
    let dialogs = Scripted::default();
    let mut harness = app(Start::Demo, dialogs.clone());
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hospital-labs.csv");
    let before = harness.state().document().record().labs.len();

    dialogs.0.borrow_mut().open = Some(csv.clone());
    harness.get_by_label("Import lab results (CSV)…").click();
    harness.run();
    harness.get_by_label("Lab results from hospital-labs.csv");
    harness.get_by_label("line 2: taken ALT 2026-11-20 212 IU/L (ULN 56)");
    harness.get_by_label_contains("line 6: passed over");
    assert_eq!(
        harness.state().document().record().labs.len(),
        before,
        "nothing changes before the user agrees"
    );
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(harness.state().document().record().labs.len(), before);

    dialogs.0.borrow_mut().open = Some(csv);
    harness.get_by_label("Import lab results (CSV)…").click();
    harness.run();
    harness.get_by_label("Add these results").click();
    harness.run();
    assert_eq!(harness.state().document().record().labs.len(), before + 6);
    // ALT 212 U/L against its ULN of 56: 3.8×ULN, to be confirmed.
    assert_eq!(status(&harness), Status::Confirm);
}

#[test]
fn the_calendar_is_exported_where_the_user_picks() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("schedule.ics");
    let dialogs = Scripted::default();
    let mut harness = app(Start::Demo, dialogs.clone());
    dialogs.0.borrow_mut().save = Some(path.clone());
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export calendar (iCalendar)…").click();
    harness.run();
    let text = std::fs::read_to_string(&path).expect("written");
    assert!(text.starts_with("BEGIN:VCALENDAR"));
    assert!(text.contains("RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=12"));
    assert!(!text.contains("DEMO-0001"));
}

/// The FHIR export from the File menu writes the clinic's identifier system (Clinic settings),
/// as a collection or as a transaction a server loads.
#[test]
fn the_fhir_bundle_is_exported_under_the_clinics_identifier_system() {
    let folder = tempfile::tempdir().expect("a folder");
    let dialogs = Scripted::default();
    let mut harness = app(Start::Demo, dialogs.clone());
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Clinic settings…").click();
    harness.run();
    let system = harness.get_by_role_and_label(Role::TextInput, "MRN system");
    system.focus();
    system.type_text("https://clinic.example/mrn");
    harness.run();
    harness.get_by_label("Save settings").click();
    harness.run();

    for (transaction, label) in [
        (false, "Export FHIR Bundle…"),
        (true, "Export FHIR transaction (for a server)…"),
    ] {
        let path = folder.path().join(format!("{transaction}.json"));
        dialogs.0.borrow_mut().save = Some(path.clone());
        harness.get_by_label("File").click();
        harness.run();
        harness.get_by_label(label).click();
        harness.run();
        let bundle: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("written")).expect("JSON");
        let kind = if transaction {
            "transaction"
        } else {
            "collection"
        };
        assert_eq!(bundle["type"], kind);
        let patient = &bundle["entry"][0]["resource"];
        assert_eq!(patient["resourceType"], "Patient");
        assert_eq!(
            patient["identifier"][0]["system"],
            "https://clinic.example/mrn"
        );
        assert_eq!(patient["identifier"][0]["value"], "DEMO-0001");
    }
}

/// SPEC §3a in the app: the clinician overrides R-TOX-4 for an injection reaction with a
/// reason, sees the status fall back to withhold, and finds the decision in the file and its
/// change history.
#[test]
fn a_clinician_overrides_r_tox_4_with_a_reason_and_the_status_falls_back() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("fever.json");
    let case: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/cases/override_discontinue_after_review.json")
            .expect("the shared case"),
    )
    .expect("JSON");
    let mut record = case["record"].clone();
    record["decisions"] = serde_json::json!([]);
    std::fs::write(&path, record.to_string()).expect("written");

    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_eframe(move |cc| {
            MonitorApp::new(
                cc,
                Start::File(path.clone()),
                Box::new(Scripted::default()),
                Some(d("2025-05-08")),
            )
        });
    harness.run();
    assert_eq!(status(&harness), Status::Discontinue);

    harness.get_by_label("Override…").click();
    harness.run();
    harness.get_by_label("Override R-TOX-4");
    harness.get_by_label_contains("it becomes WITHHOLD instead of DISCONTINUE");
    // No decision without a reason.
    harness.get_by_label("Record decision").click();
    harness.run();
    assert_eq!(status(&harness), Status::Discontinue);

    let reason = harness.get_by_role_and_label(Role::MultilineTextInput, "Reason (required)");
    reason.focus();
    reason.type_text("fever the day after the injection, settled in 24 h");
    harness.run();
    harness.get_by_label("Record decision").click();
    harness.run();
    assert_eq!(status(&harness), Status::Withhold);
    let decision = &harness.state().document().record().decisions[0];
    assert_eq!(decision.rule, mipomersen_monitor::knowledge::RuleId::Tox4);
    assert_eq!(decision.date, d("2025-05-08"));
    harness.get_by_label_contains("Overridden");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let saved = mipomersen_monitor::record::load(
        harness
            .state()
            .document()
            .path()
            .expect("saved to its file"),
    )
    .expect("loads");
    assert_eq!(saved.decisions.len(), 1);
    let history = &saved.audit.last().expect("a history entry").summary;
    assert!(
        history.contains("decision on R-TOX-4 2025-05-08 added: overridden"),
        "{history}"
    );
}

/// A save the "Save changes?" guard starts that does not complete (the Save As dialog is
/// cancelled) keeps the pending action: the question comes back, nothing is dropped.
#[test]
fn a_cancelled_save_from_the_guard_asks_again_and_keeps_the_edits() {
    let mut harness = app(Start::Demo, Scripted::default());
    add_alt_5_2x(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    harness.get_by_label("Save").click(); // the demo has no file: Save As, which is cancelled
    harness.run();
    assert!(harness.state().asks_to_save());
    assert!(harness.state().document().is_dirty());
    assert!(harness.state().document().is_demo());
}

/// A Bundle that names no Patient is not imported until the user names the subject; then
/// every entry is shown before anything is added.
#[test]
fn a_fhir_bundle_without_a_patient_asks_whose_entries_they_are() {
    let dialogs = Scripted::default();
    let mut harness = app(Start::Demo, dialogs.clone());
    let before = harness.state().document().record().labs.len();
    dialogs.0.borrow_mut().open = Some(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/imports/fhir-no-patient.json"),
    );
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Import FHIR Bundle…").click();
    harness.run();
    harness.get_by_label_contains("names no Patient that is DEMO-0001");
    harness.get_by_label("Patient/xyz-123").click();
    harness.run();
    harness.get_by_label("entry 0: taken ALT 2026-11-17 95 U/L (ULN 40)");
    assert_eq!(harness.state().document().record().labs.len(), before);
    harness.get_by_label("Add these results").click();
    harness.run();
    assert_eq!(harness.state().document().record().labs.len(), before + 3);
}

/// File → New patient from FHIR Bundle… makes an unsaved patient from the EHR's Bundle.
#[test]
fn a_new_patient_comes_from_an_ehr_bundle() {
    let dialogs = Scripted::default();
    let mut harness = app(Start::Demo, dialogs.clone());
    dialogs.0.borrow_mut().open = Some(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/imports/fhir-new-patient.json"),
    );
    harness.get_by_label("File").click();
    harness.run();
    harness
        .get_by_label("New patient from FHIR Bundle…")
        .click();
    harness.run();
    harness.get_by_label_contains("recorded: diagnosis homozygous familial hypercholesterolemia");
    harness.get_by_label("Create the patient file").click();
    harness.run();
    let document = harness.state().document();
    assert_eq!(document.record().patient.id, "NEW-4242");
    assert!(document.is_dirty() && document.path().is_none() && !document.is_demo());
}

/// On macOS the shortcuts are ⌘, never Ctrl. egui-winit reports the ⌘ key there as `mac_cmd`
/// and `command` together, and Ctrl as plain `ctrl`; the harness replays that with its OS set
/// to Mac, and the menus then show ⌘ (or "Cmd") where Linux and Windows show Ctrl.
#[test]
fn on_macos_the_shortcuts_are_cmd_and_the_menus_say_so() {
    let folder = tempfile::tempdir().expect("a folder");
    let saved = folder.path().join("saved-with-cmd-s.json");
    let saved_as = folder.path().join("saved-with-shift-cmd-s.json");
    let dialogs = Scripted::default();
    let scripted = dialogs.clone();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .with_os(egui::os::OperatingSystem::Mac)
        .build_eframe(move |cc| {
            MonitorApp::new(cc, Start::Demo, Box::new(scripted), Some(d("2026-11-24")))
        });
    harness.run();
    let cmd = Modifiers::MAC_CMD | Modifiers::COMMAND;

    for command in mipomersen_monitor::app::Command::WITH_SHORTCUTS {
        let shortcut = command.shortcut().expect("a shortcut");
        let shown = harness.ctx.format_shortcut(&shortcut);
        assert!(
            (shown.contains('⌘') || shown.contains("Cmd")) && !shown.contains("Ctrl"),
            "{command:?} shows {shown}"
        );
    }

    add_alt_5_2x(&mut harness);
    dialogs.0.borrow_mut().save = Some(saved.clone());
    harness.key_press_modifiers(Modifiers::CTRL, Key::S);
    harness.run();
    assert!(!saved.exists(), "Ctrl+S is not Save on a Mac");
    harness.key_press_modifiers(cmd, Key::S);
    harness.run();
    assert!(mipomersen_monitor::record::load(&saved).is_ok(), "⌘S saves");
    assert!(!harness.state().document().is_dirty());

    harness.key_press_modifiers(cmd, Key::Z);
    harness.run();
    assert_eq!(status(&harness), Status::Continue, "⌘Z undoes");
    harness.key_press_modifiers(cmd | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(status(&harness), Status::Withhold, "⇧⌘Z redoes");

    dialogs.0.borrow_mut().save = Some(saved_as.clone());
    harness.key_press_modifiers(cmd | Modifiers::SHIFT, Key::S);
    harness.run();
    assert!(saved_as.exists(), "⇧⌘S saves as");

    harness.key_press_modifiers(cmd, Key::P);
    harness.run();
    let viewed = dialogs.0.borrow().viewed.clone();
    assert_eq!(viewed.len(), 1, "⌘P prints");
    std::fs::remove_file(&viewed[0]).expect("removed");

    harness.key_press_modifiers(cmd, Key::N);
    harness.run();
    assert_eq!(
        harness.state().document().record().patient.id,
        "NEW-PATIENT",
        "⌘N starts a new patient"
    );
    dialogs.0.borrow_mut().open = Some(saved.clone());
    harness.key_press_modifiers(cmd, Key::O);
    harness.run();
    assert_eq!(
        harness.state().document().path(),
        Some(saved.as_path()),
        "⌘O opens"
    );
}

/// The app on a patient file `record`, with today fixed, on the Doses tab.
fn on_doses_tab(
    folder: &Path,
    record: &mipomersen_monitor::record::Record,
    today: &str,
) -> Harness<'static, MonitorApp> {
    let path = folder.join("patient.json");
    mipomersen_monitor::record::save(record, &path).expect("saved");
    let today = d(today);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_eframe(move |cc| {
            MonitorApp::new(
                cc,
                Start::File(path.clone()),
                Box::new(Scripted::default()),
                Some(today),
            )
        });
    harness.run();
    harness.get_by_label("Doses").click();
    harness.run();
    harness
}

fn tick_the_checklist(harness: &mut Harness<'_, MonitorApp>) {
    for item in [
        "Syringe out of the refrigerator",
        "Solution inspected",
        "Injection skin healthy",
    ] {
        harness.get_by_label_contains(item).click();
        harness.run();
    }
}

fn doses(harness: &Harness<'_, MonitorApp>) -> Vec<mipomersen_monitor::record::Dose> {
    harness.state().document().record().doses.clone()
}

/// The issue's case: the advice is to skip the missed dose (Monday 2025-05-19 missed; Saturday
/// is 2 days before the next Monday). Record dose asks first, and only with a reason records
/// the dose and the reason as a decision on R-DOSE-1; one undo takes back both.
#[test]
fn a_dose_against_the_advice_is_recorded_only_with_a_reason() {
    let folder = tempfile::tempdir().expect("a folder");
    let record = crate::support::monitored("2025-05-12");
    let before = record.doses.len();
    let mut harness = on_doses_tab(folder.path(), &record, "2025-05-24");
    tick_the_checklist(&mut harness);
    harness
        .get_by_role_and_label(Role::Button, "Record dose")
        .click();
    harness.run();
    harness.get_by_label("Record the dose of 2025-05-24 against the advice?");
    harness.get_by_label("R-DOSE-1 advises:");
    harness.get_by_label("Record the dose").click();
    harness.run();
    assert_eq!(doses(&harness).len(), before, "not without a reason");

    let reason = harness.get_by_role_and_label(Role::MultilineTextInput, "Reason (required)");
    reason.focus();
    reason.type_text("travelling on Monday");
    harness.run();
    harness.get_by_label("Record the dose").click();
    harness.run();
    let record = harness.state().document().record().clone();
    assert_eq!(record.doses.len(), before + 1);
    assert_eq!(record.doses.last().expect("a dose").date, d("2025-05-24"));
    let decision = record.decisions.last().expect("a decision");
    assert_eq!(decision.rule, mipomersen_monitor::knowledge::RuleId::Dose1);
    assert_eq!(
        decision.reason,
        "Dose of 2025-05-24 given against this advice: travelling on Monday"
    );
    assert_eq!(
        decision.action,
        mipomersen_monitor::record::DecisionAction::Acknowledged
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let undone = harness.state().document().record().clone();
    assert_eq!((undone.doses.len(), undone.decisions.len()), (before, 0));
}

/// A dose on the schedule day with the checklist ticked is recorded at once, all items done; a
/// dose with items unticked is asked about, and they are recorded as not done.
#[test]
fn a_dose_that_follows_the_advice_is_recorded_and_unticked_items_are_asked_about() {
    let folder = tempfile::tempdir().expect("a folder");
    let record = crate::support::monitored("2025-05-12");
    let before = record.doses.len();
    let mut harness = on_doses_tab(folder.path(), &record, "2025-05-19");
    tick_the_checklist(&mut harness);
    harness
        .get_by_role_and_label(Role::Button, "Record dose")
        .click();
    harness.run();
    let recorded = doses(&harness);
    assert_eq!(recorded.len(), before + 1, "no question asked");
    assert_eq!(recorded[before].checklist.summary(), "done");
    assert!(harness.state().document().record().decisions.is_empty());

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Record dose")
        .click();
    harness.run();
    harness.get_by_label("Record the dose of 2025-05-19?");
    harness.get_by_label("Not ticked:");
    harness.get_by_label("not done (recorded as not done)");
    harness.get_by_label("Record the dose").click();
    harness.run();
    let recorded = doses(&harness);
    assert_eq!(recorded.len(), before + 1);
    assert_eq!(recorded[before].checklist.summary(), "3 items not done");
}

/// A dose is recorded once given: a date after today is refused in words, nothing recorded.
#[test]
fn a_dose_dated_after_today_is_refused() {
    let folder = tempfile::tempdir().expect("a folder");
    let record = crate::support::monitored("2025-05-12");
    let before = record.doses.len();
    let mut harness = on_doses_tab(folder.path(), &record, "2025-05-18");
    harness
        .get_by_role_and_label(Role::TextInput, "Date")
        .focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Date")
        .type_text("2025-05-19");
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Record dose")
        .click();
    harness.run();
    harness.get_by_label_contains("2025-05-19 is after today (2025-05-18)");
    assert_eq!(doses(&harness).len(), before);
}

/// The demo with the app's own file dialog (no system one), starting in `folder`.
fn demo_with_own_dialog(folder: &Path) -> Harness<'static, MonitorApp> {
    let in_app = mipomersen_monitor::app::InAppDialogs::starting_in(folder);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        // egui_file's path and file-name fields have no accessible name (the crate's, not ours).
        .with_accessibility_check(false)
        .build_eframe(move |cc| {
            MonitorApp::new(cc, Start::Demo, Box::new(in_app), Some(d("2026-11-24")))
        });
    harness.run();
    harness
}

/// Without a system file dialog the app uses its own: Save on the demo opens it, Save writes the
/// file and the window says where; the "Save changes?" guard's Save goes through it too, and
/// then does what waited (here, New).
#[test]
fn without_a_system_dialog_the_apps_own_saves_and_says_where() {
    let folder = tempfile::tempdir().expect("a folder");
    let mut harness = demo_with_own_dialog(folder.path());
    add_alt_5_2x(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    assert!(harness.state().asks_to_save());
    harness.get_by_label("Save").click();
    harness.run();
    harness.get_by_label_contains("(no system dialog: the app's own)");
    assert!(
        !harness.state().asks_to_save(),
        "the dialog is answered first"
    );
    harness.get_by_role_and_label(Role::Button, "Save").click();
    harness.run();
    harness.run();

    let saved = folder.path().join("patient.json");
    let record = mipomersen_monitor::record::load(&saved).expect("saved");
    assert_eq!(record.patient.id, "DEMO-0001");
    assert_eq!(
        harness.state().document().record().patient.id,
        "NEW-PATIENT",
        "then New went on"
    );
    harness.get_by_label(&format!("Saved to {}", saved.display()));
}

/// Cancelling the app's own dialog is a cancellation: the guard asks again, nothing is lost.
#[test]
fn cancelling_the_apps_own_dialog_asks_again() {
    let folder = tempfile::tempdir().expect("a folder");
    let mut harness = demo_with_own_dialog(folder.path());
    add_alt_5_2x(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run();
    harness.run();
    assert!(harness.state().asks_to_save(), "asked again");
    assert!(harness.state().document().is_dirty());
    assert_eq!(std::fs::read_dir(folder.path()).expect("listed").count(), 0);
}

/// The Edit menu says what Undo and Redo would do.
/// The header shows the status of the frame's own edit, whether a panel made it (a click) or a
/// command (Edit → Undo, carried out after the panels drew): one frame, never the status before.
#[test]
fn the_header_shows_the_status_of_the_frames_own_edit() {
    let mut harness = app(Start::Demo, Scripted::default());
    let value = harness.get_by_role_and_label(Role::TextInput, "Value");
    value.focus();
    value.type_text("208");
    harness.run();
    harness.get_by_label("Add result").click();
    harness.step();
    assert_eq!(status(&harness), Status::Withhold);
    harness.get_by_label("WITHHOLD");

    harness.run();
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label_contains("Undo: ALT").click();
    harness.step();
    assert_eq!(status(&harness), Status::Continue);
    harness.get_by_label("CONTINUE");
    assert!(harness.query_by_label("WITHHOLD").is_none());
}

#[test]
fn undo_and_redo_say_what_they_do() {
    let mut harness = app(Start::Demo, Scripted::default());
    add_alt_5_2x(&mut harness);
    harness.get_by_label("Edit").click();
    harness.run();
    harness
        .get_by_label_contains("Undo: ALT 2026-11-24 added: 208 U/L")
        .click();
    harness.run();
    assert_eq!(status(&harness), Status::Continue);
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label_contains("Redo: ALT 2026-11-24 added: 208 U/L");
}

/// Events and symptoms can be corrected and deleted, not only added.
#[test]
fn events_and_symptoms_are_edited_and_deleted() {
    let mut harness = app(Start::Demo, Scripted::default());
    harness.get_by_label("Events & notes").click();
    harness.run();
    let events = harness.state().document().record().events.clone();
    assert!(!events.is_empty(), "the demo has events");
    let last = events.len() - 1;

    // The newest is listed first: edit its note (the first "Edit" is the menu's).
    harness
        .get_all_by_label("Edit")
        .nth(1)
        .expect("an Edit")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Event note")
        .focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Event note")
        .type_text("corrected note");
    harness.run();
    harness.get_by_label("Save event").click();
    harness.run();
    let edited = harness.state().document().record().events.clone();
    assert_eq!(edited.len(), events.len(), "replaced, not added");
    assert_eq!(edited[last].note.as_deref(), Some("corrected note"));
    assert_eq!(edited[last].date, events[last].date);

    harness
        .get_all_by_label("Delete")
        .next()
        .expect("a Delete")
        .click();
    harness.run();
    harness.run();
    assert_eq!(
        harness.state().document().record().events.len(),
        events.len() - 1
    );
}

/// A medication needs its start date, or "start date unknown" ticked: an empty Start is not
/// silently taken as unknown.
#[test]
fn a_medication_needs_its_start_or_an_explicit_unknown() {
    let mut harness = app(Start::Demo, Scripted::default());
    harness.get_by_label("Medications").click();
    harness.run();
    let before = harness.state().document().record().medications.len();
    let name = harness.get_by_role_and_label(Role::TextInput, "Name");
    name.focus();
    name.type_text("Ezetimibe");
    harness.run();
    harness.get_by_label("Add medication").click();
    harness.run();
    harness.get_by_label_contains("Start: enter the date it was started");
    assert_eq!(
        harness.state().document().record().medications.len(),
        before
    );
    harness.get_by_label("start date unknown").click();
    harness.run();
    harness.get_by_label("Add medication").click();
    harness.run();
    let medications = harness.state().document().record().medications.clone();
    assert_eq!(medications.len(), before + 1);
    assert_eq!(medications[before].start, None);
}

/// The demo in a window of `width` × `height` points.
fn sized_app(width: f32, height: f32) -> Harness<'static, MonitorApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(width, height))
        .build_eframe(move |cc| {
            MonitorApp::new(
                cc,
                Start::Demo,
                Box::new(Scripted::default()),
                Some(d("2026-11-24")),
            )
        });
    harness.run();
    harness
}

/// The window, in the points the widgets' rects are in (fewer when zoomed in).
fn screen(harness: &Harness<'_, MonitorApp>) -> egui::Rect {
    harness.ctx.content_rect()
}

fn assert_on_screen(harness: &Harness<'_, MonitorApp>, rect: egui::Rect, what: &str) {
    let screen = screen(harness);
    assert!(
        screen.expand(0.5).contains_rect(rect),
        "{what} at {rect:?} is outside the window {screen:?}"
    );
}

/// The trend plots' rects (each plot is an image named "… trend (unit)").
fn plot_rects(harness: &Harness<'_, MonitorApp>) -> Vec<egui::Rect> {
    harness
        .query_all_by(|node| {
            node.role() == Role::Image
                && node.label().is_some_and(|label| label.contains(" trend ("))
        })
        .map(|node| node.rect())
        .collect()
}

/// At `width` × `height`: the lab form's Value field and every tab are inside the window, the
/// three plots are there at a usable size, and no legend entry lies over a plot (so none hides
/// the newest point, which the time axis keeps inside the plot).
fn assert_labs_tab_fits(harness: &Harness<'_, MonitorApp>) {
    let value = harness.get_by_role_and_label(Role::TextInput, "Value");
    assert_on_screen(harness, value.rect(), "the Value field");
    assert_on_screen(
        harness,
        harness.get_by_label("Add result").rect(),
        "Add result",
    );
    for tab in mipomersen_monitor::app::Tab::ALL {
        assert_on_screen(
            harness,
            harness.get_by_label(tab.label()).rect(),
            tab.label(),
        );
    }
    let screen = screen(harness);
    let plots = plot_rects(harness);
    assert_eq!(plots.len(), 3, "ALT and AST, bilirubin, lipid");
    for plot in &plots {
        assert!(
            plot.width() >= 250.0 && plot.height() >= 150.0,
            "a plot of {plot:?} is too small to read"
        );
        assert!(
            plot.left() >= screen.left() && plot.right() <= screen.right(),
            "a plot at {plot:?} is cut off by the window {screen:?}"
        );
    }
    let legend: Vec<egui::Rect> = harness
        .query_all_by_role(Role::ListItem)
        .map(|node| node.rect())
        .collect();
    assert!(legend.len() >= 9, "every plot has its legend");
    for entry in &legend {
        for plot in &plots {
            assert!(
                !entry.intersects(*plot),
                "a legend entry at {entry:?} lies over the plot at {plot:?}"
            );
        }
    }
}

/// Every row's Delete button is whole, left of the findings panel.
fn assert_delete_buttons_whole(harness: &Harness<'_, MonitorApp>) {
    let findings = harness.get_by_label_contains("Findings (").rect().left();
    let mut buttons = 0;
    for delete in harness.query_all_by_label("Delete") {
        let rect = delete.rect();
        assert!(
            rect.right() <= findings,
            "a Delete button at {rect:?} runs under the findings panel at x = {findings}"
        );
        buttons += 1;
    }
    assert!(buttons > 3, "the table shows its rows");
}

#[test]
fn at_1024_by_640_the_lab_form_every_tab_and_the_plots_fit() {
    let harness = sized_app(1024.0, 640.0);
    assert_labs_tab_fits(&harness);
    assert_delete_buttons_whole(&harness);
    // Narrow: the plots go under the results table, full width.
    let table = harness.get_by_label_contains("Results (").rect();
    assert!(
        plot_rects(&harness)
            .iter()
            .all(|plot| plot.top() > table.bottom())
    );
}

#[test]
fn at_1920_by_1080_the_plots_stand_beside_the_table() {
    let harness = sized_app(1920.0, 1080.0);
    assert_labs_tab_fits(&harness);
    assert_delete_buttons_whole(&harness);
    let value = harness
        .get_by_role_and_label(Role::TextInput, "Value")
        .rect();
    let plots = plot_rects(&harness);
    assert!(plots.iter().all(|plot| plot.left() > value.right()));
    assert!(
        plots
            .iter()
            .all(|plot| plot.bottom() <= screen(&harness).bottom()),
        "all three plots in view: {plots:?}"
    );
}

#[test]
fn zoom_is_in_the_view_menu_and_keeps_the_layout_usable() {
    let mut harness = sized_app(1024.0, 640.0);
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label_contains("Zoom In").click();
    harness.run();
    assert!((harness.ctx.zoom_factor() - 1.1).abs() < 1e-6);
    harness.ctx.set_zoom_factor(1.5);
    harness.run();
    assert_labs_tab_fits(&harness);
}

#[test]
fn the_findings_panel_can_be_narrowed_and_widened() {
    let mut harness = sized_app(1280.0, 820.0);
    // On the Doses tab the findings panel's is the only splitter.
    harness
        .state_mut()
        .select_tab(mipomersen_monitor::app::Tab::Doses);
    harness.run();
    let findings_left = |harness: &Harness<'_, MonitorApp>| {
        harness.get_by_label_contains("Findings (").rect().left()
    };
    let drag_splitter = |harness: &mut Harness<'_, MonitorApp>, by: f32| {
        let from = harness.get_by_role(Role::Splitter).rect().center();
        let to = from + egui::vec2(by, 0.0);
        harness.hover_at(from);
        harness.run();
        harness.drag_at(from);
        harness.run();
        harness.hover_at(to);
        harness.run();
        harness.drop_at(to);
        harness.run();
    };
    let before = findings_left(&harness);
    drag_splitter(&mut harness, 120.0);
    let narrowed = findings_left(&harness);
    assert!(narrowed > before + 100.0, "narrowed: {before} → {narrowed}");
    drag_splitter(&mut harness, -240.0);
    let widened = findings_left(&harness);
    assert!(widened < before - 100.0, "widened: {before} → {widened}");
}

#[test]
fn the_dose_strip_says_each_week_in_letters_not_colour_alone() {
    let mut harness = sized_app(1280.0, 820.0);
    harness
        .state_mut()
        .select_tab(mipomersen_monitor::app::Tab::Doses);
    harness.run();
    for word in ["given", "missed", "withheld", "scheduled"] {
        harness.get_by_label(word);
    }
    // Each week's chip, " 24 Nov G ", ends with its letter.
    let weeks = harness.query_all_by(|node| {
        node.role() == Role::Label
            && node.value().is_some_and(|text| {
                text.len() == 10
                    && text.starts_with(' ')
                    && ["G ", "M ", "W ", "S "]
                        .iter()
                        .any(|letter| text.ends_with(letter))
            })
    });
    assert_eq!(
        weeks.count(),
        27,
        "26 weeks and the coming one, each with its letter"
    );
}

/// The main screen at `width` × `height` as reviewed (`tests/snapshots/main_screen_{w}x{h}.png`).
fn assert_main_screen_as_reviewed(width: f32, height: f32) {
    let options = egui_kittest::SnapshotOptions::new().max_failed_pixels(100);
    let mut harness = sized_app(width, height);
    harness.snapshot_options(format!("main_screen_{width}x{height}"), &options);
}

/// The smallest supported window: plots under the table.
#[test]
fn the_main_screen_at_1024_by_640_looks_as_reviewed() {
    assert_main_screen_as_reviewed(1024.0, 640.0);
}

/// A large screen: plots beside the table.
#[test]
fn the_main_screen_at_1920_by_1080_looks_as_reviewed() {
    assert_main_screen_as_reviewed(1920.0, 1080.0);
}

/// At the smallest window, on every tab, every button and field is whole: none runs off the
/// window or under the findings panel.
#[test]
fn at_1024_by_640_no_tab_cuts_off_a_control() {
    use egui_kittest::kittest::NodeT as _;
    let mut harness = sized_app(1024.0, 640.0);
    let findings = harness.get_by_label_contains("Findings (").rect().left();
    let tabs_top = harness.get_by_label("Labs").rect().top();
    for tab in mipomersen_monitor::app::Tab::ALL {
        harness.state_mut().select_tab(tab);
        harness.run();
        let controls = harness.query_all_by(|node| {
            matches!(
                node.role(),
                Role::Button | Role::TextInput | Role::ComboBox | Role::MultilineTextInput
            ) && node.bounding_box().is_some()
        });
        for control in controls {
            let rect = control.rect();
            // The menu bar, the header and the findings panel end at the window's edge; the
            // tab's own controls, below the header and left of the findings, at the findings.
            let in_tab = rect.top() >= tabs_top && rect.left() < findings;
            let right = if in_tab { findings } else { 1024.0 };
            assert!(
                rect.right() <= right + 0.5,
                "{tab:?}: {:?} at {rect:?} is cut off (its column ends at x = {right})",
                control.accesskit_node().label()
            );
        }
    }
}

/// The lab table shows the ×ULN the rules read: with the policy default when the lab gave no
/// ULN, said as such (R-ULN-1), never a blank.
#[test]
fn a_result_without_its_uln_shows_the_default_and_its_x_uln() {
    let folder = tempfile::tempdir().expect("a folder");
    let mut record = crate::support::monitored("2025-05-12");
    crate::support::add_lab(
        &mut record,
        "2025-05-13",
        mipomersen_monitor::record::LabTest::Alt,
        96.0,
        None,
    );
    let path = folder.path().join("patient.json");
    mipomersen_monitor::record::save(&record, &path).expect("saved");
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_eframe(move |cc| {
            MonitorApp::new(
                cc,
                Start::File(path.clone()),
                Box::new(Scripted::default()),
                Some(d("2025-05-14")),
            )
        });
    harness.run();
    harness.get_by_label("default ULN");
    harness.get_by_label("2.4×ULN");
}

/// While the app's own file dialog is open nothing else runs — no shortcut, no form — so the
/// action that asked is the one that gets the answer, once.
#[test]
fn while_the_apps_own_dialog_is_open_nothing_else_runs() {
    let folder = tempfile::tempdir().expect("a folder");
    let mut harness = demo_with_own_dialog(folder.path());
    add_alt_5_2x(&mut harness);
    let labs = harness.state().document().record().labs.len();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    harness.get_by_label_contains("(no system dialog: the app's own)");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    assert_eq!(
        harness.state().document().record().labs.len(),
        labs,
        "no undo meanwhile"
    );
    assert_eq!(harness.state().document().record().patient.id, "DEMO-0001");
    harness.get_by_role_and_label(Role::Button, "Save").click();
    harness.run();
    harness.run();
    let saved =
        mipomersen_monitor::record::load(&folder.path().join("patient.json")).expect("saved");
    assert_eq!(saved.labs.len(), labs);
    assert!(!harness.state().document().is_dirty());
}
