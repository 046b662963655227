//! One command model: the man pages and shell completions are generated
//! from the definitions `--help` prints, the committed pages are what the
//! binary makes, and the reference's CLI section names every flag they do.
//!
//! `TEAMLINT_UPDATE_MAN=1 cargo nextest run --test command_line` rewrites
//! docs/man/ after a change to the command line.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn teamlint(args: &[&str]) -> support::Run {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_teamlint"));
    cmd.args(args).env("NO_COLOR", "1");
    support::Run::from(cmd.output().unwrap()).of(&cmd)
}

fn man_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/man")
}

/// The commands the top page lists (`teamlint-NAME(1)`).
fn commands(top: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in top.match_indices("teamlint\\-") {
        let name: String = top[i + "teamlint\\-".len()..]
            .chars()
            .take_while(|c| c.is_ascii_lowercase())
            .collect();
        if top[i + "teamlint\\-".len() + name.len()..].starts_with("(1)")
            && name != "help"
            && !out.contains(&name)
        {
            out.push(name);
        }
    }
    out
}

/// Every page: (file name, text the binary prints).
fn pages() -> Vec<(String, String)> {
    let top = teamlint(&["man"]);
    assert_eq!(top.code, 0, "{top}");
    let mut out = vec![("teamlint.1".to_string(), top.stdout.clone())];
    for c in commands(&top.stdout) {
        let run = teamlint(&["man", &c]);
        assert_eq!(run.code, 0, "{run}");
        out.push((format!("teamlint-{c}.1"), run.stdout));
    }
    out
}

#[test]
fn the_committed_man_pages_are_what_the_binary_makes() {
    let pages = pages();
    assert!(pages.len() >= 10, "{} pages", pages.len());
    let update = std::env::var_os("TEAMLINT_UPDATE_MAN").is_some();
    if update {
        std::fs::create_dir_all(man_dir()).unwrap();
        for entry in std::fs::read_dir(man_dir()).unwrap() {
            std::fs::remove_file(entry.unwrap().path()).unwrap();
        }
    }
    let mut stale = Vec::new();
    for (name, text) in &pages {
        let path = man_dir().join(name);
        if update {
            std::fs::write(&path, text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(name.clone());
        }
    }
    let committed: BTreeSet<String> = std::fs::read_dir(man_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let made: BTreeSet<String> = pages.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(committed, made, "docs/man/ holds one page per command");
    assert!(
        stale.is_empty(),
        "docs/man/ is not what the binary makes: {stale:?}; rerun with TEAMLINT_UPDATE_MAN=1"
    );
}

#[test]
fn the_reference_names_every_command_and_flag() {
    let reference =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/reference.md"))
            .unwrap();
    let start = reference.find("## <a id=\"4-cli\"></a>4. CLI").unwrap();
    let end = start + reference[start..].find("\n## ").unwrap();
    let cli = &reference[start..end];
    let mut missing = Vec::new();
    for (name, text) in pages() {
        if let Some(command) = name
            .strip_prefix("teamlint-")
            .and_then(|n| n.strip_suffix(".1"))
        {
            if !cli.contains(&format!("`{command}")) {
                missing.push(format!("the command `{command}`"));
            }
        }
        for (i, _) in text.match_indices("\\fB\\-\\-") {
            let flag: String = text[i + "\\fB\\-\\-".len()..]
                .replace("\\-", "-")
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            if ["help", "version"].contains(&flag.as_str()) {
                continue;
            }
            if !cli.contains(&format!("--{flag}")) {
                missing.push(format!("--{flag} ({name})"));
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "docs/reference.md §4 does not name: {missing:?}"
    );
}

#[test]
fn shell_completions_cover_every_command() {
    let top = teamlint(&["man"]).stdout;
    let commands = commands(&top);
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = teamlint(&["completions", shell]);
        assert_eq!(run.code, 0, "{run}");
        for c in &commands {
            assert!(run.stdout.contains(c.as_str()), "{shell}: no `{c}`");
        }
    }
    // The bash script is valid bash.
    let script = teamlint(&["completions", "bash"]).stdout;
    let check = std::process::Command::new("bash")
        .args(["-n", "-c", &script])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let bad = teamlint(&["completions", "tcsh"]);
    assert_eq!(bad.code, 2, "{bad}");
}
