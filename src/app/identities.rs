//! People behind commit emails: one person may commit under several
//! addresses. The repository's `.mailmap` joins them first (as `git
//! shortlog` does); then addresses whose author name is the same (compared
//! without regard to case or spacing) are one person.

use rustc_hash::FxHashMap as HashMap;

use teamlint_engine::measure::Mined;
use teamlint_git::repo::Repo;

/// Each author id (an index into the history's emails) to a person.
pub struct Identities {
    /// Person of each author id.
    pub person: Vec<usize>,
    /// Each person's name, as the mailmap (or the newest commit) gives it.
    pub names: Vec<String>,
}

/// Names too common to say two addresses are one person.
const ANONYMOUS: [&str; 6] = ["", "root", "unknown", "user", "admin", "ubuntu"];

impl Identities {
    pub fn of(repo: &Repo, mined: &Mined) -> Identities {
        let authors = mined.scan.authors.len();
        // Each author's newest commit: where their name is read.
        let mut commit_of: Vec<Option<usize>> = vec![None; authors];
        for c in &mined.changes {
            let slot = &mut commit_of[c.author as usize];
            if slot.is_none() {
                *slot = Some(c.index);
            }
        }
        let people = repo.authors();
        let mut by_email: HashMap<String, usize> = HashMap::default();
        let mut by_name: HashMap<String, usize> = HashMap::default();
        let mut person = Vec::with_capacity(authors);
        let mut names: Vec<String> = Vec::new();
        for (a, email) in mined.scan.authors.iter().enumerate() {
            let (name, mapped) = commit_of[a]
                .and_then(|i| mined.scan.commits.get(i))
                .and_then(|c| people.of(c.id))
                .unwrap_or_else(|| (String::new(), email.to_lowercase()));
            let key = normalize(&name);
            let named = (!ANONYMOUS.contains(&key.as_str()))
                .then(|| by_name.get(&key).copied())
                .flatten();
            let p = match by_email.get(&mapped).copied().or(named) {
                Some(p) => p,
                None => {
                    names.push(name.trim().to_string());
                    names.len() - 1
                }
            };
            by_email.insert(mapped, p);
            by_email.insert(email.to_lowercase(), p);
            if !ANONYMOUS.contains(&key.as_str()) {
                by_name.entry(key).or_insert(p);
            }
            person.push(p);
        }
        Identities { person, names }
    }

    pub fn people(&self) -> usize {
        self.names.len()
    }
}

fn normalize(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
