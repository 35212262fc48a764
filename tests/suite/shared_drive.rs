//! Patient files on a shared clinic drive: two writers at once lose nothing; a save keeps the
//! file's access as it was, refuses a read-only file, writes through a symlink; nothing writes
//! an export over a patient file; special files are never read; the worklist lists every entry.

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;
use mipomersen_monitor::record::{self, LabTest};

use crate::support::demo_in;

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("mipomersen-monitor")
}

/// A one-row CSV of an ALT on `date`.
fn one_alt(folder: &Path, name: &str, date: &str, value: u32) -> PathBuf {
    let path = folder.join(name);
    std::fs::write(
        &path,
        format!("Date,Test,Result,Units,Range\n{date},ALT,{value},U/L,7-56\n"),
    )
    .expect("written");
    path
}

/// Two imports into one file at the same moment, many rounds: neither loses the other's
/// result (the file's lock, and the check that the file is still the one read).
#[test]
fn two_writers_at_once_lose_nothing() {
    let rounds: usize = std::env::var("WRITER_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(30);
    let folder = tempfile::tempdir().expect("a folder");
    let patient = demo_in(folder.path());
    let mut lost = Vec::new();
    for round in 0..rounds {
        let day = u32::try_from(round % 28).expect("small") + 1;
        let first = one_alt(
            folder.path(),
            "a.csv",
            &format!("2026-01-{day:02}"),
            1000 + u32::try_from(round).expect("small"),
        );
        let second = one_alt(
            folder.path(),
            "b.csv",
            &format!("2026-02-{day:02}"),
            2000 + u32::try_from(round).expect("small"),
        );
        let spawn = |csv: &Path| {
            Process::new(binary())
                .args(["import-labs"])
                .arg(csv)
                .arg("--into")
                .arg(&patient)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("started")
        };
        let (a, b) = (spawn(&first), spawn(&second));
        for child in [a, b] {
            let output = child.wait_with_output().expect("finished");
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let record = record::load(&patient).expect("valid");
        for value in [1000 + round, 2000 + round] {
            #[allow(clippy::cast_precision_loss)] // a small count
            let present = record
                .labs
                .iter()
                .any(|lab| lab.test == LabTest::Alt && (lab.value - value as f64).abs() < 1e-9);
            if !present {
                lost.push((round, value));
            }
        }
    }
    assert_eq!(lost, [], "results lost in {rounds} rounds");
    assert!(!record::lock_path(&patient).exists(), "no lock left behind");
}

#[cfg(unix)]
#[test]
fn a_save_keeps_the_files_mode_and_group_and_its_bak_too() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let folder = tempfile::tempdir().expect("a folder");
    let patient = demo_in(folder.path());
    std::fs::set_permissions(&patient, std::fs::Permissions::from_mode(0o664)).expect("chmod");
    let group = std::fs::metadata(&patient).expect("there").gid();
    let csv = one_alt(folder.path(), "a.csv", "2026-01-05", 77);
    let status = Process::new(binary())
        .arg("import-labs")
        .arg(&csv)
        .arg("--into")
        .arg(&patient)
        .status()
        .expect("runs");
    assert!(status.success());
    for path in [
        patient.clone(),
        mipomersen_monitor::atomic::backup_path(&patient),
    ] {
        let metadata = std::fs::metadata(&path).expect("there");
        assert_eq!(
            metadata.permissions().mode() & 0o777,
            0o664,
            "{}",
            path.display()
        );
        assert_eq!(metadata.gid(), group, "{}", path.display());
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_refused_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let folder = tempfile::tempdir().expect("a folder");
    let patient = demo_in(folder.path());
    std::fs::set_permissions(&patient, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let before = std::fs::read(&patient).expect("read");
    let csv = one_alt(folder.path(), "a.csv", "2026-01-05", 77);
    let output = Command::new(binary())
        .arg("import-labs")
        .arg(&csv)
        .arg("--into")
        .arg(&patient)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("read-only"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(std::fs::read(&patient).expect("read"), before);
    assert_eq!(
        std::fs::metadata(&patient)
            .expect("there")
            .permissions()
            .mode()
            & 0o777,
        0o444
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_patient_path_saves_to_its_target() {
    let folder = tempfile::tempdir().expect("a folder");
    let target = demo_in(folder.path());
    let link = folder.path().join("link.json");
    std::os::unix::fs::symlink(&target, &link).expect("linked");
    let csv = one_alt(folder.path(), "a.csv", "2026-01-05", 77);
    let status = Process::new(binary())
        .arg("import-labs")
        .arg(&csv)
        .arg("--into")
        .arg(&link)
        .status()
        .expect("runs");
    assert!(status.success());
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("there")
            .file_type()
            .is_symlink(),
        "still a link"
    );
    assert!(
        record::load(&target)
            .expect("valid")
            .labs
            .iter()
            .any(|lab| (lab.value - 77.0).abs() < 1e-9)
    );
}

/// `summary p.json -o p.json` and an export over another patient's file are refused.
#[test]
fn an_export_never_writes_over_its_input_or_a_patient_file() {
    let folder = tempfile::tempdir().expect("a folder");
    let patient = demo_in(folder.path());
    let other = folder.path().join("other.json");
    std::fs::copy(&patient, &other).expect("copied");
    let before = std::fs::read(&patient).expect("read");
    let before_other = std::fs::read(&other).expect("read");
    for (command, output) in [
        ("summary", &patient),
        ("export-ics", &patient),
        ("export-fhir", &patient),
        ("summary", &other),
        ("export-ics", &other),
    ] {
        let result = Command::new(binary())
            .arg(command)
            .arg(&patient)
            .arg("-o")
            .arg(output)
            .output()
            .expect("runs");
        assert_eq!(
            result.status.code(),
            Some(2),
            "{command} -o {}",
            output.display()
        );
        let message = String::from_utf8_lossy(&result.stderr);
        assert!(message.contains("not written"), "{message}");
    }
    assert_eq!(std::fs::read(&patient).expect("read"), before);
    assert_eq!(std::fs::read(&other).expect("read"), before_other);
}

/// A record that would be too large to read again is refused before anything is written.
#[test]
fn a_save_that_would_exceed_the_size_limit_writes_nothing() {
    let folder = tempfile::tempdir().expect("a folder");
    let patient = demo_in(folder.path());
    let before = std::fs::read(&patient).expect("read");
    let mut record = record::load(&patient).expect("valid");
    record.notes = Some("x".repeat(33 * 1024 * 1024));
    let error = record::save(&record, &patient).expect_err("refused");
    assert!(
        matches!(error, record::FileError::WouldBeTooLarge { .. }),
        "{error}"
    );
    assert_eq!(std::fs::read(&patient).expect("read"), before);
}

#[cfg(unix)]
#[test]
fn a_pipe_or_a_device_is_never_read() {
    let folder = tempfile::tempdir().expect("a folder");
    let fifo = folder.path().join("fifo.json");
    let made = Process::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|status| status.success());
    assert!(made, "mkfifo makes the pipe");
    let patient = demo_in(folder.path());
    let started = std::time::Instant::now();
    for args in [
        vec!["check".into(), fifo.clone().into_os_string()],
        vec!["check".into(), "/dev/zero".into()],
        vec![
            "import-labs".into(),
            "/dev/zero".into(),
            "--into".into(),
            patient.clone().into_os_string(),
        ],
        vec![
            "import-fhir".into(),
            fifo.clone().into_os_string(),
            "--into".into(),
            patient.clone().into_os_string(),
        ],
    ] {
        let output = Command::new(binary())
            .args(&args)
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("is not a file"),
            "{args:?}"
        );
    }
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "nothing hung"
    );
}

/// Every `*.json` entry of the folder is on the worklist: a dangling link (a share that is not
/// mounted), a pipe and a folder appear as unreadable rows with their reason.
#[cfg(unix)]
#[test]
fn the_worklist_lists_dangling_links_pipes_and_folders_as_unreadable() {
    let folder = tempfile::tempdir().expect("a folder");
    demo_in(folder.path());
    std::os::unix::fs::symlink(
        "/mnt/unmounted-share/p.json",
        folder.path().join("gone.json"),
    )
    .expect("linked");
    std::fs::create_dir(folder.path().join("folder.json")).expect("made");
    assert!(
        Process::new("mkfifo")
            .arg(folder.path().join("pipe.json"))
            .status()
            .is_ok_and(|s| s.success())
    );
    let output = Command::new(binary())
        .args(["worklist", "--json", "--today", "2026-11-24"])
        .arg(folder.path())
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let entries: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(entries.len(), 4, "{entries:#?}");
    let error_of = |name: &str| {
        entries
            .iter()
            .find(|entry| {
                entry["file"]
                    .as_str()
                    .is_some_and(|file| file.ends_with(name))
            })
            .and_then(|entry| entry["error"].as_str())
            .unwrap_or_default()
            .to_owned()
    };
    assert!(
        error_of("gone.json").contains("cannot be reached"),
        "{}",
        error_of("gone.json")
    );
    assert!(error_of("folder.json").contains("not a file"));
    assert!(error_of("pipe.json").contains("not a file"));
}

/// A 10 MB patient ID is not echoed in a 10 MB error line.
#[test]
fn error_lines_are_clipped_to_a_readable_length() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("long.json");
    let mut value: serde_json::Value =
        serde_json::from_str(mipomersen_monitor::DEMO_PATIENT).expect("JSON");
    value["patient"]["id"] = "X".repeat(10 * 1024 * 1024).into();
    std::fs::write(&path, value.to_string()).expect("written");
    let output = Command::new(binary())
        .arg("check")
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stderr.len() < 1000, "{} bytes", output.stderr.len());
}

/// The change history names the OS account, not whatever $USER says.
#[test]
fn who_saved_comes_from_the_os_not_the_environment() {
    let folder = tempfile::tempdir().expect("a folder");
    let patient = demo_in(folder.path());
    let csv = one_alt(folder.path(), "a.csv", "2026-01-05", 77);
    let status = Process::new(binary())
        .env("USER", "someone-pretending")
        .env("USERNAME", "someone-pretending")
        .env("LOGNAME", "someone-pretending")
        .arg("import-labs")
        .arg(&csv)
        .arg("--into")
        .arg(&patient)
        .status()
        .expect("runs");
    assert!(status.success());
    let user = record::load(&patient)
        .expect("valid")
        .audit
        .last()
        .expect("an entry")
        .user
        .clone();
    assert!(!user.contains("someone-pretending"), "{user}");
    assert_eq!(user, record::OsUser::current().for_history());
}
