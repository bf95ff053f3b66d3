# Real Slurm: a single-node cluster on 127.0.0.1 (tests/slurm/cluster) runs
# a small sweep that scripts/submit --wait hands it, with --cpus taken from
# sinfo. Every model runs, MPI through srun --mpi=pmix; the CSV matches a
# local run of the same sweep in rows and verification; the binding is
# recorded; no daemon is left. Jobs cut short (scancel while pending or
# running, the time limit) leave run directories that scripts/submit
# --resume finishes. Then two slurmd pretend to be two nodes, and an MPI run
# spans them.
# Without Slurm (or root) the suite is skipped with the reason; under CI
# (CI set) that is a failure instead.
# shellcheck shell=bash disable=SC2034

SLURM_SWEEP=(--models "$(registry_where build cc mpicc | paste -sd , -)" --workloads pi --workers "1,2"
    --reps 1 --size small --quiet)

# unavailable NAME REASON: a skip, or under CI a failure.
unavailable() {
    if [[ -n "${CI:-}" ]]; then
        fail "$1" "$2, and CI must run the Slurm tests"
    else
        skip "$1" "$2"
    fi
}

# Prints the columns of runs.csv that a Slurm and a local run must share,
# one sorted line per row.
csv_rows() {
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { gsub(/"/, "", $i); col[$i] = i }; next }
        { n = split("workload model workers ranks threads size rep verified status", k, " ")
          line = ""
          for (j = 1; j <= n; j++) {
              v = (k[j] in col) ? $(col[k[j]]) : ""
              gsub(/"/, "", v)
              line = line (j > 1 ? "," : "") v
          }
          print line }' "$1" | sort
}

# Prints the cores of the cluster's first node: what --cpus may ask for
# under --hint=nomultithread.
node_cores() {
    sinfo -h -N -o '%X %Y' | awk 'NR == 1 { print $1 * $2 }'
}

# Prints how many CPUs a list such as 0-3,8 names.
count_cpus() {
    awk -F, '{ n = 0; for (i = 1; i <= NF; i++) n += (split($i, r, "-") == 2) ? r[2] - r[1] + 1 : 1
               print n }' <<<"$1"
}

# Prints the plots and report files in a run directory (not in slurm/).
plot_files() {
    find "$1" -path "$1/slurm" -prune -o -type f \( -name '*.png' -o -name '*.svg' \
        -o -name '*.pdf' -o -name '*.html' \) -print
}

# The checks against a running cluster. Run under ||, so that no failing
# command stops them before the cluster is stopped.
slurm_sweep() {
    local bench="$2" run="$TEST_TMP/slurm-run" local_run="$TEST_TMP/local-run" id m
    run_cmd srun --mpi=list
    DETAIL="$OUT $ERR"
    check "slurm: srun offers --mpi=pmix (Debian's mpi_pmix plugin)" grep -qw pmix <<<"$OUT $ERR"

    local cores
    cores="$(node_cores)"
    PARBENCH_BUILD="$BUILD" run_cmd "$ROOT/scripts/submit" --dry-run --out "$run" "${SLURM_SWEEP[@]}"
    if [[ "$RC" == 0 && -n "$cores" ]] && grep -qxF "#SBATCH --cpus-per-task=$cores" <<<"$OUT" &&
        grep -q "^# CPUs per node.*: $cores, from sinfo" <<<"$OUT"; then
        pass "slurm: without --cpus, submit asks for the node's $cores cores, from sinfo, and says so"
    else
        fail "slurm: without --cpus, submit asks for the node's $cores cores, from sinfo, and says so" \
            "status $RC" "$ERR" "$(grep -e --cpus-per-task -e '^# CPUs' <<<"$OUT")" "$(sinfo -h -e -o '%P %c %X %Y')"
    fi
    TEST_TIMEOUT=300 PARBENCH_BUILD="$BUILD" run_cmd "$ROOT/scripts/submit" \
        --time 00:10:00 --wait --out "$run" "${SLURM_SWEEP[@]}"
    id="$(head -n 1 <<<"$OUT")"
    if [[ "$RC" == 0 && "$id" =~ ^[0-9]+$ && -f "$run/runs.csv" ]]; then
        pass "slurm: submit --wait prints the job id and the run's runs.csv comes back"
    else
        fail "slurm: submit --wait prints the job id and the run's runs.csv comes back" "status $RC" \
            "$OUT" "$ERR" "$(cat "$run"/slurm/slurm-*.out 2>/dev/null || true)"
        return 0
    fi
    local problems=""
    for m in job.sh "slurm-$id.out" allocation.txt launches.log results.log bindings.csv; do
        [[ -s "$run/slurm/$m" ]] || problems+="no slurm/$m; "
    done
    if [[ -z "$problems" ]]; then pass "slurm: the job's files are in the run directory's slurm/"; else
        fail "slurm: the job's files are in the run directory's slurm/" "$problems" "$(ls -la "$run" "$run/slurm")"
    fi

    PARBENCH_BUILD="$BUILD" run_cmd "$bench" --out "$local_run" "${SLURM_SWEEP[@]}"
    local here there
    here="$(csv_rows "$local_run/runs.csv" 2>/dev/null || true)"
    there="$(csv_rows "$run/runs.csv")"
    if [[ -n "$here" && "$here" == "$there" ]]; then
        pass "slurm: the job's runs.csv has the rows and verification of a local run"
    else
        fail "slurm: the job's runs.csv has the rows and verification of a local run" \
            "local (status $RC):" "$here" "Slurm:" "$there" "$ERR"
    fi
    problems=""
    for m in $(registry_where build cc mpicc); do
        grep -q "^[^,]*,$m," <<<"$there" || problems+="no $m rows; "
    done
    if grep -qv ',yes,' <<<"$there"; then problems+="a row is not verified; "; fi
    if [[ -z "$problems" ]]; then pass "slurm: every model ran in the job and verified"; else
        fail "slurm: every model ran in the job and verified" "$problems" "$there"
    fi

    local launches
    launches="$(cat "$run/slurm/launches.log")"
    problems=""
    for m in mpi hybrid; do
        grep -q "srun --mpi=pmix .*/$m/pi " <<<"$launches" || problems+="$m not through srun --mpi=pmix; "
    done
    if grep -q mpirun <<<"$launches"; then problems+="mpirun was used; "; fi
    if [[ -z "$problems" ]]; then pass "slurm: mpi and hybrid started through srun --mpi=pmix"; else
        fail "slurm: mpi and hybrid started through srun --mpi=pmix" "$problems" "$launches"
    fi

    if ((cores >= 2)); then
        local line cpus
        problems=""
        for m in openmp mpi hybrid; do
            line="$(grep " model=$m workers=2 " "$run/slurm/results.log" | head -n 1 || true)"
            cpus="$(field cpus "$line" || true)"
            [[ -n "$cpus" && "$(count_cpus "$cpus")" -ge 2 ]] || problems+="$m on 2 workers: cpus=$cpus; "
        done
        if [[ -z "$problems" ]]; then pass "slurm: the binding is recorded; 2 workers were not stacked on one CPU"; else
            fail "slurm: the binding is recorded; 2 workers were not stacked on one CPU" "$problems" \
                "$(cat "$run/slurm/bindings.csv")"
        fi
    fi

    if [[ -x "$ROOT/scripts/plots" ]]; then
        DETAIL="$(ls -R "$run")"
        check "slurm: --wait drew the plots" [ -n "$(plot_files "$run")" ]
    else
        unavailable "slurm: --wait draws the plots" "scripts/plots is not in this tree"
    fi

    TEST_TIMEOUT=300 PARBENCH_BUILD="$BUILD" run_cmd "$ROOT/scripts/submit" --cpus "$cores" \
        --time 00:10:00 --wait --launcher mpirun --out "$TEST_TMP/mpirun-run" \
        --models "$(plain_model),mpi,hybrid" --workloads pi --workers 2 --reps 1 --size small --quiet
    there="$(csv_rows "$TEST_TMP/mpirun-run/runs.csv" 2>/dev/null || true)"
    launches="$(cat "$TEST_TMP/mpirun-run/slurm/launches.log" 2>/dev/null || true)"
    if [[ "$RC" == 0 && -n "$there" ]] && ! grep -qv ',yes,' <<<"$there" &&
        grep -q 'mpirun --report-bindings' <<<"$launches" && ! grep -q srun <<<"$launches"; then
        pass "slurm: --launcher mpirun runs mpi and hybrid with mpirun inside the job"
    else
        fail "slurm: --launcher mpirun runs mpi and hybrid with mpirun inside the job" "status $RC" \
            "$there" "$launches" "$ERR"
    fi
}

# ---- jobs cut short: every run directory they leave takes --resume -----

# until SECONDS CMD...: retries CMD every 0.5 s; returns 1 on time-out.
until_ok() {
    local i
    for ((i = 0; i < $1 * 2; i++)); do
        if "${@:2}" >/dev/null 2>&1; then return 0; fi
        sleep 0.5
    done
    return 1
}

# job_state ID: prints the job's state while squeue lists it.
job_state() {
    squeue -h -j "$1" -o %T 2>/dev/null || true
}

job_is() {
    [[ "$(job_state "$1")" == "$2" ]]
}

job_gone() {
    [[ -z "$(job_state "$1")" ]]
}

has_rows() {
    [[ "$(grep -c '' "$1" 2>/dev/null)" -ge "$2" ]]
}

# submit_bg NAME ARGS...: scripts/submit --wait ARGS in the background, its
# stdout and stderr in TEST_TMP/NAME.out and .err; sets BG_PID.
submit_bg() {
    local name="$1"
    shift
    PARBENCH_BUILD="$BUILD" timeout 400 "$ROOT/scripts/submit" --wait "$@" \
        >"$TEST_TMP/$name.out" 2>"$TEST_TMP/$name.err" &
    BG_PID=$!
}

# cut_short NAME DIR WAIT_ERR: the job's output and submit --wait (its
# stderr in WAIT_ERR) name scripts/submit --resume DIR and never
# scripts/bench --resume; its files are back in DIR/slurm, with bindings.csv.
cut_short() {
    local name="$1" dir="$2" said out problems=""
    said="$(cat "$3" 2>/dev/null || true)"
    out="$(cat "$dir"/slurm/slurm-*.out 2>/dev/null || true)"
    [[ "$out" == *"scripts/submit --resume $dir"* ]] || problems+="the job's output does not name scripts/submit --resume; "
    [[ "$said" == *"scripts/submit --resume $dir"* ]] || problems+="submit --wait does not name scripts/submit --resume; "
    [[ "$out$said" != *"scripts/bench --resume"* ]] || problems+="scripts/bench --resume is named; "
    has_rows "$dir/slurm/bindings.csv" 2 || problems+="no run in slurm/bindings.csv; "
    [[ -f "$dir/slurm/job.sh" ]] || problems+="no slurm/job.sh; "
    if [[ -z "$problems" ]]; then
        pass "slurm: $name: the hints name scripts/submit --resume DIR; slurm/ has bindings.csv"
    else
        fail "slurm: $name: the hints name scripts/submit --resume DIR; slurm/ has bindings.csv" "$problems" \
            "submit --wait said:" "$said" "the job's output:" "$out" "$(ls -la "$dir" "$dir/slurm" 2>&1)"
    fi
}

# resumed NAME DIR ROWS: scripts/submit --resume DIR --wait finishes the
# sweep, with ROWS lines in runs.csv.
resumed() {
    local name="$1" dir="$2" rows="$3"
    TEST_TIMEOUT=300 PARBENCH_BUILD="$BUILD" run_cmd "$ROOT/scripts/submit" --resume "$dir" --wait
    if [[ "$RC" == 0 && "$(grep -c '' "$dir/runs.csv" 2>/dev/null)" == "$rows" ]] &&
        grep -qs '"complete": true' "$dir/meta.json"; then
        pass "slurm: $name"
    else
        fail "slurm: $name" "status $RC" "$OUT" "$ERR" "$(cat "$dir/runs.csv" 2>/dev/null)" \
            "$(tail -n 5 "$dir"/slurm/slurm-*.out 2>/dev/null)"
    fi
}

# Three jobs on the one node: T (one core) runs into its time limit, A (one
# core) is cancelled while it runs, B (every core) is cancelled while it
# waits for them.
slurm_cut_short() {
    local t="$TEST_TMP/timelimit" a="$TEST_TMP/cancelled" b="$TEST_TMP/pending" tpid apid tid aid id
    local plain
    plain="$(plain_model)"
    local -a long=(--models "$plain" --workloads sleep --workers 1 --size sleep=large --quiet)
    submit_bg timelimit --cpus 1 --time 00:01:00 --out "$t" "${long[@]}" --reps 200
    tpid="$BG_PID"
    submit_bg cancelled --cpus 1 --time 00:10:00 --out "$a" "${long[@]}" --reps 3
    apid="$BG_PID"
    until_ok 60 has_rows "$TEST_TMP/timelimit.out" 1 || true
    until_ok 60 has_rows "$TEST_TMP/cancelled.out" 1 || true
    tid="$(head -n 1 "$TEST_TMP/timelimit.out")"
    aid="$(head -n 1 "$TEST_TMP/cancelled.out")"
    if [[ "$tid" =~ ^[0-9]+$ && "$aid" =~ ^[0-9]+$ ]] && until_ok 30 job_is "$tid" RUNNING &&
        until_ok 30 job_is "$aid" RUNNING; then
        pass "slurm: two one-core jobs run side by side"
    else
        fail "slurm: two one-core jobs run side by side" "jobs '$tid' '$aid'" \
            "$(cat "$TEST_TMP/timelimit.err" "$TEST_TMP/cancelled.err")" "$(squeue 2>&1)"
        kill "$tpid" "$apid" 2>/dev/null || true
        wait "$tpid" "$apid" || true
        return 0
    fi

    PARBENCH_BUILD="$BUILD" run_cmd "$ROOT/scripts/submit" --time 00:10:00 --out "$b" \
        --models "$plain" --workloads pi --workers 1 --reps 2 --size small --quiet
    id="$(head -n 1 <<<"$OUT")"
    if [[ "$RC" == 0 && "$id" =~ ^[0-9]+$ ]] && until_ok 20 job_is "$id" PENDING; then
        scancel "$id"
        until_ok 20 job_gone "$id" || true
        PARBENCH_BUILD="$BUILD" run_cmd "$ROOT/scripts/submit" --out "$b" --models "$plain" --workloads pi
        if [[ "$RC" == 2 && "$ERR" == *"scripts/submit --resume $b"* ]]; then
            pass "slurm: --out of a job cancelled while pending is refused, naming scripts/submit --resume DIR"
        else
            fail "slurm: --out of a job cancelled while pending is refused, naming scripts/submit --resume DIR" \
                "status $RC" "$ERR" "$(ls -laR "$b")"
        fi
    else
        fail "slurm: a job that needs every core waits while the node is busy" "status $RC, job '$id'" "$ERR" \
            "$(squeue 2>&1)"
    fi

    until_ok 60 has_rows "$a/runs.csv" 2 || true
    scancel "$aid" || true
    wait "$apid" || true
    cut_short "scancel of a running job" "$a" "$TEST_TMP/cancelled.err"
    wait "$tpid" || true
    cut_short "a job past its time limit" "$t" "$TEST_TMP/timelimit.err"
    resumed "submit --resume DIR of a job cancelled while pending runs its sweep from the start" "$b" 3
    resumed "submit --resume DIR finishes the sweep of a cancelled job" "$a" 4
}

# The checks on one node.
slurm_one_node() {
    slurm_sweep "$@"
    slurm_cut_short "$@"
}

# An MPI sweep on two pretend nodes (two slurmd of this machine).
slurm_two_nodes() {
    local dir="$1" run="$TEST_TMP/two-nodes" cpus
    cpus="$(node_cores)"
    TEST_TIMEOUT=300 PARBENCH_BUILD="$BUILD" run_cmd "$ROOT/scripts/submit" --nodes 2 --cpus "$cpus" \
        --time 00:10:00 --wait --out "$run" --models "$(plain_model),mpi,hybrid" --workloads pi --workers 2 \
        --reps 1 --size small --quiet
    local rows launches
    rows="$(csv_rows "$run/runs.csv" 2>/dev/null || true)"
    launches="$(cat "$run/slurm/launches.log" 2>/dev/null || true)"
    if [[ "$RC" == 0 && -n "$rows" ]] && ! grep -qv ',yes,' <<<"$rows" &&
        grep -q "srun --mpi=pmix -N 2 -n 2 .*/mpi/pi " <<<"$launches" &&
        grep -q "launch task StepId=" "$dir/log/slurmd-n2.log"; then
        pass "slurm: with --nodes 2, the MPI ranks span both nodes and verify"
    else
        fail "slurm: with --nodes 2, the MPI ranks span both nodes and verify" "status $RC" "$rows" \
            "$launches" "$ERR" "$(tail -n 5 "$dir/log/slurmd-n2.log" 2>/dev/null || true)"
    fi
}

# with_cluster NODES CHECKS ARGS...: starts a cluster of NODES, runs CHECKS
# DIR ARGS... against it, stops it and checks that nothing of it is left.
with_cluster() {
    local nodes="$1" checks="$2" dir
    shift 2
    if ! dir="$("$ROOT/tests/slurm/cluster" start --nodes "$nodes" --owner "$$" 2>"$TEST_TMP/cluster.err")"; then
        fail "slurm: munged, slurmctld and $nodes slurmd start on 127.0.0.1" "$(cat "$TEST_TMP/cluster.err")"
        return
    fi
    pass "slurm: munged, slurmctld and $nodes slurmd start on 127.0.0.1"
    local -x SLURM_CONF="$dir/slurm.conf"
    "$checks" "$dir" "$@" || true
    "$ROOT/tests/slurm/cluster" stop "$dir" || true
    local rest
    rest="$("$ROOT/tests/slurm/cluster" pids "$dir"; pgrep -af -- "$dir" || true)"
    DETAIL="$rest"
    check "slurm: the daemons of $nodes node(s) are stopped, nothing of the cluster is left" [ -z "$rest" ]
    DETAIL="$(leftovers)"
    check "slurm: no benchmark process is left" [ -z "$(leftovers)" ]
}

suite_slurm() {
    local name="slurm: a sweep submitted to a local Slurm cluster"
    local why bench="${PARBENCH_BENCH:-$ROOT/scripts/bench}"
    if ! why="$("$ROOT/tests/slurm/cluster" check)"; then
        unavailable "$name" "$why"
        return
    fi
    if [[ ! -x "$bench" ]]; then
        unavailable "$name" "scripts/bench, the sweep driver, is not in this tree"
        return
    fi
    if ! has_model mpi || ! has_model hybrid; then
        unavailable "$name" "the MPI models are not built"
        return
    fi
    with_cluster 1 slurm_one_node "$bench"
    with_cluster 2 slurm_two_nodes
}
