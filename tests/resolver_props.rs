//! Properties of the config reader and the resolver over generated maps
//! and paths: reading never panics and every error has a place; the sweep
//! `check` uses, the per-path resolver `explain` uses and the pattern set
//! all agree on who owns what.

use proptest::prelude::*;
use teamlint_core::config::Config;
use teamlint_core::finding::Source;
use teamlint_core::ownership::Resolver;
use teamlint_core::pattern::PatternSet;

/// Pattern shapes from the CODEOWNERS table, over a few names that paths
/// share, so that patterns overlap and override each other.
fn pattern() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec!["a", "b", "c", "x.rs", "y.md", "a b"]);
    let shape = prop::sample::select(vec![
        "*",
        "/*",
        "{n}",
        "/{n}",
        "{n}/",
        "/{n}/",
        "{n}/*",
        "/{n}/**",
        "**/{n}",
        "{n}/**/{m}",
        "*.rs",
        "/{n}/*.md",
        "{n}/{m}",
        "/{n}/{m}/",
        "?",
        "[{n}]",
    ]);
    (shape, name.clone(), name).prop_map(|(s, n, m)| {
        s.replace("{n}", &n.replace(' ', "\\ "))
            .replace("{m}", &m.replace(' ', "\\ "))
    })
}

fn path() -> impl Strategy<Value = String> {
    let part = prop::sample::select(vec!["a", "b", "c", "x.rs", "y.md", "a b", "[a]", "d"]);
    prop::collection::vec(part, 1..5).prop_map(|parts| parts.join("/"))
}

/// A root map: two teams and rules of generated patterns in order.
fn map() -> impl Strategy<Value = String> {
    let rule = (0..3usize, prop::collection::vec(pattern(), 1..4));
    prop::collection::vec(rule, 1..8).prop_map(|rules| {
        let mut s = String::from(
            "version = 1\n[teams.t0]\nleader = \"a@x.com\"\n[teams.t1]\nleader = \"b@x.com\"\n",
        );
        for (owner, patterns) in rules {
            let owner = match owner {
                0 => "team = \"t0\"".to_string(),
                1 => "team = \"t1\"".to_string(),
                _ => "teams = [\"t0\", \"t1\"]".to_string(),
            };
            let quoted: Vec<String> = patterns
                .iter()
                .map(|p| format!("\"{}\"", p.replace('\\', "\\\\")))
                .collect();
            s.push_str(&format!(
                "[[own]]\n{owner}\npaths = [{}]\n",
                quoted.join(", ")
            ));
        }
        s
    })
}

fn load(text: &str) -> Config {
    match Config::load(Source::new("OWNERS.toml".into(), text.into()), Vec::new()) {
        Ok(c) => c,
        Err((_, errors)) => panic!(
            "{:?}\n{text}",
            errors.iter().map(|e| &e.message).collect::<Vec<_>>()
        ),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_sweep_the_resolver_and_the_pattern_set_agree(text in map(), mut paths in prop::collection::vec(path(), 1..30)) {
        paths.sort();
        paths.dedup();
        let config = load(&text);
        let resolver = Resolver::new(&config);
        let swept = resolver.resolve_all(paths.clone());
        let patterns: Vec<_> = config.files[0].patterns().map(|(_, _, p)| p).collect();
        for (i, p) in swept.paths.iter().enumerate() {
            // The sweep decides as the per-path resolver does.
            let one = resolver.resolve(p);
            prop_assert_eq!(&swept.decisions[i], &one, "{}", p);
            // The last pattern that matches on its own is the one that decides.
            let last = patterns
                .iter()
                .rposition(|pat| PatternSet::new([&pat.compiled]).is_match(p));
            prop_assert_eq!(one.rule.map(|r| r.pattern as usize), last, "{}\n{}", p, text);
        }
        // A pattern matches something exactly when it matches one of the paths.
        for (k, pat) in patterns.iter().enumerate() {
            let any = paths.iter().any(|p| PatternSet::new([&pat.compiled]).is_match(p));
            prop_assert_eq!(swept.matched[0][k], any, "pattern {}", pat.text.value);
        }
    }

    #[test]
    fn reading_any_text_never_panics_and_every_error_has_a_place(text in any_text()) {
        let source = Source::new("OWNERS.toml".into(), text.clone());
        if let Err((sources, errors)) = Config::load(source, Vec::new()) {
            prop_assert!(!errors.is_empty());
            for e in errors {
                prop_assert!(e.at.source < sources.len());
                prop_assert!(e.at.span.start <= text.len() && e.at.span.end <= text.len(),
                    "{:?} outside the text: {}", e.at.span, e.message);
                prop_assert!(!e.message.is_empty());
            }
        }
    }
}

/// Text near the format (keys, tables, values, junk), and any text at all.
fn any_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "version = 1\n",
        "version = 2\n",
        "[teams.a]\n",
        "leader = \"x\"\n",
        "leader = 3\n",
        "[[own]]\n",
        "team = \"a\"\n",
        "team = \"zz\"\n",
        "paths = [\"/a/\"]\n",
        "paths = [\"!x\"]\n",
        "paths = \"x\"\n",
        "[settings]\n",
        "exclude = [1]\n",
        "[coupling]\n",
        "since = \"5 parsecs\"\n",
        "min_degree = 7\n",
        "[rules]\n",
        "dead-pattern = \"loud\"\n",
        "= \n",
        "[[own\n",
        "\"\n",
        "é\u{0}\n",
        "\t\r\n",
    ]);
    prop_oneof![
        prop::collection::vec(piece, 0..12).prop_map(|p| p.concat()),
        ".{0,200}",
    ]
}
