//! The patient handout: the monograph's patient education in plain language and large type,
//! with the patient's next dose and next blood test.

use chrono::NaiveDate;

use super::layout::{Layout, Paper, Style};
use super::structure::Bullet;
use crate::format;
use crate::knowledge::pack;
use crate::record::Record;
use crate::rules::{Assessment, DueKind, MissedAction, Status};

const BODY: Style = Style::new(13.0);

pub fn lay_out(record: &Record, assessment: &Assessment, today: NaiveDate, paper: Paper) -> Layout {
    let mut layout = Layout::new(paper);
    layout.title(
        "Your mipomersen (Kynamro) treatment",
        Style::new(20.0).bold(),
    );
    let name = record.patient.name.as_deref().unwrap_or("");
    layout.paragraph(&format!("For {name}, {today}"), Style::new(11.0), 0.0);
    layout.gap(10.0);

    let missed = assessment
        .missed_dose
        .map(|missed| {
            let what = match (missed.action, missed.give_by) {
                (MissedAction::GiveNow, Some(by)) => {
                    format!("inject it now, by {} at the latest", format::long_date(by))
                }
                _ => "skip it, do not make it up".to_owned(),
            };
            format!(
                " You missed the injection of {}: {what}.",
                missed.missed.format("%-d %B")
            )
        })
        .unwrap_or_default();
    let next_dose = match (assessment.next_dose, assessment.status) {
        (Some(next), _) => format!(
            "Your next injection: {} ({next}).{missed}",
            format::long_date(next)
        ),
        (None, Status::LabsNeeded) => format!(
            "Have your liver blood test before your next injection. Do not inject until your \
             clinic has seen the result.{missed}"
        ),
        (None, _) => "Do not inject until your doctor tells you to start again.".to_owned(),
    };
    layout.paragraph(&next_dose, BODY.bold(), 0.0);
    let blood_test = assessment
        .due
        .iter()
        .find(|due| due.item == DueKind::LiverPanel)
        .map_or_else(
            || "Your doctor will tell you when your next blood test is.".to_owned(),
            |due| {
                format!(
                    "Your next liver blood test: {} ({}).",
                    format::long_date(due.due),
                    due.due
                )
            },
        );
    layout.paragraph(&blood_test, BODY.bold(), 0.0);

    for section in &pack().education {
        layout.heading(&section.heading, 60.0);
        layout.list(Bullet::Dot, &section.items, BODY, 8.0, 3.0);
    }
    layout.gap(16.0);
    layout.paragraph(
        "Questions? Call your clinic: ______________________________",
        BODY,
        0.0,
    );
    layout
}
