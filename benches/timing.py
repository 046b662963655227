#!/usr/bin/env python3
"""Times commands in one run and prints ratios against the first.

    timing.py LABEL=COMMAND [LABEL=COMMAND ...]

Each command runs through the shell in the current directory, once to warm
up and then RUNS times (default 5); the median wall time is reported, with
the peak memory (from wait4). A label starting with `ref:` marks a slow
reference tool: it runs once, without a warm-up.
"""
import os
import statistics
import subprocess
import sys
import time

RUNS = int(os.environ.get("RUNS", "5"))


def run(cmd):
    start = time.perf_counter()
    p = subprocess.Popen(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, code


def main():
    results = []
    for arg in sys.argv[1:]:
        label, cmd = arg.split("=", 1)
        if label.startswith("ref:"):
            label = label[4:]
            samples = [run(cmd)]
        else:
            run(cmd)
            samples = [run(cmd) for _ in range(RUNS)]
        med = statistics.median(s[0] for s in samples)
        mem = max(s[1] for s in samples)
        results.append((label, med, mem, samples[-1][2]))
    ref = results[0][1]
    print(f"{'command':<34} {'median':>10} {'ratio':>8} {'peak MB':>8} exit")
    for label, med, mem, code in results:
        print(f"{label:<34} {med*1000:>8.1f}ms {med/ref:>7.2f}x {mem:>8.1f} {code}")


if __name__ == "__main__":
    main()
