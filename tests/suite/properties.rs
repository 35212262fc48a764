//! Laws that hold for every record: `evaluate` never panics and its answer is consistent; a
//! worse ALT or AST never gives a milder status; a file round-trips unchanged; the summary and
//! the handout print as PDF/UA-1 whatever the names in it.

use chrono::{Days, NaiveDate};
use mipomersen_monitor::record::{
    self, ChildPugh, Conditions, Diagnosis, Dose, DoseChecklist, DoseWeekday, Event, EventKind,
    Lab, LabTest, Medication, Record, Rems, RenalImpairment, Route, Sex, Site, Symptom,
    SymptomKind, Syringe, Therapy,
};
use mipomersen_monitor::report::{self, Kind, Paper};
use mipomersen_monitor::rules::{self, Status};
use proptest::prelude::*;
use proptest::sample::select;

use crate::support::*;

fn date() -> impl Strategy<Value = NaiveDate> {
    (0_u64..2_900).prop_map(|days| d("2020-01-01") + Days::new(days))
}

fn flag() -> impl Strategy<Value = Option<bool>> {
    prop::option::of(any::<bool>())
}

fn lab() -> impl Strategy<Value = Lab> {
    (
        date(),
        select(LabTest::ALL.to_vec()),
        0.0_f64..1.0,
        any::<prop::sample::Index>(),
        prop::option::of(0.01_f64..1.0),
    )
        .prop_map(|(date, test, fraction, unit, uln)| {
            let unit = *unit.get(test.accepted_units());
            let max = test.plausible_max() / test.factor_to_canonical(unit).unwrap_or(1.0);
            Lab {
                date,
                test,
                value: fraction * max,
                unit,
                // A ULN the lab could have reported (SPEC.md §4's plausible bounds).
                uln: uln.and_then(|share| {
                    let bounds = test.uln_bounds(unit)?;
                    Some(bounds.low + share * (bounds.high - bounds.low))
                }),
                source: None,
            }
        })
}

fn dose() -> impl Strategy<Value = Dose> {
    (
        date(),
        prop::option::of(select(vec![200.0, 100.0, 400.0])),
        prop::option::of(select(vec![
            Route::Subcutaneous,
            Route::Intramuscular,
            Route::Intravenous,
        ])),
        prop::option::of(select(vec![
            Site::Abdomen,
            Site::Thigh,
            Site::UpperArm,
            Site::Other,
        ])),
        (flag(), flag(), flag()),
    )
        .prop_map(|(date, dose_mg, route, site, (warmed, clear, skin))| Dose {
            date,
            dose_mg,
            route,
            site,
            checklist: DoseChecklist {
                warmed_30_min: warmed,
                inspected_clear: clear,
                skin_ok: skin,
            },
            source: None,
        })
}

fn medication() -> impl Strategy<Value = Medication> {
    let names = vec![
        "Atorvastatin",
        "Tylenol 500",
        "hydrocodone/acetaminophen",
        "Juxtapid",
        "Doxycycline",
        "isotretinoin gel",
        "Methotrexate",
        "Vitamin D",
    ];
    (
        select(names),
        prop::option::of(date()),
        prop::option::of(0_u64..800),
        prop::option::of(0.0_f64..8_000.0),
        prop::option::of(0_u8..=7),
    )
        .prop_map(
            |(name, start, length, daily_dose_mg, days_per_week)| Medication {
                name: name.to_owned(),
                start,
                stop: start
                    .zip(length)
                    .map(|(start, days)| start + Days::new(days)),
                daily_dose_mg,
                days_per_week,
            },
        )
}

fn symptom() -> impl Strategy<Value = Symptom> {
    let kinds = vec![
        SymptomKind::Nausea,
        SymptomKind::Vomiting,
        SymptomKind::AbdominalPain,
        SymptomKind::Fever,
        SymptomKind::Jaundice,
        SymptomKind::Lethargy,
        SymptomKind::FluLike,
        SymptomKind::DarkUrine,
        SymptomKind::LightStools,
        SymptomKind::InjectionSiteReaction,
        SymptomKind::Angioedema,
        SymptomKind::Urticaria,
        SymptomKind::Rash,
        SymptomKind::Other,
    ];
    (date(), select(kinds)).prop_map(|(date, kind)| Symptom {
        date,
        kind,
        note: None,
    })
}

fn event() -> impl Strategy<Value = Event> {
    let kinds = vec![
        EventKind::Withheld,
        EventKind::Resumed,
        EventKind::Discontinued,
    ];
    (date(), select(kinds)).prop_map(|(date, kind)| Event {
        date,
        kind,
        note: Some("n".into()),
    })
}

fn syringe() -> impl Strategy<Value = Syringe> {
    (prop::option::of(date()), flag(), prop::option::of(date())).prop_map(|(out, above, used)| {
        Syringe {
            id: "lot 1".to_owned(),
            out_of_fridge_since: out,
            above_30c: above,
            used,
        }
    })
}

fn conditions() -> impl Strategy<Value = Conditions> {
    (
        (
            flag(),
            prop::option::of(select(vec![
                ChildPugh::None,
                ChildPugh::A,
                ChildPugh::B,
                ChildPugh::C,
            ])),
        ),
        (flag(), flag()),
        prop::option::of(select(vec![
            RenalImpairment::None,
            RenalImpairment::Mild,
            RenalImpairment::Moderate,
            RenalImpairment::Severe,
        ])),
        (flag(), flag(), flag()),
    )
        .prop_map(
            |(
                (hypersensitivity, child_pugh),
                (liver, unexplained),
                renal,
                (dialysis, proteinuria, apheresis),
            )| Conditions {
                hypersensitivity,
                child_pugh,
                active_liver_disease: liver,
                unexplained_transaminase_elevation: unexplained,
                renal_impairment: renal,
                hemodialysis: dialysis,
                proteinuria,
                ldl_apheresis: apheresis,
            },
        )
}

/// Any valid record: every field free to be absent, every list free to be empty or unsorted.
fn any_record() -> impl Strategy<Value = Record> {
    let patient = (
        prop::option::of((0_u64..30_000).prop_map(|days| d("1930-01-01") + Days::new(days))),
        prop::option::of(select(vec![Sex::Female, Sex::Male])),
        (flag(), flag(), flag()),
        prop::option::of(select(vec![
            Diagnosis::Hofh,
            Diagnosis::Hefh,
            Diagnosis::Other,
            Diagnosis::Unknown,
        ])),
    );
    let lists = (
        prop::collection::vec(dose(), 0..30),
        prop::collection::vec(lab(), 0..40),
        prop::collection::vec(medication(), 0..5),
        prop::collection::vec(symptom(), 0..6),
        prop::collection::vec(syringe(), 0..3),
        prop::collection::vec(event(), 0..4),
    );
    let rest = (
        conditions(),
        prop::option::of(0.0_f64..10.0),
        (flag(), flag()),
        prop::option::of(select(vec![
            DoseWeekday::Monday,
            DoseWeekday::Thursday,
            DoseWeekday::Sunday,
        ])),
    );
    (patient, lists, rest).prop_map(
        |(
            (birth, sex, (potential, contraception, pregnant), diagnosis),
            (doses, labs, medications, symptoms, supply, events),
            (conditions, alcohol, (prescriber, pharmacy), weekday),
        )| {
            let mut record = Record::new("P-1");
            record.patient.birth_date = birth;
            record.patient.sex = sex;
            record.patient.reproductive_potential = potential;
            record.patient.effective_contraception = contraception;
            record.patient.pregnant = pregnant;
            record.diagnosis = diagnosis;
            record.conditions = conditions;
            record.alcohol_drinks_per_day = alcohol;
            record.rems = Rems {
                prescriber_certified: prescriber,
                pharmacy_certified: pharmacy,
            };
            record.therapy = Therapy {
                dose_weekday: weekday,
            };
            record.doses = doses;
            record.labs = labs;
            record.medications = medications;
            record.symptoms = symptoms;
            record.supply = supply;
            record.events = events;
            record
        },
    )
}

/// On therapy weekly from 2025-04-07 with transaminase panels at the given ×ULN, every 5 days.
fn walked(ratios: &[(f64, f64)], symptoms: &[(usize, SymptomKind)]) -> Record {
    let mut record = on_therapy("2025-09-29");
    for (i, (alt, ast)) in ratios.iter().enumerate() {
        let date = d(START) + Days::new(5 * i as u64);
        add_panel(&mut record, &date.to_string(), alt * 40.0, ast * 40.0);
    }
    for (day, kind) in symptoms {
        add_symptom(
            &mut record,
            &(d(START) + Days::new(*day as u64)).to_string(),
            *kind,
        );
    }
    record
}

proptest! {
    #[test]
    fn evaluate_never_panics_and_its_answer_is_consistent(record in any_record(), today in date()) {
        prop_assert_eq!(record::validate(&record), vec![]);
        let assessment = rules::evaluate(&record, today);
        // What still needs attention first, then what the clinician decided; most severe first
        // within each.
        let order = |f: &rules::Finding| (f.is_decided(), std::cmp::Reverse(f.severity));
        prop_assert!(assessment.findings.windows(2).all(|pair| order(&pair[0]) <= order(&pair[1])));
        // Every finding is traceable.
        prop_assert!(assessment.findings.iter().all(|f| !f.title.is_empty() && !f.source.is_empty()));
        // A dose is offered only when dosing is allowed, and never in the past.
        if let Some(next) = assessment.next_dose {
            prop_assert!(assessment.status.allows_dosing());
            prop_assert!(next >= today);
        }
        // Overdue means due before today.
        prop_assert!(assessment.due.iter().all(|due| due.overdue == (due.due < today)));
        // Ended by a `discontinued` event on or after the first dose; one before it belongs to no
        // course of therapy (SPEC.md §1).
        let first_dose = record.doses.iter().map(|dose| dose.date).filter(|&date| date <= today).min();
        let ended = record.events.iter().any(|e| {
            e.kind == EventKind::Discontinued && e.date <= today && first_dose.is_some_and(|first| e.date >= first)
        });
        prop_assert_eq!(assessment.status == Status::Ended, ended);
        // The dose strip: no week to come is "given", none before the first dose or after
        // therapy ended is "missed", and every past week without a dose near it is accounted for.
        let ended_on = record.events.iter().filter(|e| e.kind == EventKind::Discontinued && e.date <= today && first_dose.is_some_and(|first| e.date >= first)).map(|e| e.date).min();
        for week in &assessment.strip {
            if week.day > today {
                prop_assert_ne!(week.state, rules::WeekState::Given, "{:?}", week);
            }
            if week.state == rules::WeekState::Missed {
                prop_assert!(week.day < today);
                prop_assert!(first_dose.is_some_and(|first| first <= week.day + Days::new(3)), "{:?}", week);
                prop_assert!(ended_on.is_none_or(|ended| week.day <= ended), "{:?}", week);
            }
        }
    }

    #[test]
    fn a_file_round_trips_unchanged(record in any_record()) {
        let text = record::to_text(&record);
        prop_assert_eq!(record::parse(&text).expect("a valid record parses"), record);
    }

    #[test]
    fn a_worse_alt_or_ast_never_gives_a_milder_status(
        ratios in prop::collection::vec((0.0_f64..8.0, 0.0_f64..8.0), 1..12),
        symptoms in prop::collection::vec((0_usize..70, select(vec![SymptomKind::Nausea, SymptomKind::Jaundice, SymptomKind::Rash])), 0..3),
        worse_at in any::<prop::sample::Index>(),
        factor in 1.0_f64..4.0,
        on_ast in any::<bool>(),
        today_offset in 0_u64..90,
    ) {
        let today = (d(START) + Days::new(today_offset)).max(d(START) + Days::new(5 * ratios.len() as u64));
        let before = rules::evaluate(&walked(&ratios, &symptoms), today).status;
        let mut worse = ratios.clone();
        let panel = &mut worse[worse_at.index(ratios.len())];
        if on_ast { panel.1 *= factor } else { panel.0 *= factor }
        let after = rules::evaluate(&walked(&worse, &symptoms), today).status;
        prop_assert!(after >= before, "{:?} → {:?}: {:?} became {:?}", ratios, worse, before, after);
    }
}

proptest! {
    // Each case writes two PDFs, a second or more in a debug build: a few cases, whatever
    // PROPTEST_CASES says.
    #![proptest_config(ProptestConfig::with_cases(8))]

    /// krilla refuses to write a PDF that breaks PDF/UA-1, so a name in a script the fonts lack,
    /// or with control and invisible characters, must still print.
    #[test]
    fn every_record_prints_whatever_its_names(
        record in any_record(),
        name in any::<String>(),
        medication in any::<String>(),
        today in date(),
    ) {
        let mut record = record;
        record.patient.name = Some(name);
        record.medications.push(Medication {
            name: medication,
            start: None,
            stop: None,
            daily_dose_mg: None,
            days_per_week: None,
        });
        let assessment = rules::evaluate(&record, today);
        let printed = chrono::Utc::now().fixed_offset();
        for kind in [Kind::ClinicSummary, Kind::PatientHandout] {
            let pdf = report::pdf(kind, &record, &assessment, today, printed, Paper::Letter);
            prop_assert!(pdf.is_ok(), "{:?}", pdf.err());
        }
    }
}
