#!/usr/bin/env bash
# Fuzzing of the binary parsers (pack files, the git index, the history
# cache) with arbitrary and mutated bytes, for a bounded time per target:
#
#   benches/fuzz.sh            60 seconds per target
#   benches/fuzz.sh SECONDS
#
# The suite runs the same targets for a few hundred cases each; this runs
# them for as long as asked (not in CI's time budget) and prints, per
# target, how many cases ran and how fast. A failure prints the input
# that broke the parser and the round that replays it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
secs=${1:-60}
cd "$root"
TEAMLINT_FUZZ_SECS=$secs cargo test --quiet --test fuzz_parsers -- --nocapture --test-threads 1 2>&1 |
  grep -E '^fuzz |panicked|FAILED|test result'
