//! Where tests live beside their code, by the layouts projects use:
//! `tests/X/` (or `test/`) mirroring `X/`, `src/X/` or `pkg/X/`; a
//! `tests/`, `test/` or `__tests__/` directory inside the code it tests.
//! Test files beside their code (`x_test.go`, `test_x.py`, `x.test.ts`)
//! share its directory already and need no pairing.

/// Directory names that hold tests.
const TEST_DIRS: [&str; 3] = ["tests", "test", "__tests__"];
/// Top-level directories a mirrored test tree's code may sit under.
const CODE_ROOTS: [&str; 3] = ["src", "pkg", "lib"];

/// The directory of code a test directory tests, when the layout says so:
/// the first of its candidates that `exists`. Directories are
/// repository-relative and end with `/`.
pub fn tested_by(dir: &str, exists: &dyn Fn(&str) -> bool) -> Option<String> {
    let parts: Vec<&str> = dir.trim_end_matches('/').split('/').collect();
    let at = parts.iter().position(|p| TEST_DIRS.contains(p))?;
    let before = parts[..at].join("/");
    let rest = parts[at + 1..].join("/");
    let join = |a: &str, b: &str| -> String {
        let mut s = String::new();
        for p in [a, b] {
            let p = p.trim_end_matches('/');
            if !p.is_empty() {
                s.push_str(p);
                s.push('/');
            }
        }
        s
    };
    if rest.is_empty() {
        // `x/tests/`: the code is `x/` (nothing for a top-level `tests/`).
        return (!before.is_empty()).then(|| join(&before, ""));
    }
    let mut candidates = vec![join(&before, &rest)];
    for root in CODE_ROOTS {
        candidates.push(join(&join(&before, root), &rest));
    }
    candidates.into_iter().find(|c| c != dir && exists(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mirrored_and_nested_test_trees_find_their_code() {
        let dirs = ["contrib/kafka/", "src/parser/", "pkg/api/", "lib/"];
        let exists = |d: &str| dirs.contains(&d);
        assert_eq!(
            tested_by("tests/contrib/kafka/", &exists).as_deref(),
            Some("contrib/kafka/")
        );
        assert_eq!(
            tested_by("tests/parser/", &exists).as_deref(),
            Some("src/parser/")
        );
        assert_eq!(tested_by("test/api/", &exists).as_deref(), Some("pkg/api/"));
        assert_eq!(
            tested_by("lib/__tests__/", &exists).as_deref(),
            Some("lib/")
        );
        assert_eq!(tested_by("tests/", &exists), None);
        assert_eq!(tested_by("tests/nowhere/", &exists), None);
        assert_eq!(tested_by("src/parser/", &exists), None);
    }
}
