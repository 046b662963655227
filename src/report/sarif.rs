//! Placeholder replaced by the real renderer.

use super::CheckReport;

pub fn check(doc: &CheckReport<'_>) -> String {
    super::json::check(doc)
}
