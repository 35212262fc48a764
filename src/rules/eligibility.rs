//! Eligibility and appropriate use: R-CI-1..4, R-USE-1..9, R-REMS-1..2.
//! (Contraindications; Warnings/Precautions; Boxed Warning; Reproductive and Pregnancy
//! Considerations.)

use super::assessment::Status;
use super::calendar::age_years;
use super::facts::Facts;
use super::outcome::Outcome;
use crate::knowledge::{RuleId, pack};
use crate::record::{ChildPugh, Diagnosis, Record, RenalImpairment, Sex};

pub fn check(facts: &Facts, out: &mut Outcome) {
    contraindications(facts.record, out);
    appropriate_use(facts.record, out);
    populations(facts, out);
    rems(facts.record, out);
}

/// R-CI-1..4.
fn contraindications(record: &Record, out: &mut Outcome) {
    let conditions = &record.conditions;

    if conditions.hypersensitivity == Some(true) {
        out.raise(
            Status::Contraindicated,
            RuleId::Ci1,
            "The record notes hypersensitivity to mipomersen or a component of the formulation."
                .to_owned(),
        );
    }
    if let Some(class @ (ChildPugh::B | ChildPugh::C)) = conditions.child_pugh {
        out.raise(
            Status::Contraindicated,
            RuleId::Ci2,
            format!("Hepatic impairment, {}.", class.label()),
        );
    }
    if conditions.active_liver_disease == Some(true) {
        out.raise(
            Status::Contraindicated,
            RuleId::Ci3,
            "The record notes active liver disease.".to_owned(),
        );
    }
    if conditions.unexplained_transaminase_elevation == Some(true) {
        out.raise(
            Status::Contraindicated,
            RuleId::Ci4,
            "The record notes unexplained persistent elevations of ALT/AST.".to_owned(),
        );
    }
}

/// R-USE-1..5: the diagnosis, apheresis, the kidneys and mild hepatic impairment.
fn appropriate_use(record: &Record, out: &mut Outcome) {
    let conditions = &record.conditions;
    // The diagnosis must be confirmed as HoFH: unknown counts as not confirmed.
    let diagnosis = match record.diagnosis {
        Some(Diagnosis::Hofh) => None,
        Some(Diagnosis::Hefh) => {
            Some("The diagnosis is heterozygous familial hypercholesterolemia (HeFH).")
        }
        Some(Diagnosis::Other) => Some("The diagnosis is other than HoFH."),
        Some(Diagnosis::Unknown) => Some("The diagnosis is recorded as not established."),
        None => Some("No diagnosis is recorded."),
    };
    if let Some(diagnosis) = diagnosis {
        out.raise(
            Status::NotIndicated,
            RuleId::Use1,
            format!(
                "{diagnosis} Prescribe only with a clinical or laboratory diagnosis consistent \
                 with HoFH; safety and effectiveness are not established otherwise."
            ),
        );
    }

    if conditions.ldl_apheresis == Some(true) {
        out.add(
            RuleId::Use2,
            "The patient is on LDL apheresis; use with apheresis is not established.".to_owned(),
        );
    }
    let mut renal = Vec::new();
    if conditions.renal_impairment == Some(RenalImpairment::Severe) {
        renal.push("severe renal impairment");
    }
    if conditions.hemodialysis == Some(true) {
        renal.push("hemodialysis");
    }
    if conditions.proteinuria == Some(true) {
        renal.push("clinically significant proteinuria");
    }
    if !renal.is_empty() {
        out.add(
            RuleId::Use3,
            format!("The record notes {}.", renal.join(", ")),
        );
    }
    if let Some(grade @ (RenalImpairment::Mild | RenalImpairment::Moderate)) =
        conditions.renal_impairment
    {
        out.add(
            RuleId::Use4,
            format!(
                "The record notes {} renal impairment; use with caution.",
                grade.label()
            ),
        );
    }
    if conditions.child_pugh == Some(ChildPugh::A) {
        out.add(
            RuleId::Use5,
            "Child-Pugh class A; use with caution.".to_owned(),
        );
    }
}

/// R-USE-6..9: age, reproduction and pregnancy.
fn populations(facts: &Facts, out: &mut Outcome) {
    let record = facts.record;
    let thresholds = &pack().thresholds;
    if let Some(age) = record
        .patient
        .birth_date
        .and_then(|birth| age_years(birth, facts.today))
    {
        if age >= thresholds.age_elderly_years.value {
            out.add(RuleId::Use6, format!("Age {age} years; use with caution."));
        }
        if age < thresholds.age_adult_years.value {
            out.add(
                RuleId::Use9,
                format!("Age {age} years; dosing is established for adults only."),
            );
        }
    }

    let patient = &record.patient;
    if patient.reproductive_potential == Some(true)
        && patient.sex != Some(Sex::Male)
        && patient.effective_contraception != Some(true)
    {
        let contraception = if patient.effective_contraception == Some(false) {
            "does not use effective contraception"
        } else {
            "has no effective contraception recorded"
        };
        out.add(
            RuleId::Use7,
            format!(
                "The patient can become pregnant and {contraception}; effective contraception \
                 is advised during therapy."
            ),
        );
    }
    if patient.pregnant == Some(true) {
        out.add(
            RuleId::Use8,
            "The patient is pregnant; no adverse events were seen in animal studies.".to_owned(),
        );
    }
}

/// R-REMS-1..2.
fn rems(record: &Record, out: &mut Outcome) {
    // Certification must be confirmed: unknown counts as not certified.
    if record.rems.prescriber_certified != Some(true) {
        out.add(
            RuleId::Rems1,
            certification("prescriber", record.rems.prescriber_certified),
        );
    }
    if record.rems.pharmacy_certified != Some(true) {
        out.add(
            RuleId::Rems2,
            certification("pharmacy", record.rems.pharmacy_certified),
        );
    }
}

fn certification(who: &str, certified: Option<bool>) -> String {
    let state = if certified == Some(false) {
        "is not"
    } else {
        "is not recorded as"
    };
    format!(
        "The {who} {state} certified in the Kynamro REMS; only certified prescribers and \
         pharmacies may prescribe and dispense mipomersen."
    )
}
