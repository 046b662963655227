//! `teamlint suggest` on real histories: the moves it proposes keep every
//! constraint, and the figures it prints are what `audit --compare` measures
//! on the map it writes.

mod support;

use serde_json::Value;
use support::TestRepo;

const OWNERS: &str = r#"version = 1
[coupling]
min_revs = 1

[teams.app]
leader = "ana@acme.com"
[teams.lib]
leader = "li@acme.com"
[teams.ops]
leader = "otto@acme.com"

[[own]]
team = "ops"
paths = ["/ops/", "/README.md"]

[[own]]
team = "app"
paths = ["/app/"]

[[own]]
teams = ["app", "lib"]
paths = ["/shared/"]

[[own]]
team = "lib"
paths = ["/lib/"]

[[own]]
unowned = true
paths = ["/vendor/"]
"#;

/// `shared/` always changes with `app/`; `lib/parse/` too; the rest of
/// `lib/` and `ops/` change alone; `vendor/` (unowned) changes with `app/`.
fn history() -> TestRepo {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", OWNERS)
        .write("README.md", "r")
        .write("ops/deploy.sh", "0")
        .write("lib/core.rs", "0")
        .write("lib/util.rs", "0")
        .write("lib/parse/mod.rs", "0")
        .write("vendor/dep.rs", "0");
    repo.commit("init");
    for i in 0..6 {
        repo.commit_files(
            &[
                ("app/main.rs", &i.to_string()),
                ("shared/api.rs", &i.to_string()),
            ],
            "app and shared",
        );
        repo.commit_files(
            &[
                ("app/main.rs", &format!("p{i}")),
                ("lib/parse/mod.rs", &i.to_string()),
            ],
            "app and the parser",
        );
        repo.commit_files(&[("lib/core.rs", &i.to_string())], "lib");
        repo.commit_files(&[("lib/util.rs", &i.to_string())], "lib util");
        repo.commit_files(&[("ops/deploy.sh", &i.to_string())], "ops");
        repo.commit_files(
            &[
                ("app/main.rs", &format!("v{i}")),
                ("vendor/dep.rs", &i.to_string()),
            ],
            "app and vendor",
        );
    }
    repo
}

fn suggest(repo: &TestRepo, extra: &[&str]) -> Value {
    let mut args = vec!["suggest", "--format", "json"];
    args.extend_from_slice(extra);
    let run = repo.run(&args);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    run.json()
}

fn compared(repo: &TestRepo, file: &str) -> Value {
    let run = repo.run(&[
        "audit",
        "--format",
        "json",
        "--exit-zero",
        "--compare",
        file,
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    run.json()
}

#[test]
fn the_moves_raise_separability_and_audit_compare_measures_the_same() {
    let repo = history();
    let out = repo.path().join("proposed.toml");
    let out = out.to_str().unwrap();
    let json = suggest(&repo, &["--write", out]);
    let moves = json["moves"].as_array().unwrap();
    assert!(!moves.is_empty(), "{json:#}");
    // A shared rule's files belong to no single team, so giving them to
    // the team they change with fixes no change: it is not a move that
    // raises separability (shared-ownership asks for it on its own).
    assert!(
        moves
            .iter()
            .all(|m| m["patterns"][0] != "/shared/" || m["to"] == "app"),
        "{json:#}"
    );
    // Only the parser moves out of lib, as a directory of its own.
    let parse = moves
        .iter()
        .find(|m| m["kind"] == "directory")
        .unwrap_or_else(|| panic!("{json:#}"));
    assert_eq!(parse["patterns"][0], "/lib/parse/");
    assert_eq!(parse["to"], "app");
    // Cumulative, rising, and the last one is the proposal's figure.
    let seps: Vec<f64> = moves
        .iter()
        .map(|m| m["separability"].as_f64().unwrap())
        .collect();
    assert!(seps.windows(2).all(|w| w[1] > w[0]), "{seps:?}");
    assert_eq!(json["after"].as_f64(), seps.last().copied());
    assert!(json["after"].as_f64() > json["before"].as_f64());

    let audit = compared(&repo, out);
    assert_eq!(audit["separability"], json["before"]);
    assert_eq!(audit["compare"]["separability"], json["after"]);
    let text = std::fs::read_to_string(out).unwrap();
    assert!(text.contains("# teamlint suggest, move 1:"), "{text}");

    // `check` accepts the written map.
    let run = repo.run(&["-c", out, "check", "--format", "json", "--exit-zero"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rules = run.rules();
    assert!(!rules.iter().any(|r| r.starts_with("invalid")), "{rules:?}");
}

#[test]
fn moves_keep_every_team_within_the_balance_and_unowned_paths_stay() {
    let repo = history();
    let out = repo.path().join("proposed.toml");
    let out = out.to_str().unwrap();
    let json = suggest(&repo, &["--write", out]);
    for t in json["teams"].as_array().unwrap() {
        let (b, a) = (
            t["volume_before"].as_f64().unwrap(),
            t["volume_after"].as_f64().unwrap(),
        );
        assert!(a >= b / 2.0 - 1e-9 && a <= b * 2.0 + 1e-9, "{t:#}");
    }
    let ls = repo.run(&["-c", out, "ls"]).stdout;
    assert!(ls.contains("vendor/dep.rs\t(unowned)"), "{ls}");
    for team in ["app", "lib", "ops"] {
        assert!(
            ls.contains(&format!("\t{team}\n")),
            "{team} owns nothing:\n{ls}"
        );
    }
}

#[test]
fn a_tight_bound_is_respected_and_said() {
    let repo = history();
    let json = suggest(&repo, &["--balance", "1"]);
    assert!(json["moves"].as_array().unwrap().is_empty(), "{json:#}");
    let notes = json["notes"].to_string();
    assert!(notes.contains("no move raises separability"), "{notes}");
    let human = repo.run(&["suggest", "--balance", "1"]);
    assert_eq!(human.code, 0);
    assert!(human.stdout.contains("--balance"), "{}", human.stdout);
}

#[test]
fn a_team_is_never_emptied() {
    let mut repo = TestRepo::new();
    repo.write(
        "OWNERS.toml",
        "version = 1\n[coupling]\nmin_revs = 1\n[teams.app]\nleader = \"a@x.io\"\n\
         [teams.ui]\nleader = \"u@x.io\"\n[[own]]\nteam = \"app\"\npaths = [\"*\"]\n\
         [[own]]\nteam = \"ui\"\npaths = [\"/ui/\"]\n",
    );
    repo.commit("init");
    for i in 0..5 {
        repo.commit_files(
            &[("app.rs", &i.to_string()), ("ui/view.ts", &i.to_string())],
            "both",
        );
    }
    // The only moves that help give one team's every file to the other.
    let json = suggest(&repo, &["--balance", "1000"]);
    assert!(json["moves"].as_array().unwrap().is_empty(), "{json:#}");
    assert!(
        json["notes"].to_string().contains("no move raises"),
        "{json:#}"
    );
}

#[test]
fn one_team_no_history_or_nothing_movable_get_a_clear_answer() {
    let mut one = TestRepo::new();
    one.write(
        "OWNERS.toml",
        "version = 1\n[teams.all]\nleader = \"a@x.io\"\n[[own]]\nteam = \"all\"\npaths = [\"*\"]\n",
    );
    one.commit("init");
    let run = one.run(&["suggest"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("1 team(s)"), "{}", run.stderr);

    let empty = TestRepo::new();
    empty.write("OWNERS.toml", OWNERS).stage_all();
    let run = empty.run(&["suggest"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("no changes in the window"),
        "{}",
        run.stderr
    );

    let mut dirs = TestRepo::new();
    dirs.write(
        "OWNERS.toml",
        "version = 1\n[teams.a]\nleader = \"a@x.io\"\n[teams.b]\nleader = \"b@x.io\"\n\
         [[own]]\nunowned = true\npaths = [\"/OWNERS.toml\"]\n",
    )
    .write("a/OWNERS.toml", "team = \"a\"\n")
    .write("b/OWNERS.toml", "team = \"b\"\n")
    .write("a/x.rs", "0")
    .write("b/y.rs", "0");
    dirs.commit("init");
    dirs.commit_files(&[("a/x.rs", "1"), ("b/y.rs", "1")], "both");
    let run = dirs.run(&["suggest"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("nothing can move"), "{}", run.stderr);
}

#[test]
fn every_format_shows_the_measured_figures() {
    let repo = history();
    let json = suggest(&repo, &["--moves", "1"]);
    let after = json["after"].as_f64().unwrap();
    let shown = format!("{:.1}%", after * 100.0);
    for format in ["human", "markdown", "html"] {
        let run = repo.run(&["suggest", "--moves", "1", "--format", format]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains(&shown), "{format}: {}", run.stdout);
    }
    let run = repo.run(&["suggest", "--format", "sarif"]);
    assert_eq!(run.code, 2);
}

/// Four teams, each with its own directory; every team writes
/// `CHANGELOG.md` alongside its code, and the map gives it to `a`.
fn changelog() -> TestRepo {
    let mut repo = TestRepo::new();
    repo.write(
        "OWNERS.toml",
        "version = 1\n[coupling]\nmin_revs = 1\n\
         [teams.a]\nleader = \"a@x.io\"\n[teams.b]\nleader = \"b@x.io\"\n\
         [teams.c]\nleader = \"c@x.io\"\n[teams.d]\nleader = \"d@x.io\"\n\
         [[own]]\nteam = \"a\"\npaths = [\"/a/\", \"/CHANGELOG.md\", \"/OWNERS.toml\"]\n\
         [[own]]\nteam = \"b\"\npaths = [\"/b/\"]\n\
         [[own]]\nteam = \"c\"\npaths = [\"/c/\"]\n\
         [[own]]\nteam = \"d\"\npaths = [\"/d/\"]\n",
    );
    for t in ["a", "b", "c", "d"] {
        repo.write(&format!("{t}/main.rs"), "0");
    }
    repo.write("CHANGELOG.md", "");
    repo.commit("init");
    for i in 0..6 {
        for t in ["a", "b", "c", "d"] {
            repo.commit_files(
                &[
                    (&format!("{t}/main.rs"), &format!("v{i}")),
                    ("CHANGELOG.md", &format!("{t}{i}")),
                ],
                &format!("{t}: change {i}, with its changelog entry"),
            );
            repo.commit_files(&[(&format!("{t}/main.rs"), &format!("solo{i}"))], "solo");
        }
    }
    repo
}

#[test]
fn a_changelog_every_team_writes_is_proposed_unowned_and_never_given_to_one_team() {
    let repo = changelog();
    let out = repo.path().join("proposed.toml");
    let out = out.to_str().unwrap();
    let json = suggest(&repo, &["--balance", "1000", "--write", out]);
    let moves = json["moves"].as_array().unwrap();
    let first = &moves[0];
    assert_eq!(first["kind"], "unowned", "{json:#}");
    assert_eq!(first["patterns"], serde_json::json!(["/CHANGELOG.md"]));
    assert_eq!(first["from"], serde_json::json!(["a"]));
    // Every change that wrote it with b's, c's or d's code stops crossing.
    assert_eq!(first["fixed"], 18.0, "{json:#}");
    assert!(
        first["why"].as_str().unwrap().contains("4 teams"),
        "{first:#}"
    );
    for m in moves {
        let patterns = m["patterns"].to_string();
        assert!(
            m["kind"] == "unowned" || !patterns.contains("CHANGELOG"),
            "{json:#}"
        );
    }
    // Measured like any move: audit --compare agrees.
    let audit = compared(&repo, out);
    assert_eq!(audit["compare"]["separability"], json["after"]);
    let ls = repo.run(&["-c", out, "ls"]).stdout;
    assert!(ls.contains("CHANGELOG.md\t(unowned)"), "{ls}");
    let human = repo.run(&["suggest"]).stdout;
    assert!(human.contains("leave `/CHANGELOG.md` unowned"), "{human}");
}

/// `core` owns `src/` and `tests/`; `src/plugins/` and its tests change
/// with the plugins team's `ext/`.
fn plugins() -> TestRepo {
    let mut repo = TestRepo::new();
    repo.write(
        "OWNERS.toml",
        "version = 1\n[coupling]\nmin_revs = 1\n\
         [teams.core]\nleader = \"c@x.io\"\n[teams.plugins]\nleader = \"p@x.io\"\n\
         [[own]]\nteam = \"core\"\npaths = [\"/src/\", \"/OWNERS.toml\"]\n\
         [[own]]\nteam = \"core\"\npaths = [\"/tests/\"]\n\
         [[own]]\nteam = \"plugins\"\npaths = [\"/ext/\"]\n",
    )
    .write("src/core.rs", "0")
    .write("src/plugins/x.rs", "0")
    .write("tests/plugins/x_test.rs", "0")
    .write("ext/a.rs", "0");
    repo.commit("init");
    for i in 0..20 {
        repo.commit_files(&[("src/core.rs", &i.to_string())], "core");
    }
    for i in 0..10 {
        repo.commit_files(&[("ext/a.rs", &format!("solo{i}"))], "ext");
    }
    for i in 0..8 {
        let v = format!("v{i}");
        repo.commit_files(
            &[
                ("ext/a.rs", &v),
                ("src/plugins/x.rs", &v),
                ("tests/plugins/x_test.rs", &v),
            ],
            "plugin with its test",
        );
    }
    repo
}

#[test]
fn tests_beside_their_code_move_with_it() {
    let repo = plugins();
    let out = repo.path().join("proposed.toml");
    let out = out.to_str().unwrap();
    let json = suggest(&repo, &["--write", out]);
    let moves = json["moves"].as_array().unwrap();
    let plugin = moves
        .iter()
        .find(|m| m["patterns"][0] == "/src/plugins/")
        .unwrap_or_else(|| panic!("{json:#}"));
    assert_eq!(plugin["to"], "plugins");
    assert_eq!(plugin["patterns"][1], "/tests/plugins/", "{json:#}");
    assert_eq!(plugin["fixed"], 8.0);
    assert!(
        plugin["why"].as_str().unwrap().contains("tests"),
        "{plugin:#}"
    );
    // Nothing moves the tests alone.
    assert!(!moves.iter().any(|m| m["patterns"][0] == "/tests/plugins/"));
    let ls = repo.run(&["-c", out, "ls"]).stdout;
    assert!(ls.contains("src/plugins/x.rs\tplugins\n"), "{ls}");
    assert!(ls.contains("tests/plugins/x_test.rs\tplugins\n"), "{ls}");
    assert!(ls.contains("src/core.rs\tcore\n"), "{ls}");
}

#[test]
fn no_file_moves_twice() {
    // `lib/` goes to b first; `lib/sub/` would then gain a little by
    // moving on to c: the same files moved twice.
    let mut repo = TestRepo::new();
    repo.write(
        "OWNERS.toml",
        "version = 1\n[coupling]\nmin_revs = 1\n\
         [teams.a]\nleader = \"a@x.io\"\n[teams.b]\nleader = \"b@x.io\"\n[teams.c]\nleader = \"c@x.io\"\n\
         [[own]]\nteam = \"a\"\npaths = [\"/a/\", \"/lib/\", \"/OWNERS.toml\"]\n\
         [[own]]\nteam = \"b\"\npaths = [\"/b/\"]\n\
         [[own]]\nteam = \"c\"\npaths = [\"/c/\"]\n",
    )
    .write("a/own.rs", "0")
    .write("lib/a.rs", "0")
    .write("lib/sub/s.rs", "0")
    .write("b/x.rs", "0")
    .write("c/y.rs", "0");
    repo.commit("init");
    for i in 0..10 {
        repo.commit_files(&[("a/own.rs", &i.to_string())], "a");
    }
    for i in 0..5 {
        let v = format!("ab{i}");
        repo.commit_files(&[("lib/a.rs", &v), ("b/x.rs", &v)], "lib with b");
    }
    for i in 0..2 {
        let v = format!("sb{i}");
        repo.commit_files(&[("lib/sub/s.rs", &v), ("b/x.rs", &v)], "sub with b");
    }
    for i in 0..3 {
        let v = format!("sc{i}");
        repo.commit_files(&[("lib/sub/s.rs", &v), ("c/y.rs", &v)], "sub with c");
    }
    let json = suggest(&repo, &["--balance", "4"]);
    let moves = json["moves"].as_array().unwrap();
    assert_eq!(moves[0]["patterns"][0], "/lib/", "{json:#}");
    assert_eq!(moves[0]["to"], "b");
    assert!(
        !moves.iter().any(|m| m["patterns"][0] == "/lib/sub/"),
        "{json:#}"
    );
}

/// Team names and commit subjects come from the repository: the human
/// report writes their control characters escaped, as every other report
/// does (an ESC drives the terminal, a bare CR starts a log line).
#[test]
fn the_human_report_escapes_names_and_subjects() {
    let mut repo = TestRepo::new();
    let owners = OWNERS
        .replace("[teams.app]", "[teams.\"a\\u001b[2Jp\"]")
        .replace("team = \"app\"", "team = \"a\\u001b[2Jp\"")
        .replace(
            "teams = [\"app\", \"lib\"]",
            "teams = [\"a\\u001b[2Jp\", \"lib\"]",
        );
    repo.write("OWNERS.toml", &owners)
        .write("README.md", "r")
        .write("ops/deploy.sh", "0")
        .write("lib/core.rs", "0")
        .write("lib/parse/mod.rs", "0");
    repo.commit("init");
    for i in 0..6 {
        repo.commit_files(
            &[
                ("app/main.rs", &i.to_string()),
                ("lib/parse/mod.rs", &i.to_string()),
            ],
            "shared\r::error::pwned \u{1b}[31mred",
        );
        repo.commit_files(&[("lib/core.rs", &i.to_string())], "lib");
        repo.commit_files(&[("ops/deploy.sh", &i.to_string())], "ops");
    }
    let run = repo.run(&["suggest", "--color", "never"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stdout.contains("give"), "no move proposed:\n{run}");
    assert!(!run.stdout.contains('\u{1b}'), "{run}");
    assert!(!run.stdout.contains('\r'), "{run}");
    assert!(run.stdout.contains("a\\033[2Jp"), "{run}");
    assert!(
        run.stdout.contains("shared\\r::error::pwned \\033[31mred"),
        "{run}"
    );
}
