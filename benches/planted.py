#!/usr/bin/env python3
"""Builds a history with a planted team structure, for benches/design.sh.

    planted.py DIR [--teams K] [--dirs N] [--commits N] [--cross P]

K teams each own N directories scattered over four top-level areas (so the
planted split is not the tree's); 1 - P of the commits touch one team's
directories, made by its people, the rest two teams'. OWNERS.toml maps
today's teams by top-level area, with a shared rule, so that it is wrong
in a way `suggest` can improve. The planted owner of each directory is
written to DIR.planted (`dir<TAB>team`), outside the repository.
"""
import argparse
import os
import random
import subprocess


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--teams", type=int, default=8)
    ap.add_argument("--dirs", type=int, default=6)
    ap.add_argument("--commits", type=int, default=3000)
    ap.add_argument("--cross", type=float, default=0.1)
    a = ap.parse_args()
    rnd = random.Random(7)
    os.makedirs(a.dir, exist_ok=True)
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")

    def git(*args, **kw):
        subprocess.run(["git", "-C", a.dir, *args], check=True, env=env, **kw)

    git("init", "-q")
    git("config", "user.email", "bench@example.com")
    git("config", "user.name", "bench")

    areas = ["core", "web", "data", "tools"]
    dirs = []
    for t in range(a.teams):
        for j in range(a.dirs):
            area = areas[(t * a.dirs + j) % len(areas)]
            dirs.append((f"{area}/t{t}m{j}/", t))
    rnd.shuffle(dirs)
    with open(a.dir.rstrip("/") + ".planted", "w") as f:
        for d, t in sorted(dirs):
            f.write(f"{d}\t{t}\n")
    files = {}
    for d, t in dirs:
        files.setdefault(t, []).append([f"{d}f{i}.txt" for i in range(4)])
    for t in files:
        for group in files[t]:
            for p in group:
                full = os.path.join(a.dir, p)
                os.makedirs(os.path.dirname(full), exist_ok=True)
                with open(full, "w") as fh:
                    fh.write("0\n")
    with open(os.path.join(a.dir, "OWNERS.toml"), "w") as f:
        f.write("version = 1\n\n")
        for area in areas:
            f.write(f'[teams.{area}]\nleader = "{area}-lead@example.com"\n\n')
        f.write('[[own]]\nteam = "core"\npaths = ["*"]\n\n')
        for area in areas[1:]:
            f.write(f'[[own]]\nteam = "{area}"\npaths = ["/{area}/"]\n\n')
        f.write('[[own]]\nteams = ["web", "data"]\npaths = ["/web/t0m0/", "/data/t1m1/"]\n')
    git("add", "-A")
    git("commit", "-q", "-m", "init", "--date", "2024-01-01T00:00:00Z")

    people = {t: [f"p{t}-{i}@example.com" for i in range(3)] for t in range(a.teams)}
    stamp = 1_704_067_200
    for n in range(a.commits):
        t = rnd.randrange(a.teams)
        touched = [t]
        if rnd.random() < a.cross:
            touched.append(rnd.choice([u for u in range(a.teams) if u != t]))
        paths = []
        for u in touched:
            for group in rnd.sample(files[u], rnd.randint(1, min(3, len(files[u])))):
                paths.extend(rnd.sample(group, rnd.randint(1, 2)))
        for p in paths:
            with open(os.path.join(a.dir, p), "a") as fh:
                fh.write(f"{n}\n")
        author = rnd.choice(people[t])
        stamp += 3600
        git("add", *paths)
        subprocess.run(
            ["git", "-C", a.dir, "commit", "-q", "-m", f"change {n}"],
            check=True,
            env=dict(
                env,
                GIT_AUTHOR_NAME=author,
                GIT_AUTHOR_EMAIL=author,
                GIT_COMMITTER_NAME=author,
                GIT_COMMITTER_EMAIL=author,
                GIT_AUTHOR_DATE=f"{stamp} +0000",
                GIT_COMMITTER_DATE=f"{stamp} +0000",
            ),
        )


if __name__ == "__main__":
    main()
