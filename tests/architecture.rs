//! The shape of the crate, kept by a test: data flows one way through the
//! top-level modules (docs/architecture.md), and every rule is registered,
//! documented and has its file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use teamlint::finding::{Group, RuleId};

/// The layers, lowest first. A module may use modules of its own layer or
/// below, never above; and there is no cycle at all.
const LAYERS: &[&[&str]] = &[
    &["finding", "suggest", "date", "pattern", "pathname"],
    &["config"],
    &["error", "fsutil", "ownership", "codeowners", "baseline"],
    &["repo", "history", "change"],
    &["metrics"],
    &["design"],
    &["rules"],
    &["report"],
    &["app"],
];

/// The binary's own files: they parse the command line and read the
/// process's state, and hand both to the library.
const BINARY: &[&str] = &["main", "cli"];

/// Modules that may name git2: the sources of paths and history, the
/// commands that wire them, and the error type that wraps git's errors.
const GIT: &[&str] = &["repo", "history", "change", "error", "app"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
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

/// The top-level library module a file belongs to (`None` for lib.rs and
/// the binary's files).
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).unwrap();
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs").to_string();
    (name != "lib" && !BINARY.contains(&name.as_str())).then_some(name)
}

/// Top-level module → the crate modules it names, with a file that does.
fn graph() -> BTreeMap<String, BTreeMap<String, String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in files {
        let Some(from) = module_of(&file) else {
            continue;
        };
        if file.ends_with("fixtures.rs") || file.ends_with("tests.rs") {
            continue;
        }
        let code = code_of(&file);
        let deps = out.entry(from.clone()).or_default();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != from {
                deps.entry(name)
                    .or_insert_with(|| file.display().to_string());
            }
        }
        if code.contains("git2::") || code.contains("use git2") {
            deps.entry("git2".into())
                .or_insert_with(|| file.display().to_string());
        }
    }
    out
}

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

#[test]
fn every_top_level_module_has_a_layer() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(f)).collect();
    for m in &modules {
        assert!(layer(m).is_some(), "module `{m}` is in no layer of LAYERS");
    }
}

#[test]
fn data_flows_one_way() {
    let mut wrong = Vec::new();
    for (from, deps) in graph() {
        let Some(lf) = layer(&from) else { continue };
        for (to, file) in deps {
            if to == "git2" {
                if !GIT.contains(&from.as_str()) {
                    wrong.push(format!("`{from}` uses git2 ({file}): only {GIT:?} may"));
                }
                continue;
            }
            let Some(lt) = layer(&to) else { continue };
            if lt > lf {
                wrong.push(format!("`{from}` uses `{to}`, a layer above it ({file})"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_cycle_between_top_level_modules() {
    let g = graph();
    // Depth-first search for a back edge, reporting the cycle it closes.
    fn visit<'a>(
        g: &'a BTreeMap<String, BTreeMap<String, String>>,
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
        for next in g.get(node).into_iter().flat_map(|d| d.keys()) {
            if let Some(c) = visit(g, next, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        None
    }
    let mut done = BTreeSet::new();
    for node in g.keys() {
        if let Some(cycle) = visit(&g, node, &mut Vec::new(), &mut done) {
            panic!("import cycle: {}", cycle.join(" -> "));
        }
    }
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
    let dir = src().join("rules");
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
    assert_eq!(files, expected, "src/rules/ holds one file per rule");
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
    rust_files(&src(), &mut files);
    let mut wrong = Vec::new();
    for file in files.iter().filter(|f| module_of(f).is_some()) {
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
