//! OWNERS.toml: the ownership map, read into [`Config`] with spans so that
//! every finding can point back into the file that caused it.

mod parse;
pub mod people;
mod period;
pub mod schema;

use std::collections::HashMap;
use std::ops::Range;

pub use period::{parse_date, parse_period, Since};

use crate::finding::{Finding, Location, RuleId, Severity, Source};
use crate::pattern::{Compiled, Dialect};

/// The file name teamlint reads in every directory.
pub const FILE_NAME: &str = "OWNERS.toml";

/// A place in one of the config sources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct At {
    pub source: usize,
    pub span: Range<usize>,
}

/// A string value with the place it was written.
#[derive(Clone, Debug)]
pub struct Text {
    pub value: String,
    pub at: At,
}

/// The whole ownership map: the root file and every directory file.
#[derive(Clone, Debug)]
pub struct Config {
    /// Every config text read; `sources[0]` is the root file.
    pub sources: Vec<Source>,
    pub settings: Settings,
    pub coupling: Coupling,
    pub teams: Vec<Team>,
    pub team_index: HashMap<String, usize>,
    /// `[rules]` severities, with the place each was set.
    pub rule_levels: Vec<(RuleId, Severity, At)>,
    /// `files[0]` is the root file; the others are sorted by directory.
    pub files: Vec<OwnersFile>,
    /// Problems found while reading that do not stop a run
    /// (`unknown-team`): reported with the other findings.
    pub findings: Vec<Finding>,
    /// `[codeowners] dialect`: how `[[own]]` patterns read and which
    /// CODEOWNERS syntax the export writes.
    pub dialect: Dialect,
    /// `[sections.NAME]`: GitLab's CODEOWNERS sections, in the order
    /// declared.
    pub sections: Vec<Section>,
}

/// A GitLab CODEOWNERS section (`[sections.NAME]`). A file's owners are
/// the union, over sections, of each section's last matching rule; rules
/// without a `section` form the unnamed section.
#[derive(Clone, Debug)]
pub struct Section {
    /// The name as declared (the table's key), with its place.
    pub name: Text,
    /// The section's default owners: what a rule of the section that names
    /// no owner gets (`[Name] @owner` in GitLab's syntax).
    pub owner: Option<RuleOwner>,
    /// `[Name][N]`: approvals the section requires.
    pub approvals: Option<u64>,
    /// `^[Name]`: an optional section.
    pub optional: bool,
}

impl Config {
    /// The section a name refers to (names compare without case, as GitLab
    /// compares them).
    pub fn section(&self, name: &str) -> Option<usize> {
        find_section(&self.sections, name)
    }
}

pub(crate) fn find_section(sections: &[Section], name: &str) -> Option<usize> {
    sections
        .iter()
        .position(|s| s.name.value.to_lowercase() == name.to_lowercase())
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub exclude: Vec<PatternDef>,
    pub unowned: Vec<PatternDef>,
    pub max_teams_per_change: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            exclude: Vec::new(),
            unowned: Vec::new(),
            max_teams_per_change: 1,
        }
    }
}

/// How history is turned into changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Changeset {
    /// Every non-merge commit against its parent.
    Commit,
    /// Every first-parent commit against its first parent.
    Merge,
}

impl Changeset {
    pub fn as_str(self) -> &'static str {
        match self {
            Changeset::Commit => "commit",
            Changeset::Merge => "merge",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Coupling {
    pub since: Option<Since>,
    pub changeset: Changeset,
    pub max_changeset: usize,
    pub min_revs: u32,
    pub min_shared: u32,
    pub min_degree: f64,
    pub team_threshold: f64,
    /// Half-life in seconds, when recency weighting is on.
    pub half_life: Option<f64>,
    pub renames: bool,
    pub ignore_authors: Vec<String>,
}

impl Default for Coupling {
    fn default() -> Self {
        Coupling {
            since: None,
            changeset: Changeset::Commit,
            max_changeset: 30,
            min_revs: 5,
            min_shared: 5,
            min_degree: 0.30,
            team_threshold: 0.10,
            half_life: None,
            renames: true,
            ignore_authors: Vec::new(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Team {
    pub name: String,
    /// The `[teams.NAME]` header.
    pub at: At,
    pub leader: Option<Text>,
    pub members: Vec<Text>,
    pub github: Option<Text>,
    /// The GitLab owner for a CODEOWNERS export in GitLab's dialect.
    pub gitlab: Option<Text>,
    pub depends_on: Vec<Text>,
    pub description: Option<String>,
    /// `false` for a name a rule or `depends_on` uses without a
    /// `[teams.NAME]` table: an `unknown-team` finding, and the paths its
    /// rules decide count as owned by that name.
    pub declared: bool,
}

/// One OWNERS.toml file.
#[derive(Clone, Debug)]
pub struct OwnersFile {
    pub source: usize,
    /// Repository-relative directory, `""` for the root.
    pub dir: String,
    /// `team = "x"` at the top of a directory file.
    pub default_team: Option<Text>,
    pub inherit: bool,
    pub rules: Vec<OwnRule>,
}

impl OwnersFile {
    /// Patterns in file order; their position is their precedence.
    pub fn patterns(&self) -> impl Iterator<Item = (usize, &OwnRule, &PatternDef)> {
        self.rules
            .iter()
            .enumerate()
            .flat_map(|(i, r)| r.patterns.iter().map(move |p| (i, r, p)))
    }
}

/// An `[[own]]` table.
#[derive(Clone, Debug)]
pub struct OwnRule {
    pub owner: RuleOwner,
    pub patterns: Vec<PatternDef>,
    pub at: At,
    /// `section = "NAME"`: the GitLab section (an index into
    /// `Config::sections`) and the name as written.
    pub section: Option<(usize, Text)>,
    /// The rule names no owner and takes its section's default owners (a
    /// GitLab line with a pattern alone); the export writes no owner.
    pub inherits: bool,
}

#[derive(Clone, Debug)]
pub enum RuleOwner {
    Team(Text),
    Teams(Vec<Text>),
    Unowned,
}

#[derive(Clone, Debug)]
pub struct PatternDef {
    pub text: Text,
    pub compiled: Compiled,
}

/// A config problem: invalid-config, invalid-pattern or unknown-team.
#[derive(Clone, Debug)]
pub struct ConfigError {
    pub rule: RuleId,
    pub at: At,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

impl ConfigError {
    pub(crate) fn into_finding(self, sources: &[Source]) -> Finding {
        let mut f = Finding::new(self.rule, self.message);
        f.severity = Severity::Error;
        if let Some(source) = sources.get(self.at.source) {
            // What the error is about is the text it points at.
            let at = source.text.get(self.at.span.clone()).unwrap_or_default();
            f = f.subject(at.chars().take(200).collect::<String>());
            f = f.at(Location::new(source, self.at.span), self.label);
        }
        if let Some(help) = self.help {
            f = f.help(help);
        }
        f
    }
}

/// The most errors reported for one file; the rest are counted.
const MAX_ERRORS_PER_FILE: usize = 50;

impl Config {
    /// Parses the root file and the directory files (`(dir, source)`), and
    /// checks what spans files (team names). Every error is returned at once.
    pub fn load(
        root: Source,
        dir_files: Vec<(String, Source)>,
    ) -> Result<Config, (Vec<Source>, Vec<ConfigError>)> {
        let mut errors = Vec::new();
        let mut sources = vec![root];
        let mut config = parse::root(&sources[0], 0, &mut errors);
        cap_errors(&mut errors, 0, &sources[0]);

        let mut dir_files = dir_files;
        dir_files.sort_by(|a, b| a.0.cmp(&b.0));
        // An excluded directory is not analysed at all: an OWNERS.toml in it
        // (a test fixture, a vendored project's own) is not part of the map.
        let excluded =
            crate::pattern::PatternSet::new(config.settings.exclude.iter().map(|p| &p.compiled));
        dir_files.retain(|(_, s)| !excluded.is_match(&s.path));
        for (dir, source) in dir_files {
            let id = sources.len();
            let before = errors.len();
            let file = parse::directory(
                &source,
                id,
                dir,
                config.dialect,
                &config.sections,
                &mut errors,
            );
            let mut tail = errors.split_off(before);
            cap_errors(&mut tail, id, &source);
            errors.extend(tail);
            sources.push(source);
            config.files.push(file);
        }

        let unknown = check_team_names(&mut config);
        if !errors.is_empty() {
            // Report everything at once, the names too.
            errors.extend(unknown);
            return Err((sources, errors));
        }
        config.findings = unknown
            .into_iter()
            .map(|e| e.into_finding(&sources))
            .collect();
        config.sources = sources;
        Ok(config)
    }

    pub fn team(&self, name: &str) -> Option<&Team> {
        self.team_index.get(name).map(|&i| &self.teams[i])
    }

    /// Do teams `a` and `b` declare `depends_on` either way (coupling
    /// between them is allowed)?
    pub fn declared_pair(&self, a: usize, b: usize) -> bool {
        let (ta, tb) = (&self.teams[a], &self.teams[b]);
        ta.depends_on.iter().any(|d| d.value == tb.name)
            || tb.depends_on.iter().any(|d| d.value == ta.name)
    }

    pub fn location(&self, at: &At) -> Location {
        Location::new(&self.sources[at.source], at.span.clone())
    }
}

fn cap_errors(errors: &mut Vec<ConfigError>, source: usize, text: &Source) {
    let mine = errors.iter().filter(|e| e.at.source == source).count();
    if mine <= MAX_ERRORS_PER_FILE {
        return;
    }
    let mut kept = 0;
    errors.retain(|e| {
        if e.at.source != source {
            return true;
        }
        kept += 1;
        kept <= MAX_ERRORS_PER_FILE
    });
    errors.push(ConfigError {
        rule: RuleId::InvalidConfig,
        at: At { source, span: 0..0 },
        message: format!(
            "{} more errors in {} not shown",
            mine - MAX_ERRORS_PER_FILE,
            text.path
        ),
        label: "this file".into(),
        help: Some("fix the errors above first; is this really an OWNERS.toml?".into()),
    });
}

/// Every team named by a rule or a `depends_on` must be declared. Each
/// undeclared name is reported once per place it is used, and becomes an
/// undeclared team so that every other rule still runs.
fn check_team_names(config: &mut Config) -> Vec<ConfigError> {
    let mut errors = Vec::new();
    let mut undeclared: Vec<Text> = Vec::new();
    let mut check = |t: &Text, what: &str| {
        if config.team_index.contains_key(&t.value) {
            return;
        }
        if !undeclared.iter().any(|u| u.value == t.value) {
            undeclared.push(t.clone());
        }
        let names = config.teams.iter().map(|t| t.name.as_str());
        let help = match crate::suggest::closest(&t.value, names) {
            Some(s) => format!("did you mean `{s}`?"),
            None if config.teams.is_empty() => {
                "declare teams in the root OWNERS.toml as [teams.NAME] with a leader".into()
            }
            None => format!(
                "declare it as [teams.{}] in the root OWNERS.toml",
                toml_key(&t.value)
            ),
        };
        errors.push(ConfigError {
            rule: RuleId::UnknownTeam,
            at: t.at.clone(),
            message: format!("{what} names team `{}`, which is not declared", t.value),
            label: "not a declared team".into(),
            help: Some(help),
        });
    };
    for team in &config.teams {
        for dep in &team.depends_on {
            check(dep, "`depends_on`");
        }
    }
    for section in &config.sections {
        match &section.owner {
            Some(RuleOwner::Team(t)) => check(t, "this section"),
            Some(RuleOwner::Teams(ts)) => ts.iter().for_each(|t| check(t, "this section")),
            _ => {}
        }
    }
    for file in &config.files {
        if let Some(t) = &file.default_team {
            check(t, "`team`");
        }
        for rule in file.rules.iter().filter(|r| !r.inherits) {
            match &rule.owner {
                RuleOwner::Team(t) => check(t, "this rule"),
                RuleOwner::Teams(ts) => ts.iter().for_each(|t| check(t, "this rule")),
                RuleOwner::Unowned => {}
            }
        }
    }
    for t in undeclared {
        config
            .team_index
            .insert(t.value.clone(), config.teams.len());
        config.teams.push(Team {
            name: t.value,
            at: t.at,
            leader: None,
            members: Vec::new(),
            github: None,
            gitlab: None,
            depends_on: Vec::new(),
            description: None,
            declared: false,
        });
    }
    errors
}

/// A TOML key, quoted when it is not a bare key.
pub(crate) fn toml_key(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        name.to_string()
    } else {
        toml_string(name)
    }
}

/// A TOML basic string literal.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
