//! Pattern conformance: GitHub CODEOWNERS semantics, row by row.

use teamlint_core::pattern::{compile, PatternSet};

fn matches(pattern: &str, path: &str) -> bool {
    let c = compile(pattern).unwrap_or_else(|e| panic!("{pattern}: {}", e.message));
    PatternSet::new([&c]).is_match(path)
}

/// (pattern, paths it matches, paths it does not match)
const TABLE: &[(&str, &[&str], &[&str])] = &[
    // The pattern table of docs/reference.md §1, every row.
    ("*.js", &["a.js", "src/x/a.js"], &["a.jsx"]),
    ("docs/*", &["docs/a.md"], &["docs/sub/b.md"]),
    ("/docs/", &["docs/a", "docs/s/b"], &["x/docs/a"]),
    ("apps/", &["apps/a", "x/y/apps/a"], &[]),
    ("foo/bar", &["foo/bar", "foo/bar/baz"], &["x/foo/bar"]),
    ("/foo/bar", &["foo/bar/x"], &["foo/bart", "foo/barbaz/x"]),
    ("foo", &["foo", "a/foo/x"], &["foo.txt"]),
    ("**/logs", &["logs/x", "a/b/logs/x"], &[]),
    ("foo/**/bar", &["foo/bar", "foo/a/b/bar"], &["x/foo/bar"]),
    ("foo/bar/**", &["foo/bar/x"], &["foo/bar"]),
    ("/*", &["README"], &["src/a.rs"]),
    ("f?o", &["foo"], &["fo"]),
    ("/apps/[id]/x.ts", &["apps/[id]/x.ts"], &["apps/i/x.ts"]),
    ("Docs/", &[], &["docs/a"]),
    ("my\\ dir/", &["my dir/f"], &[]),
    // More: anchoring and depth.
    ("*", &["a", "a/b/c"], &[]),
    ("**", &["a", "a/b/c"], &[]),
    ("/a", &["a", "a/b"], &["x/a", "ab"]),
    ("a/", &["a/b", "x/a/b"], &["a", "xa/b"]),
    ("/a/b/", &["a/b/c", "a/b/c/d"], &["a/b", "x/a/b/c"]),
    ("a/b/", &["a/b/c"], &["x/a/b/c"]),
    ("*/x", &["a/x", "a/x/y"], &["x", "a/b/x"]),
    ("/*/x", &["a/x"], &["a/b/x"]),
    (
        "docs/*.md",
        &["docs/a.md"],
        &["docs/sub/a.md", "x/docs/a.md"],
    ),
    ("**/foo", &["foo", "a/foo", "a/b/foo/c"], &["afoo"]),
    ("**/foo/bar", &["foo/bar", "a/foo/bar/x"], &["foo/x/bar"]),
    ("a/**", &["a/b", "a/b/c"], &["a", "b/a/c"]),
    ("a/**/b/", &["a/b/c", "a/x/y/b/c"], &["a/b"]),
    ("*.min.js", &["x.min.js", "a/b.min.js"], &["min.js", "x.js"]),
    ("*.tf", &["main.tf", "infra/x/main.tf"], &["main.tfvars"]),
    ("?", &["a", "x/b"], &["ab"]),
    (
        "foo*",
        &["foo", "foobar", "x/foo.txt", "foobar/x"],
        &["afoo"],
    ),
    ("foo**bar", &["foobar", "foo-bar"], &["foo/bar"]),
    // Literal characters GitHub does not treat as syntax.
    ("/apps/\\[id\\]/x.ts", &["apps/[id]/x.ts"], &["apps/i/x.ts"]),
    ("[abc]", &["[abc]"], &["a", "b"]),
    ("{a,b}.rs", &["{a,b}.rs"], &["a.rs", "b.rs"]),
    (
        "/(group)/page.tsx",
        &["(group)/page.tsx"],
        &["group/page.tsx"],
    ),
    ("@scope/pkg/", &["@scope/pkg/index.js"], &[]),
    ("a:b,c^d~e", &["a:b,c^d~e"], &[]),
    ("/src/my\\ app/", &["src/my app/x"], &["src/my/app/x"]),
    ("\\#notes", &["#notes"], &[]),
    ("naïve/", &["naïve/x"], &["naive/x"]),
    ("/.github/", &[".github/workflows/ci.yml"], &["a/.github/x"]),
    ("file with spaces.txt", &["file with spaces.txt"], &[]),
    // Case sensitivity.
    ("README.md", &["README.md", "x/README.md"], &["readme.md"]),
];

#[test]
fn every_row_of_the_table() {
    let mut failures = Vec::new();
    for (pattern, yes, no) in TABLE {
        for p in *yes {
            if !matches(pattern, p) {
                failures.push(format!("`{pattern}` should match `{p}`"));
            }
        }
        for p in *no {
            if matches(pattern, p) {
                failures.push(format!("`{pattern}` should not match `{p}`"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn unsupported_syntax_is_rejected_with_a_hint() {
    for (pattern, needle) in [
        ("!foo", "negated"),
        ("!/docs/", "negated"),
        ("", "empty"),
        ("/", "matches nothing"),
        ("a//b", "empty path segment"),
        ("foo\\", "backslash"),
        ("/x\u{1b}[2J", "control character"),
        ("/a\tb", "control character"),
    ] {
        let err = compile(pattern).expect_err(pattern);
        assert!(err.message.contains(needle), "{pattern}: {}", err.message);
        assert!(!err.help.is_empty());
    }
}

#[test]
fn escaping_a_literal_path_round_trips() {
    for path in ["a b/c", "x/[id]/y.ts", "we*rd?", "back\\slash", "#hash"] {
        let pattern = format!("/{}", teamlint_core::pattern::escape_literal(path));
        assert!(matches(&pattern, path), "{pattern} vs {path}");
    }
}
