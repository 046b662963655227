//! teamlint's engines over a repository, with no flags and no output: the
//! ownership findings of a tree (`tree`), where the map and the baseline
//! live (`files`), and the review of a change (`review`: from a base and a
//! head, what the change brings in). The commands wire flags to them and
//! hand what they find to a report.

pub mod files;
pub mod review;
pub mod tree;
