# The shell scripts stay clean under shellcheck.
# shellcheck shell=bash disable=SC2034

suite_scripts() {
    if ! command -v shellcheck >/dev/null 2>&1; then
        skip "shellcheck of the scripts" "shellcheck is not installed"
        return
    fi
    local -a files
    mapfile -t files < <(find "$ROOT/scripts" -type f | sort)
    files+=("$ROOT"/tests/run "$ROOT"/tests/*.sh "$ROOT"/tests/workloads/*.sh "$ROOT"/.ci/run)
    run_cmd shellcheck -x "${files[@]}"
    DETAIL="$OUT"
    check "shellcheck finds nothing in scripts/, tests/ and .ci/run" [ "$RC" == 0 ]
}
