//! Numbers as lab exports write them: with a decimal point or a decimal comma, thousands
//! separators (`"1,234"`, `1.234`), a flag after the value (`88 H`), a censoring comparator
//! (`<5`, `>1000`), and reference ranges (`7 - 52`, `< 35`, `0,1 - 1,2`).
//!
//! A decimal is never guessed. `1,234` is 1234 in a file whose numbers use a decimal point and
//! 1.234 in one that uses a decimal comma; where the file gives no way to tell, it is refused and
//! the user names the convention.

/// The decimal separator of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decimal {
    /// `1,234.5`: comma thousands, decimal point (US, UK).
    Point,
    /// `1.234,5`: dot thousands, decimal comma (most of Europe).
    Comma,
}

impl Decimal {
    pub fn label(self) -> &'static str {
        match self {
            Decimal::Point => "decimal point (1,234.5)",
            Decimal::Comma => "decimal comma (1.234,5)",
        }
    }
}

/// A value censored by its lab: the true value is below or above the number written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Censored {
    Below,
    AtMost,
    Above,
    AtLeast,
}

impl Censored {
    pub fn symbol(self) -> &'static str {
        match self {
            Censored::Below => "<",
            Censored::AtMost => "≤",
            Censored::Above => ">",
            Censored::AtLeast => "≥",
        }
    }

    /// Whether the true value is at least the number written (`>`, `≥`).
    pub fn is_lower_bound(self) -> bool {
        matches!(self, Censored::Above | Censored::AtLeast)
    }

    /// From a FHIR `Quantity.comparator`.
    pub fn from_fhir(comparator: &str) -> Option<Self> {
        Some(match comparator {
            "<" => Censored::Below,
            "<=" => Censored::AtMost,
            ">" => Censored::Above,
            ">=" => Censored::AtLeast,
            _ => return None,
        })
    }
}

/// A value as the lab wrote it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    pub value: f64,
    pub censored: Option<Censored>,
}

/// What the numbers of a file say about its decimal separator: `None` when they say nothing
/// (or contradict each other), so that ambiguous numbers are refused.
pub fn convention<'a>(cells: impl IntoIterator<Item = &'a str>) -> Option<Decimal> {
    let (mut point, mut comma) = (false, false);
    for cell in cells {
        for token in number_tokens(cell) {
            match evidence(&token) {
                Some(Decimal::Point) => point = true,
                Some(Decimal::Comma) => comma = true,
                None => {}
            }
        }
    }
    match (point, comma) {
        (true, false) => Some(Decimal::Point),
        (false, true) => Some(Decimal::Comma),
        _ => None,
    }
}

/// The runs of digits, dots and commas in a cell.
fn number_tokens(cell: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut token = String::new();
    for c in cell.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || ((c == '.' || c == ',') && !token.is_empty()) {
            token.push(c);
        } else if !token.is_empty() {
            tokens.push(token.trim_end_matches(['.', ',']).to_owned());
            token.clear();
        }
    }
    tokens
}

/// What one number says about the separator: `0,6` and `17,5` a decimal comma; `0.6` and
/// `11.2` a decimal point; `1,234` and `1.234` nothing.
fn evidence(token: &str) -> Option<Decimal> {
    let commas = token.matches(',').count();
    let dots = token.matches('.').count();
    match (commas, dots) {
        (0, 0) => None,
        (_, _) if commas > 0 && dots > 0 => {
            // The last separator is the decimal one: 1,234.5 or 1.234,5.
            if token.rfind('.') > token.rfind(',') {
                Some(Decimal::Point)
            } else {
                Some(Decimal::Comma)
            }
        }
        (1, 0) => single(token, ',').then_some(Decimal::Comma),
        (0, 1) => single(token, '.').then_some(Decimal::Point),
        // Several of one kind can only be thousands separators.
        (_, 0) => Some(Decimal::Point),
        (0, _) => Some(Decimal::Comma),
        _ => None,
    }
}

/// Whether a number with one `separator` can only read it as a decimal separator: a thousands
/// group always has three digits after it and something other than 0 before it.
fn single(token: &str, separator: char) -> bool {
    let (whole, fraction) = token.split_once(separator).unwrap_or((token, ""));
    fraction.len() != 3 || whole == "0" || whole.is_empty()
}

/// A bare number in the file's convention: `1,234` with a decimal point is 1234.
pub fn number(text: &str, decimal: Option<Decimal>) -> Result<f64, String> {
    let text = text.trim();
    let own = evidence(text);
    if let (Some(file), Some(own)) = (decimal, own)
        && file != own
    {
        return Err(format!(
            "\"{text}\" is written with a {} but the file's numbers use a {}: check the \
             value, or name the separator with --decimal-point or --decimal-comma",
            own.label(),
            file.label()
        ));
    }
    let decimal = decimal
        .or(own)
        .or_else(|| (!text.contains(',') && !text.contains('.')).then_some(Decimal::Point));
    let plain = match decimal {
        Some(Decimal::Point) => text.replace(',', ""),
        Some(Decimal::Comma) => text.replace('.', "").replace(',', "."),
        None => {
            return Err(format!(
                "\"{text}\" could be {} or {}: name the decimal separator with --decimal-point \
                 or --decimal-comma",
                text.replace([',', '.'], ""),
                text.replace(',', ".")
            ));
        }
    };
    plain
        .parse::<f64>()
        .ok()
        .filter(|value| value.is_finite())
        .ok_or_else(|| format!("\"{text}\" is not a number"))
}

/// A result cell: a number, perhaps after a comparator and before the lab's flag (`88 H`,
/// `212 HH`, `<5`, `>1000`).
pub fn reading(text: &str, decimal: Option<Decimal>) -> Result<Reading, String> {
    let cell = text.trim();
    let not_a_value = || format!("the value \"{cell}\" is not a number");
    let (censored, rest) = [
        ("<=", Censored::AtMost),
        ("≤", Censored::AtMost),
        (">=", Censored::AtLeast),
        ("≥", Censored::AtLeast),
        ("<", Censored::Below),
        (">", Censored::Above),
    ]
    .iter()
    .find_map(|(symbol, censored)| {
        cell.strip_prefix(symbol)
            .map(|rest| (Some(*censored), rest))
    })
    .unwrap_or((None, cell));
    let mut words = rest.split_whitespace();
    let number_text = words.next().ok_or_else(not_a_value)?;
    if !number_text.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.') {
        return Err(not_a_value());
    }
    if !words.all(is_flag) {
        return Err(not_a_value());
    }
    Ok(Reading {
        value: number(number_text, decimal)?,
        censored,
    })
}

/// A lab's abnormal flag printed after the value: H, L, HH, LL, A, *, +, "(H)", "High"…
fn is_flag(word: &str) -> bool {
    let word = word.trim_matches(|c| matches!(c, '(' | ')' | '[' | ']'));
    matches!(
        word.to_lowercase().as_str(),
        "h" | "l"
            | "hh"
            | "ll"
            | "a"
            | "aa"
            | "n"
            | "c"
            | "*"
            | "**"
            | "!"
            | "+"
            | "++"
            | "+++"
            | "-"
            | "--"
            | "high"
            | "low"
            | "abnormal"
            | "critical"
            | "crit"
            | "hi"
            | "lo"
    )
}

/// The upper limit for this patient of a range that may give one for men and one for women
/// (`M: 10-50 / F: 7-35`): the patient's own, or — where the sex is not recorded, or the
/// ranges are not labelled — the lowest, which is the one that hides no elevation; a note says
/// so.
pub fn upper_limit_for(
    range: &str,
    decimal: Option<Decimal>,
    sex: Option<crate::record::Sex>,
) -> (Option<f64>, Option<String>) {
    use crate::record::Sex;
    let parts: Vec<&str> = range
        .split(['/', ';', '|'])
        .flat_map(|part| part.split(", "))
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    if parts.len() < 2 {
        return (upper_limit(range, decimal), None);
    }
    let sex_of = |part: &str| {
        let word = part
            .split(|c: char| !c.is_alphabetic())
            .find(|word| !word.is_empty())?
            .to_lowercase();
        match word.as_str() {
            "m" | "male" | "men" | "man" | "männlich" | "männer" | "mann" => Some(Sex::Male),
            "f" | "w" | "female" | "women" | "woman" | "weiblich" | "frauen" | "frau" => {
                Some(Sex::Female)
            }
            _ => None,
        }
    };
    let limits: Vec<(Option<Sex>, f64)> = parts
        .iter()
        .filter_map(|part| {
            Some((
                sex_of(part),
                upper_limit(
                    part.trim_start_matches(|c: char| c.is_alphabetic() || c == ':' || c == ' '),
                    decimal,
                )?,
            ))
        })
        .collect();
    if limits.len() < 2 {
        return (upper_limit(range, decimal), None);
    }
    if let Some(own) = sex.and_then(|sex| limits.iter().find(|(of, _)| *of == Some(sex))) {
        return (Some(own.1), None);
    }
    let lowest = limits.iter().map(|(_, limit)| *limit).reduce(f64::min);
    let note = lowest.map(|lowest| {
        format!(
            "the reference range \"{}\" gives several upper limits: the lowest, {}, was taken \
             (it hides no elevation)",
            range.trim(),
            crate::format::number(lowest)
        )
    });
    (lowest, note)
}

/// The upper limit of a reference range: `7 - 52`, `7-56 U/L`, `< 35`, `≤1.2`, `0,1 - 1,2`,
/// `3–21`. A range with no upper limit (`>39`) has none.
pub fn upper_limit(range: &str, decimal: Option<Decimal>) -> Option<f64> {
    let range = range.trim().replace(['–', '—', '‒'], "-");
    if range.starts_with(['>', '≥']) {
        return None;
    }
    let tokens = number_tokens(&range);
    let upper = if range.starts_with(['<', '≤']) {
        tokens.first()?
    } else if tokens.len() >= 2 && range.contains('-') {
        &tokens[1]
    } else {
        return None;
    };
    number(upper, decimal).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_files_numbers_decide_the_separator() {
        assert_eq!(convention(["0.6", "1,234", "11.2"]), Some(Decimal::Point));
        assert_eq!(convention(["0,6", "13,42", "1.234"]), Some(Decimal::Comma));
        assert_eq!(convention(["1,234", "612", "<100"]), None);
        assert_eq!(convention(["0.6", "0,6"]), None, "contradictory");
        assert_eq!(convention(["1,234.5"]), Some(Decimal::Point));
        assert_eq!(convention(["1.234,5"]), Some(Decimal::Comma));
        assert_eq!(convention(["0,123"]), Some(Decimal::Comma));
    }

    #[test]
    fn a_thousands_separator_is_read_in_the_files_convention() {
        assert_eq!(number("1,234", Some(Decimal::Point)), Ok(1234.0));
        assert_eq!(number("1.234", Some(Decimal::Comma)), Ok(1234.0));
        assert_eq!(number("17,5", Some(Decimal::Comma)), Ok(17.5));
        assert_eq!(
            number("17,5", None),
            Ok(17.5),
            "only a decimal comma has one digit after it"
        );
        let ambiguous = number("1,234", None).expect_err("ambiguous");
        assert!(ambiguous.contains("1234 or 1.234"), "{ambiguous}");
        assert!(ambiguous.contains("--decimal-point") && ambiguous.contains("--decimal-comma"));
        assert_eq!(number("612", None), Ok(612.0));
        assert!(
            number("0,6", Some(Decimal::Point)).is_err(),
            "a decimal comma in a decimal-point file is not 6"
        );
    }

    #[test]
    fn flags_and_comparators_are_read_around_the_value() {
        let plain = |value| {
            Ok(Reading {
                value,
                censored: None,
            })
        };
        assert_eq!(reading("88 H", None), plain(88.0));
        assert_eq!(reading("212 HH", None), plain(212.0));
        assert_eq!(reading("45 (L)", None), plain(45.0));
        assert_eq!(
            reading(">1000", None),
            Ok(Reading {
                value: 1000.0,
                censored: Some(Censored::Above)
            })
        );
        assert_eq!(
            reading("< 5", None),
            Ok(Reading {
                value: 5.0,
                censored: Some(Censored::Below)
            })
        );
        assert!(reading("pending", None).is_err());
        assert!(reading("Not Calculated", None).is_err());
        assert!(reading("12 mg", None).is_err(), "a unit is not a flag");
    }

    #[test]
    fn reference_ranges_give_their_upper_limit() {
        assert_eq!(upper_limit("7 - 52", None), Some(52.0));
        assert_eq!(upper_limit("7-56 U/L", None), Some(56.0));
        assert_eq!(upper_limit("< 35", None), Some(35.0));
        assert_eq!(upper_limit("<40", None), Some(40.0));
        assert_eq!(upper_limit("0,1 - 1,2", Some(Decimal::Comma)), Some(1.2));
        assert_eq!(upper_limit("3–21", None), Some(21.0));
        assert_eq!(upper_limit("0.0-1.2", None), Some(1.2));
        assert_eq!(upper_limit(">39", None), None);
        assert_eq!(upper_limit("negative", None), None);
    }

    #[test]
    fn a_range_for_men_and_women_gives_the_patients_own_or_the_lowest() {
        use crate::record::Sex;
        let range = "M: 10-50 / F: 7-35";
        assert_eq!(
            upper_limit_for(range, None, Some(Sex::Female)),
            (Some(35.0), None)
        );
        assert_eq!(
            upper_limit_for(range, None, Some(Sex::Male)),
            (Some(50.0), None)
        );
        let (unknown, note) = upper_limit_for(range, None, None);
        assert_eq!(unknown, Some(35.0));
        assert!(note.expect("said").contains("the lowest, 35"));
        assert_eq!(
            upper_limit_for("0,1 - 1,2", Some(Decimal::Comma), None),
            (Some(1.2), None)
        );
    }
}
