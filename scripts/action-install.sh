#!/usr/bin/env bash
# The Action's install step (action.yml): the binary restored from the cache
# when it is there and runs; else (install: release) the release binary of
# the action's own version, checksum verified (scripts/install.sh); else
# built from the action's source.
#
#   INPUT_INSTALL    release (default): the cached build, else the release
#                    binary if the action's source is a release's, else a
#                    build; cargo: the cached build, else a build;
#                    none: the teamlint on PATH
#   TEAMLINT_ROOT    the cached install root (the keys step's bin-dir)
#
# A release binary whose checksum does not match fails the step: it is
# neither run nor replaced by a build.
#
# Outputs: bin (the binary to run), built (true when this run compiled it,
# so that the cache is saved), source (cache, release, cargo or path).
set -euo pipefail

# shellcheck source=scripts/action-lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/action-lib.sh"

INSTALL="${INPUT_INSTALL:-release}"
ACTION_PATH="${GITHUB_ACTION_PATH:-$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)}"

# A restored build counts only if it runs: a cache from another image or a
# partial restore is rebuilt, not trusted.
runs() {
    [[ -f "$1" && -x "$1" ]] && "$1" --version >/dev/null 2>&1
}

case "$INSTALL" in
none)
    if ! command -v teamlint >/dev/null 2>&1; then
        fail "install: none, but teamlint is not on PATH: install it in an earlier step, or use install: release"
    fi
    output bin teamlint
    output built false
    output source path
    exit 0
    ;;
release | cargo) ;;
*) fail "install must be release, cargo or none, not \`$INSTALL\`" ;;
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
source=""
if runs "$bin"; then
    source=cache
    echo "teamlint: the cached build, $("$bin" --version)"
elif [[ "$INSTALL" == release ]]; then
    status=0
    got="$(bash "$ACTION_PATH/scripts/install.sh" --source "$ACTION_PATH" --dest "$root/bin")" || status=$?
    case "$status" in
    0)
        bin="$got"
        source=release
        echo "teamlint: the release binary, $("$bin" --version)"
        ;;
    3) echo "teamlint: no release binary of this action's source, so it is built" ;;
    *) fail "the release binary was refused (scripts/install.sh exit status $status, see the log): nothing was installed or run" ;;
    esac
fi
if [[ -z "$source" ]]; then
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
    source=cargo
fi

if [[ -n "${GITHUB_PATH:-}" ]]; then
    printf '%s\n' "$root/bin" >>"$GITHUB_PATH"
fi
output bin "$bin"
output built "$built"
output source "$source"
