#!/usr/bin/env python3
"""A reference split for benches/design.sh, by KaHyPar.

    kahypar_split.py REPO K EPSILON INI [UNOWNED] > OWNERS.toml

Each directory's direct (tracked) files are one vertex, weighted by their
changes; each non-merge commit of at most 30 files (`max_changeset`) is a
hyperedge over the directories it touches, a path that no longer exists
counting for its nearest tracked directory. KaHyPar cuts the hypergraph
into K blocks (imbalance EPSILON, the cut objective, the INI
configuration), written as an OWNERS.toml of `/dir/*` rules for
`teamlint audit` to score. UNOWNED, a file of patterns (`/dir/` or
`/file`, one a line), names paths left out of the split and written as
unowned, as the draft it is compared with leaves them. Prints the run time
on stderr.

KaHyPar (`pip install kahypar`) reads its settings from INI; when INI does
not exist, it is written with the settings of KaHyPar's
`cut_kKaHyPar_sea20` preset (direct k-way, cut objective), with the
bin-packing keys the PyPI build asks for.
"""
import os
import subprocess
import sys
import time

import kahypar

MAX_CHANGESET = 30

# KaHyPar's cut_kKaHyPar_sea20 preset, as option = value.
PRESET = """mode=direct
objective=cut
seed=-1
cmaxnet=1000
vcycles=0
p-use-sparsifier=true
p-sparsifier-min-median-he-size=28
p-sparsifier-max-hyperedge-size=1200
p-sparsifier-max-cluster-size=10
p-sparsifier-min-cluster-size=2
p-sparsifier-num-hash-func=5
p-sparsifier-combined-num-hash-func=100
p-detect-communities=true
p-detect-communities-in-ip=true
p-reuse-communities=false
p-max-louvain-pass-iterations=100
p-min-eps-improvement=0.0001
p-louvain-edge-weight=hybrid
c-type=ml_style
c-s=1
c-t=160
c-rating-score=heavy_edge
c-rating-use-communities=true
c-rating-heavy_node_penalty=no_penalty
c-rating-acceptance-criterion=best_prefer_unmatched
c-fixed-vertex-acceptance-criterion=fixed_vertex_allowed
i-mode=recursive
i-technique=multi
i-c-type=ml_style
i-c-s=1
i-c-t=150
i-c-rating-score=heavy_edge
i-c-rating-use-communities=true
i-c-rating-heavy_node_penalty=no_penalty
i-c-rating-acceptance-criterion=best_prefer_unmatched
i-c-fixed-vertex-acceptance-criterion=fixed_vertex_allowed
i-algo=pool
i-runs=20
i-bp-algorithm=worst_fit
i-bp-heuristic-prepacking=false
i-bp-early-restart=true
i-bp-late-restart=true
i-r-type=twoway_fm
i-r-runs=-1
i-r-fm-stop=simple
i-r-fm-stop-i=50
r-type=kway_fm_hyperflow_cutter
r-runs=-1
r-fm-stop=adaptive_opt
r-fm-stop-alpha=1
r-fm-stop-i=350
r-flow-execution-policy=exponential
r-hfc-size-constraint=mf-style
r-hfc-scaling=16
r-hfc-distance-based-piercing=true
r-hfc-mbc=true
"""


def main():
    repo, k, eps, ini = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
    left_out = []
    if len(sys.argv) > 5:
        left_out = [l.strip().lstrip("/") for l in open(sys.argv[5]) if l.strip()]
    if not os.path.exists(ini):
        with open(ini, "w") as f:
            f.write(PRESET)

    def shared(path):
        return any(path.startswith(p) if p.endswith("/") else path == p for p in left_out)
    run = lambda *a: subprocess.run(["git", "-C", repo, *a], check=True, capture_output=True, text=True).stdout
    tracked = run("ls-files", "-z").split("\0")
    dirs = {""}
    for p in tracked:
        parts = p.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            dirs.add("/".join(parts[:i]) + "/")

    def unit(path):
        d = path
        while "/" in d:
            d = d[: d.rindex("/")]
            if d + "/" in dirs:
                return d + "/"
        return ""

    log = run("log", "--no-merges", "--no-renames", "--name-only", "--format=tformat:@@")
    changes = []
    for block in log.split("@@")[1:]:
        files = [f for f in block.split("\n") if f]
        if 0 < len(files) <= MAX_CHANGESET:
            changes.append([f for f in files if not shared(f)])
    weight = {}
    edges = []
    for files in changes:
        us = set()
        for f in files:
            u = unit(f)
            weight[u] = weight.get(u, 0) + 1
            us.add(u)
        edges.append(us)
    units = sorted(weight)
    index = {u: i for i, u in enumerate(units)}
    nets = [sorted(index[u] for u in e) for e in edges if len(e) > 1]
    started = time.time()
    indices, pins = [0], []
    for n in nets:
        pins.extend(n)
        indices.append(len(pins))
    h = kahypar.Hypergraph(len(units), len(nets), indices, pins, k, [1] * len(nets), [weight[u] for u in units])
    ctx = kahypar.Context()
    ctx.loadINIconfiguration(ini)
    ctx.setK(k)
    ctx.setEpsilon(eps)
    ctx.setSeed(42)
    ctx.suppressOutput(True)
    kahypar.partition(h, ctx)
    block = {u: h.blockID(index[u]) for u in units}
    print(f"kahypar: {len(units)} vertices, {len(nets)} hyperedges, {time.time() - started:.2f} s", file=sys.stderr)
    out = ["version = 1", ""]
    for b in range(k):
        out += [f"[teams.k{b}]", f'leader = "k{b}@example.com"', ""]
    root = block.get("", 0)
    out += ["[[own]]", f'team = "k{root}"', 'paths = ["*"]', ""]
    for u in units:
        if u:
            out += ["[[own]]", f'team = "k{block[u]}"', f'paths = ["/{u}*"]', ""]
    if left_out:
        out += ["[[own]]", "unowned = true", "paths = [" + ", ".join(f'"/{p}"' for p in left_out) + "]", ""]
    print("\n".join(out))


if __name__ == "__main__":
    main()
