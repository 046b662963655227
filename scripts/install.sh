#!/usr/bin/env bash
# Installs the teamlint binary of a release: downloads the archive for this
# platform, checks it against the SHA-256 the release publishes beside it,
# and puts the binary in DEST. Nothing is run or installed before the
# checksum matches. The GitHub Action runs it (scripts/action-install.sh),
# and so can any CI:
#
#   scripts/install.sh [--version V] [--target T] [--dest DIR]
#                      [--base-url URL] [--source DIR]
#
#   --version   the release (default: the version in the Cargo.toml beside
#               this script; env TEAMLINT_VERSION)
#   --target    the Rust target triple (default: this machine's;
#               env TEAMLINT_TARGET)
#   --dest      where the binary goes (default: ./bin; env TEAMLINT_DEST)
#   --base-url  where releases are (env TEAMLINT_RELEASES_URL; file:// needs
#               curl; default
#               https://github.com/teamlint/teamlint/releases/download);
#               the archive is BASE/vV/teamlint-V-T.tar.gz (.zip on Windows),
#               its checksum BASE/vV/teamlint-V-T.tar.gz.sha256
#   --source    a checkout of teamlint: install the release only if it was
#               built from the same Cargo.lock, Cargo.toml, src/ and crates/ (the
#               release's teamlint-V-source.sha256), so that a fork or an
#               unreleased commit is built rather than given another binary
#
# Prints the installed binary's path on stdout; messages go to stderr.
# Exit status:
#   0  installed
#   1  refused: the download does not match its checksum, or the archive does
#      not hold the binary of that version (nothing was installed; never fall
#      back to anything on this one)
#   2  usage error
#   3  no release binary to install: none for this version or platform (a
#      fork, an unreleased commit, an unknown platform), or it could not be
#      downloaded, or it does not run here; the caller may build from source
set -euo pipefail

script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"

VERSION="${TEAMLINT_VERSION:-}"
TARGET="${TEAMLINT_TARGET:-}"
DEST="${TEAMLINT_DEST:-bin}"
BASE_URL="${TEAMLINT_RELEASES_URL:-https://github.com/teamlint/teamlint/releases/download}"
SOURCE=""

say() { printf 'teamlint install: %s\n' "$*" >&2; }
usage() {
    say "$*"
    say "usage: install.sh [--version V] [--target T] [--dest DIR] [--base-url URL] [--source DIR]"
    exit 2
}
refuse() {
    say "refused: $*"
    exit 1
}
unavailable() {
    say "$*"
    exit 3
}

while (($# > 0)); do
    case "$1" in
    --version | --target | --dest | --base-url | --source)
        if (($# < 2)); then
            usage "$1 needs a value"
        fi
        case "$1" in
        --version) VERSION="$2" ;;
        --target) TARGET="$2" ;;
        --dest) DEST="$2" ;;
        --base-url) BASE_URL="$2" ;;
        --source) SOURCE="$2" ;;
        esac
        shift 2
        ;;
    *) usage "unknown argument \`$1\`" ;;
    esac
done

# --- what to install -----------------------------------------------------------
if [[ -z "$VERSION" ]]; then
    if ! VERSION="$(bash "$script_dir/release.sh" version "${SOURCE:-$script_dir/..}")"; then
        usage "no --version given, and no version in a Cargo.toml"
    fi
fi
VERSION="${VERSION#v}"
# The version lands in a URL and in file names.
if [[ ! "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$ ]]; then
    usage "\`$VERSION\` is not a version (like 0.1.0)"
fi
if [[ -z "$DEST" ]]; then
    usage "--dest is empty"
fi

host_target() {
    local os arch
    os="$(uname -s)"
    arch="$(uname -m)"
    case "$arch" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) return 1 ;;
    esac
    case "$os" in
    Linux) echo "$arch-unknown-linux-gnu" ;;
    Darwin) echo "$arch-apple-darwin" ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT)
        [[ "$arch" == x86_64 ]] && echo "x86_64-pc-windows-msvc"
        ;;
    *) return 1 ;;
    esac
}

if [[ -z "$TARGET" ]]; then
    if ! TARGET="$(host_target)" || [[ -z "$TARGET" ]]; then
        unavailable "no release binary for $(uname -s) $(uname -m)"
    fi
fi
if [[ ! "$TARGET" =~ ^[A-Za-z0-9_.-]+$ ]]; then
    usage "\`$TARGET\` is not a target triple"
fi

case "$TARGET" in
*-windows-*) format=zip exe=.exe ;;
*) format=tar.gz exe="" ;;
esac
name="teamlint-$VERSION-$TARGET"
archive="$name.$format"
url="${BASE_URL%/}/v$VERSION"

# --- downloads -------------------------------------------------------------------
tmp="$(mktemp -d -- "${TMPDIR:-/tmp}/teamlint-install.XXXXXX")"
trap 'rm -rf -- "$tmp"' EXIT

# fetch URL FILE: 0 fetched; 3 not there (404); 4 any other failure.
fetch() {
    local code status=0
    if command -v curl >/dev/null 2>&1; then
        # Redirects (release assets live behind one) only to https.
        code="$(curl --silent --show-error --location --proto-redir =https \
            --connect-timeout 20 --max-time 300 --retry 3 \
            --output "$2" --write-out '%{http_code}' -- "$1")" || status=$?
        if ((status == 0)) && [[ "$code" == 2* || "$code" == 000 ]]; then
            return 0 # 000: a file:// URL
        fi
        if [[ "$code" == 404 || "$code" == 410 ]] || ((status == 37)); then
            return 3 # 37: a file:// URL that is not there
        fi
        say "could not download $1 (HTTP $code, curl exit status $status)"
        return 4
    fi
    if command -v wget >/dev/null 2>&1; then
        wget --quiet --timeout=20 --tries=3 --output-document="$2" -- "$1" || status=$?
        if ((status == 0)); then
            return 0
        fi
        if ((status == 8)); then
            return 3 # the server said no (404 and the like)
        fi
        say "could not download $1 (wget exit status $status)"
        return 4
    fi
    say "neither curl nor wget is installed"
    return 4
}

# A release asset, or the reason there is none.
get() {
    local status=0
    fetch "$url/$1" "$tmp/$1" || status=$?
    case "$status" in
    0) ;;
    3) unavailable "no $1 in the release v$VERSION at $url (not released, or not for $TARGET)" ;;
    *) unavailable "the release v$VERSION could not be downloaded from $url" ;;
    esac
}

if command -v sha256sum >/dev/null 2>&1; then
    sha256=(sha256sum)
else
    sha256=(shasum -a 256)
fi

# The first word of a checksum file, if it is a SHA-256.
checksum_in() {
    local sum
    sum="$(head -c 200 -- "$1" | awk 'NR == 1 { print tolower($1) }')"
    if [[ "$sum" =~ ^[0-9a-f]{64}$ ]]; then
        printf '%s' "$sum"
    fi
}

if [[ -n "$SOURCE" ]]; then
    get "teamlint-$VERSION-source.sha256"
    released="$(checksum_in "$tmp/teamlint-$VERSION-source.sha256")"
    if ! ours="$(bash "$script_dir/source-hash.sh" "$SOURCE")"; then
        usage "--source $SOURCE is not a teamlint checkout (Cargo.lock, Cargo.toml, src/, crates/)"
    fi
    if [[ "$released" != "$ours" ]]; then
        unavailable "the release v$VERSION was built from other source than $SOURCE (a fork or an unreleased commit)"
    fi
fi

get "$archive.sha256"
expected="$(checksum_in "$tmp/$archive.sha256")"
if [[ -z "$expected" ]]; then
    refuse "$url/$archive.sha256 does not hold a SHA-256"
fi
get "$archive"
actual="$("${sha256[@]}" -- "$tmp/$archive" | cut -c1-64)"
if [[ "$actual" != "$expected" ]]; then
    refuse "$archive has SHA-256 $actual, but the release says $expected: the download is corrupt or was tampered with"
fi
say "$archive: SHA-256 $actual verified"

# --- unpacking -------------------------------------------------------------------
mkdir -- "$tmp/unpacked"
case "$format" in
tar.gz)
    tar -xzf "$tmp/$archive" -C "$tmp/unpacked" -- "$name/teamlint" 2>/dev/null ||
        refuse "$archive does not hold $name/teamlint"
    ;;
zip)
    if command -v unzip >/dev/null 2>&1; then
        unzip -q "$tmp/$archive" "$name/teamlint.exe" -d "$tmp/unpacked" ||
            refuse "$archive does not hold $name/teamlint.exe"
    elif command -v 7z >/dev/null 2>&1; then
        7z x -y -bd "-o$tmp/unpacked" "$tmp/$archive" "$name/teamlint.exe" >/dev/null ||
            refuse "$archive does not hold $name/teamlint.exe"
    else
        unavailable "neither unzip nor 7z is installed to unpack $archive"
    fi
    ;;
esac
bin="$tmp/unpacked/$name/teamlint$exe"
if [[ ! -f "$bin" || -L "$bin" ]]; then
    refuse "$archive does not hold the file $name/teamlint$exe"
fi
chmod +x -- "$bin"

# It is the binary of that version, and it runs here (a glibc binary does
# not on musl, for one).
if ! printed="$("$bin" --version 2>/dev/null)"; then
    unavailable "the release binary for $TARGET does not run on this machine"
fi
if [[ "$printed" != "teamlint $VERSION" ]]; then
    refuse "the binary in $archive says \`$printed\`, not \`teamlint $VERSION\`"
fi

mkdir -p -- "$DEST"
# Into place in one rename, so a binary in DEST is always a whole one.
cp -- "$bin" "$DEST/.teamlint$exe.$$"
mv -f -- "$DEST/.teamlint$exe.$$" "$DEST/teamlint$exe"
dest_bin="$(cd -- "$DEST" && pwd)/teamlint$exe"
say "installed teamlint $VERSION ($TARGET) as $dest_bin"
printf '%s\n' "$dest_bin"
