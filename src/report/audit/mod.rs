//! Audit reports: one file per format.

pub mod csv;
pub mod html;
pub mod human;
pub mod json;
pub mod markdown;

/// A share as a percentage for people, or "—" when there is no score.
pub fn percent(x: Option<f64>) -> String {
    match x {
        Some(v) => format!("{:.0}%", v * 100.0),
        None => "—".to_string(),
    }
}

/// A weighted count: whole numbers without decimals.
pub fn count(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}")
    }
}
