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
    #[error("{} is not text (UTF-8): not a patient file", path.display())]
    NotText { path: PathBuf },
    #[error("{}: {source}", path.display())]
    Parse { path: PathBuf, source: ParseError },
    #[error("not saved, the record has a problem: {0}")]
    InvalidRecord(Problem),
    #[error("cannot save {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
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
    let text = read_text(path)?;
    parse(&text).map_err(|source| FileError::Parse {
        path: path.to_owned(),
        source,
    })
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
    let metadata = std::fs::metadata(path).map_err(read_error)?;
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

/// Saves a valid record atomically (see [`crate::atomic`]): `path` holds either the old or the
/// new file, never a part, and the previous version is kept as `NAME.json.bak`.
pub fn save(record: &Record, path: &Path) -> Result<(), FileError> {
    if let Some(problem) = validate(record).into_iter().next() {
        return Err(FileError::InvalidRecord(problem));
    }
    crate::atomic::write_keeping_backup(path, to_text(record).as_bytes()).map_err(|source| {
        FileError::Write {
            path: path.to_owned(),
            source,
        }
    })
}
