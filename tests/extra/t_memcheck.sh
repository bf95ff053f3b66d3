# shellcheck shell=bash disable=SC2034
# Valgrind's memcheck on every workload of the models whose checks include
# valgrind in the model registry, at the test sizes of tests/workloads/ and 1-3 workers, children
# traced: no invalid access, no use of uninitialised memory, no definite
# leak, and still a verified answer. Run by `make check-valgrind` on a
# build without -march=native (build-vg/).

readonly MEMCHECK=(valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite
    --trace-children=yes --child-silent-after-fork=no)

suite_memcheck() {
    if ! command -v valgrind >/dev/null 2>&1; then
        skip "memcheck" "valgrind is not installed"
        return
    fi
    local w m p problems
    for w in $(workloads); do
        load_workload "$w"
        for m in $(built_where checks valgrind); do
            for p in 1 2 3; do
                [[ "$(workers_for "$m" "$p")" == "$p" ]] || continue
                TEST_TIMEOUT=300 run_cmd "${MEMCHECK[@]}" "$BUILD/$m/$w" --workers "$p" "${ARGS[@]}"
                problems=""
                [[ "$RC" == 0 ]] || problems+="exit status $RC; "
                [[ "$OUT" == *"verified=yes"* && "$OUT" != *"verified=no"* ]] || problems+="not verified; "
                # with -q, valgrind prints only what it found
                ! grep -q '^==[0-9]*==' <<<"$ERR" || problems+="valgrind reports; "
                if [[ -z "$problems" ]]; then
                    pass "memcheck: $m/$w, $p workers: clean"
                else
                    fail "memcheck: $m/$w, $p workers: clean" "$problems" "$ERR"
                fi
            done
        done
    done
}
