//! How other systems name lab tests and units: names and LOINC codes for each test, UCUM units,
//! and a forgiving match of the names labs print ("ALT (SGPT)", "Alanine aminotransferase",
//! "1742-6").

use crate::record::{LabTest, LabUnit};

/// The LOINC codes that mean each test; the first is the one written.
pub fn loinc(test: LabTest) -> &'static [&'static str] {
    match test {
        LabTest::Alt => &["1742-6", "1743-4", "77144-9"],
        LabTest::Ast => &["1920-8", "30239-8"],
        LabTest::Alp => &["6768-6"],
        LabTest::Bilirubin => &["1975-2", "14631-6"],
        LabTest::Inr => &["6301-6", "34714-6"],
        LabTest::LdlC => &["13457-7", "18262-6", "22748-8", "2089-1"],
        LabTest::TotalC => &["2093-3", "14647-2"],
        LabTest::HdlC => &["2085-9", "14646-4"],
        LabTest::Triglycerides => &["2571-8", "14927-8"],
        LabTest::Apob => &["1884-6"],
        LabTest::NonHdlC => &["43396-1"],
    }
}

/// Names labs print for each test (matched after [`normalize`]).
fn names(test: LabTest) -> &'static [&'static str] {
    match test {
        LabTest::Alt => &[
            "alt",
            "alt sgpt",
            "sgpt",
            "alat",
            "gpt",
            "alanine aminotransferase",
            "alanine transaminase",
        ],
        LabTest::Ast => &[
            "ast",
            "ast sgot",
            "sgot",
            "asat",
            "got",
            "aspartate aminotransferase",
            "aspartate transaminase",
        ],
        LabTest::Alp => &["alp", "alk phos", "alkphos", "alkaline phosphatase"],
        LabTest::Bilirubin => &[
            "bilirubin",
            "total bilirubin",
            "bilirubin total",
            "tbil",
            "t bili",
            "bili total",
        ],
        LabTest::Inr => &["inr", "pt inr", "international normalized ratio"],
        LabTest::LdlC => &[
            "ldl",
            "ldl c",
            "ldl cholesterol",
            "ldl cholesterol calculated",
            "ldl calc",
            "ldl chol",
        ],
        LabTest::TotalC => &[
            "cholesterol",
            "total cholesterol",
            "cholesterol total",
            "tc",
            "chol",
        ],
        LabTest::HdlC => &["hdl", "hdl c", "hdl cholesterol", "hdl chol"],
        LabTest::Triglycerides => &["triglycerides", "triglyceride", "tg", "trig", "trigs"],
        LabTest::Apob => &[
            "apob",
            "apo b",
            "apolipoprotein b",
            "apolipoprotein b100",
            "apo b100",
        ],
        LabTest::NonHdlC => &["non hdl", "non hdl c", "non hdl cholesterol", "nonhdl"],
    }
}

/// Lower case, letters and digits, single spaces: "ALT (SGPT)" → "alt sgpt".
pub fn normalize(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The test a lab's name or LOINC code means.
pub fn test_named(name: &str) -> Option<LabTest> {
    let wanted = normalize(name);
    LabTest::ALL.into_iter().find(|&test| {
        names(test).iter().any(|known| normalize(known) == wanted)
            || loinc(test).iter().any(|code| normalize(code) == wanted)
    })
}

/// A unit as labs print it ("IU/l", "umol/L", "µmol/L", "mg/dl"), if it is one the file knows.
pub fn unit_named(unit: &str) -> Option<LabUnit> {
    let unit = unit.trim().replace('μ', "µ").to_lowercase();
    Some(match unit.as_str() {
        "u/l" => LabUnit::UnitsPerLitre,
        "iu/l" => LabUnit::InternationalUnitsPerLitre,
        "mg/dl" => LabUnit::MgPerDl,
        "umol/l" | "µmol/l" => LabUnit::UmolPerL,
        "mmol/l" => LabUnit::MmolPerL,
        "g/l" => LabUnit::GPerL,
        "1" | "" | "ratio" | "{ratio}" | "{inr}" => LabUnit::Ratio,
        _ => return None,
    })
}

/// The UCUM code of a unit, as FHIR writes it.
pub fn ucum(unit: LabUnit) -> &'static str {
    match unit {
        LabUnit::UnitsPerLitre | LabUnit::InternationalUnitsPerLitre => "U/L",
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
            ("Alanine aminotransferase", LabTest::Alt),
            ("1742-6", LabTest::Alt),
            ("AST/SGOT", LabTest::Ast),
            ("Bilirubin, total", LabTest::Bilirubin),
            ("14631-6", LabTest::Bilirubin),
            ("LDL-C", LabTest::LdlC),
            ("Cholesterol, Total", LabTest::TotalC),
            ("Non-HDL Cholesterol", LabTest::NonHdlC),
            ("Apolipoprotein B", LabTest::Apob),
        ] {
            assert_eq!(test_named(name), Some(test), "{name}");
        }
        assert_eq!(test_named("Glucose"), None);
    }

    #[test]
    fn every_loinc_code_means_one_test() {
        let mut codes: Vec<&str> = LabTest::ALL
            .iter()
            .flat_map(|&test| loinc(test).iter().copied())
            .collect();
        let count = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), count);
    }

    #[test]
    fn unit_spellings_are_forgiven() {
        assert_eq!(
            unit_named("IU/l"),
            Some(LabUnit::InternationalUnitsPerLitre)
        );
        assert_eq!(unit_named("μmol/L"), Some(LabUnit::UmolPerL));
        assert_eq!(unit_named("mg/dl"), Some(LabUnit::MgPerDl));
        assert_eq!(unit_named("furlongs"), None);
    }
}
