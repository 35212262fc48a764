//! Writing a file whole or not at all, as it was: a temporary file in the same folder is
//! written, flushed to disk and renamed over the target, and the folder is flushed too where the
//! OS allows, so the target holds the old or the new content, never a part — even across a
//! power cut. The new file keeps the old one's permission bits and group (and owner, where the
//! OS lets this user give it), a symlinked path is written through to its target, a file the
//! user may not write is refused rather than replaced, and a new file follows the umask.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A temporary file older than this was left by a save that was killed: no save takes so long.
const ABANDONED_AFTER: Duration = Duration::from_mins(10);

/// Why a file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("the file is read-only for you: ask whoever owns it, or save it elsewhere")]
    ReadOnly,
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl WriteError {
    /// The underlying I/O error's kind, where there is one.
    pub fn kind(&self) -> Option<std::io::ErrorKind> {
        match self {
            WriteError::ReadOnly => None,
            WriteError::Io(error) => Some(error.kind()),
        }
    }
}

/// Writes `bytes` to `path` whole, keeping what the old file was (permissions, group, owner).
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let target = resolve(path);
    let existing = std::fs::metadata(&target).ok();
    if let Some(existing) = &existing {
        refuse_read_only(&target, existing)?;
    }
    let folder = folder_of(&target);
    let prefix = temporary_prefix(&target);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    // Read and write for all, less the umask, as any program's new file (a temporary file is
    // otherwise private to its creator). Windows has no such bits.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temporary = builder.tempfile_in(&folder)?;
    temporary.write_all(bytes)?;
    if let Some(existing) = &existing {
        keep_access(temporary.as_file(), existing);
    }
    temporary.as_file().sync_all()?;
    temporary.persist(&target).map_err(|error| error.error)?;
    sync_folder(&folder);
    remove_abandoned(&target);
    Ok(())
}

/// [`write`], first keeping the file's previous content as `NAME.bak` beside it (with the same
/// access as the file).
pub fn write_keeping_backup(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let target = resolve(path);
    match std::fs::read(&target) {
        Ok(previous) => {
            if let Ok(existing) = std::fs::metadata(&target) {
                refuse_read_only(&target, &existing)?;
            }
            write(&backup_path(&target), &previous)?;
            if let (Ok(file), Ok(existing)) = (
                std::fs::File::open(backup_path(&target)),
                std::fs::metadata(&target),
            ) {
                keep_access(&file, &existing);
            }
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(error.into()),
    }
    write(&target, bytes)
}

/// The file a path names: a symlink's target (so a linked patient file is saved where it is,
/// and the link stays a link), else the path itself.
pub fn resolve(path: &Path) -> PathBuf {
    match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => {
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
        }
        _ => path.to_owned(),
    }
}

/// `patient.json` → `patient.json.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Removes temporaries of this file left by saves that were killed (power cut, crash). Young
/// ones may belong to a save in progress on another workstation and are left alone. Called when
/// a file is saved and when it is opened.
pub fn remove_abandoned(path: &Path) {
    let folder = folder_of(path);
    let prefix = temporary_prefix(path);
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return;
    };
    for entry in entries.flatten() {
        let abandoned = entry.file_name().to_string_lossy().starts_with(&prefix)
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

/// `.patient.json.saving-`: names the file a temporary is for.
fn temporary_prefix(path: &Path) -> String {
    format!(
        ".{}.saving-",
        path.file_name().unwrap_or_default().to_string_lossy()
    )
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// A file the user may not write is refused, not replaced: a rename would replace it anyway
/// where the folder is writable, and so take it from whoever made it read-only.
fn refuse_read_only(path: &Path, existing: &std::fs::Metadata) -> Result<(), WriteError> {
    if existing.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    match std::fs::OpenOptions::new().append(true).open(path) {
        Err(error) if error.kind() == std::io::ErrorKind::PermissionDenied => {
            Err(WriteError::ReadOnly)
        }
        _ => Ok(()),
    }
}

/// Gives the new file the old one's permission bits, group and owner. The bits always can be;
/// the group where the user belongs to it; the owner only where the OS allows (as root).
fn keep_access(file: &std::fs::File, existing: &std::fs::Metadata) {
    let _ = file.set_permissions(existing.permissions());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if std::os::unix::fs::fchown(file, Some(existing.uid()), Some(existing.gid())).is_err() {
            let _ = std::os::unix::fs::fchown(file, None, Some(existing.gid()));
        }
    }
}

/// Makes the rename durable. Not every file system lets a folder be flushed (some network
/// shares refuse, and Windows has no folder flush); the file itself is already on disk then,
/// so a refusal is not an error.
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

    #[cfg(unix)]
    #[test]
    fn a_save_keeps_the_files_permission_bits_and_a_new_file_follows_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let folder = tempfile::tempdir().expect("a folder");
        let path = folder.path().join("patient.json");
        write(&path, b"new").expect("written");
        let mode = std::fs::metadata(&path)
            .expect("there")
            .permissions()
            .mode()
            & 0o777;
        assert_ne!(
            mode, 0o600,
            "not forced private: the umask decides ({mode:o})"
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o664)).expect("chmod");
        write_keeping_backup(&path, b"again").expect("written");
        let mode =
            |path: &Path| std::fs::metadata(path).expect("there").permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o664);
        assert_eq!(mode(&backup_path(&path)), 0o664);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_path_is_written_through_to_its_target() {
        let folder = tempfile::tempdir().expect("a folder");
        let target = folder.path().join("real.json");
        let link = folder.path().join("link.json");
        write(&target, b"one").expect("written");
        std::os::unix::fs::symlink(&target, &link).expect("linked");
        write_keeping_backup(&link, b"two").expect("written");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("there")
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).expect("read"), b"two");
        assert_eq!(std::fs::read(backup_path(&target)).expect("read"), b"one");
    }
}
