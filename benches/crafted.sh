#!/usr/bin/env bash
# Time and peak memory of `teamlint audit` on repositories crafted to cost
# more than they hold, against a reference binary, interleaved:
#
#   huge-header  100 commits whose trees' pack headers claim 1 GiB each
#   long-chain   HEAD's commit at the top of a 4,000-link delta chain of
#                700 KB links (7 MB of pack)
#   subjects     five commits with subjects of 20 MB, audited to HTML
#
#   benches/crafted.sh REFERENCE_BINARY [RUNS]
#
# and `git log --name-only` on each for scale. The repositories are
# written once by the ignored test `crafted_packs::write_bench_repos`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
ref=${1:?usage: benches/crafted.sh REFERENCE_BINARY [RUNS]}
runs=${2:-1}
repos=${BENCH_CRAFTED_DIR:-/tmp/teamlint-bench-crafted}
(cd "$root" && cargo build --release --quiet)
tl="$root/target/release/teamlint"
if [ ! -d "$repos/subjects" ]; then
  (cd "$root" && TEAMLINT_BENCH_REPOS=$repos cargo test --quiet --test crafted_packs \
    write_bench_repos -- --ignored >/dev/null)
fi

measure() { # label binary repo args...
  local label=$1 bin=$2 repo=$3
  shift 3
  local out
  out=$( { /usr/bin/time -v "$bin" -C "$repo" "$@" >/dev/null 2>/dev/null; } 2>&1 || true)
  local secs kb code
  secs=$(echo "$out" | awk -F': ' '/Elapsed \(wall clock\)/ {print $2}')
  kb=$(echo "$out" | awk -F': ' '/Maximum resident set size/ {print $2}')
  code=$(echo "$out" | awk -F': ' '/Exit status/ {print $2}')
  printf '%-12s %-10s %10s  %8.1f MB  exit %s\n' "$(basename "$repo")" "$label" "$secs" "$(echo "$kb/1024" | bc -l)" "${code:-signal}"
}

printf '%-12s %-10s %10s  %11s  %s\n' repo binary wall peak status
for repo in huge-header long-chain subjects; do
  format=json
  [ "$repo" = subjects ] && format=html
  for _ in $(seq "$runs"); do
    measure reference "$ref" "$repos/$repo" audit --no-cache --format "$format" --exit-zero
    measure this "$tl" "$repos/$repo" audit --no-cache --format "$format" --exit-zero
  done
  start=$(date +%s.%N)
  git -C "$repos/$repo" log --name-only >/dev/null 2>&1 || true
  printf '%-12s %-10s %10.3f s\n' "$repo" "git log" "$(echo "$(date +%s.%N) - $start" | bc -l)"
done
