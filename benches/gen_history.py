#!/usr/bin/env python3
"""Generates a large synthetic monorepo history with git fast-import.

    gen_history.py DIR [--commits N] [--files N] [--dirs N] [--teams N] [--seed N] [--repack]
    gen_history.py DIR --append N [--seed N]

The first form creates DIR: one commit adding every file, then N commits
shaped like a monorepo's history:

  - skewed activity: the file a change starts from is drawn from a Zipf-like
    law (a few hot files, a long cold tail), and most of its other files come
    from the same directory or the same team;
  - bulk commits (about 3 in 1,000) touching hundreds of files;
  - renames of any file, within its directory or to another one (about 1
    in 200 commits);
  - topic branches merged back with a two-parent merge commit.

Files live in DIR/tNN/mNNNN/dNNNNN/ (leaf directories grouped under mid and
top-level ones, so every commit writes a few small trees, not one huge one).
OWNERS.toml gives each team one rule over whole directories, and the authors
are mostly members of the team owning what they change.

The second form appends N more commits of the same shape on top of DIR's
HEAD (the state is read back from the tree), for incremental runs.

fast-import writes long delta chains (hundreds of deltas deep) that a
repository kept by `git gc` does not have; --repack rewrites the pack as gc
would (`git repack -adf`, chains of at most 50), which takes a while at a
million commits.

Contents come from a small pool of blobs, so the import stays small and fast;
every modification picks a content different from the file's current one, so
no change is empty. The same arguments always give the same history.
"""
import argparse
import hashlib
import os
import random
import subprocess
import sys

POOL = 64
EPOCH = 1_500_000_000
EXTS = [".rs", ".py", ".ts", ".go", ".java", ".md", ".json", ".yaml"]
LEAVES_PER_MID = 25


def pool_content(k):
    return f"content {k}\n".encode()


def pool_ids():
    ids = {}
    for k in range(POOL):
        data = pool_content(k)
        ids[hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()] = k
    return ids


def layout(dirs):
    """Leaf directory i -> its path; mid directories are what teams own."""
    mids = (dirs + LEAVES_PER_MID - 1) // LEAVES_PER_MID
    tops = max(1, int(mids ** 0.5))
    leaf = []
    for i in range(dirs):
        m = i // LEAVES_PER_MID
        leaf.append(f"t{m % tops:02d}/m{m:04d}/d{i:05d}")
    mid = [f"t{m % tops:02d}/m{m:04d}" for m in range(mids)]
    return leaf, mid


def owners_toml(teams, mid, rnd):
    """One rule per team over whole mid directories (or leaves if too few)."""
    order = list(range(len(mid)))
    rnd.shuffle(order)
    owned = [[] for _ in range(teams)]
    for n, m in enumerate(order):
        owned[n % teams].append(mid[m])
    out = ["version = 1\n"]
    for t in range(teams):
        members = ", ".join(f'"dev{t}-{k}@example.com"' for k in range(1, 5))
        out.append(f'\n[teams.team{t:03d}]\nleader = "dev{t}-0@example.com"\n'
                   f"members = [{members}]\n")
    for t in range(teams):
        if owned[t]:
            paths = ", ".join(f'"/{d}/"' for d in sorted(owned[t]))
            out.append(f'\n[[own]]\nteam = "team{t:03d}"\npaths = [{paths}]\n')
    return "".join(out)


class State:
    """What the generator knows of the tree: paths, contents, who owns what."""

    def __init__(self, paths, blobs, mid_team, rnd):
        self.paths = paths
        self.blobs = blobs
        self.mid_team = mid_team
        self.by_dir = {}
        for i, p in enumerate(paths):
            self.by_dir.setdefault(p.rsplit("/", 1)[0], []).append(i)
        self.dirs = list(self.by_dir)
        # Zipf-like activity over a random order of the files.
        order = list(range(len(paths)))
        rnd.shuffle(order)
        self.hot = order
        acc, self.cum = 0.0, []
        for r in range(len(order)):
            acc += 1.0 / (r + 1) ** 1.05
            self.cum.append(acc)
        # Appending to a history continues its numbering of moved files.
        self.renamed = max((int(p.rsplit("/", 1)[1][1:].split("-", 1)[0])
                            for p in paths if p.rsplit("/", 1)[1].startswith("r")), default=0)

    def move(self, i, rnd):
        """Renames file I, within its directory or (half the time) to another."""
        old = self.paths[i]
        d, name = old.rsplit("/", 1)
        self.renamed += 1
        to = d if rnd.random() < 0.5 else rnd.choice(self.dirs)
        # The name keeps its first form, so moves do not lengthen it.
        base = name.split("-", 1)[1] if name.startswith("r") else name
        new = f"{to}/r{self.renamed}-{base}"
        self.by_dir[d].remove(i)
        self.by_dir[to].append(i)
        self.paths[i] = new
        return old, new

    def team_of(self, i):
        return self.mid_team.get(self.paths[i].rsplit("/", 2)[0], 0)


class Writer:
    def __init__(self, out, teams, rnd):
        self.out = out
        self.teams = teams
        self.rnd = rnd
        self.mark = POOL
        self.t = EPOCH

    def w(self, s):
        self.out.write(s.encode("utf-8", "surrogateescape"))

    def blobs(self):
        for k in range(POOL):
            data = pool_content(k)
            self.w(f"blob\nmark :{k + 1}\ndata {len(data)}\n")
            self.out.write(data + b"\n")

    def commit(self, ref, team, msg, parent=None, merge=None):
        self.mark += 1
        self.t += 97 + self.rnd.randrange(600)
        who = f"dev{team}-{self.rnd.randrange(5)}"
        if self.rnd.random() < 0.1:
            who = f"dev{self.rnd.randrange(self.teams)}-{self.rnd.randrange(5)}"
        self.w(f"commit {ref}\nmark :{self.mark}\n"
               f"author {who} <{who}@example.com> {self.t} +0000\n"
               f"committer {who} <{who}@example.com> {self.t} +0000\n"
               f"data {len(msg)}\n{msg}\n")
        if parent:
            self.w(f"from {parent}\n")
        if merge:
            self.w(f"merge {merge}\n")
        return f":{self.mark}"


def pick_files(st, rnd):
    """The files of one ordinary change: clustered around a hot file."""
    first = st.hot[rnd.choices(range(len(st.hot)), cum_weights=st.cum)[0]]
    n = min(int(rnd.paretovariate(1.6)), 12)
    files = {first}
    home = st.by_dir[st.paths[first].rsplit("/", 1)[0]]
    for _ in range(n - 1):
        u = rnd.random()
        if u < 0.6:
            files.add(rnd.choice(home))
        elif u < 0.85:
            files.add(st.hot[rnd.choices(range(len(st.hot)), cum_weights=st.cum)[0]])
        else:
            files.add(rnd.randrange(len(st.paths)))
    return sorted(files)


def modify(wr, st, files, side=None):
    """New contents for FILES on main, or on a topic branch (SIDE)."""
    for i in files:
        cur = st.blobs[i] if side is None else side.get(i, st.blobs[i])
        b = (cur + 1 + wr.rnd.randrange(POOL - 1)) % POOL
        if side is None:
            st.blobs[i] = b
        else:
            side[i] = b
        wr.w(f"M 100644 :{b + 1} {st.paths[i]}\n")


def generate(wr, st, commits, ref, start):
    rnd = wr.rnd
    tip = start
    c = 0
    while c < commits:
        u = rnd.random()
        if u < 0.003:
            files = sorted(rnd.sample(range(len(st.paths)), rnd.randint(100, 800)))
            tip = wr.commit(ref, st.team_of(files[0]), f"bulk change {c}\n", tip)
            modify(wr, st, files)
            c += 1
        elif u < 0.008:
            i = rnd.randrange(len(st.paths))
            tip = wr.commit(ref, st.team_of(i), f"move {st.paths[i]}\n", tip)
            old, new = st.move(i, rnd)
            wr.w(f"R {old} {new}\n")
            c += 1
        elif u < 0.018 and commits - c >= 3:
            # A topic branch of 1-5 commits, merged back: the merge's tree is
            # the first parent's with the topic's files taken from the topic.
            k = min(rnd.randint(1, 5), commits - c - 1)
            side, changed, stip = {}, set(), tip
            for j in range(k):
                files = pick_files(st, rnd)
                stip = wr.commit("refs/heads/topic", st.team_of(files[0]),
                                 f"topic change {c + j}\n", stip)
                modify(wr, st, files, side)
                changed.update(files)
            tip = wr.commit(ref, st.team_of(min(changed)), f"merge topic {c}\n",
                            tip, merge=stip)
            for i in sorted(changed):
                st.blobs[i] = side[i]
                wr.w(f"M 100644 :{side[i] + 1} {st.paths[i]}\n")
            c += k + 1
        else:
            files = pick_files(st, rnd)
            tip = wr.commit(ref, st.team_of(files[0]), f"change {c}\n", tip)
            modify(wr, st, files)
            c += 1
        if c % 100_000 == 0:
            print(f"  {c} commits", file=sys.stderr)
    return tip


def fresh(a, rnd):
    leaf, mid = layout(a.dirs)
    paths = []
    for n in range(a.files):
        d = leaf[rnd.randrange(len(leaf))] if n >= len(leaf) else leaf[n]
        paths.append(f"{d}/f{n}{EXTS[n % len(EXTS)]}")
    toml = owners_toml(a.teams, mid, rnd)
    return paths, toml


def mid_teams(toml):
    owner, team = {}, None
    for line in toml.splitlines():
        if line.startswith("team = "):
            team = int(line.split('"')[1][4:])
        elif line.startswith("paths = ") and team is not None:
            for p in line[len("paths = ["):-1].split(", "):
                owner[p.strip('"/')] = team
    return owner


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--commits", type=int, default=1_000_000)
    ap.add_argument("--files", type=int, default=200_000)
    ap.add_argument("--dirs", type=int, default=20_000)
    ap.add_argument("--teams", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--append", type=int, default=0)
    ap.add_argument("--repack", action="store_true")
    a = ap.parse_args()
    if not 100 <= a.teams <= 500 and not a.append:
        print("note: --teams outside 100..500 is allowed but untypical", file=sys.stderr)
    if a.dirs > a.files:
        sys.exit("error: --dirs must not exceed --files (every directory holds a file)")
    rnd = random.Random(a.seed)
    git = lambda *args, **kw: subprocess.run(["git", "-C", a.dir, *args], check=True, **kw)

    if a.append:
        toml = open(os.path.join(a.dir, "OWNERS.toml"), encoding="utf-8").read()
        ids = pool_ids()
        tree = subprocess.run(["git", "-C", a.dir, "ls-tree", "-r", "-z", "HEAD"],
                              check=True, capture_output=True).stdout
        paths, blobs = [], []
        for entry in tree.split(b"\0"):
            if not entry:
                continue
            meta, path = entry.split(b"\t", 1)
            if path == b"OWNERS.toml":
                continue
            paths.append(path.decode("utf-8", "surrogateescape"))
            blobs.append(ids.get(meta.split()[2].decode(), 0))
        head = subprocess.run(["git", "-C", a.dir, "log", "-1", "--format=%ct"],
                              check=True, capture_output=True, text=True).stdout
        # Mark the appended commits apart from the first run's.
        rnd.seed(a.seed * 1_000_003 + int(head))
        st = State(paths, blobs, mid_teams(toml), rnd)
        start, count = "refs/heads/main^0", a.append
    else:
        os.makedirs(a.dir, exist_ok=True)
        git("init", "-q", "-b", "main")
        git("config", "user.email", "bench@example.com")
        git("config", "user.name", "bench")
        paths, toml = fresh(a, rnd)
        with open(os.path.join(a.dir, "OWNERS.toml"), "w", encoding="utf-8") as f:
            f.write(toml)
        st = State(paths, [0] * len(paths), mid_teams(toml), rnd)
        start, count = None, a.commits

    p = subprocess.Popen(["git", "-C", a.dir, "fast-import", "--quiet", "--done"],
                         stdin=subprocess.PIPE)
    out = p.stdin
    wr = Writer(out, a.teams, rnd)
    wr.w("feature done\n")
    if a.append:
        wr.t = int(head)
    wr.blobs()
    if not a.append:
        data = toml.encode()
        start = wr.commit("refs/heads/main", 0, "initial tree\n")
        wr.w(f"M 100644 inline OWNERS.toml\ndata {len(data)}\n")
        out.write(data + b"\n")
        for path in st.paths:
            wr.w(f"M 100644 :1 {path}\n")
    generate(wr, st, count, "refs/heads/main", start)
    wr.w("done\n")
    out.close()
    if p.wait() != 0:
        sys.exit("error: git fast-import failed")
    git("update-ref", "-d", "refs/heads/topic")
    git("symbolic-ref", "HEAD", "refs/heads/main")
    if a.repack:
        git("repack", "-adfq", "--depth=50", "--window=10")
    # A checkout-less index, as a clone would have (no working tree needed).
    git("read-tree", "HEAD")
    print(a.dir)


if __name__ == "__main__":
    main()
