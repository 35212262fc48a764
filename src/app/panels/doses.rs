//! Doses: a strip of the recent weeks (given, missed, withheld, coming), "record dose"
//! pre-filled with today, 200 mg, subcutaneous and the next site in rotation, and the log.

use chrono::{Datelike as _, NaiveDate};
use eframe::egui::{self, RichText, Ui};

use crate::app::Command;
use crate::app::document::Document;
use crate::app::style;
use crate::app::widgets::{choice, error_line, input, parse_date, parse_number};
use crate::format;
use crate::knowledge::pack;
use crate::palette;
use crate::record::{Dose, DoseChecklist, Route, Site};
use crate::rules::WeekState;

pub struct DoseForm {
    date: String,
    dose_mg: String,
    route: Option<Route>,
    site: Option<Site>,
    checklist: DoseChecklist,
    error: Option<String>,
}

impl DoseForm {
    pub fn new(today: NaiveDate) -> Self {
        DoseForm {
            date: today.to_string(),
            dose_mg: format::number(pack().thresholds.dose_mg.value),
            route: Some(Route::Subcutaneous),
            site: None,
            checklist: DoseChecklist::default(),
            error: None,
        }
    }

    /// The dose as entered, or what is wrong with it, naming the field. A dose is recorded
    /// once given: never for a day after today.
    fn dose(&self, today: NaiveDate, site: Site) -> Result<Dose, String> {
        let date = parse_date(&self.date, "Date")?.ok_or("Date: enter the date of the dose")?;
        if date > today {
            return Err(format!(
                "Date: {date} is after today ({today}); record a dose once it is given"
            ));
        }
        Ok(Dose {
            date,
            dose_mg: parse_number(&self.dose_mg, "Dose")?,
            route: self.route,
            site: Some(site),
            checklist: self.checklist.clone(),
            source: None,
        })
    }

    /// The checklist being ticked for this dose.
    pub fn checklist_mut(&mut self) -> &mut DoseChecklist {
        &mut self.checklist
    }

    /// The dose was recorded (or refused, with `error`): the form starts again, or says why.
    pub fn recorded(&mut self, today: NaiveDate, error: Option<String>) {
        match error {
            None => *self = DoseForm::new(today),
            Some(error) => self.error = Some(error),
        }
    }
}

/// The dose strip, the form (whose dose the app records, asking first when it goes against the
/// advice) and the log.
pub fn doses_ui(ui: &mut Ui, document: &mut Document, form: &mut DoseForm) -> Option<Command> {
    strip_ui(ui, document);
    ui.separator();
    let command = record_dose_ui(ui, document, form);
    ui.separator();
    log_ui(ui, document);
    command
}

fn strip_ui(ui: &mut Ui, document: &Document) {
    let strip = &document.assessment().strip;
    let Some(first) = strip.first() else {
        ui.label("No doses yet: the weekly strip starts with the first dose.");
        return;
    };
    let weekday = crate::record::weekday_label(first.day.weekday());
    ui.label(RichText::new(format!("Weekly doses ({weekday}s)")).strong());
    ui.horizontal_wrapped(|ui| {
        for week in strip {
            chip(
                ui,
                &format!("{} {}", week.day.format("%d %b"), week.state.letter()),
                week.state,
            )
            .on_hover_text(format!("{}: {}", week.day, week.state.label()));
        }
    });
    // The key, in the chips' own letters and colours: the letter carries the meaning, the colour
    // only repeats it.
    ui.horizontal_wrapped(|ui| {
        for state in WeekState::ALL {
            chip(ui, state.letter(), state);
            ui.label(state.label());
        }
    });
}

/// Body-size white text on the state's fill.
fn chip(ui: &mut Ui, text: &str, state: WeekState) -> egui::Response {
    let chip = RichText::new(format!(" {text} "))
        .color(style::ON_BADGE)
        .background_color(style::colour(palette::week_state(state)));
    ui.add(egui::Label::new(chip).wrap_mode(egui::TextWrapMode::Extend))
}

fn record_dose_ui(ui: &mut Ui, document: &Document, form: &mut DoseForm) -> Option<Command> {
    ui.heading("Record dose");
    let site = form.site.unwrap_or(document.assessment().next_site);
    ui.horizontal_wrapped(|ui| {
        input(ui, "Date", &mut form.date, 90.0);
        input(ui, "Dose (mg)", &mut form.dose_mg, 50.0);
        let routes = Route::ALL.map(|route| (route, route.label()));
        if let Some(route) = choice(ui, "Route", form.route, &routes) {
            form.route = route;
        }
        let sites = Site::ALL.map(|site| (site, site.label()));
        if let Some(picked) = choice(ui, "Site", Some(site), &sites) {
            form.site = picked;
        }
    });
    checklist_ui(ui, &mut form.checklist);
    let mut command = None;
    if ui.button("Record dose").clicked() {
        match form.dose(document.today(), site) {
            Ok(dose) => command = Some(Command::RecordDose(Box::new(dose))),
            Err(error) => form.error = Some(error),
        }
    }
    error_line(ui, form.error.as_ref());
    command
}

/// The administration checklist, ticked as the dose is given: the items each dose records as
/// boxes, the others as reminders. An item left unticked is asked about before the dose is
/// recorded.
pub(super) fn checklist_ui(ui: &mut Ui, checklist: &mut DoseChecklist) {
    ui.label(RichText::new("Administration checklist").strong());
    let items = &pack().administration_checklist;
    for (key, done) in checklist.items_mut() {
        let Some(item) = items.iter().find(|item| item.key == key) else {
            continue;
        };
        let mut ticked = *done == Some(true);
        if ui.checkbox(&mut ticked, item.text.as_str()).changed() {
            *done = ticked.then_some(true);
        }
    }
    for item in items.iter().filter(|item| !item.recorded) {
        ui.label(format!("• {}", item.text));
    }
}

fn log_ui(ui: &mut Ui, document: &mut Document) {
    let record = document.record();
    let mut order: Vec<usize> = (0..record.doses.len()).collect();
    order.sort_by_key(|&index| std::cmp::Reverse(record.doses[index].date));
    ui.heading(format!("Dose log ({})", order.len()));
    let mut delete = None;
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    // Both ways, as the lab table: zoomed in, the log scrolls sideways rather than clip.
    egui::ScrollArea::both().id_salt("dose log").show_rows(
        ui,
        row_height,
        order.len(),
        |ui, rows| {
            egui::Grid::new("doses")
                .striped(true)
                .num_columns(6)
                .show(ui, |ui| {
                    for &index in &order[rows] {
                        let dose = &record.doses[index];
                        ui.label(format!(
                            "{} {}",
                            dose.date,
                            format::short_weekday(dose.date)
                        ));
                        ui.label(dose.dose_mg.map_or_else(
                            || "? mg".to_owned(),
                            |mg| format!("{} mg", format::number(mg)),
                        ));
                        ui.label(dose.route.map_or("route not recorded", Route::label));
                        ui.label(dose.site.map_or("site not recorded", Site::label));
                        ui.label(format!("checklist {}", dose.checklist.summary()));
                        if ui
                            .small_button("Delete")
                            .on_hover_text("Delete this dose")
                            .clicked()
                        {
                            delete = Some(index);
                        }
                        ui.end_row();
                    }
                });
        },
    );
    if let Some(index) = delete {
        document.edit(|record| {
            record.doses.remove(index);
        });
    }
}
