//! The OWNERS.toml format as tables of keys, shared by the parser (which
//! accepts exactly these keys) and the JSON Schema that editors read, so
//! the two cannot drift apart.

use serde_json::{json, Map, Value};

/// Where the published schema lives; `init` writes it as the `#:schema`
/// directive that taplo and Even Better TOML read. The branch, not a tag:
/// a repository's editor should know every rule of the teamlint it runs.
pub const URL: &str =
    "https://raw.githubusercontent.com/teamlint/teamlint/main/docs/owners.schema.json";

/// The schema's path in this repository.
pub const PATH: &str = "docs/owners.schema.json";

/// What a key's value must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The format version: 1.
    Version,
    String,
    Bool,
    /// A whole number ≥ 0.
    Count,
    /// A whole number ≥ 1.
    PositiveCount,
    /// A number from 0 to 1.
    Ratio,
    Strings,
    /// Strings that are CODEOWNERS patterns.
    Patterns,
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// A date (`2025-01-01`) or a period (`"12 months"`).
    DateOrPeriod,
    /// A period: `"180 days"`.
    Period,
    /// A table with these keys.
    Table(&'static Table),
    /// `[teams.NAME]` tables.
    Teams,
    /// `[[own]]` tables.
    OwnRules,
    /// `[sections.NAME]` tables.
    Sections,
    /// `[rules]`: a severity for each rule name.
    RuleLevels,
}

/// One key of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub name: &'static str,
    pub kind: Kind,
    pub doc: &'static str,
}

/// The keys one table of the file takes.
#[derive(Debug, PartialEq, Eq)]
pub struct Table {
    pub keys: &'static [Key],
}

impl Table {
    pub fn get(&self, name: &str) -> Option<&'static Key> {
        self.keys.iter().find(|k| k.name == name)
    }

    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The key names, for an "unknown key" help line.
    pub fn names(&self) -> Vec<&'static str> {
        self.keys.iter().map(|k| k.name).collect()
    }
}

const fn key(name: &'static str, kind: Kind, doc: &'static str) -> Key {
    Key { name, kind, doc }
}

const VERSION: Key = key("version", Kind::Version, "The file format version: 1.");
const DEFAULT_TEAM: Key = key(
    "team",
    Kind::String,
    "The team that owns everything below this file's directory, like a first rule.",
);
const OWN: Key = key(
    "own",
    Kind::OwnRules,
    "Ownership rules. The last rule whose pattern matches a path decides, as in CODEOWNERS.",
);

/// The root OWNERS.toml.
pub static ROOT: Table = Table {
    keys: &[
        VERSION,
        DEFAULT_TEAM,
        key(
            "settings",
            Kind::Table(&SETTINGS),
            "What is analysed and what may stay unowned.",
        ),
        key(
            "coupling",
            Kind::Table(&COUPLING),
            "How the git history is mined for files and teams that change together.",
        ),
        key(
            "teams",
            Kind::Teams,
            "The teams, each as [teams.NAME] with one leader.",
        ),
        OWN,
        key(
            "codeowners",
            Kind::Table(&CODEOWNERS),
            "How the CODEOWNERS file is read and written: GitHub's dialect or GitLab's.",
        ),
        key(
            "sections",
            Kind::Sections,
            "GitLab CODEOWNERS sections, each as [sections.NAME]: a file's owners are the union over sections of each section's last matching rule.",
        ),
        key(
            "rules",
            Kind::RuleLevels,
            "A severity for a rule in this repository: \"error\", \"warning\" or \"allow\".",
        ),
    ],
};

/// An OWNERS.toml in a directory below the root.
pub static DIRECTORY: Table = Table {
    keys: &[
        VERSION,
        DEFAULT_TEAM,
        key(
            "inherit",
            Kind::Bool,
            "false: paths below that this file's rules do not match are unowned; ancestors do not apply. Only in a directory file.",
        ),
        OWN,
    ],
};

/// `[settings]`.
pub static SETTINGS: Table = Table {
    keys: &[
        key(
            "exclude",
            Kind::Patterns,
            "Paths not analysed at all, e.g. \"vendor/**\".",
        ),
        key(
            "unowned",
            Kind::Patterns,
            "Paths that may stay unowned without a finding, e.g. \"LICENSE\".",
        ),
        key(
            "max_teams_per_change",
            Kind::PositiveCount,
            "A change touching more teams than this is a cross-team change. Default 1.",
        ),
    ],
};

/// `[codeowners]`.
pub static CODEOWNERS: Table = Table {
    keys: &[key(
        "dialect",
        Kind::OneOf(&["github", "gitlab"]),
        "\"github\" (default): patterns read as GitHub reads CODEOWNERS; \"gitlab\": as GitLab reads them (File::fnmatch, `!` exclusions, sections), and `codeowners --write` writes GitLab's syntax.",
    )],
};

/// `[sections.NAME]`: a GitLab CODEOWNERS section.
pub static SECTION: Table = Table {
    keys: &[
        key("team", Kind::String, "The section's default owner: what a rule of this section that names no owner gets ([Name] @owner)."),
        key("teams", Kind::Strings, "Several default owners of the section."),
        key("approvals", Kind::Count, "Approvals the section requires ([Name][N])."),
        key("optional", Kind::Bool, "true: an optional section (^[Name])."),
    ],
};

/// `[coupling]`.
pub static COUPLING: Table = Table {
    keys: &[
        key("since", Kind::DateOrPeriod, "Mine history since a date (\"2025-01-01\") or for a period back (\"12 months\"). Default: the whole history."),
        key("changeset", Kind::OneOf(&["commit", "merge"]), "\"commit\": each non-merge commit is a change; \"merge\": each first-parent commit (one pull request) is. Default \"commit\"."),
        key("max_changeset", Kind::Count, "Changes touching more files than this are skipped as bulk edits. Default 30."),
        key("min_revs", Kind::Count, "A file needs this many changes to be paired. Default 5."),
        key("min_shared", Kind::Count, "A pair of files needs this many shared changes. Default 5."),
        key("min_degree", Kind::Ratio, "File pairs coupled at or above this degree are reported. Default 0.30."),
        key("team_threshold", Kind::Ratio, "Team pair coupling at or above this is a violation. Default 0.10."),
        key("half_life", Kind::Period, "Weight recent changes more: a change this old counts half, e.g. \"180 days\"."),
        key("renames", Kind::Bool, "Follow exact renames (same content, new path). Default true."),
        key("ignore_authors", Kind::Strings, "Authors whose commits are not mined, e.g. \"dependabot[bot]\"."),
    ],
};

/// `[teams.NAME]`.
pub static TEAM: Table = Table {
    keys: &[
        key(
            "leader",
            Kind::String,
            "The single-threaded leader: one person (an email or a @handle).",
        ),
        key(
            "members",
            Kind::Strings,
            "Emails or @handles: maps commit authors to this team.",
        ),
        key(
            "github",
            Kind::String,
            "The GitHub owner for the CODEOWNERS export: @org/team, @user or an email.",
        ),
        key(
            "gitlab",
            Kind::String,
            "The GitLab owner for the CODEOWNERS export in GitLab's dialect: @user, @group, @group/subgroup, @@role or an email.",
        ),
        key(
            "depends_on",
            Kind::Strings,
            "Teams this team may be coupled with: declared, allowed coupling.",
        ),
        key(
            "description",
            Kind::String,
            "What the team owns, in a line.",
        ),
    ],
};

/// `[[own]]`: exactly one of `team`, `teams` or `unowned = true`, and `paths`.
pub static OWN_RULE: Table = Table {
    keys: &[
        key("team", Kind::String, "The team that owns these paths."),
        key("teams", Kind::Strings, "Several owning teams, as a CODEOWNERS line with several owners imports; a shared-ownership finding."),
        key("unowned", Kind::Bool, "true: these paths are explicitly unowned (a CODEOWNERS line with no owner)."),
        key("paths", Kind::Patterns, "CODEOWNERS patterns, relative to this file's directory."),
        key("section", Kind::String, "The GitLab section the rule belongs to (a [sections.NAME]); without an owner the rule takes the section's default owners."),
    ],
};

/// The severities `[rules]` takes, with their aliases.
pub const LEVELS: &[&str] = &["error", "warning", "allow", "deny", "warn", "off"];

/// The JSON Schema for OWNERS.toml: one schema for the root and directory
/// files, which a file tells apart by `inherit`. Draft 4, the draft taplo
/// documents, so no `const`, boolean schemas or `propertyNames`.
pub fn json() -> Value {
    let mut properties = Map::new();
    for k in ROOT.keys.iter().chain(DIRECTORY.keys) {
        properties.entry(k.name).or_insert_with(|| property(k));
    }
    let root_only: Vec<Value> = ROOT
        .keys
        .iter()
        .filter(|k| !DIRECTORY.has(k.name))
        .map(|k| json!({ "required": [k.name] }))
        .collect();
    json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "id": URL,
        "title": "OWNERS.toml",
        "description": "teamlint's ownership map: every path has exactly one owning team. Directory files take `team`, `inherit` and [[own]] rules.",
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
        "dependencies": {
            "inherit": {
                "not": { "anyOf": root_only }
            }
        },
        "definitions": {
            "team": table_schema(&TEAM),
            "section": table_schema(&SECTION),
            "own": own_schema(),
        }
    })
}

/// The schema as the committed file holds it.
pub fn text() -> String {
    let mut s = serde_json::to_string_pretty(&json()).unwrap_or_default();
    s.push('\n');
    s
}

fn property(k: &Key) -> Value {
    let mut v = kind_schema(k.kind);
    if let Value::Object(m) = &mut v {
        m.insert("description".into(), k.doc.into());
    }
    v
}

fn table_schema(t: &Table) -> Value {
    let properties: Map<String, Value> = t
        .keys
        .iter()
        .map(|k| (k.name.to_string(), property(k)))
        .collect();
    json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    })
}

fn own_schema() -> Value {
    let mut v = table_schema(&OWN_RULE);
    let absent = json!({ "not": {} });
    let not_unowned = json!({ "enum": [false] });
    let owner = json!([
        { "required": ["team"], "properties": { "teams": absent, "unowned": not_unowned } },
        { "required": ["teams"], "properties": { "team": absent, "unowned": not_unowned, "teams": { "minItems": 1 } } },
        { "required": ["unowned"], "properties": { "team": absent, "teams": absent, "unowned": { "enum": [true] } } },
        { "required": ["section"], "properties": { "team": absent, "teams": absent, "unowned": not_unowned } },
    ]);
    if let Value::Object(m) = &mut v {
        m.insert("required".into(), json!(["paths"]));
        m.insert("oneOf".into(), owner);
    }
    v
}

fn kind_schema(kind: Kind) -> Value {
    match kind {
        Kind::Version => json!({ "type": "integer", "enum": [1] }),
        Kind::String => json!({ "type": "string" }),
        Kind::Bool => json!({ "type": "boolean" }),
        Kind::Count => json!({ "type": "integer", "minimum": 0 }),
        Kind::PositiveCount => json!({ "type": "integer", "minimum": 1 }),
        Kind::Ratio => json!({ "type": "number", "minimum": 0, "maximum": 1 }),
        Kind::Strings | Kind::Patterns => json!({ "type": "array", "items": { "type": "string" } }),
        Kind::OneOf(values) => json!({ "type": "string", "enum": values }),
        // TOML dates reach a schema as strings.
        Kind::DateOrPeriod | Kind::Period => json!({ "type": "string" }),
        Kind::Table(t) => table_schema(t),
        // A name that is only blank matches no pattern, so it is refused.
        Kind::Teams => json!({
            "type": "object",
            "patternProperties": { "\\S": { "$ref": "#/definitions/team" } },
            "additionalProperties": false,
        }),
        Kind::OwnRules => json!({ "type": "array", "items": { "$ref": "#/definitions/own" } }),
        Kind::Sections => json!({
            "type": "object",
            "patternProperties": { "^[^\\]]+$": { "$ref": "#/definitions/section" } },
            "additionalProperties": false,
        }),
        Kind::RuleLevels => {
            let properties: Map<String, Value> = crate::finding::RuleId::ALL
                .iter()
                .map(|r| {
                    let level =
                        json!({ "type": "string", "enum": LEVELS, "description": r.summary() });
                    (r.name().to_string(), level)
                })
                .collect();
            json!({ "type": "object", "properties": properties, "additionalProperties": false })
        }
    }
}
