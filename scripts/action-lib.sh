# Shared by the Action's step scripts (sourced, not run).

# Workflow-command data escaping: a newline in a message must not start a
# command of its own.
escape() {
    local s="$1"
    s="${s//'%'/%25}"
    s="${s//$'\r'/%0D}"
    s="${s//$'\n'/%0A}"
    printf '%s' "$s"
}

fail() {
    echo "::error title=teamlint action::$(escape "$*")"
    exit 2
}

warn() {
    echo "::warning title=teamlint::$(escape "$*")"
}

# A step output; values here never hold a line break.
output() {
    if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
        printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
    fi
}
