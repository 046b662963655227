//! From TOML text to the config model, collecting every error with its span.
//!
//! The TOML is parsed into a spanned tree first and then walked by hand, so
//! that an unknown key, a wrong type and a bad pattern are all reported in
//! one run, each at its own place.

use std::collections::HashMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::{
    schema, At, Changeset, Config, ConfigError, Coupling, OwnRule, OwnersFile, PatternDef,
    RuleOwner, Section, Settings, Team, Text,
};
use crate::finding::{RuleId, Severity, Source};
use crate::pattern::{self, Dialect};

type Value<'i> = Spanned<DeValue<'i>>;

struct Ctx<'a> {
    source: usize,
    errors: &'a mut Vec<ConfigError>,
}

impl Ctx<'_> {
    fn at(&self, span: Range<usize>) -> At {
        At {
            source: self.source,
            span,
        }
    }

    fn error(&mut self, span: Range<usize>, message: String, label: &str, help: Option<String>) {
        let at = self.at(span);
        self.errors.push(ConfigError {
            rule: RuleId::InvalidConfig,
            at,
            message,
            label: label.to_string(),
            help,
        });
    }

    fn unknown_key(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        table: &str,
        known: &schema::Table,
    ) {
        let names = known.names();
        let help = crate::suggest::did_you_mean(key.get_ref(), names.iter().copied(), || {
            format!("{table} takes: {}", names.join(", "))
        });
        self.error(
            key.span(),
            format!("unknown key `{}` in {table}", key.get_ref()),
            "unknown key",
            Some(help),
        );
    }

    fn wrong_type(&mut self, value: &Value<'_>, key: &str, expected: &str) {
        self.error(
            value.span(),
            format!(
                "`{key}` must be {expected}, found {}",
                describe(value.get_ref())
            ),
            &format!("expected {expected}"),
            None,
        );
    }

    fn str(&mut self, value: &Value<'_>, key: &str) -> Option<Text> {
        match value.get_ref() {
            DeValue::String(s) => Some(Text {
                value: s.to_string(),
                at: self.at(value.span()),
            }),
            _ => {
                self.wrong_type(value, key, "a string");
                None
            }
        }
    }

    fn bool(&mut self, value: &Value<'_>, key: &str) -> Option<bool> {
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(value, key, "true or false");
                None
            }
        }
    }

    fn uint(&mut self, value: &Value<'_>, key: &str) -> Option<u64> {
        let parsed = match value.get_ref() {
            DeValue::Integer(i) => {
                let digits = i.as_str().replace('_', "");
                let digits = digits
                    .strip_prefix("0x")
                    .or_else(|| digits.strip_prefix("0o"))
                    .or_else(|| digits.strip_prefix("0b"))
                    .unwrap_or(&digits);
                u64::from_str_radix(digits.trim_start_matches('+'), i.radix()).ok()
            }
            _ => None,
        };
        if parsed.is_none() {
            self.wrong_type(value, key, "a whole number ≥ 0");
        }
        parsed
    }

    fn ratio(&mut self, value: &Value<'_>, key: &str) -> Option<f64> {
        let parsed = match value.get_ref() {
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            DeValue::Integer(i) => i.as_str().replace('_', "").parse::<f64>().ok(),
            _ => None,
        };
        match parsed {
            Some(x) if (0.0..=1.0).contains(&x) => Some(x),
            Some(x) => {
                self.error(
                    value.span(),
                    format!("`{key}` must be from 0 to 1, found {x}"),
                    "out of range",
                    Some("a share: 0.3 means 30%".into()),
                );
                None
            }
            None => {
                self.wrong_type(value, key, "a number from 0 to 1");
                None
            }
        }
    }

    fn str_array(&mut self, value: &Value<'_>, key: &str) -> Option<Vec<Text>> {
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(value, key, "an array of strings");
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            if let Some(t) = self.str(item, key) {
                out.push(t);
            }
        }
        Some(out)
    }

    fn table<'t, 'i>(&mut self, value: &'t Value<'i>, key: &str) -> Option<&'t DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.wrong_type(value, key, "a table");
                None
            }
        }
    }

    /// Patterns as `dialect` reads them.
    fn patterns(&mut self, value: &Value<'_>, key: &str, dialect: Dialect) -> Vec<PatternDef> {
        let texts = self.str_array(value, key).unwrap_or_default();
        let mut out = Vec::with_capacity(texts.len());
        for text in texts {
            match pattern::compile_in(dialect, &text.value) {
                Ok(compiled) => out.push(PatternDef { text, compiled }),
                Err(e) => self.errors.push(ConfigError {
                    rule: RuleId::InvalidPattern,
                    at: text.at,
                    message: e.message,
                    label: "invalid pattern".into(),
                    help: Some(e.help),
                }),
            }
        }
        out
    }
}

fn describe(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// Parses TOML, reporting syntax errors; returns the top table if any.
fn parse_toml<'i>(source: &'i Source, ctx: &mut Ctx<'_>) -> Option<DeTable<'i>> {
    let (table, errors) = DeTable::parse_recoverable(&source.text);
    let had_errors = !errors.is_empty();
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim().to_string();
        ctx.error(
            span,
            format!("TOML syntax: {message}"),
            "here",
            Some("see https://toml.io for the syntax".into()),
        );
    }
    // A document with syntax errors may be partly recovered; its remaining
    // keys are still checked so that one run shows as much as it can.
    let table = table.into_inner();
    if had_errors && table.is_empty() {
        None
    } else {
        Some(table)
    }
}

/// The root OWNERS.toml: settings, teams, rules and the root's own rules.
pub(super) fn root(source: &Source, id: usize, errors: &mut Vec<ConfigError>) -> Config {
    let mut ctx = Ctx { source: id, errors };
    let mut config = Config {
        sources: Vec::new(),
        settings: Settings::default(),
        coupling: Coupling::default(),
        teams: Vec::new(),
        team_index: HashMap::new(),
        findings: Vec::new(),
        rule_levels: Vec::new(),
        files: Vec::new(),
        dialect: Dialect::Github,
        sections: Vec::new(),
    };
    let mut file = OwnersFile {
        source: id,
        dir: String::new(),
        default_team: None,
        inherit: true,
        rules: Vec::new(),
    };
    let Some(top) = parse_toml(source, &mut ctx) else {
        config.files.push(file);
        return config;
    };
    // The dialect and the sections first: the rules read by them.
    if let Some(value) = top.get("codeowners") {
        if let Some(t) = ctx.table(value, "codeowners") {
            config.dialect = codeowners_table(&mut ctx, t);
        }
    }
    if let Some(value) = top.get("sections") {
        if let Some(t) = ctx.table(value, "sections") {
            config.sections = sections(&mut ctx, t);
        }
        if config.dialect != Dialect::Gitlab {
            if let Some((key, _)) = top.get_key_value("sections") {
                ctx.error(
                    key.span(),
                    "sections are GitLab's CODEOWNERS syntax".into(),
                    "needs the GitLab dialect",
                    Some("add `[codeowners]` with `dialect = \"gitlab\"`".into()),
                );
            }
        }
    }
    for (key, value) in top.iter() {
        match key.get_ref().as_ref() {
            k if !schema::ROOT.has(k) && k != "inherit" => {
                ctx.unknown_key(key, "the root OWNERS.toml", &schema::ROOT)
            }
            "codeowners" | "sections" => {}
            "version" => version(&mut ctx, value),
            "team" => file.default_team = ctx.str(value, "team"),
            "settings" => {
                if let Some(t) = ctx.table(value, "settings") {
                    config.settings = settings(&mut ctx, t);
                }
            }
            "coupling" => {
                if let Some(t) = ctx.table(value, "coupling") {
                    config.coupling = coupling(&mut ctx, t);
                }
            }
            "teams" => {
                if let Some(t) = ctx.table(value, "teams") {
                    for (name, v) in t.iter() {
                        if let Some(team) = team(&mut ctx, name, v) {
                            config
                                .team_index
                                .insert(team.name.clone(), config.teams.len());
                            config.teams.push(team);
                        }
                    }
                }
            }
            "own" => file.rules = own_rules(&mut ctx, value, config.dialect, &config.sections),
            "rules" => {
                if let Some(t) = ctx.table(value, "rules") {
                    config.rule_levels = rule_levels(&mut ctx, t);
                }
            }
            "inherit" => ctx.error(
                key.span(),
                "`inherit` has no meaning in the root OWNERS.toml".into(),
                "only for directory files",
                Some("remove it; the root file has no ancestors".into()),
            ),
            _ => ctx.unknown_key(key, "the root OWNERS.toml", &schema::ROOT),
        }
    }
    config.files.push(file);
    config
}

/// A directory OWNERS.toml: `team`, `inherit` and `[[own]]` rules.
pub(super) fn directory(
    source: &Source,
    id: usize,
    dir: String,
    dialect: Dialect,
    sections: &[Section],
    errors: &mut Vec<ConfigError>,
) -> OwnersFile {
    let mut ctx = Ctx { source: id, errors };
    let mut file = OwnersFile {
        source: id,
        dir,
        default_team: None,
        inherit: true,
        rules: Vec::new(),
    };
    let Some(top) = parse_toml(source, &mut ctx) else {
        return file;
    };
    for (key, value) in top.iter() {
        match key.get_ref().as_ref() {
            k if !schema::DIRECTORY.has(k) && !schema::ROOT.has(k) => {
                ctx.unknown_key(key, "a directory OWNERS.toml", &schema::DIRECTORY)
            }
            "version" => version(&mut ctx, value),
            "team" => file.default_team = ctx.str(value, "team"),
            "inherit" => file.inherit = ctx.bool(value, "inherit").unwrap_or(true),
            "own" => file.rules = own_rules(&mut ctx, value, dialect, sections),
            k @ ("settings" | "coupling" | "teams" | "rules" | "codeowners" | "sections") => ctx
                .error(
                    key.span(),
                    format!("`{k}` belongs in the root OWNERS.toml"),
                    "only in the root file",
                    Some("a directory file takes `team`, `inherit` and [[own]] rules".into()),
                ),
            _ => ctx.unknown_key(key, "a directory OWNERS.toml", &schema::DIRECTORY),
        }
    }
    file
}

fn version(ctx: &mut Ctx<'_>, value: &Value<'_>) {
    if let Some(v) = ctx.uint(value, "version") {
        if v != 1 {
            ctx.error(
                value.span(),
                format!("unsupported OWNERS.toml version {v}"),
                "this teamlint reads version 1",
                Some("set `version = 1`".into()),
            );
        }
    }
}

fn settings(ctx: &mut Ctx<'_>, t: &DeTable<'_>) -> Settings {
    let mut s = Settings::default();
    for (key, value) in t.iter() {
        match key.get_ref().as_ref() {
            k if !schema::SETTINGS.has(k) => ctx.unknown_key(key, "[settings]", &schema::SETTINGS),
            // teamlint's own lists: GitHub's reading in either dialect.
            "exclude" => s.exclude = ctx.patterns(value, "exclude", Dialect::Github),
            "unowned" => s.unowned = ctx.patterns(value, "unowned", Dialect::Github),
            "max_teams_per_change" => {
                if let Some(n) = ctx.uint(value, "max_teams_per_change") {
                    if n == 0 {
                        ctx.error(
                            value.span(),
                            "`max_teams_per_change` must be at least 1".into(),
                            "a change touches at least one team",
                            Some("1 means every change should stay within one team".into()),
                        );
                    } else {
                        s.max_teams_per_change = n as usize;
                    }
                }
            }
            _ => ctx.unknown_key(key, "[settings]", &schema::SETTINGS),
        }
    }
    s
}

fn coupling(ctx: &mut Ctx<'_>, t: &DeTable<'_>) -> Coupling {
    let mut c = Coupling::default();
    for (key, value) in t.iter() {
        let name = key.get_ref().as_ref();
        match name {
            k if !schema::COUPLING.has(k) => ctx.unknown_key(key, "[coupling]", &schema::COUPLING),
            "since" => {
                let parsed = match value.get_ref() {
                    DeValue::Datetime(d) => super::parse_date(&d.to_string()).map(super::Since::Date),
                    DeValue::String(s) => super::Since::parse(s),
                    _ => None,
                };
                match parsed {
                    Some(s) => c.since = Some(s),
                    None => ctx.error(
                        value.span(),
                        "`since` must be a date or a period".into(),
                        "not a date or a period",
                        Some("write a date like \"2025-01-01\" or a period like \"12 months\"".into()),
                    ),
                }
            }
            "changeset" => match ctx.str(value, name).as_ref().map(|t| t.value.as_str()) {
                Some("commit") => c.changeset = Changeset::Commit,
                Some("merge") => c.changeset = Changeset::Merge,
                Some(other) => ctx.error(
                    value.span(),
                    format!("unknown changeset `{other}`"),
                    "not a changeset kind",
                    Some("use \"commit\" (each non-merge commit) or \"merge\" (each first-parent commit)".into()),
                ),
                None => {}
            },
            "max_changeset" => {
                if let Some(n) = ctx.uint(value, name) {
                    c.max_changeset = n as usize;
                }
            }
            "min_revs" => {
                if let Some(n) = ctx.uint(value, name) {
                    c.min_revs = n.min(u32::MAX as u64) as u32;
                }
            }
            "min_shared" => {
                if let Some(n) = ctx.uint(value, name) {
                    c.min_shared = n.min(u32::MAX as u64) as u32;
                }
            }
            "min_degree" => {
                if let Some(x) = ctx.ratio(value, name) {
                    c.min_degree = x;
                }
            }
            "team_threshold" => {
                if let Some(x) = ctx.ratio(value, name) {
                    c.team_threshold = x;
                }
            }
            "half_life" => {
                if let Some(t) = ctx.str(value, name) {
                    match super::parse_period(&t.value) {
                        Some(secs) if secs > 0.0 => c.half_life = Some(secs),
                        _ => ctx.error(
                            value.span(),
                            format!("`half_life` must be a period, found \"{}\"", t.value),
                            "not a period",
                            Some("write a period like \"180 days\", \"6 months\" or \"1 year\"".into()),
                        ),
                    }
                }
            }
            "renames" => {
                if let Some(b) = ctx.bool(value, name) {
                    c.renames = b;
                }
            }
            "ignore_authors" => {
                if let Some(v) = ctx.str_array(value, name) {
                    c.ignore_authors = v.into_iter().map(|t| t.value).collect();
                }
            }
            _ => ctx.unknown_key(key, "[coupling]", &schema::COUPLING),
        }
    }
    c
}

fn team(
    ctx: &mut Ctx<'_>,
    name: &Spanned<std::borrow::Cow<'_, str>>,
    v: &Value<'_>,
) -> Option<Team> {
    let label = format!("teams.{}", name.get_ref());
    let t = ctx.table(v, &label)?;
    if name.get_ref().trim().is_empty() {
        ctx.error(
            name.span(),
            "a team needs a name".into(),
            "empty name",
            None,
        );
        return None;
    }
    let mut team = Team {
        name: name.get_ref().to_string(),
        at: ctx.at(name.span()),
        leader: None,
        members: Vec::new(),
        github: None,
        gitlab: None,
        depends_on: Vec::new(),
        description: None,
        declared: true,
    };
    for (key, value) in t.iter() {
        match key.get_ref().as_ref() {
            k if !schema::TEAM.has(k) => ctx.unknown_key(key, &format!("[{label}]"), &schema::TEAM),
            "leader" => match value.get_ref() {
                DeValue::Array(_) => ctx.error(
                    value.span(),
                    format!("team `{}` has several leaders", team.name),
                    "one leader, not a list",
                    Some(
                        "a single-threaded leader is one person; put the others in `members`"
                            .into(),
                    ),
                ),
                _ => {
                    team.leader = ctx
                        .str(value, "leader")
                        .filter(|t| !t.value.trim().is_empty())
                }
            },
            "members" => team.members = ctx.str_array(value, "members").unwrap_or_default(),
            "github" => team.github = ctx.str(value, "github"),
            "gitlab" => team.gitlab = ctx.str(value, "gitlab"),
            "depends_on" => {
                team.depends_on = ctx.str_array(value, "depends_on").unwrap_or_default()
            }
            "description" => team.description = ctx.str(value, "description").map(|t| t.value),
            _ => ctx.unknown_key(key, &format!("[{label}]"), &schema::TEAM),
        }
    }
    Some(team)
}

/// `[codeowners]`: the dialect.
fn codeowners_table(ctx: &mut Ctx<'_>, t: &DeTable<'_>) -> Dialect {
    let mut dialect = Dialect::Github;
    for (key, value) in t.iter() {
        match key.get_ref().as_ref() {
            "dialect" => {
                if let Some(text) = ctx.str(value, "dialect") {
                    match Dialect::parse(&text.value) {
                        Some(d) => dialect = d,
                        None => ctx.error(
                            value.span(),
                            format!("unknown dialect `{}`", text.value),
                            "not a dialect",
                            Some("use \"github\" or \"gitlab\"".into()),
                        ),
                    }
                }
            }
            _ => ctx.unknown_key(key, "[codeowners]", &schema::CODEOWNERS),
        }
    }
    dialect
}

/// `[sections.NAME]` tables, in the order written.
fn sections(ctx: &mut Ctx<'_>, t: &DeTable<'_>) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for (name, value) in t.iter() {
        let label = format!("sections.{}", name.get_ref());
        let Some(table) = ctx.table(value, &label) else {
            continue;
        };
        let text = Text {
            value: name.get_ref().to_string(),
            at: ctx.at(name.span()),
        };
        if text.value.trim().is_empty() || text.value.contains([']', '\n', '\r']) {
            ctx.error(
                name.span(),
                format!("`{}` cannot be a section name", text.value.escape_debug()),
                "not a section name",
                Some("GitLab section names are one line, not blank, without `]`".into()),
            );
            continue;
        }
        if let Some(first) = super::find_section(&out, &text.value) {
            ctx.error(
                name.span(),
                format!(
                    "section `{}` is declared twice (as `{}` too); GitLab compares section names without case",
                    text.value, out[first].name.value
                ),
                "declared again",
                Some("keep one [sections.NAME] table".into()),
            );
            continue;
        }
        let mut section = Section {
            name: text,
            owner: None,
            approvals: None,
            optional: false,
        };
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "team" => section.owner = ctx.str(value, "team").map(RuleOwner::Team),
                "teams" => {
                    if let Some(ts) = ctx.str_array(value, "teams") {
                        section.owner = match ts.len() {
                            0 => None,
                            1 => ts.into_iter().next().map(RuleOwner::Team),
                            _ => Some(RuleOwner::Teams(ts)),
                        };
                    }
                }
                "approvals" => section.approvals = ctx.uint(value, "approvals"),
                "optional" => section.optional = ctx.bool(value, "optional").unwrap_or(false),
                _ => ctx.unknown_key(key, &format!("[{label}]"), &schema::SECTION),
            }
        }
        out.push(section);
    }
    out
}

fn own_rules(
    ctx: &mut Ctx<'_>,
    value: &Value<'_>,
    dialect: Dialect,
    sections: &[Section],
) -> Vec<OwnRule> {
    let DeValue::Array(items) = value.get_ref() else {
        ctx.wrong_type(value, "own", "an array of tables ([[own]])");
        return Vec::new();
    };
    let mut rules = Vec::with_capacity(items.len());
    for item in items.iter() {
        let Some(t) = ctx.table(item, "[[own]]") else {
            continue;
        };
        let mut team = None;
        let mut teams = None;
        let mut unowned = None;
        let mut patterns = None;
        let mut section = None;
        for (key, value) in t.iter() {
            match key.get_ref().as_ref() {
                k if !schema::OWN_RULE.has(k) => ctx.unknown_key(key, "[[own]]", &schema::OWN_RULE),
                "team" => team = ctx.str(value, "team"),
                "teams" => teams = ctx.str_array(value, "teams").map(|t| (t, value.span())),
                "unowned" => unowned = ctx.bool(value, "unowned").map(|b| (b, value.span())),
                "paths" => patterns = Some(ctx.patterns(value, "paths", dialect)),
                "section" => section = ctx.str(value, "section"),
                _ => ctx.unknown_key(key, "[[own]]", &schema::OWN_RULE),
            }
        }
        let span = item.span();
        let section = match section {
            None => None,
            Some(name) if dialect != Dialect::Gitlab => {
                ctx.error(
                    name.at.span.clone(),
                    "sections are GitLab's CODEOWNERS syntax".into(),
                    "needs the GitLab dialect",
                    Some(
                        "add `[codeowners]` with `dialect = \"gitlab\"`, or remove `section`"
                            .into(),
                    ),
                );
                continue;
            }
            Some(name) => match super::find_section(sections, &name.value) {
                Some(i) => Some((i, name)),
                None => {
                    let names = sections.iter().map(|s| s.name.value.as_str());
                    let help = crate::suggest::did_you_mean(&name.value, names, || {
                        format!("declare it as [sections.{}]", super::toml_key(&name.value))
                    });
                    ctx.error(
                        name.at.span.clone(),
                        format!("section `{}` is not declared", name.value),
                        "not a declared section",
                        Some(help),
                    );
                    continue;
                }
            },
        };
        let mut inherits = false;
        let owner = match (team, teams, unowned) {
            (Some(t), None, None | Some((false, _))) => RuleOwner::Team(t),
            (None, Some((ts, span)), None | Some((false, _))) => {
                if ts.is_empty() {
                    ctx.error(
                        span,
                        "`teams` is empty".into(),
                        "no team",
                        Some("name a team, or write `unowned = true`".into()),
                    );
                    continue;
                }
                if ts.len() == 1 {
                    RuleOwner::Team(ts.into_iter().next().expect("one team"))
                } else {
                    RuleOwner::Teams(ts)
                }
            }
            (None, None, Some((true, _))) => RuleOwner::Unowned,
            (None, None, None | Some((false, _))) if section.is_some() => {
                let Some(owner) = section
                    .as_ref()
                    .and_then(|(i, _)| sections[*i].owner.clone())
                else {
                    let name = section.as_ref().map_or("", |(_, n)| n.value.as_str());
                    ctx.error(
                        span,
                        format!("this rule names no owner and section `{name}` has none"),
                        "no owner",
                        Some(format!(
                            "add `team = \"NAME\"`, give [sections.{}] a `team`, or write `unowned = true`",
                            super::toml_key(name)
                        )),
                    );
                    continue;
                };
                inherits = true;
                owner
            }
            (None, None, None | Some((false, _))) => {
                ctx.error(
                    span,
                    "an [[own]] rule needs an owner".into(),
                    "no `team`",
                    Some("add `team = \"NAME\"`, or `unowned = true` for paths nobody owns".into()),
                );
                continue;
            }
            _ => {
                ctx.error(
                    span,
                    "an [[own]] rule takes one of `team`, `teams` or `unowned = true`".into(),
                    "more than one owner kind",
                    Some("keep exactly one of them".into()),
                );
                continue;
            }
        };
        let Some(patterns) = patterns else {
            ctx.error(
                span,
                "an [[own]] rule needs `paths`".into(),
                "no `paths`",
                Some("add `paths = [\"/dir/\"]`".into()),
            );
            continue;
        };
        rules.push(OwnRule {
            owner,
            patterns,
            at: ctx.at(span),
            section,
            inherits,
        });
    }
    rules
}

fn rule_levels(ctx: &mut Ctx<'_>, t: &DeTable<'_>) -> Vec<(RuleId, Severity, At)> {
    let mut out = Vec::new();
    for (key, value) in t.iter() {
        let name = key.get_ref().as_ref();
        let Some(rule) = RuleId::from_name(name) else {
            let names = RuleId::ALL.iter().map(|r| r.name());
            let help = crate::suggest::did_you_mean(name, names, || {
                "`teamlint rules` lists every rule".into()
            });
            ctx.error(
                key.span(),
                format!("unknown rule `{name}`"),
                "not a rule",
                Some(help),
            );
            continue;
        };
        let Some(level) = ctx.str(value, name) else {
            continue;
        };
        match Severity::parse(&level.value) {
            Some(sev) => out.push((rule, sev, level.at)),
            None => ctx.error(
                value.span(),
                format!("unknown severity `{}`", level.value),
                "not a severity",
                Some("use \"error\", \"warning\" or \"allow\"".into()),
            ),
        }
    }
    out
}
