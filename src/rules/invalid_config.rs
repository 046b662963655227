use super::{Group, Rule};
use crate::finding::Severity;

/// Raised by the config reader; documented here.
pub const RULE: Rule = Rule {
    name: "invalid-config",
    default: Severity::Error,
    group: Group::Config,
    summary: "TOML syntax, unknown key, wrong type",
    doc: "## What it does
Reports an OWNERS.toml that cannot be read: a TOML syntax error, a key
teamlint does not know, or a value of the wrong type.

## Why is this bad?
A config teamlint cannot read gives no ownership at all; a misspelt key
(`exlude`) would silently do nothing.

## Example
```toml
[settings]
exlude = [\"vendor/**\"]   # unknown key: did you mean `exclude`?
```

## How to fix
Follow the label and the help line; every error in every file is shown at
once. This rule cannot be allowed, and a run with it exits with status 2.",
};
