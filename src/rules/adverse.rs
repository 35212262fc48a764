//! Adverse reactions reported as symptoms: R-AE-1..3. (Adverse Reactions; Warnings/Precautions.)

use super::calendar::days_between;
use super::facts::Facts;
use super::format::{list, sentence};
use super::outcome::Outcome;
use crate::knowledge::{RuleId, pack};
use crate::record::SymptomKind;

pub fn check(facts: &Facts, out: &mut Outcome) {
    let window = pack().intervals.flu_like_after_dose_days.value;
    let flu_like: Vec<String> = facts
        .symptoms
        .iter()
        .filter(|symptom| symptom.kind == SymptomKind::FluLike)
        .filter_map(|symptom| {
            facts
                .doses
                .iter()
                .rev()
                .find(|dose| (0..=window).contains(&days_between(dose.date, symptom.date)))
                .map(|dose| format!("{} (dose on {})", symptom.date, dose.date))
        })
        .collect();
    if !flu_like.is_empty() {
        out.add(
            RuleId::Ae1,
            format!(
                "Flu-like symptoms on {}; reported in up to 30% within {window} days of an \
                 injection.",
                list(&flu_like)
            ),
        );
    }

    // "rash on 2025-01-02 and 2025-03-04", one entry per kind.
    let dates = |kinds: &[SymptomKind]| -> Vec<String> {
        kinds
            .iter()
            .filter_map(|&kind| {
                let dates: Vec<String> = facts
                    .symptoms
                    .iter()
                    .filter(|symptom| symptom.kind == kind)
                    .map(|symptom| symptom.date.to_string())
                    .collect();
                (!dates.is_empty()).then(|| format!("{} on {}", kind.label(), list(&dates)))
            })
            .collect()
    };
    let site = dates(&[SymptomKind::InjectionSiteReaction]);
    if !site.is_empty() {
        out.add(
            RuleId::Ae2,
            format!(
                "{}; minimize with proper subcutaneous technique and site rotation.",
                sentence(&list(&site))
            ),
        );
    }
    let allergic = dates(&[
        SymptomKind::Angioedema,
        SymptomKind::Urticaria,
        SymptomKind::Rash,
    ]);
    if !allergic.is_empty() {
        out.add(
            RuleId::Ae3,
            format!(
                "{}; assess for hypersensitivity to mipomersen, which contraindicates it.",
                sentence(&allergic.join("; "))
            ),
        );
    }
}
