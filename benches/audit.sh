#!/usr/bin/env bash
# Benchmark of `teamlint audit`, printing in one run:
#   - the first audit (no cache) as a ratio to
#     `git log --no-merges --no-renames --name-only --format=%H`;
#   - the cached re-run as a ratio to the first audit;
#   - the first audit's peak memory.
#
#   benches/audit.sh            a synthetic history (20,000 commits)
#   benches/audit.sh REPO       any repository; without OWNERS.toml, its
#                               CODEOWNERS is imported into a temporary map,
#                               or each top-level directory becomes a team
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
(cd "$root" && cargo build --release --quiet)
tl="$root/target/release/teamlint"

repo=${1:-}
if [ -z "$repo" ]; then
  repo=${BENCH_HISTORY_DIR:-/tmp/teamlint-bench-history}
  if [ ! -d "$repo/.git" ]; then
    python3 "$here/synth.py" "$repo" --files 20000 --rules 200 --commits 20000 >/dev/null
  fi
fi
repo=$(cd "$repo" && pwd)
cd "$repo"
git_dir=$(git rev-parse --git-dir)

config_args=""
if [ ! -f OWNERS.toml ]; then
  tmp=$(mktemp -d)
  co=""
  for c in .github/CODEOWNERS CODEOWNERS docs/CODEOWNERS; do
    [ -f "$c" ] && co=$c && break
  done
  if [ -n "$co" ]; then
    "$tl" -c "$tmp/OWNERS.toml" init --from-codeowners "$co" -q
  else
    {
      echo "version = 1"
      git ls-tree -d --name-only HEAD | while read -r d; do
        t=$(printf '%s' "$d" | tr -c 'A-Za-z0-9_-' '_')
        printf '\n[teams."%s"]\nleader = "%s@example.com"\n[[own]]\nteam = "%s"\npaths = ["/%s/"]\n' "$t" "$t" "$t" "$d"
      done
    } > "$tmp/OWNERS.toml"
  fi
  config_args="-c $tmp/OWNERS.toml"
fi

echo "repository: $repo ($(git rev-list --no-merges --count HEAD) non-merge commits, $(git ls-files | wc -l) files)"
RUNS=${RUNS:-3} python3 "$here/timing.py" \
  "git log=git log --no-merges --no-renames --name-only --format=%H" \
  "teamlint audit, first (no cache)=rm -rf '$git_dir/teamlint' && $tl $config_args audit --format json --exit-zero -q"
"$tl" $config_args audit --format json --exit-zero -q >/dev/null
RUNS=${RUNS:-3} python3 "$here/timing.py" \
  "teamlint audit, first (no cache)=rm -rf '$git_dir/teamlint' && $tl $config_args audit --format json --exit-zero -q" \
  "teamlint audit, cached=$tl $config_args audit --format json --exit-zero -q"

# One thread against two: the scan reads packs without shared locks, so
# two threads should take about half the time of one.
echo
echo "history threads: the first audit with one thread and with two"
RUNS=${RUNS:-3} python3 "$here/timing.py" \
  "one thread=rm -rf '$git_dir/teamlint' && TEAMLINT_THREADS=1 $tl $config_args audit --format json --exit-zero -q" \
  "two threads=rm -rf '$git_dir/teamlint' && TEAMLINT_THREADS=2 $tl $config_args audit --format json --exit-zero -q"
