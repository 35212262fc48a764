//! The reminders on a dose: the evening before, and, for a dose at a set time, when to take the
//! syringe out of the refrigerator so it reaches room temperature.

use chrono::{NaiveTime, TimeDelta};

use super::content::Component;
use crate::knowledge::pack;

/// The evening-before reminder comes at 19:00 the day before.
const EVENING_BEFORE: NaiveTime = NaiveTime::from_hms_opt(19, 0, 0).expect("a time of day");

/// The reminders on the dose `what` ("Mipomersen injection, 200 mg"), given all day or at
/// `dose_time`.
pub(super) fn reminders(what: &str, dose_time: Option<NaiveTime>) -> Vec<Component> {
    // An all-day event starts at midnight.
    let start = dose_time.unwrap_or(NaiveTime::MIN);
    let to_evening_before = start.signed_duration_since(EVENING_BEFORE) + TimeDelta::days(1);
    let at = dose_time.map_or_else(String::new, |time| format!(" at {}", time.format("%H:%M")));
    let mut reminders = vec![reminder(
        to_evening_before,
        &format!("Tomorrow{at}: {what}"),
    )];
    if dose_time.is_some() {
        let warm_up = &pack().intervals.syringe_warm_up_minutes;
        reminders.push(reminder(
            TimeDelta::minutes(warm_up.value),
            &format!(
                "Take the syringe out of the refrigerator now: it needs {} {} to reach room \
                 temperature before the injection.",
                warm_up.value, warm_up.unit
            ),
        ));
    }
    reminders
}

/// A reminder on the screen `lead` before the event starts.
fn reminder(lead: TimeDelta, text: &str) -> Component {
    Component::new("VALARM")
        .value("ACTION", "DISPLAY")
        .value("TRIGGER;RELATED=START", &before(lead))
        .text("DESCRIPTION", text)
}

/// A DURATION (RFC 5545 §3.3.6) `lead` before: `-PT5H`, `-PT30M`, `-PT13H30M`.
fn before(lead: TimeDelta) -> String {
    let minutes = lead.num_minutes();
    match (minutes / 60, minutes % 60) {
        (hours, 0) => format!("-PT{hours}H"),
        (0, minutes) => format!("-PT{minutes}M"),
        (hours, minutes) => format!("-PT{hours}H{minutes}M"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triggers(dose_time: Option<NaiveTime>) -> Vec<String> {
        reminders("Mipomersen injection, 200 mg", dose_time)
            .iter()
            .map(|alarm| {
                let text = alarm.to_string();
                let line = text
                    .lines()
                    .find(|line| line.starts_with("TRIGGER"))
                    .expect("a trigger");
                line.to_owned()
            })
            .collect()
    }

    #[test]
    fn an_all_day_dose_is_announced_at_19_the_evening_before() {
        assert_eq!(triggers(None), ["TRIGGER;RELATED=START:-PT5H"]);
    }

    #[test]
    fn a_timed_dose_is_announced_the_evening_before_and_30_minutes_ahead() {
        let time = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(
            triggers(time(8, 0)),
            [
                "TRIGGER;RELATED=START:-PT13H",
                "TRIGGER;RELATED=START:-PT30M"
            ]
        );
        assert_eq!(triggers(time(0, 15))[0], "TRIGGER;RELATED=START:-PT5H15M");
        assert_eq!(triggers(time(21, 30))[0], "TRIGGER;RELATED=START:-PT26H30M");
    }
}
