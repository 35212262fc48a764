//! Lab results from a laboratory system's CSV export: date, test name or LOINC code, value,
//! unit, and a reference range or ULN, with headers and names matched flexibly. Every row comes
//! back accepted, converted, a duplicate, or rejected — with its line number and the reason —
//! before anything changes.

use chrono::NaiveDate;

use super::codes::{test_named, unit_named};
use crate::format;
use crate::record::{Lab, LabTest, LabUnit, Record, validate};

/// What became of one row of the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Accepted(Lab),
    /// Accepted after converting its unit; says how.
    Converted(Lab, String),
    /// The same result is already in the record (or earlier in the file).
    Duplicate(Lab),
    Rejected(String),
}

/// One row and the line of the file it is on.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub number: usize,
    pub row: Row,
}

impl Line {
    /// The result to add, if the row gives one.
    pub fn lab(&self) -> Option<&Lab> {
        match &self.row {
            Row::Accepted(lab) | Row::Converted(lab, _) => Some(lab),
            Row::Duplicate(_) | Row::Rejected(_) => None,
        }
    }

    /// "line 3: accepted ALT 2025-02-03 212 U/L (ULN 40)".
    pub fn describe(&self) -> String {
        let lab = |lab: &Lab| {
            let uln = lab
                .uln
                .map(|uln| format!(" (ULN {})", format::number(uln)))
                .unwrap_or_default();
            format!(
                "{} {} {} {}{uln}",
                lab.test,
                lab.date,
                format::number(lab.value),
                lab.unit.symbol()
            )
        };
        let what = match &self.row {
            Row::Accepted(result) => format!("accepted {}", lab(result)),
            Row::Converted(result, how) => format!("converted {} ({how})", lab(result)),
            Row::Duplicate(result) => format!("already recorded {}", lab(result)),
            Row::Rejected(reason) => format!("rejected: {reason}"),
        };
        format!("line {}: {what}", self.number)
    }
}

/// Why the file as a whole cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CsvError(String);

/// The columns found in the header.
struct Columns {
    date: usize,
    test: usize,
    value: usize,
    unit: Option<usize>,
    uln: Option<usize>,
    range: Option<usize>,
}

/// Reads the file's rows against the results `record` already holds.
pub fn read(text: &str, record: &Record) -> Result<Vec<Line>, CsvError> {
    let delimiter = delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|error| CsvError(format!("the header line cannot be read: {error}")))?
        .clone();
    let columns = columns(&headers)?;
    let mut seen: Vec<Lab> = record.labs.clone();
    let mut lines = Vec::new();
    for (index, fields) in reader.records().enumerate() {
        let number = index + 2;
        let row = match fields {
            Ok(fields) => row(&fields, &columns, record, &mut seen),
            Err(error) => Row::Rejected(format!("not a CSV row: {error}")),
        };
        lines.push(Line { number, row });
    }
    Ok(lines)
}

/// Adds the accepted and converted results to `record`; returns how many.
pub fn apply(record: &mut Record, lines: &[Line]) -> usize {
    let before = record.labs.len();
    record
        .labs
        .extend(lines.iter().filter_map(Line::lab).cloned());
    record.labs.len() - before
}

/// Comma, semicolon (European exports) or tab: whichever the header line has most of.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| header.bytes().filter(|&b| b == d).count())
        .unwrap_or(b',')
}

fn columns(headers: &csv::StringRecord) -> Result<Columns, CsvError> {
    let find = |names: &[&str]| {
        headers.iter().position(|header| {
            let header = super::codes::normalize(header);
            names.iter().any(|name| header == *name)
        })
    };
    let required = |names: &[&str], what: &str| {
        find(names).ok_or_else(|| {
            CsvError(format!(
                "no {what} column (looked for a header named {}); found: {}",
                names.join(", "),
                headers.iter().collect::<Vec<_>>().join(", ")
            ))
        })
    };
    Ok(Columns {
        date: required(
            &[
                "date",
                "collected",
                "collection date",
                "collection time",
                "specimen date",
                "result date",
                "observation date",
                "effective date",
                "drawn",
            ],
            "date",
        )?,
        test: required(
            &[
                "test",
                "test name",
                "analyte",
                "name",
                "component",
                "observation",
                "loinc",
                "loinc code",
                "code",
                "test code",
                "description",
            ],
            "test",
        )?,
        value: required(
            &[
                "value",
                "result",
                "result value",
                "numeric result",
                "observation value",
            ],
            "value",
        )?,
        unit: find(&["unit", "units", "uom", "result unit"]),
        uln: find(&[
            "uln",
            "upper limit",
            "ref high",
            "reference high",
            "high",
            "upper reference limit",
        ]),
        range: find(&[
            "reference range",
            "ref range",
            "range",
            "normal range",
            "reference interval",
            "ref interval",
        ]),
    })
}

fn row(fields: &csv::StringRecord, columns: &Columns, record: &Record, seen: &mut Vec<Lab>) -> Row {
    match lab(fields, columns) {
        Err(reason) => Row::Rejected(reason),
        Ok((lab, conversion)) => {
            let mut candidate = record.clone();
            candidate.labs = vec![lab.clone()];
            if let Some(problem) = validate(&candidate).into_iter().next() {
                return Row::Rejected(problem.message);
            }
            if seen.iter().any(|known| same_result(known, &lab)) {
                return Row::Duplicate(lab);
            }
            seen.push(lab.clone());
            match conversion {
                Some(how) => Row::Converted(lab, how),
                None => Row::Accepted(lab),
            }
        }
    }
}

/// The result of a row, and how its unit was converted if it was.
fn lab(fields: &csv::StringRecord, columns: &Columns) -> Result<(Lab, Option<String>), String> {
    let field = |index: usize| fields.get(index).unwrap_or("").trim();
    let name = field(columns.test);
    let test =
        test_named(name).ok_or_else(|| format!("\"{name}\" is not a test this app follows"))?;
    let date = date(field(columns.date))?;
    let value_text = field(columns.value);
    let value =
        number(value_text).ok_or_else(|| format!("the value \"{value_text}\" is not a number"))?;
    let unit_text = columns.unit.map(field).unwrap_or_default();
    let mut uln = match (columns.uln.map(field), columns.range.map(field)) {
        (Some(uln), _) if !uln.is_empty() => {
            Some(number(uln).ok_or_else(|| format!("the ULN \"{uln}\" is not a number"))?)
        }
        (_, Some(range)) if !range.is_empty() => upper_limit(range),
        _ => None,
    };
    if !test.has_uln() {
        uln = None;
    }
    let (value, unit, conversion) = unit(test, value, unit_text, &mut uln)?;
    Ok((
        Lab {
            date,
            test,
            value,
            unit,
            uln,
            source: None,
        },
        conversion,
    ))
}

/// The unit of a value: one the file knows, or one converted into it.
fn unit(
    test: LabTest,
    value: f64,
    printed: &str,
    limit: &mut Option<f64>,
) -> Result<(f64, LabUnit, Option<String>), String> {
    if let Some(unit) = unit_named(printed).filter(|unit| test.accepted_units().contains(unit)) {
        return Ok((value, unit, None));
    }
    // Units some laboratories report in, converted into one the file knows.
    let lower = printed.trim().replace('μ', "µ").to_lowercase();
    let (factor, unit) = match (test, lower.as_str()) {
        (LabTest::Alt | LabTest::Ast | LabTest::Alp, "µkat/l" | "ukat/l") => {
            (60.0, LabUnit::UnitsPerLitre)
        }
        (
            LabTest::LdlC
            | LabTest::TotalC
            | LabTest::HdlC
            | LabTest::NonHdlC
            | LabTest::Triglycerides,
            "g/l",
        ) => (100.0, LabUnit::MgPerDl),
        (LabTest::Apob | LabTest::Bilirubin, "mg/l") => (0.1, LabUnit::MgPerDl),
        _ if printed.is_empty() => return Err(format!("{test} has no unit")),
        _ => {
            return Err(format!(
                "{test} in \"{printed}\" cannot be read (expected {})",
                accepted(test)
            ));
        }
    };
    *limit = limit.map(|uln| uln * factor);
    let how = format!(
        "{} {printed} = {} {}",
        format::number(value),
        format::number(value * factor),
        unit.symbol()
    );
    Ok((value * factor, unit, Some(how)))
}

fn accepted(test: LabTest) -> String {
    test.accepted_units()
        .iter()
        .map(|unit| match unit.symbol() {
            "" => "1",
            symbol => symbol,
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

/// An ISO date, with or without a time after it. Other forms (03/02/2025) are ambiguous
/// between day-first and month-first, so they are refused rather than guessed.
fn date(text: &str) -> Result<NaiveDate, String> {
    let day = text.get(..10).unwrap_or(text);
    NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| {
        format!("the date \"{text}\" is not YYYY-MM-DD (day and month order cannot be guessed)")
    })
}

/// A number, with a decimal point or comma; a leading "<" or ">" is not a measured value.
fn number(text: &str) -> Option<f64> {
    text.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|value| value.is_finite())
}

/// The upper limit of a reference range: "7-56", "7 - 56 U/L", "<40", "0.2–1.2".
fn upper_limit(range: &str) -> Option<f64> {
    let range = range.replace(['–', '—'], "-");
    let upper = match range.trim().strip_prefix(['<', '≤']) {
        Some(rest) => rest.trim_start_matches('=').to_owned(),
        None => range.rsplit_once('-').map(|(_, upper)| upper.to_owned())?,
    };
    let digits: String = upper
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    number(&digits)
}

/// The same result: same day, same test, same value in the test's own unit.
pub(crate) fn same_result(a: &Lab, b: &Lab) -> bool {
    let canonical = |lab: &Lab| {
        lab.test
            .factor_to_canonical(lab.unit)
            .map(|factor| lab.value * factor)
    };
    a.date == b.date
        && a.test == b.test
        && matches!((canonical(a), canonical(b)), (Some(x), Some(y)) if (x - y).abs() <= 1e-9 * x.abs().max(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_ranges_give_their_upper_limit() {
        assert_eq!(upper_limit("7-56"), Some(56.0));
        assert_eq!(upper_limit("7 - 56 U/L"), Some(56.0));
        assert_eq!(upper_limit("<40"), Some(40.0));
        assert_eq!(upper_limit("0,2–1,2"), Some(1.2));
        assert_eq!(upper_limit("negative"), None);
    }

    #[test]
    fn dates_must_be_iso_with_or_without_a_time() {
        assert_eq!(
            date("2025-02-03T08:15:00"),
            Ok(NaiveDate::from_ymd_opt(2025, 2, 3).expect("valid"))
        );
        assert!(
            date("03/02/2025")
                .expect_err("ambiguous")
                .contains("cannot be guessed")
        );
    }
}
