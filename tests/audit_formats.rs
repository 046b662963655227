//! `audit` over one scripted history in every format it renders,
//! snapshotted: what a person reading a periodic coupling audit sees.

mod support;

use support::TestRepo;

const OWNERS: &str = r#"version = 1
[teams.web]
leader = "w@acme.com"
[teams.api]
leader = "a@acme.com"
[teams.ops]
leader = "o@acme.com"
depends_on = ["api"]

[coupling]
min_revs = 2
min_shared = 2

[[own]]
team = "ops"
paths = ["/OWNERS.toml", "/infra/"]
[[own]]
team = "web"
paths = ["/web/"]
[[own]]
team = "api"
paths = ["/api/"]
"#;

/// Web and api change together; ops changes alone and with api (declared).
fn history() -> TestRepo {
    let mut r = TestRepo::new();
    r.write("OWNERS.toml", OWNERS);
    r.commit_as("o@acme.com", "map");
    for i in 0..4 {
        r.commit_files(
            &[
                ("web/app.ts", &format!("{i}")),
                ("api/server.rs", &format!("{i}")),
            ],
            &format!("feature {i} <&> \"quoted\""),
        );
        r.commit_files(&[("infra/main.tf", &format!("{i}"))], &format!("infra {i}"));
    }
    r.commit_files(
        &[("infra/main.tf", "x"), ("api/server.rs", "x")],
        "deploy the api",
    );
    r
}

fn audit(r: &TestRepo, format: &str) -> String {
    let run = r.run(&[
        "audit",
        "--no-cache",
        "--format",
        format,
        "--color",
        "never",
        "--exit-zero",
    ]);
    run.expect_code(0);
    // The temporary directory's name stands in for the repository's.
    let name = r.path().file_name().unwrap().to_string_lossy().into_owned();
    run.stdout
        .replace(env!("CARGO_PKG_VERSION"), "VERSION")
        .replace(&name, "REPO")
}

#[test]
fn human() {
    insta::assert_snapshot!("audit_human", audit(&history(), "human"));
}

#[test]
fn json() {
    insta::assert_snapshot!("audit_json", audit(&history(), "json"));
}

#[test]
fn markdown() {
    insta::assert_snapshot!("audit_markdown", audit(&history(), "markdown"));
}

#[test]
fn csv() {
    insta::assert_snapshot!("audit_csv", audit(&history(), "csv"));
}

/// The page is written on one line; a line per tag keeps the snapshot
/// readable.
#[test]
fn html() {
    let page = audit(&history(), "html").replace("><", ">\n<");
    insta::assert_snapshot!("audit_html", page);
}

/// A help line wraps at the width, but never inside a `code` span: what a
/// user copies from the terminal is whole.
#[test]
fn code_in_a_help_line_is_never_wrapped() {
    let out = audit(&history(), "human");
    let help: Vec<&str> = out.lines().filter(|l| l.contains('`')).collect();
    for l in &help {
        assert_eq!(
            l.matches('`').count() % 2,
            0,
            "a code span is cut: {l:?}\n{out}"
        );
    }
}

/// File names a spreadsheet would run as formulas, and control characters,
/// reach the CSV neutralised (OWASP's advice on CSV injection).
#[test]
fn csv_cells_never_become_formulas() {
    let mut r = TestRepo::new();
    r.write(
        "OWNERS.toml",
        "version = 1\n[teams.web]\nleader = \"w@acme.com\"\n[coupling]\nmin_revs = 1\nmin_shared = 1\n[[own]]\nteam = \"web\"\npaths = [\"*\"]\n",
    );
    r.commit("map");
    let evil = [
        "=HYPERLINK(\"http://x\";\"y\").rs",
        "+1.rs",
        "-2.rs",
        "@SUM(A1).rs",
        "\tx.rs",
        "a\u{1b}[2Jb.rs",
    ];
    for i in 0..2 {
        let files: Vec<(&str, String)> = evil.iter().map(|p| (*p, i.to_string())).collect();
        let files: Vec<(&str, &str)> = files.iter().map(|(p, c)| (*p, c.as_str())).collect();
        r.commit_files(&files, "touch");
    }
    let csv = audit(&r, "csv");
    for line in csv.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a formula cell {cell:?} in {line:?}"
            );
        }
    }
    assert!(csv.contains(",\"'=HYPERLINK(\"\"http"), "{csv}");
    assert!(csv.contains("\"'+1.rs\""), "{csv}");
    assert!(csv.contains("\\tx.rs"), "{csv}");
    assert!(
        csv.contains("a\\033[2Jb.rs") && !csv.contains('\u{1b}'),
        "{csv}"
    );
}
