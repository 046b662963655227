//! Audit reports: one file (or folder) per format, over one view-model.

pub mod csv;
#[cfg(test)]
mod fixtures;
pub mod html;
pub mod human;
pub mod json;
pub mod lead;
pub mod markdown;
pub mod model;
