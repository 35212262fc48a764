//! The clinic summary: status and reason, the boxed warning, next dose, due items, findings,
//! latest labs, the ALT/AST and LDL-C charts, recent doses, medications, checklists, signature.

use chrono::NaiveDate;

use super::chart::{Chart, Series, Threshold};
use super::layout::{GREY, Layout, Paper, Style};
use super::structure::Bullet;
use crate::format;
use crate::knowledge::pack;
use crate::palette;
use crate::record::{LabTest, LabUnit, Record, Route, Site};
use crate::rules::calendar::add_days;
use crate::rules::{Assessment, DueItem, Facts, WeekState, interaction_matches};
use crate::trends::{baseline, ratio_series, value_series};

const BODY: Style = Style::new(9.5);
const SMALL: Style = Style::new(8.5);
/// Doses listed: the last 12 weeks.
const RECENT_DOSE_DAYS: i64 = 12 * 7;

pub fn lay_out(record: &Record, assessment: &Assessment, today: NaiveDate, paper: Paper) -> Layout {
    let mut layout = Layout::new(paper);
    layout.title(
        "Mipomersen (Kynamro) therapy summary",
        Style::new(16.0).bold(),
    );
    layout.paragraph(&format!("Assessed for {today}"), SMALL.colour(GREY), 0.0);
    layout.gap(6.0);
    layout.paragraph(
        &format!("Status: {}", assessment.status.label()),
        Style::new(13.0)
            .bold()
            .colour(palette::status(assessment.status)),
        0.0,
    );
    layout.paragraph(&assessment.reason, BODY, 0.0);
    layout.paragraph(
        &format!("Next dose: {}", assessment.next_dose_text()),
        BODY.bold(),
        0.0,
    );
    layout.gap(4.0);
    let warning = &pack().boxed_warning;
    layout.label(
        crate::knowledge::BOXED_WARNING,
        SMALL.bold().colour(palette::LIGHT.boxed_warning),
    );
    layout.paragraph(&warning.text, SMALL, 0.0);

    due_and_findings(&mut layout, assessment);
    decisions(&mut layout, record, assessment, today);

    let facts = Facts::new(record, today);
    latest_labs(&mut layout, &facts);
    charts(&mut layout, &facts, assessment, today);
    recent_doses(&mut layout, record, today);
    medications(&mut layout, record, today);
    checklists(&mut layout);

    layout.gap(24.0);
    layout.ensure(40.0);
    layout.paragraph(
        "Reviewed by: ______________________________   Signature: ______________________   Date: ____________",
        BODY,
        0.0,
    );
    layout
}

/// What is due, the findings most severe first, and what the file leaves unknown.
fn due_and_findings(layout: &mut Layout, assessment: &Assessment) {
    layout.heading("Due and overdue", 30.0);
    let rows: Vec<Vec<String>> = assessment
        .due
        .iter()
        .map(|due| {
            let overdue = if due.overdue { DueItem::OVERDUE } else { "no" };
            vec![
                due.due.to_string(),
                due.item.description().to_owned(),
                overdue.to_owned(),
                due.item.rule().to_string(),
            ]
        })
        .collect();
    table_or(
        layout,
        &["Due", "Item", "Overdue", "Rule"],
        &[0.14, 0.58, 0.14, 0.14],
        &rows,
        BODY,
        "Nothing is due.",
    );

    layout.heading(
        &format!(
            "Findings ({}), most severe first",
            assessment.findings.len()
        ),
        40.0,
    );
    let rows: Vec<Vec<String>> = assessment
        .findings
        .iter()
        .map(|finding| {
            let decision = finding
                .decision_text()
                .map(|text| format!("\nDecision: {text}"))
                .unwrap_or_default();
            vec![
                finding.severity.label().to_owned(),
                finding.rule.to_string(),
                format!("{}. {}{decision}", finding.title, finding.detail),
                finding.source.clone(),
            ]
        })
        .collect();
    table_or(
        layout,
        &["Severity", "Rule", "Finding", "Source"],
        &[0.12, 0.11, 0.53, 0.24],
        &rows,
        SMALL,
        "No findings.",
    );
    if !assessment.unknown.is_empty() {
        layout.paragraph(
            &format!("Not recorded: {}.", assessment.unknown.join(", ")),
            SMALL.colour(GREY),
            0.0,
        );
    }
}

/// Every decision of the clinician with its reason; those whose finding has changed or is gone
/// are marked as no longer applying.
fn decisions(layout: &mut Layout, record: &Record, assessment: &Assessment, today: NaiveDate) {
    let recorded: Vec<_> = record
        .decisions
        .iter()
        .filter(|decision| decision.date <= today)
        .collect();
    if recorded.is_empty() {
        return;
    }
    layout.heading("Clinician decisions", 30.0);
    let rows: Vec<Vec<String>> = recorded
        .iter()
        .map(|decision| {
            let applies = if assessment.stale_decisions.contains(decision) {
                "no longer applies: the finding now reads differently or is gone"
            } else {
                "applies"
            };
            vec![
                decision.date.to_string(),
                decision.rule.to_string(),
                format!(
                    "{}{}",
                    decision.action.label(),
                    decision
                        .by
                        .as_deref()
                        .map(|by| format!(" by {by}"))
                        .unwrap_or_default()
                ),
                format!(
                    "{} ({applies}). Finding: {}",
                    decision.reason, decision.detail
                ),
            ]
        })
        .collect();
    layout.table(
        &["Date", "Rule", "Decision", "Reason"],
        &[0.13, 0.11, 0.2, 0.56],
        &rows,
        SMALL,
    );
}

/// The latest result of each test, with its unit and ×ULN.
fn latest_labs(layout: &mut Layout, facts: &Facts) {
    layout.heading("Latest laboratory results", 30.0);
    let rows: Vec<Vec<String>> = LabTest::ALL
        .iter()
        .filter_map(|&test| facts.results(test).next_back())
        .map(|result| {
            let lab = result.lab;
            vec![
                lab.test.label().to_owned(),
                lab.date.to_string(),
                format!("{} {}", format::number(lab.value), lab.unit.symbol())
                    .trim()
                    .to_owned(),
                lab.uln.map_or_else(
                    || {
                        if lab.test.has_uln() {
                            "default".to_owned()
                        } else {
                            String::new()
                        }
                    },
                    |uln| format!("{} {}", format::number(uln), lab.unit.symbol()),
                ),
                if lab.test.has_uln() {
                    format!("{}×ULN", format::ratio(result.x_uln))
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    table_or(
        layout,
        &["Test", "Date", "Value", "ULN", "×ULN"],
        &[0.26, 0.16, 0.22, 0.2, 0.16],
        &rows,
        BODY,
        "No results recorded.",
    );
}

fn charts(layout: &mut Layout, facts: &Facts, assessment: &Assessment, today: NaiveDate) {
    layout.heading("Trends", 190.0);
    let thresholds = &pack().thresholds;
    let alt = ratio_series(facts, LabTest::Alt);
    let ast = ratio_series(facts, LabTest::Ast);
    let shaded: Vec<(NaiveDate, NaiveDate)> = assessment
        .withheld
        .iter()
        .map(|period| (period.from, period.until.unwrap_or(today)))
        .collect();
    let names = [LabTest::Alt.label(), LabTest::Ast.label()];
    let title = format!("{} and {}", names[0], names[1]);
    let unit = format!("×ULN; shaded: {}", WeekState::Withheld.label());
    layout.chart(
        &Chart {
            title: &title,
            unit: &unit,
            series: vec![
                Series {
                    name: names[0],
                    colour: palette::LIGHT.alt,
                    points: &alt,
                },
                Series {
                    name: names[1],
                    colour: palette::LIGHT.ast,
                    points: &ast,
                },
            ],
            thresholds: vec![
                Threshold {
                    label: thresholds.transaminase_repeat_x_uln.text(),
                    value: thresholds.transaminase_repeat_x_uln.value,
                    colour: palette::LIGHT.repeat_line,
                },
                Threshold {
                    label: thresholds.transaminase_withhold_x_uln.text(),
                    value: thresholds.transaminase_withhold_x_uln.value,
                    colour: palette::LIGHT.stop_line,
                },
            ],
            shaded: shaded.clone(),
            reading: |ratio| format!("{}×ULN", format::ratio(ratio)),
        },
        130.0,
    );
    let (ldl_c, mg_dl) = (LabTest::LdlC, LabUnit::MgPerDl);
    let ldl = value_series(facts, ldl_c, mg_dl);
    let mut ldl_thresholds = Vec::new();
    if let Some(baseline) = baseline(facts, ldl_c, mg_dl) {
        ldl_thresholds.push(Threshold {
            label: format!("baseline {} {}", format::number(baseline), mg_dl.symbol()),
            value: baseline,
            colour: palette::LIGHT.baseline_line,
        });
    }
    layout.chart(
        &Chart {
            title: ldl_c.label(),
            unit: mg_dl.symbol(),
            series: vec![Series {
                name: ldl_c.label(),
                colour: palette::LIGHT.lipid,
                points: &ldl,
            }],
            thresholds: ldl_thresholds,
            shaded,
            reading: |value| {
                let unit = LabUnit::MgPerDl.symbol();
                format!("{} {unit}", format::number(value))
            },
        },
        110.0,
    );
    if let Some(efficacy) = assessment.efficacy {
        layout.paragraph(&format!("{}.", efficacy.describe()), BODY, 0.0);
    }
}

fn recent_doses(layout: &mut Layout, record: &Record, today: NaiveDate) {
    layout.heading("Doses in the last 12 weeks", 30.0);
    let since = add_days(today, -RECENT_DOSE_DAYS);
    let mut doses: Vec<_> = record
        .doses
        .iter()
        .filter(|d| d.date > since && d.date <= today)
        .collect();
    doses.sort_by_key(|dose| std::cmp::Reverse(dose.date));
    let rows: Vec<Vec<String>> = doses
        .iter()
        .map(|dose| {
            vec![
                format!("{} {}", dose.date, format::short_weekday(dose.date)),
                dose.dose_mg.map_or_else(
                    || "not recorded".to_owned(),
                    |mg| format!("{} mg", format::number(mg)),
                ),
                dose.route.map_or("not recorded", Route::label).to_owned(),
                dose.site.map_or("not recorded", Site::label).to_owned(),
                dose.checklist.summary(),
            ]
        })
        .collect();
    table_or(
        layout,
        &["Date", "Dose", "Route", "Site", "Checklist"],
        &[0.2, 0.14, 0.2, 0.22, 0.24],
        &rows,
        BODY,
        "No doses in the last 12 weeks.",
    );
}

fn medications(layout: &mut Layout, record: &Record, today: NaiveDate) {
    layout.heading("Active medications", 30.0);
    let rows: Vec<Vec<String>> = record
        .medications
        .iter()
        .filter(|medication| medication.active_on(today))
        .map(|medication| {
            let notes: Vec<String> = interaction_matches(&medication.name)
                .into_iter()
                .map(|found| {
                    let drug = found.interaction;
                    format!("{} {}: {}", drug.rule, drug.management, drug.text)
                })
                .collect();
            vec![
                medication.name.clone(),
                medication
                    .start
                    .map_or_else(|| "?".to_owned(), |d| d.to_string()),
                medication
                    .daily_dose_mg
                    .map_or_else(String::new, |mg| format!("{} mg/day", format::number(mg))),
                if notes.is_empty() {
                    "none known".to_owned()
                } else {
                    notes.join(" ")
                },
            ]
        })
        .collect();
    table_or(
        layout,
        &["Medication", "Since", "Dose", "Interaction"],
        &[0.24, 0.14, 0.14, 0.48],
        &rows,
        SMALL,
        "None recorded.",
    );
}

/// A table of `rows`, or the sentence `empty` when there are none.
fn table_or(
    layout: &mut Layout,
    headers: &[&str],
    widths: &[f32],
    rows: &[Vec<String>],
    style: Style,
    empty: &str,
) {
    if rows.is_empty() {
        layout.paragraph(empty, BODY, 0.0);
    } else {
        layout.table(headers, widths, rows, style);
    }
}

fn checklists(layout: &mut Layout) {
    for (title, items) in [
        ("Administration checklist", &pack().administration_checklist),
        ("Storage checklist", &pack().storage_checklist),
    ] {
        layout.heading(title, 20.0);
        let texts: Vec<&str> = items.iter().map(|item| item.text.as_str()).collect();
        layout.list(Bullet::Checkbox, &texts, BODY, 6.0, 0.0);
    }
}
