//! Clinical numbers as a clinician reads, writes and compares them, and lists as prose. The one
//! home of number formatting: the patient file, the rules, the exports and the screens all say
//! `168`, `0.6`, `4.2×ULN` and `−44` the same way.

/// Relative tolerance of threshold comparisons (SPEC.md §1): a clinician computes "at least
/// 3×ULN" in decimal, where 102.6 U/L against a ULN of 34.2 U/L is exactly 3×ULN; binary
/// floating point gives 2.9999999999999996.
pub const TOLERANCE: f64 = 1e-9;

/// Whether `value` is at least `threshold`, as a clinician computes it in decimal. NaN (no
/// value) never reaches a threshold.
pub fn at_least(value: f64, threshold: f64) -> bool {
    value >= threshold - threshold.abs() * TOLERANCE
}

/// A number as a clinician writes it: `168`, `0.6`, `20.52` (at most three decimals), and a
/// negative one with a minus sign, `−44`.
pub fn number(value: f64) -> String {
    let text = format!("{:.3}", value.abs());
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if value < 0.0 && text != "0" {
        format!("−{text}")
    } else {
        text.to_owned()
    }
}

/// A day as a patient reads it: "Monday 23 November 2026".
pub fn long_date(date: chrono::NaiveDate) -> String {
    use chrono::Datelike as _;
    let weekday = crate::record::weekday_label(date.weekday());
    format!("{weekday} {}", date.format("%-d %B %Y"))
}

/// A day's weekday in three letters, beside an ISO date in a log: "Mon".
pub fn short_weekday(date: chrono::NaiveDate) -> &'static str {
    use chrono::Datelike as _;
    let weekday = crate::record::weekday_label(date.weekday());
    weekday.get(..3).unwrap_or(weekday)
}

/// A ×ULN ratio for display, rounded down to two decimals so a value just below a threshold
/// never reads as the threshold itself, while one that reaches it (within [`TOLERANCE`]) reads
/// as it: 102.6 / 34.2 reads `3`, 119.9 / 40 reads `2.99`.
pub fn ratio(x_uln: f64) -> String {
    number((x_uln * 100.0 * (1.0 + TOLERANCE)).floor() / 100.0)
}

/// "a", "a and b", "a, b and c".
pub fn list(items: &[String]) -> String {
    joined(items, "and")
}

/// "a", "a or b", "a, b or c": after "no", where "and" would read as all of them together.
pub fn list_or(items: &[String]) -> String {
    joined(items, "or")
}

fn joined(items: &[String], last_with: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {last_with} {last}", init.join(", ")),
    }
}

/// The text with its first letter in upper case, to open a sentence.
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// `count` and the noun, singular or plural: "1 dose", "2 doses".
pub fn count(count: usize, singular: &str, plural: &str) -> String {
    format!("{count} {}", if count == 1 { singular } else { plural })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(number(168.0), "168");
        assert_eq!(number(0.6), "0.6");
        assert_eq!(number(20.52), "20.52");
        assert_eq!(number(4.2), "4.2");
        assert_eq!(number(-0.0001), "0");
    }

    #[test]
    fn negative_numbers_carry_a_minus_sign() {
        assert_eq!(number(-44.0), "−44");
        assert_eq!(number(-0.5), "−0.5");
    }

    #[test]
    fn a_ratio_that_reaches_a_threshold_reads_as_it() {
        assert_eq!(ratio(102.6 / 34.2), "3");
        assert_eq!(ratio(85.8 / 28.6), "3");
        assert_eq!(ratio(119.9 / 40.0), "2.99");
        assert_eq!(ratio(4.256), "4.25");
    }

    #[test]
    fn thresholds_compare_in_decimal() {
        // Binary floating point misses these by one ulp; a clinician does not.
        let (value, uln) = std::hint::black_box((102.6, 34.2));
        assert!(value / uln < 3.0);
        assert!(at_least(102.6 / 34.2, 3.0));
        assert!(at_least(41.0 / 20.5, 2.0));
        assert!(at_least(5.0, 5.0));
        // One step below, beyond the tolerance, does not reach it.
        assert!(!at_least(3.0 - 3e-8, 3.0));
        assert!(!at_least(119.9 / 40.0, 3.0));
        assert!(!at_least(f64::NAN, 3.0));
    }

    #[test]
    fn lists_join_with_and_or_or() {
        let items = ["ALT".to_owned(), "AST".to_owned(), "INR".to_owned()];
        assert_eq!(list(&items), "ALT, AST and INR");
        assert_eq!(list_or(&items), "ALT, AST or INR");
        assert_eq!(list_or(&items[..1]), "ALT");
        assert_eq!(list(&[]), "");
    }

    #[test]
    fn sentences_open_with_a_capital() {
        assert_eq!(sentence("jaundice on 2025-05-06"), "Jaundice on 2025-05-06");
        assert_eq!(sentence("µ"), "Μ");
        assert_eq!(sentence(""), "");
    }

    #[test]
    fn lists_read_as_prose() {
        let items = |words: &[&str]| words.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(list(&items(&[])), "");
        assert_eq!(list(&items(&["ALT"])), "ALT");
        assert_eq!(list(&items(&["ALT", "AST"])), "ALT and AST");
        assert_eq!(list(&items(&["ALT", "AST", "ALP"])), "ALT, AST and ALP");
    }

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(count(1, "dose", "doses"), "1 dose");
        assert_eq!(count(2, "dose", "doses"), "2 doses");
    }

    #[test]
    fn a_day_reads_in_words_for_the_patient_and_in_three_letters_in_a_log() {
        let leap = chrono::NaiveDate::from_ymd_opt(2028, 2, 29).expect("a leap day");
        assert_eq!(long_date(leap), "Tuesday 29 February 2028");
        assert_eq!(short_weekday(leap), "Tue");
    }
}
