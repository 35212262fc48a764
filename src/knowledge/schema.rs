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
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Caution => "caution",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
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
    Eff1 => "R-EFF-1",
    Dose1 => "R-DOSE-1",
    Dose2 => "R-DOSE-2",
    Dose3 => "R-DOSE-3",
    Dose4 => "R-DOSE-4",
    Dose5 => "R-DOSE-5",
    Dose6 => "R-DOSE-6",
    Dose7 => "R-DOSE-7",
    Dose8 => "R-DOSE-8",
    Ddi1 => "R-DDI-1",
    Ddi2 => "R-DDI-2",
    Ddi3 => "R-DDI-3",
    Ddi4 => "R-DDI-4",
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
    pub rules: BTreeMap<RuleId, RuleMeta>,
    pub interactions: Vec<Interaction>,
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
}

/// The ULN used where a result has none (R-ULN-1), in the canonical unit of each test.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefaultUln {
    pub alt: Quantity<f64>,
    pub ast: Quantity<f64>,
    pub alp: Quantity<f64>,
    pub bilirubin: Quantity<f64>,
}

/// A rule's severity, title and source. `escalated` is the severity SPEC gives the rule in its
/// more urgent form (R-TOX-1 past its repeat date, R-MON-3 for liver items); `mild` its milder
/// form (R-DDI-4 when alcohol use is unknown).
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
}

/// An interacting drug (or class), matched by whole words against the medication list.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interaction {
    pub name: String,
    pub rule: RuleId,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub brands: Vec<String>,
    #[serde(default)]
    pub members: Vec<String>,
    /// Words in a medication's name that mean this entry does not apply ("topical").
    #[serde(default)]
    pub unless: Vec<String>,
    pub management: String,
    pub text: String,
    pub source: Source,
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
    for id in RuleId::ALL {
        if !pack.rules.contains_key(id) {
            problems.push(format!("rules.{id}: missing"));
        }
    }
    for (id, meta) in &pack.rules {
        if meta.title.trim().is_empty() {
            problems.push(format!("rules.{id}: title is empty"));
        }
    }

    let mut names = std::collections::BTreeSet::new();
    for (i, drug) in pack.interactions.iter().enumerate() {
        if !matches!(drug.rule, RuleId::Ddi1 | RuleId::Ddi2) {
            problems.push(format!(
                "interactions[{i}] ({}): rule must be R-DDI-1 or R-DDI-2, not {}",
                drug.name, drug.rule
            ));
        }
        for name in std::iter::once(&drug.name)
            .chain(&drug.aliases)
            .chain(&drug.brands)
            .chain(&drug.members)
        {
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

    let t = &pack.thresholds;
    let positive = [
        (
            "thresholds.transaminase_repeat_x_uln",
            t.transaminase_repeat_x_uln.value,
        ),
        (
            "thresholds.transaminase_withhold_x_uln",
            t.transaminase_withhold_x_uln.value,
        ),
        (
            "thresholds.bilirubin_discontinue_x_uln",
            t.bilirubin_discontinue_x_uln.value,
        ),
        ("thresholds.dose_mg", t.dose_mg.value),
        ("default_uln.alt", pack.default_uln.alt.value),
        ("default_uln.ast", pack.default_uln.ast.value),
        ("default_uln.alp", pack.default_uln.alp.value),
        ("default_uln.bilirubin", pack.default_uln.bilirubin.value),
    ];
    for (entry, value) in positive {
        if !(value.is_finite() && value > 0.0) {
            problems.push(format!("{entry}: {value} must be a positive number"));
        }
    }
    if t.transaminase_withhold_x_uln.value <= t.transaminase_repeat_x_uln.value {
        problems.push(
            "thresholds.transaminase_withhold_x_uln: must be above transaminase_repeat_x_uln"
                .to_owned(),
        );
    }
    problems
}
