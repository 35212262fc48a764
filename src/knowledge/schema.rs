//! The typed shape of the knowledge pack (`assets/knowledge/mipomersen.toml`) and its checks.
//!
//! This file is compiled twice: into the library, and into `build.rs` (through `#[path]`), so a
//! broken pack fails the build with a message naming the entry. It therefore uses nothing but
//! `serde` and `std`.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// How urgent a finding is, mildest first (so `Ord` sorts by urgency).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Caution,
    Warning,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::Warning,
        Severity::Caution,
        Severity::Info,
    ];

    /// The severity as the file and the CLI's JSON spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Caution => "caution",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }

    /// The severity as it stands beside a finding, on screen, in print and in the CLI's text.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "INFO",
            Severity::Caution => "CAUTION",
            Severity::Warning => "WARNING",
            Severity::Critical => "CRITICAL",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declares `RuleId` with its SPEC spelling, in SPEC order, and the list of all of them.
macro_rules! rule_ids {
    ($($variant:ident => $id:literal,)+) => {
        /// A rule of SPEC.md §3, named as the SPEC names it ("R-TOX-3").
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum RuleId {
            $(#[serde(rename = $id)] $variant,)+
        }

        impl RuleId {
            /// Every rule, in SPEC order.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $id,)+
                }
            }
        }
    };
}

rule_ids! {
    Ci1 => "R-CI-1",
    Ci2 => "R-CI-2",
    Ci3 => "R-CI-3",
    Ci4 => "R-CI-4",
    Use1 => "R-USE-1",
    Use2 => "R-USE-2",
    Use3 => "R-USE-3",
    Use4 => "R-USE-4",
    Use5 => "R-USE-5",
    Use6 => "R-USE-6",
    Use7 => "R-USE-7",
    Use8 => "R-USE-8",
    Use9 => "R-USE-9",
    Rems1 => "R-REMS-1",
    Rems2 => "R-REMS-2",
    Base1 => "R-BASE-1",
    Base2 => "R-BASE-2",
    Tox1 => "R-TOX-1",
    Tox1N => "R-TOX-1N",
    Tox2 => "R-TOX-2",
    Tox3 => "R-TOX-3",
    Tox4 => "R-TOX-4",
    Tox5 => "R-TOX-5",
    Tox6 => "R-TOX-6",
    Tox7 => "R-TOX-7",
    Tox8 => "R-TOX-8",
    Mon1 => "R-MON-1",
    Mon2 => "R-MON-2",
    Mon3 => "R-MON-3",
    Mon4 => "R-MON-4",
    Eff1 => "R-EFF-1",
    Dose1 => "R-DOSE-1",
    Dose2 => "R-DOSE-2",
    Dose3 => "R-DOSE-3",
    Dose4 => "R-DOSE-4",
    Dose5 => "R-DOSE-5",
    Dose6 => "R-DOSE-6",
    Dose7 => "R-DOSE-7",
    Dose8 => "R-DOSE-8",
    Dose9 => "R-DOSE-9",
    Ddi1 => "R-DDI-1",
    Ddi2 => "R-DDI-2",
    Ddi3 => "R-DDI-3",
    Ddi4 => "R-DDI-4",
    Ddi5 => "R-DDI-5",
    Evt1 => "R-EVT-1",
    Evt2 => "R-EVT-2",
    Sto1 => "R-STO-1",
    Sto2 => "R-STO-2",
    Ae1 => "R-AE-1",
    Ae2 => "R-AE-2",
    Ae3 => "R-AE-3",
    Uln1 => "R-ULN-1",
    Data1 => "R-DATA-1",
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The sections of the monograph a `source` may name (its headings, verbatim).
pub const MONOGRAPH_SECTIONS: &[&str] = &[
    "Dosage Forms",
    "Use: Labeled Indications",
    "Contraindications",
    "Dosing: Adult",
    "Dosing: Adjustment for Toxicity",
    "Administration",
    "Dietary Considerations",
    "Storage",
    "Drug Interactions",
    "Adverse Reactions",
    "Boxed Warning",
    "Warnings/Precautions",
    "Monitoring Parameters",
    "Reproductive Considerations",
    "Pregnancy Considerations",
    "Patient Education",
];

/// One or more monograph sections, separated by ";"; refused when one is not a real section.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct Source(String);

impl Source {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Source {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        for section in text.split(';').map(str::trim) {
            if !MONOGRAPH_SECTIONS.contains(&section) {
                return Err(format!(
                    "source \"{section}\" is not a section of the monograph (one of {MONOGRAPH_SECTIONS:?})"
                ));
            }
        }
        Ok(Source(text))
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The administration-checklist items a dose in the patient file records (`doses[].checklist`).
pub const RECORDED_CHECKLIST_KEYS: &[&str] = &["warmed_30_min", "inspected_clear", "skin_ok"];

/// The whole pack.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    pub monograph: Monograph,
    pub boxed_warning: Text,
    pub thresholds: Thresholds,
    pub intervals: Intervals,
    pub default_uln: DefaultUln,
    pub uln_bounds: UlnBounds,
    pub rules: BTreeMap<RuleId, RuleMeta>,
    pub interactions: Vec<Interaction>,
    pub lab_tests: Vec<LabNames>,
    pub administration_checklist: Vec<ChecklistItem>,
    pub storage_checklist: Vec<ChecklistItem>,
    pub education: Vec<EducationSection>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Monograph {
    pub title: String,
    pub updated: String,
}

/// A piece of text with the section it comes from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub text: String,
    pub source: Source,
}

/// A number with its unit and provenance. `policy` marks this app's own defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quantity<T> {
    pub value: T,
    pub unit: String,
    pub source: Source,
    #[serde(default)]
    pub policy: bool,
}

/// Thresholds the rules compare against.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub transaminase_repeat_x_uln: Quantity<f64>,
    pub transaminase_withhold_x_uln: Quantity<f64>,
    pub bilirubin_discontinue_x_uln: Quantity<f64>,
    pub dose_mg: Quantity<f64>,
    pub concentration_mg_per_ml: Quantity<f64>,
    pub alcohol_max_drinks_per_day: Quantity<f64>,
    pub acetaminophen_max_mg_per_day: Quantity<f64>,
    pub acetaminophen_min_days_per_week: Quantity<u32>,
    pub storage_max_days_out_of_fridge: Quantity<i64>,
    pub storage_max_temperature_c: Quantity<f64>,
    pub age_elderly_years: Quantity<u32>,
    pub age_adult_years: Quantity<u32>,
    pub schedule_drift_window_doses: Quantity<usize>,
    pub schedule_drift_min_off_day: Quantity<usize>,
}

/// Time spans of the monitoring, dosing and adverse-reaction rules.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intervals {
    pub baseline_window_days: Quantity<i64>,
    pub confirm_repeat_days: Quantity<i64>,
    pub first_year_months: Quantity<u32>,
    pub liver_panel_first_year_months: Quantity<u32>,
    pub liver_panel_later_months: Quantity<u32>,
    pub liver_panel_while_withheld_days: Quantity<i64>,
    pub after_resumption_months: Quantity<u32>,
    pub liver_panel_after_resumption_first_year_days: Quantity<i64>,
    pub liver_panel_after_resumption_later_days: Quantity<i64>,
    pub lipid_panel_first_year_months: Quantity<u32>,
    pub lipid_panel_later_months: Quantity<u32>,
    pub ldl_review_weeks: Quantity<i64>,
    pub symptom_tie_days: Quantity<i64>,
    pub min_days_between_doses: Quantity<i64>,
    pub flu_like_after_dose_days: Quantity<i64>,
    pub syringe_warm_up_minutes: Quantity<i64>,
    pub liver_panel_grace_first_year_days: Quantity<i64>,
    pub liver_panel_grace_later_days: Quantity<i64>,
}

/// The ULN used where a result has none (R-ULN-1), each exactly as written for the unit it is
/// in (SPEC.md §1: never converted from the other unit).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefaultUln {
    pub alt: Quantity<f64>,
    pub ast: Quantity<f64>,
    pub alp: Quantity<f64>,
    /// In mg/dL.
    pub bilirubin: Quantity<f64>,
    /// In µmol/L.
    pub bilirubin_umol: Quantity<f64>,
}

/// The ULNs a laboratory can plausibly report (SPEC.md §4, policy): a ULN outside them is a
/// typo that would hide or invent every elevation, and the file refuses it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UlnBounds {
    pub alt: Bounds,
    pub ast: Bounds,
    pub alp: Bounds,
    /// In mg/dL.
    pub bilirubin: Bounds,
    /// In µmol/L.
    pub bilirubin_umol: Bounds,
}

/// The lowest and highest plausible value, both included, with their unit and provenance.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    pub low: f64,
    pub high: f64,
    pub unit: String,
    pub source: Source,
    #[serde(default)]
    pub policy: bool,
}

/// A rule's severity, title and source. `escalated` is the severity SPEC gives the rule in its
/// more urgent form (R-TOX-1 past its repeat date, R-MON-3 for liver items, R-TOX-7 until it is
/// answered, R-AE-3 for angioedema); `mild` its milder form (R-DDI-4 when alcohol use is
/// unknown). `overridable` marks the rules a clinician may override (SPEC.md §3a).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleMeta {
    pub severity: Severity,
    #[serde(default)]
    pub escalated: Option<Severity>,
    #[serde(default)]
    pub mild: Option<Severity>,
    pub title: String,
    pub source: Source,
    #[serde(default)]
    pub policy: bool,
    #[serde(default)]
    pub overridable: bool,
}

/// The rules SPEC.md §3a lets a clinician override; the pack marks exactly these.
pub const OVERRIDABLE_RULES: &[RuleId] = &[RuleId::Tox4, RuleId::Tox7, RuleId::Mon4, RuleId::Ae3];

/// An interacting drug or class as the monograph names it, with the drugs it covers; each drug
/// is matched by whole words against the medication list under every name it is sold as.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interaction {
    pub name: String,
    pub rule: RuleId,
    pub drugs: Vec<Drug>,
    /// Words in a medication's name that mean this entry does not apply ("topical").
    #[serde(default)]
    pub unless: Vec<String>,
    pub management: String,
    pub text: String,
    pub source: Source,
}

/// One generic drug and the names it is sold or written under. Two medications that match the
/// same generic are the same drug (R-DDI-5), whichever names they carry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Drug {
    pub generic: String,
    /// Other generic names: "paracetamol", "APAP".
    #[serde(default)]
    pub names: Vec<String>,
    /// Products of this drug alone: "Tylenol".
    #[serde(default)]
    pub brands: Vec<String>,
    /// Products that contain it with other drugs: "Percocet" (oxycodone and acetaminophen).
    #[serde(default)]
    pub combinations: Vec<String>,
}

impl Drug {
    /// Every name the drug is matched by: the generic first.
    pub fn all_names(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.generic)
            .chain(&self.names)
            .chain(&self.brands)
            .chain(&self.combinations)
    }
}

/// The tests of the patient file (`test`), spelled as SPEC.md §4 spells them.
pub const LAB_TESTS: &[&str] = &[
    "alt",
    "ast",
    "alp",
    "bilirubin",
    "inr",
    "ldl_c",
    "total_c",
    "hdl_c",
    "triglycerides",
    "apob",
    "non_hdl_c",
];

/// How laboratories and EHRs name one test of the patient file: the LOINC codes that mean it,
/// the code the FHIR export writes for each unit, and the names labs print.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabNames {
    /// The patient file's `test` ("alt").
    pub test: String,
    pub loinc: Vec<String>,
    pub export: Vec<ExportCode>,
    pub names: Vec<String>,
    pub source: Source,
}

/// The LOINC code (and its display) written for a result in `unit`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportCode {
    pub unit: String,
    pub loinc: String,
    pub display: String,
}

/// A name as it is matched: lower case, letters and digits, single spaces ("ALT (SGPT)" →
/// "alt sgpt").
pub fn normalize_name(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub key: String,
    pub text: String,
    /// True for the items each dose in the patient file records.
    #[serde(default)]
    pub recorded: bool,
    pub source: Source,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EducationSection {
    pub heading: String,
    pub items: Vec<String>,
    pub source: Source,
}

/// Checks what the types cannot: every rule present, interactions well-formed, sane
/// numbers, unique names. Returns every problem, each naming its entry.
pub fn check(pack: &Pack) -> Vec<String> {
    let mut problems = Vec::new();
    check_rules(pack, &mut problems);
    check_interactions(pack, &mut problems);
    check_lab_tests(pack, &mut problems);
    let recorded: Vec<&str> = pack
        .administration_checklist
        .iter()
        .filter(|item| item.recorded)
        .map(|item| item.key.as_str())
        .collect();
    if recorded != RECORDED_CHECKLIST_KEYS {
        problems.push(format!(
            "administration_checklist: the recorded items are {recorded:?}, the patient file records {RECORDED_CHECKLIST_KEYS:?}"
        ));
    }
    check_numbers(pack, &mut problems);
    problems
}

/// Every rule of SPEC present with a title; exactly SPEC's rules overridable.
fn check_rules(pack: &Pack, problems: &mut Vec<String>) {
    for id in RuleId::ALL {
        if !pack.rules.contains_key(id) {
            problems.push(format!("rules.{id}: missing"));
        }
    }
    for (id, meta) in &pack.rules {
        if meta.title.trim().is_empty() {
            problems.push(format!("rules.{id}: title is empty"));
        }
        if meta.overridable != OVERRIDABLE_RULES.contains(id) {
            problems.push(format!(
                "rules.{id}: overridable must be set for exactly {OVERRIDABLE_RULES:?} (SPEC.md §3a)"
            ));
        }
    }
}

/// Interactions under R-DDI-1 or R-DDI-2, each with drugs, every name once.
fn check_interactions(pack: &Pack, problems: &mut Vec<String>) {
    let mut names = std::collections::BTreeSet::new();
    for (i, drug) in pack.interactions.iter().enumerate() {
        if !matches!(drug.rule, RuleId::Ddi1 | RuleId::Ddi2) {
            problems.push(format!(
                "interactions[{i}] ({}): rule must be R-DDI-1 or R-DDI-2, not {}",
                drug.name, drug.rule
            ));
        }
        if drug.drugs.is_empty() {
            problems.push(format!("interactions[{i}] ({}): no drugs", drug.name));
        }
        for name in drug.drugs.iter().flat_map(Drug::all_names) {
            if name.trim().is_empty() {
                problems.push(format!("interactions[{i}] ({}): an empty name", drug.name));
            } else if !names.insert(name.to_lowercase()) {
                problems.push(format!(
                    "interactions[{i}] ({}): \"{name}\" is listed twice",
                    drug.name
                ));
            }
        }
    }
}

/// Every test of the file named once, each code and each name meaning one test.
fn check_lab_tests(pack: &Pack, problems: &mut Vec<String>) {
    let mut codes = std::collections::BTreeSet::new();
    let mut names = std::collections::BTreeSet::new();
    let mut tests = Vec::new();
    for (i, entry) in pack.lab_tests.iter().enumerate() {
        let at = format!("lab_tests[{i}] ({})", entry.test);
        if !LAB_TESTS.contains(&entry.test.as_str()) {
            problems.push(format!(
                "{at}: not a test of the patient file ({LAB_TESTS:?})"
            ));
        }
        tests.push(entry.test.as_str());
        for code in &entry.loinc {
            if !codes.insert(code.as_str()) {
                problems.push(format!("{at}: LOINC {code} means another test too"));
            }
        }
        for export in &entry.export {
            if !entry.loinc.contains(&export.loinc) {
                problems.push(format!(
                    "{at}: the export code {} is not among its codes",
                    export.loinc
                ));
            }
        }
        for name in &entry.names {
            if !names.insert(normalize_name(name)) {
                problems.push(format!("{at}: the name \"{name}\" is listed twice"));
            }
        }
    }
    tests.sort_unstable();
    let mut all = LAB_TESTS.to_vec();
    all.sort_unstable();
    if tests != all {
        problems.push(format!("lab_tests: every test once, found {tests:?}"));
    }
}

/// Thresholds and default ULNs positive, each default ULN within its plausible bounds.
fn check_numbers(pack: &Pack, problems: &mut Vec<String>) {
    let t = &pack.thresholds;
    let defaults = &pack.default_uln;
    let positive = [
        (
            "thresholds.transaminase_repeat_x_uln",
            &t.transaminase_repeat_x_uln,
        ),
        (
            "thresholds.transaminase_withhold_x_uln",
            &t.transaminase_withhold_x_uln,
        ),
        (
            "thresholds.bilirubin_discontinue_x_uln",
            &t.bilirubin_discontinue_x_uln,
        ),
        ("thresholds.dose_mg", &t.dose_mg),
    ];
    for (entry, quantity) in positive {
        if !(quantity.value.is_finite() && quantity.value > 0.0) {
            problems.push(format!(
                "{entry}: {} must be a positive number",
                quantity.value
            ));
        }
    }
    let bounds = &pack.uln_bounds;
    for (entry, range, default) in [
        ("alt", &bounds.alt, &defaults.alt),
        ("ast", &bounds.ast, &defaults.ast),
        ("alp", &bounds.alp, &defaults.alp),
        ("bilirubin", &bounds.bilirubin, &defaults.bilirubin),
        (
            "bilirubin_umol",
            &bounds.bilirubin_umol,
            &defaults.bilirubin_umol,
        ),
    ] {
        if !(range.low > 0.0 && range.low < range.high) {
            problems.push(format!(
                "uln_bounds.{entry}: low must be positive and below high"
            ));
        }
        if !(range.low..=range.high).contains(&default.value) || range.unit != default.unit {
            problems.push(format!(
                "default_uln.{entry}: {} {} lies outside the plausible {}–{} {}",
                default.value, default.unit, range.low, range.high, range.unit
            ));
        }
    }
    if t.transaminase_withhold_x_uln.value <= t.transaminase_repeat_x_uln.value {
        problems.push(
            "thresholds.transaminase_withhold_x_uln: must be above transaminase_repeat_x_uln"
                .to_owned(),
        );
    }
}
