//! How other systems name lab tests and units: the knowledge pack's names and LOINC codes for
//! each test, and units as labs print them or FHIR codes them (UCUM), with the conversions a
//! few of them need.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::format::number;
use crate::knowledge::{normalize_name, pack};
use crate::record::{LabTest, LabUnit};

/// Every name and code of the pack, normalised, with its test.
struct Names {
    by_name: HashMap<String, LabTest>,
    by_loinc: HashMap<String, LabTest>,
}

static NAMES: LazyLock<Names> = LazyLock::new(|| {
    let mut by_name = HashMap::new();
    let mut by_loinc = HashMap::new();
    for entry in &pack().lab_tests {
        // build.rs checked that every `test` is one of the file's.
        let Ok(test) = serde_json::from_value::<LabTest>(entry.test.clone().into()) else {
            continue;
        };
        for name in &entry.names {
            by_name.insert(normalize_name(name), test);
        }
        for code in &entry.loinc {
            by_loinc.insert(code.clone(), test);
        }
    }
    Names { by_name, by_loinc }
});

/// The test a lab's printed name means ("ALT (SGPT)", "GPT (ALAT)", "LDL Chol Calc (NIH)").
pub fn test_named(name: &str) -> Option<LabTest> {
    NAMES.by_name.get(&normalize_name(name)).copied()
}

/// The test a LOINC code means; codes of tests this app does not follow (a urine bilirubin,
/// 5770-3) mean none.
pub fn test_coded(loinc: &str) -> Option<LabTest> {
    NAMES.by_loinc.get(loinc.trim()).copied()
}

/// The LOINC code and display the FHIR export writes for a result of `test` in `unit`.
pub fn export_code(test: LabTest, unit: LabUnit) -> (&'static str, &'static str) {
    let entry = pack()
        .lab_tests
        .iter()
        .find(|entry| {
            serde_json::from_value::<LabTest>(entry.test.clone().into()).ok() == Some(test)
        })
        .expect("build.rs checked that every test has names");
    // An international unit is a unit: IU/L results carry the U/L code.
    let wanted = match unit {
        LabUnit::InternationalUnitsPerLitre => LabUnit::UnitsPerLitre,
        other => other,
    };
    let code = entry
        .export
        .iter()
        .find(|export| unit_named(&export.unit) == Some(wanted))
        .unwrap_or(&entry.export[0]);
    (code.loinc.as_str(), code.display.as_str())
}

/// A unit the patient file knows, as labs print it or FHIR codes it: "IU/l", "[IU]/L",
/// "umol/L", "µmol/l", "mg/dl", "U/L (37 C)" (the measuring temperature is not a unit).
pub fn unit_named(unit: &str) -> Option<LabUnit> {
    let unit = without_temperature(unit).replace('μ', "µ").to_lowercase();
    Some(match unit.trim() {
        "u/l" => LabUnit::UnitsPerLitre,
        "iu/l" | "[iu]/l" => LabUnit::InternationalUnitsPerLitre,
        "mg/dl" => LabUnit::MgPerDl,
        "umol/l" | "µmol/l" => LabUnit::UmolPerL,
        "mmol/l" => LabUnit::MmolPerL,
        "g/l" => LabUnit::GPerL,
        "1" | "" | "ratio" | "{ratio}" | "{inr}" | "inr" => LabUnit::Ratio,
        _ => return None,
    })
}

/// "U/L (37 C)" → "U/L": labs print the measuring temperature after the unit.
fn without_temperature(unit: &str) -> &str {
    match unit.split_once('(') {
        Some((unit, rest)) if rest.contains('C') || rest.contains('°') => unit.trim(),
        _ => unit.trim(),
    }
}

/// A value of `test` as printed in `unit`: in a unit the file knows, or converted into one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InUnit {
    pub unit: LabUnit,
    /// What a value in the printed unit is multiplied by (1 unless converted).
    pub factor: f64,
}

impl InUnit {
    /// "1.25 µkat/L = 75 U/L", or `None` when nothing was converted.
    pub fn conversion(&self, value: f64, printed: &str) -> Option<String> {
        ((self.factor - 1.0).abs() > f64::EPSILON).then(|| {
            format!(
                "{} {} = {} {}",
                number(value),
                without_temperature(printed),
                number(value * self.factor),
                self.unit
            )
        })
    }
}

/// The unit of a result of `test` printed as `printed`; an error names what was expected.
pub fn unit_of(test: LabTest, printed: &str) -> Result<InUnit, String> {
    let known = unit_named(printed)
        .or_else(|| (test == LabTest::Inr && printed.trim().is_empty()).then_some(LabUnit::Ratio));
    if let Some(unit) = known.filter(|unit| test.accepted_units().contains(unit)) {
        return Ok(InUnit { unit, factor: 1.0 });
    }
    let lower = without_temperature(printed)
        .replace('μ', "µ")
        .to_lowercase();
    let (factor, unit) = match (test, lower.as_str()) {
        // 1 µkat/L = 60 U/L (1 U = 1 µmol/min).
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
        _ if printed.trim().is_empty() => return Err(format!("{test} has no unit")),
        _ => {
            let accepted: Vec<&str> = test
                .accepted_units()
                .iter()
                .map(|unit| match unit.symbol() {
                    "" => "1",
                    symbol => symbol,
                })
                .collect();
            return Err(format!(
                "{test} in \"{}\" cannot be read (expected {})",
                printed.trim(),
                accepted.join(" or ")
            ));
        }
    };
    Ok(InUnit { unit, factor })
}

/// The UCUM code of a unit, as FHIR writes it.
pub fn ucum(unit: LabUnit) -> &'static str {
    match unit {
        LabUnit::UnitsPerLitre => "U/L",
        LabUnit::InternationalUnitsPerLitre => "[IU]/L",
        LabUnit::MgPerDl => "mg/dL",
        LabUnit::UmolPerL => "umol/L",
        LabUnit::MmolPerL => "mmol/L",
        LabUnit::GPerL => "g/L",
        LabUnit::Ratio => "{INR}",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_labs_print_are_matched() {
        for (name, test) in [
            ("ALT", LabTest::Alt),
            ("ALT (SGPT)", LabTest::Alt),
            ("Alanine Aminotransferase (ALT)", LabTest::Alt),
            ("GPT (ALAT)", LabTest::Alt),
            ("AST/SGOT", LabTest::Ast),
            ("GOT (ASAT)", LabTest::Ast),
            ("Bilirubin, total", LabTest::Bilirubin),
            ("Bilirubin gesamt", LabTest::Bilirubin),
            ("LDL-C", LabTest::LdlC),
            ("LDL Chol Calc (NIH)", LabTest::LdlC),
            ("LDL-Cholesterin", LabTest::LdlC),
            ("Cholesterol, Total", LabTest::TotalC),
            ("Non-HDL Cholesterol", LabTest::NonHdlC),
            ("Apolipoprotein B", LabTest::Apob),
            ("AP", LabTest::Alp),
            ("PT/INR", LabTest::Inr),
        ] {
            assert_eq!(test_named(name), Some(test), "{name}");
        }
        for name in [
            "Glucose",
            "Prothrombin Time",
            "VLDL Cholesterol Cal",
            "Gamma-GT",
        ] {
            assert_eq!(test_named(name), None, "{name}");
        }
    }

    #[test]
    fn loinc_codes_decide_and_unfollowed_codes_mean_nothing() {
        assert_eq!(test_coded("1742-6"), Some(LabTest::Alt));
        assert_eq!(test_coded("14631-6"), Some(LabTest::Bilirubin));
        assert_eq!(test_coded("5770-3"), None, "urine bilirubin");
    }

    #[test]
    fn the_export_writes_the_code_of_the_unit() {
        assert_eq!(
            export_code(LabTest::Bilirubin, LabUnit::UmolPerL).0,
            "14631-6"
        );
        assert_eq!(
            export_code(LabTest::Bilirubin, LabUnit::MgPerDl).0,
            "1975-2"
        );
        assert_eq!(export_code(LabTest::LdlC, LabUnit::MgPerDl).0, "2089-1");
        assert_eq!(export_code(LabTest::LdlC, LabUnit::MmolPerL).0, "22748-8");
        assert_eq!(
            export_code(LabTest::Alt, LabUnit::InternationalUnitsPerLitre).0,
            "1742-6"
        );
    }

    #[test]
    fn unit_spellings_are_forgiven_and_some_converted() {
        assert_eq!(
            unit_named("IU/l"),
            Some(LabUnit::InternationalUnitsPerLitre)
        );
        assert_eq!(
            unit_named("[IU]/L"),
            Some(LabUnit::InternationalUnitsPerLitre)
        );
        assert_eq!(unit_named("μmol/L"), Some(LabUnit::UmolPerL));
        assert_eq!(unit_named("U/L (37 C)"), Some(LabUnit::UnitsPerLitre));
        assert_eq!(unit_named("U/L (37°C)"), Some(LabUnit::UnitsPerLitre));
        assert_eq!(unit_named("furlongs"), None);
        let katal = unit_of(LabTest::Alt, "µkat/l").expect("converted");
        assert!((katal.factor - 60.0).abs() < f64::EPSILON);
        assert_eq!(
            katal.conversion(1.25, "µkat/l").as_deref(),
            Some("1.25 µkat/l = 75 U/L")
        );
        assert_eq!(
            unit_of(LabTest::Alt, "ukat/L").map(|u| u.unit),
            Ok(LabUnit::UnitsPerLitre)
        );
        assert_eq!(
            unit_of(LabTest::Inr, "").map(|u| u.unit),
            Ok(LabUnit::Ratio)
        );
        assert!(unit_of(LabTest::Alt, "mg/dL").is_err());
    }
}
