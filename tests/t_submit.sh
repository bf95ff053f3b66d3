# scripts/submit without a cluster: options and parbench.conf are checked
# before anything is written, nothing unsafe reaches the job script, the job
# script has what HPC users expect, and sbatch gets it. And scripts/run's
# launch commands inside a Slurm job, with a stand-in srun.
# shellcheck shell=bash disable=SC2034,SC2016

# A stand-in for the sweep driver: scripts/submit only asks it to check its
# options (--dry-run), which it refuses when one of them is --bad.
make_stub_bench() {
    cat >"$TEST_TMP/bench" <<'EOF'
#!/usr/bin/env bash
for a; do [[ "$a" != --bad ]] || { echo "bench: unknown option '--bad'" >&2; exit 2; }; done
EOF
    chmod +x "$TEST_TMP/bench"
}

# submit_cmd ARGS...: scripts/submit with the stub bench, run in TEST_TMP
# (where its parbench.conf is, and relative paths start).
submit_cmd() {
    PARBENCH_BENCH="$TEST_TMP/bench" PARBENCH_BUILD="$BUILD" \
        run_cmd env -C "$TEST_TMP" "$ROOT/scripts/submit" "$@"
}

# refused NAME NEEDLE ARGS...: exit 2, one stderr line holding NEEDLE,
# nothing on stdout, and no run directory.
refused() {
    local name="$1" needle="$2"
    shift 2
    rm -rf "$TEST_TMP/run"
    local lines
    SBATCH="$TEST_TMP/sbatch" submit_cmd --out "$TEST_TMP/run" "$@"
    lines="$(printf '%s' "$ERR" | grep -c '' || true)"
    if [[ "$RC" == 2 && -z "$OUT" && "$lines" == 1 && "$ERR" == *"$needle"* && ! -e "$TEST_TMP/run" ]]; then
        pass "$name"
    else
        fail "$name" "status $RC, $lines stderr lines, wanted '$needle'" "stdout: $OUT" "stderr: $ERR"
    fi
}

# A stand-in sbatch: keeps its arguments and the script, prints a job id.
make_stub_sbatch() {
    cat >"$TEST_TMP/sbatch" <<EOF
#!/usr/bin/env bash
printf '%s\n' "\$@" >"$TEST_TMP/sbatch.args"
[[ -z "\${STUB_SBATCH_FAIL:-}" ]] || { echo "sbatch: error: Invalid partition name specified" >&2; exit 1; }
echo "4242;parbench-test"
EOF
    chmod +x "$TEST_TMP/sbatch"
}

check_refusals() {
    refused "submit: --nodes 0 is refused" "--nodes" --cpus 2 --nodes 0
    refused "submit: --cpus abc is refused" "--cpus" --cpus abc
    refused "submit: --time 90 minutes is refused" "HH:MM:SS" --cpus 2 --time 90
    refused "submit: a ';' in --partition is refused" "partition" --cpus 2 --partition 'debug;id'
    refused "submit: a newline in --partition gives one line" "partition" --cpus 2 --partition $'debug\nid'
    refused "submit: a blank in --account is refused" "account" --cpus 2 --account 'a b'
    refused "submit: --launcher mpiexec is refused" "srun or mpirun" --cpus 2 --launcher mpiexec
    refused "submit: \$(...) in --job-name is refused" "job name" --cpus 2 --job-name 'x$(id)'
    refused "submit: a quote in a bench option is refused" "bench option" --cpus 2 --models "pi'"
    refused "submit: a newline in a bench option gives one line" "bench option" --cpus 2 --workloads $'pi\ntouch x'
    refused "submit: --out with a blank is refused" "characters" --cpus 2 --out "$TEST_TMP/a b"
    refused "submit: --cpus is needed" "--cpus" --nodes 1
    refused "submit: a value is needed" "needs a value" --cpus
    refused "submit: a bench option the driver refuses" "--bad" --cpus 2 --bad
    printf 'PARTITION=debug\nFOO=1\n' >"$TEST_TMP/parbench.conf"
    refused "submit: an unknown key in parbench.conf is named with its line" "parbench.conf:2" --cpus 2
    printf '# site defaults\nACCOUNT=$(touch %s/ran)\n' "$TEST_TMP" >"$TEST_TMP/parbench.conf"
    refused "submit: parbench.conf is parsed, not run" "ACCOUNT" --cpus 2
    check "submit: nothing in parbench.conf was run" [ ! -e "$TEST_TMP/ran" ]
    rm -f "$TEST_TMP/parbench.conf"
    PARBENCH_NODES=two refused "submit: a bad PARBENCH_NODES is named" "PARBENCH_NODES" --cpus 2
    check_hostile
}

# Shell text, quotes, blanks and newlines in every setting and in bench
# options: refused in one line naming it, nothing run (no marker file), no
# run directory, no sbatch.
check_hostile() {
    local mark="$TEST_TMP/pwned" spec opt needle value problems n lines
    # shellcheck disable=SC2016  # the shell text is meant literally
    local -a values=("a b" "it's" '"q"' "\$(touch $mark)" "\`touch $mark\`" $'x\ny' "x;touch $mark" "|touch $mark")
    local -a specs=("--partition|partition" "--account|account" "--job-name|job name" "--time|HH:MM:SS"
        "--nodes|--nodes" "--cpus|--cpus" "--launcher|srun or mpirun" "--models|bench option"
        "--out|characters")
    rm -f "$TEST_TMP/sbatch.args"
    for spec in "${specs[@]}"; do
        opt="${spec%%|*}" needle="${spec#*|}" problems="" n=0
        for value in "${values[@]}"; do
            rm -rf "$TEST_TMP/run"
            local -a where=(--out "$TEST_TMP/run")
            [[ "$opt" != --out ]] || where=()
            SBATCH="$TEST_TMP/sbatch" submit_cmd --cpus 2 "${where[@]}" "$opt" "$value"
            n=$((n + 1))
            lines="$(line_count "$ERR")"
            if [[ "$RC" != 2 || -n "$OUT" || "$lines" != 1 || "$ERR" != *"$needle"* || -e "$TEST_TMP/run" ]]; then
                problems+="$(printf '%q' "$value"): status $RC, $lines lines: $ERR; "
            fi
        done
        N_CASES="$n"
        if [[ -z "$problems" ]]; then
            pass "submit: $opt with $n hostile values: refused in one line, nothing run or written"
        else
            fail "submit: $opt with $n hostile values: refused in one line, nothing run or written" "$problems"
        fi
    done
    if [[ ! -e "$mark" && ! -e "$TEST_TMP/sbatch.args" ]]; then
        pass "submit: no hostile value was run, no job submitted"
    else
        fail "submit: no hostile value was run, no job submitted" "$(ls "$mark" "$TEST_TMP/sbatch.args" 2>&1)"
    fi
}

check_dry_run() {
    printf 'PARTITION=fromconf\nACCOUNT = "fromconf"\nTIME=01:00:00\nCPUS=8\n' >"$TEST_TMP/parbench.conf"
    PARBENCH_ACCOUNT=fromenv PARBENCH_TIME=02:00:00 submit_cmd --dry-run --out run \
        --time 00:10:00 --nodes 2 --models mpi,hybrid --workers 2,4 --reps 1
    rm -f "$TEST_TMP/parbench.conf"
    local job="$OUT" problems="" want flat
    flat="$(awk '{ sub(/^ +/, ""); print }' <<<"$job")"
    for want in "#SBATCH --nodes=2" "#SBATCH --ntasks-per-node=1" "#SBATCH --cpus-per-task=8" \
        "#SBATCH --hint=nomultithread" "#SBATCH --time=00:10:00" "#SBATCH --partition=fromconf" \
        "#SBATCH --account=fromenv" "#SBATCH --output=$TEST_TMP/run/slurm/slurm-%j.out" \
        'export OMP_NUM_THREADS="$cpus" SRUN_CPUS_PER_TASK="$cpus"' \
        "export OMP_PLACES=cores OMP_PROC_BIND=close" "export PARBENCH_LAUNCHER=srun" \
        'bench_args=(--models mpi\,hybrid --workers 2\,4 --reps 1)' \
        '"$bench" --out "$rundir" "${bench_args[@]}" || rc=$?'; do
        grep -qxF -- "$want" <<<"$flat" || problems+="no line '$want'; "
    done
    grep -q -- '--exclusive' <<<"$job" && problems+="--exclusive without asking; "
    [[ "$RC" == 0 ]] || problems+="status $RC; "
    [[ ! -e "$TEST_TMP/run" ]] || problems+="--dry-run created the run directory; "
    if [[ -z "$problems" ]]; then
        pass "submit --dry-run: the job script, options over PARBENCH_* over parbench.conf"
    else
        fail "submit --dry-run: the job script, options over PARBENCH_* over parbench.conf" \
            "$problems" "$job" "$ERR"
    fi
    printf '%s\n' "$job" >"$TEST_TMP/job.sh"
    check "submit --dry-run: the job script is valid bash" bash -n "$TEST_TMP/job.sh"
    if command -v shellcheck >/dev/null 2>&1; then
        run_cmd shellcheck "$TEST_TMP/job.sh"
        DETAIL="$OUT"
        check "submit --dry-run: the job script is clean under shellcheck" [ "$RC" == 0 ]
    fi
    submit_cmd --dry-run --out run --cpus 4 --exclusive --launcher mpirun --job-name sweep1
    DETAIL="$OUT $ERR"
    check "submit --dry-run: --exclusive, --launcher mpirun and --job-name reach the script" \
        awk '/^#SBATCH --exclusive$/ { a = 1 } /^export PARBENCH_LAUNCHER=mpirun$/ { b = 1 }
             /^#SBATCH --job-name=sweep1$/ { c = 1 } END { exit !(a && b && c) }' <<<"$OUT"
}

check_sbatch() {
    rm -rf "$TEST_TMP/run"
    SBATCH="$TEST_TMP/sbatch" submit_cmd --out run --cpus 2 --reps 1
    local problems=""
    [[ "$RC" == 0 ]] || problems+="status $RC; "
    [[ "$OUT" == 4242 ]] || problems+="stdout is not the job id; "
    [[ -x "$TEST_TMP/run/slurm/job.sh" ]] || problems+="no run/slurm/job.sh; "
    grep -qxF "$TEST_TMP/run/slurm/job.sh" "$TEST_TMP/sbatch.args" 2>/dev/null ||
        problems+="sbatch did not get the job script; "
    grep -qx -- --parsable "$TEST_TMP/sbatch.args" 2>/dev/null || problems+="no --parsable; "
    if [[ -z "$problems" ]]; then
        pass "submit: writes run/slurm/job.sh, gives it to sbatch, prints the job id"
    else
        fail "submit: writes run/slurm/job.sh, gives it to sbatch, prints the job id" "$problems" "$OUT" "$ERR"
    fi
    rm -rf "$TEST_TMP/run"
    STUB_SBATCH_FAIL=1 SBATCH="$TEST_TMP/sbatch" submit_cmd --out run --cpus 2
    if [[ "$RC" == 1 && "$ERR" == *"Invalid partition"* && ! -e "$TEST_TMP/run" ]]; then
        pass "submit: sbatch's refusal is shown, exit 1, and the run directory goes"
    else
        fail "submit: sbatch's refusal is shown, exit 1, and the run directory goes" "status $RC" "$OUT" "$ERR"
    fi
    mkdir -p "$TEST_TMP/full" && touch "$TEST_TMP/full/x"
    SBATCH="$TEST_TMP/sbatch" submit_cmd --out full --cpus 2
    DETAIL="status $RC; $ERR"
    check "submit: a run directory that is not empty is refused" [ "$RC" == 2 ]
}

# launched NAME WANT ENV... -- MODEL WORKERS ARGS...: scripts/run in a fake
# job with a stand-in srun; the srun command line must hold WANT.
launched() {
    local name="$1" want="$2"
    shift 2
    local -a env=()
    while [[ "$1" != -- ]]; do env+=("$1"); shift; done
    shift
    rm -f "$TEST_TMP/srun.args"
    run_cmd env SLURM_JOB_ID=7 SLURM_JOB_NUM_NODES=1 SLURM_JOB_CPUS_PER_NODE=2 PARBENCH_LAUNCHER=srun \
        SRUN="$TEST_TMP/srun" "${env[@]}" "$ROOT/scripts/run" "$@"
    local got
    got="$(cat "$TEST_TMP/srun.args" 2>/dev/null || true)"
    if [[ "$RC" == 0 && " $got " == *" $want "* ]]; then
        pass "$name"
    else
        fail "$name" "status $RC; srun got: $got" "$ERR"
    fi
}

check_launch() {
    printf '#!/usr/bin/env bash\necho "$*" >%q\n' "$TEST_TMP/srun.args" >"$TEST_TMP/srun"
    chmod +x "$TEST_TMP/srun"
    if has_model mpi; then
        launched "run in a job: mpi with srun --mpi=pmix, bound to cores" \
            "--mpi=pmix -N 1 -n 2 --ntasks-per-node=2 -c 1 --kill-on-bad-exit=1 --cpu-bind=verbose,cores" \
            -- mpi pi 2
        launched "run in a job: more ranks than the job's CPUs overcommit, unbound" \
            "-n 4 --ntasks-per-node=4 -c 1 --kill-on-bad-exit=1 --overcommit --cpu-bind=verbose,none" \
            -- mpi pi 4
        launched "run in a job: mpi ranks spread over the job's nodes" \
            "-N 2 -n 4 --ntasks-per-node=2 -c 1" SLURM_JOB_NUM_NODES=2 "SLURM_JOB_CPUS_PER_NODE=2(x2)" \
            -- mpi pi 4
        launched "run in a job: PARBENCH_SRUN_MPI picks another plugin" "--mpi=pmix_v4" \
            PARBENCH_SRUN_MPI=pmix_v4 -- mpi pi 1
    fi
    if has_model hybrid; then
        launched "run in a job: hybrid ranks get --threads CPUs each" \
            "-n 2 --ntasks-per-node=2 -c 2 --kill-on-bad-exit=1 --cpu-bind=verbose,cores" \
            SLURM_JOB_CPUS_PER_NODE=4 -- hybrid pi 4 --threads 2
    fi
    rm -f "$TEST_TMP/srun.args"
    SLURM_JOB_ID=7 SLURM_JOB_CPUS_PER_NODE=2 PARBENCH_LAUNCHER=srun SRUN="$TEST_TMP/srun" \
        run_cmd "$ROOT/scripts/run" openmp pi 2 --size 1000 --reps 1
    if [[ "$RC" == 0 && ! -e "$TEST_TMP/srun.args" && "$OUT" == *"verified=yes"* ]]; then
        pass "run in a job: the thread models run in the batch step, not through srun"
    else
        fail "run in a job: the thread models run in the batch step, not through srun" "status $RC" "$OUT" "$ERR"
    fi
    SLURM_JOB_ID=7 SLURM_JOB_CPUS_PER_NODE=2 PARBENCH_LAUNCHER=mpiexec \
        run_cmd "$ROOT/scripts/run" fork pi 2 --size 1000
    DETAIL="status $RC; $OUT $ERR"
    check "run in a job: a bad PARBENCH_LAUNCHER is refused" [ "$RC" == 2 ]
    if has_model mpi; then
        env -u SLURM_JOB_ID PARBENCH_LAUNCHER=srun SRUN="$TEST_TMP/srun" \
            "$ROOT/scripts/run" mpi pi 2 --size 1000 --reps 1 >"$TEST_TMP/out" 2>&1 || true
        if [[ ! -e "$TEST_TMP/srun.args" ]] && grep -q 'verified=yes' "$TEST_TMP/out"; then
            pass "run outside a job: PARBENCH_LAUNCHER changes nothing (mpirun)"
        else
            fail "run outside a job: PARBENCH_LAUNCHER changes nothing (mpirun)" "$(cat "$TEST_TMP/out")"
        fi
    fi
}

suite_submit() {
    make_stub_bench
    make_stub_sbatch
    run_cmd "$ROOT/scripts/submit" --help
    if [[ "$RC" == 0 && "$OUT" == usage:* ]]; then
        pass "submit --help prints usage, exit 0"
    else
        fail "submit --help prints usage, exit 0" "status $RC" "$OUT" "$ERR"
    fi
    CATEGORY=input
    check_refusals
    CATEGORY=""
    check_dry_run
    PARBENCH_BENCH="$TEST_TMP/bench" run_cmd make -s --no-print-directory -C "$ROOT" -o all submit \
        BUILD="$BUILD" SUBMIT_ARGS="--dry-run --cpus 3 --reps 1"
    DETAIL="status $RC; $OUT $ERR"
    check "make submit SUBMIT_ARGS=... runs scripts/submit" grep -qx -- '#SBATCH --cpus-per-task=3' <<<"$OUT"
    check_sbatch
    check_launch
}
