//! The history as a hypergraph over path ids.

use crate::metrics::{Change, Owners};

pub struct Graph {
    /// Each change's weight (recency, as the metrics weigh it).
    pub weight: Vec<f64>,
    /// Each change's files.
    pub files: Vec<Vec<u32>>,
    /// Each path's changes, by index into `files`.
    pub changes_of: Vec<Vec<u32>>,
    /// Each path's weighted changes.
    pub revs: Vec<f64>,
    /// Each change's author (an id into the history's authors).
    pub author: Vec<u32>,
}

impl Graph {
    pub fn new(changes: &[Change], paths: usize, weight: impl Fn(i64) -> f64) -> Graph {
        let mut changes_of = vec![Vec::new(); paths];
        let mut revs = vec![0.0; paths];
        let mut weights = Vec::with_capacity(changes.len());
        let mut files = Vec::with_capacity(changes.len());
        let author = changes.iter().map(|c| c.author).collect();
        for (i, c) in changes.iter().enumerate() {
            let w = weight(c.time);
            weights.push(w);
            let mut fs = c.files.clone();
            fs.sort_unstable();
            fs.dedup();
            fs.retain(|&f| (f as usize) < paths);
            for &f in &fs {
                changes_of[f as usize].push(i as u32);
                revs[f as usize] += w;
            }
            files.push(fs);
        }
        Graph {
            weight: weights,
            files,
            changes_of,
            revs,
            author,
        }
    }

    /// Does each change touch exactly one team under `owners`?
    pub fn single(&self, owners: &Owners) -> Vec<bool> {
        let mut teams = Vec::new();
        self.files
            .iter()
            .map(|fs| {
                teams.clear();
                teams.extend(fs.iter().flat_map(|&f| owners.of(f).iter().copied()));
                teams.sort_unstable();
                teams.dedup();
                teams.len() == 1
            })
            .collect()
    }

    /// The repository separability under `owners`, as the metrics count it.
    pub fn separability(&self, owners: &Owners) -> Option<f64> {
        let (mut owned, mut single) = (0.0, 0.0);
        let mut teams = Vec::new();
        for (fs, w) in self.files.iter().zip(&self.weight) {
            teams.clear();
            teams.extend(fs.iter().flat_map(|&f| owners.of(f).iter().copied()));
            teams.sort_unstable();
            teams.dedup();
            if !teams.is_empty() {
                owned += w;
                if teams.len() == 1 {
                    single += w;
                }
            }
        }
        (owned > 0.0).then(|| single / owned)
    }
}
