//! R-BASE-1 (baseline liver panel within 90 days) and R-BASE-2 (baseline above ULN).

use mipomersen_monitor::knowledge::{RuleId, Severity};
use mipomersen_monitor::record::LabTest;
use mipomersen_monitor::rules::{DueKind, Status};

use crate::support::*;

#[test]
fn r_base_1_each_missing_baseline_test_is_named() {
    for test in [LabTest::Alt, LabTest::Ast, LabTest::Alp, LabTest::Bilirubin] {
        let mut record = eligible();
        record.labs.retain(|lab| lab.test != test);
        let assessment = evaluate(&record, "2025-04-06");
        assert_eq!(assessment.status, Status::BaselineNeeded, "{test}");
        let detail = &finding(&assessment, RuleId::Base1).detail;
        assert!(detail.contains(test.label()), "{detail}");
        assert_eq!(
            assessment.due_date(DueKind::LiverPanel),
            Some(d("2025-04-06"))
        );
    }
}

#[test]
fn r_base_1_the_window_is_the_90_days_ending_today() {
    // The baseline is dated 2025-04-03: day 1 of a window that ends on 2025-07-01.
    let record = eligible();
    assert_eq!(evaluate(&record, "2025-07-01").status, Status::OkToStart);
    let expired = evaluate(&record, "2025-07-02");
    assert_eq!(expired.status, Status::BaselineNeeded);
    assert!(
        finding(&expired, RuleId::Base1)
            .detail
            .contains("No ALT, AST, ALP or total bilirubin result")
    );
}

#[test]
fn r_base_1_window_across_a_leap_february() {
    let mut record = eligible();
    for lab in &mut record.labs {
        lab.date = d("2024-01-01");
    }
    // 2024 is a leap year: 2024-01-01 + 89 days is 2024-03-30.
    assert_eq!(evaluate(&record, "2024-03-30").status, Status::OkToStart);
    assert_eq!(
        evaluate(&record, "2024-03-31").status,
        Status::BaselineNeeded
    );
}

#[test]
fn r_base_1_does_not_apply_once_started() {
    let mut record = on_therapy("2025-04-07");
    record.labs.retain(|lab| lab.test != LabTest::Bilirubin);
    let assessment = evaluate(&record, "2025-04-08");
    assert_absent(&assessment, RuleId::Base1);
    assert_eq!(assessment.status, Status::Continue);

    // A panel on the first dose's day belongs to therapy (the hepatic walk starts there): it is
    // not the baseline, and "work up before starting" would come too late for it.
    let mut start_day = on_therapy("2025-04-14");
    add_lab(&mut start_day, START, LabTest::Bilirubin, 1.5, Some(1.2));
    assert_absent(&evaluate(&start_day, "2025-04-15"), RuleId::Base2);
}

#[test]
fn r_base_2_a_baseline_above_uln_cautions_but_at_uln_does_not() {
    let mut record = eligible();
    record.labs[2].value = 120.0; // ALP exactly at its ULN
    assert!(!evaluate(&record, "2025-04-06").has(RuleId::Base2));
    record.labs[2].value = 121.0;
    let assessment = evaluate(&record, "2025-04-06");
    let base2 = finding(&assessment, RuleId::Base2);
    assert_eq!(base2.severity, Severity::Caution);
    assert!(base2.detail.contains("ALP 121 U/L"), "{}", base2.detail);
    assert_eq!(assessment.status, Status::OkToStart);
}

#[test]
fn r_base_2_on_therapy_looks_at_results_before_the_start() {
    let mut record = on_therapy("2025-04-14");
    add_lab(
        &mut record,
        "2025-04-01",
        LabTest::Bilirubin,
        1.5,
        Some(1.2),
    );
    add_lab(
        &mut record,
        "2025-04-05",
        LabTest::Bilirubin,
        1.3,
        Some(1.2),
    );
    let assessment = evaluate(&record, "2025-04-15");
    // The last bilirubin before the start is the baseline; the walk does not use it.
    assert!(
        finding(&assessment, RuleId::Base2)
            .detail
            .contains("total bilirubin 1.3")
    );
    assert_eq!(assessment.status, Status::Continue);
}
