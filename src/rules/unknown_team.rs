use super::{Group, Rule};
use crate::finding::Severity;

/// Raised by the config reader; documented here.
pub const RULE: Rule = Rule {
    name: "unknown-team",
    default: Severity::Error,
    group: Group::Config,
    summary: "a rule or `depends_on` names an undeclared team",
    doc: "## What it does
Reports a team name, in an `[[own]]` rule, a directory file's `team =` or a
`depends_on` list, that has no `[teams.NAME]` table in the root OWNERS.toml.

## Why is this bad?
A typo in a team name would hand files to a team nobody leads.

## Example
```toml
[teams.payments]
leader = \"alice@acme.com\"

[[own]]
team = \"paymnets\"        # did you mean `payments`?
paths = [\"/services/payments/\"]
```

## How to fix
Fix the name (the help line suggests the nearest declared team) or declare
the team with its leader.",
};
