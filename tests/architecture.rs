//! The shape of the workspace, kept by a test: the crates are the layers
//! and Cargo keeps them one-way; inside a crate, data flows one way through
//! the top-level modules and there is no cycle between the files of a
//! module (docs/architecture.md); every rule is registered, documented and
//! has its file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use teamlint_core::finding::{Group, RuleId};

/// The crates, lowest first, with the workspace crates each may depend on.
const CRATES: &[(&str, &str, &[&str])] = &[
    ("teamlint-core", "crates/teamlint-core", &[]),
    ("teamlint-git", "crates/teamlint-git", &["teamlint-core"]),
    (
        "teamlint-report",
        "crates/teamlint-report",
        &["teamlint-core"],
    ),
    (
        "teamlint-engine",
        "crates/teamlint-engine",
        &["teamlint-core", "teamlint-git"],
    ),
    (
        "teamlint",
        ".",
        &[
            "teamlint-core",
            "teamlint-git",
            "teamlint-engine",
            "teamlint-report",
        ],
    ),
];

/// Libraries only one crate may name.
const OWNED_DEPENDENCIES: &[(&str, &str)] = &[
    ("git2", "teamlint-git"),
    ("libgit2-sys", "teamlint-git"),
    ("gix-commitgraph", "teamlint-git"),
    ("gix-hash", "teamlint-git"),
    ("clap", "teamlint"),
    ("clap_complete", "teamlint"),
    ("clap_mangen", "teamlint"),
    ("indicatif", "teamlint"),
    ("ctrlc", "teamlint"),
    ("mimalloc", "teamlint"),
    ("miette", "teamlint-report"),
    ("maud", "teamlint-report"),
];

/// The top-level modules of each crate, lowest first. A module may use
/// modules of its own layer or below, never above; and there is no cycle
/// at all.
const LAYERS: &[(&str, &[&[&str]])] = &[
    (
        "teamlint-core",
        &[
            &["finding", "suggest", "date", "pattern", "pathname"],
            &["config"],
            &["error", "fsutil", "ownership", "codeowners", "baseline"],
            &["metrics"],
            &["design"],
            &["rules"],
        ],
    ),
    ("teamlint-git", &[&["repo"], &["history"], &["change"]]),
    (
        "teamlint-report",
        &[
            &["guard", "json", "markdown"],
            &["human"],
            &["github", "gitlab", "sarif", "suggest", "audit"],
        ],
    ),
    (
        "teamlint-engine",
        &[
            &["files", "measure"],
            &["tree", "landed"],
            &["review", "audit"],
        ],
    ),
    ("teamlint", &[&["app"]]),
];

/// The binary's own files: they parse the command line and read the
/// process's state, and hand both to the library.
const BINARY: &[&str] = &["main", "cli"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn src_of(krate: &str) -> PathBuf {
    let (_, dir, _) = CRATES.iter().find(|(n, _, _)| *n == krate).unwrap();
    root().join(dir).join("src")
}

fn src() -> PathBuf {
    src_of("teamlint")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A file's code without its unit tests (tests may reach anywhere).
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// The top-level module a file of a crate belongs to (`None` for lib.rs
/// and the binary's files).
fn module_of(src: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src).unwrap();
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs").to_string();
    (name != "lib" && !BINARY.contains(&name.as_str())).then_some(name)
}

fn is_test_file(file: &Path) -> bool {
    file.ends_with("fixtures.rs") || file.ends_with("tests.rs")
}

/// The names that follow `prefix` in `code`: `prefix::a`, and each item of
/// `prefix::{a, b::c}`.
fn names_after(code: &str, prefix: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = Vec::new();
    for (i, _) in code.match_indices(prefix) {
        let before = code[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &code[i + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            let mut depth = 0;
            let mut item = String::new();
            for c in group[..end].chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(ident(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            out.push(ident(&item));
        } else {
            out.push(ident(rest));
        }
    }
    out.retain(|n| !n.is_empty() && n != "self");
    out
}

/// Top-level module of a crate → the modules of that crate it names, with
/// a file that does.
fn graph(krate: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let src = src_of(krate);
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in files {
        let Some(from) = module_of(&src, &file) else {
            continue;
        };
        if is_test_file(&file) {
            continue;
        }
        let code = code_of(&file);
        let deps = out.entry(from.clone()).or_default();
        for name in names_after(&code, "crate::") {
            if name != from {
                deps.entry(name)
                    .or_insert_with(|| file.display().to_string());
            }
        }
    }
    out
}

fn layer(krate: &str, module: &str) -> Option<usize> {
    let (_, layers) = LAYERS.iter().find(|(k, _)| *k == krate)?;
    layers.iter().position(|l| l.contains(&module))
}

/// A depth-first search for a cycle; the cycle found, if any.
fn cycle(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit<'a>(
        g: &'a BTreeMap<String, BTreeSet<String>>,
        node: &'a str,
        stack: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|n| *n == node) {
            let mut cycle: Vec<String> = stack[i..].iter().map(|s| s.to_string()).collect();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if !done.insert(node) {
            return None;
        }
        stack.push(node);
        for next in g.get(node).into_iter().flatten() {
            if let Some(c) = visit(g, next, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        None
    }
    let mut done = BTreeSet::new();
    g.keys()
        .find_map(|node| visit(g, node, &mut Vec::new(), &mut done))
}

fn manifest(dir: &str) -> toml::Table {
    let text = std::fs::read_to_string(root().join(dir).join("Cargo.toml")).unwrap();
    text.parse().unwrap()
}

/// The dependencies a manifest names (normal, build and per-target).
fn dependencies(m: &toml::Table) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut add = |t: Option<&toml::Value>| {
        if let Some(t) = t.and_then(|t| t.as_table()) {
            out.extend(t.keys().cloned());
        }
    };
    add(m.get("dependencies"));
    add(m.get("build-dependencies"));
    if let Some(targets) = m.get("target").and_then(|t| t.as_table()) {
        for t in targets.values() {
            add(t.get("dependencies"));
        }
    }
    out
}

#[test]
fn the_crates_are_the_workspace_and_depend_one_way() {
    let workspace = manifest(".");
    let members: BTreeSet<String> = workspace["workspace"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().to_string())
        .collect();
    let listed: BTreeSet<String> = CRATES
        .iter()
        .filter(|(_, dir, _)| *dir != ".")
        .map(|(_, dir, _)| dir.to_string())
        .collect();
    assert_eq!(members, listed, "CRATES lists the workspace's members");
    let names: BTreeSet<&str> = CRATES.iter().map(|(n, _, _)| *n).collect();
    let mut wrong = Vec::new();
    for (name, dir, allowed) in CRATES {
        let m = manifest(dir);
        assert_eq!(m["package"]["name"].as_str(), Some(*name));
        for dep in dependencies(&m) {
            if names.contains(dep.as_str()) && !allowed.contains(&dep.as_str()) {
                wrong.push(format!("{name} depends on {dep}: only {allowed:?} may be"));
            }
            // gitoxide's crates (gix-*) are the git layer's alone, like git2.
            if dep.starts_with("gix-") && *name != "teamlint-git" {
                wrong.push(format!("{name} depends on {dep}: only teamlint-git may"));
            }
            if let Some((_, owner)) = OWNED_DEPENDENCIES.iter().find(|(d, _)| *d == dep) {
                if owner != name {
                    wrong.push(format!("{name} depends on {dep}: only {owner} may"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// gitoxide crates a normal build of teamlint-git compiles; every other
/// gix-* dependency is optional, for the gix-trial bench alone.
const GIX_IN_USE: &[&str] = &["gix-commitgraph", "gix-hash"];

#[test]
fn gitoxide_beyond_what_is_used_is_for_the_trial_only() {
    let m = manifest("crates/teamlint-git");
    let deps = m["dependencies"].as_table().unwrap();
    let mut wrong = Vec::new();
    for (dep, spec) in deps {
        if !dep.starts_with("gix-") || GIX_IN_USE.contains(&dep.as_str()) {
            continue;
        }
        let optional = spec.get("optional").and_then(toml::Value::as_bool) == Some(true);
        let in_trial = m["features"]["gix-trial"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f.as_str() == Some(&format!("dep:{dep}")));
        if !optional || !in_trial {
            wrong.push(format!(
                "teamlint-git names {dep}: only as an optional dependency of the gix-trial feature"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_top_level_module_has_a_layer() {
    for (krate, _, _) in CRATES {
        let src = src_of(krate);
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(&src, f)).collect();
        for m in &modules {
            assert!(
                layer(krate, m).is_some(),
                "module `{m}` of {krate} is in no layer of LAYERS"
            );
        }
    }
}

#[test]
fn data_flows_one_way() {
    let mut wrong = Vec::new();
    for (krate, _, _) in CRATES {
        for (from, deps) in graph(krate) {
            let Some(lf) = layer(krate, &from) else {
                continue;
            };
            for (to, file) in deps {
                let Some(lt) = layer(krate, &to) else {
                    continue;
                };
                if lt > lf {
                    wrong.push(format!("`{from}` uses `{to}`, a layer above it ({file})"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_cycle_between_top_level_modules() {
    for (krate, _, _) in CRATES {
        let g: BTreeMap<String, BTreeSet<String>> = graph(krate)
            .into_iter()
            .map(|(m, deps)| (m, deps.into_keys().collect()))
            .collect();
        if let Some(c) = cycle(&g) {
            panic!("import cycle in {krate}: {}", c.join(" -> "));
        }
    }
}

/// Inside every directory of every crate, the files (other than `mod.rs`,
/// which declares them) name each other one way only.
#[test]
fn no_cycle_between_the_files_of_a_module() {
    let mut dirs = Vec::new();
    for (krate, _, _) in CRATES {
        let mut files = Vec::new();
        rust_files(&src_of(krate), &mut files);
        let mut by_dir: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
        for f in files {
            by_dir
                .entry(f.parent().unwrap().to_path_buf())
                .or_default()
                .push(f);
        }
        dirs.extend(by_dir);
    }
    let mut checked = 0;
    for (dir, files) in dirs {
        let stem = |f: &Path| f.file_stem().unwrap().to_string_lossy().into_owned();
        let siblings: BTreeSet<String> = files
            .iter()
            .map(|f| stem(f))
            .filter(|s| s != "mod" && s != "lib" && s != "main")
            .collect();
        // Submodules in a directory of their own are siblings too.
        let siblings: BTreeSet<String> = siblings
            .into_iter()
            .chain(std::fs::read_dir(&dir).unwrap().filter_map(|e| {
                let p = e.unwrap().path();
                p.is_dir()
                    .then(|| p.file_name().unwrap().to_string_lossy().into_owned())
            }))
            .collect();
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for f in &files {
            let me = stem(f);
            if !siblings.contains(&me) || is_test_file(f) {
                continue;
            }
            let code = code_of(f);
            let named: BTreeSet<String> = names_after(&code, "super::")
                .into_iter()
                .filter(|n| siblings.contains(n) && *n != me)
                .collect();
            g.insert(me, named);
        }
        checked += g.len();
        if let Some(c) = cycle(&g) {
            panic!(
                "files of {} name each other: {}",
                dir.display(),
                c.join(" -> ")
            );
        }
    }
    assert!(checked > 50, "only {checked} files looked at");
}

#[test]
fn commands_do_not_import_each_other() {
    let commands = [
        "audit",
        "baseline_cmd",
        "check",
        "codeowners_cmd",
        "explain",
        "hook",
        "init",
        "ls",
        "rules_cmd",
        "suggest",
        "draft",
    ];
    let mut wrong = Vec::new();
    for c in commands {
        let path = src().join("app").join(format!("{c}.rs"));
        let code = code_of(&path);
        for other in commands.iter().filter(|o| **o != c) {
            if code.contains(&format!("super::{other}::"))
                || code.contains(&format!("app::{other}::"))
            {
                wrong.push(format!("app/{c}.rs uses app/{other}.rs"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn rule_names_are_unique_kebab_case() {
    let mut seen = BTreeSet::new();
    for &r in RuleId::ALL {
        let name = r.name();
        assert!(seen.insert(name), "`{name}` twice");
        assert!(
            !name.is_empty()
                && name
                    .split('-')
                    .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase())),
            "`{name}` is not kebab-case"
        );
    }
}

#[test]
fn every_rule_has_its_file_and_every_file_its_rule() {
    let dir = src_of("teamlint-core").join("rules");
    let files: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "mod.rs")
        .collect();
    // Config rules are raised while the config is read; they have no file.
    let expected: BTreeSet<String> = RuleId::ALL
        .iter()
        .filter(|r| r.group() != Group::Config)
        .map(|r| format!("{}.rs", r.name().replace('-', "_")))
        .collect();
    assert_eq!(
        files, expected,
        "crates/teamlint-core/src/rules/ holds one file per rule"
    );
    let module = std::fs::read_to_string(dir.join("mod.rs")).unwrap();
    for f in &files {
        let m = f.trim_end_matches(".rs");
        assert!(
            module.contains(&format!("mod {m};")),
            "rules/mod.rs does not declare `{m}`"
        );
    }
}

#[test]
fn every_rule_doc_has_the_headings_and_its_toml_parses() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let pages: BTreeSet<String> = std::fs::read_dir(&docs)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let expected: BTreeSet<String> = RuleId::ALL
        .iter()
        .map(|r| format!("{}.md", r.name()))
        .collect();
    assert_eq!(pages, expected, "docs/rules/ holds one page per rule");
    for &r in RuleId::ALL {
        let doc = r.doc();
        let mut at = 0;
        for heading in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## How to fix",
        ] {
            let i = doc[at..]
                .find(heading)
                .unwrap_or_else(|| panic!("{}: no `{heading}` (in this order)", r.name()));
            at += i + heading.len();
        }
        assert!(!r.summary().is_empty());
        // Every TOML example must be valid TOML (the snippet may be a
        // fragment of a file, so only the syntax is checked).
        let mut rest = doc;
        while let Some(i) = rest.find("```toml\n") {
            let body = &rest[i + 8..];
            let end = body.find("```").expect("closed code block");
            if let Err(e) = body[..end].parse::<toml::Table>() {
                panic!("{}: its TOML example does not parse: {e}", r.name());
            }
            rest = &body[end..];
        }
    }
}

#[test]
fn only_the_binary_knows_the_command_line_and_the_process() {
    let mut files = Vec::new();
    for (krate, _, _) in CRATES {
        let src = src_of(krate);
        let mut all = Vec::new();
        rust_files(&src, &mut all);
        files.extend(all.into_iter().filter(|f| module_of(&src, f).is_some()));
    }
    let mut wrong = Vec::new();
    for file in &files {
        let code = code_of(file);
        for what in [
            "clap::",
            "indicatif::",
            "std::io::stdin",
            "std::io::stdout",
            "std::io::stderr",
            "std::process::exit",
        ] {
            if code.contains(what) {
                wrong.push(format!("{} uses {what}", file.display()));
            }
        }
        // The environment is the caller's, except git's own variables,
        // which the repository reads as git does.
        for (i, _) in code.match_indices("std::env::var") {
            let call = &code[i..code.len().min(i + 60)];
            if !call.contains("\"GIT_") {
                wrong.push(format!("{} reads the environment: {call}", file.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
