//! The integration tests, in one binary so they link once.

mod baseline;
mod cases;
mod eligibility;
mod hepatic;
mod support;
