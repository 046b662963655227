//! `teamlint init`: a lossless CODEOWNERS import, and never a lost file.

mod support;

use std::collections::BTreeMap;

use support::{fixture, TestRepo};

/// A team name as the import derives it from a CODEOWNERS owner.
fn team_of(owner: &str) -> String {
    match owner.strip_prefix('@') {
        Some(h) => h.rsplit('/').next().unwrap().to_string(),
        None => owner.split('@').next().unwrap().to_string(),
    }
}

#[test]
fn a_real_world_shaped_codeowners_imports_without_a_change_in_meaning() {
    let codeowners = std::fs::read_to_string(fixture("codeowners/acme.CODEOWNERS")).unwrap();
    assert!(codeowners.lines().count() >= 50);
    let paths = std::fs::read_to_string(fixture("codeowners/acme-paths.txt")).unwrap();
    // The owners GitHub resolves for each path (last matching line wins).
    let expected_tsv = std::fs::read_to_string(fixture("codeowners/acme-expected.tsv")).unwrap();

    let mut repo = TestRepo::new();
    for p in paths.lines().filter(|l| !l.is_empty()) {
        repo.write(p, "x\n");
    }
    repo.write(".github/CODEOWNERS", &codeowners);
    repo.commit("monorepo");
    let run = repo.run(&["init", "--from-codeowners", ".github/CODEOWNERS"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let run = repo.run(&["ls", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let j = run.json();
    let got: BTreeMap<String, (Vec<String>, bool)> = j["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let teams = e["teams"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap().to_string())
                .collect();
            let declared = e["declared_unowned"].as_bool().unwrap_or(false);
            (e["path"].as_str().unwrap().to_string(), (teams, declared))
        })
        .collect();

    let mut checked = 0;
    let mut mismatches = Vec::new();
    for line in expected_tsv.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (path, owners) = (cols[0], cols[3]);
        let mut want: Vec<String> = owners.split_whitespace().map(team_of).collect();
        want.sort();
        want.dedup();
        let (teams, declared) = got.get(path).unwrap_or_else(|| panic!("{path} not listed"));
        let mut teams = teams.clone();
        teams.sort();
        if teams != want || (want.is_empty() && !declared) {
            mismatches.push(format!("{path}: want {want:?}, got {teams:?}"));
        }
        checked += 1;
    }
    assert!(checked >= 150, "{checked}");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));

    // The imported file passes its own config checks (leaders may be missing).
    let run = repo.run(&["check", "--format", "json", "-A", "missing-leader"]);
    assert_ne!(run.code, 2, "{}", run.stdout);
}

#[test]
fn init_never_overwrites_without_force() {
    let mut repo = TestRepo::new();
    repo.write("OWNERS.toml", "# mine\n");
    repo.write("CODEOWNERS", "* @acme/all\n");
    repo.commit("init");
    let run = repo.run(&["init", "--from-codeowners", "CODEOWNERS"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert!(run.stderr.contains("--force"));
    assert_eq!(
        std::fs::read_to_string(repo.path().join("OWNERS.toml")).unwrap(),
        "# mine\n"
    );

    let run = repo.run(&["init", "--from-codeowners", "CODEOWNERS", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(repo.path().join("OWNERS.toml")).unwrap();
    assert!(text.contains("[teams.all]"));
    assert!(text.contains("github = \"@acme/all\""));
}

#[test]
fn init_without_codeowners_writes_a_working_starter() {
    let mut repo = TestRepo::new();
    repo.write("src/main.rs", "");
    repo.commit("init");
    let run = repo.run(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.rules(), Vec::<String>::new());
}

#[test]
fn several_owners_unowned_lines_and_skipped_lines() {
    let mut repo = TestRepo::new();
    repo.write(
        "CODEOWNERS",
        "* @acme/core\n/shared/ @acme/a @acme/b\n/gen/\n!/gen/keep @acme/a\n/odd\\ name/ someone@acme.com\n",
    );
    repo.write("shared/x", "");
    repo.write("gen/y", "");
    repo.write("odd name/z", "");
    repo.write("other", "");
    repo.commit("init");
    let run = repo.run(&["init", "--from-codeowners", "CODEOWNERS"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("1 CODEOWNERS line"), "{}", run.stderr);
    let run = repo.run(&["ls"]);
    assert!(run.stdout.contains("shared/x\ta,b"), "{}", run.stdout);
    assert!(run.stdout.contains("gen/y\t(unowned)"));
    assert!(run.stdout.contains("odd name/z\tsomeone"));
    assert!(run.stdout.contains("other\tcore"));
    let run = repo.run(&["check", "--format", "json"]);
    assert!(run.rules().contains(&"shared-ownership".to_string()));
}

#[test]
fn control_characters_of_a_skipped_line_do_not_break_the_file() {
    let mut repo = TestRepo::new();
    repo.write_bytes(
        "CODEOWNERS",
        b"* @acme/core\n/odd\x01\rname\x7f not-an-owner\n/lib/ @acme/lib\n",
    );
    repo.write("lib/x", "");
    repo.commit("init");
    let run = repo.run(&["init", "--from-codeowners", "CODEOWNERS"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(repo.path().join("OWNERS.toml")).unwrap();
    assert!(text.contains("\\u{0001}"), "{text}");
    let run = repo.run(&["ls"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("lib/x\tlib"), "{}", run.stdout);
}

#[test]
fn owners_whose_team_names_clash_get_names_of_their_own() {
    let mut repo = TestRepo::new();
    repo.write(
        "CODEOWNERS",
        "/a/ @acme.x/t\n/b/ @acme-x/t\n/c/ @Acme.X/T\n",
    );
    repo.write("a/f", "");
    repo.write("b/f", "");
    repo.write("c/f", "");
    repo.commit("init");
    let run = repo.run(&["init", "--from-codeowners", "CODEOWNERS"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = repo.run(&["ls"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // GitHub reads handles without regard to case: `c/` is `a/`'s team.
    assert!(run.stdout.contains("a/f\tacme-x-t-2\n"), "{}", run.stdout);
    assert!(run.stdout.contains("b/f\tacme-x-t\n"), "{}", run.stdout);
    assert!(run.stdout.contains("c/f\tacme-x-t-2\n"), "{}", run.stdout);
}

#[test]
fn the_import_gives_owners_toml_to_the_team_that_owned_codeowners() {
    let mut repo = TestRepo::new();
    repo.write(
        ".github/CODEOWNERS",
        "* @acme/web\n/.github/CODEOWNERS @acme/admins\n/api/ @acme/api\n",
    );
    repo.write("api/x", "");
    repo.commit("init");
    let run = repo.run(&["init", "--from-codeowners", ".github/CODEOWNERS"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "the map (/OWNERS.toml, the baseline, CODEOWNERS) is owned by team `admins` (it owned the CODEOWNERS file)"
        ),
        "{}",
        run.stderr
    );
    let run = repo.run(&["explain", "OWNERS.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("admins"), "{}", run.stdout);
    // The lines GitHub reads keep their meaning.
    let run = repo.run(&["ls"]);
    assert!(run.stdout.contains("api/x\tapi\n"), "{}", run.stdout);
    assert!(
        run.stdout.contains(".github/CODEOWNERS\tadmins\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn without_an_owner_of_codeowners_the_owner_of_star_keeps_owners_toml() {
    let mut repo = TestRepo::new();
    // Two teams own CODEOWNERS: neither is the one owner to hand it on to.
    repo.write("CODEOWNERS", "* @acme/web\n/CODEOWNERS @acme/a @acme/b\n");
    repo.commit("init");
    let run = repo.run(&["init", "--from-codeowners", "CODEOWNERS"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("owned by team `web` (the CODEOWNERS lines already gave it"),
        "{}",
        run.stderr
    );
    // `*` gives the map's files to that team already: no rule to add, so
    // the next export is the CODEOWNERS it came from.
    let text = std::fs::read_to_string(repo.path().join("OWNERS.toml")).unwrap();
    assert!(!text.contains("This map now decides"), "{text}");
    let run = repo.run(&["explain", "OWNERS.toml"]);
    assert!(run.stdout.contains("owner:    web"), "{}", run.stdout);
}

#[test]
fn the_import_says_what_to_do_next() {
    let mut repo = TestRepo::new();
    repo.write(
        "CODEOWNERS",
        "* @acme/web\n/api/ @acme/api\n/docs/ dana@acme.test\n",
    );
    repo.commit("init");
    let run = repo.run(&["init", "--from-codeowners", "CODEOWNERS"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "fill in `leader` (one person) for the 2 team(s) that have none: `api`, `web`"
        ),
        "{}",
        run.stderr
    );
    // The steps come in the order that works: regenerate CODEOWNERS,
    // record the baseline, commit them together, then install the hook.
    let at = |s: &str| {
        run.stderr
            .find(s)
            .unwrap_or_else(|| panic!("{s} missing: {}", run.stderr))
    };
    assert!(at("teamlint codeowners --write") < at("teamlint baseline --write"));
    assert!(at("teamlint baseline --write") < at("commit OWNERS.toml"));
    assert!(at("commit OWNERS.toml") < at("teamlint hook install"));
    // Once the leaders are in, the imported map checks clean.
    let text = std::fs::read_to_string(repo.path().join("OWNERS.toml")).unwrap();
    // Its audit starts from recent history.
    assert!(text.contains("[coupling]\nsince = \"12 months\""), "{text}");
    let text = text.replace(
        "# leader = \"someone@example.com\"  # one person whose only job is this team\ngithub = \"@acme/api\"",
        "leader = \"a@acme.test\"\ngithub = \"@acme/api\"",
    );
    let text = text.replace(
        "# leader = \"someone@example.com\"  # one person whose only job is this team\ngithub = \"@acme/web\"",
        "leader = \"w@acme.test\"\ngithub = \"@acme/web\"",
    );
    repo.write("OWNERS.toml", &text);
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn init_beside_a_codeowners_offers_the_import() {
    for at in ["CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS"] {
        let mut repo = TestRepo::new();
        repo.write(at, "* @acme/web\n");
        repo.commit("init");
        let run = repo.run(&["init"]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        // The message wraps at 80 columns; compare it without the breaks.
        let squashed = squash(&run.stderr);
        let said = |s: &str| squashed.contains(&squash(s));
        assert!(
            said(&format!("this repository has a CODEOWNERS file ({at})")),
            "{}",
            run.stderr
        );
        assert!(
            said(&format!("`teamlint init --from-codeowners {at}`")),
            "{}",
            run.stderr
        );
        assert!(!repo.path().join("OWNERS.toml").exists());

        let run = repo.run(&["init", "--force"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(repo.path().join("OWNERS.toml").exists());
    }
}

/// Text without whitespace or the frame characters of a wrapped message.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '│')
        .collect()
}

#[test]
fn with_no_single_owner_of_codeowners_the_team_of_most_lines_owns_the_map() {
    let mut repo = TestRepo::new();
    repo.write(
        "CODEOWNERS",
        "/web/ @acme/web\n/api/ @acme/api\n/web2/ @acme/web\n",
    );
    repo.commit("init");
    let run = repo.run(&["init", "--from-codeowners", "CODEOWNERS"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "owned by team `web` (no single team owned CODEOWNERS; it owns the most lines)"
        ),
        "{}",
        run.stderr
    );
    let run = repo.run(&["explain", "OWNERS.toml", "teamlint-baseline.json"]);
    assert_eq!(
        run.stdout.matches("owner:    web").count(),
        2,
        "{}",
        run.stdout
    );
}

#[test]
fn init_owner_names_the_team_that_owns_the_map_and_refuses_an_unknown_one() {
    let mut repo = TestRepo::new();
    repo.write(
        "CODEOWNERS",
        "/web/ @acme/web\n/api/ @acme/api\n/CODEOWNERS @acme/web\n",
    );
    repo.commit("init");
    let run = repo.run(&["init", "--from-codeowners", "CODEOWNERS", "--owner", "apj"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `api`"), "{}", run.stderr);
    assert!(!repo.path().join("OWNERS.toml").exists());
    let run = repo.run(&["init", "--from-codeowners", "CODEOWNERS", "--owner", "api"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("owned by team `api` (--owner named it)"),
        "{}",
        run.stderr
    );
    let run = repo.run(&["explain", "OWNERS.toml"]);
    assert!(run.stdout.contains("owner:    api"), "{}", run.stdout);
}

#[test]
fn a_map_written_elsewhere_owns_its_own_path_or_nothing() {
    let mut repo = TestRepo::new();
    repo.write("CODEOWNERS", "/conf/keep @acme/web\n");
    repo.write("conf/keep", "");
    repo.commit("init");
    let run = repo.run(&[
        "-c",
        "conf/team map.toml",
        "init",
        "--from-codeowners",
        "CODEOWNERS",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(repo.path().join("conf/team map.toml")).unwrap();
    assert!(
        text.ends_with(
            "team = \"web\"\npaths = [\"/conf/team\\\\ map.toml\", \"/teamlint-baseline.json\"]\n"
        ),
        "{text}"
    );

    // Outside the repository no pattern can name it.
    let scratch = tempfile::tempdir().unwrap();
    let outside = scratch.path().join("OWNERS.toml");
    let run = repo.run(&[
        "-c",
        outside.to_str().unwrap(),
        "init",
        "--from-codeowners",
        "CODEOWNERS",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&outside).unwrap();
    assert!(!text.contains("This map now decides"), "{text}");
    assert!(!run.stderr.contains("itself is owned"), "{}", run.stderr);
}
