//! GitLab's CODEOWNERS dialect, read as GitLab's parser reads it.
//!
//! A line is, after trimming, blank, a `#` comment, a section header or an
//! entry. A header is `[Name]`, optionally `^` in front (an optional
//! section), `[N]` behind (approvals) and default owners after it; names
//! compare without case and the sections of one name are one section, with
//! the spelling of the first. An entry is a pattern, ended by the first
//! whitespace no backslash escapes, and its owners; an entry without owners
//! takes the default owners of the header above it. `!pattern` excludes
//! the paths it matches from its section. Entries before the first header
//! form the unnamed section. There are no inline comments.
//!
//! GitLab reports syntax errors and keeps going; so does this parser, and
//! each error carries the byte span of the text at fault.

use std::ops::Range;

mod export;
mod import;

pub use export::export;
pub use import::{adopt, import, GitlabImport};

/// One section header line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub number: usize,
    /// The name as written in this header.
    pub name: String,
    /// Index of the section (headers of one name share it).
    pub section: usize,
    pub optional: bool,
    /// `[N]`, when written and valid.
    pub approvals: Option<u64>,
    /// The default owners written after the header that are owners.
    pub owners: Vec<String>,
    /// Anything was written as default owners (even if no owner in it).
    pub written: bool,
}

/// One entry line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub number: usize,
    /// The pattern as written, with its `!` for an exclusion.
    pub pattern: String,
    /// The owners written on the line that are owners, as written.
    pub owners: Vec<String>,
    /// Anything was written after the pattern (even if no owner in it):
    /// then the header's default owners do not apply.
    pub written: bool,
    /// The header above it; `None` in the unnamed section.
    pub header: Option<usize>,
}

/// GitLab's kinds of syntax error, by the names its validation uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    MissingSectionName,
    InvalidApprovalRequirement,
    InvalidSectionOwnerFormat,
    InvalidSectionFormat,
    MalformedEntryOwner,
    MissingEntryOwner,
}

impl ErrorKind {
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::MissingSectionName => "missing_section_name",
            ErrorKind::InvalidApprovalRequirement => "invalid_approval_requirement",
            ErrorKind::InvalidSectionOwnerFormat => "invalid_section_owner_format",
            ErrorKind::InvalidSectionFormat => "invalid_section_format",
            ErrorKind::MalformedEntryOwner => "malformed_entry_owner",
            ErrorKind::MissingEntryOwner => "missing_entry_owner",
        }
    }
}

/// A syntax error at a place in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub kind: ErrorKind,
    pub number: usize,
    /// Byte range in the whole text.
    pub span: Range<usize>,
    pub message: String,
    pub label: String,
    pub help: String,
}

/// A CODEOWNERS text read in GitLab's dialect.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct File {
    pub headers: Vec<Header>,
    pub entries: Vec<Entry>,
    /// Each section's name as first written, by section index.
    pub sections: Vec<String>,
    pub errors: Vec<SyntaxError>,
}

/// What a trimmed line is.
pub enum Kind<'a> {
    Blank,
    Comment,
    /// A header: `^`, name, approvals as written, the rest after them.
    Header {
        optional: bool,
        name: &'a str,
        name_at: usize,
        approvals: Option<(&'a str, usize)>,
        rest: &'a str,
        rest_at: usize,
    },
    /// Starts like a header but has no `]`: GitLab skips it.
    Unparsable,
    /// An entry: its pattern and what follows the whitespace after it.
    Entry {
        pattern: &'a str,
        owners: &'a str,
        owners_at: usize,
    },
}

/// Classifies one line with its surrounding whitespace trimmed; offsets
/// are relative to the trimmed line.
pub fn classify(line: &str) -> Kind<'_> {
    if line.is_empty() {
        return Kind::Blank;
    }
    if line.starts_with('#') {
        return Kind::Comment;
    }
    let (optional, body, body_at) = match line.strip_prefix('^') {
        Some(rest) => (true, rest, 1),
        None => (false, line, 0),
    };
    if let Some(after) = body.strip_prefix('[') {
        let Some(close) = after.find(']') else {
            return Kind::Unparsable;
        };
        let name = &after[..close];
        let name_at = body_at + 1;
        let mut pos = name_at + close + 1;
        let mut approvals = None;
        if let Some(a) = line[pos..].strip_prefix('[') {
            if let Some(end) = a.find(']') {
                let raw = &a[..end];
                if raw.chars().all(|c| c.is_whitespace() || c.is_ascii_digit()) {
                    approvals = Some((raw, pos + 1));
                    pos += end + 2;
                }
            }
        }
        return Kind::Header {
            optional,
            name,
            name_at,
            approvals,
            rest: &line[pos..],
            rest_at: pos,
        };
    }
    let (pattern, owners, owners_at) = split_entry(line);
    Kind::Entry {
        pattern,
        owners,
        owners_at,
    }
}

/// Splits an entry at the first run of whitespace no backslash precedes.
fn split_entry(line: &str) -> (&str, &str, usize) {
    let mut prev_backslash = false;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() && !prev_backslash {
            let rest = &line[i..];
            let trimmed = rest.trim_start();
            let at = i + (rest.len() - trimmed.len());
            return (&line[..i], trimmed, at);
        }
        prev_backslash = c == '\\';
    }
    (line, "", line.len())
}

/// Is this token an owner GitLab reads: `@user`, `@group`,
/// `@group/sub/group`, `@@developer|maintainer|owner` (plural too) or an
/// email?
pub(crate) fn is_owner(token: &str) -> bool {
    if let Some(role) = token.strip_prefix("@@") {
        let role = role.to_ascii_lowercase();
        let role = role.strip_suffix('s').unwrap_or(&role);
        return matches!(role, "developer" | "maintainer" | "owner");
    }
    if let Some(path) = token.strip_prefix('@') {
        return !path.is_empty()
            && path.split('/').all(|seg| {
                !seg.is_empty()
                    && !seg.starts_with('-')
                    && seg
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
            });
    }
    let mut parts = token.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(local), Some(domain), None) => {
            !local.is_empty()
                && local.len() <= 100
                && !domain.is_empty()
                && domain.len() <= 255
                && domain
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
        }
        _ => false,
    }
}

/// Reads CODEOWNERS text as GitLab does.
pub fn parse(text: &str) -> File {
    let mut file = File::default();
    let mut offset = 0;
    let mut current: Option<usize> = None;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let number = i + 1;
        let start = offset + (raw.len() - raw.trim_start().len());
        offset += raw.len();
        let line = raw.trim();
        match classify(line) {
            Kind::Blank | Kind::Comment => {}
            Kind::Unparsable => file.errors.push(SyntaxError {
                kind: ErrorKind::InvalidSectionFormat,
                number,
                span: start..start + line.len(),
                message: format!("`{line}` starts a section header that has no `]`"),
                label: "not a section header".into(),
                help: "close the name with `]`, as in `[Section name]`; GitLab skips this line"
                    .into(),
            }),
            Kind::Header {
                optional,
                name,
                name_at,
                approvals,
                rest,
                rest_at,
            } => {
                let before = file.errors.len();
                let mut err =
                    |kind, span: Range<usize>, message: String, label: &str, help: &str| {
                        file.errors.push(SyntaxError {
                            kind,
                            number,
                            span: start + span.start..start + span.end,
                            message,
                            label: label.into(),
                            help: help.into(),
                        })
                    };
                if name.trim().is_empty() {
                    err(
                        ErrorKind::MissingSectionName,
                        name_at - 1..name_at + name.len() + 1,
                        "a section header needs a name".into(),
                        "no name",
                        "write the name between the brackets, as in `[Documentation]`",
                    );
                }
                let mut count = None;
                if let Some((raw, at)) = approvals {
                    let n = raw.trim().parse::<u64>().ok();
                    if n.is_none() || optional && n.is_some_and(|n| n > 0) {
                        let why = if n.is_none() {
                            format!("`[{raw}]` is not a number of approvals")
                        } else {
                            "an optional section (`^`) cannot require approvals".into()
                        };
                        err(
                            ErrorKind::InvalidApprovalRequirement,
                            at - 1..at + raw.len() + 1,
                            why,
                            "invalid approvals",
                            "write a whole number ≥ 1, as in `[Section][2]`, on a required section",
                        );
                    }
                    count = n;
                }
                // Default owners: the run of owner characters GitLab takes.
                let taken = rest
                    .char_indices()
                    .find(|(_, c)| {
                        !(c.is_whitespace()
                            || c.is_ascii_alphanumeric()
                            || matches!(c, '@' | '_' | '.' | '-' | '/'))
                    })
                    .map_or(rest.len(), |(i, _)| i);
                let mut owners = Vec::new();
                for (at, tok) in tokens(&rest[..taken]) {
                    let at = rest_at + at;
                    if is_owner(tok) {
                        owners.push(tok.to_string());
                    } else {
                        err(
                            ErrorKind::InvalidSectionOwnerFormat,
                            at..at + tok.len(),
                            format!("`{tok}` is not an owner"),
                            "not an owner",
                            "owners are @user, @group, @group/subgroup, @@role or an email",
                        );
                    }
                }
                let strict = !rest.is_empty()
                    && (taken < rest.len() || !rest.starts_with(char::is_whitespace));
                if file.errors.len() == before && strict {
                    file.errors.push(SyntaxError {
                        kind: ErrorKind::InvalidSectionFormat,
                        number,
                        span: start + rest_at..start + line.len(),
                        message: "the section header has text GitLab cannot read after its name"
                            .into(),
                        label: "unexpected".into(),
                        help: "a header is `^[Name][N] @owner ...`: optional `^`, a name, optional approvals, then owners".into(),
                    });
                }
                let section = match file
                    .sections
                    .iter()
                    .position(|s| s.to_lowercase() == name.to_lowercase())
                {
                    Some(s) => s,
                    None => {
                        file.sections.push(name.to_string());
                        file.sections.len() - 1
                    }
                };
                file.headers.push(Header {
                    number,
                    name: name.to_string(),
                    section,
                    optional,
                    approvals: count,
                    owners,
                    written: !rest[..taken].trim().is_empty(),
                });
                current = Some(file.headers.len() - 1);
            }
            Kind::Entry {
                pattern,
                owners,
                owners_at,
            } => {
                let exclusion = pattern.starts_with('!');
                let mut valid = Vec::new();
                for (at, tok) in tokens(owners) {
                    if is_owner(tok) {
                        valid.push(tok.to_string());
                    } else if !exclusion {
                        let at = start + owners_at + at;
                        let help = if tok.starts_with('#') {
                            "GitLab has no inline comments: put the comment on a line of its own"
                        } else {
                            "owners are @user, @group, @group/subgroup, @@role or an email; GitLab ignores this one"
                        };
                        file.errors.push(SyntaxError {
                            kind: ErrorKind::MalformedEntryOwner,
                            number,
                            span: at..at + tok.len(),
                            message: format!("`{tok}` is not an owner"),
                            label: "not an owner".into(),
                            help: help.into(),
                        });
                    }
                }
                let written = !owners.is_empty();
                let defaults = current.is_some_and(|h| file.headers[h].written);
                if !exclusion && !written && !defaults {
                    file.errors.push(SyntaxError {
                        kind: ErrorKind::MissingEntryOwner,
                        number,
                        span: start..start + pattern.len(),
                        message: format!("`{pattern}` has no owner"),
                        label: "no owner".into(),
                        help: "add an owner after the pattern, or default owners to the section header; GitLab approves such an entry automatically".into(),
                    });
                }
                file.entries.push(Entry {
                    number,
                    pattern: pattern.to_string(),
                    owners: valid,
                    written,
                    header: current,
                });
            }
        }
    }
    file
}

/// The whitespace-separated tokens of a text, with their byte offsets.
fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(char::is_whitespace)
        .scan(0usize, |pos, tok| {
            let at = *pos;
            *pos += tok.len() + 1;
            Some((at, tok))
        })
        .filter(|(_, t)| !t.is_empty())
}

/// Does this text use GitLab's dialect? A line that reads as a section
/// header does (a name, maybe `^` and `[N]`, and nothing but owners after
/// it); GitHub has none.
pub(crate) fn has_sections(text: &str) -> bool {
    text.lines().any(|l| match classify(l.trim()) {
        Kind::Header { name, rest, .. } => {
            !name.trim().is_empty()
                && (rest.is_empty() || rest.starts_with(char::is_whitespace))
                && rest.split_whitespace().all(is_owner)
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_entries_and_defaults() {
        let text = "* @general\n\n[Documentation][2] @docs-team\ndocs/\n^[Database] @db @agarcia\nmodel/db/\nconfig/db/x.md @docs-team\n[DOCUMENTATION]\nREADME.md @docs\n";
        let f = parse(text);
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        assert_eq!(f.sections, ["Documentation", "Database"]);
        assert_eq!(f.headers.len(), 3);
        assert_eq!(f.headers[0].approvals, Some(2));
        assert!(f.headers[1].optional);
        assert_eq!(f.headers[1].owners, ["@db", "@agarcia"]);
        assert_eq!(f.headers[2].section, 0);
        assert_eq!(f.entries[0].header, None);
        assert_eq!(f.entries[1].header, Some(0));
        assert!(!f.entries[1].written);
        assert_eq!(f.entries[3].owners, ["@docs-team"]);
    }

    #[test]
    fn syntax_errors_have_spans() {
        let text = "[]\n[Docs][x]\n^[Opt][2]\n[Bad] not-owner\n[Sec\n/a @ok user_without_at\n/b\n[Tail] @x extra!\n";
        let f = parse(text);
        let kinds: Vec<(usize, &str, &str)> = f
            .errors
            .iter()
            .map(|e| (e.number, e.kind.name(), &text[e.span.clone()]))
            .collect();
        assert_eq!(
            kinds,
            [
                (1, "missing_section_name", "[]"),
                (2, "invalid_section_format", "[x]"),
                (3, "invalid_approval_requirement", "[2]"),
                (4, "invalid_section_owner_format", "not-owner"),
                (5, "invalid_section_format", "[Sec"),
                (6, "malformed_entry_owner", "user_without_at"),
                (8, "invalid_section_owner_format", "extra"),
            ]
        );
        // `/b` takes [Bad]'s defaults, written but none an owner: no error,
        // and no owner.
        assert_eq!(f.entries[1].pattern, "/b");
        assert!(f.entries[1].owners.is_empty());
        assert!(has_sections("[Docs] @a\n"));
        assert!(has_sections("^[Docs][2]\n"));
        assert!(!has_sections("[id]/ @a\n/apps/ @b\n"));
    }

    #[test]
    fn owners() {
        for ok in [
            "@a",
            "@group/with-nested/subgroup",
            "@@maintainer",
            "@@Developers",
            "janedoe@gitlab.com",
            "@user.name",
        ] {
            assert!(is_owner(ok), "{ok}");
        }
        for bad in ["a", "@", "@a//b", "@@reporter", "#", "@-x", "a@b@c"] {
            assert!(!is_owner(bad), "{bad}");
        }
    }

    #[test]
    fn escaped_spaces_stay_in_the_pattern() {
        let f = parse("path\\ with\\ spaces/ @space-owner\n");
        assert_eq!(f.entries[0].pattern, "path\\ with\\ spaces/");
        assert_eq!(f.entries[0].owners, ["@space-owner"]);
    }
}
