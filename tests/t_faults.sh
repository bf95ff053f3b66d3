# Wrong answers, dying and aborting workers, and a full disk under --image
# are noticed, named, and leave no process.
# shellcheck shell=bash disable=SC2034

# A worker that ends the whole run (PARBENCH_FAULT=abort:1): exit 3, the
# worker named, no process left; under MPI through MPI_Abort.
faults_abort() {
    local m
    for m in $(built_where launch procs threads mpi hybrid); do
        local -a one_thread=()
        if [[ "$(registry_field "$m" launch)" == hybrid ]]; then one_thread=(--threads 1); fi
        PARBENCH_FAULT=abort:1 run_cmd "$ROOT/scripts/run" "$m" sleep 2 --delay-ms 20 "${one_thread[@]}"
        if [[ "$RC" == 3 && "$ERR" == *"worker 1 aborts the run"* && "$OUT" != *verified=yes* ]]; then
            pass "$m: a worker that aborts the run is named, exit 3"
        else
            fail "$m: a worker that aborts the run is named, exit 3" "status $RC" "$OUT" "$ERR"
        fi
        sleep 0.2
        DETAIL="$(leftovers)"
        check "$m: no process is left after an abort" [ -z "$(leftovers)" ]
    done
}

# The picture (--image, where a workload has it) on a disk that is full:
# exit 3 naming "No space left on device", no result line, and neither the
# picture nor its temporary file left there.
faults_full_image() {
    local w disk="$TEST_TMP/full-image" tried=0 plain
    plain="$(plain_model)"
    for w in $(workloads); do
        if ! has_model "$plain" || [[ ! -x "$BUILD/$plain/$w" ]]; then continue; fi
        "$BUILD/$plain/$w" --help 2>/dev/null | grep -q '^  --image ' || continue
        tried=1
        if ! mount_tmpfs "$disk" 64k; then
            skip "$w: --image on a full disk" "$WHY_NOT"
            return
        fi
        fill_disk "$disk"
        load_workload "$w"
        run_cmd "$BUILD/$plain/$w" "${ARGS[@]}" --reps 1 --image "$disk/picture.pgm"
        local left
        left="$(find "$disk" -mindepth 1 ! -name fill)"
        if [[ "$RC" == 3 && "$ERR" == *"No space left on device"* && "$OUT" != *verified=yes* && -z "$left" ]]; then
            pass "$w: --image on a full disk: exit 3, 'No space left on device', no file left"
        else
            fail "$w: --image on a full disk: exit 3, 'No space left on device', no file left" \
                "status $RC; left: $left" "$OUT" "$ERR"
        fi
        rm -f "$disk/fill"
    done
    ((tried)) || skip "--image on a full disk" "no workload writes an --image"
}

# A child of a model of processes (launch procs) killed, and the parent of
# a hung run killed: named, and no process is left.
faults_children() {
    local m
    for m in $(built_where launch procs); do
        PARBENCH_FAULT=die:1 run_cmd "$BUILD/$m/sleep" --workers 3 --delay-ms 20
        if [[ "$RC" == 3 ]] && [[ "$ERR" == *"worker 1 (pid "*") was killed by signal 9"* ]]; then
            pass "$m: a child killed by SIGKILL is named, exit 3"
        else
            fail "$m: a child killed by SIGKILL is named, exit 3" "status $RC; $ERR"
        fi
        DETAIL="$(leftovers)"
        check "$m: no worker process is left behind" [ -z "$(leftovers)" ]
        PARBENCH_FAULT=hang:0 run_cmd timeout -s TERM 1 "$BUILD/$m/sleep" --workers 2 --delay-ms 1
        sleep 0.3
        DETAIL="$(leftovers)"
        check "$m: killing a hung run's parent leaves no orphan child" [ -z "$(leftovers)" ]
    done
}

suite_faults() {
    CATEGORY=fault
    local m
    for m in $(built_models); do
        local p
        p="$(workers_for "$m" 2)"
        PARBENCH_FAULT=wrong run_cmd "$ROOT/scripts/run" "$m" pi "$p" --size 10000
        if [[ "$RC" == 1 ]] && [[ "$OUT" == *"verified=no"* && "$ERR" == *"wrong answer"* ]]; then
            pass "$m: a wrong answer prints verified=no and exits 1"
        else
            fail "$m: a wrong answer prints verified=no and exits 1" "status $RC; $OUT; $ERR"
        fi
    done
    faults_children
    for m in $(built_where launch threads); do
        PARBENCH_FAULT=die:2 run_cmd "$BUILD/$m/sleep" --workers 4 --delay-ms 1
        if [[ "$RC" == 3 ]] && [[ "$ERR" == *"cannot create worker 2 of 4"* ]]; then
            pass "$m: a thread that cannot be created is named, exit 3"
        else
            fail "$m: a thread that cannot be created is named, exit 3" "status $RC; $ERR"
        fi
    done
    for m in $(built_where build mpicc); do
        local -a one_thread=()
        if [[ "$(registry_field "$m" launch)" == hybrid ]]; then one_thread=(--threads 1); fi
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
    faults_abort
    faults_full_image
}
