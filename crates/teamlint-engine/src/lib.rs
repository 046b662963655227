//! teamlint's engines over a repository, with no flags and no output: the
//! ownership findings of a tree (`tree`), where the map and the baseline
//! live (`files`), the review of a change (`review`: from a base and a
//! head, what the change brings in), and the history of a window under a
//! map (`measure`, `landed`, `audit`: metrics, lead time, the audit's
//! analysis). The commands wire flags to them and
//! hand what they find to a report.

pub mod audit;
pub mod files;
pub mod landed;
pub mod measure;
pub mod review;
pub mod tree;
