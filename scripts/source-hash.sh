#!/usr/bin/env bash
# Prints the SHA-256 that names what the teamlint binary is built from: the
# files Cargo.lock, Cargo.toml, src/ and crates/ under DIR (default: this checkout),
# each with its path, in byte order of the paths.
#
#   scripts/source-hash.sh [DIR]
#
# The Action keys its build cache by it, and each release publishes it
# (teamlint-VERSION-source.sha256) so that an install from a checkout of
# other source (a fork, an unreleased commit) is told apart from the release.
set -euo pipefail

dir="${1:-$(dirname -- "${BASH_SOURCE[0]}")/..}"

if command -v sha256sum >/dev/null 2>&1; then
    sha256=(sha256sum)
else
    sha256=(shasum -a 256)
fi

listing="$(
    cd -- "$dir" &&
        find Cargo.lock Cargo.toml src crates -type f -print0 |
        LC_ALL=C sort -z |
            xargs -0 "${sha256[@]}" --
)"
hash="$(printf '%s\n' "$listing" | "${sha256[@]}" | cut -c1-64)"
if [[ ${#hash} -ne 64 ]]; then
    echo "source-hash: could not hash Cargo.lock, Cargo.toml, src/ and crates/ under $dir" >&2
    exit 2
fi
printf '%s\n' "$hash"
