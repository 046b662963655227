//! The root OWNERS.toml with moves applied, as text: each rule a move
//! touches is written again (split where only some of its patterns move,
//! in the same order, so that what the other patterns decide stays as it
//! was), each moved pattern under a comment that says why; every other
//! byte of the file stays as it was.

use std::ops::Range;

use crate::config::{toml_string, Config, RuleOwner};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OwnerSpec {
    Team(String),
    Teams(Vec<String>),
    Unowned,
}

impl OwnerSpec {
    fn of(owner: &RuleOwner) -> OwnerSpec {
        match owner {
            RuleOwner::Team(t) => OwnerSpec::Team(t.value.clone()),
            RuleOwner::Teams(ts) => OwnerSpec::Teams(ts.iter().map(|t| t.value.clone()).collect()),
            RuleOwner::Unowned => OwnerSpec::Unowned,
        }
    }

    fn toml(&self) -> String {
        match self {
            OwnerSpec::Team(t) => format!("team = {}", toml_string(t)),
            OwnerSpec::Teams(ts) => {
                let names: Vec<String> = ts.iter().map(|t| toml_string(t)).collect();
                format!("teams = [{}]", names.join(", "))
            }
            OwnerSpec::Unowned => "unowned = true".into(),
        }
    }

    /// The owner as a reader says it.
    pub fn describe(&self) -> String {
        match self {
            OwnerSpec::Team(t) => t.clone(),
            OwnerSpec::Teams(ts) => ts.join(" + "),
            OwnerSpec::Unowned => "unowned".into(),
        }
    }
}

/// One pattern of the root file, in file order.
#[derive(Clone, Debug)]
struct Entry {
    /// The rule of the original file it is written in.
    rule: usize,
    pattern: String,
    /// Its trailing comment in the original file.
    comment: Option<String>,
    owner: OwnerSpec,
    /// Why it moved, when it did.
    notes: Vec<String>,
    /// Its line in the original file (none for a pattern a move added).
    line: Option<usize>,
}

#[derive(Debug)]
pub struct PlanError(pub String);

#[derive(Clone, Debug)]
pub struct Plan {
    text: String,
    /// Each original rule's text.
    regions: Vec<Range<usize>>,
    /// Rules written again.
    touched: Vec<bool>,
    entries: Vec<Entry>,
}

impl Plan {
    /// The root file of `config`, ready for moves.
    pub fn new(config: &Config) -> Result<Plan, PlanError> {
        let (Some(root), Some(source)) = (config.files.first(), config.sources.first()) else {
            return Err(PlanError("there is no root OWNERS.toml".into()));
        };
        let text = source.text.to_string();
        let tables = Tables::of(&text)?;
        if tables.own.len() != root.rules.len() {
            return Err(PlanError(format!(
                "the root file has {} rules but {} `[[own]]` headers; write each rule as an `[[own]]` table",
                root.rules.len(),
                tables.own.len()
            )));
        }
        let mut regions = Vec::with_capacity(tables.own.len());
        for (i, &start) in tables.own.iter().enumerate() {
            let last = root.rules[i]
                .patterns
                .iter()
                .map(|p| p.text.at.span.end)
                .max()
                .unwrap_or(start)
                .max(start + 1);
            regions.push(start..tables.next(&text, last));
        }
        let entries = root
            .patterns()
            .map(|(rule, r, p)| Entry {
                rule,
                pattern: p.text.value.clone(),
                comment: trailing_comment(&text, p.text.at.span.end),
                owner: OwnerSpec::of(&r.owner),
                notes: Vec::new(),
                line: Some(source.line_col(p.text.at.span.start).0),
            })
            .collect();
        Ok(Plan {
            text,
            touched: vec![false; regions.len()],
            regions,
            entries,
        })
    }

    /// The owner of the pattern at this position.
    pub fn owner(&self, pattern: usize) -> Option<&OwnerSpec> {
        self.entries.get(pattern).map(|e| &e.owner)
    }

    /// The pattern text at this position.
    pub fn pattern(&self, pattern: usize) -> Option<&str> {
        self.entries.get(pattern).map(|e| e.pattern.as_str())
    }

    /// The line in the original file of the pattern at this position (for
    /// a pattern a move added: of the pattern it was split from).
    pub fn line(&self, pattern: usize) -> Option<usize> {
        self.entries.get(pattern).and_then(|e| e.line)
    }

    /// Gives the patterns at these positions to `team`.
    pub fn give(&mut self, patterns: Range<usize>, team: &str, note: &str) {
        for e in self.entries.get_mut(patterns).into_iter().flatten() {
            e.owner = OwnerSpec::Team(team.to_string());
            e.notes.push(note.to_string());
            let rule = e.rule;
            self.touched[rule] = true;
        }
    }

    /// Adds `pattern`, owned by `team`, right after the pattern at `after`:
    /// it decides what that one decided where it matches, and nothing else.
    pub fn give_after(&mut self, after: usize, pattern: &str, team: &str, note: &str) {
        let Some(prev) = self.entries.get(after) else {
            return;
        };
        let rule = prev.rule;
        self.touched[rule] = true;
        self.entries.insert(
            after + 1,
            Entry {
                rule,
                pattern: pattern.to_string(),
                comment: None,
                owner: OwnerSpec::Team(team.to_string()),
                notes: vec![note.to_string()],
                line: prev.line,
            },
        );
    }

    /// Adds a rule at the end of the file: it decides `pattern` over every
    /// rule before it (the last match in a file wins).
    pub fn append(&mut self, owner: OwnerSpec, pattern: &str, note: &str) {
        let rule = self.touched.len();
        self.touched.push(true);
        self.entries.push(Entry {
            rule,
            pattern: pattern.to_string(),
            comment: None,
            owner,
            notes: vec![note.to_string()],
            line: None,
        });
    }

    /// The file as it now reads.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + 256);
        let mut at = 0;
        for (rule, region) in self.regions.iter().enumerate() {
            if !self.touched[rule] {
                continue;
            }
            out.push_str(&self.text[at..region.start]);
            self.render_rule(rule, &mut out);
            at = region.end;
        }
        out.push_str(&self.text[at..]);
        for rule in self.regions.len()..self.touched.len() {
            if !out.is_empty() && !out.ends_with("\n\n") {
                out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
            }
            self.render_rule(rule, &mut out);
        }
        out
    }

    /// One rule's entries, a table per run of the same owner.
    fn render_rule(&self, rule: usize, out: &mut String) {
        let entries: Vec<&Entry> = self.entries.iter().filter(|e| e.rule == rule).collect();
        for group in entries.chunk_by(|a, b| a.owner == b.owner) {
            let mut notes: Vec<&String> = Vec::new();
            for n in group.iter().flat_map(|e| &e.notes) {
                if !notes.contains(&n) {
                    notes.push(n);
                }
            }
            for n in notes {
                // A pattern may hold any character; a comment ends at a newline.
                let n = n.replace(|c: char| c.is_control(), " ");
                out.push_str(&format!("# {n}\n"));
            }
            out.push_str("[[own]]\n");
            out.push_str(&group[0].owner.toml());
            out.push_str("\npaths = [\n");
            for e in group {
                out.push_str("  ");
                out.push_str(&toml_string(&e.pattern));
                out.push(',');
                if let Some(c) = &e.comment {
                    out.push_str("  ");
                    out.push_str(c);
                }
                out.push('\n');
            }
            out.push_str("]\n\n");
        }
    }
}

/// Where the file's table headers are, as TOML reads it (a `[` or `#`
/// inside a string is text, not a header or a comment): the start of the
/// line of each `[[own]]` header, and of every header.
struct Tables {
    own: Vec<usize>,
    all: Vec<usize>,
}

impl Tables {
    fn of(text: &str) -> Result<Tables, PlanError> {
        let doc = toml_edit::Document::parse(text)
            .map_err(|e| PlanError(format!("the root file is not TOML: {e}")))?;
        let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
        let mut all = Vec::new();
        fn walk(table: &toml_edit::Table, out: &mut Vec<usize>) {
            for (_, item) in table.iter() {
                match item {
                    toml_edit::Item::Table(t) => {
                        if !t.is_implicit() {
                            out.extend(t.span().map(|s| s.start));
                        }
                        walk(t, out);
                    }
                    toml_edit::Item::ArrayOfTables(a) => {
                        for t in a.iter() {
                            out.extend(t.span().map(|s| s.start));
                            walk(t, out);
                        }
                    }
                    _ => {}
                }
            }
        }
        walk(doc.as_table(), &mut all);
        let mut all: Vec<usize> = all.into_iter().map(line_start).collect();
        all.sort_unstable();
        all.dedup();
        let own = match doc.get("own") {
            None => Vec::new(),
            Some(item) => item
                .as_array_of_tables()
                .ok_or_else(|| PlanError("`own` is not an array of `[[own]]` tables".into()))?
                .iter()
                .map(|t| t.span().map(|s| line_start(s.start)))
                .collect::<Option<Vec<usize>>>()
                .ok_or_else(|| PlanError("an `[[own]]` table has no place in the file".into()))?,
        };
        Ok(Tables { own, all })
    }

    /// The start of the first table header line after `from`, or the end.
    fn next(&self, text: &str, from: usize) -> usize {
        self.all
            .iter()
            .copied()
            .find(|&at| at >= from)
            .unwrap_or(text.len())
    }
}

/// `# …` after a pattern on its line, when only a comma stands between.
fn trailing_comment(text: &str, end: usize) -> Option<String> {
    let rest = text.get(end..)?;
    let line = rest.split('\n').next().unwrap_or("");
    let line = line.trim_end_matches('\r');
    let before = line.find('#')?;
    line[..before]
        .chars()
        .all(|c| c == ',' || c == ' ' || c == '\t')
        .then(|| line[before..].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Source;
    use crate::ownership::Resolver;

    const MAP: &str = "version = 1\n[teams.a]\nleader = \"a@x.io\"\n[teams.b]\nleader = \"b@x.io\"\n\n\
                       [[own]]\nteam = \"a\"\npaths = [\n  \"/x/\",  # line 1\n  \"/y/\",\n  \"/x/keep/\",\n]\n\n\
                       [settings]\nmax_teams_per_change = 1\n";

    fn load(text: &str) -> Config {
        Config::load(Source::new("OWNERS.toml".into(), text.into()), Vec::new()).unwrap()
    }

    fn owner(config: &Config, path: &str) -> Vec<String> {
        Resolver::new(config)
            .resolve(path)
            .owner
            .names(config)
            .into_iter()
            .map(String::from)
            .collect()
    }

    #[test]
    fn a_split_rule_keeps_what_its_other_patterns_decide() {
        let config = load(MAP);
        let mut plan = Plan::new(&config).unwrap();
        plan.give(0..1, "b", "move 1\nsecond line");
        let text = plan.render();
        let moved = load(&text);
        assert_eq!(owner(&moved, "x/a.rs"), ["b"], "{text}");
        // A later pattern of the same rule still wins under /x/.
        assert_eq!(owner(&moved, "x/keep/a.rs"), ["a"], "{text}");
        assert_eq!(owner(&moved, "y/a.rs"), ["a"], "{text}");
        assert!(text.contains("# move 1 second line\n"), "{text}");
        assert!(text.contains("\"/x/\",  # line 1\n"), "{text}");
        assert!(
            text.ends_with("[settings]\nmax_teams_per_change = 1\n"),
            "{text}"
        );
    }

    #[test]
    fn a_directory_carved_out_takes_only_what_its_pattern_decided() {
        let config = load(MAP);
        let mut plan = Plan::new(&config).unwrap();
        plan.give_after(0, "/x/sub/", "b", "move");
        let moved = load(&plan.render());
        assert_eq!(owner(&moved, "x/sub/a.rs"), ["b"]);
        assert_eq!(owner(&moved, "x/a.rs"), ["a"]);
        assert_eq!(owner(&moved, "x/keep/a.rs"), ["a"]);
    }

    #[test]
    fn brackets_and_hashes_inside_strings_are_text() {
        // A description whose lines look like table headers and comments.
        let map = "version = 1\n[teams.a]\nleader = \"a@x.io\"\n\
                   description = \"\"\"\n[[own]]\n[settings] # not a table\n\"\"\"\n\
                   [teams.b]\nleader = \"b@x.io\"\n\n\
                   [[own]]\nteam = \"a\"\npaths = [\n  \"/x#1/\",  # kept\n  \"/[y]/\",\n]\n\n\
                   [settings]\nmax_teams_per_change = 1\n";
        let config = load(map);
        let mut plan = Plan::new(&config).unwrap();
        assert_eq!(plan.render(), map);
        plan.give(1..2, "b", "move");
        let text = plan.render();
        let moved = load(&text);
        assert_eq!(owner(&moved, "[y]/a.rs"), ["b"], "{text}");
        assert_eq!(owner(&moved, "x#1/a.rs"), ["a"], "{text}");
        assert!(text.contains("\"/x#1/\",  # kept\n"), "{text}");
        assert!(
            text.contains("[[own]]\n[settings] # not a table\n\"\"\"\n"),
            "{text}"
        );
    }

    #[test]
    fn an_untouched_map_renders_byte_for_byte() {
        let plan = Plan::new(&load(MAP)).unwrap();
        assert_eq!(plan.render(), MAP);
    }
}
