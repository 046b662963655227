#!/usr/bin/env bash
# The Action's history step (action.yml): brings the history cache (restored
# from an earlier run, or none) up to HEAD, so that the check that follows
# runs missing-cochange. It never fails the job: findings are the scheduled
# audit's business, and a refresh that cannot run only leaves the rule to
# whatever cache there is.
#
#   TEAMLINT         the binary (default: teamlint on PATH)
#   INPUT_CONFIG     --config FILE, as the check gets it (the coupling
#                    settings decide what the cache holds)
#   INPUT_LEAD_TIME  `true`: fetch the pull requests' head refs first and
#                    measure lead time too (kept in the cache beside the
#                    diffs); otherwise the refresh skips lead time
#
# Outputs: refreshed (true when the cache is there and up to date, so that
# it is saved).
set -euo pipefail

# shellcheck source=scripts/action-lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/action-lib.sh"

TEAMLINT="${TEAMLINT:-teamlint}"
CONFIG="${INPUT_CONFIG:-}"
LEAD_TIME="${INPUT_LEAD_TIME:-false}"
case "$LEAD_TIME" in
    true | false) ;;
    *)
        warn "lead-time must be true or false, not '$LEAD_TIME': lead time is not measured"
        LEAD_TIME=false
        ;;
esac

skip() {
    warn "$*"
    output refreshed false
    exit 0
}

if [[ -n "${GITHUB_WORKSPACE:-}" ]]; then
    cd -- "$GITHUB_WORKSPACE"
fi
if ! command -v -- "$TEAMLINT" >/dev/null 2>&1; then
    skip "$TEAMLINT not found: the history cache was not refreshed, so missing-cochange may be skipped"
fi
if ! git_dir="$(git rev-parse --absolute-git-dir 2>/dev/null)"; then
    skip "not a git repository: the history cache was not refreshed"
fi
# A cache mined from a cut history would pass for the whole one.
if [[ "$(git rev-parse --is-shallow-repository 2>/dev/null)" == true ]]; then
    skip "the clone is shallow, so the history cache was not refreshed and missing-cochange works from a restored cache only, if any: check out with actions/checkout and fetch-depth: 0"
fi

# Squash-merged pull requests are measured from their head refs, which a
# checkout does not fetch. A fetch that fails leaves those landings
# unmeasured (the audit says so), never the job red.
if [[ "$LEAD_TIME" == true ]]; then
    start=$SECONDS
    if git fetch --no-tags --quiet origin '+refs/pull/*/head:refs/pull/*/head' 2>&1; then
        echo "teamlint: pull-request refs fetched in $((SECONDS - start)) s ($(git for-each-ref refs/pull | wc -l | tr -d ' ') refs)"
    else
        warn "the pull-request refs could not be fetched (git fetch origin '+refs/pull/*/head:refs/pull/*/head'): squash-merged pull requests get no lead time"
    fi
fi

tmp="$(mktemp -d -- "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/teamlint-history.XXXXXX")"
trap 'rm -rf -- "$tmp"' EXIT

# The report is not wanted, but a broken config is reported there, so it is
# kept readable; not --quiet, which would silence other errors.
cmd=("$TEAMLINT" audit --exit-zero --color=never --format=human "--output=$tmp/audit.txt")
if [[ -n "$CONFIG" ]]; then
    cmd+=("--config=$CONFIG")
fi
if [[ "$LEAD_TIME" != true ]]; then
    cmd+=(--no-lead-time)
fi

start=$SECONDS
status=0
"${cmd[@]}" 2>"$tmp/stderr" || status=$?
if ((status != 0)); then
    why="$(cat -- "$tmp/stderr" "$tmp/audit.txt" 2>/dev/null | head -n 40)"
    skip "the history cache could not be refreshed (teamlint audit exit status $status); the check runs without it${why:+
$why}"
fi
if [[ ! -f "$git_dir/teamlint/history.bin" ]]; then
    # An empty repository: there is no history to keep.
    echo "teamlint: no history to cache"
    output refreshed false
    exit 0
fi
echo "teamlint: history cache refreshed in $((SECONDS - start)) s"
output refreshed true
