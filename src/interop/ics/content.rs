//! iCalendar content lines (RFC 5545 §3.1): components of properties, TEXT escaped, lines
//! folded at 75 octets and ended with CRLF.

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// The longest content line, in octets, before it is folded.
const LINE_OCTETS: usize = 75;

/// A component (VCALENDAR, VEVENT, VALARM): its properties in the order given, then its
/// components.
#[derive(Debug, Clone)]
pub struct Component {
    name: &'static str,
    properties: Vec<String>,
    components: Vec<Component>,
}

impl Component {
    pub fn new(name: &'static str) -> Self {
        Component {
            name,
            properties: Vec::new(),
            components: Vec::new(),
        }
    }

    /// A property whose value is written as given: dates, numbers, rules, fixed words.
    /// `name` may carry parameters: `DTSTART;VALUE=DATE`.
    pub fn value(mut self, name: &str, value: &str) -> Self {
        self.properties.push(format!("{name}:{value}"));
        self
    }

    /// A TEXT property: whatever `text` holds, it stays one value.
    pub fn text(self, name: &str, text: &str) -> Self {
        self.value(name, &escape(text))
    }

    pub fn with(mut self, component: Component) -> Self {
        self.components.push(component);
        self
    }
}

impl fmt::Display for Component {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BEGIN:{}\r\n", self.name)?;
        for property in &self.properties {
            write_folded(f, property)?;
        }
        for component in &self.components {
            component.fmt(f)?;
        }
        write!(f, "END:{}\r\n", self.name)
    }
}

/// A DATE value: `20261130`.
pub fn date(date: NaiveDate) -> String {
    date.format("%Y%m%d").to_string()
}

/// A DATE-TIME in floating local time, the same wall-clock time wherever the calendar is:
/// `20261130T080000`.
pub fn local_time(time: NaiveDateTime) -> String {
    time.format("%Y%m%dT%H%M%S").to_string()
}

/// A DATE-TIME in UTC: `20261128T093000Z`.
pub fn utc_time(time: DateTime<Utc>) -> String {
    time.format("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT escaped (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks; other control
/// characters, which TEXT may not hold, become spaces.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let text = text.replace("\r\n", "\n");
    for c in text.chars() {
        match c {
            '\\' | ';' | ',' => {
                escaped.push('\\');
                escaped.push(c);
            }
            '\n' => escaped.push_str("\\n"),
            '\t' => escaped.push('\t'),
            c if c.is_control() => escaped.push(' '),
            c => escaped.push(c),
        }
    }
    escaped
}

/// Writes `line` in pieces of at most 75 octets, each continued on the next line after a space,
/// never inside a UTF-8 character. A piece never ends in a blank: some readers trim the ends of
/// lines before they unfold them.
fn write_folded(f: &mut fmt::Formatter<'_>, line: &str) -> fmt::Result {
    let mut rest = line;
    // The first line has all 75 octets; each continuation gives one to its leading space.
    let mut room = LINE_OCTETS;
    while rest.len() > room {
        let mut end = room;
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let blank_free = rest[..end].trim_end_matches([' ', '\t']).len();
        if blank_free > 0 {
            end = blank_free;
        }
        write!(f, "{}\r\n ", &rest[..end])?;
        rest = &rest[end..];
        room = LINE_OCTETS - 1;
    }
    write!(f, "{rest}\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(component: &Component) -> String {
        component.to_string()
    }

    #[test]
    fn text_is_escaped_so_it_stays_one_value() {
        let event = Component::new("VEVENT").text("SUMMARY", "a, b; c\\d\r\nEND:VEVENT\u{7}");
        assert_eq!(
            written(&event),
            "BEGIN:VEVENT\r\nSUMMARY:a\\, b\\; c\\\\d\\nEND:VEVENT \r\nEND:VEVENT\r\n"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters_and_never_after_a_blank() {
        // "DESCRIPTION:" and 62 octets leave 1 octet of the 75 for the 2 of "é".
        let text = format!("{}é{}end", "x".repeat(62), "y ".repeat(60));
        let out = written(&Component::new("VEVENT").text("DESCRIPTION", &text));
        for line in out.split_terminator("\r\n") {
            assert!(
                line.len() <= LINE_OCTETS,
                "{line:?} is {} octets",
                line.len()
            );
            assert!(!line.ends_with(' '), "{line:?}");
        }
        let unfolded = out.replace("\r\n ", "");
        assert!(
            unfolded.contains(&format!("DESCRIPTION:{text}\r\n")),
            "{out}"
        );
    }

    #[test]
    fn values_are_written_as_rfc_5545_dates_and_times() {
        let day = NaiveDate::from_ymd_opt(2028, 2, 29).expect("a leap day");
        assert_eq!(date(day), "20280229");
        let at = day.and_hms_opt(8, 5, 0).expect("a time");
        assert_eq!(local_time(at), "20280229T080500");
        assert_eq!(utc_time(at.and_utc()), "20280229T080500Z");
    }
}
