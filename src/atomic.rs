//! Writing a file whole or not at all: a temporary file in the same folder is written, flushed
//! to disk and renamed over the target, and the folder is flushed too where the OS allows, so
//! the target holds the old or the new content, never a part — even across a power cut.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A temporary file older than this was left by a save that was killed: no save takes so long.
const ABANDONED_AFTER: Duration = Duration::from_mins(10);

pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = folder_of(path);
    let prefix = temporary_prefix(path);
    let mut temporary = tempfile::Builder::new()
        .prefix(&prefix)
        .tempfile_in(&folder)?;
    temporary.write_all(bytes)?;
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|error| error.error)?;
    sync_folder(&folder);
    remove_abandoned(&folder, &prefix);
    Ok(())
}

/// `.patient.json.saving-`: names the file a temporary is for.
fn temporary_prefix(path: &Path) -> String {
    format!(
        ".{}.saving-",
        path.file_name().unwrap_or_default().to_string_lossy()
    )
}

/// Removes temporaries of this file left by saves that were killed (power cut, crash). Young
/// ones may belong to a save in progress on another workstation and are left alone.
fn remove_abandoned(folder: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let abandoned = entry.file_name().to_string_lossy().starts_with(prefix)
            && entry
                .metadata()
                .and_then(|metadata| metadata.modified())
                .ok()
                .and_then(|modified| modified.elapsed().ok())
                .is_some_and(|age| age > ABANDONED_AFTER);
        if abandoned {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// [`write`], first keeping the file's previous content as `NAME.bak` beside it.
pub fn write_keeping_backup(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    match std::fs::read(path) {
        Ok(previous) => write(&backup_path(path), &previous)?,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(error),
    }
    write(path, bytes)
}

/// `patient.json` → `patient.json.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Makes the rename durable. Not every file system lets a folder be flushed (some network
/// shares refuse); the file itself is already on disk then, so a refusal is not an error.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(folder) = std::fs::File::open(folder) {
        let _ = folder.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_previous_content_is_kept_as_bak() {
        let folder = tempfile::tempdir().expect("a folder");
        let path = folder.path().join("patient.json");
        write_keeping_backup(&path, b"first").expect("written");
        assert!(
            !backup_path(&path).exists(),
            "nothing to keep the first time"
        );
        write_keeping_backup(&path, b"second").expect("written");
        assert_eq!(std::fs::read(&path).expect("read"), b"second");
        assert_eq!(std::fs::read(backup_path(&path)).expect("read"), b"first");
        let names: Vec<_> = std::fs::read_dir(folder.path())
            .expect("listable")
            .collect();
        assert_eq!(names.len(), 2, "no temporary file is left behind");
    }

    #[test]
    fn temporaries_abandoned_by_a_killed_save_are_swept_young_ones_are_not() {
        let folder = tempfile::tempdir().expect("a folder");
        let path = folder.path().join("patient.json");
        let old = folder.path().join(".patient.json.saving-old");
        let young = folder.path().join(".patient.json.saving-young");
        let other = folder.path().join(".other.json.saving-old");
        for file in [&old, &young, &other] {
            std::fs::write(file, b"part").expect("written");
        }
        let an_hour_ago = std::time::SystemTime::now() - Duration::from_hours(1);
        for file in [&old, &other] {
            std::fs::File::options()
                .write(true)
                .open(file)
                .and_then(|f| f.set_modified(an_hour_ago))
                .expect("aged");
        }
        write(&path, b"whole").expect("written");
        assert!(!old.exists(), "abandoned");
        assert!(
            young.exists(),
            "maybe another workstation's save in progress"
        );
        assert!(other.exists(), "another file's");
    }

    #[test]
    fn backup_path_appends_bak() {
        assert_eq!(
            backup_path(Path::new("/a/b/p.json")),
            Path::new("/a/b/p.json.bak")
        );
    }
}
