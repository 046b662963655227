//! `teamlint codeowners`: an export GitHub resolves exactly as OWNERS.toml
//! does, `--check` for drift, and the `codeowners-drift` rule.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use support::{fixture, Run, TestRepo};

/// Every path's owners as GitHub handles, from `ls --format json`, with the
/// team-to-handle map of the config that `ls` read.
fn owners(run: &Run, handles: &BTreeMap<String, String>) -> BTreeMap<String, Vec<String>> {
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let mut hs: Vec<String> = e["teams"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| {
                    let t = t.as_str().unwrap();
                    handles
                        .get(t)
                        .cloned()
                        .unwrap_or_else(|| format!("@{t}"))
                        .to_ascii_lowercase()
                })
                .collect();
            hs.sort();
            hs.dedup();
            (e["path"].as_str().unwrap().to_string(), hs)
        })
        .collect()
}

/// `[teams.NAME] github = ..` of an OWNERS.toml text.
fn github_of(toml_text: &str) -> BTreeMap<String, String> {
    let doc: toml::Table = toml_text.parse().expect("OWNERS.toml parses");
    let Some(teams) = doc.get("teams").and_then(|t| t.as_table()) else {
        return BTreeMap::new();
    };
    teams
        .iter()
        .filter_map(|(name, t)| {
            let g = t.get("github")?.as_str()?;
            Some((name.clone(), g.to_string()))
        })
        .collect()
}

/// Imports a CODEOWNERS text into a config outside the repository (so it
/// reads no directory file of ours) and lists every tracked path under it.
fn resolve_through_codeowners(
    repo: &TestRepo,
    codeowners: &str,
    scratch: &Path,
) -> BTreeMap<String, Vec<String>> {
    let co = scratch.join("CODEOWNERS");
    let cfg = scratch.join("imported.toml");
    std::fs::write(&co, codeowners).unwrap();
    let _ = std::fs::remove_file(&cfg);
    let run = repo.run(&[
        "-c",
        cfg.to_str().unwrap(),
        "init",
        "--from-codeowners",
        co.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let imported = std::fs::read_to_string(&cfg).unwrap();
    assert!(
        !imported.contains("Lines GitHub skips"),
        "the export has lines GitHub would skip:\n{imported}"
    );
    let run = repo.run(&["-c", cfg.to_str().unwrap(), "ls", "--format", "json"]);
    owners(&run, &github_of(&imported))
}

/// Replaces every directory OWNERS.toml on disk (not in the index) with
/// one that changes nothing, so a run with `-c` sees only that config.
fn neutralise_directory_files(repo: &TestRepo, dirs: &[&str]) {
    for d in dirs {
        repo.write(&format!("{d}/OWNERS.toml"), "version = 1\n");
    }
}

fn assert_same(
    want: &BTreeMap<String, Vec<String>>,
    got: &BTreeMap<String, Vec<String>>,
    context: &str,
) {
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>()
    );
    let diffs: Vec<String> = want
        .iter()
        .filter(|(p, w)| got[*p] != **w)
        .map(|(p, w)| format!("{p}: OWNERS.toml {w:?}, CODEOWNERS {:?}", got[p]))
        .collect();
    assert!(
        diffs.is_empty(),
        "{} files differ:\n{}\n{context}",
        diffs.len(),
        diffs.join("\n")
    );
}

const ROOT: &str = r#"version = 1

[teams.web]
leader = "w@acme.test"
github = "@acme/web"

[teams.api]
leader = "a@acme.test"
github = "@acme/api"

[teams.ops]
leader = "o@acme.test"
github = "@acme/ops"

[teams.docs]
leader = "d@acme.test"
github = "docs@acme.test"

[teams.lead]
leader = "alice@acme.test"
github = "@alice"

[[own]]
team = "web"
paths = ["*"]

[[own]]
team = "docs"
paths = ["*.md", "/docs/"]

[[own]]
team = "ops"
paths = ["*.tf", "Dockerfile", "/infra/"]

[[own]]
unowned = true
paths = ["/CHANGELOG.md", "/gen/"]
"#;

/// Directory files: a default team, `inherit = false`, anchored and
/// unanchored patterns, several teams on one rule, an unowned rule, and
/// directory names with a space and brackets.
const DIR_FILES: &[(&str, &str)] = &[
    (
        "services",
        r#"team = "api"

[[own]]
team = "lead"
paths = ["/payments/", "*.sql"]

[[own]]
team = "ops"
paths = ["*.tf", "deploy/", "Dockerfile"]

[[own]]
teams = ["api", "ops"]
paths = ["/shared/"]

[[own]]
unowned = true
paths = ["generated/"]
"#,
    ),
    (
        "services/legacy",
        r#"inherit = false

[[own]]
team = "lead"
paths = ["/core/", "*.py"]
"#,
    ),
    (
        "services/legacy/old",
        r#"[[own]]
team = "docs"
paths = ["notes/*"]
"#,
    ),
    (
        "apps/my app",
        r#"[[own]]
team = "api"
paths = ["/server/", "*.tf"]

[[own]]
team = "ops"
paths = ["/*"]

[[own]]
team = "docs"
paths = ["/[id]/index.ts"]
"#,
    ),
    (
        "apps/my app/[id]",
        r#"[[own]]
teams = ["web", "docs"]
paths = ["page.tsx"]

[[own]]
unowned = true
paths = ["/cache/"]
"#,
    ),
    (
        "docs",
        r#"inherit = false
team = "lead"

[[own]]
team = "docs"
paths = ["*.md"]
"#,
    ),
];

fn nested_repo() -> (TestRepo, Vec<String>) {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", ROOT);
    for (d, text) in DIR_FILES {
        repo.write(&format!("{d}/OWNERS.toml"), text);
    }
    let tops = [
        "",
        "services/",
        "services/payments/",
        "services/shared/",
        "services/x/generated/",
        "services/x/deploy/",
        "services/legacy/",
        "services/legacy/core/",
        "services/legacy/old/",
        "services/legacy/old/notes/",
        "services/legacy/old/x/notes/",
        "apps/",
        "apps/my app/",
        "apps/my app/server/",
        "apps/my app/[id]/",
        "apps/my app/[id]/cache/",
        "apps/my app/[id]/sub/",
        "apps/my app/i/",
        "docs/",
        "docs/guide/",
        "infra/",
        "gen/",
        "other/docs/",
    ];
    let leaves = [
        "README.md",
        "main.tf",
        "Dockerfile",
        "a.py",
        "q.sql",
        "page.tsx",
        "index.ts",
        "CHANGELOG.md",
        "deploy/k8s.yaml",
        "x/y/z.rs",
    ];
    let mut paths = vec!["OWNERS.toml".to_string()];
    for top in tops {
        for leaf in leaves {
            let p = format!("{top}{leaf}");
            repo.write(&p, "x\n");
            paths.push(p);
        }
    }
    repo.commit("nested ownership");
    (repo, paths)
}

#[test]
fn an_export_resolves_every_file_as_the_nested_owners_files_do() {
    let (repo, paths) = nested_repo();
    assert!(paths.len() >= 200);
    let want = owners(&repo.run(&["ls", "--format", "json"]), &github_of(ROOT));
    // The fixture exercises what it claims to: fallbacks, inherit = false,
    // several owners, unowned paths and the odd directory names.
    assert_eq!(want["services/legacy/README.md"], Vec::<String>::new());
    assert_eq!(want["services/legacy/old/README.md"], Vec::<String>::new());
    assert_eq!(want["services/legacy/old/notes/a.py"], ["docs@acme.test"]);
    assert_eq!(want["services/legacy/old/x/notes/a.py"], ["@alice"]);
    assert_eq!(want["services/index.ts"], ["@acme/api"]);
    assert_eq!(want["services/shared/main.tf"], ["@acme/api", "@acme/ops"]);
    assert_eq!(want["services/x/deploy/index.ts"], ["@acme/ops"]);
    assert_eq!(want["services/x/generated/q.sql"], Vec::<String>::new());
    assert_eq!(want["apps/my app/x/y/z.rs"], ["@acme/web"]);
    assert_eq!(want["apps/my app/index.ts"], ["@acme/ops"]);
    assert_eq!(
        want["apps/my app/[id]/page.tsx"],
        ["@acme/web", "docs@acme.test"]
    );
    assert_eq!(
        want["apps/my app/[id]/sub/page.tsx"],
        ["@acme/web", "docs@acme.test"]
    );
    assert_eq!(want["apps/my app/[id]/main.tf"], ["@acme/api"]);
    assert_eq!(want["apps/my app/i/page.tsx"], ["@acme/web"]);
    assert_eq!(want["apps/my app/[id]/index.ts"], ["docs@acme.test"]);
    assert_eq!(want["docs/guide/x/y/z.rs"], ["@alice"]);
    assert_eq!(want["other/docs/main.tf"], ["@acme/ops"]);

    let run = repo.run(&["codeowners"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let exported = run.stdout;
    assert!(
        exported.contains("/apps/my\\ app/\\[id\\]/**/page.tsx"),
        "{exported}"
    );
    assert!(exported.contains("/services/legacy/\n"), "{exported}");
    // GitHub rejects a line with an unescaped bracket.
    for line in exported.lines().filter(|l| !l.starts_with('#')) {
        let mut escaped = false;
        for c in line.chars() {
            assert!(escaped || !matches!(c, '[' | ']'), "unescaped: {line}");
            escaped = !escaped && c == '\\';
        }
    }

    let scratch = tempfile::tempdir().unwrap();
    neutralise_directory_files(
        &repo,
        &DIR_FILES.iter().map(|(d, _)| *d).collect::<Vec<_>>(),
    );
    let got = resolve_through_codeowners(&repo, &exported, scratch.path());
    assert_same(&want, &got, &exported);
}

#[test]
fn the_acme_fixture_survives_import_export_import() {
    let codeowners = std::fs::read_to_string(fixture("codeowners/acme.CODEOWNERS")).unwrap();
    let paths = std::fs::read_to_string(fixture("codeowners/acme-paths.txt")).unwrap();
    let expected_tsv = std::fs::read_to_string(fixture("codeowners/acme-expected.tsv")).unwrap();
    let mut repo = TestRepo::new();
    for p in paths.lines().filter(|l| !l.is_empty()) {
        repo.write(p, "x\n");
    }
    repo.write(".github/CODEOWNERS", &codeowners);
    repo.commit("monorepo");
    let run = repo.run(&["init", "--from-codeowners", ".github/CODEOWNERS"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let imported = std::fs::read_to_string(repo.path().join("OWNERS.toml")).unwrap();
    let want = owners(
        &repo.run(&["ls", "--format", "json"]),
        &github_of(&imported),
    );

    // What GitHub itself resolves, as recorded beside the fixture.
    let mut checked = 0;
    for line in expected_tsv.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let mut github: Vec<String> = cols[3]
            .split_whitespace()
            .map(str::to_ascii_lowercase)
            .collect();
        github.sort();
        github.dedup();
        assert_eq!(want[cols[0]], github, "{}", cols[0]);
        checked += 1;
    }
    assert!(checked >= 150);

    let run = repo.run(&["codeowners"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let exported = run.stdout;
    let scratch = tempfile::tempdir().unwrap();
    let got = resolve_through_codeowners(&repo, &exported, scratch.path());
    assert_same(&want, &got, &exported);

    // The export is a fixed point: exporting its own import gives it back.
    let cfg = scratch.path().join("imported.toml");
    let run = repo.run(&["-c", cfg.to_str().unwrap(), "codeowners"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, exported);
}

const SMALL: &str = r#"version = 1

[teams.web]
leader = "w@acme.test"
github = "@acme/web"

[teams.ops]
leader = "o@acme.test"
github = "@acme/ops"

[[own]]
team = "web"
paths = ["*"]

[[own]]
team = "ops"
paths = ["/infra/", "*.tf"]
"#;

fn small_repo() -> TestRepo {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", SMALL);
    repo.write("src/app.ts", "");
    repo.write("src/main.tf", "");
    repo.write("infra/net/vpc.tf", "");
    repo.write("infra/README", "");
    repo.write("web/index.html", "");
    repo.commit("init");
    repo
}

#[test]
fn check_passes_after_write_and_fails_after_an_edit() {
    let repo = small_repo();
    let run = repo.run(&["codeowners", "--check"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("no CODEOWNERS file"), "{}", run.stdout);
    assert!(run.stdout.contains("codeowners --write"), "{}", run.stdout);

    let run = repo.run(&["codeowners", "--write"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("wrote .github/CODEOWNERS"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
    let written = std::fs::read_to_string(repo.path().join(".github/CODEOWNERS")).unwrap();
    assert_eq!(written, repo.run(&["codeowners"]).stdout);

    let run = repo.run(&["codeowners", "--check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("no findings"), "{}", run.stdout);
    let run = repo.run(&["-q", "codeowners", "--write"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));

    // Someone edits a line by hand.
    let edited = written.replace("/infra/ ", "/infra/net/ ");
    assert_ne!(edited, written);
    repo.write(".github/CODEOWNERS", &edited);
    let run = repo.run(&["codeowners", "--check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let j = run.json();
    let findings = j["findings"].as_array().unwrap();
    // One finding for the edited line, on CODEOWNERS, with its files.
    assert_eq!(findings.len(), 1, "{j:#}");
    assert_eq!(findings[0]["path"], ".github/CODEOWNERS");
    assert_eq!(findings[0]["paths"], serde_json::json!(["infra/README"]));
    assert_eq!(findings[0]["rule"], "codeowners-drift");
    assert_eq!(findings[0]["severity"], "error");
    assert_eq!(findings[0]["teams"], serde_json::json!(["ops"]));
    let message = findings[0]["message"].as_str().unwrap();
    assert!(message.contains("gives 1 file to @acme/web"), "{message}");
    assert!(message.contains("OWNERS.toml to @acme/ops"), "{message}");

    let run = repo.run(&["codeowners", "--check"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("infra/README"), "{}", run.stdout);
    assert!(run.stdout.contains("codeowners --write"), "{}", run.stdout);

    // Writing again repairs it.
    let run = repo.run(&["codeowners", "--write"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(repo.run(&["codeowners", "--check"]).code, 0);
}

#[test]
fn write_and_check_honour_path_and_the_file_github_reads() {
    let repo = small_repo();
    repo.write("CODEOWNERS", "* @acme/web\n");
    // Without --path, the file GitHub reads today is the one replaced.
    let run = repo.run(&["codeowners", "--write"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("wrote CODEOWNERS"), "{}", run.stderr);
    assert!(!repo.path().join(".github/CODEOWNERS").exists());
    assert_eq!(repo.run(&["codeowners", "--check"]).code, 0);

    let run = repo.run(&["codeowners", "--check", "--path", "docs/CODEOWNERS"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("no CODEOWNERS file at `docs/CODEOWNERS`"),
        "{}",
        run.stdout
    );
    let run = repo.run(&["codeowners", "--write", "--path", "docs/CODEOWNERS"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("GitHub reads CODEOWNERS before"),
        "{}",
        run.stderr
    );
    assert_eq!(
        repo.run(&["codeowners", "--check", "--path", "docs/CODEOWNERS"])
            .code,
        0
    );
}

#[test]
fn check_reports_codeowners_drift_only_when_out_of_sync() {
    let mut repo = small_repo();
    // No CODEOWNERS: nothing to drift from.
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.rules(), Vec::<String>::new());

    assert_eq!(repo.run(&["codeowners", "--write"]).code, 0);
    repo.commit("codeowners");
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.rules(), Vec::<String>::new());

    let path = repo.path().join(".github/CODEOWNERS");
    let text = std::fs::read_to_string(&path).unwrap();
    repo.write(".github/CODEOWNERS", &text.replace("*.tf ", "*.tfvars "));
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let j = run.json();
    let drift: Vec<&str> = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "codeowners-drift")
        .flat_map(|f| f["paths"].as_array().unwrap())
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(drift, ["src/main.tf"]);
    assert_eq!(run.rules(), ["codeowners-drift"]);

    // Its level is configurable like any rule.
    let run = repo.run(&["check", "--format", "json", "-A", "codeowners-drift"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn export_names_every_team_without_a_github_owner() {
    let mut repo = TestRepo::new();
    repo.write(
        "OWNERS.toml",
        r#"version = 1
[teams.web]
leader = "w@acme.test"
[teams.ops]
leader = "o@acme.test"
[teams.docs]
leader = "d@acme.test"
github = "@acme/docs"
[[own]]
team = "web"
paths = ["*"]
[[own]]
team = "ops"
paths = ["/infra/"]
[[own]]
team = "docs"
paths = ["*.md"]
"#,
    );
    repo.write("a.md", "");
    repo.commit("init");
    for args in [&["codeowners"][..], &["codeowners", "--write"]] {
        let run = repo.run(args);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr
                .contains("teams `web`, `ops` have no `github` owner"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("\"@org/team\""), "{}", run.stderr);
    }
    assert!(!repo.path().join(".github/CODEOWNERS").exists());
}

#[test]
fn a_bare_repository_prints_but_does_not_write() {
    let repo = small_repo();
    let bare = tempfile::tempdir().unwrap();
    let dir = bare.path().join("b.git");
    git2::build::RepoBuilder::new()
        .bare(true)
        .clone(repo.path().to_str().unwrap(), &dir)
        .unwrap();
    let run = |args: &[&str]| {
        Run::from(
            support::teamlint()
                .arg("-C")
                .arg(&dir)
                .args(args)
                .output()
                .unwrap(),
        )
    };
    let printed = run(&["codeowners"]);
    assert_eq!(printed.code, 0, "{}", printed.stderr);
    assert_eq!(printed.stdout, repo.run(&["codeowners"]).stdout);
    let written = run(&["codeowners", "--write"]);
    assert_eq!(written.code, 2);
    assert!(written.stderr.contains("bare"), "{}", written.stderr);
    assert_eq!(run(&["codeowners", "--check"]).code, 1);
}

#[test]
fn an_exported_file_is_in_sync_without_being_resolved_again() {
    // The fast path: the file is byte for byte what `--write` writes.
    let mut repo = support::TestRepo::new();
    repo.write(
        "OWNERS.toml",
        "version = 1\n[teams.a]\nleader = \"a@x.y\"\ngithub = \"@org/a\"\n[[own]]\nteam = \"a\"\npaths = [\"*\"]\n",
    );
    repo.write("x.txt", "");
    repo.commit("init");
    assert_eq!(repo.run(&["codeowners", "--write"]).code, 0);
    let run = repo.run(&["check", "--format", "json"]);
    assert!(
        !run.rules().contains(&"codeowners-drift".to_string()),
        "{}",
        run.stdout
    );
    // One byte off and the comparison runs, and still finds no drift in
    // meaning for a comment-only edit.
    let co = repo.path().join(".github/CODEOWNERS");
    let mut text = std::fs::read_to_string(&co).unwrap();
    text.push_str("# a note\n");
    std::fs::write(&co, text).unwrap();
    let run = repo.run(&["check", "--format", "json"]);
    assert!(
        !run.rules().contains(&"codeowners-drift".to_string()),
        "{}",
        run.stdout
    );
}
