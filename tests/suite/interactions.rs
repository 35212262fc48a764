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

/// A brand is the drug; a combination product contains it.
#[test]
fn r_ddi_1_says_whether_a_product_is_the_drug_or_contains_it() {
    for (name, says) in [
        ("Tylenol 500 mg", "Tylenol 500 mg (acetaminophen): "),
        (
            "Percocet 5/325",
            "Percocet 5/325 (contains acetaminophen): ",
        ),
        ("Acetaminophen 500 mg", "Acetaminophen 500 mg: "),
    ] {
        let assessment = evaluate(&taking(&[name]), "2025-05-28");
        let detail = &finding(&assessment, RuleId::Ddi1).detail;
        assert!(detail.starts_with(says), "{detail}");
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
        // Days not recorded: taken as every day, and said.
        (Some(5000.0), None, true),
        (None, None, false),
    ];
    for (mg, days, warned) in cases {
        let mut record = taking(&["Tylenol"]);
        record.medications[0].daily_dose_mg = mg;
        record.medications[0].days_per_week = days;
        let assessment = evaluate(&record, "2025-05-28");
        assert_eq!(assessment.has(RuleId::Ddi3), warned, "{mg:?} {days:?}");
        if warned {
            let found = finding(&assessment, RuleId::Ddi3);
            assert_eq!(found.severity, Severity::Warning);
            assert_eq!(
                found.detail.contains("days a week not recorded"),
                days.is_none(),
                "{}",
                found.detail
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

/// A product active today with its daily amount and days a week.
fn product(name: &str, daily_dose_mg: f64, days_per_week: u8) -> Medication {
    Medication {
        name: name.to_owned(),
        start: None,
        stop: None,
        daily_dose_mg: Some(daily_dose_mg),
        days_per_week: Some(days_per_week),
    }
}

/// R-DDI-3 (rev 2): the daily amount is the total over every product that contains
/// acetaminophen; the days are those of the product taken on the most days.
#[test]
fn r_ddi_3_two_acetaminophen_products_that_together_pass_4_g() {
    let mut record = taking(&[]);
    record.medications = vec![
        product("Tylenol Extra Strength", 3000.0, 7),
        product("Percocet 5/325", 1300.0, 2),
    ];
    let heavy = finding(&evaluate(&record, "2025-05-28"), RuleId::Ddi3)
        .detail
        .clone();
    assert!(
        heavy.contains("4300 mg of acetaminophen a day in all, on up to 7 days"),
        "{heavy}"
    );

    // Exactly 4 g in all is not more than 4 g.
    record.medications = vec![product("Tylenol", 3000.0, 7), product("Norco", 1000.0, 7)];
    assert_absent(&evaluate(&record, "2025-05-28"), RuleId::Ddi3);

    // More than 4 g, but on 2 days a week at most.
    record.medications = vec![
        product("Tylenol", 3000.0, 2),
        product("Excedrin", 1500.0, 1),
    ];
    assert_absent(&evaluate(&record, "2025-05-28"), RuleId::Ddi3);

    // A product stopped before today does not count.
    record.medications = vec![product("Tylenol", 3000.0, 7), product("NyQuil", 2000.0, 7)];
    record.medications[1].stop = Some(d("2025-05-01"));
    assert_absent(&evaluate(&record, "2025-05-28"), RuleId::Ddi3);
}

/// R-DDI-5 (rev 2): the same drug under two names is recorded twice; two members of a class are
/// not the same drug.
#[test]
fn r_ddi_5_the_same_drug_under_two_names() {
    let same = evaluate(&taking(&["Tylenol", "Acetaminophen 500 mg"]), "2025-05-28");
    let twice = finding(&same, RuleId::Ddi5);
    assert_eq!(twice.severity, Severity::Caution);
    assert!(
        twice
            .detail
            .contains("\"Tylenol\" and \"Acetaminophen 500 mg\" are the same drug, acetaminophen"),
        "{}",
        twice.detail
    );

    let combination = evaluate(&taking(&["Percocet", "Panadol"]), "2025-05-28");
    assert!(combination.has(RuleId::Ddi5));

    let class = evaluate(
        &taking(&["Doxycycline 100 mg", "Minocycline"]),
        "2025-05-28",
    );
    assert_absent(&class, RuleId::Ddi5);
    let brand = evaluate(
        &taking(&["Vibramycin", "Doxycycline hyclate"]),
        "2025-05-28",
    );
    assert!(brand.has(RuleId::Ddi5));

    // A drug the pack does not know, recorded twice with its strength.
    let unknown = evaluate(
        &taking(&["Atorvastatin 40 mg", "atorvastatin 80 mg tablet"]),
        "2025-05-28",
    );
    assert!(
        finding(&unknown, RuleId::Ddi5)
            .detail
            .contains("atorvastatin")
    );
    assert_absent(
        &evaluate(&taking(&["Atorvastatin", "Ezetimibe"]), "2025-05-28"),
        RuleId::Ddi5,
    );
}

/// The brand and combination names real medication lists carry (issue: knowledge pack).
#[test]
fn brand_and_combination_names_match_their_drug_and_look_alikes_do_not() {
    for (name, generic) in [
        ("co-codamol 30/500", "acetaminophen"),
        ("Ultracet", "acetaminophen"),
        ("Percocet 5/325", "acetaminophen"),
        ("Endocet", "acetaminophen"),
        ("Roxicet", "acetaminophen"),
        ("Fioricet", "acetaminophen"),
        ("Vicks NyQuil Cold & Flu", "acetaminophen"),
        ("DayQuil", "acetaminophen"),
        ("Excedrin Migraine", "acetaminophen"),
        ("Vibramycin", "doxycycline"),
        ("Vibra-Tabs 100 mg", "doxycycline"),
        ("Doryx", "doxycycline"),
        ("Minocin", "minocycline"),
        ("Solodyn ER", "minocycline"),
        ("Absorica", "isotretinoin"),
        ("Claravis", "isotretinoin"),
        ("Pacerone 200 mg", "amiodarone"),
        ("Trexall", "methotrexate"),
        ("Otrexup", "methotrexate"),
        ("Rasuvo", "methotrexate"),
        ("Soltamox", "tamoxifen"),
        ("Nolvadex", "tamoxifen"),
        ("Juxtapid", "lomitapide"),
    ] {
        let found: Vec<&str> = mipomersen_monitor::rules::interaction_matches(name)
            .into_iter()
            .map(|m| m.generic)
            .collect();
        assert_eq!(found, [generic], "{name}");
    }
    for name in [
        "Atorvastatin",
        "Doxazosin",
        "Minoxidil",
        "Tamsulosin",
        "Methocarbamol",
        "Codeine",
        "Oxycodone 5 mg",
        "Tramadol",
        "Ibuprofen",
        "Aspirin 81 mg",
        "Isotretinoin gel",
        "Tetrabenazine",
        "Amlodipine",
        "Evolocumab",
        "Ezetimibe",
        "Acetylcysteine",
        "Mipomersen",
    ] {
        assert!(
            mipomersen_monitor::rules::interaction_matches(name).is_empty(),
            "{name}"
        );
    }
}
