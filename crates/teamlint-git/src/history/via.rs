//! How a landed change came in: a merge, a pull or merge request's
//! squash or rebase landing, or the commit itself.

/// Where GitHub's pull requests and GitLab's merge requests keep their
/// commits (`refs/pull/N/head`, `refs/merge-requests/N/head`).
pub(crate) const REQUEST_NAMESPACES: [&str; 2] = ["refs/pull/", "refs/merge-requests/"];

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
            Via::Pull(n) => Some(format!("{}{n}/head", REQUEST_NAMESPACES[0])),
            Via::MergeRequest(n) => Some(format!("{}{n}/head", REQUEST_NAMESPACES[1])),
            Via::Merge | Via::Itself => None,
        }
    }

    /// As the caches store it: a tag and a number.
    pub(crate) fn to_bytes(self) -> [u8; 9] {
        let (tag, n) = match self {
            Via::Merge => (0u8, 0),
            Via::Pull(n) => (1, n),
            Via::MergeRequest(n) => (2, n),
            Via::Itself => (3, 0),
        };
        let mut out = [tag; 9];
        out[1..].copy_from_slice(&n.to_le_bytes());
        out
    }

    /// What [`Via::to_bytes`] wrote; `None` for anything else.
    pub(crate) fn from_bytes(b: &[u8]) -> Option<Via> {
        let n = u64::from_le_bytes(b.get(1..9)?.try_into().ok()?);
        Some(match b.first()? {
            0 => Via::Merge,
            1 => Via::Pull(n),
            2 => Via::MergeRequest(n),
            3 => Via::Itself,
            _ => return None,
        })
    }
}
