//! Designing the split: ownership moves that raise the repository's
//! separability (`teamlint suggest`), and a first map drafted from history
//! (`teamlint init --from-history`).
//!
//! Both work on the history as a hypergraph: files are vertices, each
//! change is a hyperedge weighted as the metrics weigh it. A move gives a
//! set of files to one team; its gain (the weighted changes that become
//! single-team, less those that stop being so) is counted exactly, not
//! estimated. The figures a command shows come from the metrics engine
//! re-run on the map written out, never from here.

mod graph;
mod hyper;
mod layout;
mod partition;
mod plan;
mod search;
mod shared;
mod units;

pub use graph::Graph;
pub use layout::tested_by;
pub use partition::{draft, nameable, Draft, DraftOptions, DraftPattern, DraftTeam, IMBALANCE};
pub use plan::{OwnerSpec, Plan, PlanError};
pub use search::{best_move, effect, unown_effect, Best, Bounds, Candidate, Effect, Volumes};
pub use shared::{shared, Shared};
pub use units::{units, Scope, Unit};
