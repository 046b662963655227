"""Owner of every path on stdin with the PyPI `codeowners` package, for the
benchmark comparison: `git ls-files | python py_owners.py CODEOWNERS`."""
import sys

from codeowners import CodeOwners

owners = CodeOwners(open(sys.argv[1]).read())
out = sys.stdout
for line in sys.stdin:
    path = line.rstrip("\n")
    out.write(f"{path}\t{' '.join(o[1] for o in owners.of(path))}\n")
