//! Properties of the CODEOWNERS import over arbitrary text: what it writes
//! always loads, and an export of it imports back to the same owners.

mod support;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use proptest::prelude::*;
use teamlint_core::codeowners::{adopt, export, import};
use teamlint_core::config::Config;
use teamlint_core::finding::Source;
use teamlint_core::ownership::{Owner, Resolver};

use support::schema::Schema;

/// The committed schema, compiled once for every case.
fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(Schema::load)
}

/// Loads an OWNERS.toml text; a failure lists every error.
fn load(text: &str) -> Result<Config, String> {
    Config::load(
        Source::new("OWNERS.toml".into(), text.to_string()),
        Vec::new(),
    )
    .map_err(|(_, errors)| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| format!("{} at {:?}: {}", e.rule, e.at.span, e.message))
            .collect();
        format!("{}\n--- text ---\n{text}", lines.join("\n"))
    })
}

/// A path's owner as GitHub sees it: the handles, or which kind of nobody.
fn owner(config: &Config, resolver: &Resolver, path: &str) -> String {
    let decision = resolver.resolve(path);
    match &decision.owner {
        Owner::Nobody => "(no rule)".into(),
        Owner::Unowned => "(unowned)".into(),
        o => {
            let handles: BTreeSet<String> = o
                .team_ids()
                .iter()
                .map(|&t| {
                    config.teams[t]
                        .github
                        .as_ref()
                        .map_or_else(|| "(no handle)".into(), |g| g.value.to_ascii_lowercase())
                })
                .collect();
            handles.into_iter().collect::<Vec<_>>().join(" ")
        }
    }
}

/// Paths to resolve: a fixed sample plus ones made to fall under each
/// pattern of the text.
fn paths_for(codeowners: &str) -> Vec<String> {
    let mut paths: BTreeSet<String> = [
        "README.md",
        "OWNERS.toml",
        ".github/CODEOWNERS",
        "src/main.rs",
        "docs/a.md",
        "docs/sub/b.md",
        "a/b/logs/x",
        "my dir/f",
        "apps/[id]/x.ts",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for line in codeowners.lines() {
        let Some(pattern) = line.split_whitespace().next() else {
            continue;
        };
        let body: String = pattern
            .replace("\\ ", " ")
            .trim_matches('/')
            .chars()
            .map(|c| if matches!(c, '*' | '?') { 'x' } else { c })
            .collect();
        if !body.is_empty() && !body.contains('\0') {
            paths.insert(body.clone());
            paths.insert(format!("{body}/f"));
            paths.insert(format!("z/{body}/f"));
        }
    }
    paths.into_iter().collect()
}

/// Pieces CODEOWNERS files are made of, odd ones included.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("*".to_string()),
        Just("/docs/".to_string()),
        Just("docs/*".to_string()),
        Just("*.rs".to_string()),
        Just("**/logs".to_string()),
        Just("/*".to_string()),
        Just("/".to_string()),
        Just("!x".to_string()),
        Just("my\\ dir/".to_string()),
        Just("trailing\\ ".to_string()),
        Just("\\".to_string()),
        Just("/apps/[id]/".to_string()),
        Just("OWNERS.toml".to_string()),
        Just("/.github/".to_string()),
        Just("@acme/web".to_string()),
        Just("@other/web".to_string()),
        Just("@acme-web".to_string()),
        Just("@acme.x/t".to_string()),
        Just("@acme-x/t".to_string()),
        Just("@alice".to_string()),
        Just("bob@acme.test".to_string()),
        Just("@Acme/Web".to_string()),
        Just("#".to_string()),
        Just("# note".to_string()),
        "[a-z/._*?@-]{1,8}",
        "[\\x00-\\x1f\\x7f\u{80}-\u{9f}\u{2028}\u{feff}]{1,3}",
        any::<String>(),
    ]
}

/// A CODEOWNERS-shaped text: lines of pieces with odd separators.
fn codeowners_text() -> impl Strategy<Value = String> {
    let line = prop::collection::vec(piece(), 0..5).prop_map(|p| p.join(" "));
    let sep = prop_oneof![Just("\n"), Just("\r\n"), Just("\r"), Just("\t\n")];
    prop::collection::vec((line, sep), 0..12).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(l, s)| format!("{l}{s}"))
            .collect::<String>()
    })
}

fn origin() -> impl Strategy<Value = String> {
    prop_oneof![Just("CODEOWNERS".to_string()), any::<String>()]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 1000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn what_the_import_writes_always_loads(text in codeowners_text(), origin in origin()) {
        let (toml, _) = import(&text, &origin);
        if let Err(e) = load(&toml) {
            return Err(TestCaseError::fail(e));
        }
    }

    #[test]
    fn arbitrary_text_imports_to_a_file_that_loads(text in any::<String>()) {
        let (toml, _) = import(&text, "CODEOWNERS");
        if let Err(e) = load(&toml) {
            return Err(TestCaseError::fail(e));
        }
    }

    #[test]
    fn an_export_of_the_import_imports_to_the_same_owners(text in codeowners_text()) {
        let (first, _) = import(&text, "CODEOWNERS");
        round_trip(&first, &text)?;
    }

    #[test]
    fn what_init_writes_loads_and_survives_an_export(text in codeowners_text()) {
        let adopted = adopt(
            &text,
            "CODEOWNERS",
            Some(".github/CODEOWNERS"),
            Some("OWNERS.toml"),
            None,
        );
        round_trip(&adopted.text, &text)?;
        if let Err(e) = schema().check(&adopted.text) {
            return Err(TestCaseError::fail(format!("{e}\n--- text ---\n{}", adopted.text)));
        }
        if let Some((team, _)) = adopted.config_owner {
            let config = load(&adopted.text).map_err(TestCaseError::fail)?;
            let decision = Resolver::new(&config).resolve("OWNERS.toml");
            prop_assert_eq!(decision.owner.names(&config), vec![team.as_str()]);
        }
    }
}

/// Loads `first`, exports it, imports the export and compares the owners
/// of every path that `codeowners` suggests.
fn round_trip(first: &str, codeowners: &str) -> Result<(), TestCaseError> {
    let first = load(first).map_err(TestCaseError::fail)?;
    let exported = export(&first, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let (second, skipped) = import(&exported, "CODEOWNERS");
    prop_assert_eq!(
        skipped,
        0,
        "the export has lines GitHub skips:\n{}",
        exported
    );
    let second = load(&second).map_err(TestCaseError::fail)?;
    let (r1, r2) = (Resolver::new(&first), Resolver::new(&second));
    for path in paths_for(codeowners) {
        prop_assert_eq!(
            owner(&first, &r1, &path),
            owner(&second, &r2, &path),
            "`{}`\n--- CODEOWNERS ---\n{}\n--- export ---\n{}",
            path.escape_debug(),
            codeowners.escape_debug(),
            exported
        );
    }
    Ok(())
}
