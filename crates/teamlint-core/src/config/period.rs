//! `since` and `half_life` values.

pub use crate::date::{parse_date, parse_period};

/// The start of a history window, as written in the config or on the
/// command line: a fixed date, or a period before now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Since {
    /// Unix time.
    Date(i64),
    /// Seconds before the time of the run.
    Ago(f64),
}

impl Since {
    pub fn parse(s: &str) -> Option<Since> {
        parse_date(s)
            .map(Since::Date)
            .or_else(|| parse_period(s).map(Since::Ago))
    }

    /// The Unix time this refers to, given the time of the run.
    pub fn resolve(self, now: i64) -> i64 {
        match self {
            Since::Date(t) => t,
            Since::Ago(secs) => now - secs as i64,
        }
    }
}
