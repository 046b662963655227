//! GitLab's reading of a CODEOWNERS pattern, compiled onto globset.
//!
//! GitLab normalizes a pattern and matches it with Ruby's `File.fnmatch`
//! and the flags `FNM_DOTMATCH | FNM_PATHNAME` against `/` + the path:
//!
//! - `*` alone is `/**/*` (every file);
//! - a leading `\#` is `#`, and a backslash before whitespace is a space;
//! - a pattern not starting with `/` gets `/**/` in front (it matches at
//!   any depth, `foo/bar` too, unlike GitHub);
//! - a pattern ending in `/` gets `**/*` behind (everything below);
//! - `**/` stands for any number of directories, a `**` anywhere else is
//!   `*`; `*` and `?` never match `/` and do match a leading dot;
//! - `[...]` is a character class (`[!...]`, `[^...]`, ranges);
//!   `{` `}` are literal; a backslash makes the next character literal.
//!
//! A name without a wildcard matches only that file: `docs` owns a file
//! named `docs`, not the directory (`docs/` does).

use super::{Compiled, Mode, PatternError};

/// GitLab's normalized form of a pattern (without its `!`), as its parser
/// keys entries: two lines with the same normalized pattern in a section
/// are one entry.
pub fn normalize_gitlab(pattern: &str) -> String {
    if pattern == "*" {
        return "/**/*".into();
    }
    let mut p = match pattern.strip_prefix("\\#") {
        Some(rest) => format!("#{rest}"),
        None => pattern.to_string(),
    };
    p = unescape_whitespace(&p);
    if !p.starts_with('/') {
        p = format!("/**/{p}");
    }
    if p.ends_with('/') {
        p.push_str("**/*");
    }
    p
}

/// `\` followed by a run of whitespace becomes one space.
fn unescape_whitespace(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    let mut chars = p.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_whitespace()) {
            while chars.peek().is_some_and(|n| n.is_whitespace()) {
                chars.next();
            }
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Compiles one pattern as GitLab reads it. A leading `!` makes it an
/// exclusion. Paths it is matched against are relative to the directory
/// of the file that holds it, `/`-separated, with no leading slash.
pub fn compile_gitlab(pattern: &str) -> Result<Compiled, PatternError> {
    if let Some(c) = pattern.chars().find(|c| c.is_control()) {
        return Err(PatternError::new(
            format!(
                "pattern `{}` holds a control character ({c:?})",
                pattern.escape_debug()
            ),
            "a CODEOWNERS line cannot hold one; remove it",
        ));
    }
    let (exclusion, body) = match pattern.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, pattern),
    };
    if body.is_empty() {
        return Err(PatternError::new(
            "empty pattern",
            "write a path such as `/src/` or `*.rb`; `*` owns everything",
        ));
    }
    let normalized = normalize_gitlab(body);
    let (text, prefix) = translate(&normalized)?;
    let glob = super::build_glob(
        &text,
        pattern,
        "GitLab patterns take `*`, `**`, `?`, `[...]` and literal text",
    )?;
    Ok(Compiled {
        glob,
        mode: Mode::File,
        prefix,
        exclusion,
        key: normalized,
    })
}

/// A glob that no path matches: git paths never hold a NUL.
const NEVER: &str = "\u{0}";

/// The globset glob (over the path without its leading `/`) for a
/// normalized pattern, and the literal directory every match lies under.
fn translate(normalized: &str) -> Result<(String, String), PatternError> {
    // Normalized patterns start with `/`, as the path they match does.
    let rest = normalized.strip_prefix('/').unwrap_or(normalized);
    let segments: Vec<&str> = rest.split('/').collect();
    let mut out = String::with_capacity(rest.len() + 8);
    let mut prefix = String::new();
    let mut literal_so_far = true;
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        if i > 0 {
            out.push('/');
        }
        if *seg == "**" && !last {
            // `**/`: any number of directories.
            out.push_str("**");
            literal_so_far = false;
            continue;
        }
        if literal_so_far && !last {
            if seg.chars().all(|c| !matches!(c, '*' | '?' | '[' | '\\')) {
                if !prefix.is_empty() {
                    prefix.push('/');
                }
                prefix.push_str(seg);
            } else {
                literal_so_far = false;
            }
        }
        if !segment(seg, &mut out)? {
            return Ok((NEVER.into(), String::new()));
        }
    }
    Ok((out, prefix))
}

/// Translates one segment; `false` when it can match no name (an empty
/// or unterminated class, as Ruby reads them).
fn segment(seg: &str, out: &mut String) -> Result<bool, PatternError> {
    let chars: Vec<char> = seg.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' => {
                while i + 1 < chars.len() && chars[i + 1] == '*' {
                    i += 1;
                }
                out.push('*');
            }
            '?' => out.push('?'),
            '\\' => match chars.get(i + 1) {
                Some(&next) => {
                    literal(out, next);
                    i += 1;
                }
                None => literal(out, '\\'),
            },
            '[' => match class(&chars[i + 1..]) {
                Some((class, used)) => {
                    match class {
                        Class::Never => return Ok(false),
                        Class::Any => out.push('?'),
                        Class::Set { negated, items } => {
                            out.push('[');
                            if negated {
                                out.push('!');
                            }
                            for (a, b) in items {
                                for c in [a, b] {
                                    if !class_safe(c) {
                                        return Err(PatternError::new(
                                            format!(
                                                "the character class in `{seg}` holds `{c}`, which teamlint cannot match in a class"
                                            ),
                                            "write the class without it, or match that character outside a class",
                                        ));
                                    }
                                }
                                out.push(a);
                                if a != b {
                                    out.push('-');
                                    out.push(b);
                                }
                            }
                            out.push(']');
                        }
                    }
                    i += used;
                }
                None => return Ok(false),
            },
            c => literal(out, c),
        }
        i += 1;
    }
    Ok(true)
}

enum Class {
    /// Matches no character (`[]`).
    Never,
    /// Matches any character but `/` (`[!]`).
    Any,
    Set {
        negated: bool,
        items: Vec<(char, char)>,
    },
}

/// Reads a class after its `[` as Ruby's `bracket()` does: `!` or `^`
/// negates, the first `]` closes (so `[]` is empty), `\` escapes, `a-z` is
/// a range unless the `-` comes last. Returns the class and how many
/// characters it used (up to and including `]`); `None` when unterminated.
fn class(chars: &[char]) -> Option<(Class, usize)> {
    let mut i = 0;
    let negated = matches!(chars.first(), Some('!' | '^'));
    if negated {
        i += 1;
    }
    let mut items = Vec::new();
    loop {
        let mut c = *chars.get(i)?;
        if c == ']' {
            break;
        }
        if c == '\\' {
            i += 1;
            c = *chars.get(i)?;
        }
        i += 1;
        if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|&n| n != ']') {
            i += 1;
            let mut d = *chars.get(i)?;
            if d == '\\' {
                i += 1;
                d = *chars.get(i)?;
            }
            i += 1;
            if c <= d {
                items.push((c, d));
            } else {
                // Ruby matches a reversed range's two ends and nothing between.
                items.push((c, c));
                items.push((d, d));
            }
        } else {
            items.push((c, c));
        }
    }
    let class = match (items.is_empty(), negated) {
        (true, false) => Class::Never,
        (true, true) => Class::Any,
        _ => Class::Set { negated, items },
    };
    Some((class, i + 1))
}

/// Characters a globset class holds as themselves.
fn class_safe(c: char) -> bool {
    !matches!(c, ']' | '[' | '-' | '!' | '^' | '\\' | '/')
}

fn literal(out: &mut String, c: char) {
    if matches!(c, '[' | ']' | '{' | '}' | '*' | '?' | '\\' | '!' | ',') {
        out.push('\\');
    }
    out.push(c);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn matches(pattern: &str, path: &str) -> bool {
        let c = compile_gitlab(pattern).unwrap();
        c.glob.compile_matcher().is_match(path)
    }

    /// Ruby's `fnmatch` with `FNM_DOTMATCH | FNM_PATHNAME`, segment by
    /// segment, as a reference the globset translation must agree with.
    fn fnmatch(pattern: &str, path: &str) -> bool {
        let p: Vec<&str> = pattern.split('/').collect();
        let s: Vec<&str> = path.split('/').collect();
        fn go(p: &[&str], s: &[&str]) -> bool {
            match p.first() {
                None => s.is_empty(),
                Some(&"**") if p.len() > 1 => (0..=s.len()).any(|k| go(&p[1..], &s[k..])),
                Some(seg) => match s.first() {
                    Some(name) => {
                        let seg: Vec<char> = seg.chars().collect();
                        let name: Vec<char> = name.chars().collect();
                        seg_match(&seg, &name) && go(&p[1..], &s[1..])
                    }
                    None => false,
                },
            }
        }
        fn seg_match(p: &[char], s: &[char]) -> bool {
            match p.first() {
                None => s.is_empty(),
                Some('*') => (0..=s.len()).any(|k| seg_match(&p[1..], &s[k..])),
                Some('?') => !s.is_empty() && seg_match(&p[1..], &s[1..]),
                Some('[') => {
                    let Some(c) = s.first() else { return false };
                    let Some((class, used)) = class(&p[1..]) else {
                        return false;
                    };
                    let ok = match class {
                        Class::Never => false,
                        Class::Any => true,
                        Class::Set { negated, items } => {
                            items.iter().any(|&(a, b)| a <= *c && *c <= b) != negated
                        }
                    };
                    ok && seg_match(&p[1 + used..], &s[1..])
                }
                Some('\\') if p.len() > 1 => {
                    s.first() == Some(&p[1]) && seg_match(&p[2..], &s[1..])
                }
                Some(c) => s.first() == Some(c) && seg_match(&p[1..], &s[1..]),
            }
        }
        go(&p, &s)
    }

    fn reference(pattern: &str, path: &str) -> bool {
        let body = pattern.strip_prefix('!').unwrap_or(pattern);
        fnmatch(&normalize_gitlab(body), &format!("/{path}"))
    }

    /// GitLab's documented examples (its CODEOWNERS syntax page).
    #[test]
    fn documented_paths() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("*", &["a", "x/y/z.rb", ".gitignore"], &[]),
            ("/README.md", &["README.md"], &["docs/README.md"]),
            (
                "/docs/README.md",
                &["docs/README.md"],
                &["README.md", "x/docs/README.md"],
            ),
            (
                "README.md",
                &["README.md", "internal/README.md", "app/lib/README.md"],
                &["README.mdx"],
            ),
            (
                "internal/README.md",
                &[
                    "internal/README.md",
                    "docs/internal/README.md",
                    "docs/api/internal/README.md",
                ],
                &["README.md"],
            ),
            (
                "/docs/",
                &["docs/a.md", "docs/s/b.md"],
                &["x/docs/a.md", "docs"],
            ),
            ("/docs/*.md", &["docs/a.md"], &["docs/s/a.md"]),
            (
                "/docs/index.*",
                &["docs/index.md", "docs/index.html", "docs/index.xml"],
                &["docs/x/index.md"],
            ),
            (
                "/docs/*spec*",
                &[
                    "docs/qa_specs.rb",
                    "docs/spec_helpers.rb",
                    "docs/runtime.spec",
                ],
                &[],
            ),
            (
                "/docs/*/README.md",
                &["docs/api/README.md"],
                &["docs/README.md", "docs/a/b/README.md"],
            ),
            (
                "/docs/**/index.md",
                &[
                    "docs/index.md",
                    "docs/api/index.md",
                    "docs/api/graphql/index.md",
                ],
                &[],
            ),
            ("/docs/*", &["docs/index.md"], &["docs/projects/index.md"]),
            ("lib/", &["lib/a.rb", "x/lib/y/a.rb"], &["libx/a.rb"]),
            ("/config/", &["config/a"], &["x/config/a"]),
            (
                "path\\ with\\ spaces/",
                &["path with spaces/a", "x/path with spaces/a"],
                &[],
            ),
            (
                "\\#file_with_pound.rb",
                &["#file_with_pound.rb", "a/#file_with_pound.rb"],
                &[],
            ),
            ("*.rb", &["a.rb", "x/y.rb", ".rb"], &["a.rbx"]),
            (
                "**/*.rb",
                &[
                    "config/database.rb",
                    "app/controllers/users/stars_controller.rb",
                ],
                &[],
            ),
            ("docs", &["docs", "x/docs"], &["docs/a.md"]),
            ("foo/**", &["foo/a"], &["foo/a/b"]),
            ("[Section", &[], &["[Section", "S"]),
            (
                "/app/[id]/x.ts",
                &["app/i/x.ts", "app/d/x.ts"],
                &["app/[id]/x.ts"],
            ),
            ("/{a,b}", &["{a,b}"], &["a"]),
            ("!pom.xml", &["pom.xml", "x/pom.xml"], &[]),
        ];
        for (pattern, yes, no) in cases {
            for path in *yes {
                assert!(matches(pattern, path), "`{pattern}` should match `{path}`");
                assert!(reference(pattern, path), "reference: `{pattern}` `{path}`");
            }
            for path in *no {
                assert!(
                    !matches(pattern, path),
                    "`{pattern}` should not match `{path}`"
                );
                assert!(!reference(pattern, path), "reference: `{pattern}` `{path}`");
            }
        }
        assert!(compile_gitlab("!pom.xml").unwrap().exclusion);
        assert_eq!(compile_gitlab("/docs/**/x").unwrap().prefix, "docs");
        assert_eq!(compile_gitlab("docs/x").unwrap().prefix, "");
        assert_eq!(compile_gitlab("/a/b/").unwrap().prefix, "a/b");
        assert_eq!(compile_gitlab("docs/").unwrap().key, "/**/docs/**/*");
    }

    fn pattern_strategy() -> impl Strategy<Value = String> {
        let seg = prop::sample::select(vec![
            "a", "b", "ab", "*", "**", "?", "*.rb", "a*", "[ab]", "[!a]", "[a-c]", ".x", "\\*",
            "{a}",
        ]);
        (
            any::<bool>(),
            prop::collection::vec(seg, 1..4),
            any::<bool>(),
        )
            .prop_map(|(lead, segs, trail)| {
                let mut p = String::new();
                if lead {
                    p.push('/');
                }
                p.push_str(&segs.join("/"));
                if trail {
                    p.push('/');
                }
                p
            })
    }

    fn path_strategy() -> impl Strategy<Value = String> {
        let seg = prop::sample::select(vec![
            "a", "b", "ab", "c", ".x", "a.rb", "*", "{a}", "aa", "ba",
        ]);
        prop::collection::vec(seg, 1..5).prop_map(|s| s.join("/"))
    }

    proptest! {
        #[test]
        fn globset_agrees_with_fnmatch(pattern in pattern_strategy(), paths in prop::collection::vec(path_strategy(), 1..8)) {
            let c = compile_gitlab(&pattern).unwrap();
            let m = c.glob.compile_matcher();
            for path in paths {
                prop_assert_eq!(m.is_match(&path), reference(&pattern, &path), "`{}` on `{}`", pattern, path);
                if m.is_match(&path) && !c.prefix.is_empty() {
                    let under = format!("{}/", c.prefix);
                    prop_assert!(path.starts_with(&under));
                }
            }
        }
    }
}
