//! Lab tests, their units, conversion to one canonical unit per test, and plausible ranges.
//!
//! The rules compare canonical values (U/L for enzymes, mg/dL for bilirubin, lipids and apoB),
//! so a file may report in whichever unit its lab uses.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::knowledge::{Bounds, pack};

/// mg/dL of bilirubin per µmol/L: 1 mg/dL = 17.1 µmol/L (molar mass 584.7 g/mol).
const BILIRUBIN_UMOL_PER_MG_DL: f64 = 17.1;
/// mg/dL of cholesterol per mmol/L (molar mass 386.7 g/mol).
const CHOLESTEROL_MG_DL_PER_MMOL: f64 = 38.67;
/// mg/dL of triglycerides per mmol/L (as triolein, 885.7 g/mol).
const TRIGLYCERIDES_MG_DL_PER_MMOL: f64 = 88.57;
/// mg/dL per g/L.
const MG_DL_PER_G_L: f64 = 100.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabTest {
    Alt,
    Ast,
    Alp,
    Bilirubin,
    Inr,
    LdlC,
    TotalC,
    HdlC,
    Triglycerides,
    Apob,
    NonHdlC,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LabUnit {
    #[serde(rename = "U/L")]
    UnitsPerLitre,
    #[serde(rename = "IU/L")]
    InternationalUnitsPerLitre,
    #[serde(rename = "mg/dL")]
    MgPerDl,
    #[serde(rename = "umol/L", alias = "µmol/L", alias = "μmol/L")]
    UmolPerL,
    #[serde(rename = "mmol/L")]
    MmolPerL,
    #[serde(rename = "g/L")]
    GPerL,
    #[serde(rename = "1")]
    Ratio,
}

impl LabUnit {
    /// The unit as a clinician reads it.
    pub fn symbol(self) -> &'static str {
        match self {
            LabUnit::UnitsPerLitre => "U/L",
            LabUnit::InternationalUnitsPerLitre => "IU/L",
            LabUnit::MgPerDl => "mg/dL",
            LabUnit::UmolPerL => "µmol/L",
            LabUnit::MmolPerL => "mmol/L",
            LabUnit::GPerL => "g/L",
            LabUnit::Ratio => "",
        }
    }
}

impl fmt::Display for LabUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

impl LabTest {
    pub const ALL: [LabTest; 11] = [
        LabTest::Alt,
        LabTest::Ast,
        LabTest::Alp,
        LabTest::Bilirubin,
        LabTest::Inr,
        LabTest::LdlC,
        LabTest::TotalC,
        LabTest::HdlC,
        LabTest::Triglycerides,
        LabTest::Apob,
        LabTest::NonHdlC,
    ];

    /// The name a clinician reads.
    pub fn label(self) -> &'static str {
        match self {
            LabTest::Alt => "ALT",
            LabTest::Ast => "AST",
            LabTest::Alp => "ALP",
            LabTest::Bilirubin => "total bilirubin",
            LabTest::Inr => "INR",
            LabTest::LdlC => "LDL-C",
            LabTest::TotalC => "total cholesterol",
            LabTest::HdlC => "HDL-C",
            LabTest::Triglycerides => "triglycerides",
            LabTest::Apob => "apoB",
            LabTest::NonHdlC => "non-HDL-C",
        }
    }

    /// The unit the rules work in.
    pub fn canonical_unit(self) -> LabUnit {
        match self {
            LabTest::Alt | LabTest::Ast | LabTest::Alp => LabUnit::UnitsPerLitre,
            LabTest::Inr => LabUnit::Ratio,
            _ => LabUnit::MgPerDl,
        }
    }

    /// The units a file may report this test in.
    pub fn accepted_units(self) -> &'static [LabUnit] {
        match self {
            LabTest::Alt | LabTest::Ast | LabTest::Alp => {
                &[LabUnit::UnitsPerLitre, LabUnit::InternationalUnitsPerLitre]
            }
            LabTest::Bilirubin => &[LabUnit::MgPerDl, LabUnit::UmolPerL],
            LabTest::Inr => &[LabUnit::Ratio],
            LabTest::LdlC
            | LabTest::TotalC
            | LabTest::HdlC
            | LabTest::Triglycerides
            | LabTest::NonHdlC => &[LabUnit::MgPerDl, LabUnit::MmolPerL],
            // apoB is a protein: mass units only; there is no standard molar factor.
            LabTest::Apob => &[LabUnit::MgPerDl, LabUnit::GPerL],
        }
    }

    /// How many canonical units one `unit` is, or `None` if this test is not reported in it.
    pub fn factor_to_canonical(self, unit: LabUnit) -> Option<f64> {
        if !self.accepted_units().contains(&unit) {
            return None;
        }
        Some(match (self, unit) {
            (LabTest::Bilirubin, LabUnit::UmolPerL) => 1.0 / BILIRUBIN_UMOL_PER_MG_DL,
            (LabTest::Triglycerides, LabUnit::MmolPerL) => TRIGLYCERIDES_MG_DL_PER_MMOL,
            (_, LabUnit::MmolPerL) => CHOLESTEROL_MG_DL_PER_MMOL,
            (_, LabUnit::GPerL) => MG_DL_PER_G_L,
            _ => 1.0,
        })
    }

    /// Converts a value of this test from one accepted unit to another; a value already in
    /// the unit is returned as it is, not multiplied and divided by a factor.
    pub fn convert(self, value: f64, from: LabUnit, to: LabUnit) -> Option<f64> {
        let (from_factor, to_factor) = (
            self.factor_to_canonical(from)?,
            self.factor_to_canonical(to)?,
        );
        if from_factor.to_bits() == to_factor.to_bits() {
            return Some(value);
        }
        Some(value * from_factor / to_factor)
    }

    /// The largest value (canonical unit) a real result can have; above it is a typo.
    pub fn plausible_max(self) -> f64 {
        match self {
            LabTest::Alt | LabTest::Ast => 50_000.0,
            LabTest::Alp => 10_000.0,
            LabTest::Bilirubin => 60.0,
            LabTest::Inr => 20.0,
            LabTest::LdlC | LabTest::TotalC | LabTest::NonHdlC => 3_000.0,
            LabTest::HdlC => 400.0,
            LabTest::Triglycerides => 30_000.0,
            LabTest::Apob => 1_000.0,
        }
    }

    /// The ULN used where a result in `unit` has none (R-ULN-1): the knowledge pack's policy
    /// default exactly as written for that unit, never converted from another (SPEC.md §1).
    pub fn default_uln(self, unit: LabUnit) -> Option<f64> {
        let defaults = &pack().default_uln;
        let default = match (self, unit) {
            (LabTest::Alt, _) => &defaults.alt,
            (LabTest::Ast, _) => &defaults.ast,
            (LabTest::Alp, _) => &defaults.alp,
            (LabTest::Bilirubin, LabUnit::UmolPerL) => &defaults.bilirubin_umol,
            (LabTest::Bilirubin, _) => &defaults.bilirubin,
            _ => return None,
        };
        self.accepted_units()
            .contains(&unit)
            .then_some(default.value)
    }

    /// The ULNs a laboratory can plausibly report in `unit` (SPEC.md §4, policy).
    pub fn uln_bounds(self, unit: LabUnit) -> Option<&'static Bounds> {
        let bounds = &pack().uln_bounds;
        let range = match (self, unit) {
            (LabTest::Alt, _) => &bounds.alt,
            (LabTest::Ast, _) => &bounds.ast,
            (LabTest::Alp, _) => &bounds.alp,
            (LabTest::Bilirubin, LabUnit::UmolPerL) => &bounds.bilirubin_umol,
            (LabTest::Bilirubin, _) => &bounds.bilirubin,
            _ => return None,
        };
        self.accepted_units().contains(&unit).then_some(range)
    }

    /// Tests judged against an upper limit of normal (R-ULN-1, R-BASE-2).
    pub fn has_uln(self) -> bool {
        matches!(
            self,
            LabTest::Alt | LabTest::Ast | LabTest::Alp | LabTest::Bilirubin
        )
    }

    /// ALT and AST.
    pub fn is_transaminase(self) -> bool {
        matches!(self, LabTest::Alt | LabTest::Ast)
    }
}

impl fmt::Display for LabTest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9 * b.abs().max(1.0)
    }

    #[test]
    fn bilirubin_umol_converts_to_mg_dl() {
        let mg = LabTest::Bilirubin
            .convert(20.52, LabUnit::UmolPerL, LabUnit::MgPerDl)
            .expect("accepted");
        assert!(close(mg, 1.2), "{mg}");
    }

    #[test]
    fn cholesterol_and_triglycerides_use_their_own_factors() {
        let ldl = LabTest::LdlC.convert(2.0, LabUnit::MmolPerL, LabUnit::MgPerDl);
        let tg = LabTest::Triglycerides.convert(2.0, LabUnit::MmolPerL, LabUnit::MgPerDl);
        assert!(close(ldl.expect("accepted"), 77.34));
        assert!(close(tg.expect("accepted"), 177.14));
    }

    #[test]
    fn apob_g_l_converts_to_mg_dl() {
        let mg = LabTest::Apob.convert(1.1, LabUnit::GPerL, LabUnit::MgPerDl);
        assert!(close(mg.expect("accepted"), 110.0));
    }

    #[test]
    fn conversion_round_trips() {
        for test in LabTest::ALL {
            for &unit in test.accepted_units() {
                let there = test
                    .convert(123.4, unit, test.canonical_unit())
                    .expect("accepted");
                let back = test
                    .convert(there, test.canonical_unit(), unit)
                    .expect("accepted");
                assert!(close(back, 123.4), "{test} {unit}");
            }
        }
    }

    #[test]
    fn a_unit_the_test_is_not_reported_in_is_refused() {
        assert_eq!(LabTest::Alt.factor_to_canonical(LabUnit::MgPerDl), None);
        assert_eq!(
            LabTest::Bilirubin.factor_to_canonical(LabUnit::MmolPerL),
            None
        );
        assert_eq!(LabTest::Apob.factor_to_canonical(LabUnit::MmolPerL), None);
        assert_eq!(
            LabTest::Inr.factor_to_canonical(LabUnit::UnitsPerLitre),
            None
        );
    }

    #[test]
    fn the_bilirubin_default_is_as_written_for_each_unit() {
        assert_eq!(
            LabTest::Bilirubin.default_uln(LabUnit::UmolPerL),
            Some(20.5)
        );
        assert_eq!(LabTest::Bilirubin.default_uln(LabUnit::MgPerDl), Some(1.2));
        assert_eq!(
            LabTest::Alt.default_uln(LabUnit::InternationalUnitsPerLitre),
            Some(40.0)
        );
        assert_eq!(LabTest::LdlC.default_uln(LabUnit::MgPerDl), None);
        assert_eq!(LabTest::Alt.default_uln(LabUnit::MgPerDl), None);
    }

    #[test]
    fn iu_per_litre_equals_units_per_litre() {
        assert_eq!(
            LabTest::Ast.factor_to_canonical(LabUnit::InternationalUnitsPerLitre),
            Some(1.0)
        );
    }
}
