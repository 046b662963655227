//! teamlint: a git-native ownership linter.
//!
//! Data flows one way:
//!
//! ```text
//! config (OWNERS.toml -> Config, with spans)
//!    -> ownership (Config -> Resolver: path -> Owner + the rule that decided)
//!    -> sources of paths: the git index / a diff / history (repo, change, history)
//!    -> rules (pure functions over those -> Vec<Finding>)
//!    -> report (Finding -> human | json | sarif | github | markdown | html | csv)
//! ```
//!
//! `app` wires a command line through that flow; `main.rs` only parses
//! arguments and maps the outcome to an exit status.

pub mod app;
pub mod baseline;
pub mod change;
pub mod codeowners;
pub mod config;
pub mod date;
pub mod design;
pub mod error;
pub mod finding;
pub mod fsutil;
pub mod history;
pub mod metrics;
pub mod ownership;
pub mod pathname;
pub mod pattern;
pub mod repo;
pub mod report;
pub mod rules;
pub mod suggest;

pub use app::{run, Io};
