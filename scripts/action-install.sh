#!/usr/bin/env bash
# The Action's install step (action.yml): the binary restored from the cache
# when it is there and runs, else built from the action's source.
#
#   INPUT_INSTALL    cargo: use or build TEAMLINT_ROOT/bin/teamlint;
#                    none: the teamlint on PATH
#   TEAMLINT_ROOT    the cached install root (the keys step's bin-dir)
#
# Outputs: bin (the binary to run), built (true when this run compiled it,
# so that the cache is saved).
set -euo pipefail

# shellcheck source=scripts/action-lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/action-lib.sh"

INSTALL="${INPUT_INSTALL:-cargo}"
ACTION_PATH="${GITHUB_ACTION_PATH:-$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)}"

# A restored build counts only if it runs: a cache from another image or a
# partial restore is rebuilt, not trusted.
runs() {
    [[ -f "$1" && -x "$1" ]] && "$1" --version >/dev/null 2>&1
}

case "$INSTALL" in
none)
    if ! command -v teamlint >/dev/null 2>&1; then
        fail "install: none, but teamlint is not on PATH: install it in an earlier step, or use install: cargo"
    fi
    output bin teamlint
    output built false
    exit 0
    ;;
cargo) ;;
*) fail "install must be cargo or none, not \`$INSTALL\`" ;;
esac

root="${TEAMLINT_ROOT:-}"
if [[ -z "$root" ]]; then
    fail "TEAMLINT_ROOT is not set (the keys step gives it)"
fi
bin="$root/bin/teamlint"
if [[ -f "$bin.exe" ]]; then
    bin="$bin.exe"
fi

built=false
if runs "$bin"; then
    echo "teamlint: the cached build, $("$bin" --version)"
else
    if ! command -v cargo >/dev/null 2>&1; then
        fail "cargo not found: add a Rust toolchain step (e.g. dtolnay/rust-toolchain@stable) before this action, or install teamlint yourself and set install: none"
    fi
    echo "teamlint: no cached build for this version; building it (only the first run of a version does)"
    # --force: a broken build left in the root must not pass for installed.
    cargo install --locked --force --path "$ACTION_PATH" --root "$root"
    bin="$root/bin/teamlint"
    if [[ -f "$bin.exe" ]]; then
        bin="$bin.exe"
    fi
    if ! runs "$bin"; then
        fail "cargo install finished but $bin does not run"
    fi
    built=true
fi

if [[ -n "${GITHUB_PATH:-}" ]]; then
    printf '%s\n' "$root/bin" >>"$GITHUB_PATH"
fi
output bin "$bin"
output built "$built"
