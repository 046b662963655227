//! How a landed change came in: a merge, a pull or merge request's
//! squash or rebase landing, or the commit itself.

/// How a landed change came in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Via {
    /// A merge: its other parents' commits.
    Merge,
    /// A squash or rebase landing of GitHub pull request N.
    Pull(u64),
    /// A squash landing of GitLab merge request N.
    MergeRequest(u64),
    /// The commit itself.
    Itself,
}

impl Via {
    /// The ref holding the request's commits, for the kinds that have one.
    pub fn ref_name(self) -> Option<String> {
        match self {
            Via::Pull(n) => Some(format!("refs/pull/{n}/head")),
            Via::MergeRequest(n) => Some(format!("refs/merge-requests/{n}/head")),
            Via::Merge | Via::Itself => None,
        }
    }
}
