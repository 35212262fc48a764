//! R-DDI-1..4: interacting drugs active today, heavy acetaminophen, alcohol.

use mipomersen_monitor::knowledge::{RuleId, Severity};
use mipomersen_monitor::record::{Medication, Record};

use crate::support::*;

fn taking(names: &[&str]) -> Record {
    let mut record = on_therapy("2025-05-26");
    record.medications = names
        .iter()
        .map(|name| Medication {
            name: (*name).to_owned(),
            start: None,
            stop: None,
            daily_dose_mg: None,
            days_per_week: None,
        })
        .collect();
    record
}

#[test]
fn r_ddi_1_each_monitor_therapy_drug_cautions() {
    for name in [
        "Acetaminophen",
        "Amiodarone",
        "Isotretinoin",
        "Methotrexate",
        "Propacetamol",
        "Tamoxifen",
        "Minocycline",
        "hydrocodone/acetaminophen",
    ] {
        let assessment = evaluate(&taking(&[name]), "2025-05-28");
        let interaction = finding(&assessment, RuleId::Ddi1);
        assert_eq!(interaction.severity, Severity::Caution, "{name}");
        assert!(
            interaction.detail.starts_with(name),
            "{}",
            interaction.detail
        );
        assert_eq!(interaction.source, "Drug Interactions");
    }
}

#[test]
fn r_ddi_2_lomitapide_is_critical_by_any_name() {
    for name in ["Lomitapide", "JUXTAPID 5 mg"] {
        let assessment = evaluate(&taking(&[name]), "2025-05-28");
        assert_eq!(
            finding(&assessment, RuleId::Ddi2).severity,
            Severity::Critical
        );
        assert!(
            finding(&assessment, RuleId::Ddi2)
                .detail
                .contains("steatosis")
        );
    }
}

#[test]
fn each_interacting_medication_has_its_own_finding() {
    let assessment = evaluate(
        &taking(&["Methotrexate", "Tamoxifen", "Atorvastatin"]),
        "2025-05-28",
    );
    let count = assessment
        .findings
        .iter()
        .filter(|f| f.rule == RuleId::Ddi1)
        .count();
    assert_eq!(count, 2);
}

#[test]
fn only_medications_active_today_are_matched() {
    let mut record = taking(&["Amiodarone"]);
    record.medications[0].stop = Some(d("2025-05-27"));
    assert_absent(&evaluate(&record, "2025-05-28"), RuleId::Ddi1);
    record.medications[0].stop = Some(d("2025-05-28"));
    assert!(evaluate(&record, "2025-05-28").has(RuleId::Ddi1));
    record.medications[0].start = Some(d("2025-05-29"));
    record.medications[0].stop = None;
    assert_absent(&evaluate(&record, "2025-05-28"), RuleId::Ddi1);
}

#[test]
fn r_ddi_3_more_than_4_g_a_day_on_3_or_more_days_a_week_warns() {
    let cases = [
        (Some(4000.0), Some(7), false),
        (Some(4001.0), Some(3), true),
        (Some(5000.0), Some(2), false),
        (Some(5000.0), None, false),
    ];
    for (mg, days, warned) in cases {
        let mut record = taking(&["Tylenol"]);
        record.medications[0].daily_dose_mg = mg;
        record.medications[0].days_per_week = days;
        let assessment = evaluate(&record, "2025-05-28");
        assert_eq!(assessment.has(RuleId::Ddi3), warned, "{mg:?} {days:?}");
        if warned {
            assert_eq!(
                finding(&assessment, RuleId::Ddi3).severity,
                Severity::Warning
            );
        }
    }
}

#[test]
fn r_ddi_4_more_than_one_drink_a_day_warns_and_unknown_informs() {
    let mut record = on_therapy("2025-05-26");
    record.alcohol_drinks_per_day = Some(1.0);
    assert_absent(&evaluate(&record, "2025-05-28"), RuleId::Ddi4);
    record.alcohol_drinks_per_day = Some(1.5);
    let heavy = evaluate(&record, "2025-05-28");
    assert_eq!(finding(&heavy, RuleId::Ddi4).severity, Severity::Warning);
    record.alcohol_drinks_per_day = None;
    let unknown = evaluate(&record, "2025-05-28");
    assert_eq!(finding(&unknown, RuleId::Ddi4).severity, Severity::Info);
    assert!(unknown.unknown.contains(&"alcohol use"));
}
