//! Drug interactions and alcohol: R-DDI-1..4. (Drug Interactions; Dietary Considerations;
//! Warnings/Precautions.)
//!
//! Names match case-insensitively and by whole words, so "hydrocodone/acetaminophen" matches
//! acetaminophen but "paracetamolum-free" lists and longer words do not match by accident.

use std::sync::LazyLock;

use super::facts::Facts;
use super::format::number;
use super::outcome::Outcome;
use crate::knowledge::{Interaction, RuleId, pack};
use crate::record::Medication;

/// The name of the pack entry whose high daily doses R-DDI-3 watches.
const ACETAMINOPHEN: &str = "acetaminophen";

/// Every pack entry with its names split into words, once.
struct Matcher {
    entries: Vec<(&'static Interaction, Vec<Vec<String>>)>,
}

static MATCHER: LazyLock<Matcher> = LazyLock::new(|| Matcher {
    entries: pack()
        .interactions
        .iter()
        .map(|drug| {
            let names = std::iter::once(&drug.name)
                .chain(&drug.aliases)
                .chain(&drug.brands)
                .chain(&drug.members)
                .map(|name| words(name))
                .collect();
            (drug, names)
        })
        .collect(),
});

/// Lower-case words of a name: letters and digits, split at everything else.
fn words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The pack entries a medication name matches, each with the name that matched.
pub fn matches(medication: &str) -> Vec<(&'static Interaction, String)> {
    let words = words(medication);
    MATCHER
        .entries
        .iter()
        .filter(|(drug, _)| {
            !drug
                .unless
                .iter()
                .any(|exception| words.contains(&exception.to_lowercase()))
        })
        .filter_map(|(drug, names)| {
            names
                .iter()
                .find(|name| words.windows(name.len()).any(|run| run == name.as_slice()))
                .map(|name| (*drug, name.join(" ")))
        })
        .collect()
}

pub fn check(facts: &Facts, out: &mut Outcome) {
    for medication in facts
        .record
        .medications
        .iter()
        .filter(|medication| medication.active_on(facts.today))
    {
        for (drug, matched) in matches(&medication.name) {
            let via = if matched == drug.name {
                String::new()
            } else {
                format!(" (contains {})", drug.name)
            };
            out.add(
                drug.rule,
                format!(
                    "{}{via}: {} Management: {}.",
                    medication.name, drug.text, drug.management
                ),
            );
            if drug.name == ACETAMINOPHEN {
                heavy_acetaminophen(medication, out);
            }
        }
    }

    let limit = pack().thresholds.alcohol_max_drinks_per_day.value;
    match facts.record.alcohol_drinks_per_day {
        Some(drinks) if drinks > limit => {
            out.add(
                RuleId::Ddi4,
                format!(
                    "{} drinks a day; limit alcohol to {} drink a day and follow liver tests \
                     more closely. Consider therapy modification.",
                    number(drinks),
                    number(limit)
                ),
            );
        }
        Some(_) => {}
        None => {
            let meta = pack().rule(RuleId::Ddi4);
            out.add_with(
                RuleId::Ddi4,
                meta.mild.unwrap_or(meta.severity),
                format!(
                    "Alcohol use is not recorded; ask, and advise at most {} drink a day.",
                    number(limit)
                ),
            );
        }
    }
}

/// R-DDI-3: more than 4 g a day on 3 or more days a week.
fn heavy_acetaminophen(medication: &Medication, out: &mut Outcome) {
    let thresholds = &pack().thresholds;
    let max_mg = thresholds.acetaminophen_max_mg_per_day.value;
    let min_days = thresholds.acetaminophen_min_days_per_week.value;
    if let (Some(mg), Some(days)) = (medication.daily_dose_mg, medication.days_per_week)
        && mg > max_mg
        && u32::from(days) >= min_days
    {
        out.add(
            RuleId::Ddi3,
            format!(
                "{}: {} mg a day on {days} days a week (more than {} g a day on {min_days} or \
                 more days a week).",
                medication.name,
                number(mg),
                number(max_mg / 1000.0)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matched(name: &str) -> Vec<String> {
        matches(name)
            .into_iter()
            .map(|(drug, _)| drug.name.clone())
            .collect()
    }

    #[test]
    fn generic_brand_alias_and_class_member_names_match() {
        assert_eq!(matched("Acetaminophen 500 mg"), ["acetaminophen"]);
        assert_eq!(matched("TYLENOL Extra Strength"), ["acetaminophen"]);
        assert_eq!(matched("paracetamol"), ["acetaminophen"]);
        assert_eq!(matched("Doxycycline hyclate"), ["tetracyclines"]);
        assert_eq!(matched("Juxtapid"), ["lomitapide"]);
        assert_eq!(matched("Pro-Dafalgan 1 g"), ["propacetamol"]);
    }

    #[test]
    fn combination_products_match_each_part() {
        assert_eq!(matched("hydrocodone/acetaminophen"), ["acetaminophen"]);
        assert_eq!(
            matched("methotrexate + doxycycline"),
            ["methotrexate", "tetracyclines"]
        );
    }

    #[test]
    fn only_whole_words_match() {
        assert_eq!(matched("Atorvastatin"), Vec::<String>::new());
        assert_eq!(matched("propacetamol"), ["propacetamol"]);
        assert_eq!(matched("Tetracyclinex"), Vec::<String>::new());
    }

    #[test]
    fn topical_isotretinoin_is_not_systemic() {
        assert_eq!(matched("Isotretinoin 20 mg capsule"), ["isotretinoin"]);
        assert_eq!(matched("isotretinoin gel 0.05%"), Vec::<String>::new());
    }
}
