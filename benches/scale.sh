#!/usr/bin/env bash
# How teamlint's cost grows with the size of a monorepo: curves, not points.
#
# For each history size (commits over 200,000 files by default):
#   - a cold audit (--no-cache) against
#     `git log --no-merges --no-renames --name-only`, run alternately;
#   - the cached re-run, and the size of the history cache;
#   - the incremental run after 1,000 new commits (appended to a shared
#     clone; its cache is the base history's, restored before every run);
#   - peak memory of each (wait4).
# For each index size (files in one commit, no working tree):
#   - `check` against `git ls-files`;
#   - `check --staged` with 10 staged files in a temporary index copy
#     against `git diff --cached --name-only`.
# Then the table, with each curve's exponent (the log-log slope between
# consecutive sizes).
#
#   SIZES="10000 100000 1000000"   history sizes, in commits
#   FILE_SIZES="100000 1000000"    index sizes, in files
#   FILES=200000 DIRS=20000 TEAMS=200 SEED=1   the histories' shape
#   RUNS=3 WARMUP=1                rounds per figure (sizes of 1,000,000 and
#                                  over use BIG_RUNS=1 BIG_WARMUP=0)
#   REPACK=1                       repack the histories as `git gc` would
#                                  (fast-import's delta chains are far
#                                  longer than a gc'd repository's)
#   SCALE_DIR=/tmp/teamlint-scale  where generated repositories are kept, so
#                                  a re-run does not generate them again
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
(cd "$root" && cargo build --release --quiet)
tl="${CARGO_TARGET_DIR:-$root/target}/release/teamlint"

sizes=${SIZES-10000 100000 1000000}
file_sizes=${FILE_SIZES-100000 1000000}
files=${FILES:-200000}
dirs=${DIRS:-20000}
teams=${TEAMS:-200}
seed=${SEED:-1}
repack=()
shape=""
if [ -n "${REPACK:-}" ]; then
  repack=(--repack)
  shape="-repacked"
fi
store=${SCALE_DIR:-/tmp/teamlint-scale}
mkdir -p "$store"
results=$(mktemp "$store/results.XXXXXX")

# Generates a repository once; the marker says the generation finished.
generate() {
  local dir=$1
  shift
  if [ ! -f "$dir.done" ]; then
    rm -rf "$dir"
    echo "generating $dir" >&2
    python3 "$here/gen_history.py" "$dir" "$@" >/dev/null
    touch "$dir.done"
  fi
}

rounds() {
  if [ "$1" -ge 1000000 ]; then
    echo "RUNS=${BIG_RUNS:-1} WARMUP=${BIG_WARMUP:-0}"
  else
    echo "RUNS=${RUNS:-3} WARMUP=${WARMUP:-1}"
  fi
}

measure() {
  local size=$1
  shift
  env $(rounds "$size") python3 "$here/scale_time.py" measure "$results" "$size" "$@"
}

audit="$tl audit --format json --exit-zero -q --output"
for n in $sizes; do
  repo="$store/history-$n-f$files-d$dirs-t$teams-s$seed$shape"
  generate "$repo" --commits "$n" --files "$files" --dirs "$dirs" --teams "$teams" --seed "$seed" "${repack[@]}"
  cd "$repo"
  echo "history: $n commits ($(git rev-list --merges --count HEAD) merges), $(git ls-files | wc -l) files; load: $(uptime | sed 's/.*load/load/')"
  out=$(mktemp)
  measure "$n" \
    "git log=git log --no-merges --no-renames --name-only --format=%H" \
    "teamlint audit, cold=$audit $out --no-cache"
  rm -rf .git/teamlint
  $audit "$out"
  measure "$n" "teamlint audit, cached=$audit $out"
  python3 "$here/scale_time.py" record "$results" "$n" "history cache" \
    "$(stat -c %s .git/teamlint/history.bin)"

  inc="$repo-plus1000"
  if [ ! -f "$inc.done" ]; then
    rm -rf "$inc"
    git clone -q --shared --no-checkout "$repo" "$inc"
    cp OWNERS.toml "$inc/"
    python3 "$here/gen_history.py" "$inc" --append 1000 --seed "$seed" "${repack[@]}" >/dev/null
    touch "$inc.done"
  fi
  base_cache=$(mktemp)
  cp .git/teamlint/history.bin "$base_cache"
  cd "$inc"
  measure "$n" \
    "teamlint audit, +1000 commits@setup=mkdir -p .git/teamlint && cp '$base_cache' .git/teamlint/history.bin" \
    "teamlint audit, +1000 commits=$audit $out"
  rm -f "$base_cache" "$out"
done

for n in $file_sizes; do
  repo="$store/index-$n-t$teams-s$seed"
  generate "$repo" --commits 0 --files "$n" --dirs $((n / 10)) --teams "$teams" --seed "$seed"
  cd "$repo"
  echo "index: $(git ls-files | wc -l) files; load: $(uptime | sed 's/.*load/load/')"
  measure "$n" \
    "git ls-files=git ls-files" \
    "teamlint check=$tl check --format json -q --exit-zero"

  # Ten modified files, staged in a copy of the index.
  tmp_index=$(mktemp)
  cp .git/index "$tmp_index"
  blob=$(printf 'staged by the benchmark\n' | git hash-object -w --stdin)
  # awk reads the whole list (an early exit would fail the pipeline), and
  # one update-index call rewrites the index once, not once per file.
  git ls-files | awk -v blob="$blob" \
    'NR % 997 == 1 && $0 != "OWNERS.toml" && n < 10 { printf "100644 %s\t%s\n", blob, $0; n++ }' |
    GIT_INDEX_FILE=$tmp_index git update-index --index-info
  [ "$(GIT_INDEX_FILE=$tmp_index git diff --cached --name-only | wc -l)" -eq 10 ] ||
    { echo "error: expected 10 staged files in $repo" >&2; exit 1; }
  GIT_INDEX_FILE=$tmp_index measure "$n" \
    "git diff --cached=git diff --cached --name-only" \
    "teamlint check --staged=$tl check --staged --format json -q --exit-zero"
  rm -f "$tmp_index"
done

echo
echo "sizes: commits for the audit figures, files for the check figures; load: $(uptime | sed 's/.*load/load/')"
python3 "$here/scale_time.py" report "$results"
echo "(results kept in $results)"
