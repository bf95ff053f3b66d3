# The shell scripts stay clean under shellcheck.
# shellcheck shell=bash disable=SC2034

suite_scripts() {
    if ! command -v shellcheck >/dev/null 2>&1; then
        skip "shellcheck of the scripts" "shellcheck is not installed"
        return
    fi
    local -a files=()
    local f
    for f in "$ROOT"/scripts/* "$ROOT"/scripts/presets/* "$ROOT"/plots/*.sh "$ROOT"/tests/run \
        "$ROOT"/tests/*.sh "$ROOT"/tests/workloads/*.sh "$ROOT"/tests/fixtures/*.sh \
        "$ROOT"/tests/slurm/* "$ROOT"/.ci/run; do
        if [[ -f "$f" ]]; then files+=("$f"); fi
    done
    run_cmd shellcheck -x "${files[@]}"
    DETAIL="$OUT"
    check "shellcheck finds nothing in scripts/, plots/, tests/ and .ci/run" [ "$RC" == 0 ]
}
