#!/usr/bin/env bash
# Benchmark of `teamlint check`: wall time as a ratio to `git ls-files` on
# the same repository in the same run.
#
# and `check --staged` with 10 staged files as a ratio to
# `git diff --cached --name-only`. The staged files go into a temporary copy
# of the index (GIT_INDEX_FILE), so the repository's own index and working
# tree are left as they are.
#
#   benches/check.sh            a synthetic repo: 100,000 files, 2,000 rules
#   benches/check.sh REPO       any git repository; one with OWNERS.toml is
#                               used as is, one with only a CODEOWNERS file is
#                               imported into a temporary OWNERS.toml first
#
# CODEOWNERS_NPM=path/to/codeowners (the npm package's bin) and
# CODEOWNERS_PY=path/to/python-with-the-codeowners-package add those tools to
# the comparison when set.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
(cd "$root" && cargo build --release --quiet)
tl="$root/target/release/teamlint"

repo=${1:-}
if [ -z "$repo" ]; then
  repo=${BENCH_DIR:-/tmp/teamlint-bench-100k}
  if [ ! -d "$repo/.git" ]; then
    python3 "$here/synth.py" "$repo" --files 100000 --rules 2000 >/dev/null
  fi
fi
repo=$(cd "$repo" && pwd)
cd "$repo"

config_args=""
if [ ! -f OWNERS.toml ]; then
  co=""
  for c in .github/CODEOWNERS CODEOWNERS docs/CODEOWNERS; do
    [ -f "$c" ] && co=$c && break
  done
  [ -n "$co" ] || { echo "no OWNERS.toml or CODEOWNERS in $repo" >&2; exit 2; }
  tmp=$(mktemp -d)
  "$tl" -c "$tmp/OWNERS.toml" init --from-codeowners "$co" -q
  config_args="-c $tmp/OWNERS.toml"
fi

echo "repository: $repo ($(git ls-files | wc -l) tracked files)"
cmds=(
  "git ls-files=git ls-files"
  "teamlint check=$tl $config_args check --format json -q"
  "teamlint check -A codeowners-drift=$tl $config_args check --format json -q -A codeowners-drift"
  "teamlint ls=$tl $config_args ls"
)
co_file=""
for c in .github/CODEOWNERS CODEOWNERS docs/CODEOWNERS; do
  [ -f "$c" ] && co_file=$c && break
done
if [ -n "${CODEOWNERS_PY:-}" ] && [ -n "$co_file" ]; then
  cmds+=("ref:codeowners (PyPI) per file=git -c core.quotepath=off ls-files | $CODEOWNERS_PY $here/py_owners.py $co_file")
fi
if [ -n "${CODEOWNERS_NPM:-}" ] && [ -n "$co_file" ]; then
  cmds+=("ref:codeowners (npm) audit=$CODEOWNERS_NPM audit")
fi
python3 "$here/timing.py" "${cmds[@]}"

# Ten staged modifications, in a temporary index: no path is added or
# removed and no ownership file changes, so only the change rules run.
tmp_index=$(mktemp)
git_dir=$(git rev-parse --git-dir)
cp "$git_dir/index" "$tmp_index"
blob=$(printf 'staged by the benchmark\n' | git hash-object -w --stdin)
git ls-files -s | grep -v -e OWNERS.toml -e CODEOWNERS |
  awk 'NR % 997 == 1 && $1 ~ /^100/ { print $4 }' | head -10 | while read -r p; do
  GIT_INDEX_FILE=$tmp_index git update-index --cacheinfo "100644,$blob,$p"
done
echo
echo "staged: $(GIT_INDEX_FILE=$tmp_index git diff --cached --name-only | wc -l) files in a temporary index"
GIT_INDEX_FILE=$tmp_index python3 "$here/timing.py" \
  "git diff --cached=git diff --cached --name-only" \
  "teamlint check --staged=$tl $config_args check --staged --format json -q"

# Ten new files as well: the paths change, so both sides of the change are
# checked in full (the ownership findings the commit brings in).
for i in 0 1 2 3 4 5 6 7 8 9; do
  GIT_INDEX_FILE=$tmp_index git update-index --add --cacheinfo "100644,$blob,bench-new/file$i.txt"
done
echo
echo "staged: $(GIT_INDEX_FILE=$tmp_index git diff --cached --name-only | wc -l) files, 10 of them new"
GIT_INDEX_FILE=$tmp_index python3 "$here/timing.py" \
  "git diff --cached=git diff --cached --name-only" \
  "teamlint check --staged=$tl $config_args check --staged --format json -q --exit-zero"

# The same change as a pull request: a commit on top of HEAD (HEAD, the
# index and the working tree are left as they are), checked against HEAD
# and compared with a whole-tree check.
tree=$(GIT_INDEX_FILE=$tmp_index git write-tree)
pr=$(git -c user.name=bench -c user.email=bench@example.com commit-tree "$tree" -p HEAD -m "benchmark pull request")
echo
echo "pull request: $(git diff --name-only HEAD "$pr" | wc -l) files against HEAD"
python3 "$here/timing.py" \
  "teamlint check=$tl $config_args check --format json -q --exit-zero" \
  "teamlint check --base=$tl $config_args check --base HEAD --head $pr --format json -q --exit-zero"
rm -f "$tmp_index"
