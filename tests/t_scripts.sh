# The shell files stay clean under shellcheck: every one that
# tools/shell-files finds (the list `make lint` checks too).
# shellcheck shell=bash disable=SC2034

suite_scripts() {
    if ! command -v shellcheck >/dev/null 2>&1; then
        skip "shellcheck of the scripts" "shellcheck is not installed"
        return
    fi
    local -a files=()
    mapfile -t files < <("$ROOT/tools/shell-files")
    # from the root, where the scripts' "# shellcheck source=" paths start
    run_cmd env -C "$ROOT" shellcheck -x "${files[@]}"
    DETAIL="$OUT"
    check "shellcheck finds nothing in the ${#files[@]} shell files (tools/shell-files)" [ "$RC" == 0 ]
}
