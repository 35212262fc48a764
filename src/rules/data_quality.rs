//! Data quality: R-ULN-1 (default ULN used), R-DATA-1 (entries dated after today).

use super::facts::Facts;
use super::outcome::Outcome;
use crate::format::list;
use crate::knowledge::RuleId;

pub fn check(facts: &Facts, out: &mut Outcome) {
    if !facts.default_uln.is_empty() {
        out.add(
            RuleId::Uln1,
            format!(
                "No ULN recorded for {}; the default was used.",
                list(&facts.default_uln)
            ),
        );
    }
    if !facts.ignored.is_empty() {
        out.add(
            RuleId::Data1,
            format!(
                "Dated after {}, so not evaluated: {}.",
                facts.today,
                list(&facts.ignored)
            ),
        );
    }
}
