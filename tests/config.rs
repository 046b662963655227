//! Config errors: every error at once, each with file, line, column, a
//! label on the span and a help line.

mod support;

use support::TestRepo;

fn repo(owners: &str) -> TestRepo {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", owners);
    repo.write("src/a.rs", "");
    repo.commit("init");
    repo
}

const BROKEN: &str = r#"version = 1

[settings]
exlude = ["vendor/**"]
max_teams_per_change = "two"

[coupling]
min_degree = 1.5
changeset = "squash"

[teams.payments]
leader = "alice@acme.com"
depends_on = ["platfrom"]

[teams.platform]
leader = "dave@acme.com"

[[own]]
team = "paymnets"
paths = ["/src/", "!/src/legacy/"]

[[own]]
paths = ["/docs/"]

[rules]
dead-patern = "warning"
unowned-file = "fatal"
"#;

#[test]
fn every_error_is_reported_at_once_with_its_place() {
    let repo = repo(BROKEN);
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 2, "config errors are failures: {}", run.stdout);
    let j = run.json();
    let got: Vec<(String, u64, String)> = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["location"]["line"].as_u64().unwrap(),
                f["help"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let lines: Vec<(&str, u64)> = got.iter().map(|(r, l, _)| (r.as_str(), *l)).collect();
    assert_eq!(
        lines,
        vec![
            ("invalid-config", 4),
            ("invalid-config", 5),
            ("invalid-config", 8),
            ("invalid-config", 9),
            ("unknown-team", 13),
            ("unknown-team", 19),
            ("invalid-pattern", 20),
            ("invalid-config", 22),
            ("invalid-config", 26),
            ("invalid-config", 27),
        ]
    );
    assert!(got[0].2.contains("did you mean `exclude`"));
    assert!(got[4].2.contains("did you mean `platform`"));
    assert!(got[5].2.contains("did you mean `payments`"));
    assert!(got[8].2.contains("did you mean `dead-pattern`"));
    assert_eq!(j["findings"][0]["location"]["file"], "OWNERS.toml");
    assert_eq!(j["findings"][0]["location"]["column"], 1);
}

#[test]
fn human_diagnostics_point_into_the_file() {
    let repo = repo(BROKEN);
    let run = repo.run(&["check", "--color", "never"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!("broken_config_human", run.stdout);
}

#[test]
fn toml_syntax_errors_have_a_place() {
    let repo = repo("version = 1\n[teams.a\nleader = \"x\"\n");
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 2);
    let f = &run.json()["findings"][0];
    assert_eq!(f["rule"], "invalid-config");
    assert_eq!(f["location"]["line"], 2);
    assert!(f["message"].as_str().unwrap().starts_with("TOML syntax"));
}

#[test]
fn directory_files_take_only_their_keys() {
    let mut repo = repo(
        "version = 1\n[teams.a]\nleader = \"x@y.z\"\n[[own]]\nteam = \"a\"\npaths = [\"*\"]\n",
    );
    repo.write(
        "src/OWNERS.toml",
        "tem = \"a\"\n[teams.b]\nleader = \"q@y.z\"\n",
    );
    repo.commit("dir file");
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 2);
    let j = run.json();
    let f = j["findings"].as_array().unwrap();
    assert_eq!(f.len(), 2);
    assert_eq!(f[0]["location"]["file"], "src/OWNERS.toml");
    assert!(f[0]["help"]
        .as_str()
        .unwrap()
        .contains("did you mean `team`"));
    assert!(f[1]["message"]
        .as_str()
        .unwrap()
        .contains("belongs in the root"));
}

#[test]
fn a_missing_root_file_says_how_to_make_one() {
    let mut repo = TestRepo::new();
    repo.write("a", "");
    repo.commit("init");
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no OWNERS.toml"), "{}", run.stderr);
    assert!(run.stderr.contains("teamlint init"));
}

#[test]
fn a_huge_garbage_file_reports_a_bounded_number_of_errors() {
    let garbage = "= = =\n".repeat(200_000);
    let repo = repo(&garbage);
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 2);
    let n = run.json()["findings"].as_array().unwrap().len();
    assert!(n <= 51, "{n} findings");
}

#[test]
fn a_fifty_megabyte_config_is_read() {
    let mut text = String::from(
        "version = 1\n[teams.a]\nleader = \"x@y.z\"\n[[own]]\nteam = \"a\"\npaths = [\"*\"]\n",
    );
    let line = format!("# {}\n", "x".repeat(1000));
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&line);
    }
    let repo = repo(&text);
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
