//! Hostile input: real patient files with bytes flipped, inserted and cut, and with JSON values
//! replaced by hostile ones. Loading never panics, and always returns a record or an error that
//! names the problem. (`HOSTILE_CASES` sets how many of each; CI runs thousands.)

use std::path::Path;

use mipomersen_monitor::record;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;

/// The demo and every valid case's record, as file text.
fn originals() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = vec![
        std::fs::read_to_string(root.join("assets/examples/demo-patient.json")).expect("demo"),
    ];
    for entry in std::fs::read_dir(root.join("tests/cases")).expect("cases") {
        let case: Value = serde_json::from_str(
            &std::fs::read_to_string(entry.expect("entry").path()).expect("read"),
        )
        .expect("JSON");
        if let Some(record) = case.get("record") {
            texts.push(serde_json::to_string_pretty(record).expect("JSON"));
        }
    }
    texts
}

fn cases() -> u32 {
    std::env::var("HOSTILE_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000)
}

/// The load either gives a record that is valid, or an error with a message.
fn check(text: &str) -> Result<(), TestCaseError> {
    match record::parse(text) {
        Ok(parsed) => prop_assert_eq!(record::validate(&parsed), vec![]),
        Err(error) => prop_assert!(!error.to_string().trim().is_empty()),
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum ByteEdit {
    Flip(Index, u8),
    Insert(Index, u8),
    Cut(Index, Index),
}

/// Every place in a JSON value: object keys and array positions, as paths.
fn paths(value: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                prefix.push(Step::Key(key.clone()));
                out.push(prefix.clone());
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                prefix.push(Step::At(index));
                out.push(prefix.clone());
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    At(usize),
}

fn at<'v>(value: &'v mut Value, path: &[Step]) -> &'v mut Value {
    path.iter().fold(value, |value, step| match step {
        Step::Key(key) => &mut value[key.as_str()],
        Step::At(index) => &mut value[*index],
    })
}

fn hostile_values() -> Vec<Value> {
    vec![
        Value::Null,
        Value::Bool(true),
        serde_json::json!(-1),
        serde_json::json!(-0.000_001),
        serde_json::json!(1e308),
        serde_json::json!(u64::MAX),
        serde_json::json!(""),
        serde_json::json!("2025-02-30"),
        serde_json::json!("ALT"),
        serde_json::json!("x".repeat(10_000)),
        serde_json::json!([]),
        serde_json::json!({}),
        serde_json::json!([[[[[[[[[[[[]]]]]]]]]]]]),
        serde_json::json!({"unknown": 1}),
        serde_json::json!("\u{0}\u{202e}"),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn mutated_bytes_never_panic(
        original in any::<Index>(),
        edits in prop::collection::vec(
            prop_oneof![
                (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| ByteEdit::Flip(at, byte)),
                (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| ByteEdit::Insert(at, byte)),
                (any::<Index>(), any::<Index>()).prop_map(|(from, to)| ByteEdit::Cut(from, to)),
            ],
            1..4,
        ),
    ) {
        let texts = originals();
        let mut bytes = original.get(&texts).clone().into_bytes();
        for edit in edits {
            match edit {
                ByteEdit::Flip(at, byte) => {
                    let i = at.index(bytes.len());
                    bytes[i] = byte;
                }
                ByteEdit::Insert(at, byte) => bytes.insert(at.index(bytes.len() + 1), byte),
                ByteEdit::Cut(from, to) => {
                    let (a, b) = (from.index(bytes.len()), to.index(bytes.len()));
                    bytes.drain(a.min(b)..a.max(b));
                }
            }
        }
        // Files are read as UTF-8; bytes that are not are refused before parsing.
        if let Ok(text) = String::from_utf8(bytes) {
            check(&text)?;
        }
    }

    #[test]
    fn mutated_json_never_panics(
        original in any::<Index>(),
        places in prop::collection::vec((any::<Index>(), any::<Index>()), 1..4),
    ) {
        let texts = originals();
        let mut value: Value = serde_json::from_str(original.get::<String>(&texts)).expect("JSON");
        let hostile = hostile_values();
        for (place, replacement) in places {
            let mut all = Vec::new();
            paths(&value, &mut Vec::new(), &mut all);
            if all.is_empty() {
                break;
            }
            *at(&mut value, place.get::<Vec<Step>>(&all)) = replacement.get(&hostile).clone();
        }
        check(&value.to_string())?;
    }
}

#[test]
fn absurd_nesting_is_refused_with_a_message() {
    let deep = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    let error = record::parse(&deep).expect_err("refused");
    assert!(error.to_string().contains("recursion limit"), "{error}");
    let deep_object = format!(
        "{{\"format\": \"mipomersen-patient\", \"version\": 1, \"patient\": {{\"id\": \"X\"}}, \"notes\": {}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(record::parse(&deep_object).is_err());
}
