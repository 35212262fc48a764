//! Drug interactions and alcohol: R-DDI-1..5. (Drug Interactions; Dietary Considerations;
//! Warnings/Precautions.)
//!
//! Names match case-insensitively and by whole words, so "hydrocodone/acetaminophen" and
//! "Percocet" match acetaminophen but longer words ("doxazosin", "minoxidil") do not match by
//! accident. Each match names the generic drug, so "Tylenol" and "Paracetamol 665 mg" are known
//! to be the same drug (R-DDI-5).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use super::facts::Facts;
use super::outcome::Outcome;
use crate::format::{list, number};
use crate::knowledge::{Interaction, RuleId, pack};
use crate::record::Medication;

/// The generic whose high daily amounts R-DDI-3 watches.
const ACETAMINOPHEN: &str = "acetaminophen";

/// A medication name matched to a drug of the pack.
#[derive(Debug, Clone)]
pub struct Match {
    pub interaction: &'static Interaction,
    /// The generic drug the name means or contains.
    pub generic: &'static str,
    /// The name that matched, in lower-case words ("vibra tabs").
    pub matched: String,
    /// Whether the name is a product that combines it with other drugs ("Percocet").
    pub combination: bool,
}

impl Match {
    /// How the name relates to the drug: "" for the generic itself, " (acetaminophen)" for
    /// another name or a brand, " (contains acetaminophen)" for a combination product.
    fn via(&self) -> String {
        if self.matched == self.generic {
            String::new()
        } else if self.combination {
            format!(" (contains {})", self.generic)
        } else {
            format!(" ({})", self.generic)
        }
    }
}

/// A name of a drug, split into words, with the drug it belongs to.
struct Name {
    words: Vec<String>,
    /// The interaction's exceptions, lower case: a name with one of them does not match.
    unless: Vec<String>,
    interaction: &'static Interaction,
    generic: &'static str,
    combination: bool,
}

/// Every name of every drug of the pack, split into words, once.
static NAMES: LazyLock<Vec<Name>> = LazyLock::new(|| {
    pack()
        .interactions
        .iter()
        .flat_map(|interaction| {
            interaction.drugs.iter().flat_map(move |drug| {
                drug.all_names().map(move |name| Name {
                    words: words(name),
                    unless: interaction
                        .unless
                        .iter()
                        .map(|e| e.to_lowercase())
                        .collect(),
                    interaction,
                    generic: drug.generic.as_str(),
                    combination: drug.combinations.contains(name),
                })
            })
        })
        .collect()
});

/// Lower-case words of a name: letters and digits, split at everything else.
fn words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The drugs of the pack a medication name means or contains, one match per generic.
pub fn matches(medication: &str) -> Vec<Match> {
    let words = words(medication);
    let mut found: Vec<Match> = Vec::new();
    for name in NAMES.iter() {
        let present = words
            .windows(name.words.len())
            .any(|run| run == name.words.as_slice());
        let excluded = || {
            name.unless
                .iter()
                .any(|exception| words.contains(exception))
        };
        if present && !excluded() && !found.iter().any(|m| m.generic == name.generic) {
            found.push(Match {
                interaction: name.interaction,
                generic: name.generic,
                matched: name.words.join(" "),
                combination: name.combination,
            });
        }
    }
    found
}

pub fn check(facts: &Facts, out: &mut Outcome) {
    let active: Vec<(&Medication, Vec<Match>)> = facts
        .record
        .medications
        .iter()
        .filter(|medication| medication.active_on(facts.today))
        .map(|medication| (medication, matches(&medication.name)))
        .collect();
    for (medication, found) in &active {
        for found in found {
            let drug = found.interaction;
            out.add(
                drug.rule,
                format!(
                    "{}{}: {} Management: {}.",
                    medication.name,
                    found.via(),
                    drug.text,
                    drug.management
                ),
            );
        }
    }
    heavy_acetaminophen(&active, out);
    same_drug_twice(&active, out);
    alcohol(facts, out);
}

/// R-DDI-3: more than 4 g of acetaminophen a day, totalled over every active product that
/// contains it, on 3 or more days a week (the days of the product taken on the most days).
fn heavy_acetaminophen(active: &[(&Medication, Vec<Match>)], out: &mut Outcome) {
    let thresholds = &pack().thresholds;
    let max_mg = thresholds.acetaminophen_max_mg_per_day.value;
    let min_days = thresholds.acetaminophen_min_days_per_week.value;
    let products: Vec<&Medication> = active
        .iter()
        .filter(|(_, found)| found.iter().any(|m| m.generic == ACETAMINOPHEN))
        .map(|(medication, _)| *medication)
        .collect();
    let total_mg: f64 = products.iter().filter_map(|m| m.daily_dose_mg).sum();
    let days = products.iter().filter_map(|m| m.days_per_week).max();
    // Days not recorded are taken as every day: the safe side.
    if total_mg <= max_mg || days.is_some_and(|days| u32::from(days) < min_days) {
        return;
    }
    let each: Vec<String> = products
        .iter()
        .filter_map(|m| {
            m.daily_dose_mg
                .map(|mg| format!("{} {} mg a day", m.name, number(mg)))
        })
        .collect();
    let how_often = match days {
        Some(days) => format!("on up to {days} days a week"),
        None => "on days a week not recorded (taken as every day)".to_owned(),
    };
    out.add(
        RuleId::Ddi3,
        format!(
            "{}: {} mg of acetaminophen a day in all, {how_often} (more than {} g a day on \
             {min_days} or more days a week).",
            list(&each),
            number(total_mg),
            number(max_mg / 1000.0)
        ),
    );
}

/// R-DDI-5: two or more active medications that are the same drug, whatever their names.
/// Two members of a class (doxycycline and minocycline) are different drugs.
fn same_drug_twice(active: &[(&Medication, Vec<Match>)], out: &mut Outcome) {
    let mut by_drug: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (medication, found) in active {
        let generics: Vec<String> = if found.is_empty() {
            // A drug the pack does not know: the same name, whatever the strength.
            plain_name(&medication.name).into_iter().collect()
        } else {
            found.iter().map(|m| m.generic.to_owned()).collect()
        };
        for generic in generics {
            by_drug.entry(generic).or_default().push(&medication.name);
        }
    }
    for (generic, names) in by_drug.iter().filter(|(_, names)| names.len() > 1) {
        let names: Vec<String> = names.iter().map(|name| format!("\"{name}\"")).collect();
        out.add(
            RuleId::Ddi5,
            format!(
                "{} are the same drug, {generic}: check that it is not taken twice, and the total \
                 daily amount.",
                list(&names)
            ),
        );
    }
}

/// A medication's name without its strength and form ("Atorvastatin 40 mg tablet" →
/// "atorvastatin"), to see the same unknown drug recorded twice.
fn plain_name(name: &str) -> Option<String> {
    const FORMS: &[&str] = &[
        "mg", "g", "mcg", "µg", "ug", "ml", "iu", "units", "tablet", "tablets", "tab", "tabs",
        "capsule", "capsules", "cap", "caps", "er", "xr", "sr", "oral", "daily",
    ];
    let kept: Vec<String> = words(name)
        .into_iter()
        .filter(|word| !word.chars().all(|c| c.is_ascii_digit()))
        .filter(|word| !FORMS.contains(&word.as_str()))
        .collect();
    (!kept.is_empty()).then(|| kept.join(" "))
}

/// R-DDI-4: alcohol over 1 drink a day; unknown is asked about.
fn alcohol(facts: &Facts, out: &mut Outcome) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn matched(name: &str) -> Vec<&'static str> {
        matches(name).into_iter().map(|m| m.generic).collect()
    }

    #[test]
    fn generic_brand_alias_and_class_member_names_match() {
        assert_eq!(matched("Acetaminophen 500 mg"), ["acetaminophen"]);
        assert_eq!(matched("TYLENOL Extra Strength"), ["acetaminophen"]);
        assert_eq!(matched("paracetamol"), ["acetaminophen"]);
        assert_eq!(matched("Doxycycline hyclate"), ["doxycycline"]);
        assert_eq!(matched("Juxtapid"), ["lomitapide"]);
        assert_eq!(matched("Pro-Dafalgan 1 g"), ["propacetamol"]);
    }

    #[test]
    fn combination_products_match_each_part() {
        assert_eq!(matched("hydrocodone/acetaminophen"), ["acetaminophen"]);
        assert_eq!(
            matched("methotrexate + doxycycline"),
            ["methotrexate", "doxycycline"]
        );
    }

    #[test]
    fn only_whole_words_match() {
        assert_eq!(matched("Atorvastatin"), Vec::<&str>::new());
        assert_eq!(matched("propacetamol"), ["propacetamol"]);
        assert_eq!(matched("Tetracyclinex"), Vec::<&str>::new());
    }

    #[test]
    fn topical_isotretinoin_is_not_systemic() {
        assert_eq!(matched("Isotretinoin 20 mg capsule"), ["isotretinoin"]);
        assert_eq!(matched("isotretinoin gel 0.05%"), Vec::<&str>::new());
    }

    #[test]
    fn strengths_and_forms_do_not_make_another_drug() {
        assert_eq!(
            plain_name("Atorvastatin 40 mg tablet").as_deref(),
            Some("atorvastatin")
        );
        assert_eq!(plain_name("40 mg"), None);
    }
}
