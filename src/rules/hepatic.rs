//! Hepatotoxicity: the walk over the transaminase panels from therapy start, and R-TOX-1..8.
//! (Dosing: Adjustment for Toxicity; Boxed Warning.)
//!
//! Each panel date's ratio is the larger ×ULN of its ALT and AST. An *episode* runs from the
//! first panel at or above 3×ULN to the first later panel below it; it is *confirmed* (withheld)
//! by a second panel at or above 3×ULN, or at once by one at or above 5×ULN.

use chrono::NaiveDate;

use super::assessment::{DueKind, Period, Status};
use super::calendar::{add_days, add_months};
use super::facts::{Facts, LabResult};
use super::format::{list, sentence};
use super::outcome::Outcome;
use crate::knowledge::{RuleId, Severity, pack};
use crate::record::{LabTest, Symptom};

/// The transaminase state after the last panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transaminase {
    Normal,
    Confirming,
    Withheld,
}

/// One panel date from therapy start on, with its worse transaminase result.
#[derive(Debug, Clone, Copy)]
pub struct Panel<'r> {
    pub date: NaiveDate,
    pub worst: LabResult<'r>,
}

impl Panel<'_> {
    pub fn ratio(&self) -> f64 {
        self.worst.x_uln
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
    /// The first panel below 3×ULN after it: a resumption if it was withheld.
    pub ended_on: Option<NaiveDate>,
}

impl Episode<'_> {
    /// The first elevated result, and the highest when it came later.
    fn describe(&self) -> String {
        if self.worst.date == self.first.date {
            self.first.worst.describe()
        } else {
            format!(
                "{}, highest {}",
                self.first.worst.describe(),
                self.worst.worst.describe()
            )
        }
    }

    /// Whether evidence dated `date` accompanies this elevation (R-TOX-4): from 7 days before
    /// the first elevated panel until the elevation resolves.
    pub fn accompanies(&self, date: NaiveDate) -> bool {
        let opens = add_days(self.first.date, -pack().intervals.symptom_tie_days.value);
        date >= opens && self.ended_on.is_none_or(|ended| date < ended)
    }
}

/// R-TOX-4's criterion, met.
#[derive(Debug, Clone)]
pub struct Discontinuation {
    /// The first elevated date of the episode that met it.
    pub elevated_on: NaiveDate,
    /// When the data first showed it (for R-DOSE-5); `None` when only undated conditions did.
    pub known_on: Option<NaiveDate>,
    pub detail: String,
}

pub struct Hepatic<'r> {
    pub panels: Vec<Panel<'r>>,
    pub episodes: Vec<Episode<'r>>,
    pub discontinuation: Option<Discontinuation>,
}

impl<'r> Hepatic<'r> {
    pub fn walk(facts: &Facts<'r>) -> Self {
        let panels = panels(facts);
        let episodes = episodes(&panels);
        let discontinuation = discontinuation(facts, &episodes);
        Hepatic {
            panels,
            episodes,
            discontinuation,
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
    /// Same-day results get the benefit of the doubt both ways: a dose on the day of a
    /// withholding result may have preceded it, and one on the day of a resuming result may
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
        let thresholds = &pack().thresholds;
        let intervals = &pack().intervals;

        if let Some(discontinuation) = &self.discontinuation {
            out.raise(
                Status::Discontinue,
                RuleId::Tox4,
                discontinuation.detail.clone(),
            );
        }

        match (self.state(), self.open_episode()) {
            (Transaminase::Confirming, Some(episode)) => {
                let repeat_by = add_days(episode.first.date, intervals.confirm_repeat_days.value);
                let meta = pack().rule(RuleId::Tox1);
                let (severity, timing) = if repeat_by < facts.today {
                    (
                        meta.escalated.unwrap_or(meta.severity),
                        format!("the repeat was due by {repeat_by} and is not recorded"),
                    )
                } else {
                    (meta.severity, format!("repeat ALT and AST by {repeat_by}"))
                };
                let index = out.add_with(
                    RuleId::Tox1,
                    severity,
                    format!(
                        "{}: {timing} to confirm before withholding.",
                        episode.first.worst.describe()
                    ),
                );
                out.raise_by(Status::Confirm, index);
                out.due(DueKind::LiverPanel, repeat_by);
            }
            (Transaminase::Withheld, Some(episode)) => {
                let (rule, why) = if episode.severe {
                    (RuleId::Tox3, "at or above 5×ULN".to_owned())
                } else {
                    (
                        RuleId::Tox2,
                        format!(
                            "confirmed at or above {}×ULN",
                            thresholds.transaminase_repeat_x_uln.value
                        ),
                    )
                };
                out.raise(
                    Status::Withhold,
                    rule,
                    format!(
                        "{} ({why}); withheld since {}. Resume only when ALT and AST are both \
                         below {}×ULN; investigate the probable cause.",
                        episode.describe(),
                        episode.withheld_on.unwrap_or(episode.first.date),
                        thresholds.transaminase_repeat_x_uln.value
                    ),
                );
            }
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
            Status::Discontinue => self.discontinuation.as_ref().map(|d| d.elevated_on),
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
                    list(&missing)
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
                "{} was below 3×ULN on the repeat of {}{earlier}.",
                latest.first.worst.describe(),
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
        if latest.x_uln >= pack().thresholds.bilirubin_discontinue_x_uln.value
            && !self.accompanies_any(latest.date)
        {
            out.add(
                RuleId::Tox6,
                format!(
                    "{} with ALT and AST below 3×ULN; investigate the cause.",
                    latest.describe()
                ),
            );
        }
    }

    /// R-TOX-7: liver-specific symptoms with no elevation and no liver panel since.
    fn liver_symptoms_alone(&self, facts: &Facts, out: &mut Outcome) {
        let last_transaminase = facts
            .labs
            .iter()
            .rev()
            .find(|result| result.test.is_transaminase())
            .map(|result| result.date);
        let unchecked: Vec<&Symptom> = facts
            .symptoms
            .iter()
            .copied()
            .filter(|symptom| symptom.kind.is_liver_specific())
            .filter(|symptom| !self.accompanies_any(symptom.date))
            .filter(|symptom| last_transaminase.is_none_or(|last| last < symptom.date))
            .collect();
        if unchecked.is_empty() {
            return;
        }
        let described: Vec<String> = unchecked
            .iter()
            .map(|symptom| format!("{} on {}", symptom.kind.label(), symptom.date))
            .collect();
        out.add(
            RuleId::Tox7,
            format!(
                "{} with no ALT/AST measured since; measure ALT and AST today.",
                sentence(&list(&described))
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
                "ALT/AST fell below 3×ULN on {resumed}; until {until} check the liver panel \
                 every {days} days."
            ),
        );
        out.due(DueKind::LiverPanel, add_days(last_panel, days));
    }
}

/// The panel dates from therapy start on, each with its worse transaminase result.
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
        match panels.last_mut() {
            Some(panel) if panel.date == result.date => {
                if result.x_uln > panel.ratio() {
                    panel.worst = *result;
                }
            }
            _ => panels.push(Panel {
                date: result.date,
                worst: *result,
            }),
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
        let ratio = panel.ratio();
        let open = episodes
            .last_mut()
            .filter(|episode| episode.ended_on.is_none());
        match open {
            None if ratio >= repeat => episodes.push(Episode {
                first: *panel,
                withheld_on: (ratio >= withhold).then_some(panel.date),
                severe: ratio >= withhold,
                worst: *panel,
                ended_on: None,
            }),
            None => {}
            Some(episode) if ratio >= repeat => {
                episode.withheld_on.get_or_insert(panel.date);
                episode.severe |= ratio >= withhold;
                if ratio > episode.worst.ratio() {
                    episode.worst = *panel;
                }
            }
            Some(episode) => episode.ended_on = Some(panel.date),
        }
    }
    episodes
}

/// R-TOX-4: the first elevation accompanied by a liver-injury symptom, a bilirubin at or above
/// 2×ULN, or active liver disease.
fn discontinuation(facts: &Facts, episodes: &[Episode]) -> Option<Discontinuation> {
    let bilirubin_limit = pack().thresholds.bilirubin_discontinue_x_uln.value;
    let active_liver_disease = facts.record.conditions.active_liver_disease == Some(true);
    for episode in episodes {
        let mut evidence = Vec::new();
        let mut known_on: Option<NaiveDate> = None;
        let mut dated = |date: NaiveDate, text: String| {
            let shown = date.max(episode.first.date);
            known_on = Some(known_on.map_or(shown, |known| known.min(shown)));
            evidence.push(text);
        };
        for symptom in facts.symptoms.iter().filter(|s| s.kind.is_liver_injury()) {
            if episode.accompanies(symptom.date) {
                dated(
                    symptom.date,
                    format!("{} on {}", symptom.kind.label(), symptom.date),
                );
            }
        }
        for result in facts.results(LabTest::Bilirubin) {
            if result.x_uln >= bilirubin_limit && episode.accompanies(result.date) {
                dated(result.date, result.describe());
            }
        }
        if active_liver_disease {
            evidence.push("active liver disease".to_owned());
        }
        if !evidence.is_empty() {
            return Some(Discontinuation {
                elevated_on: episode.first.date,
                known_on,
                detail: format!(
                    "{} with {}. Discontinue mipomersen for good and investigate the probable \
                     cause.",
                    episode.first.worst.describe(),
                    list(&evidence)
                ),
            });
        }
    }
    None
}
