//! Releases: one version everywhere (Cargo.toml's), and the release archives
//! named as `cargo binstall`, `scripts/install.sh` and the release workflow
//! expect them.
#![cfg(unix)]

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use support::Run;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn toml_of(rel: &str) -> toml::Table {
    read(rel)
        .parse::<toml::Table>()
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn release_sh(args: &[&str]) -> Run {
    let mut cmd = support::command("bash");
    cmd.arg(root().join("scripts/release.sh")).args(args);
    Run::within(&mut cmd, Duration::from_secs(60))
}

/// The release versions CHANGELOG.md has sections for, newest first.
fn changelog_versions() -> Vec<String> {
    read("CHANGELOG.md")
        .lines()
        .filter_map(|l| l.strip_prefix("## ["))
        .filter_map(|l| l.split_once(']'))
        .map(|(v, _)| v.to_string())
        .filter(|v| v != "Unreleased")
        .collect()
}

#[test]
fn the_binary_the_wheel_the_changelog_and_the_tag_share_cargo_tomls_version() {
    let cargo = toml_of("Cargo.toml");
    let version = cargo["package"]["version"].as_str().unwrap();
    assert_eq!(version, VERSION);

    // The binary.
    let run = support::teamlint().arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&run.stdout).trim(),
        format!("teamlint {version}")
    );

    // The wheel: maturin takes the version from Cargo.toml only when
    // pyproject.toml declares it dynamic and sets none of its own.
    let py = toml_of("pyproject.toml");
    let project = py["project"].as_table().unwrap();
    assert_eq!(project["name"].as_str(), Some("teamlint"));
    assert!(
        !project.contains_key("version"),
        "pyproject.toml sets a version of its own"
    );
    let dynamic: Vec<&str> = project["dynamic"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(dynamic.contains(&"version"), "{dynamic:?}");
    assert_eq!(py["tool"]["maturin"]["bindings"].as_str(), Some("bin"));
    assert_eq!(
        py["build-system"]["build-backend"].as_str(),
        Some("maturin")
    );

    // The newest release in CHANGELOG.md is this version.
    let released = changelog_versions();
    assert_eq!(
        released.first().map(String::as_str),
        Some(version),
        "{released:?}"
    );

    // The tag: the release workflow checks it with `release.sh check-tag`.
    let ok = release_sh(&["check-tag", &format!("v{version}")]);
    assert_eq!(ok.code, 0, "{ok}");
    assert_eq!(ok.stdout.trim(), version);
    for wrong in [
        format!("v{version}.1"),
        version.to_string(),
        "v0.0.0".into(),
    ] {
        let run = release_sh(&["check-tag", &wrong]);
        assert_eq!(run.code, 1, "{wrong}\n{run}");
        assert!(run.stderr.contains("Cargo.toml"), "{run}");
    }
    let workflow = read(".github/workflows/release.yml");
    assert!(
        workflow.contains("scripts/release.sh check-tag \"$TAG\""),
        "the release workflow does not check its tag"
    );
    // Its release notes are this version's section.
    let notes = release_sh(&["notes", version]);
    assert_eq!(notes.code, 0, "{notes}");
    assert!(!notes.stdout.trim().is_empty(), "{notes}");
    assert!(!notes.stdout.contains("## ["), "{notes}");
}

#[test]
fn the_json_version_contract_points_at_the_changelog() {
    let reference = read("docs/reference.md");
    let json = reference
        .split("### <a id=\"5-2-json\"></a>")
        .nth(1)
        .and_then(|s| s.split("\n### ").next())
        .unwrap();
    assert!(json.contains("](../CHANGELOG.md)"), "{json}");
    assert!(read("CHANGELOG.md").contains("\"version\""));
}

/// `pkg-url` and `bin-dir` of `[package.metadata.binstall]` (with the
/// target's override) filled in as cargo-binstall fills them.
fn binstall(target: &str) -> (String, String) {
    let cargo = toml_of("Cargo.toml");
    let meta = cargo["package"]["metadata"]["binstall"].as_table().unwrap();
    let over = meta
        .get("overrides")
        .and_then(|o| o.get(target))
        .and_then(|o| o.as_table());
    let get = |key: &str| {
        over.and_then(|o| o.get(key))
            .or_else(|| meta.get(key))
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| panic!("no {key} for {target}"))
            .to_string()
    };
    let exe = if target.contains("windows") {
        ".exe"
    } else {
        ""
    };
    let fill = |t: String| {
        t.replace("{ repo }", cargo["package"]["repository"].as_str().unwrap())
            .replace("{ name }", "teamlint")
            .replace("{ version }", VERSION)
            .replace("{ target }", target)
            .replace("{ bin }", "teamlint")
            .replace("{ binary-ext }", exe)
    };
    let (url, dir) = (fill(get("pkg-url")), fill(get("bin-dir")));
    assert!(!url.contains('{') && !dir.contains('{'), "{url} {dir}");
    let fmt = get("pkg-fmt");
    assert!(
        (fmt == "zip") == url.ends_with(".zip") && (fmt == "tgz") == url.ends_with(".tar.gz"),
        "{target}: pkg-fmt {fmt} for {url}"
    );
    (url, dir)
}

/// The files in an archive that `release.sh archive` made.
fn listing(archive: &Path) -> Vec<String> {
    let mut cmd = support::command("python3");
    cmd.args(["-c", "import sys, tarfile, zipfile\np = sys.argv[1]\nnames = zipfile.ZipFile(p).namelist() if p.endswith('.zip') else tarfile.open(p).getnames()\nprint('\\n'.join(names))"])
        .arg(archive);
    let run = Run::within(&mut cmd, Duration::from_secs(30));
    assert_eq!(run.code, 0, "{run}");
    run.stdout.lines().map(str::to_string).collect()
}

fn workflow_targets() -> Vec<String> {
    read(".github/workflows/release.yml")
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- target: "))
        .map(|t| t.trim().to_string())
        .collect()
}

#[test]
fn every_target_the_workflow_builds_is_where_binstall_and_install_sh_look() {
    let targets = workflow_targets();
    for want in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(
            targets.iter().any(|t| t == want),
            "{want} not in {targets:?}"
        );
    }
    let workflow = read(".github/workflows/release.yml");
    assert!(workflow.contains("bash scripts/release.sh build \"$TARGET\" dist"));
    assert!(workflow.contains("bash scripts/release.sh finish dist"));
    let install = read("scripts/install.sh");

    let out = tempfile::tempdir().unwrap();
    // What is packed does not matter here, only where.
    let binary = out.path().join("program");
    std::fs::write(&binary, "#!/bin/sh\n").unwrap();
    for target in &targets {
        let run = release_sh(&[
            "archive",
            binary.to_str().unwrap(),
            target,
            out.path().to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{run}");
        let made = PathBuf::from(run.stdout.trim());
        let name = made.file_name().unwrap().to_str().unwrap().to_string();

        // cargo binstall downloads exactly that file, from the release.
        let (url, dir) = binstall(target);
        let repo = toml_of("Cargo.toml")["package"]["repository"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(url, format!("{repo}/releases/download/v{VERSION}/{name}"));
        // ... and finds the binary where the archive holds it.
        let files = listing(&made);
        assert!(files.contains(&dir), "{dir} not in {files:?}");

        // Its checksum file names it, as sha256sum -c reads it.
        let sum = std::fs::read_to_string(format!("{}.sha256", made.display())).unwrap();
        assert!(sum.ends_with(&format!("  {name}\n")), "{sum}");
        assert_eq!(sum.split_whitespace().next().map(str::len), Some(64));

        // install.sh asks for the same name (for each OS it knows).
        let ext = if target.contains("windows") {
            "zip"
        } else {
            "tar.gz"
        };
        assert_eq!(name, format!("teamlint-{VERSION}-{target}.{ext}"));
        assert!(install.contains("name=\"teamlint-$VERSION-$TARGET\""));
    }
    assert!(install.contains("*-windows-*) format=zip"));

    // The release's SHA256SUMS lists every archive (the program packed is
    // not in `out`'s listing: remove it first) and checks out.
    std::fs::remove_file(&binary).unwrap();
    let finish = release_sh(&["finish", out.path().to_str().unwrap()]);
    assert_eq!(finish.code, 0, "{finish}");
    let sums = std::fs::read_to_string(out.path().join("SHA256SUMS")).unwrap();
    let named: Vec<&str> = sums.lines().filter_map(|l| l.split("  ").nth(1)).collect();
    assert_eq!(named.len(), targets.len() + 1, "{sums}");
    assert!(
        named
            .iter()
            .all(|n| n.starts_with("teamlint-") || *n == "install.sh"),
        "{sums}"
    );
    // install.sh is a release asset too (CI without a checkout of teamlint,
    // the GitLab template, downloads it from the release): the script as it
    // is in the repository, listed in SHA256SUMS, uploaded with the rest.
    assert!(named.contains(&"install.sh"), "{sums}");
    assert_eq!(
        std::fs::read(out.path().join("install.sh")).unwrap(),
        std::fs::read(root().join("scripts/install.sh")).unwrap()
    );
    assert!(
        workflow.contains("--notes-file notes.md dist/*"),
        "the release does not upload dist/*"
    );
    let mut check = support::command("sha256sum");
    check.args(["-c", "SHA256SUMS"]).current_dir(out.path());
    let checked = Run::within(&mut check, Duration::from_secs(30));
    assert_eq!(checked.code, 0, "{checked}");
    // The source the release was built from, as the Action hashes it.
    let source =
        std::fs::read_to_string(out.path().join(format!("teamlint-{VERSION}-source.sha256")))
            .unwrap();
    let mut hash = support::command("bash");
    hash.arg(root().join("scripts/source-hash.sh")).arg(root());
    let hash = Run::within(&mut hash, Duration::from_secs(30));
    assert_eq!(source.split_whitespace().next(), Some(hash.stdout.trim()));
}
