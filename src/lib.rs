//! teamlint: a git-native ownership linter.
//!
//! The crates are the layers, and data flows one way through them:
//!
//! ```text
//! teamlint-core    the map, ownership, findings, rules, metrics, design
//!    -> teamlint-git     the repository, its index, changes and history
//!    -> teamlint-report  every output format
//!    -> teamlint         the commands (`app`) and the binary
//! ```
//!
//! `app` wires a command line through that flow; `main.rs` only parses
//! arguments and maps the outcome to an exit status.

pub mod app;

pub use app::{run, Io};
