//! Storage of the syringes in the patient's supply: R-STO-1, R-STO-2. (Storage.)

use super::calendar::days_between;
use super::facts::Facts;
use super::outcome::Outcome;
use crate::knowledge::{RuleId, pack};

pub fn check(facts: &Facts, out: &mut Outcome) {
    let thresholds = &pack().thresholds;
    let max_days = thresholds.storage_max_days_out_of_fridge.value;
    for syringe in &facts.record.supply {
        if let Some(since) = syringe.out_of_fridge_since
            && syringe.used.is_none()
            && days_between(since, facts.today) > max_days
        {
            // No day count: the detail must read the same as the days pass (SPEC.md §3a).
            out.add(
                RuleId::Sto1,
                format!(
                    "Syringe {} has been out of the refrigerator since {since}, more than \
                     {max_days} days. Discard it.",
                    syringe.id
                ),
            );
        }
        if syringe.above_30c == Some(true) {
            let limit = thresholds.storage_max_temperature_c.value;
            let detail = match syringe.used {
                None => format!(
                    "Syringe {} was exposed above {limit} °C. Discard it.",
                    syringe.id
                ),
                Some(used) => format!(
                    "Syringe {} was exposed above {limit} °C and was used on {used}; it should \
                     have been discarded.",
                    syringe.id
                ),
            };
            out.add(RuleId::Sto2, detail);
        }
    }
}
