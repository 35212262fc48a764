//! The trend plots' time axis: the span shown (1 year, 3 years or all), ending just after today
//! so the newest result is never under an edge, and grid marks on month and year boundaries,
//! spaced so their dates always fit.

use chrono::{Datelike, NaiveDate};
use egui_plot::GridMark;

use crate::rules::calendar::add_days;

/// The time span the plots show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeSpan {
    #[default]
    OneYear,
    ThreeYears,
    All,
}

impl TimeSpan {
    pub const ALL: [TimeSpan; 3] = [TimeSpan::OneYear, TimeSpan::ThreeYears, TimeSpan::All];

    pub fn label(self) -> &'static str {
        match self {
            TimeSpan::OneYear => "1 year",
            TimeSpan::ThreeYears => "3 years",
            TimeSpan::All => "All",
        }
    }

    /// The first day shown: a year or three before today, or the earliest date plotted.
    pub fn first_day(self, today: NaiveDate, earliest: Option<NaiveDate>) -> NaiveDate {
        match self {
            TimeSpan::OneYear => add_days(today, -365),
            TimeSpan::ThreeYears => add_days(today, -3 * 365 - 1),
            TimeSpan::All => earliest.map_or_else(|| add_days(today, -365), |day| day.min(today)),
        }
    }

    /// The x range shown, from the first day to today, widened by a margin on each side so that
    /// the first and newest points sit inside the plot, not on its frame.
    pub fn x_range(self, today: NaiveDate, earliest: Option<NaiveDate>) -> (f64, f64) {
        let (first, last) = (x_of(self.first_day(today, earliest)), x_of(today));
        let margin = ((last - first) * 0.03).max(3.0);
        (first - margin, last + margin)
    }
}

/// Days since 1970-01-01: the x axis.
pub fn x_of(date: NaiveDate) -> f64 {
    #[allow(clippy::cast_precision_loss)] // days since 1970 fit an f64 exactly
    let days = (date - NaiveDate::default()).num_days() as f64;
    days
}

pub fn date_of(x: f64) -> NaiveDate {
    #[allow(clippy::cast_possible_truncation)] // a plot coordinate, rounded to a day
    let days = x.round() as i64;
    add_days(NaiveDate::default(), days)
}

/// Labelled marks are at least this far apart (points): "Sep 2026" is about 55 wide.
pub const LABEL_GAP: f32 = 80.0;

/// Half the widest date label (points), kept clear of the plot's ends.
const HALF_LABEL: f32 = 32.0;

/// The grid's minimum spacing (points), which `egui_plot` scales `base_step_size` by.
pub const GRID_GAP: f32 = 8.0;

const DAYS_PER_MONTH: f64 = 30.44;

/// Steps between labelled marks, in months, finest first.
const STEPS: [u32; 7] = [1, 3, 6, 12, 24, 60, 120];

/// Grid marks on month boundaries within `bounds` (days since 1970), with `days_per_point`:
/// the finest step whose marks are [`LABEL_GAP`] apart carries the labels; months between
/// them, when they are not too dense, are unlabelled grid lines. None within half a label of
/// either end, where its date would be cut off.
pub fn date_marks(bounds: (f64, f64), days_per_point: f64) -> Vec<GridMark> {
    let half_label = f64::from(HALF_LABEL) * days_per_point;
    let first = date_of((bounds.0 + half_label).ceil());
    let last = date_of((bounds.1 - half_label).floor());
    let points_per_month = DAYS_PER_MONTH / days_per_point;
    let step = STEPS
        .into_iter()
        .find(|&months| f64::from(months) * points_per_month >= f64::from(LABEL_GAP))
        .unwrap_or(STEPS[STEPS.len() - 1]);
    let fine = if points_per_month >= f64::from(GRID_GAP) {
        1
    } else {
        step
    };
    let mut marks = Vec::new();
    let mut month = first.with_day(1).unwrap_or(first);
    while month <= last {
        let index = month.year() * 12 + i32::try_from(month.month0()).unwrap_or(0);
        let months = if index.rem_euclid(i32::try_from(step).unwrap_or(1)) == 0 {
            Some(step)
        } else if index.rem_euclid(i32::try_from(fine).unwrap_or(1)) == 0 {
            Some(fine)
        } else {
            None
        };
        if let Some(months) = months
            && month >= first
        {
            marks.push(GridMark {
                value: x_of(month),
                step_size: f64::from(months) * DAYS_PER_MONTH,
            });
        }
        let Some(next) = month.checked_add_months(chrono::Months::new(1)) else {
            break;
        };
        month = next;
    }
    marks
}

/// A mark's date: the year alone for marks a year or more apart, else the month and year.
pub fn mark_label(mark: GridMark) -> String {
    let date = date_of(mark.value);
    if mark.step_size >= 12.0 * DAYS_PER_MONTH - 1.0 {
        date.format("%Y").to_string()
    } else {
        date.format("%b %Y").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    /// The marks `egui_plot` labels: those at least the label gap apart on screen.
    fn labelled(marks: &[GridMark], days_per_point: f64) -> Vec<String> {
        marks
            .iter()
            .filter(|mark| mark.step_size / days_per_point > f64::from(LABEL_GAP) - 1.0)
            .map(|&mark| mark_label(mark))
            .collect()
    }

    #[test]
    fn dates_label_the_axis_at_every_width_and_span() {
        let today = day("2026-11-24");
        let earliest = Some(day("2016-03-01"));
        for span in TimeSpan::ALL {
            let (min, max) = span.x_range(today, earliest);
            // From a plot at the minimum window zoomed to 200% to one on a 4K screen.
            for width in [250.0, 320.0, 400.0, 700.0, 1200.0, 2400.0] {
                let days_per_point = (max - min) / width;
                let marks = date_marks((min, max), days_per_point);
                let labels = labelled(&marks, days_per_point);
                // Two dates give the scale; a plot squeezed to 250 points may have room for one.
                let least = if width < 300.0 { 1 } else { 2 };
                assert!(
                    labels.len() >= least,
                    "{span:?} at {width} points: {labels:?}"
                );
                // Whole labels only: none hangs over either end.
                let half_label = f64::from(HALF_LABEL) * days_per_point;
                assert!(
                    marks
                        .iter()
                        .all(|mark| (min + half_label..=max - half_label).contains(&mark.value))
                );
                // Labelled marks never crowd each other.
                let mut values: Vec<f64> = marks
                    .iter()
                    .filter(|mark| mark.step_size / days_per_point > f64::from(LABEL_GAP) - 1.0)
                    .map(|mark| mark.value)
                    .collect();
                values.sort_by(f64::total_cmp);
                assert!(
                    values
                        .windows(2)
                        .all(|pair| (pair[1] - pair[0]) / days_per_point
                            >= f64::from(LABEL_GAP) * 0.9),
                    "{span:?} at {width} points"
                );
            }
        }
    }

    #[test]
    fn marks_read_as_months_or_years() {
        let year = GridMark {
            value: x_of(day("2026-01-01")),
            step_size: 12.0 * DAYS_PER_MONTH,
        };
        assert_eq!(mark_label(year), "2026");
        let quarter = GridMark {
            value: x_of(day("2026-04-01")),
            step_size: 3.0 * DAYS_PER_MONTH,
        };
        assert_eq!(mark_label(quarter), "Apr 2026");
        let marks = date_marks((x_of(day("2025-11-20")), x_of(day("2026-12-05"))), 1.0);
        let labels = labelled(&marks, 1.0);
        assert_eq!(labels.first().map(String::as_str), Some("Jan 2026"));
        assert!(labels.contains(&"Apr 2026".to_owned()), "{labels:?}");
    }

    #[test]
    fn the_span_ends_after_today_and_starts_where_asked() {
        let today = day("2026-11-24");
        let earliest = Some(day("2019-06-01"));
        for span in TimeSpan::ALL {
            let (min, max) = span.x_range(today, earliest);
            assert!(
                max > x_of(today) + 2.0,
                "{span:?}: today is inside the frame"
            );
            assert!(min < x_of(span.first_day(today, earliest)));
        }
        assert_eq!(
            TimeSpan::OneYear.first_day(today, earliest),
            day("2025-11-24")
        );
        assert_eq!(
            TimeSpan::ThreeYears.first_day(today, earliest),
            day("2023-11-24")
        );
        assert_eq!(TimeSpan::All.first_day(today, earliest), day("2019-06-01"));
        assert_eq!(TimeSpan::All.first_day(today, None), day("2025-11-24"));
    }
}
