//! What an import does with each row of a CSV or entry of a Bundle, and applying that to a
//! record: add; correct (replace what came from the same source); remove (entered in error);
//! or pass over — each with its place in the file and its reason, so nothing is silently
//! dropped and nothing is written that was not reported.

use std::collections::{HashMap, HashSet};
use std::fmt::{self, Write as _};

use chrono::NaiveDate;

use super::values::{Censored, Reading};
use crate::format::number;
use crate::record::{Dose, Event, EventKind, Lab, LabTest, Record, Symptom, SymptomKind, validate};

/// Where in the imported file an entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A CSV line, numbered as a spreadsheet numbers it.
    Line(usize),
    /// A Bundle entry, from 0, and the part of it (a lipid panel's component).
    Entry(usize, Option<String>),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Line(line) => write!(f, "line {line}"),
            Place::Entry(entry, None) => write!(f, "entry {entry}"),
            Place::Entry(entry, Some(part)) => write!(f, "entry {entry} ({part})"),
        }
    }
}

/// A lab result, a dose, a symptom or a clinician's event.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Lab(Lab),
    Dose(Dose),
    Symptom(Symptom),
    Event(Event),
}

impl Item {
    /// The same result or dose, wherever it came from.
    fn same_as(&self, other: &Item) -> bool {
        match (self, other) {
            (Item::Lab(a), Item::Lab(b)) => key(a).is_some() && key(a) == key(b) && a.uln == b.uln,
            (Item::Dose(a), Item::Dose(b)) => dose_key(a) == dose_key(b),
            (Item::Symptom(a), Item::Symptom(b)) => (a.date, a.kind) == (b.date, b.kind),
            (Item::Event(a), Item::Event(b)) => (a.date, a.kind) == (b.date, b.kind),
            _ => false,
        }
    }

    fn source(&self) -> Option<&str> {
        match self {
            Item::Lab(lab) => lab.source.as_deref(),
            Item::Dose(dose) => dose.source.as_deref(),
            Item::Symptom(_) | Item::Event(_) => None,
        }
    }

    /// "ALT 2026-11-02 1234 U/L (ULN 52)", "dose 2026-11-02 200 mg".
    pub fn describe(&self) -> String {
        match self {
            Item::Lab(lab) => {
                let uln = match (lab.uln, lab.test.default_uln(lab.unit)) {
                    (Some(uln), _) => format!(" (ULN {})", number(uln)),
                    (None, Some(default)) => format!(
                        " (no ULN given: the default {} {} applies, R-ULN-1)",
                        number(default),
                        lab.unit
                    ),
                    (None, None) => String::new(),
                };
                let unit = match lab.unit.symbol() {
                    "" => String::new(),
                    symbol => format!(" {symbol}"),
                };
                format!("{} {} {}{unit}{uln}", lab.test, lab.date, number(lab.value))
            }
            Item::Dose(dose) => format!(
                "dose {}{}",
                dose.date,
                dose.dose_mg.map_or_else(
                    || " (amount not recorded)".to_owned(),
                    |mg| format!(" {} mg", number(mg))
                )
            ),
            Item::Symptom(symptom) => format!("symptom {} {}", symptom.kind.label(), symptom.date),
            Item::Event(event) => format!("{} {}", event.kind.label(), event.date),
        }
    }
}

/// What the import does with one row or entry.
#[derive(Debug, Clone, PartialEq)]
pub enum Fate {
    /// Added; the notes say how it was read (converted, censored, dated by the report date,
    /// correcting an earlier value). `replaces` is the source of the entry it corrects.
    Take {
        item: Item,
        notes: Vec<String>,
        replaces: Option<String>,
    },
    /// Entered in error: removes what came from `source`.
    Remove { source: String, said: String },
    /// The same result or dose is recorded already.
    Already(Item),
    /// Not taken, and why: another patient, not followed, cancelled, preliminary, superseded.
    PassOver(String),
    /// Could not be read, and what to do about it.
    Refuse(String),
    /// Recorded in a new patient file: the diagnosis, an allergy, a medication.
    Recorded(String),
}

/// One row or entry and its fate.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub place: Place,
    pub fate: Fate,
}

impl Planned {
    pub fn new(place: Place, fate: Fate) -> Self {
        Planned { place, fate }
    }

    /// "line 19: taken AST 2026-11-02 451 U/L (ULN 39); corrects 415 U/L from the same source".
    pub fn describe(&self) -> String {
        let what = match &self.fate {
            Fate::Take { item, notes, .. } => {
                let mut text = format!("taken {}", item.describe());
                for note in notes {
                    text.push_str("; ");
                    text.push_str(note);
                }
                text
            }
            Fate::Remove { said, .. } => said.clone(),
            Fate::Already(item) => format!("already recorded {}", item.describe()),
            Fate::PassOver(reason) => format!("passed over: {reason}"),
            Fate::Refuse(reason) => format!("refused: {reason}"),
            Fate::Recorded(what) => format!("recorded: {what}"),
        };
        format!("{}: {what}", self.place)
    }

    pub fn is_taken(&self) -> bool {
        matches!(
            self.fate,
            Fate::Take { .. } | Fate::Remove { .. } | Fate::Recorded(_)
        )
    }
}

/// What applying an import changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    pub labs: usize,
    pub doses: usize,
    /// Symptoms and clinician's events (withheld, resumed, discontinued).
    pub symptoms: usize,
    pub events: usize,
    /// Entries replaced by a correction from the same source.
    pub corrected: usize,
    /// Entries removed because their source entered them in error.
    pub removed: usize,
}

impl Applied {
    pub fn changed(&self) -> bool {
        self.labs + self.doses + self.symptoms + self.events + self.removed > 0
    }

    /// "3 lab results and 1 dose added (1 correcting an earlier value), 1 removed".
    pub fn describe(&self) -> String {
        let mut text = format!(
            "{} and {} added",
            crate::format::count(self.labs, "lab result", "lab results"),
            crate::format::count(self.doses, "dose", "doses")
        );
        if self.symptoms + self.events > 0 {
            let _ = write!(
                text,
                " (and {} and {})",
                crate::format::count(self.symptoms, "symptom", "symptoms"),
                crate::format::count(self.events, "event", "events")
            );
        }
        if self.corrected > 0 {
            let _ = write!(text, " ({} correcting an earlier value)", self.corrected);
        }
        if self.removed > 0 {
            let _ = write!(text, ", {} removed as entered in error", self.removed);
        }
        text
    }
}

/// Applies the plan to `record`: each correction replaces the entry it corrects; each removal
/// removes what came from its source.
pub fn apply(record: &mut Record, plan: &[Planned]) -> Applied {
    let mut applied = Applied::default();
    let mut corrected: HashSet<&str> = HashSet::new();
    let mut removed: HashSet<&str> = HashSet::new();
    for planned in plan {
        match &planned.fate {
            Fate::Take { replaces, .. } => corrected.extend(replaces.as_deref()),
            Fate::Remove { source, .. } => {
                removed.insert(source.as_str());
            }
            _ => {}
        }
    }
    let mut count = |source: Option<&str>| match source {
        Some(source) if corrected.contains(source) => {
            applied.corrected += 1;
            false
        }
        Some(source) if removed.contains(source) => {
            applied.removed += 1;
            false
        }
        _ => true,
    };
    record.labs.retain(|lab| count(lab.source.as_deref()));
    record.doses.retain(|dose| count(dose.source.as_deref()));
    for planned in plan {
        match &planned.fate {
            Fate::Take {
                item: Item::Lab(lab),
                ..
            } => {
                record.labs.push(lab.clone());
                applied.labs += 1;
            }
            Fate::Take {
                item: Item::Dose(dose),
                ..
            } => {
                record.doses.push(dose.clone());
                applied.doses += 1;
            }
            Fate::Take {
                item: Item::Symptom(symptom),
                ..
            } => {
                record.symptoms.push(symptom.clone());
                applied.symptoms += 1;
            }
            Fate::Take {
                item: Item::Event(event),
                ..
            } => {
                record.events.push(event.clone());
                applied.events += 1;
            }
            _ => {}
        }
    }
    applied
}

/// What a record already holds, indexed so an import of any size stays near-linear: results
/// by date, test and value; doses by date; both by source.
pub struct Known {
    results: HashSet<(NaiveDate, LabTest, i64)>,
    doses: HashSet<(NaiveDate, Option<i64>)>,
    symptoms: HashSet<(NaiveDate, SymptomKind)>,
    events: HashSet<(NaiveDate, EventKind)>,
    sources: HashMap<String, Item>,
}

/// A value in its test's canonical unit, to a millionth: two results that read the same.
fn key(lab: &Lab) -> Option<(NaiveDate, LabTest, i64)> {
    let factor = lab.test.factor_to_canonical(lab.unit)?;
    #[allow(clippy::cast_possible_truncation)] // a plausible lab value, scaled
    let value = (lab.value * factor * 1e6).round() as i64;
    Some((lab.date, lab.test, value))
}

#[allow(clippy::cast_possible_truncation)] // a plausible dose, scaled
fn dose_key(dose: &Dose) -> (NaiveDate, Option<i64>) {
    (dose.date, dose.dose_mg.map(|mg| (mg * 1e3).round() as i64))
}

impl Known {
    pub fn new(record: &Record) -> Self {
        let mut known = Known {
            results: HashSet::with_capacity(record.labs.len()),
            doses: HashSet::with_capacity(record.doses.len()),
            symptoms: record.symptoms.iter().map(|s| (s.date, s.kind)).collect(),
            events: record.events.iter().map(|e| (e.date, e.kind)).collect(),
            sources: HashMap::new(),
        };
        for lab in &record.labs {
            known.results.extend(key(lab));
            if let Some(source) = &lab.source {
                known.sources.insert(source.clone(), Item::Lab(lab.clone()));
            }
        }
        for dose in &record.doses {
            known.doses.insert(dose_key(dose));
            if let Some(source) = &dose.source {
                known
                    .sources
                    .insert(source.clone(), Item::Dose(dose.clone()));
            }
        }
        known
    }

    /// The fate of an item read from the file: already recorded, or taken (noting the value it
    /// corrects when its source — its own, or another name of the same entry in `aliases` —
    /// gave another before). Remembers it, so a file that repeats a row takes it once.
    pub fn take(&mut self, item: Item, mut notes: Vec<String>, aliases: &[String]) -> Fate {
        let earlier = std::iter::once(item.source())
            .flatten()
            .chain(aliases.iter().map(String::as_str))
            .find_map(|source| {
                self.sources
                    .get(source)
                    .map(|earlier| (source.to_owned(), earlier))
            });
        let mut replaces = None;
        if let Some((source, earlier)) = earlier {
            if earlier.same_as(&item) {
                return Fate::Already(item);
            }
            notes.push(format!(
                "corrects {} recorded from the same source",
                earlier.describe()
            ));
            replaces = Some(source);
        } else {
            let fresh = match &item {
                Item::Lab(lab) => key(lab).is_none_or(|key| self.results.insert(key)),
                Item::Dose(dose) => self.doses.insert(dose_key(dose)),
                Item::Symptom(symptom) => self.symptoms.insert((symptom.date, symptom.kind)),
                Item::Event(event) => self.events.insert((event.date, event.kind)),
            };
            if !fresh {
                return Fate::Already(item);
            }
        }
        if let Some(source) = &replaces {
            self.sources.remove(source);
        }
        if let Some(source) = item.source() {
            self.sources.insert(source.to_owned(), item.clone());
        }
        Fate::Take {
            item,
            notes,
            replaces,
        }
    }

    /// An entry entered in error, known by any of `sources`: removes what was recorded from it.
    pub fn remove(&mut self, sources: &[String]) -> Fate {
        let found = sources.iter().find_map(|source| {
            self.sources
                .remove(source)
                .map(|earlier| (source.clone(), earlier))
        });
        match found {
            Some((source, earlier)) => Fate::Remove {
                source,
                said: format!(
                    "entered in error: removes {} recorded from the same source",
                    earlier.describe()
                ),
            },
            None => Fate::Remove {
                source: sources.first().cloned().unwrap_or_default(),
                said: "entered in error: nothing was recorded from it".to_owned(),
            },
        }
    }
}

/// A lab result the file would accept, or the reason it would not (a ULN outside the plausible
/// bounds, an implausible value), in the file's own words.
pub fn checked(lab: Lab) -> Result<Lab, String> {
    let mut alone = Record::new("import");
    alone.labs.push(lab);
    match validate(&alone).into_iter().next() {
        Some(problem) => Err(problem.message),
        None => Ok(alone.labs.pop().expect("pushed above")),
    }
}

/// A dose the file would accept (a plausible amount), or the reason it would not.
pub fn checked_dose(dose: Dose) -> Result<Dose, String> {
    let mut alone = Record::new("import");
    alone.doses.push(dose);
    match validate(&alone).into_iter().next() {
        Some(problem) => Err(problem.message),
        None => Ok(alone.doses.pop().expect("pushed above")),
    }
}

/// A censored value taken where that is the safe reading for the rules, with a note saying so
/// (SPEC's thresholds ask "at least k×ULN"):
/// - `>1000` ALT is at least 1000: taken as 1000, every threshold it reaches the true value
///   reaches too;
/// - `<5` AST is below 5: taken as 5 only where 5 is not above the ULN, so it reads normal, as
///   the true value does.
///
/// Anything else (a censored lipid, `<300` against a ULN of 40) is refused: the true value is
/// not known. `value` and `uln` are both in `unit`, after any conversion; `written` is the
/// value as the lab wrote it, for the report.
pub fn censored(
    test: LabTest,
    reading: Reading,
    value: f64,
    written: &str,
    uln: Option<f64>,
    unit: crate::record::LabUnit,
) -> Result<Option<String>, String> {
    let Some(censored) = reading.censored else {
        return Ok(None);
    };
    let limit = uln.or_else(|| test.default_uln(unit));
    let safe = test.has_uln()
        && (censored.is_lower_bound()
            || limit.is_some_and(|limit| value <= limit)
                && matches!(censored, Censored::Below | Censored::AtMost));
    if safe {
        Ok(Some(format!(
            "censored {}: taken as {} {unit} ({})",
            written.trim(),
            number(value),
            if censored.is_lower_bound() {
                "the true value is at least that"
            } else {
                "below the ULN either way"
            }
        )))
    } else {
        Err(format!(
            "censored value {}: the true value is not known and could be above the \
             ULN; enter it by hand if the lab reports it",
            written.trim()
        ))
    }
}
