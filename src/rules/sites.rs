//! The injection site to suggest next, in rotation (the technique R-AE-2 asks for to keep
//! injection-site reactions down), decided here so the dose form only shows it.

use super::Facts;
use crate::record::Site;

/// The site after the last one recorded: abdomen → thigh → upper arm → abdomen. A dose with no
/// site recorded says nothing about where the last injection went, so it is passed over; with
/// none recorded (or "other"), the rotation starts at the abdomen.
pub fn next_site(facts: &Facts) -> Site {
    let last = facts.doses.iter().rev().find_map(|dose| dose.site);
    match last {
        Some(Site::Abdomen) => Site::Thigh,
        Some(Site::Thigh) => Site::UpperArm,
        Some(Site::UpperArm | Site::Other) | None => Site::Abdomen,
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::record::{Dose, DoseChecklist, Record};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).expect("valid")
    }

    fn next_after(sites: &[(u32, Option<Site>)]) -> Site {
        let mut record = Record::new("P");
        record.doses = sites
            .iter()
            .map(|&(date, site)| Dose {
                date: day(date),
                dose_mg: Some(200.0),
                route: None,
                site,
                checklist: DoseChecklist::default(),
                source: None,
            })
            .collect();
        next_site(&Facts::new(&record, day(28)))
    }

    #[test]
    fn the_rotation_goes_abdomen_thigh_upper_arm_and_round_again() {
        assert_eq!(next_after(&[]), Site::Abdomen);
        assert_eq!(next_after(&[(1, Some(Site::Abdomen))]), Site::Thigh);
        assert_eq!(next_after(&[(1, Some(Site::Thigh))]), Site::UpperArm);
        assert_eq!(next_after(&[(1, Some(Site::UpperArm))]), Site::Abdomen);
        assert_eq!(next_after(&[(1, Some(Site::Other))]), Site::Abdomen);
    }

    #[test]
    fn the_latest_dose_counts_whatever_the_order_in_the_file() {
        let sites = [(15, Some(Site::Thigh)), (1, Some(Site::Abdomen))];
        assert_eq!(next_after(&sites), Site::UpperArm);
    }

    #[test]
    fn a_dose_without_a_site_is_passed_over() {
        let sites = [(1, Some(Site::Abdomen)), (8, None)];
        assert_eq!(next_after(&sites), Site::Thigh);
    }

    #[test]
    fn a_dose_after_today_is_not_the_last_injection() {
        let sites = [(1, Some(Site::Abdomen)), (30, Some(Site::Thigh))];
        assert_eq!(next_after(&sites), Site::Thigh);
    }
}
