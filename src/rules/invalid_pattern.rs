use super::{Group, Rule};
use crate::finding::Severity;

/// Raised by the config reader; documented here.
pub const RULE: Rule = Rule {
    name: "invalid-pattern",
    default: Severity::Error,
    group: Group::Config,
    summary: "a pattern that cannot compile or uses unsupported syntax",
    doc: "## What it does
Reports a path pattern that is not valid CODEOWNERS syntax, such as a `!`
negation, an empty pattern or a doubled slash.

## Why is this bad?
Patterns follow GitHub CODEOWNERS exactly, so that an exported CODEOWNERS
means what OWNERS.toml means. GitHub ignores `!` lines, so accepting one
would silently change who owns what.

## Example
```toml
[[own]]
team = \"web\"
paths = [\"!/apps/legacy/\"]   # negation is not CODEOWNERS syntax
```

## How to fix
Write the paths nobody should own as their own rule with `unowned = true`,
placed after the rule they carve out of. `[` `]` `{` `}` are literal, as on
GitHub, so `/apps/[id]/` needs no escaping.",
};
