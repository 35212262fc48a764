//! Adverse reactions reported as symptoms: R-AE-1..3. (Adverse Reactions; Warnings/Precautions.)

use super::calendar::days_between;
use super::facts::Facts;
use super::format::list;
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

    let dates = |kinds: &[SymptomKind]| -> Vec<String> {
        facts
            .symptoms
            .iter()
            .filter(|symptom| kinds.contains(&symptom.kind))
            .map(|symptom| format!("{} on {}", symptom.kind.label(), symptom.date))
            .collect()
    };
    let site = dates(&[SymptomKind::InjectionSiteReaction]);
    if !site.is_empty() {
        out.add(
            RuleId::Ae2,
            format!(
                "{}; minimize with proper subcutaneous technique and site rotation.",
                list(&site)
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
                list(&allergic)
            ),
        );
    }
}
