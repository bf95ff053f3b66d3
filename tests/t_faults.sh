# Wrong answers and dying workers are noticed, named, and leave no process.
# shellcheck shell=bash disable=SC2034

suite_faults() {
    local m
    for m in serial pthreads fork openmp mpi hybrid; do
        has_model "$m" || continue
        local p=2
        [[ "$m" == serial ]] && p=1
        PARBENCH_FAULT=wrong run_cmd "$ROOT/scripts/run" "$m" pi "$p" --size 10000
        if [[ "$RC" == 1 ]] && [[ "$OUT" == *"verified=no"* && "$ERR" == *"wrong answer"* ]]; then
            pass "$m: a wrong answer prints verified=no and exits 1"
        else
            fail "$m: a wrong answer prints verified=no and exits 1" "status $RC; $OUT; $ERR"
        fi
    done
    if has_model fork; then
        PARBENCH_FAULT=die:1 run_cmd "$BUILD/fork/sleep" --workers 3 --delay-ms 20
        if [[ "$RC" == 3 ]] && [[ "$ERR" == *"worker 1 (pid "*") was killed by signal 9"* ]]; then
            pass "fork: a child killed by SIGKILL is named, exit 3"
        else
            fail "fork: a child killed by SIGKILL is named, exit 3" "status $RC; $ERR"
        fi
        DETAIL="$(leftovers)"
        check "fork: no worker process is left behind" [ -z "$(leftovers)" ]
        PARBENCH_FAULT=hang:0 run_cmd timeout -s TERM 1 "$BUILD/fork/sleep" --workers 2 --delay-ms 1
        sleep 0.3
        DETAIL="$(leftovers)"
        check "fork: killing a hung run's parent leaves no orphan child" [ -z "$(leftovers)" ]
    fi
    if has_model pthreads; then
        PARBENCH_FAULT=die:2 run_cmd "$BUILD/pthreads/sleep" --workers 4 --delay-ms 1
        if [[ "$RC" == 3 ]] && [[ "$ERR" == *"cannot create worker 2 of 4"* ]]; then
            pass "pthreads: a thread that cannot be created is named, exit 3"
        else
            fail "pthreads: a thread that cannot be created is named, exit 3" "status $RC; $ERR"
        fi
    fi
    for m in mpi hybrid; do
        has_model "$m" || continue
        local -a one_thread=()
        if [[ "$m" == hybrid ]]; then one_thread=(--threads 1); fi
        PARBENCH_FAULT=die:1 run_cmd "$ROOT/scripts/run" "$m" sleep 2 --delay-ms 20 "${one_thread[@]}"
        # scripts/run names it after Open MPI's mpirun; MPICH's mpiexec names
        # the process and its signal itself, on stdout
        if [[ "$RC" != 0 ]] && [[ "$ERR$OUT" == *"signal 9"* ]]; then
            pass "$m: a rank that dies is named, non-zero exit"
        else
            fail "$m: a rank that dies is named, non-zero exit" "status $RC; $ERR"
        fi
        sleep 0.3
        DETAIL="$(leftovers)"
        check "$m: no rank is left behind" [ -z "$(leftovers)" ]
    done
}
