#!/usr/bin/env bash
# The steps of a release (.github/workflows/release.yml runs them, and so
# can anyone, by hand, for the platform they are on):
#
#   scripts/release.sh version [DIR]       the version in Cargo.toml (of DIR)
#   scripts/release.sh check-tag TAG       TAG is v<that version> and CHANGELOG.md
#                                          has its section
#   scripts/release.sh notes [VERSION]     that section of CHANGELOG.md
#   scripts/release.sh build TARGET [OUT]  the wheel and the binary archive for
#                                          TARGET (a Rust target triple) in OUT
#                                          (default dist/)
#   scripts/release.sh archive BINARY TARGET [OUT]
#                                          package a built binary as the release
#                                          archive of TARGET, with its .sha256
#   scripts/release.sh finish DIR          install.sh beside the archives, the
#                                          source hash, and SHA256SUMS of every
#                                          file in DIR
#
# Names (scripts/install.sh and [package.metadata.binstall] in Cargo.toml
# expect them; tests/release.rs holds them together):
#   teamlint-VERSION-TARGET.tar.gz   (.zip for Windows), holding
#   teamlint-VERSION-TARGET/teamlint (teamlint.exe), README.md, CHANGELOG.md
#   teamlint-VERSION-TARGET.tar.gz.sha256
#   teamlint-VERSION-source.sha256   what the binaries were built from
#   install.sh                       scripts/install.sh, for CI that has no
#                                    checkout of teamlint (the GitLab template
#                                    downloads it from the release)
#   SHA256SUMS                       every file of the release
set -euo pipefail

root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"

die() {
    printf 'release: %s\n' "$*" >&2
    exit 1
}

if command -v sha256sum >/dev/null 2>&1; then
    sha256=(sha256sum)
else
    sha256=(shasum -a 256)
fi

# `python` first: on Windows `python3` may be the store's placeholder.
python=python
if ! command -v python >/dev/null 2>&1; then
    python=python3
fi

version() {
    local manifest="${1:-$root}/Cargo.toml"
    [[ -f "$manifest" ]] || die "no $manifest"
    awk '
        /^\[/ { in_package = ($0 == "[package]") }
        in_package && /^version[ \t]*=/ {
            sub(/^version[ \t]*=[ \t]*"/, ""); sub(/".*$/, ""); print; exit
        }' "$manifest"
}

# The lines of CHANGELOG.md under `## [VERSION]`, up to the next `## `.
notes() {
    awk -v want="## [$1]" '
        index($0, want) == 1 { on = 1; next }
        on && /^## / { exit }
        on { print }' "$root/CHANGELOG.md"
}

check_tag() {
    local v
    v="$(version)"
    [[ -n "$v" ]] || die "no version in Cargo.toml"
    if [[ "$1" != "v$v" ]]; then
        die "the tag $1 does not name the version in Cargo.toml ($v): tag v$v, or bump Cargo.toml first"
    fi
    if ! awk -v want="## [$v]" 'index($0, want) == 1 { found = 1 } END { exit !found }' "$root/CHANGELOG.md"; then
        die "CHANGELOG.md has no section \`## [$v]\`"
    fi
    if [[ -z "$(notes "$v" | tr -d '[:space:]')" ]]; then
        die "the section \`## [$v]\` of CHANGELOG.md is empty"
    fi
    printf '%s\n' "$v"
}

# archive BINARY TARGET OUT
archive() {
    local binary="$1" target="$2" out="$3" v name exe="" stage file
    v="$(version)"
    name="teamlint-$v-$target"
    [[ -f "$binary" ]] || die "no binary at $binary"
    mkdir -p -- "$out"
    out="$(cd -- "$out" && pwd)"
    case "$target" in
    *-windows-*) exe=.exe ;;
    esac
    stage="$(mktemp -d -- "${TMPDIR:-/tmp}/teamlint-release.XXXXXX")"
    mkdir -- "$stage/$name"
    cp -- "$binary" "$stage/$name/teamlint$exe"
    chmod 755 -- "$stage/$name/teamlint$exe"
    cp -- "$root/README.md" "$root/CHANGELOG.md" "$stage/$name/"
    if [[ -n "$exe" ]]; then
        file="$name.zip"
        (cd -- "$stage" && "$python" -m zipfile -c "$out/$file" "$name/")
    else
        file="$name.tar.gz"
        # Owned by root rather than by whoever built it (GNU tar; bsdtar,
        # on macOS, takes other flags and keeps the builder's).
        (
            cd -- "$stage"
            if ! tar --owner=0 --group=0 --numeric-owner -czf "$out/$file" "$name" 2>/dev/null; then
                tar -czf "$out/$file" "$name"
            fi
        )
    fi
    rm -rf -- "$stage"
    (cd -- "$out" && "${sha256[@]}" -- "$file" >"$file.sha256")
    printf '%s\n' "$out/$file"
}

# build TARGET OUT: the wheel (maturin) and, from the same build, the archive.
build() {
    local target="$1" out="$2" exe="" args
    command -v maturin >/dev/null 2>&1 || die "maturin is not installed (pip install 'maturin[zig]')"
    mkdir -p -- "$out"
    args=(build --release --locked --target "$target" --out "$out")
    case "$target" in
    *-linux-gnu)
        # glibc 2.17 and up (manylinux2014): zig links against that glibc
        # whatever the build machine has. zlib is linked in, not taken
        # from the system.
        args+=(--zig --compatibility manylinux2014)
        export LIBZ_SYS_STATIC=1
        ;;
    *-windows-*) exe=.exe ;;
    esac
    (cd -- "$root" && maturin "${args[@]}")
    local binary="$root/target/$target/release/teamlint$exe"
    [[ -f "$binary" ]] || die "maturin built no $binary"
    if [[ "$target" == *-linux-gnu ]] && command -v readelf >/dev/null 2>&1; then
        local needed
        needed="$(readelf -d "$binary" | awk '/NEEDED/ { gsub(/[][]/, "", $NF); print $NF }' | tr '\n' ' ')"
        for lib in $needed; do
            case "$lib" in
            libc.so.* | libm.so.* | libgcc_s.so.* | libpthread.so.* | libdl.so.* | librt.so.* | ld-linux*) ;;
            *) die "$binary needs $lib, which not every Linux has (needs: $needed)" ;;
            esac
        done
    fi
    # A binary this machine can run says the version it was tagged with.
    local printed
    if printed="$("$binary" --version 2>/dev/null)"; then
        [[ "$printed" == "teamlint $(version)" ]] || die "$binary says \`$printed\`, not \`teamlint $(version)\`"
    fi
    archive "$binary" "$target" "$out"
}

finish() {
    local dir="$1" v
    v="$(version)"
    [[ -d "$dir" ]] || die "no directory $dir"
    cp -- "$root/scripts/install.sh" "$dir/install.sh"
    chmod 755 -- "$dir/install.sh"
    printf '%s  teamlint-%s source (Cargo.lock, Cargo.toml, src/, crates/)\n' \
        "$(bash "$root/scripts/source-hash.sh" "$root")" "$v" >"$dir/teamlint-$v-source.sha256"
    (
        cd -- "$dir"
        rm -f SHA256SUMS
        find . -maxdepth 1 -type f ! -name 'SHA256SUMS*' ! -name '*.sha256' -print |
            sed 's|^\./||' | LC_ALL=C sort |
            while IFS= read -r f; do "${sha256[@]}" -- "$f"; done >SHA256SUMS.tmp
        mv -f SHA256SUMS.tmp SHA256SUMS
    )
}

cmd="${1:-}"
shift || true
case "$cmd" in
version) version "$@" ;;
check-tag)
    (($# == 1)) || die "usage: release.sh check-tag TAG"
    check_tag "$1"
    ;;
notes) notes "${1:-$(version)}" ;;
build)
    (($# >= 1)) || die "usage: release.sh build TARGET [OUT]"
    build "$1" "${2:-dist}"
    ;;
archive)
    (($# >= 2)) || die "usage: release.sh archive BINARY TARGET [OUT]"
    archive "$1" "$2" "${3:-dist}"
    ;;
finish)
    (($# == 1)) || die "usage: release.sh finish DIR"
    finish "$1"
    ;;
*) die "usage: release.sh version [DIR] | check-tag TAG | notes [VERSION] | build TARGET [OUT] | archive BINARY TARGET [OUT] | finish DIR" ;;
esac
