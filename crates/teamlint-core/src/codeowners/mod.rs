//! GitHub CODEOWNERS files: reading them (for `init --from-codeowners`) and
//! writing them (for `codeowners --write`).

mod export;
pub mod gitlab;
mod import;
mod layout;

pub use export::{export, ExportError};

use crate::pattern::Dialect;
pub use import::{adopt, import, Import, Why};

/// Where GitHub looks for CODEOWNERS, in the order it looks.
pub const LOCATIONS: &[&str] = &[".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

/// Where GitLab looks for CODEOWNERS, in the order it looks.
pub const GITLAB_LOCATIONS: &[&str] = &["CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"];

/// Where a map in this dialect finds its CODEOWNERS, in order.
pub fn locations(dialect: Dialect) -> &'static [&'static str] {
    match dialect {
        Dialect::Github => LOCATIONS,
        Dialect::Gitlab => GITLAB_LOCATIONS,
    }
}

/// The dialect of a CODEOWNERS file: GitLab's under `.gitlab/` or when a
/// line is a section header, else GitHub's.
pub fn detect(path: Option<&str>, text: &str) -> Dialect {
    let under_gitlab = path.is_some_and(|p| {
        let p = p.replace('\\', "/");
        p == ".gitlab/CODEOWNERS" || p.ends_with("/.gitlab/CODEOWNERS")
    });
    if under_gitlab || gitlab::has_sections(text) {
        Dialect::Gitlab
    } else {
        Dialect::Github
    }
}

/// One rule line of a CODEOWNERS file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// One-based line number.
    pub number: usize,
    pub pattern: String,
    /// `@user`, `@org/team` or an email; empty for an explicitly unowned path.
    pub owners: Vec<String>,
}

/// A line GitHub would skip, with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub number: usize,
    pub text: String,
    pub reason: String,
}

/// Parses CODEOWNERS text as GitHub does: blank lines and `#` comments are
/// ignored, a pattern ends at the first unescaped space, owners follow, and
/// a `#` token after the pattern starts an inline comment. Lines GitHub
/// rejects (and skips) are returned separately.
pub fn parse(text: &str) -> (Vec<Line>, Vec<Skipped>) {
    let mut lines = Vec::new();
    let mut skipped = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let number = i + 1;
        let line = trim_line(raw);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (pattern, rest) = split_pattern(line);
        let mut owners = Vec::new();
        for token in rest.split_whitespace() {
            if token.starts_with('#') {
                break;
            }
            owners.push(token.to_string());
        }
        let skip = |reason: &str| Skipped {
            number,
            text: line.to_string(),
            reason: reason.to_string(),
        };
        if pattern.starts_with('!') {
            skipped.push(skip(
                "negation (`!`) is not CODEOWNERS syntax; GitHub skips this line",
            ));
            continue;
        }
        if pattern == "/" {
            skipped.push(skip(
                "GitHub: the pattern `/` never matches anything (did you mean `*`?)",
            ));
            continue;
        }
        if let Err(e) = crate::pattern::compile(&pattern) {
            skipped.push(skip(&e.message));
            continue;
        }
        if let Some(bad) = owners.iter().find(|o| !is_owner(o)) {
            skipped.push(skip(&format!(
                "`{bad}` is not an owner (@user, @org/team or an email); GitHub reports this line"
            )));
            continue;
        }
        lines.push(Line {
            number,
            pattern,
            owners,
        });
    }
    (lines, skipped)
}

/// A line without its leading and trailing whitespace, except that an
/// escaped trailing space (`my\ `, a name ending in a space) is kept, as
/// gitignore keeps it.
fn trim_line(raw: &str) -> &str {
    let line = raw.trim_start();
    let mut end = line.len();
    while let Some(c) = line[..end]
        .chars()
        .next_back()
        .filter(|c| c.is_whitespace())
    {
        let before = &line[..end - c.len_utf8()];
        let backslashes = before.len() - before.trim_end_matches('\\').len();
        if backslashes % 2 == 1 {
            break;
        }
        end -= c.len_utf8();
    }
    &line[..end]
}

/// Splits a line at the first whitespace not escaped by a backslash.
fn split_pattern(line: &str) -> (String, &str) {
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        if c == '\\' {
            escaped = true;
        } else if c.is_whitespace() {
            return (line[..i].to_string(), &line[i..]);
        }
    }
    (line.to_string(), "")
}

/// `@user`, `@org/team` or `name@domain`.
pub(crate) fn is_owner(s: &str) -> bool {
    if let Some(h) = s.strip_prefix('@') {
        let mut parts = h.split('/');
        let ok = |p: Option<&str>| {
            p.is_some_and(|p| {
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
            })
        };
        let first = parts.next();
        match (ok(first), parts.next(), parts.next()) {
            (true, None, _) => true,
            (true, Some(t), None) => ok(Some(t)),
            _ => false,
        }
    } else {
        let mut parts = s.split('@');
        matches!(
            (parts.next(), parts.next(), parts.next()),
            (Some(local), Some(domain), None) if !local.is_empty() && domain.contains('.')
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_owners_comments_and_escapes() {
        let text = "# c\n\n*  @acme/all\n/my\\ dir/ @a @b  # inline\n/gen/\n!x @a\n";
        let (lines, skipped) = parse(text);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1].pattern, "/my\\ dir/");
        assert_eq!(lines[1].owners, vec!["@a", "@b"]);
        assert_eq!(lines[2].owners, Vec::<String>::new());
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].number, 6);
    }

    #[test]
    fn an_escaped_trailing_space_is_part_of_the_pattern() {
        let (lines, skipped) = parse("\\ \n/a\\ \t\n/b\\\\ \n");
        assert!(skipped.is_empty(), "{skipped:?}");
        let patterns: Vec<&str> = lines.iter().map(|l| l.pattern.as_str()).collect();
        assert_eq!(patterns, ["\\ ", "/a\\ ", "/b\\\\"]);
    }

    #[test]
    fn crlf_lines_parse_like_lf() {
        let (a, _) = parse("*.rs @r\r\n/docs/ @d\r\n");
        let (b, _) = parse("*.rs @r\n/docs/ @d\n");
        assert_eq!(a, b);
    }

    #[test]
    fn owners() {
        assert!(is_owner("@acme/web-team"));
        assert!(is_owner("@alice"));
        assert!(is_owner("legal@acme.test"));
        assert!(!is_owner("alice"));
        assert!(!is_owner("@a/b/c"));
    }
}
