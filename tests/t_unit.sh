# Unit tests of common/ (tests/unit/unit.c).
# shellcheck shell=bash disable=SC2034

suite_unit() {
    run_cmd "$BUILD/tests/unit"
    local line
    while IFS= read -r line; do
        case "$line" in
            "ok   unit: "*) pass "${line#ok   }" ;;
            "FAIL unit: "*) fail "${line#FAIL }" ;;
        esac
    done <<<"$OUT"
    [[ "$RC" == 0 ]] || fail "unit tests exit 0" "status $RC" "$ERR"
}
