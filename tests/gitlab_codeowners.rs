//! GitLab's CODEOWNERS dialect: every example of GitLab's syntax and
//! advanced pages with the owners GitLab documents, the import → export →
//! import identity over generated files, the byte-for-byte round trip, and
//! the commands in real repositories.

mod support;

use proptest::prelude::*;
use teamlint_core::codeowners::gitlab;
use teamlint_core::config::Config;
use teamlint_core::finding::Source;
use teamlint_core::ownership::{Owner, Resolver};

use support::TestRepo;

/// Loads an imported map; a failure lists every error.
fn load(text: &str) -> Config {
    match Config::load(Source::new("OWNERS.toml".into(), text.into()), Vec::new()) {
        Ok(c) => c,
        Err((_, errors)) => {
            let lines: Vec<String> = errors.iter().map(|e| e.message.clone()).collect();
            panic!("{}\n--- text ---\n{text}", lines.join("\n"))
        }
    }
}

/// A path's owners as GitLab names them, sorted; `-` for explicitly none
/// (an exclusion or an entry without owners), `?` when nothing matches.
fn owners_of(config: &Config, d: &Owner) -> String {
    match d {
        Owner::Nobody => "?".into(),
        Owner::Unowned => "-".into(),
        o => {
            let mut h: Vec<String> = o
                .team_ids()
                .iter()
                .map(|&t| config.teams[t].gitlab.as_ref().unwrap().value.clone())
                .collect();
            h.sort();
            h.join(" ")
        }
    }
}

/// Each path's owners under a GitLab CODEOWNERS text, read through the
/// import; the one-path resolver and the sweep over all paths must agree.
fn owners(codeowners: &str, paths: &[&str]) -> Vec<String> {
    let imported = gitlab::import(codeowners, "CODEOWNERS");
    let config = load(&imported.text);
    let resolver = Resolver::new(&config);
    let mut sorted: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
    sorted.sort();
    let all = resolver.resolve_all(sorted.clone());
    paths
        .iter()
        .map(|p| {
            let one = owners_of(&config, &resolver.resolve(p).owner);
            let i = sorted.iter().position(|s| s == p).unwrap();
            let swept = owners_of(&config, &all.decisions[i].owner);
            assert_eq!(one, swept, "`{p}`: explain and the sweep disagree");
            one
        })
        .collect()
}

/// (CODEOWNERS text, [(path, owners GitLab documents)]).
type Case = (&'static str, &'static [(&'static str, &'static str)]);

/// GitLab's documented examples (its CODEOWNERS syntax page and its
/// advanced configuration page), with the owners each page gives.
const DOCUMENTED: &[Case] = &[
    // Syntax page: the example file (inline text after an owner is not a
    // comment on GitLab: it is read as malformed owners and ignored).
    (
        "# Specify a default Code Owner for all files with a wildcard:\n\
         * @default-owner\n\
         README.md @doc-team @tech-lead\n\
         *.rb @ruby-owner\n\
         LICENSE @legal janedoe@gitlab.com\n\
         README @group @group/with-nested/subgroup\n\
         /docs/ @all-docs\n\
         /docs/* @root-docs\n\
         /docs/**/*.md @markdown-docs  # Match specific file types in any subdirectory\n\
         /db/**/index.md @index-docs   # Match a specific file name in any subdirectory\n\
         [Documentation]\n\
         ee/docs    @docs\n\
         docs       @docs\n\
         /config/ @@maintainer\n",
        &[
            ("app/models/user.rb", "@ruby-owner"),
            ("README.md", "@doc-team @tech-lead"),
            ("LICENSE", "@legal janedoe@gitlab.com"),
            ("README", "@group @group/with-nested/subgroup"),
            ("docs/index.md", "@markdown-docs"),
            ("docs/api/index.md", "@markdown-docs"),
            ("docs/a.txt", "@root-docs"),
            ("docs/sub/a.txt", "@all-docs"),
            ("db/x/index.md", "@index-docs"),
            ("config/gitlab.yml", "@@maintainer @default-owner"),
            ("ee/docs", "@default-owner @docs"),
            ("a/docs", "@default-owner @docs"),
        ],
    ),
    // Sections: one pattern per section, the last in each.
    (
        "* @admin\n\n[README Owners]\nREADME.md @user1 @user2\ninternal/README.md @user4\n\n[README other owners]\nREADME.md @user3\n",
        &[
            ("README.md", "@admin @user1 @user2 @user3"),
            ("internal/README.md", "@admin @user3 @user4"),
            ("app.rb", "@admin"),
        ],
    ),
    // Default owners of a section.
    (
        "[Documentation] @docs-team\ndocs/\nREADME.md\n\n[Database] @database-team @agarcia\nmodel/db/\nconfig/db/database-setup.md @docs-team\n",
        &[
            ("docs/a.md", "@docs-team"),
            ("README.md", "@docs-team"),
            ("model/db/user.rb", "@agarcia @database-team"),
            ("config/db/database-setup.md", "@docs-team"),
            ("app.rb", "?"),
        ],
    ),
    // Optional sections.
    (
        "[Documentation]\n*.md @root\n\n[Ruby]\n*.rb @root\n\n^[Go]\n*.go @root\n",
        &[("main.go", "@root"), ("a.md", "@root"), ("a.rb", "@root")],
    ),
    // Relative paths are globstar paths.
    (
        "README.md @username\ninternal/README.md @internal\n",
        &[
            ("README.md", "@username"),
            ("app/lib/README.md", "@username"),
            ("internal/README.md", "@internal"),
            ("docs/api/internal/README.md", "@internal"),
        ],
    ),
    // Wildcard and globstar paths.
    (
        "/docs/*.md @md\n/docs/index.* @index\n/docs/*spec* @spec\n/docs/*/README.md @readme\n/docs/**/index.md @deep\n",
        &[
            ("docs/a.md", "@md"),
            ("docs/index.html", "@index"),
            ("docs/index.md", "@deep"),
            ("docs/qa_specs.rb", "@spec"),
            ("docs/api/README.md", "@readme"),
            ("docs/api/graphql/index.md", "@deep"),
            ("docs/a/b/README.md", "?"),
        ],
    ),
    // Exclusions, in their section.
    (
        "* @username\n\n!pom.xml\n\n[Ruby]\n*.rb @ruby-team\n\n!/config/**/*.rb\n",
        &[
            ("pom.xml", "-"),
            ("a/pom.xml", "-"),
            ("app/a.rb", "@ruby-team @username"),
            ("config/a.rb", "@username"),
            ("config/x/b.rb", "@username"),
            ("README", "@username"),
        ],
    ),
    // An excluded path stays excluded in its section.
    (
        "* @default-owner\n!*.rb\n/special/*.rb @ruby-owner\n",
        &[("special/a.rb", "-"), ("special/a.py", "@default-owner")],
    ),
    (
        "[Ruby]\n*.rb @ruby-team\n!/config/**/*.rb\n/config/routes.rb @ops\n",
        &[("config/routes.rb", "-"), ("app/a.rb", "@ruby-team")],
    ),
    (
        "[Ruby]\n*.rb @ruby-team\n!/config/**/*.rb\n\n[Config]\n/config/ @ops-team\n",
        &[("config/a.rb", "@ops-team"), ("app/a.rb", "@ruby-team")],
    ),
    (
        "* @default-owner\n!package-lock.json\n!yarn.lock\n!**/generated/\n!.gitlab-ci.yml\n",
        &[
            ("package-lock.json", "-"),
            ("web/yarn.lock", "-"),
            ("a/generated/x.js", "-"),
            (".gitlab-ci.yml", "-"),
            ("src/a.js", "@default-owner"),
        ],
    ),
    // Advanced: default owners with approvals and optional sections.
    (
        "[Documentation][2] @docs-team\ndocs/\nREADME.md\n\n^[Database] @database-team\nmodel/db/\nconfig/db/database-setup.md @docs-team\n",
        &[
            ("docs/x.md", "@docs-team"),
            ("model/db/a.rb", "@database-team"),
            ("config/db/database-setup.md", "@docs-team"),
        ],
    ),
    // Advanced: regular entries and sections; three approvals for one file.
    (
        "# Required for all files\n* @general-approvers\n\n[Documentation] @docs-team\ndocs/\nREADME.md\n*.txt\n\n[Database] @database-team\nmodel/db/\nconfig/db/database-setup.md @docs-team\n",
        &[
            ("model/db/CHANGELOG.txt", "@database-team @docs-team @general-approvers"),
            ("docs/a.md", "@docs-team @general-approvers"),
            ("config/db/database-setup.md", "@docs-team @general-approvers"),
            ("app.rb", "@general-approvers"),
        ],
    ),
    // Advanced: sections with duplicate names are combined.
    (
        "[Documentation]\nee/docs/    @docs\ndocs/       @docs\n\n[Database]\nREADME.md  @database\nmodel/db/   @database\n\n[DOCUMENTATION]\nREADME.md  @docs\n",
        &[
            ("README.md", "@database @docs"),
            ("docs/a", "@docs"),
            ("model/db/a", "@database"),
        ],
    ),
    // Advanced: the last matching pattern.
    (
        "# This line would match the file terms.md\n*.md @doc-team\n\n# This line would also match the file terms.md\nterms.md @legal-team\n",
        &[("terms.md", "@legal-team"), ("a.md", "@doc-team")],
    ),
    // Advanced: approvals.
    (
        "[Documentation][2]\n*.md @tech-writer-team\n\n[Ruby]\n*.rb @dev-team\n",
        &[("a.md", "@tech-writer-team"), ("a.rb", "@dev-team")],
    ),
    // Advanced: escaped spaces.
    (
        "path\\ with\\ spaces/*.md @owner\n",
        &[("path with spaces/a.md", "@owner"), ("path/a.md", "?")],
    ),
    // Advanced: unparsable section headers, after the default section and
    // after a named one.
    (
        "* @group\n\n[Section name\ndocs/ @docs_group\n",
        &[("docs/a.md", "@docs_group"), ("a.md", "@group")],
    ),
    (
        "[Docs]\ndocs/**/* @group\n\n[Section name\ndocs/ @docs_group\n",
        &[("docs/a.md", "@docs_group")],
    ),
    // Advanced: malformed owners are ignored.
    (
        "/path/* @group user_without_at_symbol @user_with_at_symbol\n",
        &[("path/a", "@group @user_with_at_symbol")],
    ),
    // Roles and groups as owners.
    (
        "file.md @@developer @@maintainer\n",
        &[("file.md", "@@developer @@maintainer")],
    ),
    (
        "file.md @group-x @group-x/subgroup-y\n[Maintainers]\n* @gitlab-org/maintainers/group-name\n",
        &[
            ("file.md", "@gitlab-org/maintainers/group-name @group-x @group-x/subgroup-y"),
            ("a.rb", "@gitlab-org/maintainers/group-name"),
        ],
    ),
    // The issue's example: the section defaults and the unnamed section.
    (
        "* @general-approvers\n\n[Documentation] @docs-team\ndocs/\nREADME.md\n\n[Database][2] @database-team\nmodel/db/\nconfig/db/database-setup.md @docs-team\n\n^[Frontend] @frontend\napp/assets/\n",
        &[
            ("docs/index.md", "@docs-team @general-approvers"),
            ("README.md", "@docs-team @general-approvers"),
            ("model/db/user.rb", "@database-team @general-approvers"),
            ("config/db/database-setup.md", "@docs-team @general-approvers"),
            ("app/assets/app.js", "@frontend @general-approvers"),
            ("app/models/user.rb", "@general-approvers"),
            ("lib/docs/x.md", "@docs-team @general-approvers"),
            ("a/README.md", "@docs-team @general-approvers"),
            (".gitlab-ci.yml", "@general-approvers"),
        ],
    ),
];

#[test]
fn gitlabs_documented_examples_resolve_as_documented() {
    let mut wrong = Vec::new();
    for (text, cases) in DOCUMENTED {
        let paths: Vec<&str> = cases.iter().map(|(p, _)| *p).collect();
        let got = owners(text, &paths);
        for ((path, want), got) in cases.iter().zip(got) {
            if *want != got {
                wrong.push(format!("`{path}`: want {want}, got {got}\n{text}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n---\n"));
}

#[test]
fn documented_examples_come_back_byte_for_byte() {
    for (text, _) in DOCUMENTED {
        let imported = gitlab::import(text, "CODEOWNERS");
        let config = load(&imported.text);
        let back = teamlint_core::codeowners::export(&config, Some(text)).unwrap();
        // Lines GitLab skips or cannot read are kept as they were.
        assert_eq!(&back, text, "--- map ---\n{}", imported.text);
    }
}

#[test]
fn sections_keep_their_approvals_optional_marks_and_defaults() {
    let text = "* @all\n[Documentation][2] @docs\ndocs/\n^[Database] @db\nmodel/db/\n[DOCUMENTATION]\nREADME.md @docs\n";
    let config = load(&gitlab::import(text, "CODEOWNERS").text);
    let names: Vec<&str> = config
        .sections
        .iter()
        .map(|s| s.name.value.as_str())
        .collect();
    assert_eq!(names, ["Documentation", "Database"]);
    assert_eq!(config.sections[0].approvals, Some(2));
    assert!(!config.sections[0].optional);
    assert!(config.sections[1].optional);
    // A fresh export (no file to write over) has every header back.
    let fresh = teamlint_core::codeowners::export(&config, None).unwrap();
    let body: Vec<&str> = fresh
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    assert_eq!(
        body,
        [
            "*         @all",
            "[Documentation][2] @docs",
            "docs/",
            "^[Database] @db",
            "model/db/",
            "[DOCUMENTATION][2] @docs",
            "README.md @docs",
        ]
    );
}

/// A section stated again further down with `^` (as large files grow): one
/// section, required while any of its entries is under a required header,
/// as GitLab decides; the export writes the section's entries under one
/// header, which GitLab reads the same.
#[test]
fn a_section_restated_with_its_optional_mark_is_read_as_gitlab_reads_it() {
    let text = "* @all\n\n[Search] @search\n/search/migrate/\n/spec/support/search.rb\n\n^[Search] @search\n/spec/search/migrate/\n";
    let config = load(&gitlab::import(text, "CODEOWNERS").text);
    assert_eq!(config.sections.len(), 1);
    assert!(!config.sections[0].optional, "an entry is under [Search]");
    let paths = [
        "search/migrate/1.rb",
        "spec/search/migrate/1_spec.rb",
        "spec/support/search.rb",
        "README.md",
    ];
    let want = ["@all @search", "@all @search", "@all @search", "@all"];
    assert_eq!(owners(text, &paths), want);
    // The restating header goes; everything else comes back as it was.
    let back = teamlint_core::codeowners::export(&config, Some(text)).unwrap();
    assert_eq!(
        back,
        "* @all\n\n[Search] @search\n/search/migrate/\n/spec/support/search.rb\n\n/spec/search/migrate/\n"
    );
    assert_eq!(owners(&back, &paths), want);
    let again = load(&gitlab::import(&back, "CODEOWNERS").text);
    assert!(!again.sections[0].optional);
    assert_eq!(
        teamlint_core::codeowners::export(&again, Some(&back)).unwrap(),
        back
    );

    // Optional when every entry is: a pattern stated again under `^` takes
    // its first line's place, and a required header without entries
    // requires nothing. A section without entries keeps its mark.
    for (text, optional) in [
        (
            "[Search] @search\n/search/\n^[Search] @search\n/search/\n",
            true,
        ),
        ("^[Search] @search\n/search/\n[SEARCH] @search\n", true),
        (
            "^[Search] @search\n/search/\n[SEARCH] @search\n/spec/\n",
            false,
        ),
        ("* @all\n^[Search] @search\n", true),
    ] {
        let config = load(&gitlab::import(text, "CODEOWNERS").text);
        assert_eq!(config.sections[0].optional, optional, "{text}");
    }
}

// ---- properties ----

/// A section's default owners, approvals and optional mark.
type SectionProps<'a> = (Option<Vec<&'a str>>, Option<u64>, bool);

/// A generated GitLab CODEOWNERS: comments, blank lines, aligned owners,
/// headers (names repeated in other cases), defaults, approvals, optional
/// marks, exclusions, duplicated patterns. No header is empty and no two
/// headers in a row are one section, so the text is its own export.
fn gitlab_file() -> impl Strategy<Value = String> {
    let pattern = prop::sample::select(vec![
        "*",
        "*.rb",
        "/docs/",
        "docs/",
        "README.md",
        "/app/*",
        "app/**/x.rb",
        "!*.lock",
        "!/vendor/",
        "/config/db/",
        "lib/",
        "/a\\ b/",
        "docs/[ab]*.md",
        "x",
        "/x/**/y",
        ".gitlab-ci.yml",
        "!docs/",
        "**/*.js",
    ]);
    let owner = prop::sample::select(vec![
        "@alice",
        "@Alice",
        "@grp",
        "@grp/sub",
        "@grp/sub/deep",
        "@@maintainer",
        "dev@acme.test",
    ]);
    let entry = (
        pattern,
        prop::collection::vec(owner.clone(), 0..3),
        1..12usize,
        0..4u8,
    );
    let section = (
        prop::sample::select(vec!["Docs", "DOCS", "Ruby", "Data Base", "Go"]),
        prop::option::of(prop::collection::vec(owner, 1..3)),
        prop::option::of(1..4u64),
        any::<bool>(),
        prop::collection::vec(entry.clone(), 1..5),
    );
    (
        prop::collection::vec(entry, 0..5),
        prop::collection::vec(section, 0..5),
    )
        .prop_map(|(unnamed, sections)| {
            use std::collections::BTreeMap;
            let mut text = String::from("# generated\n");
            let line =
                |text: &mut String, (p, owners, pad, extra): &(&str, Vec<&str>, usize, u8)| {
                    if *extra == 1 {
                        text.push('\n');
                    }
                    if *extra == 2 {
                        text.push_str("# about this one\n");
                    }
                    text.push_str(p);
                    if !owners.is_empty() {
                        text.push_str(&" ".repeat(*pad));
                        text.push_str(&owners.join(" "));
                    }
                    text.push('\n');
                };
            for e in &unnamed {
                // No owner in the unnamed section would be an error; keep one.
                if e.1.is_empty() {
                    let mut e = e.clone();
                    e.1.push("@alice");
                    line(&mut text, &e);
                } else {
                    line(&mut text, e);
                }
            }
            // A section's properties are those of its first header.
            let mut props: BTreeMap<String, SectionProps> = BTreeMap::new();
            let mut last: Option<String> = None;
            for (name, defaults, approvals, optional, entries) in &sections {
                if last.as_deref() == Some(*name) {
                    continue;
                }
                last = Some(name.to_string());
                let (defaults, approvals, optional) = props
                    .entry(name.to_lowercase())
                    .or_insert((defaults.clone(), *approvals, *optional))
                    .clone();
                text.push('\n');
                if optional {
                    text.push('^');
                }
                text.push_str(&format!("[{name}]"));
                if let (Some(n), false) = (approvals, optional) {
                    text.push_str(&format!("[{n}]"));
                }
                if let Some(d) = &defaults {
                    text.push(' ');
                    text.push_str(&d.join(" "));
                }
                text.push('\n');
                for e in entries {
                    line(&mut text, e);
                }
            }
            text
        })
}

/// Every path a generated file's patterns can tell apart.
const PATHS: &[&str] = &[
    "a.rb",
    "app/x.rb",
    "app/y/x.rb",
    "app/a.md",
    "docs/a.md",
    "docs/x/b.rb",
    "x/docs/c",
    "README.md",
    "lib/README.md",
    "Gemfile.lock",
    "vendor/a.js",
    "config/db/x.yml",
    "lib/a.rb",
    "a b/c",
    "a.md",
    "b1.md",
    "x",
    "x/y",
    "x/q/y",
    "q/x",
    ".gitlab-ci.yml",
    "web/app.js",
];

fn resolved(config: &Config) -> Vec<String> {
    let resolver = Resolver::new(config);
    PATHS
        .iter()
        .map(|p| owners_of(config, &resolver.resolve(p).owner))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// import → export → import is the identity: the second map resolves
    /// every path as the first, and the export is a fixed point.
    #[test]
    fn import_export_import_is_the_identity(text in gitlab_file()) {
        let first = load(&gitlab::import(&text, "CODEOWNERS").text);
        let exported = teamlint_core::codeowners::export(&first, None).unwrap();
        let second = load(&gitlab::import(&exported, "CODEOWNERS").text);
        prop_assert_eq!(resolved(&first), resolved(&second), "{}\n--- export ---\n{}", text, exported);
        let again = teamlint_core::codeowners::export(&second, None).unwrap();
        prop_assert_eq!(&again, &exported);
        // Both resolve each path as GitLab's semantics over the text do.
        prop_assert_eq!(first.sections.len(), second.sections.len());
    }

    /// Written over the file it came from, the export gives it back.
    #[test]
    fn the_export_over_its_own_file_is_that_file(text in gitlab_file()) {
        let map = load(&gitlab::import(&text, "CODEOWNERS").text);
        let back = teamlint_core::codeowners::export(&map, Some(&text)).unwrap();
        prop_assert_eq!(back, text);
    }
}

// ---- commands in real repositories ----

const ISSUE_EXAMPLE: &str = "* @general-approvers\n\n[Documentation] @docs-team\ndocs/\nREADME.md\n\n[Database][2] @database-team\nmodel/db/\nconfig/db/database-setup.md @docs-team\n\n^[Frontend] @frontend\napp/assets/\n";

fn issue_repo() -> TestRepo {
    let mut repo = TestRepo::new();
    repo.write(".gitlab/CODEOWNERS", ISSUE_EXAMPLE);
    for f in [
        "docs/index.md",
        "README.md",
        "model/db/user.rb",
        "config/db/database-setup.md",
        "app/assets/app.js",
        "app/models/user.rb",
        "lib/docs/x.md",
    ] {
        repo.write(f, "x\n");
    }
    repo.commit("init");
    repo
}

#[test]
fn init_reads_a_gitlab_file_and_ls_shows_gitlabs_owners() {
    let repo = issue_repo();
    repo.run(&["init", "--from-codeowners", ".gitlab/CODEOWNERS"])
        .expect_code(0);
    let map = std::fs::read_to_string(repo.path().join("OWNERS.toml")).unwrap();
    assert!(map.contains("dialect = \"gitlab\""), "{map}");
    assert!(
        map.contains("[sections.Database]\nteam = \"database-team\"\napprovals = 2\n"),
        "{map}"
    );
    let run = repo.run(&["ls"]);
    let want = [
        "README.md\tdocs-team,general-approvers",
        "app/assets/app.js\tfrontend,general-approvers",
        "app/models/user.rb\tgeneral-approvers",
        "config/db/database-setup.md\tdocs-team,general-approvers",
        "docs/index.md\tdocs-team,general-approvers",
        "model/db/user.rb\tdatabase-team,general-approvers",
    ];
    for w in want {
        assert!(
            run.stdout.lines().any(|l| l == w),
            "missing `{w}` in\n{}",
            run.stdout
        );
    }
    // Read as GitHub reads it (forced), the headers are patterns and
    // `docs/` has no owner: most files come out differently.
    let repo2 = issue_repo();
    repo2
        .run(&[
            "init",
            "--from-codeowners",
            ".gitlab/CODEOWNERS",
            "--dialect",
            "github",
        ])
        .expect_code(0);
    let github = repo2.run(&["ls"]).stdout;
    assert_ne!(github, run.stdout);
}

#[test]
fn codeowners_write_gives_the_gitlab_file_back_and_check_is_clean() {
    let repo = issue_repo();
    repo.run(&["init", "--from-codeowners", ".gitlab/CODEOWNERS"])
        .expect_code(0);
    repo.run(&["codeowners", "--write"]).expect_code(0);
    let back = std::fs::read_to_string(repo.path().join(".gitlab/CODEOWNERS")).unwrap();
    // `*` already gives the map's files to the owner of CODEOWNERS: the
    // import adds no rule, and the file comes back as it was.
    assert_eq!(back, ISSUE_EXAMPLE);
    repo.run(&["codeowners", "--check"]).expect_code(0);
    // A second write changes nothing.
    repo.run(&["codeowners", "--write"]).expect_code(0);
    assert_eq!(
        std::fs::read_to_string(repo.path().join(".gitlab/CODEOWNERS")).unwrap(),
        back
    );
}

#[test]
fn drift_names_the_lines_of_every_section_and_syntax_errors_have_spans() {
    let repo = issue_repo();
    repo.run(&["init", "--from-codeowners", ".gitlab/CODEOWNERS"])
        .expect_code(0);
    repo.run(&["codeowners", "--write"]).expect_code(0);
    // Someone edits the CODEOWNERS by hand: the Documentation default goes.
    let edited = std::fs::read_to_string(repo.path().join(".gitlab/CODEOWNERS"))
        .unwrap()
        .replace("[Documentation] @docs-team", "[Documentation] @frontend")
        .replace(
            "app/assets/\n",
            "app/assets/\n[Broken\n/x @ok not_an_owner\n",
        );
    repo.write(".gitlab/CODEOWNERS", &edited);
    let run = repo.run(&["codeowners", "--check"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("invalid_section_format"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("malformed_entry_owner"),
        "{}",
        run.stdout
    );
    // The span points at the owner, in the CODEOWNERS file.
    assert!(
        run.stdout.contains(".gitlab/CODEOWNERS:14:8"),
        "{}",
        run.stdout
    );
    let json = repo
        .run(&["codeowners", "--check", "--format", "json"])
        .json();
    let findings = json["findings"].as_array().unwrap();
    let messages: Vec<&str> = findings
        .iter()
        .filter_map(|f| f["message"].as_str())
        .collect();
    // One finding per set of deciding lines: here one of each section.
    assert!(
        messages.contains(&".gitlab/CODEOWNERS line 1 `*`, line 4 `docs/` gives 2 files to @frontend @general-approvers, OWNERS.toml to @docs-team @general-approvers: `docs/index.md`, `lib/docs/x.md`"),
        "{messages:#?}"
    );
    let located = findings
        .iter()
        .find(|f| f["message"].as_str().unwrap_or("").contains("not_an_owner"))
        .cloned()
        .unwrap();
    assert_eq!(located["location"]["file"], ".gitlab/CODEOWNERS");
    assert_eq!(located["location"]["line"], 14);
    assert_eq!(located["location"]["column"], 8);
}

#[test]
fn an_edit_of_the_map_changes_only_its_lines_in_the_export() {
    let mut repo = TestRepo::new();
    // The map's files (OWNERS.toml, the baseline) have their owner already.
    let codeowners = "# Platform and docs.\n\n# shared modules\n/.gitlab/          @acme/infra\n/OWNERS.toml       @acme/infra\n/teamlint-baseline.json @acme/infra\n*.md               @acme/docs\n\n# services\n/svc/api/          @acme/api @acme/infra\n/svc/web/          @acme/web\n";
    repo.write("CODEOWNERS", codeowners);
    repo.write("svc/api/main.go", "x\n");
    repo.write("svc/web/app.js", "x\n");
    repo.commit("init");
    repo.run(&["init", "--from-codeowners", "CODEOWNERS", "--force"])
        .expect_code(0);
    repo.run(&["codeowners", "--write"]).expect_code(0);
    // GitHub's dialect: the file, comments and alignment, is unchanged.
    let back = std::fs::read_to_string(repo.path().join("CODEOWNERS")).unwrap();
    assert_eq!(back, codeowners);
    // One rule moves to another team: one line changes, aligned as before.
    let map = std::fs::read_to_string(repo.path().join("OWNERS.toml")).unwrap();
    let map = map.replacen("team = \"web\"", "team = \"api\"", 1);
    repo.write("OWNERS.toml", &map);
    repo.run(&["codeowners", "--write"]).expect_code(0);
    let after = std::fs::read_to_string(repo.path().join("CODEOWNERS")).unwrap();
    assert_eq!(
        after,
        codeowners.replace(
            "/svc/web/          @acme/web",
            "/svc/web/          @acme/api"
        )
    );
}

#[test]
fn explain_names_the_rule_of_every_section_that_decided() {
    let repo = issue_repo();
    repo.run(&["init", "--from-codeowners", ".gitlab/CODEOWNERS"])
        .expect_code(0);
    let run = repo.run(&["explain", "docs/index.md"]);
    assert!(
        run.stdout.contains("docs/  [Documentation]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("  also:     OWNERS.toml:"),
        "{}",
        run.stdout
    );
    let json = repo
        .run(&["explain", "--format", "json", "docs/index.md"])
        .json();
    let path = &json["paths"][0];
    assert_eq!(path["rule"]["section"], "Documentation");
    assert_eq!(path["rule"]["pattern"], "docs/");
    assert_eq!(path["also"][0]["pattern"], "*");
    assert_eq!(path["also"][0]["owner"], "general-approvers");
    assert_eq!(
        path["teams"],
        serde_json::json!(["docs-team", "general-approvers"])
    );
}
