//! Format versions: each older version is brought up to the current one by a chain of steps,
//! one per version, applied to the file's JSON before it is read as a record. The file on disk
//! is only rewritten, as the current version, when it is next saved.
//!
//! - Version 1: the first.
//! - Version 2 (SPEC.md revision 2): adds the clinician's `decisions` and an optional `source` on
//!   labs and doses. Both are optional, so a version 1 file needs no change.

use serde_json::Value;

use super::types::CURRENT_VERSION;

/// Turns a file of version `from` into one of version `from + 1`.
pub type Step = fn(&mut Value) -> Result<(), String>;

/// The steps from each older version, oldest first: `(from, step)`.
pub const STEPS: &[(u32, Step)] = &[(1, version_1_to_2)];

/// Version 2 only adds optional fields: a version 1 file reads as it is.
#[allow(clippy::unnecessary_wraps)] // every step has the signature of a `Step`
fn version_1_to_2(_file: &mut Value) -> Result<(), String> {
    Ok(())
}

/// Brings `value`, a file of version `from`, to [`CURRENT_VERSION`] with `steps`.
pub fn upgrade(mut value: Value, from: u32, steps: &[(u32, Step)]) -> Result<Value, String> {
    for version in from..CURRENT_VERSION {
        let (_, step) = steps
            .iter()
            .find(|(step_from, _)| *step_from == version)
            .ok_or_else(|| format!("version {version} files cannot be read by this app"))?;
        step(&mut value)
            .map_err(|problem| format!("upgrading from version {version}: {problem}"))?;
        value["version"] = Value::from(version + 1);
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::parse;

    /// A made-up version 0 that called the ULN `upper_limit`.
    fn rename_upper_limit(value: &mut Value) -> Result<(), String> {
        let labs = value["labs"].as_array_mut().ok_or("labs is not a list")?;
        for lab in labs {
            let lab = lab.as_object_mut().ok_or("a lab is not an object")?;
            if let Some(uln) = lab.remove("upper_limit") {
                lab.insert("uln".to_owned(), uln);
            }
        }
        Ok(())
    }

    #[test]
    fn a_synthetic_version_0_file_migrates_and_reads() {
        let v0 = serde_json::json!({
            "format": "mipomersen-patient", "version": 0,
            "patient": {"id": "OLD-1"},
            "labs": [{"date": "2025-01-02", "test": "alt", "value": 30, "unit": "U/L", "upper_limit": 40}]
        });
        let steps = [(0, rename_upper_limit as Step), STEPS[0]];
        let upgraded = upgrade(v0, 0, &steps).expect("upgrades");
        assert_eq!(upgraded["version"], 2);
        let record = parse(&upgraded.to_string()).expect("reads");
        assert_eq!(record.labs[0].uln, Some(40.0));
    }

    #[test]
    fn a_version_without_a_step_is_refused_by_name() {
        let error = upgrade(serde_json::json!({"version": 0}), 0, STEPS).expect_err("no step");
        assert_eq!(error, "version 0 files cannot be read by this app");
    }

    #[test]
    fn a_failing_step_names_its_version() {
        let error = upgrade(
            serde_json::json!({"labs": 3}),
            0,
            &[(0, rename_upper_limit)],
        )
        .expect_err("labs is no list");
        assert_eq!(error, "upgrading from version 0: labs is not a list");
    }

    #[test]
    fn the_current_version_needs_no_step() {
        let value = serde_json::json!({"version": 2});
        assert_eq!(upgrade(value.clone(), CURRENT_VERSION, STEPS), Ok(value));
    }

    #[test]
    fn a_version_1_file_reads_as_version_2_unchanged() {
        let v1 = serde_json::json!({
            "format": "mipomersen-patient", "version": 1,
            "patient": {"id": "V1-1"},
            "labs": [{"date": "2025-01-02", "test": "alt", "value": 30, "unit": "U/L", "uln": 40}]
        });
        let record = parse(&v1.to_string()).expect("reads");
        assert_eq!(record.version, 2);
        assert_eq!(record.labs[0].source, None);
        assert!(record.decisions.is_empty());
    }
}
