#!/usr/bin/env bash
# The GitHub Action's run step (action.yml). Every input arrives through the
# environment and is passed to teamlint as a whole argument, so nothing a pull
# request controls (a branch name, a path) is ever parsed as shell.
#
#   TEAMLINT           the binary (default: teamlint on PATH)
#   INPUT_ARGS         extra arguments, split like a shell would split them
#                      (quotes and backslashes work) but never expanded or run
#   INPUT_CONFIG       --config FILE
#   INPUT_BASE         --base REV; empty: PR_BASE_SHA, else the base sha of the
#                      pull request (or merge group) in $GITHUB_EVENT_PATH, else
#                      no --base: the whole tree is checked
#   INPUT_FORMAT       the report format on stdout (default: github annotations)
#   INPUT_SARIF_FILE   also write a SARIF report there
#   INPUT_FAIL_ON      error (default): fail when teamlint does (error findings)
#                      warning: fail on any error or warning finding
#                      never: never fail on findings
#
# A run that could not be carried out (teamlint exit status 2: bad config,
# unknown base commit, I/O error) fails the step whatever fail-on says.
# Outputs (to $GITHUB_OUTPUT): errors, warnings, sarif-file.
set -euo pipefail

TEAMLINT="${TEAMLINT:-teamlint}"
FORMAT="${INPUT_FORMAT:-github}"
FAIL_ON="${INPUT_FAIL_ON:-error}"
CONFIG="${INPUT_CONFIG:-}"
SARIF_FILE="${INPUT_SARIF_FILE:-}"
BASE="${INPUT_BASE:-${PR_BASE_SHA:-}}"
INPUT_ARGS="${INPUT_ARGS:-}"

# shellcheck source=scripts/action-lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/action-lib.sh"

case "$FAIL_ON" in
error | warning | never) ;;
*) fail "fail-on must be error, warning or never, not \`$FAIL_ON\`" ;;
esac

case "$SARIF_FILE" in
*$'\n'* | *$'\r'*) fail "sarif-file must not contain a line break" ;;
esac

if ! command -v -- "$TEAMLINT" >/dev/null 2>&1; then
    fail "$TEAMLINT not found: install teamlint first (the action does with install: cargo) or set TEAMLINT"
fi

if [[ -n "${GITHUB_WORKSPACE:-}" ]]; then
    cd -- "$GITHUB_WORKSPACE"
fi

tmp="$(mktemp -d -- "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/teamlint-action.XXXXXX")"
trap 'rm -rf -- "$tmp"' EXIT

# --- base --------------------------------------------------------------------
if [[ -z "$BASE" && -n "${GITHUB_EVENT_PATH:-}" && -r "${GITHUB_EVENT_PATH:-}" ]]; then
    if command -v python3 >/dev/null 2>&1; then
        BASE="$(
            python3 - "$GITHUB_EVENT_PATH" <<'PY'
import json
import sys

try:
    with open(sys.argv[1], encoding="utf-8") as f:
        event = json.load(f)
except (OSError, ValueError):
    sys.exit(0)
sha = ""
if isinstance(event, dict):
    pr = event.get("pull_request")
    group = event.get("merge_group")
    if isinstance(pr, dict) and isinstance(pr.get("base"), dict):
        sha = pr["base"].get("sha") or ""
    elif isinstance(group, dict):
        sha = group.get("base_sha") or ""
print(sha if isinstance(sha, str) else "")
PY
        )"
    elif grep -q -e '"pull_request"' -- "$GITHUB_EVENT_PATH"; then
        fail "python3 is not available to read the pull request's base commit from the event payload: set the base input (base: \${{ github.event.pull_request.base.sha }})"
    fi
fi
if [[ -z "$BASE" ]]; then
    echo "::notice title=teamlint::no base commit (not a pull request and no base input): checking the whole tree"
fi

# --- arguments ---------------------------------------------------------------
ARGS=()
if [[ -n "${INPUT_ARGS//[[:space:]]/}" ]]; then
    # xargs understands quotes and backslashes but expands and runs nothing.
    if ! printf '%s\n' "$INPUT_ARGS" | xargs printf '%s\0' >"$tmp/args"; then
        fail "could not split the args input (an unmatched quote?)"
    fi
    while IFS= read -r -d '' arg; do
        ARGS+=("$arg")
    done <"$tmp/args"
fi

cmd=("$TEAMLINT" check)
if [[ -n "$BASE" ]]; then
    cmd+=("--base=$BASE")
fi
if [[ -n "$CONFIG" ]]; then
    cmd+=("--config=$CONFIG")
fi
# bash 3.2 (macOS) treats an empty array as unset under `set -u`.
cmd+=(${ARGS[@]+"${ARGS[@]}"})

# --- the check -------------------------------------------------------------------
main=("${cmd[@]}" "--format=$FORMAT")
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
    main+=("--summary=$GITHUB_STEP_SUMMARY")
fi
status=0
"${main[@]}" || status=$?

# Counts for the outputs and fail-on: warning, from the JSON report (its
# `"errors": N` key appears once; a quote inside a message is escaped).
errors=""
warnings=""
if "${cmd[@]}" --format=json "--output=$tmp/report.json" --exit-zero 2>/dev/null ||
    [[ -s "$tmp/report.json" ]]; then
    errors="$(grep -o -e '"errors": *[0-9][0-9]*' -- "$tmp/report.json" | head -n 1 | grep -o '[0-9]*$' || true)"
    warnings="$(grep -o -e '"warnings": *[0-9][0-9]*' -- "$tmp/report.json" | head -n 1 | grep -o '[0-9]*$' || true)"
fi

sarif_written=""
if [[ -n "$SARIF_FILE" ]]; then
    # A stale report must not pass for this run's; anything but a regular
    # file is left alone.
    if [[ -L "$SARIF_FILE" || (-e "$SARIF_FILE" && ! -f "$SARIF_FILE") ]]; then
        fail "sarif-file $SARIF_FILE exists and is not a regular file: give a new path"
    fi
    rm -f -- "$SARIF_FILE"
    sarif_status=0
    "${cmd[@]}" --format=sarif "--output=$SARIF_FILE" --exit-zero || sarif_status=$?
    if [[ -s "$SARIF_FILE" ]]; then
        sarif_written="$SARIF_FILE"
    elif ((status < 2)); then
        fail "the SARIF report could not be written to $SARIF_FILE (teamlint exit status $sarif_status)"
    fi
fi

if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
    {
        echo "errors=$errors"
        echo "warnings=$warnings"
        echo "sarif-file=$sarif_written"
    } >>"$GITHUB_OUTPUT"
fi

# --- the verdict ---------------------------------------------------------------
if ((status >= 2)); then
    hint="see the log above"
    if [[ -n "$BASE" ]] && command -v git >/dev/null 2>&1 &&
        ! git rev-parse --quiet --verify --end-of-options "$BASE^{commit}" >/dev/null 2>&1; then
        hint="the base commit $BASE is not in this clone: check out with actions/checkout and fetch-depth: 0"
    fi
    echo "::error title=teamlint::$(escape "teamlint could not complete the check (exit status $status): $hint")"
    exit "$status"
fi
case "$FAIL_ON" in
error) exit "$status" ;;
never) exit 0 ;;
warning)
    if [[ -z "$errors" || -z "$warnings" ]]; then
        echo "::warning title=teamlint action::could not count the findings; failing only on errors"
        exit "$status"
    fi
    if ((errors + warnings > 0)); then
        exit 1
    fi
    exit "$status"
    ;;
esac
