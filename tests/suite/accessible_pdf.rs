//! The printed PDFs are accessible and say what they are: tagged PDF/UA-1, titled with the
//! document, the patient and the day, in English, dated, made by the app; headings, paragraphs,
//! lists, tables and figures in reading order, and the page headers, footers and rules as
//! artifacts. Read back with poppler's `pdfinfo` and `qpdf`, not with the library that wrote them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{FixedOffset, TimeZone, Utc};
use mipomersen_monitor::knowledge::pack;
use mipomersen_monitor::record::{self, Medication, Record};
use mipomersen_monitor::report::{self, Kind, Paper};
use mipomersen_monitor::rules;

use crate::pdf_tools::{self, Element, Pdf};
use crate::summary::{DEMO, summary};

const APP: &str = concat!("Mipomersen Monitor ", env!("CARGO_PKG_VERSION"));
const TODAY: &str = "2026-11-28";

/// What every printed document passes; returns its structure.
fn check_accessible(pdf: &Path) -> Element {
    let read = Pdf::read(pdf);
    let catalog = read.catalog();
    assert_eq!(catalog["/Lang"], "u:en", "the language");
    assert_eq!(catalog["/MarkInfo"]["/Marked"], true, "tagged");
    assert_eq!(
        catalog["/ViewerPreferences"]["/DisplayDocTitle"], true,
        "the title in the window"
    );
    assert!(catalog.contains_key("/Outlines"), "an outline");
    assert!(
        read.metadata(pdf)
            .contains("<pdfuaid:part>1</pdfuaid:part>"),
        "claims PDF/UA-1"
    );

    let on_pages = read.check_page_content_marked();
    let structure = read.structure();
    assert_eq!(structure.role, "Document");
    let in_structure: Vec<(usize, i64)> = structure
        .all()
        .iter()
        .flat_map(|element| element.marked.iter().copied())
        .collect();
    assert_eq!(
        in_structure.iter().copied().collect::<BTreeSet<_>>(),
        on_pages,
        "the content of every page, and only it, is in the structure"
    );
    assert_eq!(
        in_structure.len(),
        on_pages.len(),
        "each piece of content once"
    );

    assert_eq!(structure.roles().first(), Some(&"H1"), "the title first");
    assert_eq!(structure.count("H1"), 1);
    assert!(structure.count("H2") > 0);
    for element in structure.all() {
        match element.role.as_str() {
            "H1" | "H2" => assert!(element.title.as_ref().is_some_and(|t| !t.is_empty())),
            "Figure" => assert!(element.alt.as_ref().is_some_and(|alt| !alt.is_empty())),
            "Table" => check_table(element),
            "L" => assert!(
                element
                    .children
                    .iter()
                    .all(|item| item.role == "LI" && item.roles() == ["Lbl", "LBody"])
            ),
            _ => {}
        }
    }
    structure
}

/// A header row of TH cells, then rows of TD cells, all as wide.
fn check_table(table: &Element) {
    let (header, rows) = table.children.split_first().expect("a header row");
    assert!(header.role == "TR" && header.roles().iter().all(|&cell| cell == "TH"));
    for row in rows {
        assert_eq!(row.role, "TR");
        assert_eq!(row.roles(), vec!["TD"; header.children.len()]);
    }
}

fn headings(structure: &Element) -> Vec<&str> {
    structure
        .all()
        .iter()
        .filter(|element| element.role == "H2")
        .filter_map(|element| element.title.as_deref())
        .collect()
}

#[test]
fn the_summary_is_titled_for_its_patient_and_day_and_made_by_the_app() {
    let folder = tempfile::tempdir().expect("a folder");
    // The PDF's date has whole seconds.
    let before = Utc::now() - chrono::Duration::seconds(1);
    let pdf = summary(Path::new(DEMO), folder.path(), &["--today", TODAY]);
    let after = Utc::now();
    let info = pdf_tools::info(&pdf);
    assert_eq!(
        info["Title"],
        "Mipomersen clinic summary — Demo Patient (DEMO) — 2026-11-28"
    );
    assert_eq!(info["Producer"], APP);
    assert_eq!(info["Creator"], APP);
    assert_eq!(info["Tagged"], "yes");
    assert_eq!(info["PDF version"], "1.7");
    let created = pdf_tools::creation_date(&pdf);
    assert!(
        before <= created && created <= after,
        "created {created}, from the clock"
    );
}

#[test]
fn the_creation_date_given_is_the_one_written() {
    let record = record::load(Path::new(DEMO)).expect("valid");
    let today = TODAY.parse().expect("a date");
    let created = FixedOffset::east_opt(3600)
        .expect("an offset")
        .with_ymd_and_hms(2026, 11, 28, 9, 30, 5)
        .single()
        .expect("a time");
    let assessment = rules::evaluate(&record, today);
    let pdf = report::pdf(
        Kind::PatientHandout,
        &record,
        &assessment,
        today,
        created,
        Paper::A4,
    )
    .expect("a PDF");
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("handout.pdf");
    std::fs::write(&path, pdf).expect("written");
    assert_eq!(pdf_tools::creation_date(&path), created);
    assert_eq!(
        pdf_tools::info(&path)["Title"],
        "Mipomersen patient handout — Demo Patient (DEMO) — 2026-11-28"
    );
}

#[test]
fn the_clinic_summary_is_tagged_in_reading_order() {
    let folder = tempfile::tempdir().expect("a folder");
    for paper in ["a4", "letter"] {
        let pdf = summary(
            Path::new(DEMO),
            folder.path(),
            &["--today", TODAY, "--paper", paper],
        );
        let structure = check_accessible(&pdf);
        let title = &structure.children[0];
        assert_eq!(
            title.title.as_deref(),
            Some("Mipomersen (Kynamro) therapy summary")
        );
        let headings = headings(&structure);
        let in_order = [
            "BOXED WARNING",
            "Due and overdue",
            "Latest laboratory results",
            "Trends",
            "Doses in the last 12 weeks",
            "Active medications",
            "Administration checklist",
            "Storage checklist",
        ]
        .map(|wanted| {
            headings
                .iter()
                .position(|heading| *heading == wanted)
                .unwrap_or_else(|| panic!("{wanted} missing from {headings:?}"))
        });
        assert!(in_order.is_sorted(), "{headings:?}");
        assert_eq!(
            structure.count("Table"),
            5,
            "due, findings, labs, doses, medications"
        );
        assert!(structure.count("TH") >= 5 && structure.count("TD") > 20);
        assert_eq!(structure.count("L"), 2, "the two checklists");
        let figures: Vec<&str> = structure
            .all()
            .iter()
            .filter(|element| element.role == "Figure")
            .filter_map(|element| element.alt.as_deref())
            .collect();
        assert_eq!(figures.len(), 2, "the ALT/AST and LDL-C charts");
        assert!(figures[0].starts_with("Chart of ALT and AST") && figures[0].contains("×ULN"));
        assert!(figures[1].starts_with("Chart of LDL-C") && figures[1].contains("mg/dL"));
    }
}

#[test]
fn the_handout_is_tagged_with_its_sections_and_lists() {
    let folder = tempfile::tempdir().expect("a folder");
    for paper in ["a4", "letter"] {
        let pdf = summary(
            Path::new(DEMO),
            folder.path(),
            &["--today", TODAY, "--handout", "--paper", paper],
        );
        assert_eq!(
            pdf_tools::info(&pdf)["Title"],
            "Mipomersen patient handout — Demo Patient (DEMO) — 2026-11-28"
        );
        let structure = check_accessible(&pdf);
        let sections = &pack().education;
        let titles: Vec<&str> = sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings(&structure), titles);
        let lists: Vec<usize> = structure
            .all()
            .iter()
            .filter(|element| element.role == "L")
            .map(|list| list.children.len())
            .collect();
        let items: Vec<usize> = sections.iter().map(|s| s.items.len()).collect();
        assert_eq!(lists, items);
        assert_eq!(structure.count("Table"), 0);
    }
}

#[test]
fn a_record_with_nothing_but_an_id_prints_accessibly_titled_by_its_id() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("sparse.json");
    record::save(&Record::new("SPARSE-1"), &path).expect("saved");
    for (kind, extra) in [
        ("clinic summary", None),
        ("patient handout", Some("--handout")),
    ] {
        let mut args = vec!["--today", TODAY];
        args.extend(extra);
        let pdf = summary(&path, folder.path(), &args);
        assert_eq!(
            pdf_tools::info(&pdf)["Title"],
            format!("Mipomersen {kind} — SPARSE-1 — 2026-11-28")
        );
        check_accessible(&pdf);
    }
}

#[test]
fn long_texts_run_over_pages_and_each_cell_stays_one_cell() {
    let folder = tempfile::tempdir().expect("a folder");
    let mut record = record::load(Path::new(DEMO)).expect("valid");
    let sentence = "This note is long so that the medication table breaks across pages and every \
                    word has to survive the break. ";
    record.patient.name = Some(format!("Long {}", "Texts".repeat(30)));
    record.medications.push(Medication {
        name: format!("Supplement {}", sentence.repeat(60)),
        start: Some("2025-01-01".parse().expect("a date")),
        stop: None,
        daily_dose_mg: None,
        days_per_week: None,
    });
    let path = folder.path().join("long.json");
    record::save(&record, &path).expect("saved");
    for paper in ["a4", "letter"] {
        let pdf = summary(&path, folder.path(), &["--today", TODAY, "--paper", paper]);
        let structure = check_accessible(&pdf);
        let across_pages = structure.all().into_iter().any(|element| {
            let pages: BTreeSet<usize> = element.marked.iter().map(|m| m.0).collect();
            element.role == "TD" && pages.len() > 1
        });
        assert!(across_pages, "a cell continued on the next page is one TD");
        check_accessible(&summary(
            &path,
            folder.path(),
            &["--today", TODAY, "--paper", paper, "--handout"],
        ));
    }
}

#[test]
fn a_name_the_fonts_cannot_show_still_prints_and_titles_the_pdf() {
    let folder = tempfile::tempdir().expect("a folder");
    let mut record = record::load(Path::new(DEMO)).expect("valid");
    record.patient.name = Some("王芳\u{200B} Zoë\tMüller".to_owned());
    let path: PathBuf = folder.path().join("name.json");
    record::save(&record, &path).expect("saved");
    for extra in [None, Some("--handout")] {
        let mut args = vec!["--today", TODAY];
        args.extend(extra);
        let pdf = summary(&path, folder.path(), &args);
        assert!(
            pdf_tools::info(&pdf)["Title"].contains("— 王芳 Zoë Müller — 2026-11-28"),
            "the name as written"
        );
        check_accessible(&pdf);
    }
}
