//! `teamlint init --from-history`: a planted split is recovered from a
//! real history, and the file written passes `check` and measures, under
//! `audit`, what init printed.

mod support;

use std::collections::BTreeMap;

use support::TestRepo;

/// Three planted teams, each with its own people and two directories that
/// change together; a few changes cross teams.
fn planted() -> TestRepo {
    let mut repo = TestRepo::new();
    let teams = [
        ("ana@acme.com", "amy@acme.com", ["api/", "api-client/"]),
        ("bo@acme.com", "ben@acme.com", ["billing/", "invoices/"]),
        ("cy@acme.com", "cat@acme.com", ["cli/", "docs/cli/"]),
    ];
    for (_, _, dirs) in &teams {
        for d in dirs {
            repo.write(&format!("{d}a.txt"), "0")
                .write(&format!("{d}b.txt"), "0");
        }
    }
    repo.write("README.md", "r");
    repo.commit_as("ana@acme.com", "init");
    for round in 0..8 {
        for (lead, member, dirs) in &teams {
            let v = round.to_string();
            repo.write(&format!("{}a.txt", dirs[0]), &v)
                .write(&format!("{}b.txt", dirs[1]), &v);
            repo.commit_as(lead, "both halves");
            repo.write(&format!("{}b.txt", dirs[0]), &v)
                .write(&format!("{}a.txt", dirs[1]), &v);
            let author = if round < 6 { member } else { lead };
            repo.commit_as(author, "both halves again");
        }
        if round % 4 == 0 {
            repo.write("api/a.txt", &format!("x{round}"))
                .write("billing/a.txt", &format!("x{round}"));
            repo.commit_as("ana@acme.com", "across");
        }
    }
    repo
}

fn owners(repo: &TestRepo) -> BTreeMap<String, String> {
    let run = repo.run(&["ls"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

#[test]
fn the_planted_teams_are_recovered() {
    let repo = planted();
    let run = repo.run(&["init", "--from-history", "--teams", "3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let map = owners(&repo);
    let of = |p: &str| {
        map.get(p)
            .cloned()
            .unwrap_or_else(|| panic!("{p}: {map:?}"))
    };
    assert_eq!(of("api/a.txt"), of("api-client/b.txt"));
    assert_eq!(of("billing/a.txt"), of("invoices/a.txt"));
    assert_eq!(of("cli/a.txt"), of("docs/cli/b.txt"));
    let three: std::collections::BTreeSet<String> =
        [of("api/a.txt"), of("billing/a.txt"), of("cli/a.txt")].into();
    assert_eq!(three.len(), 3, "{map:?}");

    let text = std::fs::read_to_string(repo.path().join("OWNERS.toml")).unwrap();
    // The people who change the code lead it; names say what a team owns.
    assert!(text.contains("leader = \"ana@acme.com\""), "{text}");
    assert!(text.contains("leader = \"bo@acme.com\""), "{text}");
    assert!(text.contains("  \"amy@acme.com\",  # amy\n"), "{text}");
    assert!(
        text.contains("[teams.billing]") || text.contains("[teams.invoices]"),
        "{text}"
    );

    // The figure printed is the audit's.
    let audit = repo.run(&["audit", "--format", "json", "--exit-zero"]);
    let sep = audit.json()["separability"].as_f64().unwrap();
    assert!(
        run.stderr
            .contains(&format!("repository separability {:.1}%", sep * 100.0)),
        "{}\n{sep}",
        run.stderr
    );
    assert!(sep > 0.9, "{sep}");
}

#[test]
fn the_draft_passes_check() {
    let repo = planted();
    let run = repo.run(&["init", "--from-history"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // K was chosen, and the reason given.
    assert!(run.stderr.contains("teams: the knee"), "{}", run.stderr);
    let check = repo.run(&["check"]);
    assert_eq!(check.code, 0, "{}\n{}", check.stdout, check.stderr);
}

#[test]
fn no_history_or_an_existing_map_gets_a_clear_answer() {
    let empty = TestRepo::new();
    empty.write("a.txt", "x").stage_all();
    let run = empty.run(&["init", "--from-history"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no changes in history"),
        "{}",
        run.stderr
    );

    let repo = planted();
    repo.write("OWNERS.toml", "version = 1\n");
    let run = repo.run(&["init", "--from-history"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    let run = repo.run(&["init", "--teams", "3"]);
    assert_eq!(run.code, 2, "--teams needs --from-history");
}

#[test]
fn k_follows_the_teams_codeowners_names_today() {
    let repo = planted();
    repo.write(
        ".github/CODEOWNERS",
        "/api/ @acme/api\n/billing/ @acme/billing\n",
    );
    let run = repo.run(&["init", "--from-history"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("2 teams: as many as .github/CODEOWNERS names today"),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(repo.path().join("OWNERS.toml")).unwrap();
    assert_eq!(text.matches("\n[teams.").count(), 2, "{text}");
}

#[test]
fn one_person_under_several_addresses_counts_once() {
    let mut repo = planted();
    // Ana also commits from an old address, which .mailmap joins, and Bo
    // from a second address under the same name; both change cli's code
    // from there. As people, they stay with the teams they lead; as
    // separate addresses, those would be members of cli.
    repo.write(".mailmap", "Ana Lopez <ana@acme.com> <ana@old.com>\n");
    for i in 0..6 {
        repo.write("cli/a.txt", &format!("old{i}"))
            .write("docs/cli/b.txt", &format!("old{i}"));
        repo.commit_as("ana@old.com", "from the old address");
        repo.write("cli/b.txt", &format!("home{i}"))
            .write("docs/cli/a.txt", &format!("home{i}"));
        repo.commit_by("bo", "bo@home.net", "from home");
    }
    let run = repo.run(&["init", "--from-history", "--teams", "3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(repo.path().join("OWNERS.toml")).unwrap();
    let team_of = |leader: &str| -> &str {
        text.split("\n[teams.")
            .find(|t| t.contains(&format!("leader = \"{leader}\"")))
            .unwrap_or_else(|| panic!("{leader} leads no team:\n{text}"))
    };
    let ana = team_of("ana@acme.com");
    assert!(ana.contains("  \"ana@old.com\",  # Ana Lopez\n"), "{text}");
    let bo = team_of("bo@acme.com");
    assert!(bo.contains("  \"bo@home.net\",  # bo\n"), "{text}");
    assert_eq!(text.matches("ana@old.com").count(), 1, "{text}");
    assert_eq!(text.matches("bo@home.net").count(), 1, "{text}");
    let check = repo.run(&["check"]);
    assert_eq!(check.code, 0, "{}\n{}", check.stdout, check.stderr);
}

#[test]
fn a_changelog_every_team_writes_is_left_unowned_and_tests_stay_with_their_code() {
    let mut repo = TestRepo::new();
    let teams = ["alpha", "beta", "gamma", "delta"];
    for t in teams {
        repo.write(&format!("src/{t}/a.rs"), "0")
            .write(&format!("tests/{t}/a_test.rs"), "0");
    }
    repo.write("CHANGELOG.md", "");
    repo.commit_as("init@acme.com", "init");
    for i in 0..8 {
        for t in teams {
            let who = format!("{t}@acme.com");
            repo.write(&format!("src/{t}/a.rs"), &format!("v{i}"))
                .write("CHANGELOG.md", &format!("{t}{i}"));
            repo.commit_as(&who, "change with its changelog entry");
            repo.write(&format!("src/{t}/a.rs"), &format!("w{i}"));
            repo.commit_as(&who, "change");
            // Tests change on their own: only the layout ties them to
            // their code.
            repo.write(&format!("tests/{t}/a_test.rs"), &format!("t{i}"));
            repo.commit_as(&who, "test");
        }
    }
    let run = repo.run(&["init", "--from-history", "--teams", "4"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("left unowned: /CHANGELOG.md"),
        "{}",
        run.stderr
    );
    let map = owners(&repo);
    assert_eq!(map["CHANGELOG.md"], "(unowned)", "{map:?}");
    let drafted: std::collections::BTreeSet<&String> = teams
        .iter()
        .map(|t| &map[&format!("src/{t}/a.rs")])
        .collect();
    assert_eq!(drafted.len(), 4, "{map:?}");
    for t in teams {
        assert_eq!(
            map[&format!("tests/{t}/a_test.rs")],
            map[&format!("src/{t}/a.rs")],
            "{map:?}"
        );
    }
    let check = repo.run(&["check"]);
    assert_eq!(check.code, 0, "{}\n{}", check.stdout, check.stderr);
}

/// A directory whose name no pattern can hold (a tab, an escape) stays
/// with its parent's team, and init says so; the map is written.
#[test]
fn a_directory_no_pattern_can_name_is_left_to_its_parent() {
    let mut repo = planted();
    for round in 0..6 {
        let v = round.to_string();
        repo.write("api/tab\there/x.txt", &v)
            .write("billing/esc\u{1b}[1m/y.txt", &v)
            .write("api/a.txt", &format!("t{v}"));
        repo.commit_as("ana@acme.com", "odd names");
    }
    let run = repo.run(&["init", "--from-history"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stderr.contains("left to the parent's team"), "{run}");
    assert!(run.stderr.contains("api/tab\\there/"), "{run}");
    assert!(!run.stderr.contains('\u{1b}'), "{run}");
    let owners = owners(&repo);
    let of = |p: &str| {
        owners
            .iter()
            .find(|(k, _)| k.contains(p))
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| panic!("{p} not listed: {owners:?}"))
    };
    assert_eq!(of("tab"), of("api/a.txt"));
    assert_eq!(of("esc"), of("billing/a.txt"));
    let check = repo.run(&["check", "--format", "json"]);
    assert!(
        !check.rules().contains(&"invalid-pattern".to_string()),
        "{check}"
    );
}
