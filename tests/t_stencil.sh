# stencil: odd shapes equal serial bit for bit, the update rate is reported,
# bad grids are refused, and a worker dying between barriers ends the run.
# shellcheck shell=bash disable=SC2034

suite_stencil() {
    local m shape
    # side|workers: interior rows 35 on 3 workers, 3 rows on 4, 1 point on 2
    for shape in "37|3" "5|4" "3|2"; do
        local -a args=(--size "${shape%|*}" --iters 5 --reps 1)
        local workers="${shape#*|}" ref
        ref="$(first_checksum serial stencil 1 "${args[@]}")"
        if [[ -z "$ref" ]]; then
            fail "stencil: serial runs --size ${shape%|*}"
            continue
        fi
        for m in $(built_models); do
            [[ "$m" == serial ]] && continue
            expect_match "stencil: $m, side ${shape%|*} on $workers workers, equals serial" \
                "$ref" 0 "$m" stencil "$workers" "${args[@]}"
        done
    done

    expect_positive "stencil: the result line reports iters=, mlups= and gbps=" \
        "iters mlups gbps" "$BUILD/serial/stencil" --size 100 --iters 3 --reps 1

    local bin="$BUILD/serial/stencil"
    expect_usage "stencil: --size 2 is refused" "at least 3 x 3" "$bin" --size 2
    expect_usage "stencil: --iters 0 is refused" "too small" "$bin" --iters 0
    expect_usage "stencil: a grid too large for memory names the memory" "GiB of memory" \
        "$bin" --size 1000000
    if has_model hybrid; then
        expect_usage "stencil: hybrid, the same, on one line" "GiB of memory" \
            "$ROOT/scripts/run" hybrid stencil 2 --size 1000000
    fi

    PARBENCH_FAULT=wrong run_cmd "$BUILD/serial/stencil" --size 37 --iters 5
    if [[ "$RC" == 1 && "$OUT" == *"verified=no"* && "$OUT" != *mlups=* ]]; then
        pass "stencil: a wrong answer exits 1 and prints no rate"
    else
        fail "stencil: a wrong answer exits 1 and prints no rate" "status $RC; $OUT; $ERR"
    fi
    if has_model pthreads; then
        PARBENCH_FAULT=die:1 run_cmd "$BUILD/pthreads/stencil" --workers 3 --size 37
        if [[ "$RC" == 3 && "$ERR" == *"cannot create worker 1 of 3"* ]]; then
            pass "stencil: pthreads, a thread that cannot be created is named, exit 3"
        else
            fail "stencil: pthreads, a thread that cannot be created is named, exit 3" \
                "status $RC; $ERR"
        fi
    fi
    expect_presets stencil
    if has_model fork; then stencil_child_killed; fi
}

# A child killed in the middle of the steps: the others, waiting at the
# barrier for it, are killed too; the run is named failed, nothing is left.
stencil_child_killed() {
    local name="stencil: fork, a child killed between barriers ends the run, exit 3"
    timeout -k 2 30 "$BUILD/fork/stencil" --workers 3 --size 300 --iters 100000000 \
        --warmup 0 --reps 1 >"$TEST_TMP/out" 2>"$TEST_TMP/err" &
    local pid=$! victim="" parent i rc=0
    sleep 0.3
    for ((i = 0; i < 50; i++)); do
        parent="$(pgrep -P "$pid" | head -n 1 || true)"
        [[ -n "$parent" ]] && victim="$(pgrep -P "$parent" | head -n 1 || true)"
        [[ -z "$victim" ]] || break
        sleep 0.1
    done
    [[ -n "$victim" ]] && kill -KILL "$victim"
    wait "$pid" || rc=$?
    ERR="$(cat "$TEST_TMP/err")"
    if [[ -n "$victim" && "$rc" == 3 && "$ERR" == *"(pid $victim) was killed by signal 9"* ]]; then
        pass "$name"
    else
        fail "$name" "victim '${victim}', status $rc" "$ERR"
    fi
    sleep 0.2
    DETAIL="$(leftovers)"
    check "stencil: fork, no child is left behind" [ -z "$(leftovers)" ]
}
