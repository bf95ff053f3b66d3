# The binary contract on bad input: exit 2, one line on stderr naming the
# problem, nothing on stdout. And odd shapes that must work.
# shellcheck shell=bash disable=SC2034

suite_inputs() {
    CATEGORY=input
    local m bin plain
    plain="$(plain_model)"
    local -a bad=("--workers 0|too small" "--workers -3|too small" "--workers abc|not a whole number"
        "--workers 2x|not a whole number" "--frobnicate|unknown option" "--size|needs a value"
        "--size 0|too small" "--reps 99999999999999999999|too large" "--workers=|not a whole number")
    for m in $(built_where build cc); do
        bin="$BUILD/$m/pi"
        local case_
        for case_ in "${bad[@]}"; do
            local -a args
            read -ra args <<<"${case_%%|*}"
            expect_usage "$m/pi ${case_%%|*}: exit 2, one line" "${case_#*|}" "$bin" "${args[@]}"
        done
    done
    for m in $(built_where build mpicc); do
        expect_usage "$m/pi --workers abc under mpirun: exit 2, one line" "not a whole number" \
            "$ROOT/scripts/run" "$m" pi 2 --workers abc
        expect_usage "$m/sleep --size 0 under mpirun: exit 2, one line" "too small" \
            "$ROOT/scripts/run" "$m" sleep 2 --size 0
    done
    for m in $(built_where launch mpi); do
        expect_usage "$m: --workers that differs from the ranks is refused" "does not match" \
            "$ROOT/scripts/run" "$m" pi 2 --workers 3
    done
    expect_usage "$plain refuses 2 workers" "runs 1 worker" "$BUILD/$plain/pi" --workers 2
    expect_usage "--threads is refused where there are no ranks" "unknown option '--threads'" \
        "$BUILD/$(first_where launch openmp)/pi" --threads 2
    expect_usage "sleep: a bad item is named" "item 2" "$BUILD/$plain/sleep" --items 2,x,8
    expect_usage "sleep: --size that contradicts --items" "does not match" \
        "$BUILD/$plain/sleep" --items 2,3 --size 3
    expect_usage "scripts/run: unknown model" "unknown model" "$ROOT/scripts/run" cuda pi 2
    expect_usage "scripts/run: bad WORKERS" "not a positive whole number" "$ROOT/scripts/run" "$plain" pi 0

    run_cmd "$BUILD/$(first_where launch threads)/pi" --help
    if [[ "$RC" == 0 && "$OUT" == usage:* && -z "$ERR" ]]; then
        pass "--help prints usage on stdout and exits 0"
    else
        fail "--help prints usage on stdout and exits 0" "status $RC" "$OUT" "$ERR"
    fi

    local m2
    for m2 in $(built_models); do
        [[ "$m2" != "$plain" ]] || continue
        run_cmd "$ROOT/scripts/run" "$m2" sleep 3 --size 1 --delay-ms 1 --reps 1
        if [[ "$RC" == 0 ]] && [[ "$OUT" == *"verified=yes"* ]]; then
            pass "$m2: more workers than items (--size 1, 3 workers) verifies"
        else
            fail "$m2: more workers than items (--size 1, 3 workers) verifies" "$OUT $ERR"
        fi
    done
}
