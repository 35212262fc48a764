//! The app as `cargo run` starts it — the binary, under Xvfb, driven with xdotool — not one a
//! test constructs: an edit survives `kill -9` and is offered back on the next start. Where to
//! click comes from the same app laid out by `egui_kittest` at the window's size.

use std::path::{Path, PathBuf};
use std::process::Command;

use eframe::egui::{self, accesskit::Role};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use mipomersen_monitor::app::{MonitorApp, NoDialogs, Start};
use mipomersen_monitor::record::{self, LabTest};

use crate::support::demo_in;

const SIZE: (u16, u16) = (1280, 820);

/// A command the test needs from the system, or a failure naming its Debian package.
fn require(program: &str, package: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|output| output.status.success());
    assert!(
        found,
        "{program} is missing: install the {package} package (scripts/test does)"
    );
}

/// The centre of a widget, in window pixels, as the app lays it out in a `SIZE` window.
fn centre(harness: &Harness<'_, MonitorApp>, role: Role, label: &str) -> (i32, i32) {
    let centre = harness.get_by_role_and_label(role, label).rect().center();
    #[allow(clippy::cast_possible_truncation)] // pixels of a 1280×820 window
    (centre.x.round() as i32, centre.y.round() as i32)
}

fn laid_out(
    build: impl FnOnce(&mut eframe::CreationContext<'_>) -> MonitorApp + 'static,
) -> Harness<'static, MonitorApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(f32::from(SIZE.0), f32::from(SIZE.1)))
        .build_eframe(build);
    harness.run();
    harness
}

/// Runs `script` (bash, with `$APP` the binary) on a fresh Xvfb screen of `SIZE`, with the
/// app's data and settings under `home`. Without a window manager the script gives the window
/// the keyboard itself (`xdotool windowfocus`), and moves the pointer before it clicks, as a
/// hand would.
fn on_a_screen(home: &Path, script: &str) {
    let status = Command::new("xvfb-run")
        .args(["-a", "-s", &format!("-screen 0 {}x{}x24", SIZE.0, SIZE.1)])
        .args(["bash", "-euc", script])
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("APP", assert_cmd::cargo::cargo_bin("mipomersen-monitor"))
        .status()
        .expect("xvfb-run runs");
    assert!(status.success(), "the script failed: {script}");
}

fn find(folder: &Path, name: &str) -> Option<PathBuf> {
    std::fs::read_dir(folder).ok()?.flatten().find_map(|entry| {
        let path = entry.path();
        if path.is_dir() {
            find(&path, name)
        } else {
            (path.file_name()? == name).then_some(path)
        }
    })
}

fn has_alt_208(record: &record::Record) -> bool {
    record
        .labs
        .iter()
        .any(|lab| lab.test == LabTest::Alt && (lab.value - 208.0).abs() < 1e-9)
}

#[test]
fn an_edit_survives_kill_9_and_is_offered_back_on_the_next_start() {
    require("xvfb-run", "xvfb");
    require("xdotool", "xdotool");
    let folder = tempfile::tempdir().expect("a folder");
    let home = folder.path().join("home");
    std::fs::create_dir_all(&home).expect("a home");
    let file = demo_in(folder.path());

    let opened = file.clone();
    let form =
        laid_out(move |cc| MonitorApp::new(cc, Start::File(opened), Box::new(NoDialogs), None));
    let (value_x, value_y) = centre(&form, Role::TextInput, "Value");
    let (add_x, add_y) = centre(&form, Role::Button, "Add result");
    drop(form);

    // Type ALT 208 U/L into the lab form, wait past the 30 s recovery interval, kill -9.
    on_a_screen(
        &home,
        &format!(
            "\"$APP\" '{file}' & app=$!
             timeout 120 xdotool search --sync --name 'Mipomersen Monitor' >/dev/null; sleep 4
             xdotool search --name 'Mipomersen Monitor' windowfocus; sleep 0.5
             xdotool mousemove {value_x} {value_y}; sleep 0.5; xdotool click 1; sleep 0.5
             xdotool type --delay 100 208; sleep 0.5
             xdotool mousemove {add_x} {add_y}; sleep 0.5; xdotool click 1; sleep 34
             kill -9 $app",
            file = file.display()
        ),
    );
    assert!(
        !has_alt_208(&record::load(&file).expect("loads")),
        "never saved"
    );
    let kept =
        find(&home, "unsaved-patient.json").expect("the recovery file is in the data folder");
    let kept_text = std::fs::read_to_string(&kept).expect("read");
    assert!(kept_text.contains("208"), "{kept_text}");

    // Where "Restore" is, from the same app offered the same recovery file (a copy of it).
    let copy = folder.path().join("copy");
    std::fs::create_dir_all(&copy).expect("a folder");
    std::fs::copy(&kept, copy.join("unsaved-patient.json")).expect("copied");
    let opened = file.clone();
    let offer = laid_out(move |cc| {
        MonitorApp::new(cc, Start::File(opened), Box::new(NoDialogs), None)
            .with_recovery_folder(&copy)
    });
    assert!(offer.state().offers_recovery());
    let (restore_x, restore_y) = centre(&offer, Role::Button, "Restore");
    drop(offer);

    // Start again, restore, save with Ctrl+S.
    on_a_screen(
        &home,
        &format!(
            "\"$APP\" '{file}' & app=$!
             timeout 120 xdotool search --sync --name 'Mipomersen Monitor' >/dev/null; sleep 4
             xdotool search --name 'Mipomersen Monitor' windowfocus; sleep 0.5
             xdotool mousemove {restore_x} {restore_y}; sleep 0.5; xdotool click 1; sleep 1
             xdotool key ctrl+s; sleep 3
             kill $app; wait $app || true",
            file = file.display()
        ),
    );
    let saved = record::load(&file).expect("loads");
    assert!(
        has_alt_208(&saved),
        "the edit was offered back, restored and saved"
    );
    assert!(
        find(&home, "unsaved-patient.json").is_none(),
        "a save removes the recovery file"
    );
}
