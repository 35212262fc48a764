//! A calendar as Google Calendar, Outlook or Apple Calendar keeps one, to read exports back the
//! way a user's calendar does: an import replaces each event by UID unless the calendar holds a
//! later SEQUENCE of it, and a cancelled event takes it away. Read with `ical` and expanded with
//! `rrule`, never with the app's own writer.

use std::collections::BTreeMap;
use std::io::BufReader;

use chrono::{NaiveDate, NaiveDateTime};
use ical::parser::ical::component::{IcalAlarm, IcalEvent};
use ical::property::Property;

/// One VEVENT as a calendar reads it.
#[derive(Debug, Clone)]
pub struct Event {
    pub uid: String,
    pub sequence: i64,
    pub cancelled: bool,
    pub summary: String,
    pub description: String,
    pub start: Time,
    pub end: Option<Time>,
    /// RRULE and EXDATE as written.
    pub rule: Option<String>,
    pub exdates: Vec<Time>,
    pub alarms: Vec<Alarm>,
    /// Every property by name, values as written (TEXT still escaped).
    pub properties: Vec<(String, String)>,
}

/// DTSTART, DTEND or EXDATE: a whole day, or a floating local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Time {
    Day(NaiveDate),
    Floating(NaiveDateTime),
}

impl Time {
    pub fn date(self) -> NaiveDate {
        match self {
            Time::Day(date) => date,
            Time::Floating(time) => time.date(),
        }
    }

    fn start_of(self) -> NaiveDateTime {
        match self {
            Time::Day(date) => date.and_time(chrono::NaiveTime::MIN),
            Time::Floating(time) => time,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alarm {
    pub action: String,
    /// With its parameters: `TRIGGER;RELATED=START:-PT5H`.
    pub trigger: String,
    pub description: String,
}

/// One occurrence of an event in the calendar.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occurrence {
    pub start: Time,
    pub summary: String,
}

/// The events of an export, in its order; panics (failing the test) on anything that is not
/// valid enough for a calendar to import.
pub fn parse(text: &str) -> Vec<Event> {
    let mut calendars = ical::IcalParser::new(BufReader::new(text.as_bytes()));
    let calendar = calendars
        .next()
        .expect("one VCALENDAR")
        .expect("a valid VCALENDAR");
    assert!(calendars.next().is_none(), "one VCALENDAR only");
    calendar.events.iter().map(event).collect()
}

/// The calendar-level properties (VERSION, PRODID, NAME...), values as written.
pub fn calendar_properties(text: &str) -> Vec<(String, String)> {
    let calendar = ical::IcalParser::new(BufReader::new(text.as_bytes()))
        .next()
        .expect("one VCALENDAR")
        .expect("a valid VCALENDAR");
    calendar.properties.iter().map(name_and_value).collect()
}

#[derive(Debug, Default)]
pub struct Store {
    /// Cancelled events stay as what they were cancelled by, so an older export imported late
    /// cannot bring them back.
    events: BTreeMap<String, Event>,
}

impl Store {
    /// Imports an export as a calendar does.
    pub fn apply(&mut self, text: &str) {
        for event in parse(text) {
            let newer = self
                .events
                .get(&event.uid)
                .is_none_or(|held| event.sequence >= held.sequence);
            if newer {
                self.events.insert(event.uid.clone(), event);
            }
        }
    }

    /// Every occurrence of the events held, from `from` to `to` inclusive, in date order.
    pub fn occurrences(&self, from: NaiveDate, to: NaiveDate) -> Vec<Occurrence> {
        let mut occurrences: Vec<Occurrence> = self
            .events
            .values()
            .filter(|event| !event.cancelled)
            .flat_map(|event| {
                expand(event).into_iter().map(|start| Occurrence {
                    start,
                    summary: event.summary.clone(),
                })
            })
            .filter(|occurrence| (from..=to).contains(&occurrence.start.date()))
            .collect();
        occurrences.sort();
        occurrences
    }

    /// The dates of the occurrences whose summary contains `what`, from `from` to `to`.
    pub fn dates_of(&self, what: &str, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        self.occurrences(from, to)
            .into_iter()
            .filter(|occurrence| occurrence.summary.contains(what))
            .map(|occurrence| occurrence.start.date())
            .collect()
    }
}

/// The starts of an event: its DTSTART, or every date its RRULE gives less its EXDATEs.
/// Floating times are expanded as if in UTC, which keeps their wall-clock times.
fn expand(event: &Event) -> Vec<Time> {
    let Some(rule) = &event.rule else {
        return vec![event.start];
    };
    let utc = |time: Time| time.start_of().format("%Y%m%dT%H%M%SZ").to_string();
    let mut lines = vec![
        format!("DTSTART:{}", utc(event.start)),
        format!("RRULE:{rule}"),
    ];
    lines.extend(
        event
            .exdates
            .iter()
            .map(|&exdate| format!("EXDATE:{}", utc(exdate))),
    );
    let set: rrule::RRuleSet = lines.join("\n").parse().expect("a valid RRULE");
    let result = set.all(1000);
    assert!(
        !result.limited,
        "{}: the rule is unbounded: {rule}",
        event.uid
    );
    result
        .dates
        .iter()
        .map(|start| match event.start {
            Time::Day(_) => Time::Day(start.date_naive()),
            Time::Floating(_) => Time::Floating(start.naive_utc()),
        })
        .collect()
}

fn event(ical: &IcalEvent) -> Event {
    let properties: Vec<(String, String)> = ical.properties.iter().map(name_and_value).collect();
    let one = |name: &str| {
        let mut found = ical.properties.iter().filter(|p| p.name == name);
        let property = found.next();
        assert!(found.next().is_none(), "one {name} at most");
        property
    };
    let text = |name: &str| one(name).map(|p| unescape(value(p))).unwrap_or_default();
    let uid = text("UID");
    assert!(!uid.is_empty(), "every event has a UID");
    assert!(one("DTSTAMP").is_some(), "{uid}: every event has a DTSTAMP");
    Event {
        sequence: one("SEQUENCE").map_or(0, |p| value(p).parse().expect("an integer")),
        cancelled: one("STATUS").is_some_and(|p| value(p) == "CANCELLED"),
        summary: text("SUMMARY"),
        description: text("DESCRIPTION"),
        start: time(one("DTSTART").expect("DTSTART, required without METHOD")),
        end: one("DTEND").map(time),
        rule: one("RRULE").map(|p| value(p).to_owned()),
        exdates: ical
            .properties
            .iter()
            .filter(|p| p.name == "EXDATE")
            .flat_map(|p| value(p).split(',').map(|one| time_value(p, one)))
            .collect(),
        alarms: ical.alarms.iter().map(alarm).collect(),
        properties,
        uid,
    }
}

fn alarm(ical: &IcalAlarm) -> Alarm {
    let find = |name: &str| {
        ical.properties
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("an alarm has {name}"))
    };
    let trigger = find("TRIGGER");
    let (name, value) = name_and_value(trigger);
    Alarm {
        action: value_of(find("ACTION")),
        trigger: format!("{name}:{value}"),
        description: unescape(value_of(find("DESCRIPTION")).as_str()),
    }
}

fn value(property: &Property) -> &str {
    property.value.as_deref().unwrap_or_default()
}

fn value_of(property: &Property) -> String {
    value(property).to_owned()
}

/// `NAME;PARAM=VALUE` and the value.
fn name_and_value(property: &Property) -> (String, String) {
    let mut name = vec![property.name.clone()];
    name.extend(
        property
            .params
            .iter()
            .flatten()
            .map(|(key, values)| format!("{key}={}", values.join(","))),
    );
    (name.join(";"), value_of(property))
}

fn time(property: &Property) -> Time {
    time_value(property, value(property))
}

/// A DATE (`VALUE=DATE`) or a floating DATE-TIME; a UTC or zoned time fails the test: the
/// export writes neither.
fn time_value(property: &Property, text: &str) -> Time {
    let is_date = property
        .params
        .iter()
        .flatten()
        .any(|(key, values)| key == "VALUE" && values.iter().any(|v| v == "DATE"));
    let zoned = property
        .params
        .iter()
        .flatten()
        .any(|(key, _)| key == "TZID");
    assert!(
        !zoned && !text.ends_with('Z'),
        "{}: not floating: {text}",
        property.name
    );
    if is_date {
        Time::Day(NaiveDate::parse_from_str(text, "%Y%m%d").expect("a DATE"))
    } else {
        Time::Floating(NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%S").expect("a DATE-TIME"))
    }
}

/// TEXT as written (RFC 5545 §3.3.11) back to the text.
pub fn unescape(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => plain.push('\n'),
                Some(other) => plain.push(other),
                None => plain.push('\\'),
            }
        } else {
            plain.push(c);
        }
    }
    plain
}
