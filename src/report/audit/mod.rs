//! Audit reports: one file per format.

pub mod csv;
pub mod html;
pub mod human;
pub mod json;
pub mod markdown;
