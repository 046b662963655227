#!/usr/bin/env python3
"""Builds a synthetic repository for the benchmarks.

    synth.py DIR [--files N] [--rules N] [--commits N]

DIR gets N tracked files spread over a realistic directory tree, an
OWNERS.toml with the given number of rules (directory rules, extension
rules, nested overrides, and a catch-all), and an equivalent CODEOWNERS in
.github/ for CODEOWNERS tools. With --commits, a history of that many commits
is scripted on top (a few files each, mostly within one team).
"""
import argparse
import os
import random
import subprocess


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--rules", type=int, default=2_000)
    ap.add_argument("--commits", type=int, default=0)
    ap.add_argument("--teams", type=int, default=100)
    a = ap.parse_args()
    rnd = random.Random(42)

    os.makedirs(a.dir, exist_ok=True)
    git = lambda *args, **kw: subprocess.run(["git", "-C", a.dir, *args], check=True, **kw)
    git("init", "-q")
    git("config", "user.email", "bench@example.com")
    git("config", "user.name", "bench")

    # areas/NN/modMMM/sub/file: 40 areas x 50 modules x ~50 files.
    exts = [".rs", ".py", ".ts", ".go", ".md", ".json", ".tf", ".yaml"]
    modules = [f"area{i:02d}/mod{j:03d}" for i in range(40) for j in range(50)]
    paths = []
    for n in range(a.files):
        m = modules[n % len(modules)]
        depth = rnd.choice(["", "src/", "src/inner/", "tests/", "docs/"])
        paths.append(f"{m}/{depth}f{n}{rnd.choice(exts)}")
    for p in paths:
        full = os.path.join(a.dir, p)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write("x\n")

    teams = [f"team{t:03d}" for t in range(a.teams)]
    rules = [("*", teams[0])]
    i = 0
    while len(rules) < a.rules:
        kind = i % 10
        m = modules[(i * 7) % len(modules)]
        if kind < 7:
            rules.append((f"/{m}/", rnd.choice(teams)))
        elif kind == 7:
            rules.append((f"/{m}/tests/", rnd.choice(teams)))
        elif kind == 8:
            rules.append((f"/{m}/**/*.md", rnd.choice(teams)))
        else:
            rules.append((f"*{rnd.choice(exts)}" if i % 50 == 9 else f"/{m}/docs/*", rnd.choice(teams)))
        i += 1

    with open(os.path.join(a.dir, "OWNERS.toml"), "w") as f:
        f.write("version = 1\n")
        for t in teams:
            f.write(f'\n[teams.{t}]\nleader = "{t}-lead@example.com"\n'
                    f'members = ["{t}-dev@example.com"]\ngithub = "@bench/{t}"\n')
        for pat, team in rules:
            f.write(f'\n[[own]]\nteam = "{team}"\npaths = ["{pat}"]\n')
    os.makedirs(os.path.join(a.dir, ".github"), exist_ok=True)
    with open(os.path.join(a.dir, ".github", "CODEOWNERS"), "w") as f:
        for pat, team in rules:
            f.write(f"{pat} @bench/{team}\n")
    git("add", "-A")
    git("commit", "-q", "-m", "synthetic tree")

    if a.commits:
        history(a, git, paths, rnd)
    print(a.dir)


def history(a, git, paths, rnd):
    """Scripts commits with fast-import: a few files per commit, clustered."""
    by_module = {}
    for p in paths:
        by_module.setdefault(p.split("/", 2)[0] + "/" + p.split("/", 2)[1], []).append(p)
    mods = list(by_module)
    lines = []
    t = 1_600_000_000
    for c in range(a.commits):
        m = rnd.choice(mods)
        files = rnd.sample(by_module[m], min(len(by_module[m]), rnd.randint(1, 6)))
        if rnd.random() < 0.2:  # a cross-module change
            m2 = rnd.choice(mods)
            files += rnd.sample(by_module[m2], min(len(by_module[m2]), 2))
        t += 3600
        msg = f"change {c}"
        lines.append("commit refs/heads/main\n")
        lines.append(f"committer dev{c % 50} <dev{c % 50}@example.com> {t} +0000\n")
        lines.append(f"data {len(msg)}\n{msg}\n")
        if c == 0:
            lines.append("from refs/heads/main^0\n")
        for f in files:
            data = f"{c}\n"
            lines.append(f"M 100644 inline {f}\ndata {len(data)}\n{data}\n")
    git("branch", "-f", "main", "HEAD")
    subprocess.run(["git", "-C", a.dir, "fast-import", "--quiet"], input="".join(lines).encode(), check=True)
    git("checkout", "-q", "-f", "main")


if __name__ == "__main__":
    main()
