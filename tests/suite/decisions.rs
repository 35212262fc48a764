//! SPEC §3a (rev 2): the clinician's decisions. An acknowledgement marks a finding and changes no
//! status; an override takes R-TOX-4, R-TOX-7, R-MON-4 or R-AE-3 out of the status, never out of
//! the findings; a decision covers its finding only while the finding reads the same.

use mipomersen_monitor::knowledge::RuleId;
use mipomersen_monitor::record::{Decision, DecisionAction, Record, SymptomKind, Syringe};
use mipomersen_monitor::rules::Status;

use crate::support::*;

/// On therapy; a fever the day after the dose of 2025-05-05, next to AST 5.4×ULN: R-TOX-4
/// (discontinue) and R-TOX-3 (withhold), as in the shared case.
fn fever_after_dose() -> Record {
    let mut record = monitored("2025-05-05");
    add_panel(&mut record, "2025-05-05", 40.0, 216.0);
    add_symptom(&mut record, "2025-05-06", SymptomKind::Fever);
    record
}

fn decide(record: &mut Record, date: &str, rule: RuleId, action: DecisionAction, today: &str) {
    let detail = finding(&evaluate(record, today), rule).detail.clone();
    record.decisions.push(Decision {
        date: d(date),
        rule,
        detail,
        action,
        by: Some("Dr B. Example".to_owned()),
        reason: "fever the day after the injection, settled in 24 h: injection reaction".to_owned(),
    });
}

#[test]
fn overriding_r_tox_4_lets_the_next_most_severe_status_apply_and_keeps_the_finding() {
    let mut record = fever_after_dose();
    assert_eq!(evaluate(&record, "2025-05-08").status, Status::Discontinue);
    decide(
        &mut record,
        "2025-05-07",
        RuleId::Tox4,
        DecisionAction::Overridden,
        "2025-05-08",
    );
    let assessment = evaluate(&record, "2025-05-08");
    // The decision covers the finding it was made on: it is not stale.
    assert!(assessment.stale_decisions.is_empty());
    assert_eq!(assessment.status, Status::Withhold);
    assert!(
        assessment.reason.contains("R-TOX-3"),
        "{}",
        assessment.reason
    );
    assert!(
        assessment
            .reason
            .contains("R-TOX-4 overridden by Dr B. Example on 2025-05-07"),
        "{}",
        assessment.reason
    );
    let tox4 = finding(&assessment, RuleId::Tox4);
    assert!(tox4.is_overridden());
    assert_eq!(tox4.sets, Some(Status::Discontinue));
    let decision = tox4.decision.as_ref().expect("shown with its decision");
    assert_eq!(decision.action, DecisionAction::Overridden);
    assert_eq!(decision.by.as_deref(), Some("Dr B. Example"));
    // Decided findings come after those that still need attention.
    assert_eq!(
        assessment.findings.last().map(|f| f.rule),
        Some(RuleId::Tox4)
    );
}

#[test]
fn an_override_brings_back_the_repeat_that_r_tox_4_had_hidden() {
    let mut record = monitored("2025-05-05");
    add_alt_x(&mut record, "2025-05-05", 3.2);
    add_symptom(&mut record, "2025-05-06", SymptomKind::FluLike);
    let discontinue = evaluate(&record, "2025-05-07");
    assert_eq!(discontinue.status, Status::Discontinue);
    assert_absent(&discontinue, RuleId::Tox1);
    decide(
        &mut record,
        "2025-05-07",
        RuleId::Tox4,
        DecisionAction::Overridden,
        "2025-05-07",
    );
    let assessment = evaluate(&record, "2025-05-07");
    assert_eq!(assessment.status, Status::Confirm);
    assert!(assessment.has(RuleId::Tox1));
}

#[test]
fn an_acknowledgement_changes_no_status_and_moves_the_finding_down() {
    let mut record = fever_after_dose();
    decide(
        &mut record,
        "2025-05-07",
        RuleId::Tox4,
        DecisionAction::Acknowledged,
        "2025-05-08",
    );
    let assessment = evaluate(&record, "2025-05-08");
    assert_eq!(assessment.status, Status::Discontinue);
    let tox4 = finding(&assessment, RuleId::Tox4);
    assert!(!tox4.is_overridden());
    assert_eq!(
        tox4.decision.as_ref().map(|d| d.action),
        Some(DecisionAction::Acknowledged)
    );
    assert_eq!(
        assessment.findings.last().map(|f| f.rule),
        Some(RuleId::Tox4)
    );
}

/// A decision covers its finding only while the finding reads the same: new data that changes
/// the detail raises it afresh, and the old decision shows as no longer applying.
#[test]
fn new_data_that_changes_the_finding_raises_it_afresh() {
    let mut record = fever_after_dose();
    decide(
        &mut record,
        "2025-05-07",
        RuleId::Tox4,
        DecisionAction::Overridden,
        "2025-05-08",
    );
    add_symptom(&mut record, "2025-05-08", SymptomKind::Jaundice);
    let assessment = evaluate(&record, "2025-05-09");
    assert_eq!(assessment.status, Status::Discontinue);
    assert!(finding(&assessment, RuleId::Tox4).decision.is_none());
    assert_eq!(assessment.stale_decisions.len(), 1);
    assert_eq!(assessment.stale_decisions[0].rule, RuleId::Tox4);
}

/// Contraindications, R-USE-1 and REMS cannot be overridden: the decision loads, changes
/// nothing, and the finding says so.
#[test]
fn an_override_of_a_contraindication_has_no_effect_and_says_so() {
    let mut record = monitored("2025-05-05");
    record.conditions.hypersensitivity = Some(true);
    decide(
        &mut record,
        "2025-05-06",
        RuleId::Ci1,
        DecisionAction::Overridden,
        "2025-05-06",
    );
    let text = mipomersen_monitor::record::to_text(&record);
    let loaded = mipomersen_monitor::record::parse(&text).expect("the decision loads");
    let assessment = evaluate(&loaded, "2025-05-06");
    assert_eq!(assessment.status, Status::Contraindicated);
    let ci1 = finding(&assessment, RuleId::Ci1);
    assert!(ci1.override_refused());
    assert!(
        ci1.decision_text()
            .expect("shown")
            .contains("cannot be overridden"),
        "{:?}",
        ci1.decision_text()
    );
    // It still needs attention: listed first, before findings with less severity.
    assert!(!ci1.is_decided());
    assert_eq!(assessment.findings[0].rule, RuleId::Ci1);
}

/// R-MON-4, R-TOX-7 and R-AE-3 may be overridden too.
#[test]
fn r_mon_4_r_tox_7_and_r_ae_3_may_be_overridden() {
    let mut overdue = on_therapy("2025-05-19");
    decide(
        &mut overdue,
        "2025-05-22",
        RuleId::Mon4,
        DecisionAction::Overridden,
        "2025-05-22",
    );
    assert_eq!(evaluate(&overdue, "2025-05-22").status, Status::Continue);

    let mut jaundice = monitored("2025-05-05");
    add_symptom(&mut jaundice, "2025-05-06", SymptomKind::Jaundice);
    decide(
        &mut jaundice,
        "2025-05-06",
        RuleId::Tox7,
        DecisionAction::Overridden,
        "2025-05-07",
    );
    assert_eq!(evaluate(&jaundice, "2025-05-07").status, Status::Continue);

    let mut angioedema = monitored("2025-05-05");
    add_symptom(&mut angioedema, "2025-05-06", SymptomKind::Angioedema);
    decide(
        &mut angioedema,
        "2025-05-07",
        RuleId::Ae3,
        DecisionAction::Overridden,
        "2025-05-07",
    );
    assert_eq!(evaluate(&angioedema, "2025-05-07").status, Status::Continue);
    // Doses after the override are not flagged; one before it would be.
    angioedema.doses.push(dose(d("2025-05-12")));
    assert_absent(&evaluate(&angioedema, "2025-05-13"), RuleId::Dose5);
}

/// The days that pass are not new data: an override of R-MON-4 and an acknowledgement of
/// R-MON-3 and R-STO-1 still cover their findings days later (no day count in the detail).
#[test]
fn decisions_on_overdue_findings_outlast_the_days_that_pass() {
    let mut record = on_therapy("2025-05-19");
    record.supply.push(Syringe {
        id: "lot 4711-3".to_owned(),
        out_of_fridge_since: Some(d("2025-05-01")),
        above_30c: None,
        used: None,
    });
    for (rule, action) in [
        (RuleId::Mon4, DecisionAction::Overridden),
        (RuleId::Mon3, DecisionAction::Acknowledged),
        (RuleId::Sto1, DecisionAction::Acknowledged),
    ] {
        decide(&mut record, "2025-05-22", rule, action, "2025-05-22");
    }
    for today in ["2025-05-22", "2025-05-25", "2025-06-30"] {
        let later = evaluate(&record, today);
        assert_eq!(later.status, Status::Continue, "{today}");
        for rule in [RuleId::Mon4, RuleId::Mon3, RuleId::Sto1] {
            assert!(
                finding(&later, rule).decision.is_some(),
                "{rule} on {today}"
            );
        }
    }
}

/// A decision dated after today is ignored and named (R-DATA-1).
#[test]
fn a_decision_dated_after_today_is_ignored() {
    let mut record = fever_after_dose();
    decide(
        &mut record,
        "2025-05-09",
        RuleId::Tox4,
        DecisionAction::Overridden,
        "2025-05-08",
    );
    let assessment = evaluate(&record, "2025-05-08");
    assert_eq!(assessment.status, Status::Discontinue);
    assert!(
        finding(&assessment, RuleId::Data1)
            .detail
            .contains("decision on R-TOX-4 of 2025-05-09")
    );
    assert_eq!(evaluate(&record, "2025-05-09").status, Status::Withhold);
}

/// R-DOSE-5 after an override: doses between the criterion and the override were given while
/// discontinued; doses from the override's day on were not.
#[test]
fn r_dose_5_counts_the_discontinuation_only_until_it_was_overridden() {
    let mut record = fever_after_dose();
    decide(
        &mut record,
        "2025-05-12",
        RuleId::Tox4,
        DecisionAction::Overridden,
        "2025-05-12",
    );
    add_panel(&mut record, "2025-05-12", 30.0, 30.0); // the hold ends too
    record.doses.push(dose(d("2025-05-12")));
    assert_absent(&evaluate(&record, "2025-05-13"), RuleId::Dose5);
    let mut a_week_on = record.clone();
    a_week_on.doses.push(dose(d("2025-05-19")));
    assert_absent(&evaluate(&a_week_on, "2025-05-20"), RuleId::Dose5);
    record.doses.push(dose(d("2025-05-09")));
    assert!(evaluate(&record, "2025-05-13").has(RuleId::Dose5));
}

/// `check --json` shows a decision on its finding with exactly SPEC's keys.
#[test]
fn the_json_shows_each_decision_with_spec_keys() {
    let mut record = fever_after_dose();
    decide(
        &mut record,
        "2025-05-07",
        RuleId::Tox4,
        DecisionAction::Overridden,
        "2025-05-08",
    );
    let json = serde_json::to_value(evaluate(&record, "2025-05-08")).expect("serializable");
    let decided = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "R-TOX-4")
        .expect("R-TOX-4");
    let mut keys: Vec<&String> = decided["decision"]
        .as_object()
        .expect("an object")
        .keys()
        .collect();
    keys.sort();
    assert_eq!(keys, ["action", "by", "date", "reason"]);
    assert_eq!(decided["decision"]["action"], "overridden");
    let undecided = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "R-TOX-3")
        .expect("R-TOX-3");
    assert!(undecided.get("decision").is_none());
}
