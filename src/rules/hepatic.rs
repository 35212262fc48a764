//! Hepatotoxicity: the walk over the transaminase panels from therapy start, and R-TOX-1..8.
//! (Dosing: Adjustment for Toxicity; Boxed Warning.)
//!
//! Each panel date's ratio is the larger ×ULN of its ALT and AST. An *episode* runs from the
//! first panel at or above 3×ULN to the panel that returns the state to normal; it is
//! *confirmed* (withheld) by a second panel at or above 3×ULN, or at once by one at or above
//! 5×ULN. A repeat confirms or refutes only if it measures the analyte that was elevated
//! (SPEC.md rev 2): an AST-only repeat after an ALT elevation neither confirms nor ends it.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::assessment::{DueKind, Period, Status};
use super::calendar::{add_days, add_months, days_between};
use super::facts::{Facts, LabResult};
use super::outcome::Outcome;
use crate::format::{at_least, list, list_or, sentence};
use crate::knowledge::{RuleId, Severity, pack};
use crate::record::{LabTest, Symptom, SymptomKind};

/// The transaminase state after the last panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transaminase {
    Normal,
    Confirming,
    Withheld,
}

/// Which of ALT and AST: measured on a panel date, or elevated in an episode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Analytes {
    pub alt: bool,
    pub ast: bool,
}

impl Analytes {
    fn union(self, other: Analytes) -> Analytes {
        Analytes {
            alt: self.alt || other.alt,
            ast: self.ast || other.ast,
        }
    }

    /// Whether `self` includes every analyte of `needed`.
    fn covers(self, needed: Analytes) -> bool {
        (self.alt || !needed.alt) && (self.ast || !needed.ast)
    }

    /// "ALT", "AST" or "ALT and AST".
    fn names(self) -> String {
        match (self.alt, self.ast) {
            (true, true) => "ALT and AST".to_owned(),
            (true, false) => "ALT".to_owned(),
            (false, true) => "AST".to_owned(),
            (false, false) => String::new(),
        }
    }
}

/// One panel date from therapy start on, with the highest ALT and the highest AST of the date.
#[derive(Debug, Clone, Copy)]
pub struct Panel<'r> {
    pub date: NaiveDate,
    pub alt: Option<LabResult<'r>>,
    pub ast: Option<LabResult<'r>>,
}

impl<'r> Panel<'r> {
    /// The date's transaminase ratio: the larger ×ULN of its ALT and AST.
    pub fn ratio(&self) -> f64 {
        self.worst().x_uln
    }

    /// The result with the larger ×ULN.
    pub fn worst(&self) -> LabResult<'r> {
        match (self.alt, self.ast) {
            (Some(alt), Some(ast)) if ast.x_uln > alt.x_uln => ast,
            (Some(alt), _) => alt,
            (None, Some(ast)) => ast,
            (None, None) => unreachable!("a panel has a result"),
        }
    }

    fn measured(&self) -> Analytes {
        Analytes {
            alt: self.alt.is_some(),
            ast: self.ast.is_some(),
        }
    }

    /// The analytes at or above `multiple`×ULN on this date.
    fn at_least(&self, multiple: f64) -> Analytes {
        let reaches =
            |result: Option<LabResult>| result.is_some_and(|r| at_least(r.x_uln, multiple));
        Analytes {
            alt: reaches(self.alt),
            ast: reaches(self.ast),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Episode<'r> {
    pub first: Panel<'r>,
    /// The panel that confirmed it (or the ≥5×ULN panel that withheld at once).
    pub withheld_on: Option<NaiveDate>,
    /// Whether any panel of the episode was at or above 5×ULN.
    pub severe: bool,
    pub worst: Panel<'r>,
    /// The panel that returned the state to normal: a resumption if it was withheld.
    pub ended_on: Option<NaiveDate>,
    /// The analytes at or above 3×ULN on the first date (what a confirming repeat must measure).
    pub first_elevated: Analytes,
    /// The analytes at or above 3×ULN on any date of the episode (what ending a hold must measure).
    pub elevated: Analytes,
    /// Panels below 3×ULN that did not measure what they had to, so counted for nothing.
    pub incomplete: Vec<Panel<'r>>,
}

impl Episode<'_> {
    /// The first elevated result, and the highest when it came later.
    fn describe(&self) -> String {
        if self.worst.date == self.first.date {
            self.first.worst().describe()
        } else {
            format!(
                "{}, highest {}",
                self.first.worst().describe(),
                self.worst.worst().describe()
            )
        }
    }

    /// Whether evidence dated `date` accompanies this elevation (R-TOX-4): from 7 days before
    /// the first elevated panel until the day before the panel that ends it.
    pub fn accompanies(&self, date: NaiveDate) -> bool {
        let opens = add_days(self.first.date, -pack().intervals.symptom_tie_days.value);
        date >= opens && self.ended_on.is_none_or(|ended| date < ended)
    }

    /// "The panel of 2025-05-09 measured only AST", for repeats that counted for nothing.
    fn incomplete_text(&self, needed: Analytes) -> String {
        let mut text = String::new();
        for panel in &self.incomplete {
            let _ = write!(
                text,
                " The panel of {} measured only {}, not {}.",
                panel.date,
                panel.measured().names(),
                needed.names()
            );
        }
        text
    }
}

/// R-TOX-4's criterion, met by one episode.
#[derive(Debug, Clone)]
pub struct Discontinuation {
    /// The episode that met it.
    pub episode: usize,
    /// The first elevated date of that episode.
    pub elevated_on: NaiveDate,
    /// When the data first showed it (for R-DOSE-5); `None` when only undated conditions did.
    pub known_on: Option<NaiveDate>,
    pub detail: String,
}

pub struct Hepatic<'r> {
    pub panels: Vec<Panel<'r>>,
    pub episodes: Vec<Episode<'r>>,
    /// Every episode that met R-TOX-4, oldest first.
    pub discontinuations: Vec<Discontinuation>,
}

impl<'r> Hepatic<'r> {
    pub fn walk(facts: &Facts<'r>) -> Self {
        let panels = panels(facts);
        let episodes = episodes(&panels);
        let discontinuations = discontinuations(facts, &episodes);
        Hepatic {
            panels,
            episodes,
            discontinuations,
        }
    }

    /// The episode still open after the last panel.
    pub fn open_episode(&self) -> Option<&Episode<'r>> {
        self.episodes
            .last()
            .filter(|episode| episode.ended_on.is_none())
    }

    pub fn state(&self) -> Transaminase {
        match self.open_episode() {
            None => Transaminase::Normal,
            Some(episode) if episode.withheld_on.is_some() => Transaminase::Withheld,
            Some(_) => Transaminase::Confirming,
        }
    }

    pub fn last_panel(&self) -> Option<NaiveDate> {
        self.panels.last().map(|panel| panel.date)
    }

    /// Dates on which a withheld state ended (resumptions), oldest first.
    pub fn resumptions(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.episodes
            .iter()
            .filter(|episode| episode.withheld_on.is_some())
            .filter_map(|episode| episode.ended_on)
    }

    /// The periods ALT/AST withheld therapy.
    pub fn withheld_periods(&self) -> impl Iterator<Item = Period> + '_ {
        self.episodes.iter().filter_map(|episode| {
            episode.withheld_on.map(|from| Period {
                from,
                until: episode.ended_on,
            })
        })
    }

    /// Whether the panels dated before `date` withheld therapy and none up to `date` lifted it.
    /// Same-day results count in favour of the dose both ways (SPEC.md §1): a dose on the day
    /// of a withholding result may have preceded it, one on the day of a resuming result may
    /// have followed it.
    pub fn withheld_before(&self, date: NaiveDate) -> bool {
        self.episodes.iter().any(|episode| {
            episode.withheld_on.is_some_and(|from| from < date)
                && episode.ended_on.is_none_or(|ended| date < ended)
        })
    }

    /// Whether evidence dated `date` accompanies any elevation.
    fn accompanies_any(&self, date: NaiveDate) -> bool {
        self.episodes
            .iter()
            .any(|episode| episode.accompanies(date))
    }

    /// R-TOX-1, 1N, 2, 3, 4, 6, 7 and 8: everything but the work-up, which needs the status.
    pub fn check(&self, facts: &Facts, out: &mut Outcome) {
        let mut discontinuing = Vec::new();
        for discontinuation in &self.discontinuations {
            out.raise(
                Status::Discontinue,
                RuleId::Tox4,
                discontinuation.detail.clone(),
            );
            if facts
                .decisions
                .overriding(RuleId::Tox4, &discontinuation.detail)
                .is_none()
            {
                discontinuing.push(discontinuation.episode);
            }
        }

        let open = self.episodes.len().checked_sub(1);
        match (self.state(), self.open_episode()) {
            // A repeat "to confirm before withholding" beside "discontinue" only confuses; it
            // comes back if the clinician overrides R-TOX-4.
            (Transaminase::Confirming, Some(_))
                if open.is_some_and(|i| discontinuing.contains(&i)) => {}
            (Transaminase::Confirming, Some(episode)) => confirm(episode, facts, out),
            (Transaminase::Withheld, Some(episode)) => withhold(episode, out),
            _ => {}
        }

        self.not_confirmed(out);
        self.bilirubin_alone(facts, out);
        self.liver_symptoms_alone(facts, out);
        self.after_resumption(facts, out);
    }

    /// R-TOX-5: while withheld or discontinued, bilirubin, ALP and INR since the elevation.
    pub fn workup(&self, facts: &Facts, status: Status, out: &mut Outcome) {
        let elevated_on = match status {
            Status::Discontinue => self
                .discontinuations
                .iter()
                .find(|d| {
                    facts
                        .decisions
                        .overriding(RuleId::Tox4, &d.detail)
                        .is_none()
                })
                .map(|d| d.elevated_on),
            Status::Withhold => self
                .open_episode()
                .filter(|episode| episode.withheld_on.is_some())
                .map(|episode| episode.first.date),
            _ => None,
        };
        let Some(elevated_on) = elevated_on else {
            return;
        };

        let mut found = Vec::new();
        let mut missing = Vec::new();
        for test in [LabTest::Bilirubin, LabTest::Alp, LabTest::Inr] {
            match facts.results(test).rev().find(|r| r.date >= elevated_on) {
                Some(result) => found.push(result.describe()),
                None => missing.push(test.label().to_owned()),
            }
        }
        if missing.is_empty() {
            out.add_with(
                RuleId::Tox5,
                Severity::Info,
                format!("Work-up since {elevated_on} is complete: {}.", list(&found)),
            );
        } else {
            out.add(
                RuleId::Tox5,
                format!(
                    "Since the elevation on {elevated_on}, no {} is recorded; obtain them and \
                     investigate the probable cause.",
                    list_or(&missing)
                ),
            );
            out.due(DueKind::HepaticWorkup, elevated_on);
        }
    }

    /// R-TOX-1N: elevations the repeat did not confirm (the latest, and how many).
    fn not_confirmed(&self, out: &mut Outcome) {
        let unconfirmed: Vec<&Episode> = self
            .episodes
            .iter()
            .filter(|episode| episode.withheld_on.is_none())
            .filter(|episode| episode.ended_on.is_some())
            .collect();
        let Some(latest) = unconfirmed.last() else {
            return;
        };
        let earlier = match unconfirmed.len() - 1 {
            0 => String::new(),
            1 => " (1 earlier elevation was not confirmed either)".to_owned(),
            n => format!(" ({n} earlier elevations were not confirmed either)"),
        };
        out.add(
            RuleId::Tox1N,
            format!(
                "{} was below {} on the repeat of {}{earlier}.",
                latest.first.worst().describe(),
                pack().thresholds.transaminase_repeat_x_uln.text(),
                latest.ended_on.unwrap_or(latest.first.date)
            ),
        );
    }

    /// R-TOX-6: the latest bilirubin on therapy at or above 2×ULN with no transaminase elevation.
    fn bilirubin_alone(&self, facts: &Facts, out: &mut Outcome) {
        let Some(start) = facts.start else { return };
        let Some(latest) = facts
            .results(LabTest::Bilirubin)
            .next_back()
            .filter(|result| result.date >= start)
        else {
            return;
        };
        if at_least(
            latest.x_uln,
            pack().thresholds.bilirubin_discontinue_x_uln.value,
        ) && !self.accompanies_any(latest.date)
        {
            out.add(
                RuleId::Tox6,
                format!(
                    "{} with ALT and AST below {}; investigate the cause.",
                    latest.describe(),
                    pack().thresholds.transaminase_repeat_x_uln.text()
                ),
            );
        }
    }

    /// R-TOX-7: a liver-specific symptom with no elevation needs ALT, AST and total bilirubin
    /// dated on or after it before the next dose; once they exist it stays as info.
    fn liver_symptoms_alone(&self, facts: &Facts, out: &mut Outcome) {
        let tests = [LabTest::Alt, LabTest::Ast, LabTest::Bilirubin];
        let latest = |test: LabTest| facts.results(test).next_back().map(|r| r.date);
        let latest: Vec<Option<NaiveDate>> = tests.iter().map(|&test| latest(test)).collect();
        let alone: Vec<&Symptom> = facts
            .symptoms
            .iter()
            .copied()
            .filter(|symptom| symptom.kind.is_liver_specific())
            .filter(|symptom| !self.accompanies_any(symptom.date))
            .collect();
        let answered = |symptom: &Symptom| {
            latest
                .iter()
                .all(|date| date.is_some_and(|date| date >= symptom.date))
        };
        let (answered, unanswered): (Vec<&Symptom>, Vec<&Symptom>) =
            alone.into_iter().partition(|symptom| answered(symptom));

        let described = |symptoms: &[&Symptom]| -> String {
            let each: Vec<String> = symptoms
                .iter()
                .map(|symptom| format!("{} on {}", symptom.kind.label(), symptom.date))
                .collect();
            sentence(&list(&each))
        };
        if unanswered.is_empty() {
            if let Some(last) = answered.last() {
                let meta = pack().rule(RuleId::Tox7);
                out.add_with(
                    RuleId::Tox7,
                    meta.mild.unwrap_or(meta.severity),
                    format!(
                        "{} was answered: ALT, AST and total bilirubin were measured since.",
                        described(&[last])
                    ),
                );
            }
            return;
        }
        let first = unanswered[0].date;
        let missing: Vec<String> = tests
            .iter()
            .zip(&latest)
            .filter(|(_, date)| date.is_none_or(|date| date < first))
            .map(|(test, _)| test.label().to_owned())
            .collect();
        out.raise(
            Status::LabsNeeded,
            RuleId::Tox7,
            format!(
                "{} with no {} measured since; measure ALT, AST and total bilirubin before the \
                 next dose.",
                described(&unanswered),
                list_or(&missing)
            ),
        );
        out.due(DueKind::LiverPanel, facts.today);
    }

    /// R-TOX-8: within 3 months of a resumption, the liver panel comes sooner.
    fn after_resumption(&self, facts: &Facts, out: &mut Outcome) {
        let intervals = &pack().intervals;
        let Some(resumed) = self.resumptions().last() else {
            return;
        };
        let until = add_months(resumed, intervals.after_resumption_months.value);
        if facts.today >= until {
            return;
        }
        let last_panel = self.last_panel().unwrap_or(resumed);
        let days = if facts.in_first_year(last_panel) {
            intervals.liver_panel_after_resumption_first_year_days.value
        } else {
            intervals.liver_panel_after_resumption_later_days.value
        };
        out.add(
            RuleId::Tox8,
            format!(
                "ALT/AST fell below {} on {resumed}; until {until} check the liver panel \
                 every {days} days.",
                pack().thresholds.transaminase_repeat_x_uln.text()
            ),
        );
        out.due(DueKind::LiverPanel, add_days(last_panel, days));
    }
}

/// R-TOX-1: an elevation waiting for its repeat.
fn confirm(episode: &Episode, facts: &Facts, out: &mut Outcome) {
    let repeat_by = add_days(
        episode.first.date,
        pack().intervals.confirm_repeat_days.value,
    );
    let meta = pack().rule(RuleId::Tox1);
    let needed = episode.first_elevated.names();
    let (severity, advice) = if repeat_by < facts.today {
        (
            meta.escalated.unwrap_or(meta.severity),
            format!(
                "the repeat of {needed} to confirm before withholding was due by {repeat_by} and \
                 is not recorded; repeat it now"
            ),
        )
    } else {
        (
            meta.severity,
            format!("repeat {needed} by {repeat_by} to confirm before withholding"),
        )
    };
    let index = out.add_with(
        RuleId::Tox1,
        severity,
        format!(
            "{}: {advice}.{}",
            episode.first.worst().describe(),
            episode.incomplete_text(episode.first_elevated)
        ),
    );
    out.raise_by(Status::Confirm, index);
    out.due(DueKind::LiverPanel, repeat_by);
}

/// R-TOX-2 and R-TOX-3: withheld until ALT and AST are both below 3×ULN.
fn withhold(episode: &Episode, out: &mut Outcome) {
    let thresholds = &pack().thresholds;
    let repeat = thresholds.transaminase_repeat_x_uln.text();
    let (rule, why) = if episode.severe {
        (
            RuleId::Tox3,
            format!(
                "at or above {}",
                thresholds.transaminase_withhold_x_uln.text()
            ),
        )
    } else {
        (RuleId::Tox2, format!("confirmed at or above {repeat}"))
    };
    out.raise(
        Status::Withhold,
        rule,
        format!(
            "{} ({why}); withheld since {}. Resume only when ALT and AST are both measured below \
             {repeat}; investigate the probable cause.{}",
            episode.describe(),
            episode.withheld_on.unwrap_or(episode.first.date),
            episode.incomplete_text(episode.elevated)
        ),
    );
}

/// The panel dates from therapy start on, each with its highest ALT and AST.
fn panels<'r>(facts: &Facts<'r>) -> Vec<Panel<'r>> {
    let Some(start) = facts.start else {
        return Vec::new();
    };
    let mut panels: Vec<Panel> = Vec::new();
    for result in facts
        .labs
        .iter()
        .filter(|result| result.test.is_transaminase() && result.date >= start)
        .filter(|result| !result.x_uln.is_nan())
    {
        if panels.last().is_none_or(|panel| panel.date != result.date) {
            panels.push(Panel {
                date: result.date,
                alt: None,
                ast: None,
            });
        }
        let panel = panels.last_mut().expect("pushed above");
        let slot = if result.test == LabTest::Alt {
            &mut panel.alt
        } else {
            &mut panel.ast
        };
        if slot.is_none_or(|held| result.x_uln > held.x_uln) {
            *slot = Some(*result);
        }
    }
    panels
}

/// Walks the panels through normal → confirming → withheld → normal.
fn episodes<'r>(panels: &[Panel<'r>]) -> Vec<Episode<'r>> {
    let thresholds = &pack().thresholds;
    let repeat = thresholds.transaminase_repeat_x_uln.value;
    let withhold = thresholds.transaminase_withhold_x_uln.value;
    let mut episodes: Vec<Episode> = Vec::new();
    for panel in panels {
        let elevated = panel.at_least(repeat);
        let severe = at_least(panel.ratio(), withhold);
        let open = episodes
            .last_mut()
            .filter(|episode| episode.ended_on.is_none());
        match open {
            None if at_least(panel.ratio(), repeat) => episodes.push(Episode {
                first: *panel,
                withheld_on: severe.then_some(panel.date),
                severe,
                worst: *panel,
                ended_on: None,
                first_elevated: elevated,
                elevated,
                incomplete: Vec::new(),
            }),
            None => {}
            Some(episode) if at_least(panel.ratio(), repeat) => {
                episode.withheld_on.get_or_insert(panel.date);
                episode.severe |= severe;
                episode.elevated = episode.elevated.union(elevated);
                if panel.ratio() > episode.worst.ratio() {
                    episode.worst = *panel;
                }
            }
            Some(episode) => {
                // Below 3×ULN: it refutes an unconfirmed elevation, or ends a hold, only if it
                // measured every analyte that was elevated.
                let needed = if episode.withheld_on.is_some() {
                    episode.elevated
                } else {
                    episode.first_elevated
                };
                if panel.measured().covers(needed) {
                    episode.ended_on = Some(panel.date);
                } else {
                    episode.incomplete.push(*panel);
                }
            }
        }
    }
    episodes
}

/// R-TOX-4: every elevation accompanied by a liver-injury symptom, a bilirubin at or above
/// 2×ULN, or active liver disease.
fn discontinuations(facts: &Facts, episodes: &[Episode]) -> Vec<Discontinuation> {
    let bilirubin_limit = pack().thresholds.bilirubin_discontinue_x_uln.value;
    let flu_window = pack().intervals.flu_like_after_dose_days.value;
    let active_liver_disease = facts.record.conditions.active_liver_disease == Some(true);
    let mut met = Vec::new();
    for (index, episode) in episodes.iter().enumerate() {
        let mut evidence = Vec::new();
        let mut known_on: Option<NaiveDate> = None;
        let mut injection_reaction = false;
        let mut dated = |date: NaiveDate, text: String| {
            let shown = date.max(episode.first.date);
            known_on = Some(known_on.map_or(shown, |known| known.min(shown)));
            evidence.push(text);
        };
        for symptom in facts.symptoms.iter().filter(|s| s.kind.is_liver_injury()) {
            if episode.accompanies(symptom.date) {
                let after_dose = symptom.kind == SymptomKind::FluLike
                    && facts
                        .last_dose_by(symptom.date)
                        .is_some_and(|dose| days_between(dose.date, symptom.date) <= flu_window);
                injection_reaction |= after_dose;
                dated(
                    symptom.date,
                    format!("{} on {}", symptom.kind.label(), symptom.date),
                );
            }
        }
        for result in facts.results(LabTest::Bilirubin) {
            if at_least(result.x_uln, bilirubin_limit) && episode.accompanies(result.date) {
                dated(result.date, result.describe());
            }
        }
        if active_liver_disease {
            evidence.push("active liver disease".to_owned());
        }
        if evidence.is_empty() {
            continue;
        }
        let reaction = if injection_reaction {
            " Flu-like symptoms within 2 days of a dose may be the expected injection reaction \
             (R-AE-1): the clinician decides."
        } else {
            ""
        };
        met.push(Discontinuation {
            episode: index,
            elevated_on: episode.first.date,
            known_on,
            detail: format!(
                "{} with {}. Discontinue mipomersen for good and investigate the probable \
                 cause.{reaction}",
                episode.first.worst().describe(),
                list(&evidence)
            ),
        });
    }
    met
}
