//! How numbers and lists read in findings: no trailing zeros, every entry named.

/// A number as a clinician writes it: `168`, `0.6`, `20.52` (at most three decimals).
pub fn number(value: f64) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// "a", "a and b", "a, b and c".
pub fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The text with its first letter in upper case, to open a sentence.
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
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
}
