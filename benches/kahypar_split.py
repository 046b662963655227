#!/usr/bin/env python3
"""A reference split for benches/design.sh, by KaHyPar.

    kahypar_split.py REPO K EPSILON INI > OWNERS.toml

Each directory's direct (tracked) files are one vertex, weighted by their
changes; each non-merge commit of at most 30 files (`max_changeset`) is a
hyperedge over the directories it touches, a path that no longer exists
counting for its nearest tracked directory. KaHyPar cuts the hypergraph
into K blocks (imbalance EPSILON, the cut objective, the INI
configuration), written as an OWNERS.toml of `/dir/*` rules for
`teamlint audit` to score. Prints the run time on stderr.
"""
import subprocess
import sys
import time

import kahypar

MAX_CHANGESET = 30


def main():
    repo, k, eps, ini = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
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
            changes.append(files)
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
    print("\n".join(out))


if __name__ == "__main__":
    main()
