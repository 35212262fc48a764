//! The patient file's types, format version 2 (SPEC.md §4): version 1 plus the clinician's
//! decisions and where imported labs and doses came from.
//!
//! Every type refuses unknown fields, so nothing a file holds is silently dropped on save.
//! `Option` means the file may leave the field out: absent is "unknown", never "no".

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::units::{LabTest, LabUnit};
use crate::knowledge::RuleId;

/// The value of `format` in every patient file.
pub const FORMAT_NAME: &str = "mipomersen-patient";
/// The newest file format version this build reads and writes.
pub const CURRENT_VERSION: u32 = 2;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub format: String,
    pub version: u32,
    pub patient: Patient,
    #[serde(default)]
    pub diagnosis: Option<Diagnosis>,
    #[serde(default)]
    pub conditions: Conditions,
    #[serde(default)]
    pub alcohol_drinks_per_day: Option<f64>,
    #[serde(default)]
    pub rems: Rems,
    #[serde(default)]
    pub therapy: Therapy,
    #[serde(default)]
    pub doses: Vec<Dose>,
    #[serde(default)]
    pub labs: Vec<Lab>,
    #[serde(default)]
    pub medications: Vec<Medication>,
    #[serde(default)]
    pub symptoms: Vec<Symptom>,
    #[serde(default)]
    pub supply: Vec<Syringe>,
    #[serde(default)]
    pub events: Vec<Event>,
    /// The clinician's decisions on findings (SPEC.md §3a), oldest first.
    #[serde(default)]
    pub decisions: Vec<Decision>,
    #[serde(default)]
    pub notes: Option<String>,
    /// What each save changed, oldest first (appended by the app on every save).
    #[serde(default)]
    pub audit: Vec<AuditEntry>,
}

impl Record {
    /// An empty record for a new patient: everything unknown.
    pub fn new(patient_id: impl Into<String>) -> Self {
        Record {
            format: FORMAT_NAME.to_owned(),
            version: CURRENT_VERSION,
            patient: Patient {
                id: patient_id.into(),
                ..Patient::default()
            },
            diagnosis: None,
            conditions: Conditions::default(),
            alcohol_drinks_per_day: None,
            rems: Rems::default(),
            therapy: Therapy::default(),
            doses: Vec::new(),
            labs: Vec::new(),
            medications: Vec::new(),
            symptoms: Vec::new(),
            supply: Vec::new(),
            events: Vec::new(),
            decisions: Vec::new(),
            notes: None,
            audit: Vec::new(),
        }
    }
}

/// A clinician's decision on a finding (SPEC.md §3a): the rule, the finding as it read (its
/// detail), what was decided, why and by whom. It covers the finding only while the finding
/// reads the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub date: NaiveDate,
    pub rule: RuleId,
    pub detail: String,
    pub action: DecisionAction,
    #[serde(default)]
    pub by: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionAction {
    /// Seen; the finding stays and changes no status.
    Acknowledged,
    /// The rule no longer sets the status (only the rules SPEC.md §3a allows).
    Overridden,
}

impl DecisionAction {
    pub const ALL: [DecisionAction; 2] = [DecisionAction::Acknowledged, DecisionAction::Overridden];

    pub fn label(self) -> &'static str {
        match self {
            DecisionAction::Acknowledged => "acknowledged",
            DecisionAction::Overridden => "overridden",
        }
    }
}

/// One save: when, by whom (the operating system's user name), and what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditEntry {
    pub at: chrono::DateTime<chrono::FixedOffset>,
    pub user: String,
    pub summary: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patient {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    #[serde(default)]
    pub sex: Option<Sex>,
    #[serde(default)]
    pub reproductive_potential: Option<bool>,
    #[serde(default)]
    pub effective_contraception: Option<bool>,
    #[serde(default)]
    pub pregnant: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Female,
    Male,
}

impl Sex {
    pub const ALL: [Sex; 2] = [Sex::Female, Sex::Male];

    pub fn label(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Diagnosis {
    Hofh,
    Hefh,
    Other,
    Unknown,
}

impl Diagnosis {
    pub const ALL: [Diagnosis; 4] = [
        Diagnosis::Hofh,
        Diagnosis::Hefh,
        Diagnosis::Other,
        Diagnosis::Unknown,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Diagnosis::Hofh => "HoFH (homozygous FH)",
            Diagnosis::Hefh => "HeFH (heterozygous FH)",
            Diagnosis::Other => "other",
            Diagnosis::Unknown => "not established",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conditions {
    #[serde(default)]
    pub hypersensitivity: Option<bool>,
    #[serde(default)]
    pub child_pugh: Option<ChildPugh>,
    #[serde(default)]
    pub active_liver_disease: Option<bool>,
    #[serde(default)]
    pub unexplained_transaminase_elevation: Option<bool>,
    #[serde(default)]
    pub renal_impairment: Option<RenalImpairment>,
    #[serde(default)]
    pub hemodialysis: Option<bool>,
    #[serde(default)]
    pub proteinuria: Option<bool>,
    #[serde(default)]
    pub ldl_apheresis: Option<bool>,
}

impl Conditions {
    /// Every condition recorded, and recorded as not present.
    pub fn none_present() -> Self {
        Conditions {
            hypersensitivity: Some(false),
            child_pugh: Some(ChildPugh::None),
            active_liver_disease: Some(false),
            unexplained_transaminase_elevation: Some(false),
            renal_impairment: Some(RenalImpairment::None),
            hemodialysis: Some(false),
            proteinuria: Some(false),
            ldl_apheresis: Some(false),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChildPugh {
    None,
    A,
    B,
    C,
}

impl ChildPugh {
    pub const ALL: [ChildPugh; 4] = [ChildPugh::None, ChildPugh::A, ChildPugh::B, ChildPugh::C];

    pub fn label(self) -> &'static str {
        match self {
            ChildPugh::None => "none",
            ChildPugh::A => "Child-Pugh A",
            ChildPugh::B => "Child-Pugh B",
            ChildPugh::C => "Child-Pugh C",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RenalImpairment {
    None,
    Mild,
    Moderate,
    Severe,
}

impl RenalImpairment {
    pub const ALL: [RenalImpairment; 4] = [
        RenalImpairment::None,
        RenalImpairment::Mild,
        RenalImpairment::Moderate,
        RenalImpairment::Severe,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RenalImpairment::None => "none",
            RenalImpairment::Mild => "mild",
            RenalImpairment::Moderate => "moderate",
            RenalImpairment::Severe => "severe",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rems {
    #[serde(default)]
    pub prescriber_certified: Option<bool>,
    #[serde(default)]
    pub pharmacy_certified: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Therapy {
    #[serde(default)]
    pub dose_weekday: Option<DoseWeekday>,
}

/// The weekday doses are scheduled on, spelled as the file spells it ("monday").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DoseWeekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl DoseWeekday {
    pub const ALL: [DoseWeekday; 7] = [
        DoseWeekday::Monday,
        DoseWeekday::Tuesday,
        DoseWeekday::Wednesday,
        DoseWeekday::Thursday,
        DoseWeekday::Friday,
        DoseWeekday::Saturday,
        DoseWeekday::Sunday,
    ];

    pub fn label(self) -> &'static str {
        weekday_label(self.into())
    }
}

/// A weekday as a clinician writes it: "Monday".
pub fn weekday_label(day: chrono::Weekday) -> &'static str {
    match day {
        chrono::Weekday::Mon => "Monday",
        chrono::Weekday::Tue => "Tuesday",
        chrono::Weekday::Wed => "Wednesday",
        chrono::Weekday::Thu => "Thursday",
        chrono::Weekday::Fri => "Friday",
        chrono::Weekday::Sat => "Saturday",
        chrono::Weekday::Sun => "Sunday",
    }
}

impl From<DoseWeekday> for chrono::Weekday {
    fn from(day: DoseWeekday) -> Self {
        match day {
            DoseWeekday::Monday => chrono::Weekday::Mon,
            DoseWeekday::Tuesday => chrono::Weekday::Tue,
            DoseWeekday::Wednesday => chrono::Weekday::Wed,
            DoseWeekday::Thursday => chrono::Weekday::Thu,
            DoseWeekday::Friday => chrono::Weekday::Fri,
            DoseWeekday::Saturday => chrono::Weekday::Sat,
            DoseWeekday::Sunday => chrono::Weekday::Sun,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dose {
    pub date: NaiveDate,
    #[serde(default)]
    pub dose_mg: Option<f64>,
    #[serde(default)]
    pub route: Option<Route>,
    #[serde(default)]
    pub site: Option<Site>,
    #[serde(default)]
    pub checklist: DoseChecklist,
    /// Where the dose came from when it was imported: a FHIR resource's id or identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    Subcutaneous,
    Intramuscular,
    Intravenous,
}

impl Route {
    pub const ALL: [Route; 3] = [
        Route::Subcutaneous,
        Route::Intramuscular,
        Route::Intravenous,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Route::Subcutaneous => "subcutaneous",
            Route::Intramuscular => "intramuscular",
            Route::Intravenous => "intravenous",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Site {
    Abdomen,
    Thigh,
    UpperArm,
    Other,
}

impl Site {
    pub const ALL: [Site; 4] = [Site::Abdomen, Site::Thigh, Site::UpperArm, Site::Other];

    pub fn label(self) -> &'static str {
        match self {
            Site::Abdomen => "abdomen",
            Site::Thigh => "thigh",
            Site::UpperArm => "outer upper arm",
            Site::Other => "other site",
        }
    }
}

/// The administration checklist recorded with a dose (the pack's `recorded` items).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoseChecklist {
    #[serde(default)]
    pub warmed_30_min: Option<bool>,
    #[serde(default)]
    pub inspected_clear: Option<bool>,
    #[serde(default)]
    pub skin_ok: Option<bool>,
}

impl DoseChecklist {
    /// "done", "1 item not done", or "not recorded".
    pub fn summary(&self) -> String {
        let items = self.items();
        match items
            .iter()
            .filter(|(_, done)| *done == Some(false))
            .count()
        {
            0 if items.iter().all(|(_, done)| *done == Some(true)) => "done".to_owned(),
            0 => "not recorded".to_owned(),
            1 => "1 item not done".to_owned(),
            n => format!("{n} items not done"),
        }
    }

    /// The items in pack order, keyed as the pack keys them.
    pub fn items(&self) -> [(&'static str, Option<bool>); 3] {
        [
            ("warmed_30_min", self.warmed_30_min),
            ("inspected_clear", self.inspected_clear),
            ("skin_ok", self.skin_ok),
        ]
    }

    /// The items to tick, keyed as [`DoseChecklist::items`].
    pub fn items_mut(&mut self) -> [(&'static str, &mut Option<bool>); 3] {
        [
            ("warmed_30_min", &mut self.warmed_30_min),
            ("inspected_clear", &mut self.inspected_clear),
            ("skin_ok", &mut self.skin_ok),
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lab {
    pub date: NaiveDate,
    pub test: LabTest,
    pub value: f64,
    pub unit: LabUnit,
    /// The reporting lab's upper limit of normal, in `unit`.
    #[serde(default)]
    pub uln: Option<f64>,
    /// Where the result came from when it was imported: a FHIR resource's id or identifier, or
    /// the lab's accession number. A correction from the same source replaces it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Medication {
    pub name: String,
    #[serde(default)]
    pub start: Option<NaiveDate>,
    #[serde(default)]
    pub stop: Option<NaiveDate>,
    #[serde(default)]
    pub daily_dose_mg: Option<f64>,
    #[serde(default)]
    pub days_per_week: Option<u8>,
}

impl Medication {
    /// Taken on `date`: started by then (or no start recorded) and not stopped before it.
    pub fn active_on(&self, date: NaiveDate) -> bool {
        self.start.is_none_or(|start| start <= date) && self.stop.is_none_or(|stop| stop >= date)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Symptom {
    pub date: NaiveDate,
    pub kind: SymptomKind,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SymptomKind {
    Nausea,
    Vomiting,
    AbdominalPain,
    Fever,
    Jaundice,
    Lethargy,
    FluLike,
    DarkUrine,
    LightStools,
    InjectionSiteReaction,
    Angioedema,
    Urticaria,
    Rash,
    Other,
}

impl SymptomKind {
    pub const ALL: [SymptomKind; 14] = [
        SymptomKind::Nausea,
        SymptomKind::Vomiting,
        SymptomKind::AbdominalPain,
        SymptomKind::Fever,
        SymptomKind::Jaundice,
        SymptomKind::Lethargy,
        SymptomKind::FluLike,
        SymptomKind::DarkUrine,
        SymptomKind::LightStools,
        SymptomKind::InjectionSiteReaction,
        SymptomKind::Angioedema,
        SymptomKind::Urticaria,
        SymptomKind::Rash,
        SymptomKind::Other,
    ];

    /// Clinical symptoms of liver injury (Dosing: Adjustment for Toxicity; Patient Education).
    pub fn is_liver_injury(self) -> bool {
        matches!(
            self,
            SymptomKind::Nausea
                | SymptomKind::Vomiting
                | SymptomKind::AbdominalPain
                | SymptomKind::Fever
                | SymptomKind::Jaundice
                | SymptomKind::Lethargy
                | SymptomKind::FluLike
                | SymptomKind::DarkUrine
                | SymptomKind::LightStools
        )
    }

    /// Symptoms that point at the liver itself (R-TOX-7).
    pub fn is_liver_specific(self) -> bool {
        matches!(
            self,
            SymptomKind::Jaundice | SymptomKind::DarkUrine | SymptomKind::LightStools
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            SymptomKind::Nausea => "nausea",
            SymptomKind::Vomiting => "vomiting",
            SymptomKind::AbdominalPain => "abdominal pain",
            SymptomKind::Fever => "fever",
            SymptomKind::Jaundice => "jaundice",
            SymptomKind::Lethargy => "lethargy",
            SymptomKind::FluLike => "flu-like symptoms",
            SymptomKind::DarkUrine => "dark urine",
            SymptomKind::LightStools => "light-coloured stools",
            SymptomKind::InjectionSiteReaction => "injection-site reaction",
            SymptomKind::Angioedema => "angioedema",
            SymptomKind::Urticaria => "urticaria",
            SymptomKind::Rash => "rash",
            SymptomKind::Other => "other symptom",
        }
    }
}

/// A syringe in the patient's supply (Storage).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Syringe {
    pub id: String,
    #[serde(default)]
    pub out_of_fridge_since: Option<NaiveDate>,
    #[serde(default)]
    pub above_30c: Option<bool>,
    /// The date the syringe was used; none while it is in stock.
    #[serde(default)]
    pub used: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub date: NaiveDate,
    pub kind: EventKind,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Withheld,
    Resumed,
    Discontinued,
}

impl EventKind {
    pub const ALL: [EventKind; 3] = [
        EventKind::Withheld,
        EventKind::Resumed,
        EventKind::Discontinued,
    ];

    pub fn label(self) -> &'static str {
        match self {
            EventKind::Withheld => "withheld",
            EventKind::Resumed => "resumed",
            EventKind::Discontinued => "discontinued",
        }
    }
}
