//! Lab results from a laboratory system's CSV export, as labs write them: comma, semicolon or
//! tab; UTF-8 or Excel's Windows-1252; report lines before the header; English or German
//! headers; US, European or ISO dates; decimal points or commas; flags after values; result
//! statuses and corrections; a patient column. Every row comes back with its line and its fate
//! before anything changes (see `import`).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::codes::{test_coded, test_named, unit_of};
use super::dates::{self, DateOrder, Evidence};
use super::import::{Fate, Item, Known, Place, Planned, censored, checked};
use super::values::{self, Decimal};
use crate::knowledge::normalize_name;
use crate::record::{Lab, LabTest, Record};

/// What the user says about the file where it cannot say it itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CsvOptions {
    pub date_order: Option<DateOrder>,
    pub decimal: Option<Decimal>,
}

/// A file read against a record: every row's fate, and what was noticed about the file.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvImport {
    pub lines: Vec<Planned>,
    /// "read as Windows-1252", "lines 1–2 before the header were skipped", …
    pub notes: Vec<String>,
}

/// Why the file as a whole cannot be read; nothing is imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    #[error(
        "no line in the first {0} names a date, a test and a result column (headers such as \
         \"Collection Date\", \"Test Name\" or \"Component\", \"Result\"; German \"Datum\", \
         \"Parameter\", \"Ergebnis\")"
    )]
    NoHeader(usize),
    #[error(
        "the dates (such as \"{example}\" on line {line}) could be day-first or month-first and \
         no date in the file settles it: nothing was imported; name the order with \
         --date-order mdy (US: 11/02 is 2 November) or --date-order dmy (11/02 is 11 February)"
    )]
    DatesAmbiguous { line: usize, example: String },
    #[error(
        "the dates contradict each other (line {month_first} is month-first, line {day_first} \
         day-first): nothing was imported"
    )]
    DatesContradict {
        month_first: usize,
        day_first: usize,
    },
}

/// How many lines a report may print before its header.
const HEADER_SEARCH_LINES: usize = 30;

/// The columns found in the header.
#[derive(Debug, Default)]
struct Columns {
    patient: Option<usize>,
    date: usize,
    test: Option<usize>,
    loinc: Option<usize>,
    value: usize,
    unit: Option<usize>,
    uln: Option<usize>,
    range: Option<usize>,
    status: Option<usize>,
    accession: Option<usize>,
}

/// Header names by column, most specific first (Epic's "Component" is the test, its "Result
/// Name" the panel).
const PATIENT: &[&str] = &[
    "mrn",
    "patient mrn",
    "patient id",
    "patientid",
    "patient number",
    "medical record number",
    "medical record",
    "medical record no",
    "mr number",
    "mrn number",
    "patient identifier",
    "patient",
    "chart",
    "chart number",
    "chart no",
    "patientennummer",
    "patienten id",
    "patient nr",
    "pat nr",
    "patientenid",
    "pid",
];
const DATE: &[&str] = &[
    "collection date time",
    "collection date",
    "collection datetime",
    "collected",
    "collected date",
    "date collected",
    "specimen collected",
    "specimen date",
    "date",
    "observation date",
    "effective date",
    "drawn",
    "datum",
    "entnahmedatum",
    "abnahmedatum",
    "probenahme",
    "result date",
    "befunddatum",
];
const TEST: &[&str] = &[
    "component",
    "test",
    "test name",
    "analyte",
    "observation",
    "parameter",
    "analysis",
    "result name",
    "name",
    "description",
    "untersuchung",
    "analyt",
];
const LOINC: &[&str] = &["loinc", "loinc code", "loinc nr"];
const VALUE: &[&str] = &[
    "value",
    "result",
    "result value",
    "numeric result",
    "observation value",
    "ergebnis",
    "wert",
    "messwert",
    "befund",
];
const UNIT: &[&str] = &[
    "unit",
    "units",
    "uom",
    "units of measure",
    "unit of measure",
    "result unit",
    "einheit",
    "einh",
];
const ULN: &[&str] = &[
    "uln",
    "upper limit",
    "ref high",
    "reference high",
    "high",
    "upper reference limit",
    "obergrenze",
    "referenz obergrenze",
];
const RANGE: &[&str] = &[
    "reference range",
    "ref range",
    "range",
    "normal range",
    "reference interval",
    "ref interval",
    "referenzbereich",
    "normbereich",
    "referenzwert",
    "referenzwerte",
];
const STATUS: &[&str] = &["result status", "status", "befundstatus", "report status"];
const ACCESSION: &[&str] = &[
    "accession number",
    "accession",
    "accession no",
    "specimen id",
    "specimen number",
    "order number",
    "order id",
    "filler order number",
    "auftragsnummer",
    "labornummer",
    "probennummer",
];

fn columns(headers: &[String]) -> Option<Columns> {
    let names: Vec<String> = headers
        .iter()
        .map(|header| normalize_name(header))
        .collect();
    let find = |wanted: &[&str]| {
        wanted
            .iter()
            .find_map(|name| names.iter().position(|header| header == name))
    };
    Some(Columns {
        patient: find(PATIENT),
        date: find(DATE)?,
        test: find(TEST),
        loinc: find(LOINC),
        value: find(VALUE)?,
        unit: find(UNIT),
        uln: find(ULN),
        range: find(RANGE),
        status: find(STATUS),
        accession: find(ACCESSION),
    })
    .filter(|columns| columns.test.is_some() || columns.loinc.is_some())
}

/// One data row's cells, with its line, or why the lines it spans cannot be read.
struct Row {
    line: usize,
    cells: Vec<String>,
    broken: Option<String>,
}

impl Row {
    fn cell(&self, column: Option<usize>) -> &str {
        column
            .and_then(|index| self.cells.get(index))
            .map_or("", |cell| cell.trim())
    }
}

/// Reads the file's rows against the results `record` already holds.
pub fn read(bytes: &[u8], record: &Record, options: &CsvOptions) -> Result<CsvImport, CsvError> {
    let (text, encoding) = super::text::decode(bytes);
    let mut notes = Vec::new();
    if let Some(encoding) = encoding {
        notes.push(format!(
            "the file is not UTF-8: read as {encoding} (Excel on Windows)"
        ));
    }
    let (header_line, delimiter, columns) =
        header(&text).ok_or(CsvError::NoHeader(HEADER_SEARCH_LINES))?;
    match header_line {
        1 => {}
        2 => notes.push("line 1, before the header, was skipped (a report heading)".to_owned()),
        _ => notes.push(format!(
            "lines 1–{} before the header were skipped (a report heading)",
            header_line - 1
        )),
    }
    let rows = rows(&text, header_line, delimiter);
    if columns.patient.is_none() {
        notes.push(format!(
            "no patient column: every row is taken as {}'s, the patient file it is imported into",
            record.patient.id
        ));
    }

    let date_order = match options.date_order {
        Some(order) => {
            notes.push(format!("dates read {}, as named", order.label()));
            Some(order)
        }
        None => match dates::evidence(
            rows.iter()
                .map(|row| (row.line, row.cell(Some(columns.date)))),
        ) {
            Evidence::NotNeeded => None,
            Evidence::Settled(order, line) => {
                notes.push(format!(
                    "dates read {}: line {line} settles it",
                    order.label()
                ));
                Some(order)
            }
            Evidence::Ambiguous(line) => {
                let example = rows
                    .iter()
                    .find(|row| row.line == line)
                    .map(|row| row.cell(Some(columns.date)).to_owned())
                    .unwrap_or_default();
                return Err(CsvError::DatesAmbiguous { line, example });
            }
            Evidence::Contradictory(month_first, day_first) => {
                return Err(CsvError::DatesContradict {
                    month_first,
                    day_first,
                });
            }
        },
    };
    let decimal = options.decimal.or_else(|| {
        values::convention(rows.iter().flat_map(|row| {
            [
                row.cell(Some(columns.value)),
                row.cell(columns.range),
                row.cell(columns.uln),
            ]
        }))
    });
    if let Some(decimal) = decimal {
        notes.push(format!("numbers read with a {}", decimal.label()));
    }

    let reader = RowReader {
        columns: &columns,
        record,
        date_order,
        decimal,
    };
    let read: Vec<(usize, Result<Candidate, Fate>)> =
        rows.iter().map(|row| (row.line, reader.row(row))).collect();
    Ok(CsvImport {
        lines: fates(read, record),
        notes,
    })
}

/// The header line (numbered from 1), its delimiter and columns: the first of the file's first
/// lines that names a date, a test and a result.
fn header(text: &str) -> Option<(usize, u8, Columns)> {
    for (index, line) in text.lines().take(HEADER_SEARCH_LINES).enumerate() {
        for delimiter in [b',', b';', b'\t'] {
            let cells: Vec<String> = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .has_headers(false)
                .flexible(true)
                .from_reader(line.as_bytes())
                .records()
                .next()
                .and_then(Result::ok)
                .map(|record| record.iter().map(str::to_owned).collect())
                .unwrap_or_default();
            if let Some(columns) = columns(&cells) {
                return Some((index + 1, delimiter, columns));
            }
        }
    }
    None
}

/// The data rows after the header, each with its line; empty rows (a trailing line) left out.
fn rows(text: &str, header_line: usize, delimiter: u8) -> Vec<Row> {
    let data: String = text
        .lines()
        .skip(header_line)
        .flat_map(|line| [line, "\n"])
        .collect();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(data.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = header_line + usize::try_from(reader.position().line()).unwrap_or(0);
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let cells: Vec<String> = record.iter().map(str::to_owned).collect();
                let last = header_line + usize::try_from(reader.position().line()).unwrap_or(0) - 1;
                // A quote that is never closed joins the lines after it into one row: said,
                // not swallowed.
                let broken =
                    (last > line && cells.iter().any(|cell| cell.contains('\n'))).then(|| {
                        format!(
                            "a quote opened on this line is not closed, so lines {line} to {last} \
                             read as one row: none of them was taken; check the file"
                        )
                    });
                if broken.is_some() || cells.iter().any(|cell| !cell.trim().is_empty()) {
                    rows.push(Row {
                        line,
                        cells,
                        broken,
                    });
                }
            }
            Err(error) => rows.push(Row {
                line,
                cells: Vec::new(),
                broken: Some(format!("not a CSV row: {error}")),
            }),
        }
    }
    rows
}

/// What a row's status says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Final,
    Correction,
    EnteredInError,
}

/// A row read into a result, before corrections in the file are sorted out.
struct Candidate {
    lab: Lab,
    status: Status,
    notes: Vec<String>,
}

struct RowReader<'a> {
    columns: &'a Columns,
    record: &'a Record,
    date_order: Option<DateOrder>,
    decimal: Option<Decimal>,
}

impl RowReader<'_> {
    /// The row as a result, or the fate that ends it here (another patient, cancelled, not a
    /// test this app follows, a value that cannot be read).
    fn row(&self, row: &Row) -> Result<Candidate, Fate> {
        if let Some(broken) = &row.broken {
            return Err(Fate::Refuse(broken.clone()));
        }
        let columns = self.columns;
        if columns.patient.is_some()
            && !same_patient(row.cell(columns.patient), &self.record.patient.id)
        {
            return Err(Fate::PassOver("another patient".to_owned()));
        }
        let status = status(row.cell(columns.status)).map_err(Fate::PassOver)?;
        let name = row.cell(columns.test);
        let code = row.cell(columns.loinc);
        let test = if code.is_empty() {
            test_named(name).ok_or_else(|| {
                Fate::PassOver(format!("\"{name}\" is not a test this app follows"))
            })?
        } else {
            // A code decides; the name is only a fallback for uncoded results.
            test_coded(code).ok_or_else(|| {
                Fate::PassOver(format!("not a test this app follows (LOINC {code})"))
            })?
        };
        let refuse = |reason: String| Fate::Refuse(reason);
        let date = dates::parse(row.cell(Some(columns.date)), self.date_order).map_err(refuse)?;
        let reading =
            values::reading(row.cell(Some(columns.value)), self.decimal).map_err(refuse)?;
        let printed_unit = row.cell(columns.unit);
        let unit = unit_of(test, printed_unit).map_err(refuse)?;
        let mut notes = Vec::new();
        let uln = match (row.cell(columns.uln), row.cell(columns.range)) {
            (uln, _) if !uln.is_empty() => Some(values::number(uln, self.decimal).map_err(refuse)?),
            (_, range) if !range.is_empty() => {
                let (limit, note) =
                    values::upper_limit_for(range, self.decimal, self.record.patient.sex);
                notes.extend(note);
                if limit.is_none() && test.has_uln() {
                    // Said, so the default ULN below is not taken for the lab's own.
                    notes.push(format!(
                        "the reference range \"{}\" gives no upper limit",
                        range.trim()
                    ));
                }
                limit
            }
            _ => None,
        }
        .filter(|_| test.has_uln())
        .map(|uln| uln * unit.factor);
        notes.extend(unit.conversion(reading.value, printed_unit));
        let value = reading.value * unit.factor;
        let written = format!("{} {printed_unit}", row.cell(Some(columns.value)));
        notes.extend(censored(test, reading, value, &written, uln, unit.unit).map_err(refuse)?);
        let accession = row.cell(columns.accession);
        let lab = checked(Lab {
            date,
            test,
            value,
            unit: unit.unit,
            uln,
            source: (!accession.is_empty()).then(|| format!("{accession} {}", name.trim())),
        })
        .map_err(refuse)?;
        Ok(Candidate { lab, status, notes })
    }
}

/// Whether a row's patient is the record's: the same identifier, case and spaces aside.
fn same_patient(cell: &str, id: &str) -> bool {
    cell.trim().eq_ignore_ascii_case(id.trim())
}

/// A row's status: final and corrected results are taken, an entry in error removes what it
/// voids; everything else (preliminary, cancelled, pending) is passed over with the status.
fn status(cell: &str) -> Result<Status, String> {
    let normal = normalize_name(cell);
    Ok(match normal.as_str() {
        "" | "f" | "final" | "final result" | "finished" | "complete" | "completed"
        | "endbefund" | "final report" | "result" | "resulted" => Status::Final,
        "c" | "corrected" | "correction" | "amended" | "revised" | "korrigiert" | "korrektur"
        | "geandert" | "geändert" => Status::Correction,
        "entered in error" | "error" | "in error" => Status::EnteredInError,
        "x" | "cancelled" | "canceled" | "cancel" | "storniert" | "deleted" => {
            return Err("cancelled".to_owned());
        }
        "p" | "preliminary" | "prelim" | "vorlaufig" | "vorläufig" | "vorbefund" | "pending"
        | "in process" | "partial" => return Err("preliminary, not a final result".to_owned()),
        _ => {
            return Err(format!(
                "the status \"{}\" is not a final result",
                cell.trim()
            ));
        }
    })
}

/// The fate of every row. A correction supersedes every other row of its source (or, with no
/// source, of its date and test) wherever it stands in the file (exports list newest first as
/// often as oldest first); two corrections of one result that disagree are both refused; an
/// entry in error removes what its source gave. The rest are checked against the record.
fn fates(read: Vec<(usize, Result<Candidate, Fate>)>, record: &Record) -> Vec<Planned> {
    type Word = (Option<String>, Option<(NaiveDate, LabTest)>);
    let word_of = |candidate: &Candidate| -> Word {
        match &candidate.lab.source {
            Some(source) => (Some(source.clone()), None),
            None => (None, Some((candidate.lab.date, candidate.lab.test))),
        }
    };
    // The corrections (and entries in error) of each source, or date and test, by line.
    let mut corrections: HashMap<Word, Vec<Correction>> = HashMap::new();
    for (line, result) in &read {
        if let Ok(candidate) = result
            && candidate.status != Status::Final
        {
            corrections
                .entry(word_of(candidate))
                .or_default()
                .push(Correction {
                    line: *line,
                    status: candidate.status,
                    value: candidate.lab.value,
                });
        }
    }
    let mut known = Known::new(record);
    read.into_iter()
        .map(|(line, result)| {
            let fate = match result {
                Err(fate) => fate,
                Ok(candidate) => {
                    let said = corrections
                        .get(&word_of(&candidate))
                        .map_or(&[][..], Vec::as_slice);
                    fate_of(line, candidate, said, &mut known)
                }
            };
            Planned::new(Place::Line(line), fate)
        })
        .collect()
}

/// A row that corrects a result, or enters it in error.
struct Correction {
    line: usize,
    status: Status,
    value: f64,
}

/// One row's fate, given the corrections of its result in the file.
fn fate_of(
    line: usize,
    candidate: Candidate,
    corrections: &[Correction],
    known: &mut Known,
) -> Fate {
    if let Some(first) = corrections.first() {
        let disagree = corrections
            .iter()
            .any(|other| other.status != first.status || (other.value - first.value).abs() > 1e-9);
        if disagree {
            let lines: Vec<String> = corrections.iter().map(|c| c.line.to_string()).collect();
            return Fate::Refuse(format!(
                "the result is corrected more than once, differently, on lines {}: check which \
                 is current; none of them was taken",
                crate::format::list(&lines)
            ));
        }
    }
    if let Some(last) = corrections.last()
        && last.line != line
    {
        return Fate::PassOver(if last.status == Status::EnteredInError {
            format!("entered in error on line {}", last.line)
        } else {
            format!("superseded by the correction on line {}", last.line)
        });
    }
    if candidate.status == Status::EnteredInError {
        return match &candidate.lab.source {
            Some(source) => known.remove(std::slice::from_ref(source)),
            None => Fate::PassOver(
                "entered in error, with no accession number to tell which result it voids"
                    .to_owned(),
            ),
        };
    }
    known.take(Item::Lab(candidate.lab), candidate.notes, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        let record = Record::new("DEMO-0001");
        read(text.as_bytes(), &record, &CsvOptions::default())
            .expect("readable")
            .lines
            .iter()
            .map(Planned::describe)
            .collect()
    }

    #[test]
    fn a_report_heading_before_the_header_is_skipped() {
        let found = lines(
            "City Lab\nCumulative report\n\nDate,Test,Result,Units,Range\n2026-11-18,ALT,212 HH,U/L (37 C),7-56\n",
        );
        assert_eq!(found, ["line 5: taken ALT 2026-11-18 212 U/L (ULN 56)"]);
    }

    #[test]
    fn a_range_with_no_upper_limit_is_said_beside_the_default_that_applies() {
        let found = lines("Date,Test,Result,Units,Range\n2026-11-18,ALT,52,U/L,see note\n");
        assert_eq!(
            found,
            [
                "line 2: taken ALT 2026-11-18 52 U/L (no ULN given: the default 40 U/L applies, \
                 R-ULN-1); the reference range \"see note\" gives no upper limit"
            ]
        );
    }

    #[test]
    fn a_correction_supersedes_the_earlier_row_of_its_accession() {
        let found = lines(
            "MRN,Accession,Date,Component,Value,Units,Status\n\
             DEMO-0001,A1,2026-11-02,AST,415,U/L,Final\n\
             DEMO-0001,A1,2026-11-02,AST,451,U/L,Corrected\n",
        );
        assert_eq!(
            found,
            [
                "line 2: passed over: superseded by the correction on line 3",
                "line 3: taken AST 2026-11-02 451 U/L (no ULN given: the default 40 U/L applies, R-ULN-1)"
            ]
        );
    }

    #[test]
    fn another_patients_row_is_passed_over_without_naming_them() {
        let found = lines("MRN,Date,Test,Result,Units\nZZZ-9999,2026-11-02,ALT,260,U/L\n");
        assert_eq!(found, ["line 2: passed over: another patient"]);
    }
}
