//! `action.yml` read as text: the rules that keep its steps safe and wired.

use std::collections::{BTreeMap, BTreeSet};

use super::root;

/// The `run:` values of a YAML file: inline ones and block scalars
/// (`run: |`), each as (line number, text).
fn run_blocks(yaml: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start().trim_start_matches("- ");
        let indent = line.len() - line.trim_start().len();
        if let Some(value) = trimmed.strip_prefix("run:") {
            let value = value.trim();
            let mut text = value.to_string();
            if value.starts_with('|') || value.starts_with('>') {
                text.clear();
                let mut j = i + 1;
                while j < lines.len() {
                    let l = lines[j];
                    let ind = l.len() - l.trim_start().len();
                    if !l.trim().is_empty() && ind <= indent {
                        break;
                    }
                    text.push_str(l);
                    text.push('\n');
                    j += 1;
                }
            }
            out.push((i + 1, text));
        }
        i += 1;
    }
    out
}

#[test]
fn no_run_step_in_action_yml_contains_an_expression() {
    let yaml = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let blocks = run_blocks(&yaml);
    assert!(blocks.len() >= 2, "found only {blocks:?}");
    for (line, text) in &blocks {
        assert!(
            !text.contains("${{"),
            "action.yml:{line}: a run step contains an expression:\n{text}"
        );
    }
    // The check itself catches one.
    let bad = "steps:\n  - run: |\n      echo ok\n      echo ${{ inputs.args }}\n    shell: bash\n";
    assert!(run_blocks(bad).iter().any(|(_, t)| t.contains("${{")));
}

#[test]
fn every_input_reaches_the_script_through_env() {
    let yaml = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let inputs = yaml
        .split("\ninputs:\n")
        .nth(1)
        .and_then(|s| s.split("\noutputs:\n").next())
        .unwrap();
    let names: Vec<&str> = inputs
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   ") && l.ends_with(':'))
        .map(|l| l.trim().trim_end_matches(':'))
        .collect();
    for name in ["args", "config", "base", "format", "sarif-file", "fail-on"] {
        assert!(names.contains(&name), "input {name} missing from {names:?}");
    }
    for name in names {
        let env = format!(": ${{{{ inputs.{name} }}}}");
        let line = yaml
            .lines()
            .find(|l| l.trim_start().starts_with("INPUT_") && l.ends_with(&env));
        assert!(
            line.is_some(),
            "input {name} is not passed as an INPUT_ variable"
        );
    }
}

/// One step of the composite action: its top-level keys with their inline
/// values, and its `env:` and `with:` maps.
#[derive(Debug, Default)]
struct Step {
    line: usize,
    keys: BTreeMap<String, String>,
    env: BTreeMap<String, String>,
    with: BTreeMap<String, String>,
}

impl Step {
    fn get(&self, key: &str) -> Option<&str> {
        self.keys.get(key).map(String::as_str)
    }
}

/// The steps under `runs.steps`, for the layout action.yml keeps: a step
/// starts with `    - `, its keys are indented by six, their maps by eight.
fn steps(yaml: &str) -> Vec<Step> {
    let mut out: Vec<Step> = Vec::new();
    let mut in_steps = false;
    let mut map: Option<String> = None;
    for (i, line) in yaml.lines().enumerate() {
        if line == "  steps:" {
            in_steps = true;
            continue;
        }
        if !in_steps || line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if indent < 4 {
            break;
        }
        let (indent, text) = match line.trim_start().strip_prefix("- ") {
            Some(rest) if indent == 4 => {
                out.push(Step {
                    line: i + 1,
                    ..Step::default()
                });
                (6, rest)
            }
            _ => (indent, line.trim_start()),
        };
        let step = out.last_mut().expect("a step before its keys");
        let split = || {
            let (key, value) = text
                .split_once(':')
                .unwrap_or_else(|| panic!("action.yml:{}: not `key: value`", i + 1));
            (key.to_string(), value.trim().to_string())
        };
        match indent {
            6 => {
                let (key, value) = split();
                map = value.is_empty().then(|| key.clone());
                step.keys.insert(key, value);
            }
            8 => {
                let (key, value) = split();
                let target = match map.as_deref() {
                    Some("env") => &mut step.env,
                    Some("with") => &mut step.with,
                    other => panic!("action.yml:{}: a map under {other:?}", i + 1),
                };
                target.insert(key, value);
            }
            // Block scalars (restore-keys: |).
            _ => {}
        }
    }
    out
}

fn action() -> (String, Vec<Step>) {
    let yaml = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let steps = steps(&yaml);
    assert!(steps.len() >= 4, "found only {steps:?}");
    (yaml, steps)
}

/// The script a `run:` step runs, and the script with the library it
/// sources.
fn script_of(step: &Step) -> Option<(String, String)> {
    let run = step.get("run")?;
    let name = run
        .strip_prefix("bash \"$GITHUB_ACTION_PATH/scripts/")
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or_else(|| {
            panic!(
                "action.yml:{}: a run step does more than run a script: {run}",
                step.line
            )
        });
    let text = std::fs::read_to_string(root().join("scripts").join(name)).unwrap();
    let lib = std::fs::read_to_string(root().join("scripts/action-lib.sh")).unwrap();
    Some((name.to_string(), format!("{text}\n{lib}")))
}

/// Variables a script takes from its environment: those it reads with a
/// default (`${NAME:-…}`), less the ones the runner sets.
fn env_reads(script: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (at, _) in script.match_indices("${") {
        let rest = &script[at + 2..];
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..len];
        let upper = name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if upper
            && !name.is_empty()
            && rest[len..].starts_with(":-")
            && !name.starts_with("GITHUB_")
            && !name.starts_with("RUNNER_")
            && name != "TMPDIR"
        {
            out.insert(name.to_string());
        }
    }
    out
}

#[test]
fn every_run_step_runs_a_script_and_passes_what_it_reads_by_env() {
    let (_, steps) = action();
    let mut scripts = 0;
    for step in &steps {
        let Some((name, script)) = script_of(step) else {
            continue;
        };
        scripts += 1;
        let reads = env_reads(&script);
        assert!(!reads.is_empty(), "{name} reads nothing?");
        for var in &reads {
            assert!(
                step.env.contains_key(var),
                "action.yml:{}: {name} reads {var}, which its step does not set",
                step.line
            );
        }
        for (var, value) in &step.env {
            if let Some(input) = var.strip_prefix("INPUT_") {
                let input = input.to_ascii_lowercase().replace('_', "-");
                assert_eq!(
                    value,
                    &format!("${{{{ inputs.{input} }}}}"),
                    "action.yml:{}",
                    step.line
                );
            }
        }
    }
    assert!(scripts >= 4, "{steps:?}");
    // The scan sees a read; the runner's own variables are not asked for.
    let reads = env_reads("A=\"${INPUT_X:-}\" B=\"${GITHUB_SHA:-}\" c=\"${low:-}\"");
    assert_eq!(reads.into_iter().collect::<Vec<_>>(), ["INPUT_X"]);
}

#[test]
fn every_step_output_action_yml_reads_is_written_by_that_step() {
    let (yaml, steps) = action();
    let by_id: BTreeMap<&str, &Step> = steps
        .iter()
        .filter_map(|s| Some((s.get("id")?, s)))
        .collect();
    let mut seen = 0;
    for (at, _) in yaml.match_indices("steps.") {
        let rest = &yaml[at + "steps.".len()..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || "-_.".contains(c)))
            .unwrap_or(rest.len());
        let Some((id, output)) = rest[..end].split_once(".outputs.") else {
            continue;
        };
        seen += 1;
        let step = by_id
            .get(id)
            .unwrap_or_else(|| panic!("no step with id {id}"));
        if step
            .get("uses")
            .is_some_and(|u| u.starts_with("actions/cache/restore@"))
        {
            assert!(
                ["cache-hit", "cache-primary-key", "cache-matched-key"].contains(&output),
                "actions/cache/restore has no output {output}"
            );
            continue;
        }
        let (name, script) = script_of(step).expect("a run step");
        assert!(
            script.contains(&format!("output {output} "))
                || script.contains(&format!("echo \"{output}=")),
            "{name} does not write the output {output}"
        );
    }
    assert!(seen >= 10, "found only {seen} step outputs");
}

#[test]
fn each_cache_is_saved_under_the_path_and_key_it_is_restored_from() {
    let (_, steps) = action();
    let uses = |s: &Step, what: &str| s.get("uses").is_some_and(|u| u.starts_with(what));
    let restored: Vec<(&str, &str)> = steps
        .iter()
        .filter(|s| uses(s, "actions/cache/restore@"))
        .map(|s| (s.with["path"].as_str(), s.with["key"].as_str()))
        .collect();
    let saved: Vec<(&str, &str)> = steps
        .iter()
        .filter(|s| uses(s, "actions/cache/save@"))
        .map(|s| (s.with["path"].as_str(), s.with["key"].as_str()))
        .collect();
    assert_eq!(restored.len(), 2, "{steps:?}");
    assert_eq!(restored, saved);
    // Saving is conditional: a hit is not saved again, a failed build never.
    for s in steps.iter().filter(|s| uses(s, "actions/cache/save@")) {
        assert!(s.get("if").is_some(), "action.yml:{}", s.line);
    }
}
