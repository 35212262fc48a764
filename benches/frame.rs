//! One full frame of the app (egui layout and the panels, in the kittest harness, no GPU) with
//! the ten-year record open, per tab. Target: median ≤ 4 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui;
use egui_kittest::Harness;
use mipomersen_monitor::app::{MonitorApp, NoDialogs, Start, Tab};
use mipomersen_monitor::record;
use mipomersen_monitor::synthetic::{self, Shape};

fn frame(c: &mut Criterion) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("ten-years.json");
    record::save(&synthetic::record(Shape::TEN_YEARS, 1), &path).expect("saved");
    let today = synthetic::assessed_on(Shape::TEN_YEARS);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_eframe(|cc| {
            MonitorApp::new(
                cc,
                Start::File(path.clone()),
                Box::new(NoDialogs),
                Some(today),
            )
        });
    harness.run();
    assert_eq!(
        harness.state().document().record().doses.len(),
        520,
        "the record opened"
    );
    for tab in Tab::ALL {
        harness.state_mut().select_tab(tab);
        harness.run();
        c.bench_function(
            &format!("frame, ten-year record, {} tab", tab.label()),
            |b| {
                b.iter(|| harness.step());
            },
        );
    }
}

criterion_group!(benches, frame);
criterion_main!(benches);
