//! teamlint's domain, with no git and no process state: the ownership map
//! and its patterns, who owns a path, findings and the rules that make
//! them, the coupling metrics over changes, and the design search.
//!
//! Data flows one way through its modules (docs/architecture.md):
//!
//! ```text
//! config (OWNERS.toml -> Config, with spans)
//!    -> ownership (Config -> Resolver: path -> Owner + the rule that decided)
//!    -> metrics (changes -> coupling figures), design (-> proposed moves)
//!    -> rules (pure functions over those -> Vec<Finding>)
//! ```

pub mod baseline;
pub mod codeowners;
pub mod config;
pub mod date;
pub mod design;
pub mod error;
pub mod finding;
pub mod fsutil;
pub mod metrics;
pub mod ownership;
pub mod pathname;
pub mod pattern;
pub mod rules;
pub mod suggest;
