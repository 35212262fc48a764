//! Benchmarks of the core on a ten-year record (520 weekly doses, 130 liver panels with lipids,
//! 20 medications, 50 symptoms): `evaluate` alone (target: median ≤ 50 µs), load + validate +
//! evaluate from disk (target ≤ 5 ms), the printed summary (target ≤ 150 ms), and the worklist
//! of 1,000 such files (target ≤ 1 s).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mipomersen_monitor::report::{self, Kind, Paper};
use mipomersen_monitor::synthetic::{self, Shape};
use mipomersen_monitor::{record, rules};

fn evaluate(c: &mut Criterion) {
    let record = synthetic::record(Shape::TEN_YEARS, 1);
    let today = synthetic::assessed_on(Shape::TEN_YEARS);
    c.bench_function("evaluate ten-year record", |b| {
        b.iter(|| rules::evaluate(black_box(&record), black_box(today)));
    });
}

fn load_and_evaluate(c: &mut Criterion) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("ten-years.json");
    record::save(&synthetic::record(Shape::TEN_YEARS, 1), &path).expect("saved");
    let today = synthetic::assessed_on(Shape::TEN_YEARS);
    c.bench_function("load + validate + evaluate ten-year file", |b| {
        b.iter(|| {
            let record = record::load(black_box(&path)).expect("loads");
            rules::evaluate(&record, today)
        });
    });
}

fn summary(c: &mut Criterion) {
    let record = synthetic::record(Shape::TEN_YEARS, 1);
    let today = synthetic::assessed_on(Shape::TEN_YEARS);
    let printed = today.and_hms_opt(9, 0, 0).expect("a time");
    c.bench_function("printed summary of the ten-year record", |b| {
        b.iter(|| {
            let assessment = rules::evaluate(&record, today);
            report::pdf(
                Kind::ClinicSummary,
                &record,
                &assessment,
                today,
                printed,
                Paper::A4,
            )
            .expect("a PDF")
        });
    });
}

fn worklist(c: &mut Criterion) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    for seed in 0..1_000 {
        let path = folder.path().join(format!("patient-{seed:04}.json"));
        record::save(&synthetic::record(Shape::TEN_YEARS, seed), &path).expect("saved");
    }
    let today = synthetic::assessed_on(Shape::TEN_YEARS);
    let mut group = c.benchmark_group("worklist");
    group.sample_size(10);
    group.bench_function("1,000 ten-year patient files", |b| {
        b.iter(|| {
            let entries =
                mipomersen_monitor::worklist::scan(folder.path(), today).expect("scanned");
            assert_eq!(entries.len(), 1_000);
            entries
        });
    });
    group.finish();
}

criterion_group!(benches, evaluate, load_and_evaluate, summary, worklist);
criterion_main!(benches);
