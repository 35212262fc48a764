//! One writer at a time for a patient file on a shared drive: while a save reads, changes and
//! writes the file, it holds `.NAME.lock` beside it.
//!
//! The lock file is created exclusively (`create_new`), which works on network shares that do
//! not honour advisory locks; the writer also holds an advisory lock on it (std's `File::lock`:
//! `flock` on Unix, `LockFileEx` on Windows — std's own, stable since Rust 1.89, so no crate is
//! needed), so a lock file left by a writer that crashed is known to be abandoned and taken over
//! at once. Where the file system ignores advisory locks (the writer checks, and says so in the
//! file), an abandoned lock file is only taken over once it is older than any save takes. The
//! file says who holds it, for the message of whoever has to wait too long.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// How long a writer waits for another's save to finish.
const WAIT: Duration = Duration::from_secs(15);
/// A lock file older than this whose advisory lock nobody holds was left by a crash: no save
/// takes so long.
const ABANDONED_AFTER: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(20);

/// Held while a patient file is read, changed and written; released when dropped.
pub struct Lock {
    path: PathBuf,
    _file: File,
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// `patient.json` → `.patient.json.lock`.
pub fn lock_path(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}.lock"))
}

/// Takes the lock of `path`, waiting for another writer's save to finish. The error says who
/// holds it when that takes too long.
pub fn lock(path: &Path) -> Result<Lock, std::io::Error> {
    let lock = lock_path(path);
    let started = Instant::now();
    loop {
        match OpenOptions::new().write(true).create_new(true).open(&lock) {
            Ok(mut file) => {
                // The advisory lock marks the holder alive; a share that ignores it still has
                // the exclusive file.
                let _ = file.try_lock();
                let honoured = File::open(&lock).is_ok_and(|again| again.try_lock().is_err());
                let _ = writeln!(file, "{}", holder());
                let _ = writeln!(file, "{}", if honoured { HONOURED } else { IGNORED });
                let _ = file.sync_all();
                return Ok(Lock {
                    path: lock,
                    _file: file,
                });
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                if let Some(abandoned) = abandoned(&lock) {
                    if same_file(&abandoned, &lock) {
                        let _ = std::fs::remove_file(&lock);
                    }
                    continue;
                }
                if started.elapsed() > WAIT {
                    let who = std::fs::read_to_string(&lock).unwrap_or_default();
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::WouldBlock,
                        format!(
                            "another save of this file has not finished after {} s ({}); try \
                             again, or remove {} if no one is saving it",
                            WAIT.as_secs(),
                            who.trim(),
                            lock.display()
                        ),
                    ));
                }
                std::thread::sleep(POLL);
            }
            Err(error) => return Err(error),
        }
    }
}

/// What the lock file says about the file system's advisory locks.
const HONOURED: &str = "advisory locks: honoured";
const IGNORED: &str = "advisory locks: ignored by this file system";

/// The lock file, opened, if the writer that made it is gone: nobody holds its advisory lock,
/// and either the file system honours such locks (the holder said so) or the file is older than
/// any save takes.
fn abandoned(lock: &Path) -> Option<File> {
    let file = File::open(lock).ok()?;
    let said = std::fs::read_to_string(lock).unwrap_or_default();
    let old = file
        .metadata()
        .and_then(|metadata| metadata.modified())
        .ok()
        .and_then(|modified| SystemTime::now().duration_since(modified).ok())
        .is_some_and(|age| age > ABANDONED_AFTER);
    let unheld = file.try_lock().is_ok();
    (unheld && (said.contains(HONOURED) || old)).then_some(file)
}

/// Whether the path still names the file that was found abandoned (not one another writer made
/// since), so only an abandoned lock file is ever removed.
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// "ada on ward-3, process 4711": who holds the lock.
fn holder() -> String {
    let user = super::user::OsUser::current().for_history();
    let host = whoami::hostname().unwrap_or_else(|_| "this computer".to_owned());
    format!("held by {user} on {host}, process {}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_file_is_removed_when_the_save_is_done() {
        let folder = tempfile::tempdir().expect("a folder");
        let path = folder.path().join("patient.json");
        {
            let _lock = lock(&path).expect("locked");
            assert!(lock_path(&path).exists());
        }
        assert!(!lock_path(&path).exists());
    }

    #[test]
    fn a_second_writer_waits_for_the_first() {
        let folder = tempfile::tempdir().expect("a folder");
        let path = folder.path().join("patient.json");
        let first = lock(&path).expect("locked");
        let second = std::thread::spawn({
            let path = path.clone();
            move || {
                let started = Instant::now();
                let _lock = lock(&path).expect("locked after the first");
                started.elapsed()
            }
        });
        std::thread::sleep(Duration::from_millis(200));
        drop(first);
        let waited = second.join().expect("joined");
        assert!(waited >= Duration::from_millis(150), "{waited:?}");
    }

    #[test]
    fn a_lock_left_by_a_crashed_writer_is_taken_over_at_once_where_locks_are_honoured() {
        let folder = tempfile::tempdir().expect("a folder");
        let path = folder.path().join("patient.json");
        std::fs::write(
            lock_path(&path),
            format!("held by a killed save\n{HONOURED}\n"),
        )
        .expect("written");
        let started = Instant::now();
        let _lock = lock(&path).expect("taken over");
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn a_lock_left_by_a_crashed_writer_is_taken_over() {
        let folder = tempfile::tempdir().expect("a folder");
        let path = folder.path().join("patient.json");
        let stale = lock_path(&path);
        std::fs::write(&stale, "held by a crashed save").expect("written");
        let an_hour_ago = SystemTime::now() - Duration::from_hours(1);
        File::options()
            .write(true)
            .open(&stale)
            .and_then(|file| file.set_modified(an_hour_ago))
            .expect("aged");
        let _lock = lock(&path).expect("taken over");
    }
}
