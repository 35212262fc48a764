//! A bare eframe window, the baseline for `scripts/startup.sh`: it sets its title on its first
//! frame, as the app does, so both can be timed the same way.

use eframe::egui;

struct Bare {
    titled: bool,
}

impl eframe::App for Bare {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if !self.titled {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Title(
                "bare eframe — first frame".into(),
            ));
            self.titled = true;
        }
        egui::CentralPanel::default_margins().show(ui, |ui| ui.label("bare"));
    }
}

fn main() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("bare eframe")
            .with_inner_size([1280.0, 820.0]),
        ..Default::default()
    };
    eframe::run_native(
        "bare",
        options,
        Box::new(|_| Ok(Box::new(Bare { titled: false }))),
    )
}
