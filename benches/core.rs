//! Benchmarks of the core on a ten-year record (520 weekly doses, 130 liver panels with lipids,
//! 20 medications, 50 symptoms): `evaluate` alone (target: median ≤ 50 µs), what each edit in
//! the app re-computes (the assessment and the plots' series, target ≤ 1 ms), load + validate +
//! evaluate from disk (target ≤ 5 ms), the printed summary (target ≤ 150 ms), and the worklist
//! of 1,000 such files (target ≤ 1 s). And an import of one lab result into a record of
//! 100,000 results (target ≤ 100 ms): what the import itself does, and the whole command's
//! work on the file (locked read, import, change history, save).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mipomersen_monitor::report::{self, Kind, Paper};
use mipomersen_monitor::synthetic::{self, Shape};
use mipomersen_monitor::trends::Trends;
use mipomersen_monitor::{record, rules};

fn evaluate(c: &mut Criterion) {
    let record = synthetic::record(Shape::TEN_YEARS, 1);
    let today = synthetic::assessed_on(Shape::TEN_YEARS);
    c.bench_function("evaluate ten-year record", |b| {
        b.iter(|| rules::evaluate(black_box(&record), black_box(today)));
    });
}

fn edit(c: &mut Criterion) {
    let record = synthetic::record(Shape::TEN_YEARS, 1);
    let today = synthetic::assessed_on(Shape::TEN_YEARS);
    c.bench_function(
        "one edit in the app: evaluate + trends of the ten-year record",
        |b| {
            b.iter(|| {
                let record = black_box(&record);
                (
                    rules::evaluate(record, black_box(today)),
                    Trends::new(record, today),
                )
            });
        },
    );
}

/// `evaluate` on 2.5, 5, 10 and 20 years of therapy: the time should grow with the record,
/// near-linearly, never with its square.
fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("evaluate by years of therapy");
    for quarters in [10_u32, 20, 40, 80] {
        let shape = Shape {
            weekly_doses: 13 * quarters,
            liver_panels: quarters * 13 / 4,
            medications: 20,
            symptoms: quarters * 5 / 4,
        };
        let record = synthetic::record(shape, 1);
        let today = synthetic::assessed_on(shape);
        let years = f64::from(quarters) / 4.0;
        group.bench_function(format!("{years} years"), |b| {
            b.iter(|| rules::evaluate(black_box(&record), black_box(today)));
        });
    }
    group.finish();
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
    let printed = today
        .and_hms_opt(9, 0, 0)
        .expect("a time")
        .and_utc()
        .fixed_offset();
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

/// A record of about 100,000 lab results (12,500 panels of eight tests).
fn huge() -> record::Record {
    let shape = Shape {
        liver_panels: 12_500,
        ..Shape::TEN_YEARS
    };
    let record = synthetic::record(shape, 1);
    assert!(record.labs.len() >= 100_000, "{} labs", record.labs.len());
    record
}

/// A lab export with one ALT result.
fn one_result(value: u64) -> Vec<u8> {
    format!("Date,Test,Result,Units,Range\n2026-11-20,ALT,{value},U/L,7-56\n").into_bytes()
}

fn import(c: &mut Criterion) {
    use mipomersen_monitor::interop::{csv_labs, import};
    let record = huge();
    let mut group = c.benchmark_group("import");
    group.sample_size(20);
    group.bench_function(
        "one lab into a 100,000-lab record (read, plan, apply, history)",
        |b| {
            b.iter_batched(
                || record.clone(),
                |mut patient| {
                    let before = patient.clone();
                    let read =
                        csv_labs::read(&one_result(77), &patient, &csv_labs::CsvOptions::default())
                            .expect("readable");
                    let applied = import::apply(&mut patient, &read.lines);
                    assert_eq!(applied.labs, 1);
                    record::changes(&before, &patient)
                },
                criterion::BatchSize::LargeInput,
            );
        },
    );
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("huge.json");
    record::save(&record, &path).expect("saved");
    let mut value = 100;
    group.bench_function(
        "one lab into a 100,000-lab file (lock, load, import, save)",
        |b| {
            b.iter(|| {
                value += 1;
                let bytes = one_result(value);
                record::update(&path, |patient| {
                    let before = patient.clone();
                    let read = csv_labs::read(&bytes, patient, &csv_labs::CsvOptions::default())
                        .expect("readable");
                    import::apply(patient, &read.lines);
                    let summary = record::changes(&before, patient).join("; ");
                    Ok::<_, record::FileError>(((), Some(summary)))
                })
                .expect("saved");
            });
        },
    );
    group.finish();
}

criterion_group!(
    benches,
    evaluate,
    edit,
    scaling,
    load_and_evaluate,
    summary,
    worklist,
    import
);
criterion_main!(benches);
