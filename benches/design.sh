#!/usr/bin/env bash
# Benchmark of the design commands, printing in one run, for a repository
# given by path and for a synthetic history with planted teams:
#   - `suggest --moves 10` from the repository's map: separability before
#     and after (as `audit --compare` scores the file written), and the
#     balance of the result (each team's change volume against today's);
#   - `init --from-history --teams K` against KaHyPar's directory-level
#     split for the same K and imbalance (0.5), both scored by
#     `teamlint audit`; on the planted history, how many directories land
#     with their planted team;
#   - the wall time of each, with the history cache warm, against the
#     cached audit.
#
#   benches/design.sh              the planted history only
#   benches/design.sh REPO [REPO..] each REPO too; its OWNERS.toml, else one
#                                  imported from its CODEOWNERS (REPO is never
#                                  written: the bench works in a clone)
#
# It ends with one table comparing, per repository, the draft with KaHyPar's
# split at the same K: separability (as `teamlint audit` scores each map) and
# balance (the largest team's change volume over the mean, benches/balance.py).
# KaHyPar is given the paths the draft leaves unowned (shared
# infrastructure), so both split the same files.
#
# K (default 8) sets the number of teams. KaHyPar comes from PyPI
# (`kahypar`) in a venv ($KAHYPAR_VENV, default /tmp/kahypar-venv, made
# with pip when missing); its settings are the cut_kKaHyPar_sea20 preset
# ($KAHYPAR_INI; benches/kahypar_split.py writes it when missing). Without
# KaHyPar the comparison is skipped and said so.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
(cd "$root" && cargo build --release --quiet)
tl="$target/release/teamlint"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

venv=${KAHYPAR_VENV:-/tmp/kahypar-venv}
ini=${KAHYPAR_INI:-$venv/cut_kKaHyPar_sea20.ini}
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" && "$venv/bin/pip" install -q kahypar || true
fi
kahypar=no
if "$venv/bin/python" -c "import kahypar" 2>/dev/null; then
  kahypar=yes
else
  echo "note: KaHyPar is not available (venv $venv): its split is skipped"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
table="$work/table"
printf '%-12s %3s  %-22s %-22s %s\n' repository K "draft: sep / balance" "KaHyPar: sep / balance" "draft - KaHyPar" >"$table"

sep() { # the repository separability `audit` measures under map $1
  "$tl" -c "$1" audit --format json --exit-zero -q | python3 -c \
    'import json,sys; s=json.load(sys.stdin)["separability"]; print("—" if s is None else f"{s*100:.1f}%")'
}

bench() { # NAME DIR K [PLANTED]
  local name=$1 dir=$2 k=$3 planted=${4:-}
  cd "$dir"
  echo
  echo "== $name: $(git rev-list --no-merges --count HEAD) non-merge commits, $(git ls-files | wc -l) files, K = $k"
  "$tl" audit --format json --exit-zero -q >/dev/null # warms the history cache
  "$tl" suggest --moves 10 --format json --write "$work/$name-proposed.toml" >"$work/$name-suggest.json"
  python3 - "$work/$name-suggest.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
pct = lambda s: "—" if s is None else f"{s*100:.1f}%"
print(f"suggest --moves 10: separability {pct(d['before'])} -> {pct(d['after'])} in {len(d['moves'])} move(s)")
for i, m in enumerate(d["moves"], 1):
    print(f"  {i:2}. {m['kind']:9} {', '.join(m['patterns'])[:60]:60} -> {m['to']:24} {pct(m['separability'])}")
r = [t["volume_after"] / t["volume_before"] for t in d["teams"] if t["volume_before"] > 0]
print(f"  balance: team change volume x{min(r):.2f} to x{max(r):.2f} of today's (bound /{d['bound']:g} to x{d['bound']:g})")
PY
  echo "  audit --compare on the written file: $(sep "$work/$name-proposed.toml")"

  "$tl" -c "$work/$name-draft.toml" init --from-history --teams "$k" --force -q
  local dsep dbal
  dsep=$(sep "$work/$name-draft.toml")
  dbal=$(python3 "$here/balance.py" "$tl" "$dir" "$work/$name-draft.toml")
  echo "init --from-history --teams $k: $dsep, balance ${dbal% *} ($(grep -c '^\[teams\.' "$work/$name-draft.toml") teams, $(grep -c '^  "' "$work/$name-draft.toml") patterns)"
  # The paths the draft leaves unowned, one pattern a line.
  sed -n '/^unowned = true$/,/^]$/p' "$work/$name-draft.toml" | sed -n 's/^  "\(.*\)",$/\1/p' >"$work/$name-unowned"
  echo "  left unowned: $(tr '\n' ' ' <"$work/$name-unowned")"
  if [ "$kahypar" = yes ]; then
    "$venv/bin/python" "$here/kahypar_split.py" "$dir" "$k" 0.5 "$ini" "$work/$name-unowned" >"$work/$name-kahypar.toml" 2>"$work/$name-kahypar.log"
    local ksep kbal
    ksep=$(sep "$work/$name-kahypar.toml")
    kbal=$(python3 "$here/balance.py" "$tl" "$dir" "$work/$name-kahypar.toml")
    echo "KaHyPar, same units and unowned paths, K = $k, imbalance 0.5, cut: $ksep, balance ${kbal% *} ($(tail -1 "$work/$name-kahypar.log"))"
    printf '%-12s %3s  %-22s %-22s %s\n' "$name" "$k" "$dsep / ${dbal% *}" "$ksep / ${kbal% *}" \
      "$(python3 -c "import sys; a,b=(float(x.rstrip('%')) for x in sys.argv[1:]); print(f'{a-b:+.1f} points')" "$dsep" "$ksep")" >>"$table"
  fi
  if [ -n "$planted" ]; then
    "$tl" -c "$work/$name-draft.toml" ls >"$work/$name-draft.ls"
    python3 - "$planted" "$work/$name-draft.ls" <<'PY'
import collections, sys
truth = dict(l.rstrip("\n").split("\t") for l in open(sys.argv[1]))
drafted = {}
for l in open(sys.argv[2]):
    p, t = l.rstrip("\n").split("\t")
    d = p[: p.rindex("/") + 1] if "/" in p else ""
    drafted.setdefault(d, collections.Counter())[t] += 1
team_of = {d: drafted[d].most_common(1)[0][0] for d in truth if d in drafted}
by_planted = collections.defaultdict(collections.Counter)
for d, t in truth.items():
    by_planted[t][team_of.get(d)] += 1
majority = {t: c.most_common(1)[0][0] for t, c in by_planted.items()}
ok = sum(1 for d, t in truth.items() if team_of.get(d) == majority[t])
print(f"  planted teams recovered: {ok}/{len(truth)} directories with their planted team; "
      f"{len(set(majority.values()))} distinct drafted teams for {len(majority)} planted")
PY
  fi
  RUNS=${RUNS:-3} python3 "$here/timing.py" \
    "teamlint audit, cached=$tl audit --format json --exit-zero -q" \
    "teamlint suggest --moves 10=$tl suggest --moves 10 --format json" \
    "teamlint init --from-history --teams $k=$tl -c $work/$name-timed.toml init --from-history --teams $k --force -q"
}

python3 "$here/planted.py" "$work/planted" --teams 8 --dirs 6 --commits 3000
bench planted "$work/planted" "${K:-8}" "$work/planted.planted"

for arg in "$@"; do
  src=$(cd "$arg" && pwd)
  name=$(basename "$src")
  git clone -q --no-checkout "$src" "$work/$name.git"
  (cd "$work/$name.git" && git read-tree HEAD)
  if [ -f "$src/OWNERS.toml" ]; then
    cp "$src/OWNERS.toml" "$work/$name.git/OWNERS.toml"
  else
    co=""
    for c in .github/CODEOWNERS CODEOWNERS docs/CODEOWNERS; do
      git -C "$src" cat-file -e "HEAD:$c" 2>/dev/null && co=$c && break
    done
    [ -n "$co" ] || { echo "$src has neither OWNERS.toml nor CODEOWNERS"; exit 1; }
    git -C "$src" show "HEAD:$co" >"$work/$name-CODEOWNERS"
    (cd "$work/$name.git" && "$tl" init --from-codeowners "$work/$name-CODEOWNERS" -q)
  fi
  bench "$name" "$work/$name.git" "${K:-8}"
done

echo
cat "$table"
