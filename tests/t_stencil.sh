# stencil: odd shapes equal the plain model's bit for bit, the update rate is
# reported, bad grids are refused, and a worker dying between barriers ends
# the run.
# shellcheck shell=bash disable=SC2034

suite_stencil() {
    local m shape plain
    plain="$(plain_model)"
    # side|workers: interior rows 35 on 3 workers, 3 rows on 4, 1 point on 2
    for shape in "37|3" "5|4" "3|2"; do
        local -a args=(--size "${shape%|*}" --iters 5 --reps 1)
        local workers="${shape#*|}" ref
        ref="$(first_checksum "$plain" stencil 1 "${args[@]}")"
        if [[ -z "$ref" ]]; then
            fail "stencil: $plain runs --size ${shape%|*}"
            continue
        fi
        for m in $(built_for stencil); do
            [[ "$m" == "$plain" ]] && continue
            expect_match "stencil: $m, side ${shape%|*} on $workers workers, equals $plain" \
                "$ref" 0 "$m" stencil "$workers" "${args[@]}"
        done
    done

    expect_positive "stencil: the result line reports iters=, mlups= and gbps=" \
        "iters mlups gbps" "$BUILD/$plain/stencil" --size 100 --iters 3 --reps 1

    local bin="$BUILD/$plain/stencil"
    expect_usage "stencil: --size 2 is refused" "at least 3 x 3" "$bin" --size 2
    expect_usage "stencil: --iters 0 is refused" "too small" "$bin" --iters 0
    expect_usage "stencil: a grid too large for memory names the memory" "GiB of memory" \
        "$bin" --size 1000000
    for m in $(built_where launch hybrid); do
        expect_usage "stencil: $m, the same, on one line" "GiB of memory" \
            "$ROOT/scripts/run" "$m" stencil 2 --size 1000000
    done

    PARBENCH_FAULT=wrong run_cmd "$bin" --size 37 --iters 5
    if [[ "$RC" == 1 && "$OUT" == *"verified=no"* && "$OUT" != *mlups=* ]]; then
        pass "stencil: a wrong answer exits 1 and prints no rate"
    else
        fail "stencil: a wrong answer exits 1 and prints no rate" "status $RC; $OUT; $ERR"
    fi
    for m in $(built_where launch threads | with_binary stencil); do
        PARBENCH_FAULT=die:1 run_cmd "$BUILD/$m/stencil" --workers 3 --size 37
        if [[ "$RC" == 3 && "$ERR" == *"cannot create worker 1 of 3"* ]]; then
            pass "stencil: $m, a thread that cannot be created is named, exit 3"
        else
            fail "stencil: $m, a thread that cannot be created is named, exit 3" \
                "status $RC; $ERR"
        fi
    done
    expect_presets stencil
    for m in $(built_where launch procs | with_binary stencil); do stencil_child_killed "$m"; done
}

# stencil_child_killed MODEL: a child of MODEL's processes killed in the
# middle of the steps: the others, waiting at the barrier for it, are
# killed too; the run is named failed, nothing is left. The children are
# found in /proc: where it cannot be read, there is no victim and the
# check fails.
stencil_child_killed() {
    local m="$1"
    local name="stencil: $m, a child killed between barriers ends the run, exit 3"
    timeout -k 2 30 "$BUILD/$m/stencil" --workers 3 --size 300 --iters 100000000 \
        --warmup 0 --reps 1 >"$TEST_TMP/out" 2>"$TEST_TMP/err" &
    local pid=$! victim="" parent i rc=0
    sleep 0.3
    for ((i = 0; i < 50; i++)); do
        parent="$(child_pids "$pid" | first_line)"
        [[ -n "$parent" ]] && victim="$(child_pids "$parent" | first_line)"
        [[ -z "$victim" ]] || break
        sleep 0.1
    done
    [[ -n "$victim" ]] && kill -KILL "$victim"
    wait "$pid" || rc=$?
    ERR="$(cat "$TEST_TMP/err")"
    if [[ -n "$victim" && "$rc" == 3 && "$ERR" == *"(pid $victim) was killed by signal 9"* ]]; then
        pass "$name"
    else
        fail "$name" "victim '${victim}', status $rc; $(no_proc)" "$ERR"
    fi
    sleep 0.2
    DETAIL="$(leftovers)"
    check "stencil: $m, no child is left behind" [ -z "$(leftovers)" ]
}
