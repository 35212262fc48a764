//! The knowledge pack: the monograph as reviewed data, embedded in the binary.
//!
//! `build.rs` has already parsed and checked the same text, so loading it here cannot fail.

mod schema;

use std::sync::LazyLock;

pub use schema::{
    Bounds, ChecklistItem, Drug, EducationSection, ExportCode, Interaction, LabNames,
    OVERRIDABLE_RULES, Pack, Quantity, RECORDED_CHECKLIST_KEYS, RuleId, RuleMeta, Severity, Source,
    check, normalize_name,
};

/// The pack's TOML text, as shipped.
pub const PACK_TOML: &str = include_str!("../../assets/knowledge/mipomersen.toml");

static PACK: LazyLock<Pack> = LazyLock::new(|| {
    toml::from_str(PACK_TOML).expect("the knowledge pack was validated by build.rs")
});

/// The heading the boxed warning stands under, on screen and in print.
pub const BOXED_WARNING: &str = "BOXED WARNING";

/// The embedded knowledge pack.
pub fn pack() -> &'static Pack {
    &PACK
}

impl Pack {
    /// The severity, title and source of a rule (every rule has one: `build.rs` checks).
    pub fn rule(&self, id: RuleId) -> &RuleMeta {
        &self.rules[&id]
    }
}

impl Quantity<f64> {
    /// How the quantity reads: "3×ULN", "200 mg", "4000 mg/day".
    pub fn text(&self) -> String {
        let space = if self.unit.starts_with('×') { "" } else { " " };
        format!("{}{space}{}", crate::format::number(self.value), self.unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_pack_passes_its_checks() {
        assert_eq!(schema::check(pack()), Vec::<String>::new());
    }

    #[test]
    fn every_rule_of_the_spec_has_an_entry() {
        for id in RuleId::ALL {
            assert!(!pack().rule(*id).title.is_empty(), "{id}");
        }
    }

    #[test]
    fn a_source_that_is_not_a_section_is_refused() {
        let broken = PACK_TOML.replacen(
            "source = \"Contraindications\"",
            "source = \"Contra-indications\"",
            1,
        );
        let error = toml::from_str::<Pack>(&broken).expect_err("must be refused");
        assert!(error.to_string().contains("Contra-indications"), "{error}");
    }

    #[test]
    fn a_missing_rule_is_reported_by_name() {
        let mut broken = pack().clone();
        broken.rules.remove(&RuleId::Tox3);
        assert_eq!(
            schema::check(&broken),
            vec!["rules.R-TOX-3: missing".to_owned()]
        );
    }

    #[test]
    fn an_unknown_rule_id_is_refused() {
        let broken = PACK_TOML.replacen("[rules.R-CI-1]", "[rules.R-CI-9]", 1);
        let error = toml::from_str::<Pack>(&broken).expect_err("must be refused");
        assert!(error.to_string().contains("R-CI-9"), "{error}");
    }
}
