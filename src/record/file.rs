//! Reading and writing patient files: version check, parsing with the failing entry named,
//! validation, and an atomic save that never leaves a half-written file.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::types::{CURRENT_VERSION, FORMAT_NAME, Record};
use super::units::LabTest;
use super::validate::{EntryName, Problem, entry_name, field_name, validate};
use super::versions;

/// Why a patient file's text is not a record this app can use.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("not a patient file: {0}")]
    NotAPatientFile(String),
    #[error(
        "format version {found} is newer than this app understands (version {CURRENT_VERSION}); \
         update Mipomersen Monitor to open it"
    )]
    NewerVersion { found: u64 },
    #[error("{0}")]
    Invalid(String),
    #[error("{first}{}", more_problems(*.more))]
    Values { first: Problem, more: usize },
}

fn more_problems(more: usize) -> String {
    match more {
        0 => String::new(),
        1 => " (and 1 more problem)".to_owned(),
        n => format!(" (and {n} more problems)"),
    }
}

/// The largest file read as a patient file. Ten years of weekly records are about 270 KB; a
/// file this large is not a patient file, and is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// The largest lab export or FHIR Bundle read for an import (a whole EHR record is a few MB).
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// A failed load or save, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}: {} is too large to be read (at most {})",
        path.display(),
        megabytes(*size),
        megabytes(*limit)
    )]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{} is not a file (a folder, a device or a pipe): not read", path.display())]
    NotAFile { path: PathBuf },
    #[error(
        "{} is a link to {}, which cannot be reached (a share that is not mounted?)",
        path.display(),
        target.display()
    )]
    DanglingLink { path: PathBuf, target: PathBuf },
    #[error("{} is not text (UTF-8): not a patient file", path.display())]
    NotText { path: PathBuf },
    #[error("{}: {source}", path.display())]
    Parse { path: PathBuf, source: ParseError },
    #[error("not saved, the record has a problem: {0}")]
    InvalidRecord(Problem),
    #[error(
        "not saved: {} would be {} once written, more than a patient file may be ({}); nothing \
         was written",
        path.display(),
        megabytes(*size),
        megabytes(MAX_FILE_BYTES)
    )]
    WouldBeTooLarge { path: PathBuf, size: u64 },
    #[error(
        "not saved: {} was changed by someone else (another workstation?) since it was read",
        path.display()
    )]
    ChangedOnDisk { path: PathBuf },
    #[error("cannot save {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: crate::atomic::WriteError,
    },
    #[error("not written: {} is the file being read; write to another file", path.display())]
    OutputIsInput { path: PathBuf },
    #[error(
        "not written: {} is a patient file, and is never overwritten by an export; choose \
         another name",
        path.display()
    )]
    OutputIsPatientFile { path: PathBuf },
}

impl FileError {
    /// What is wrong, without the file's name (where a list shows the name beside it).
    pub fn reason(&self) -> String {
        match self {
            FileError::Read { source, .. } => source.to_string(),
            FileError::Parse { source, .. } => source.to_string(),
            FileError::Write { source, .. } => source.to_string(),
            FileError::NotAFile { .. } => "not a file (a folder, a device or a pipe)".to_owned(),
            FileError::NotText { .. } => "not text (UTF-8)".to_owned(),
            FileError::DanglingLink { target, .. } => format!(
                "a link to {}, which cannot be reached (a share that is not mounted?)",
                target.display()
            ),
            other => other.to_string(),
        }
    }
}

/// The two fields read before anything else, so a newer file is refused before its unknown
/// fields are.
#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

/// Parses and validates a patient file's text. A UTF-8 byte-order mark (as Windows editors
/// write) is accepted, and not written back.
pub fn parse(text: &str) -> Result<Record, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header: Header = serde_json::from_str(text)
        .map_err(|error| ParseError::NotAPatientFile(format!("not a JSON object ({error})")))?;
    match header.format {
        Some(serde_json::Value::String(name)) if name == FORMAT_NAME => {}
        Some(other) => {
            return Err(ParseError::NotAPatientFile(format!(
                "format is {other}, expected \"{FORMAT_NAME}\""
            )));
        }
        None => {
            return Err(ParseError::NotAPatientFile(format!(
                "format is missing, expected \"{FORMAT_NAME}\""
            )));
        }
    }
    let version = header
        .version
        .as_ref()
        .and_then(serde_json::Value::as_u64)
        .filter(|&version| version >= 1)
        .ok_or_else(|| {
            ParseError::Invalid(format!(
                "version: {} is not a format version (a whole number from 1)",
                header
                    .version
                    .map_or("missing".to_owned(), |v| v.to_string())
            ))
        })?;
    if version > u64::from(CURRENT_VERSION) {
        return Err(ParseError::NewerVersion { found: version });
    }
    let record: Record = if version < u64::from(CURRENT_VERSION) {
        // An older file: upgraded in memory; the file itself is rewritten only when saved.
        let from = u32::try_from(version).unwrap_or(0);
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|error| ParseError::Invalid(error.to_string()))?;
        let upgraded =
            versions::upgrade(value, from, versions::STEPS).map_err(ParseError::Invalid)?;
        serde_path_to_error::deserialize(upgraded).map_err(|error| named(&error, text))?
    } else {
        let deserializer = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(deserializer).map_err(|error| named(&error, text))?
    };

    let mut problems = validate(&record).into_iter();
    match problems.next() {
        Some(first) => Err(ParseError::Values {
            first,
            more: problems.count(),
        }),
        None => Ok(record),
    }
}

/// A serde error with the entry it is about, named in words: "ALT of 2026-10-09: unknown field
/// `tset` …".
fn named<E: std::fmt::Display>(error: &serde_path_to_error::Error<E>, text: &str) -> ParseError {
    let path = error.path().to_string();
    let inner = error.inner().to_string();
    if path == "." {
        ParseError::Invalid(inner)
    } else {
        ParseError::Invalid(format!("{}: {inner}", path_in_words(&path, text)))
    }
}

/// `labs[90].value` → "ALT of 2026-10-09 (value)", read from the file's own JSON.
fn path_in_words(path: &str, text: &str) -> String {
    let list_entry = path.split_once('[').and_then(|(list, rest)| {
        let (index, field) = rest.split_once(']')?;
        Some((
            list,
            index.parse::<usize>().ok()?,
            field.trim_start_matches('.'),
        ))
    });
    let Some((list, index, field)) = list_entry.filter(|(list, ..)| !list.contains('.')) else {
        return field_name(path);
    };
    let file: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    let entry = &file[list][index];
    let text_of = |key: &str| entry[key].as_str().map(str::to_owned);
    let lab_test = entry["test"]
        .as_str()
        .and_then(|test| serde_json::from_value::<LabTest>(test.into()).ok());
    let name = EntryName {
        date: text_of("date"),
        test: lab_test.map(LabTest::label),
        name: text_of("name")
            .or_else(|| text_of("id"))
            .or_else(|| text_of("rule")),
    };
    let named = entry_name(list, index, &name);
    if field.is_empty() {
        named
    } else {
        format!("{named} ({})", field_name(field))
    }
}

/// Reads and validates a patient file. The file is only read, never touched.
pub fn load(path: &Path) -> Result<Record, FileError> {
    read_record(path).map(|(record, _)| record)
}

/// The record a patient file holds, and the file's text as read.
fn read_record(path: &Path) -> Result<(Record, String), FileError> {
    let text = read_text(path)?;
    let record = parse(&text).map_err(|source| FileError::Parse {
        path: path.to_owned(),
        source,
    })?;
    Ok((record, text))
}

/// A patient file's text, refused unread when it is too large to be one.
pub fn read_text(path: &Path) -> Result<String, FileError> {
    let bytes = read_bounded(path, MAX_FILE_BYTES)?;
    String::from_utf8(bytes).map_err(|_| FileError::NotText {
        path: path.to_owned(),
    })
}

/// An import's input (a lab CSV, a FHIR Bundle), bounded as a patient file is.
pub fn read_input(path: &Path) -> Result<Vec<u8>, FileError> {
    read_bounded(path, MAX_INPUT_BYTES)
}

/// The bytes of a regular file of at most `limit` bytes. A folder, a device or a pipe is
/// refused unread (a FIFO would hang, `/dev/zero` never ends), and so is a larger file — also
/// one that grows past the limit while it is read.
fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    use std::io::Read as _;
    let read_error = |source| FileError::Read {
        path: path.to_owned(),
        source,
    };
    let metadata = std::fs::metadata(path).map_err(|error| match std::fs::read_link(path) {
        Ok(target) if error.kind() == std::io::ErrorKind::NotFound => FileError::DanglingLink {
            path: path.to_owned(),
            target,
        },
        _ => read_error(error),
    })?;
    if !metadata.is_file() {
        return Err(FileError::NotAFile {
            path: path.to_owned(),
        });
    }
    let too_large = |size| FileError::TooLarge {
        path: path.to_owned(),
        size,
        limit,
    };
    if metadata.len() > limit {
        return Err(too_large(metadata.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    std::fs::File::open(path)
        .and_then(|file| file.take(limit + 1).read_to_end(&mut bytes))
        .map_err(read_error)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// "32 MiB", "1.5 MiB", "740 bytes".
fn megabytes(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes < MIB {
        format!("{bytes} bytes")
    } else {
        #[allow(clippy::cast_precision_loss)] // a size shown to a person
        let mib = bytes as f64 / MIB as f64;
        format!("{} MiB", crate::format::number((mib * 10.0).round() / 10.0))
    }
}

/// The file text of a record: pretty JSON ending in a newline.
pub fn to_text(record: &Record) -> String {
    let mut text = serde_json::to_string_pretty(record)
        .expect("a record has only string keys and finite numbers");
    text.push('\n');
    text
}

/// What a file held when it was read, to notice that someone else changed it since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    length: usize,
    hash: u64,
}

impl Fingerprint {
    pub fn of(bytes: &[u8]) -> Self {
        use std::hash::{Hash as _, Hasher as _};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut hasher);
        Fingerprint {
            length: bytes.len(),
            hash: hasher.finish(),
        }
    }

    /// What the file at `path` holds now; `None` when it is gone. A file that is there but
    /// cannot be read is an error: it may hold another workstation's save, and is never
    /// written over unseen.
    fn now(path: &Path) -> Result<Option<Self>, FileError> {
        match std::fs::read(crate::atomic::resolve(path)) {
            Ok(bytes) => Ok(Some(Self::of(&bytes))),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(FileError::Read {
                path: path.to_owned(),
                source,
            }),
        }
    }
}

/// Reads a patient file, with what it held, for a later [`save_checked`].
pub fn load_checked(path: &Path) -> Result<(Record, Fingerprint), FileError> {
    let (record, text) = read_record(path)?;
    crate::atomic::remove_abandoned(&crate::atomic::resolve(path));
    Ok((record, Fingerprint::of(text.as_bytes())))
}

/// Saves a valid record atomically (see [`crate::atomic`]): `path` holds either the old or the
/// new file, never a part, and the previous version is kept as `NAME.json.bak`.
pub fn save(record: &Record, path: &Path) -> Result<(), FileError> {
    save_checked(record, path, None).map(|_| ())
}

/// [`save`], holding the file's lock, and only if the file still holds what was read
/// (`expected`): another workstation's save is never overwritten unseen. Returns what the file
/// holds now.
pub fn save_checked(
    record: &Record,
    path: &Path,
    expected: Option<Fingerprint>,
) -> Result<Fingerprint, FileError> {
    let text = file_text(record, path)?;
    let _lock = lock(path)?;
    write_locked(path, &text, expected)
}

/// Reads the patient file, lets `change` change it, and saves it — all while holding its lock,
/// so two writers (an import on one workstation, the app on another) never lose each other's
/// work. `change` returns the change history's summary, or `None` when nothing is to be saved.
/// A writer that does not take the lock and changes the file meanwhile is noticed; the read and
/// the change are then made again.
pub fn update<T, E: From<FileError>>(
    path: &Path,
    mut change: impl FnMut(&mut Record) -> Result<(T, Option<String>), E>,
) -> Result<T, E> {
    const ATTEMPTS: usize = 5;
    let _lock = lock(path)?;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let (mut record, read) = load_checked(path)?;
        let (outcome, summary) = change(&mut record)?;
        let Some(summary) = summary else {
            return Ok(outcome);
        };
        record.audit.push(super::audit_entry(summary));
        let text = file_text(&record, path)?;
        match write_locked(path, &text, Some(read)) {
            Err(FileError::ChangedOnDisk { .. }) if attempt < ATTEMPTS => {}
            Err(error) => return Err(error.into()),
            Ok(_) => return Ok(outcome),
        }
    }
}

/// The text a valid record is saved as, refused before anything is written when it would be
/// too large to be read again.
fn file_text(record: &Record, path: &Path) -> Result<String, FileError> {
    if let Some(problem) = validate(record).into_iter().next() {
        return Err(FileError::InvalidRecord(problem));
    }
    let text = to_text(record);
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(FileError::WouldBeTooLarge {
            path: path.to_owned(),
            size: text.len() as u64,
        });
    }
    Ok(text)
}

/// The lock of a patient file (see `lock`).
fn lock(path: &Path) -> Result<super::lock::Lock, FileError> {
    super::lock::lock(&crate::atomic::resolve(path)).map_err(|error| FileError::Write {
        path: path.to_owned(),
        source: error.into(),
    })
}

/// Writes `text` over the file, the lock held, if the file still holds `expected`.
fn write_locked(
    path: &Path,
    text: &str,
    expected: Option<Fingerprint>,
) -> Result<Fingerprint, FileError> {
    if let Some(expected) = expected
        && Fingerprint::now(path)?.is_some_and(|now| now != expected)
    {
        return Err(FileError::ChangedOnDisk {
            path: path.to_owned(),
        });
    }
    crate::atomic::write_keeping_backup(path, text.as_bytes()).map_err(|source| {
        FileError::Write {
            path: path.to_owned(),
            source,
        }
    })?;
    Ok(Fingerprint::of(text.as_bytes()))
}

/// Writes an export (a PDF, a calendar, a Bundle) whole, never over one of the files it was
/// made from nor over any patient file.
pub fn write_output(output: &Path, inputs: &[&Path], bytes: &[u8]) -> Result<(), FileError> {
    let same = |a: &Path, b: &Path| match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    if inputs.iter().any(|input| same(output, input)) {
        return Err(FileError::OutputIsInput {
            path: output.to_owned(),
        });
    }
    if is_patient_file(output) {
        return Err(FileError::OutputIsPatientFile {
            path: output.to_owned(),
        });
    }
    crate::atomic::write(output, bytes).map_err(|source| FileError::Write {
        path: output.to_owned(),
        source,
    })
}

/// Whether `path` is an existing patient file (by its `format`, whatever its version or
/// validity).
pub fn is_patient_file(path: &Path) -> bool {
    read_bounded(path, MAX_FILE_BYTES).is_ok_and(|bytes| {
        let text = String::from_utf8_lossy(&bytes);
        serde_json::from_str::<Header>(text.trim_start_matches('\u{feff}'))
            .is_ok_and(|header| header.format == Some(serde_json::Value::from(FORMAT_NAME)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_there_but_unreadable_is_an_error_not_gone() {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let gone = folder.path().join("gone.json");
        assert!(matches!(Fingerprint::now(&gone), Ok(None)));
        // A folder where the file was: there, and not readable as a file.
        let unreadable = folder.path().join("patient.json");
        std::fs::create_dir(&unreadable).expect("a folder");
        assert!(matches!(
            Fingerprint::now(&unreadable),
            Err(FileError::Read { .. })
        ));
        let file = folder.path().join("read.json");
        std::fs::write(&file, b"{}").expect("written");
        assert_eq!(
            Fingerprint::now(&file).expect("read"),
            Some(Fingerprint::of(b"{}"))
        );
    }
}
