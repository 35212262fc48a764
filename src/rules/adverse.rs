//! Adverse reactions reported as symptoms: R-AE-1..3, and the hold after angioedema.
//! (Adverse Reactions; Warnings/Precautions.)

use chrono::NaiveDate;

use super::assessment::{Period, Status};
use super::calendar::days_between;
use super::events::ClinicianEvents;
use super::facts::Facts;
use super::outcome::Outcome;
use crate::format::{list, sentence};
use crate::knowledge::{RuleId, pack};
use crate::record::SymptomKind;

/// Angioedema on therapy holds the doses until the clinician resumes them (R-AE-3, rev 2).
#[derive(Debug, Clone, Copy)]
pub struct AngioedemaHold {
    pub on: NaiveDate,
    /// The first `resumed` event dated on or after it.
    pub resumed_on: Option<NaiveDate>,
}

pub struct Reactions {
    pub holds: Vec<AngioedemaHold>,
    /// The R-AE-3 finding's detail, when there is one (what a clinician's decision names).
    detail: Option<String>,
}

impl Reactions {
    /// The angioedema holds of the record: angioedema dated on or after the first dose.
    pub fn read(facts: &Facts, events: &ClinicianEvents) -> Self {
        let holds = match facts.start {
            Some(start) => facts
                .symptoms
                .iter()
                .filter(|symptom| symptom.kind == SymptomKind::Angioedema && symptom.date >= start)
                .map(|symptom| AngioedemaHold {
                    on: symptom.date,
                    resumed_on: events.resumed_since(symptom.date),
                })
                .collect(),
            None => Vec::new(),
        };
        Reactions {
            holds,
            detail: None,
        }
    }

    /// The periods angioedema held therapy.
    pub fn withheld_periods(&self) -> impl Iterator<Item = Period> + '_ {
        self.holds.iter().map(|hold| Period {
            from: hold.on,
            until: hold.resumed_on,
        })
    }

    /// Whether an angioedema dated before `date` still held therapy on `date`, and the clinician
    /// had not overridden the hold by then (R-DOSE-5; same-day data counts for the dose).
    pub fn held_before(&self, facts: &Facts, date: NaiveDate) -> bool {
        let overridden_by = |date: NaiveDate| {
            self.detail.as_deref().is_some_and(|detail| {
                facts
                    .decisions
                    .overriding(RuleId::Ae3, detail)
                    .is_some_and(|decision| decision.date <= date)
            })
        };
        self.holds
            .iter()
            .any(|hold| hold.on < date && hold.resumed_on.is_none_or(|resumed| date < resumed))
            && !overridden_by(date)
    }

    /// R-AE-1..3.
    pub fn check(&mut self, facts: &Facts, out: &mut Outcome) {
        flu_like(facts, out);
        injection_site(facts, out);
        self.hypersensitivity(facts, out);
    }

    /// R-AE-3: angioedema, urticaria or rash on therapy; an angioedema not yet resumed holds
    /// the doses.
    fn hypersensitivity(&mut self, facts: &Facts, out: &mut Outcome) {
        let Some(start) = facts.start else { return };
        let allergic = dates(
            facts,
            &[
                SymptomKind::Angioedema,
                SymptomKind::Urticaria,
                SymptomKind::Rash,
            ],
            start,
        );
        if allergic.is_empty() {
            return;
        }
        let open: Vec<String> = self
            .holds
            .iter()
            .filter(|hold| hold.resumed_on.is_none())
            .map(|hold| hold.on.to_string())
            .collect();
        let said = sentence(&allergic.join("; "));
        if open.is_empty() {
            let detail = format!(
                "{said}; assess for hypersensitivity to mipomersen, which contraindicates it."
            );
            self.detail = Some(detail.clone());
            out.add(RuleId::Ae3, detail);
        } else {
            let detail = format!(
                "{said}. Hold mipomersen since the angioedema of {}: record the hypersensitivity \
                 if confirmed (a contraindication), or a resumed event if the clinician judges it \
                 unrelated.",
                list(&open)
            );
            self.detail = Some(detail.clone());
            let meta = pack().rule(RuleId::Ae3);
            let index = out.add_with(RuleId::Ae3, meta.escalated.unwrap_or(meta.severity), detail);
            out.raise_by(Status::Withhold, index);
        }
    }
}

/// R-AE-1: flu-like symptoms within 2 days after a dose.
fn flu_like(facts: &Facts, out: &mut Outcome) {
    let window = pack().intervals.flu_like_after_dose_days.value;
    let flu_like: Vec<String> = facts
        .symptoms
        .iter()
        .filter(|symptom| symptom.kind == SymptomKind::FluLike)
        .filter_map(|symptom| {
            facts
                .last_dose_by(symptom.date)
                .filter(|dose| days_between(dose.date, symptom.date) <= window)
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
}

/// R-AE-2: injection-site reactions.
fn injection_site(facts: &Facts, out: &mut Outcome) {
    let site = dates(facts, &[SymptomKind::InjectionSiteReaction], NaiveDate::MIN);
    if !site.is_empty() {
        out.add(
            RuleId::Ae2,
            format!(
                "{}; minimize with proper subcutaneous technique and site rotation.",
                sentence(&list(&site))
            ),
        );
    }
}

/// "rash on 2025-01-02 and 2025-03-04", one entry per kind, of symptoms dated `from` on.
fn dates(facts: &Facts, kinds: &[SymptomKind], from: NaiveDate) -> Vec<String> {
    kinds
        .iter()
        .filter_map(|&kind| {
            let dates: Vec<String> = facts
                .symptoms
                .iter()
                .filter(|symptom| symptom.kind == kind && symptom.date >= from)
                .map(|symptom| symptom.date.to_string())
                .collect();
            (!dates.is_empty()).then(|| format!("{} on {}", kind.label(), list(&dates)))
        })
        .collect()
}
