//! What the record leaves unknown that the rules would use. Absent is never read as "no":
//! the rules treat it as unmet (certification, contraception) or absent (conditions), and the
//! clinician is shown the list.

use chrono::NaiveDate;

use crate::record::{Record, Sex};

/// What is unknown; a birth date after `today` (R-DATA-1) leaves the age unknown.
pub fn fields(record: &Record, today: NaiveDate) -> Vec<&'static str> {
    let patient = &record.patient;
    let conditions = &record.conditions;
    let mut unknown = Vec::new();
    let mut check = |missing: bool, what: &'static str| {
        if missing {
            unknown.push(what);
        }
    };
    check(patient.birth_date.is_none(), "birth date");
    check(
        patient.birth_date.is_some_and(|birth| birth > today),
        "age (the birth date recorded is after today)",
    );
    check(patient.sex.is_none(), "sex");
    if patient.sex != Some(Sex::Male) {
        check(
            patient.reproductive_potential.is_none(),
            "reproductive potential",
        );
        check(patient.pregnant.is_none(), "pregnancy");
    }
    if patient.reproductive_potential == Some(true) {
        check(
            patient.effective_contraception.is_none(),
            "effective contraception",
        );
    }
    check(record.diagnosis.is_none(), "diagnosis");
    check(conditions.hypersensitivity.is_none(), "hypersensitivity");
    check(conditions.child_pugh.is_none(), "Child-Pugh class");
    check(
        conditions.active_liver_disease.is_none(),
        "active liver disease",
    );
    check(
        conditions.unexplained_transaminase_elevation.is_none(),
        "unexplained transaminase elevation",
    );
    check(conditions.renal_impairment.is_none(), "renal impairment");
    check(conditions.hemodialysis.is_none(), "hemodialysis");
    check(conditions.proteinuria.is_none(), "proteinuria");
    check(conditions.ldl_apheresis.is_none(), "LDL apheresis");
    check(record.alcohol_drinks_per_day.is_none(), "alcohol use");
    check(
        record.rems.prescriber_certified.is_none(),
        "prescriber REMS certification",
    );
    check(
        record.rems.pharmacy_certified.is_none(),
        "pharmacy REMS certification",
    );
    unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    fn asked(record: &Record, what: &str) -> bool {
        fields(record, day("2026-03-01")).contains(&what)
    }

    #[test]
    fn pregnancy_is_asked_of_all_but_men_and_contraception_only_with_reproductive_potential() {
        let mut record = Record::new("P");
        assert!(asked(&record, "pregnancy"), "sex unknown");
        assert!(!asked(&record, "effective contraception"));
        record.patient.sex = Some(Sex::Male);
        assert!(!asked(&record, "pregnancy"));
        assert!(!asked(&record, "reproductive potential"));
        record.patient.sex = Some(Sex::Female);
        assert!(asked(&record, "reproductive potential"));
        record.patient.reproductive_potential = Some(true);
        assert!(asked(&record, "effective contraception"));
        record.patient.reproductive_potential = Some(false);
        assert!(!asked(&record, "effective contraception"));
    }

    #[test]
    fn a_birth_date_after_today_leaves_the_age_unknown_but_today_does_not() {
        let age = "age (the birth date recorded is after today)";
        let mut record = Record::new("P");
        record.patient.birth_date = Some(day("2026-03-02"));
        assert!(asked(&record, age));
        record.patient.birth_date = Some(day("2026-03-01"));
        assert!(!asked(&record, age));
        assert!(!asked(&record, "birth date"));
    }
}
