# Every model x workload at 1-4 workers: exits 0, one verified line per
# repetition with the right workers=, and the plain model's checksum.
# shellcheck shell=bash disable=SC2034

# check_run NAME REF MODEL WORKLOAD WORKERS: runs and checks one configuration.
check_run() {
    local name="$1" ref="$2" model="$3" workload="$4" workers="$5" line problems=""
    run_cmd "$ROOT/scripts/run" "$model" "$workload" "$workers" "${ARGS[@]}"
    local reps
    reps="$(printf '%s\n' "$OUT" | grep -c '^workload=' || true)"
    [[ "$RC" == 0 ]] || problems+="exit status $RC; "
    [[ "$reps" == "$(expected_reps)" ]] || problems+="$reps result lines; "
    while IFS= read -r line; do
        [[ -n "$line" ]] || continue
        [[ "$(field verified "$line")" == yes ]] || problems+="not verified; "
        [[ "$(field workers "$line")" == "$workers" ]] || problems+="workers= is not $workers; "
        [[ "$(field model "$line")" == "$model" ]] || problems+="model= is not $model; "
        same_checksum "$(field checksum "$line")" "$ref" "$RTOL" ||
            problems+="checksum $(field checksum "$line") is not the plain model's $ref; "
    done <<<"$OUT"
    if [[ -z "$problems" ]]; then pass "$name"; else fail "$name" "$problems" "$OUT" "$ERR"; fi
}

expected_reps() {
    local i
    for ((i = 0; i < ${#ARGS[@]}; i++)); do
        if [[ "${ARGS[i]}" == --reps ]]; then
            printf '%s\n' "${ARGS[i + 1]}"
            return
        fi
    done
    echo 3
}

# The models an MPI build would bring (build mpicc) that are asked for but
# not built: skipped, since MPI is not installed.
models_skipped() {
    local m missing=""
    for m in $(registry_where build mpicc); do
        if [[ " ${PARBENCH_MODELS:-$m} " == *" $m "* && ! -d "$BUILD/$m" ]]; then missing+="$m "; fi
    done
    if [[ -n "$missing" ]]; then skip "models ${missing% }" "MPI is not installed (make deps)"; fi
}

# median_seconds TEXT: the median seconds= of TEXT's result lines.
median_seconds() {
    grep -o 'seconds=[0-9.]*' <<<"$1" | cut -d= -f2 | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# Two ranks on one CPU take turns: their run takes as long as one rank
# doing all the work, never half of it (each rank's own time leaves out
# the other's turns; pb_comm_span counts from the first start to the last end).
models_shared_cpu() {
    local plain cpu m one two
    local -a split
    plain="$(plain_model)"
    if ! command -v taskset >/dev/null 2>&1; then
        skip "models: ranks that share a CPU are timed whole" "taskset is not installed"
        return
    fi
    cpu="$(python3 -c 'import os; print(min(os.sched_getaffinity(0)))')"
    for m in $(registry_where build mpicc); do
        [[ -d "$BUILD/$m" ]] || continue
        run_cmd taskset -c "$cpu" "$ROOT/scripts/run" "$plain" pi 1 --size 4000000 --reps 5
        one="$(median_seconds "$OUT")"
        split=()
        if [[ " $(registry_where launch hybrid | tr '\n' ' ') " == *" $m "* ]]; then split=(--threads 1); fi
        run_cmd taskset -c "$cpu" "$ROOT/scripts/run" "$m" pi 2 --size 4000000 --reps 5 "${split[@]}"
        two="$(median_seconds "$OUT")"
        DETAIL="$plain on CPU $cpu: $one s; $m, 2 ranks on it: $two s; $ERR"
        check "models: $m, 2 ranks on one CPU take at least 0.8 of 1 rank's time ($two s against $one s)" \
            awk -v a="$one" -v b="$two" 'BEGIN { exit !(a > 0 && b >= 0.8 * a) }'
    done
}

suite_models() {
    local w m p ref plain
    plain="$(plain_model)"
    for w in $(workloads); do
        load_workload "$w"
        run_cmd "$ROOT/scripts/run" "$plain" "$w" 1 "${ARGS[@]}"
        ref="$(field checksum "$(printf '%s\n' "$OUT" | head -n 1)" || true)"
        if [[ "$RC" != 0 || -z "$ref" ]]; then
            fail "$w: $plain reference runs" "status $RC" "$OUT" "$ERR"
            continue
        fi
        for m in $(built_for "$w"); do
            if [[ "$m" == "$plain" ]]; then
                check_run "$w: $plain, 1 worker" "$ref" "$plain" "$w" 1
                continue
            fi
            for p in 1 2 3 4; do
                check_run "$w: $m, $p workers, matches $plain" "$ref" "$m" "$w" "$p"
            done
        done
    done
    models_shared_cpu
    models_skipped
}
