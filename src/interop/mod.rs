//! Exchange with other systems: iCalendar schedules (more to come: CSV lab import, FHIR R4).

pub mod ics;
