//! CODEOWNERS patterns, with GitHub's semantics, compiled onto globset.
//!
//! GitHub reads a CODEOWNERS pattern like a gitignore line, with three
//! differences that matter for a lossless import: there is no `!` negation,
//! `[` `]` are literal (no character classes), and a pattern whose last
//! segment is a lone `*` (`docs/*`) owns only the direct children.
//!
//! A pattern is split into a glob *body* and a [`Mode`] that says how the
//! body relates to a file: the file itself, the file or any directory above
//! it, or only a directory above it. Matching directories separately lets the
//! resolver test each directory once, however many files it holds.

use globset::{Glob, GlobBuilder};

mod gitlab;

pub use gitlab::{compile_gitlab, normalize_gitlab};

/// Whose reading of a pattern applies: GitHub's (gitignore-like, the
/// default) or GitLab's (`File::fnmatch` with `FNM_DOTMATCH |
/// FNM_PATHNAME`, `!` exclusions).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Dialect {
    #[default]
    Github,
    Gitlab,
}

impl Dialect {
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Github => "github",
            Dialect::Gitlab => "gitlab",
        }
    }

    pub fn parse(s: &str) -> Option<Dialect> {
        match s {
            "github" => Some(Dialect::Github),
            "gitlab" => Some(Dialect::Gitlab),
            _ => None,
        }
    }
}

/// Compiles a pattern as `dialect` reads it.
pub(crate) fn compile_in(dialect: Dialect, pattern: &str) -> Result<Compiled, PatternError> {
    match dialect {
        Dialect::Github => compile(pattern),
        Dialect::Gitlab => compile_gitlab(pattern),
    }
}

/// How a compiled body must relate to a path for the pattern to match it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The body matches the file's own path (`docs/*`, `foo/**`, `/*`).
    File,
    /// The body matches the file's path or one of its parent directories
    /// (`foo`, `*.js`, `/services/api`).
    FileOrDir,
    /// The body matches one of the file's parent directories (`apps/`).
    Dir,
}

impl Mode {
    pub(crate) fn matches_file(self) -> bool {
        matches!(self, Mode::File | Mode::FileOrDir)
    }

    pub(crate) fn matches_dir(self) -> bool {
        matches!(self, Mode::FileOrDir | Mode::Dir)
    }
}

/// A pattern compiled to a glob body plus its mode.
#[derive(Clone, Debug)]
pub struct Compiled {
    pub glob: Glob,
    pub mode: Mode,
    /// The literal directory every match lies under (`""` when the pattern
    /// can match at any depth), so a matcher can skip it elsewhere.
    pub prefix: String,
    /// A GitLab `!pattern`: the paths it matches leave its section.
    pub exclusion: bool,
    /// What makes two patterns the same entry: GitLab keeps one entry per
    /// normalized pattern in a section (a later line replaces the earlier
    /// one's owners in its place). The pattern itself for GitHub.
    pub key: String,
}

/// Why a pattern was rejected; the message is user-facing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError {
    pub message: String,
    pub help: String,
}

impl PatternError {
    pub(crate) fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        PatternError {
            message: message.into(),
            help: help.into(),
        }
    }
}

/// Compiles one CODEOWNERS pattern. Paths it is matched against are relative
/// to the directory of the file that holds the pattern, `/`-separated, with
/// no leading slash.
pub fn compile(pattern: &str) -> Result<Compiled, PatternError> {
    if let Some(c) = pattern.chars().find(|c| c.is_control()) {
        return Err(PatternError::new(
            format!(
                "pattern `{}` holds a control character ({:?})",
                pattern.escape_debug(),
                c
            ),
            "a CODEOWNERS line cannot hold one; remove it (a tab or a newline in a file name cannot be owned by pattern)",
        ));
    }
    let body = glob_body(pattern)?;
    let mode = mode_of(pattern);
    let glob = build_glob(
        &body.text,
        pattern,
        "patterns follow GitHub CODEOWNERS syntax: `*`, `**`, `?` and literal text",
    )?;
    Ok(Compiled {
        glob,
        mode,
        prefix: body.prefix,
        exclusion: false,
        key: pattern.to_string(),
    })
}

/// A glob for a translated pattern: `*` and `?` never match `/`, a
/// backslash escapes, case counts.
pub(crate) fn build_glob(text: &str, pattern: &str, help: &str) -> Result<Glob, PatternError> {
    GlobBuilder::new(text)
        .literal_separator(true)
        .backslash_escape(true)
        .case_insensitive(false)
        .empty_alternates(false)
        .build()
        .map_err(|e| {
            PatternError::new(
                format!("pattern `{pattern}` does not compile: {}", e.kind()),
                help,
            )
        })
}

struct Body {
    text: String,
    prefix: String,
}

fn mode_of(pattern: &str) -> Mode {
    let trimmed = pattern.trim_end_matches('/');
    if pattern.ends_with('/') && !pattern.ends_with("\\/") {
        return Mode::Dir;
    }
    let last = trimmed.rsplit('/').next().unwrap_or(trimmed);
    if last == "*" || last == "**" && trimmed.contains('/') {
        Mode::File
    } else {
        Mode::FileOrDir
    }
}

/// Turns a pattern into a globset glob with `literal_separator` semantics.
fn glob_body(pattern: &str) -> Result<Body, PatternError> {
    if pattern.is_empty() {
        return Err(PatternError::new(
            "empty pattern",
            "write a path such as `/src/` or `*.rs`; `*` owns everything",
        ));
    }
    if pattern.starts_with('!') {
        return Err(PatternError::new(
            format!("negated pattern `{pattern}` is not CODEOWNERS syntax"),
            "GitHub ignores `!` lines; to leave paths unowned use an [[own]] rule with `unowned = true`",
        ));
    }
    if pattern.chars().any(|c| c == '\0' || c == '\n' || c == '\r') {
        return Err(PatternError::new(
            "pattern contains a control character",
            "patterns are single-line paths",
        ));
    }
    if pattern.ends_with('\\') && !pattern.ends_with("\\\\") {
        return Err(PatternError::new(
            format!("pattern `{pattern}` ends with a lone backslash"),
            "a backslash escapes the next character, as in `my\\ dir/`",
        ));
    }

    // Anchored when a slash stands at the start or in the middle; a trailing
    // slash alone does not anchor (`apps/` matches at any depth).
    let without_trailing = strip_trailing_slashes(pattern);
    let anchored = without_trailing.contains('/');
    let core = without_trailing
        .strip_prefix('/')
        .unwrap_or(without_trailing);
    if core.is_empty() {
        return Err(PatternError::new(
            "the pattern `/` matches nothing on GitHub",
            "did you mean `*` (every file)?",
        ));
    }

    let mut text = String::with_capacity(core.len() + 8);
    if !anchored && core != "**" {
        text.push_str("**/");
    }
    let segments: Vec<&str> = core.split('/').collect();
    let mut prefix = String::new();
    if anchored {
        for seg in &segments[..segments.len() - 1] {
            match literal(seg) {
                Some(lit) => {
                    if !prefix.is_empty() {
                        prefix.push('/');
                    }
                    prefix.push_str(&lit);
                }
                None => break,
            }
        }
    }
    for (i, seg) in segments.iter().enumerate() {
        if i > 0 {
            text.push('/');
        }
        if seg.is_empty() {
            return Err(PatternError::new(
                format!("pattern `{pattern}` has an empty path segment (`//`)"),
                "remove the doubled slash",
            ));
        }
        push_segment(&mut text, seg);
    }
    Ok(Body { text, prefix })
}

/// The segment's literal text, or `None` if it has a wildcard.
fn literal(seg: &str) -> Option<String> {
    let mut out = String::with_capacity(seg.len());
    let mut chars = seg.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(chars.next()?),
            '*' | '?' => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

fn strip_trailing_slashes(pattern: &str) -> &str {
    let mut s = pattern;
    while s.len() > 1 && s.ends_with('/') && !s.ends_with("\\/") {
        s = &s[..s.len() - 1];
    }
    s
}

/// Copies one segment, escaping what globset would read as syntax but GitHub
/// reads literally, and folding runs of `*` inside a segment to one `*` (as
/// gitignore does: only a whole-segment `**` crosses directories).
fn push_segment(out: &mut String, seg: &str) {
    if seg == "**" {
        out.push_str("**");
        return;
    }
    let mut chars = seg.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next) => push_literal(out, next),
                None => out.push_str("\\\\"),
            },
            '*' => {
                while chars.peek() == Some(&'*') {
                    chars.next();
                }
                out.push('*');
            }
            '?' => out.push('?'),
            other => push_literal(out, other),
        }
    }
}

fn push_literal(out: &mut String, c: char) {
    if matches!(c, '[' | ']' | '{' | '}' | '*' | '?' | '\\' | '!' | ',') {
        out.push('\\');
    }
    out.push(c);
}

/// Escapes a literal path so that it compiles to a pattern matching exactly
/// that path (used by `init` and `codeowners` exports).
pub fn escape_literal(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 2);
    for c in path.chars() {
        if matches!(c, '*' | '?' | '\\' | ' ' | '#' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A small set of patterns that only answers "does any match?"; used for
/// `exclude` and `unowned` lists, which are short.
#[derive(Clone, Debug, Default)]
pub struct PatternSet {
    file: Option<globset::GlobSet>,
    dir: Option<globset::GlobSet>,
}

impl PatternSet {
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a Compiled>) -> Self {
        let mut file = globset::GlobSetBuilder::new();
        let mut dir = globset::GlobSetBuilder::new();
        let (mut nf, mut nd) = (0, 0);
        for p in patterns {
            if p.mode.matches_file() {
                file.add(p.glob.clone());
                nf += 1;
            }
            if p.mode.matches_dir() {
                dir.add(p.glob.clone());
                nd += 1;
            }
        }
        PatternSet {
            file: (nf > 0).then(|| file.build().ok()).flatten(),
            dir: (nd > 0).then(|| dir.build().ok()).flatten(),
        }
    }

    pub fn is_match(&self, path: &str) -> bool {
        if let Some(set) = &self.file {
            if set.is_match(path) {
                return true;
            }
        }
        if let Some(set) = &self.dir {
            return parent_dirs(path).any(|d| set.is_match(d));
        }
        false
    }
}

/// The parent directories of a `/`-separated path, outermost first:
/// `a/b/c` gives `a`, `a/b`.
pub fn parent_dirs(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, path: &str) -> bool {
        let c = compile(pattern).unwrap();
        PatternSet::new([&c]).is_match(path)
    }

    #[test]
    fn modes() {
        assert_eq!(mode_of("docs/*"), Mode::File);
        assert_eq!(mode_of("/*"), Mode::File);
        assert_eq!(mode_of("foo/**"), Mode::File);
        assert_eq!(mode_of("apps/"), Mode::Dir);
        assert_eq!(mode_of("foo"), Mode::FileOrDir);
        assert_eq!(mode_of("*"), Mode::File);
        assert_eq!(mode_of("**"), Mode::FileOrDir);
    }

    #[test]
    fn literal_prefixes() {
        let prefix = |p: &str| compile(p).unwrap().prefix;
        assert_eq!(prefix("/a/b/**/*.md"), "a/b");
        assert_eq!(prefix("/a/b/"), "a");
        assert_eq!(prefix("a/b/c"), "a/b");
        assert_eq!(prefix("/my\\ dir/x/"), "my dir");
        assert_eq!(prefix("*.md"), "");
        assert_eq!(prefix("docs/"), "");
        assert_eq!(prefix("/*/x"), "");
        assert_eq!(prefix("**/logs"), "");
    }

    #[test]
    fn negation_is_rejected_with_a_hint() {
        let err = compile("!foo").unwrap_err();
        assert!(err.message.contains("negated"));
        assert!(err.help.contains("unowned"));
    }

    #[test]
    fn star_alone_owns_everything() {
        assert!(matches("*", "a"));
        assert!(matches("*", "a/b/c.rs"));
        assert!(matches("**", "a/b/c.rs"));
        assert!(compile("/").is_err());
    }

    #[test]
    fn glob_runs_inside_a_segment_are_plain_stars() {
        assert!(matches("foo**", "foobar"));
        assert!(matches("foo**", "x/foobar"));
        assert!(!matches("foo**", "x/barfoo"));
        assert!(matches("/foo**", "foo/bar/baz"));
    }
}
