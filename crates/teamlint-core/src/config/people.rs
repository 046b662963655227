//! People: how a commit's author is recognised in the map. One matcher for
//! the whole product: team `leader` and `members`, and `ignore_authors`.
//!
//! An entry is an email, compared without regard to case, or a GitHub
//! handle (`@carol` or `carol`), which matches the noreply address GitHub
//! commits with: `carol@users.noreply.github.com` or
//! `123+carol@users.noreply.github.com` (docs/reference.md §3).

use std::collections::HashMap;

use super::Config;

const NOREPLY: &str = "@users.noreply.github.com";

/// The GitHub handle in a noreply address, if it is one.
fn noreply_handle(email: &str) -> Option<&str> {
    let at = email.len().checked_sub(NOREPLY.len())?;
    if !email.is_char_boundary(at) || !email[at..].eq_ignore_ascii_case(NOREPLY) {
        return None;
    }
    let local = &email[..at];
    Some(match local.split_once('+') {
        Some((digits, handle)) if digits.bytes().all(|b| b.is_ascii_digit()) => handle,
        _ => local,
    })
}

/// The form an entry and an author are compared in.
fn key(entry: &str) -> String {
    entry.trim().trim_start_matches('@').to_lowercase()
}

/// Does an author's email match a people entry (an email or a handle)?
pub fn author_matches(email: &str, entry: &str) -> bool {
    let entry = key(entry);
    email.eq_ignore_ascii_case(&entry)
        || noreply_handle(email).is_some_and(|h| h.eq_ignore_ascii_case(&entry))
}

/// Every person the map names (leaders and members), to their team; the
/// first team that names a person keeps them.
#[derive(Clone, Debug, Default)]
pub struct People {
    teams: HashMap<String, usize>,
}

impl People {
    /// Leaders and members.
    pub fn new(config: &Config) -> People {
        People::named(config, true)
    }

    /// Leaders only: whom a team's leader focus is measured on.
    pub fn leaders(config: &Config) -> People {
        People::named(config, false)
    }

    fn named(config: &Config, members: bool) -> People {
        let mut teams = HashMap::new();
        for (i, t) in config.teams.iter().enumerate() {
            let members = if members { &t.members[..] } else { &[] };
            for p in t.leader.iter().chain(members) {
                teams.entry(key(&p.value)).or_insert(i);
            }
        }
        People { teams }
    }

    /// The team of a commit author, by email or by GitHub handle.
    pub fn team_of(&self, email: &str) -> Option<usize> {
        if let Some(&t) = self.teams.get(&email.to_lowercase()) {
            return Some(t);
        }
        let handle = noreply_handle(email)?;
        self.teams.get(&handle.to_lowercase()).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_handles() {
        assert!(author_matches("Bob@Acme.com", "bob@acme.com"));
        assert!(author_matches(
            "49699333+dependabot[bot]@users.noreply.github.com",
            "dependabot[bot]"
        ));
        assert!(author_matches("carol@users.noreply.github.com", "@carol"));
        assert!(author_matches(
            "12+Carol@users.noreply.github.com",
            "@carol"
        ));
        // A handle is a GitHub identity, not the local part of any address.
        assert!(!author_matches("carol@acme.com", "@carol"));
        assert!(!author_matches(
            "x+carol@users.noreply.github.com",
            "@carol"
        ));
        assert!(!author_matches("bob@acme.com", "alice@acme.com"));
    }
}
