#!/usr/bin/env python3
"""The balance of an ownership map, for benches/design.sh.

    balance.py TEAMLINT REPO MAP

Each team's change volume is the sum, over the tracked files it owns
(`teamlint ls`), of their changes: non-merge commits of at most 30 files
(`max_changeset`), as `git log --no-merges --no-renames` lists them.
Prints the largest volume over the mean (1.00: perfectly even; KaHyPar's
imbalance 0.5 allows 1.5) and the number of teams that own a changed file.
Unowned files count for no team.
"""
import collections
import subprocess
import sys

MAX_CHANGESET = 30


def main():
    tl, repo, owners = sys.argv[1], sys.argv[2], sys.argv[3]
    run = lambda *a: subprocess.run(a, check=True, capture_output=True, text=True, cwd=repo).stdout
    log = run("git", "log", "--no-merges", "--no-renames", "--name-only", "--format=tformat:@@")
    revs = collections.Counter()
    for block in log.split("@@")[1:]:
        files = [f for f in block.split("\n") if f]
        if 0 < len(files) <= MAX_CHANGESET:
            revs.update(files)
    volume = collections.Counter()
    for line in run(tl, "-c", owners, "ls").splitlines():
        path, _, team = line.rpartition("\t")
        if not team.startswith("("):
            volume[team] += revs.get(path, 0)
    teams = [v for v in volume.values() if v > 0]
    mean = sum(teams) / len(teams) if teams else 0
    print(f"{max(teams) / mean:.2f} {len(teams)}" if mean else "— 0")


if __name__ == "__main__":
    main()
