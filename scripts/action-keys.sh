#!/usr/bin/env bash
# The Action's first step (action.yml): where the two caches live and under
# which keys, so that actions/cache can restore them before anything runs.
#
#   INPUT_INSTALL    release, cargo: a binary built from the action's source
#                    (release: only when there is no release binary of it)
#                    is cached under a key that names that source; none: no
#                    binary cache (the teamlint on PATH is used)
#   INPUT_HISTORY    true (default): the history cache is restored, refreshed
#                    and saved; false: missing-cochange is left to whatever
#                    cache the clone has
#   INPUT_BASE, PR_BASE_SHA, GITHUB_SHA
#                    the commit the history key is named after
#
# Outputs: bin-dir, bin-key (empty with install: none); history-dir,
# history-key (empty with history: false), history-restore (the prefix of a
# cache for the same build), history-restore-any (any build's).
set -euo pipefail

# shellcheck source=scripts/action-lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/action-lib.sh"

INSTALL="${INPUT_INSTALL:-release}"
HISTORY="${INPUT_HISTORY:-true}"
ACTION_PATH="${GITHUB_ACTION_PATH:-$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)}"

case "$INSTALL" in
release | cargo | none) ;;
*) fail "install must be release, cargo or none, not \`$INSTALL\`" ;;
esac
case "$HISTORY" in
true | false) ;;
*) fail "history must be true or false, not \`$HISTORY\`" ;;
esac

if command -v sha256sum >/dev/null 2>&1; then
    sha256=(sha256sum)
else
    sha256=(shasum -a 256)
fi

# A binary built on one image may not run on an older one (glibc), so the
# image is in the key with the OS and the architecture.
platform="${RUNNER_OS:-$(uname -s)}-${RUNNER_ARCH:-$(uname -m)}${ImageOS:+-$ImageOS}"

build=""
if [[ "$INSTALL" != none ]]; then
    # What the binary is built from. hashFiles() sees only the workspace,
    # and the action's own files are outside it.
    if ! build="$(bash "$(dirname -- "${BASH_SOURCE[0]}")/source-hash.sh" "$ACTION_PATH")" || [[ ${#build} -ne 64 ]]; then
        fail "could not read the action's source under $ACTION_PATH (Cargo.lock, Cargo.toml, src/, crates/)"
    fi
    output bin-dir "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/teamlint-bin"
    output bin-key "teamlint-bin-v1-$platform-$build"
else
    output bin-dir ""
    output bin-key ""
    # The build on PATH, as far as it says.
    if version="$(teamlint --version 2>/dev/null)"; then
        build="$(printf '%s' "$version" | "${sha256[@]}" | cut -c1-64)"
    fi
fi

if [[ "$HISTORY" == false ]]; then
    output history-dir ""
    output history-key ""
    output history-restore ""
    output history-restore-any ""
    exit 0
fi

if [[ -n "${GITHUB_WORKSPACE:-}" ]]; then
    cd -- "$GITHUB_WORKSPACE"
fi
if ! git_dir="$(git rev-parse --absolute-git-dir 2>/dev/null)"; then
    fail "$(pwd) is not a git repository: check out the repository (actions/checkout, fetch-depth: 0) before this action"
fi

# The key names a commit that moves with the branch, so that a newer cache
# is saved beside an older one and found first by its prefix. Within a pull
# request the base is steady across pushes; the refresh adds the new commits.
commit=""
for rev in "${INPUT_BASE:-}" "${PR_BASE_SHA:-}" "${GITHUB_SHA:-}" HEAD; do
    if [[ -n "$rev" ]] &&
        commit="$(git rev-parse --quiet --verify --end-of-options "$rev^{commit}" 2>/dev/null)"; then
        break
    fi
    commit=""
done
if [[ -z "$commit" ]]; then
    commit="none" # an empty repository: nothing to cache yet
fi

any="teamlint-history-v1-$platform-"
output history-dir "$git_dir/teamlint"
output history-key "$any${build:0:16}-$commit"
output history-restore "$any${build:0:16}-"
output history-restore-any "$any"
