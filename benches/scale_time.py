#!/usr/bin/env python3
"""Timing and curves for benches/scale.sh.

    scale_time.py measure RESULTS SIZE LABEL=COMMAND [LABEL=COMMAND ...]
    scale_time.py record RESULTS SIZE LABEL VALUE
    scale_time.py report RESULTS

`measure` runs the commands round-robin (so a load spike on a shared
machine hits all of them alike): WARMUP rounds (default 1) and then RUNS
rounds (default 3), appending each command's median wall time and peak
memory (wait4, as timing.py measures them) and its median CPU time (user +
system, which a loaded machine inflates far less than wall time) to
RESULTS. A `LABEL@setup=CMD`
argument runs CMD, untimed, before every run of LABEL. `record` appends a
plain figure (a file size). `report` prints the table: each figure per size,
its ratio to the reference of its group, and the exponent of its curve, the
log-log slope between consecutive sizes (1.0: cost grows as the work does).
"""
import json
import math
import os
import resource
import statistics
import subprocess
import sys

# Importing timing.py must not leave a __pycache__ in the source tree.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from timing import run  # noqa: E402

# The reference each label is compared with (the first label of its group).
GROUPS = [
    ("git log", ["teamlint audit, cold", "teamlint audit, cached",
                 "teamlint audit, +1000 commits"]),
    ("git ls-files", ["teamlint check"]),
    ("git diff --cached", ["teamlint check --staged"]),
]


def measure(results, size, args):
    cmds, setups = [], {}
    for arg in args:
        label, cmd = arg.split("=", 1)
        if label.endswith("@setup"):
            setups[label[:-6]] = cmd
        else:
            cmds.append((label, cmd))
    samples = {label: [] for label, _ in cmds}
    warm = int(os.environ.get("WARMUP", "1"))
    runs = int(os.environ.get("RUNS", "3"))
    for r in range(warm + runs):
        for label, cmd in cmds:
            if label in setups:
                subprocess.run(setups[label], shell=True, check=True)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            s = run(cmd)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
            s = (*s, cpu)
            if s[2] != 0:
                sys.exit(f"error: `{cmd}` exited with {s[2]} (size {size})")
            if r >= warm:
                samples[label].append(s)
    with open(results, "a", encoding="utf-8") as f:
        for label, _ in cmds:
            ss = samples[label]
            rec = {"size": size, "label": label,
                   "seconds": statistics.median(s[0] for s in ss),
                   "cpu_seconds": statistics.median(s[3] for s in ss),
                   "peak_mb": max(s[1] for s in ss), "runs": len(ss)}
            f.write(json.dumps(rec) + "\n")
            print(f"  {label:<32} {rec['seconds']:>9.3f}s wall {rec['cpu_seconds']:>9.3f}s cpu"
                  f" {rec['peak_mb']:>8.1f} MB", flush=True)


def slope(points):
    """Log-log slopes between consecutive (size, value) points."""
    out = []
    for (n1, v1), (n2, v2) in zip(points, points[1:]):
        if v1 > 0 and v2 > 0 and n2 != n1:
            out.append(math.log(v2 / v1) / math.log(n2 / n1))
    return " ".join(f"{e:.2f}" for e in out) or "-"


def report(results):
    recs = {}
    with open(results, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            recs.setdefault(r["label"], {})[r["size"]] = r
    ref_of = {}
    for ref, labels in GROUPS:
        for label in labels:
            ref_of[label] = ref
    print(f"{'figure':<32} {'size':>9} {'wall':>11} {'ratio':>8} {'cpu':>10} {'ratio':>8} {'peak MB':>8}")
    for label, by_size in recs.items():
        pts, cpu, mem = [], [], []
        for size in sorted(by_size):
            r = by_size[size]
            if "seconds" in r:
                ref = recs.get(ref_of.get(label, ""), {}).get(size)
                ratio = f"{r['seconds'] / ref['seconds']:.2f}x" if ref else ""
                cratio = f"{r['cpu_seconds'] / ref['cpu_seconds']:.2f}x" if ref else ""
                print(f"{label:<32} {size:>9} {r['seconds']:>10.3f}s {ratio:>8}"
                      f" {r['cpu_seconds']:>9.3f}s {cratio:>8} {r['peak_mb']:>8.1f}")
                pts.append((size, r["seconds"]))
                cpu.append((size, r["cpu_seconds"]))
                mem.append((size, r["peak_mb"]))
            else:
                print(f"{label:<32} {size:>9} {r['value'] / 1e6:>9.1f}MB")
                pts.append((size, r["value"]))
        line = f"{'':<32} exponent: {slope(pts)}"
        if mem:
            line += f"   cpu: {slope(cpu)}   memory: {slope(mem)}"
        print(line)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    what, results = sys.argv[1], sys.argv[2]
    if what == "measure":
        measure(results, int(sys.argv[3]), sys.argv[4:])
    elif what == "record":
        with open(results, "a", encoding="utf-8") as f:
            f.write(json.dumps({"size": int(sys.argv[3]), "label": sys.argv[4],
                                "value": float(sys.argv[5])}) + "\n")
    elif what == "report":
        report(results)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
