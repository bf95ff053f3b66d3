# scripts/submit without a cluster: options and parbench.conf are checked
# before anything is written, nothing unsafe reaches the job script, the job
# script has what HPC users expect, and sbatch gets it; --cpus comes from a
# stand-in sinfo; job scripts run under a stand-in sbatch, with the real
# scripts/bench, leave run directories that --resume takes, however the job
# ended. And scripts/run's launch commands inside a Slurm job, with a
# stand-in srun.
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

# submit_cmd ARGS...: scripts/submit with the stub bench and the stand-in
# sinfo, run in TEST_TMP (where its parbench.conf is, and relative paths
# start).
submit_cmd() {
    PARBENCH_BENCH="$TEST_TMP/bench" PARBENCH_BUILD="$BUILD" SINFO="${SINFO-$TEST_TMP/sinfo}" \
        run_cmd env -C "$TEST_TMP" "$ROOT/scripts/submit" "$@"
}

# submit_real ARGS...: scripts/submit with the real scripts/bench and the
# stand-in sbatch and sinfo, run in TEST_TMP.
submit_real() {
    PARBENCH_BUILD="$BUILD" SBATCH="$TEST_TMP/sbatch" SINFO="$TEST_TMP/sinfo" \
        run_cmd env -u PARBENCH_BENCH -C "$TEST_TMP" "$ROOT/scripts/submit" "$@"
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

# A stand-in sbatch: keeps its arguments, prints a job id. With
# STUB_SBATCH_RUN=1 it then runs the job as Slurm would (SLURM_JOB_ID set,
# its output in the --output file, a process group of its own) and returns
# its status; with STUB_SBATCH_CANCEL=FILE too, it sends SIGTERM to all of
# the job once FILE has a second line (scancel of a running job). With
# STUB_SBATCH_RUN=pending, the job is cancelled while pending: status 1.
make_stub_sbatch() {
    cat >"$TEST_TMP/sbatch" <<'EOF'
#!/usr/bin/env bash
printf '%s\n' "$@" >"${0%/*}/sbatch.args"
[[ -z "${STUB_SBATCH_FAIL:-}" ]] || { echo "sbatch: error: Invalid partition name specified" >&2; exit 1; }
echo "4242;parbench-test"
case "${STUB_SBATCH_RUN:-}" in
    "") exit 0 ;;
    pending) exit 1 ;;
esac
job="${!#}"
out="$(sed -n 's/^#SBATCH --output=//p' "$job")"
SLURM_JOB_ID=4242 setsid bash "$job" >"${out//%j/4242}" 2>&1 </dev/null &
pid=$!
if [[ -n "${STUB_SBATCH_CANCEL:-}" ]]; then
    for ((i = 0; i < 300; i++)); do
        [[ "$(grep -c '' "$STUB_SBATCH_CANCEL" 2>/dev/null)" -lt 2 ]] || break
        sleep 0.1
    done
    kill -TERM -- "-$pid"
fi
wait "$pid"
EOF
    chmod +x "$TEST_TMP/sbatch"
}

# A stand-in sinfo: keeps its arguments, prints $STUB_SINFO (printf %b:
# \n ends a line), or fails with STUB_SINFO_FAIL.
make_stub_sinfo() {
    cat >"$TEST_TMP/sinfo" <<'EOF'
#!/usr/bin/env bash
printf '%s\n' "$@" >"${0%/*}/sinfo.args"
[[ -z "${STUB_SINFO_FAIL:-}" ]] || { echo "sinfo: error: Unable to contact slurm controller" >&2; exit 1; }
printf '%b' "${STUB_SINFO:-}"
EOF
    chmod +x "$TEST_TMP/sinfo"
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
    # a list with a comma, as --models takes it: two of the registry's models
    local models
    models="$(registry_models | tail -n 2 | paste -sd, -)"
    printf 'PARTITION=fromconf\nACCOUNT = "fromconf"\nTIME=01:00:00\nCPUS=8\n' >"$TEST_TMP/parbench.conf"
    PARBENCH_ACCOUNT=fromenv PARBENCH_TIME=02:00:00 submit_cmd --dry-run --out run \
        --time 00:10:00 --nodes 2 --models "$models" --workers 2,4 --reps 1
    rm -f "$TEST_TMP/parbench.conf"
    local job="$OUT" problems="" want flat
    flat="$(awk '{ sub(/^ +/, ""); print }' <<<"$job")"
    for want in "#SBATCH --nodes=2" "#SBATCH --ntasks-per-node=1" "#SBATCH --cpus-per-task=8" \
        "#SBATCH --hint=nomultithread" "#SBATCH --time=00:10:00" "#SBATCH --partition=fromconf" \
        "#SBATCH --account=fromenv" "#SBATCH --output=$TEST_TMP/run/slurm/slurm-%j.out" \
        'export OMP_NUM_THREADS="$cpus" SRUN_CPUS_PER_TASK="$cpus"' \
        "export OMP_PLACES=cores OMP_PROC_BIND=close" "export PARBENCH_LAUNCHER=srun" \
        "bench_args=(--models ${models//,/\\,} --workers 2\\,4 --reps 1)" \
        '"$bench" --out "$rundir" "${bench_args[@]}" 2>&1 | hints || rc=$?' \
        "# CPUs per node (--cpus-per-task): 8, from parbench.conf:4: CPUS."; do
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

# ---- parbench.conf as editors save it --------------------------------------

# conf_reads NAME TEXT WANT...: with a parbench.conf of TEXT (printf %b),
# --dry-run succeeds and its job script has every line WANT.
conf_reads() {
    local name="$1" text="$2" want problems=""
    shift 2
    printf '%b' "$text" >"$TEST_TMP/parbench.conf"
    submit_cmd --dry-run --out run
    rm -f "$TEST_TMP/parbench.conf"
    [[ "$RC" == 0 ]] || problems+="status $RC; "
    for want; do grep -qxF -- "$want" <<<"$OUT" || problems+="no line '$want'; "; done
    if [[ -z "$problems" ]]; then pass "$name"; else fail "$name" "$problems" "$ERR"; fi
}

# conf_refused NAME TEXT NEEDLE...: with a parbench.conf of TEXT, refused
# in one line that holds every NEEDLE.
conf_refused() {
    local name="$1" text="$2" needle problems=""
    shift 2
    printf '%b' "$text" >"$TEST_TMP/parbench.conf"
    submit_cmd --dry-run --out run
    rm -f "$TEST_TMP/parbench.conf"
    [[ "$RC" == 2 && -z "$OUT" && "$(line_count "$ERR")" == 1 ]] || problems+="status $RC, not one line; "
    for needle; do [[ "$ERR" == *"$needle"* ]] || problems+="no '$needle'; "; done
    if [[ -z "$problems" ]]; then pass "$name"; else fail "$name" "$problems" "$ERR"; fi
}

check_conf() {
    conf_reads "submit: parbench.conf that starts with a UTF-8 byte-order mark reads fine" \
        '\xef\xbb\xbfCPUS=3\nPARTITION=p1\n' "#SBATCH --cpus-per-task=3" "#SBATCH --partition=p1"
    conf_reads "submit: parbench.conf with CRLF line ends reads fine" \
        '# site defaults\r\nCPUS=3\r\n\r\nACCOUNT = "a1"\r\nTIME=01:00:00' \
        "#SBATCH --cpus-per-task=3" "#SBATCH --account=a1" "#SBATCH --time=01:00:00"
    conf_reads "submit: parbench.conf with a byte-order mark and CRLF reads fine" \
        '\xef\xbb\xbf# site defaults\r\nCPUS=3\r\n' "#SBATCH --cpus-per-task=3"
    conf_refused "submit: a key given twice in parbench.conf is refused in one line naming both lines" \
        'CPUS=2\nTIME=01:00:00\nCPUS=4\n' "parbench.conf:3" "CPUS" "lines 1 and 3"
    conf_refused "submit: a byte-order mark past the start of parbench.conf is refused" \
        'CPUS=2\n\xef\xbb\xbfTIME=01:00:00\n' "parbench.conf:2"
}

# ---- --cpus from Slurm (sinfo) ----------------------------------------------

# from_sinfo NAME SINFO_OUTPUT CPUS ARGS...: --dry-run ARGS without --cpus
# asks for CPUS per node, and its job script says they came from sinfo.
from_sinfo() {
    local name="$1" listing="$2" cpus="$3" problems=""
    shift 3
    rm -f "$TEST_TMP/sinfo.args"
    STUB_SINFO="$listing" submit_cmd --dry-run --out run "$@"
    [[ "$RC" == 0 ]] || problems+="status $RC; "
    grep -qxF -- "#SBATCH --cpus-per-task=$cpus" <<<"$OUT" || problems+="no --cpus-per-task=$cpus; "
    grep -q "^# CPUs per node.*: $cpus, from sinfo" <<<"$OUT" || problems+="no comment saying where $cpus came from; "
    if [[ -z "$problems" ]]; then pass "$name"; else fail "$name" "$problems" "$OUT" "$ERR"; fi
}

check_cpus() {
    from_sinfo "submit: --cpus defaults to the cores per node of the default partition ('*')" \
        'big 64 2 16\ndebug* 16 2 4\ndebug* 16 2 4\n' 8
    DETAIL="$(cat "$TEST_TMP/sinfo.args" 2>/dev/null || true)"
    check "submit: sinfo is asked about every partition when none is named" \
        eval '[[ -f "$TEST_TMP/sinfo.args" ]] && ! grep -qx -- -p "$TEST_TMP/sinfo.args"'
    from_sinfo "submit: --cpus defaults to the cores per node of the partition named" \
        'big 32 2 16\n' 32 --partition big
    DETAIL="$(cat "$TEST_TMP/sinfo.args" 2>/dev/null || true)"
    check "submit: sinfo is asked about the partition named (-p big)" \
        eval '[[ "$(paste -sd " " "$TEST_TMP/sinfo.args" 2>/dev/null)" == *"-p big"* ]]'
    printf 'CPUS=6\n' >"$TEST_TMP/parbench.conf"
    rm -f "$TEST_TMP/sinfo.args"
    STUB_SINFO='debug* 4 1 4\n' submit_cmd --dry-run --out run
    rm -f "$TEST_TMP/parbench.conf"
    DETAIL="status $RC; $OUT"
    check "submit: CPUS in parbench.conf wins over sinfo, and the job script says so" \
        eval '[[ "$RC" == 0 && ! -e "$TEST_TMP/sinfo.args" ]] && grep -q "^# CPUs per node.*: 6, from parbench.conf:1" <<<"$OUT"'
    CATEGORY=input
    STUB_SINFO='debug* 4 1 4\ndebug* 8 1 8\n' refused "submit: nodes of different cores in the partition are refused" \
        "4 or 8" --nodes 1
    STUB_SINFO='' refused "submit: a partition sinfo does not list is refused" "partition x" --partition x
    STUB_SINFO='debug 4 1 4\n' refused "submit: no default partition in sinfo is refused" "--partition"
    STUB_SINFO_FAIL=1 refused "submit: a failing sinfo is refused, with its message" "contact slurm controller"
    STUB_SINFO='debug* 4+ 1 4\n' refused "submit: a CPU count sinfo gives as '4+' is refused" "sinfo gave"
    SINFO="$TEST_TMP/no-sinfo" refused "submit: without sinfo, --cpus is needed" "--cpus"
    CATEGORY=""
}

# ---- with the Python scripts/bench -------------------------------------------

check_real_bench() {
    local plain
    plain="$(plain_model)"
    submit_real --dry-run --cpus 2 --out run --models "$plain" --workloads pi --budget 60
    DETAIL="status $RC; $OUT $ERR"
    check "submit --dry-run with scripts/bench: --budget 60 passes its check and reaches the job script" \
        grep -qxF -- "bench_args=(--models $plain --workloads pi --budget 60)" <<<"$OUT"
    submit_real --dry-run --cpus 2 --out run --models "$plain" --reps 2 --budget 60
    DETAIL="status $RC; $OUT $ERR"
    check "submit: an option scripts/bench refuses is refused in its one line" \
        eval '[[ "$RC" == 2 && -z "$OUT" && "$(line_count "$ERR")" == 1 && "$ERR" == *--budget* ]]'
}

# ---- run directories a job leaves: every one takes --resume ----------------

# job_files_back NAME DIR: the job's files are back in DIR/slurm, with a
# bindings.csv of at least one run, and nothing stays beside DIR.
job_files_back() {
    local name="$1" dir="$2" problems=""
    [[ -f "$dir/slurm/job.sh" ]] || problems+="no slurm/job.sh; "
    [[ "$(grep -c '' "$dir/slurm/bindings.csv" 2>/dev/null)" -ge 2 ]] || problems+="no run in slurm/bindings.csv; "
    [[ -z "$(find "${dir%/*}" -maxdepth 1 -name ".${dir##*/}.slurm-*")" ]] || problems+="the job's files stay beside $dir; "
    if [[ -z "$problems" ]]; then pass "$name"; else fail "$name" "$problems" "$(ls -laR "$dir" 2>&1)"; fi
}

# A job cancelled while pending leaves only slurm/: --out refuses it, naming
# the way on, which starts its sweep afresh.
check_pending() {
    local dir="$TEST_TMP/pending" plain
    plain="$(plain_model)"
    local -a sweep=(--models "$plain" --workloads pi --workers 1 --reps 1 --size small --quiet)
    submit_real --out pending --cpus 2 "${sweep[@]}"
    submit_real --out pending --cpus 2 "${sweep[@]}"
    if [[ "$RC" == 2 && "$(line_count "$ERR")" == 1 && "$ERR" == *"scripts/submit --resume $dir"* ]]; then
        pass "submit: --out of a directory whose job never began is refused, naming scripts/submit --resume DIR"
    else
        fail "submit: --out of a directory whose job never began is refused, naming scripts/submit --resume DIR" \
            "status $RC" "$ERR"
    fi
    STUB_SBATCH_RUN=pending submit_real --resume pending --cpus 2 --wait
    if [[ "$RC" == 1 && "$ERR" == *"scripts/submit --resume $dir"* && "$ERR" != *"scripts/bench --resume"* ]]; then
        pass "submit --wait: a job cancelled while pending names scripts/submit --resume DIR"
    else
        fail "submit --wait: a job cancelled while pending names scripts/submit --resume DIR" "status $RC" "$ERR"
    fi
    STUB_SBATCH_RUN=1 submit_real --resume pending --cpus 2 --wait
    local rows
    rows="$(grep -c '' "$dir/runs.csv" 2>/dev/null || true)"
    if [[ "$RC" == 0 && "$rows" == 2 ]] && grep -qs '"complete": true' "$dir/meta.json" &&
        grep -qxF "resume=0" "$dir/slurm/job.3.sh"; then
        pass "submit --resume DIR of a job that never began runs its sweep from the start"
    else
        fail "submit --resume DIR of a job that never began runs its sweep from the start" "status $RC, $rows lines" \
            "$OUT" "$ERR" "$(cat "$dir"/slurm/slurm-*.out 2>/dev/null)"
    fi
    job_files_back "submit: a new job's files come back to slurm/, with bindings.csv" "$dir"
}

# A job stopped by scancel (SIGTERM to all of it) while its sweep runs.
check_cancelled() {
    local dir="$TEST_TMP/cancelled" plain before
    plain="$(plain_model)"
    STUB_SBATCH_RUN=1 STUB_SBATCH_CANCEL="$dir/runs.csv" submit_real --out cancelled --cpus 2 --wait \
        --models "$plain" --workloads sleep --workers 1 --reps 2 --size sleep=large --quiet
    local out
    out="$(cat "$dir"/slurm/slurm-4242.out 2>/dev/null || true)"
    if [[ "$RC" != 0 && "$ERR" == *"scripts/submit --resume $dir"* && "$out" == *"scripts/submit --resume $dir"* &&
        "$ERR$out" != *"scripts/bench --resume"* ]]; then
        pass "submit: after scancel, the job's output and submit --wait name scripts/submit --resume DIR only"
    else
        fail "submit: after scancel, the job's output and submit --wait name scripts/submit --resume DIR only" \
            "status $RC" "$ERR" "job output:" "$out"
    fi
    job_files_back "submit: a cancelled job's files come back to slurm/, with bindings.csv" "$dir"
    before="$(cat "$dir/runs.csv" 2>/dev/null || true)"
    submit_real --resume cancelled --cpus 2
    DETAIL="status $RC; $ERR"
    check "submit --resume runs nothing here: runs.csv is as the cancelled job left it" \
        eval '[[ "$RC" == 0 && -n "$before" && "$(cat "$dir/runs.csv")" == "$before" ]]'
    submit_real --dry-run --resume cancelled --cpus 2 --models "$plain"
    DETAIL="status $RC; $OUT $ERR"
    check "submit --resume: a plan option is refused by scripts/bench's own check, in one line" \
        eval '[[ "$RC" == 2 && -z "$OUT" && "$(line_count "$ERR")" == 1 && "$ERR" == *--models* ]]'
    submit_real --dry-run --resume cancelled --cpus 2 --timeout 60
    DETAIL="status $RC; $ERR"
    check "submit --resume: --timeout passes scripts/bench's check and reaches the job script" \
        eval '[[ "$RC" == 0 && "$OUT" == *"bench_args=(--timeout 60)"* && "$OUT" == *"resume=1"* ]]'
    STUB_SBATCH_RUN=1 submit_real --resume cancelled --cpus 2 --wait
    if [[ "$RC" == 0 && "$(grep -c '' "$dir/runs.csv")" == 3 ]] && grep -qs '"complete": true' "$dir/meta.json"; then
        pass "submit --resume DIR finishes the sweep of a cancelled job"
    else
        fail "submit --resume DIR finishes the sweep of a cancelled job" "status $RC" "$ERR" \
            "$(cat "$dir/runs.csv" 2>/dev/null)"
    fi
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
    local m
    for m in $(built_where launch mpi); do
        launched "run in a job: $m with srun --mpi=pmix, bound to cores" \
            "--mpi=pmix -N 1 -n 2 --ntasks-per-node=2 -c 1 --kill-on-bad-exit=1 --cpu-bind=verbose,cores" \
            -- "$m" pi 2
        launched "run in a job: more ranks than the job's CPUs overcommit, unbound" \
            "-n 4 --ntasks-per-node=4 -c 1 --kill-on-bad-exit=1 --overcommit --cpu-bind=verbose,none" \
            -- "$m" pi 4
        launched "run in a job: $m ranks spread over the job's nodes" \
            "-N 2 -n 4 --ntasks-per-node=2 -c 1" SLURM_JOB_NUM_NODES=2 "SLURM_JOB_CPUS_PER_NODE=2(x2)" \
            -- "$m" pi 4
        launched "run in a job: PARBENCH_SRUN_MPI picks another plugin" "--mpi=pmix_v4" \
            PARBENCH_SRUN_MPI=pmix_v4 -- "$m" pi 1
        launched "run in a job: --bind close binds $m ranks to cores, in blocks" \
            "--cpu-bind=verbose,cores --distribution=block:block" -- "$m" pi 2 --bind close
        launched "run in a job: --bind spread spreads $m ranks over the sockets" \
            "--cpu-bind=verbose,cores --distribution=block:cyclic" -- "$m" pi 2 --bind spread
        launched "run in a job: --bind none leaves $m ranks unbound" \
            "--kill-on-bad-exit=1 --cpu-bind=verbose,none" -- "$m" pi 2 --bind none
    done
    for m in $(built_where launch hybrid); do
        launched "run in a job: $m ranks get --threads CPUs each" \
            "-n 2 --ntasks-per-node=2 -c 2 --kill-on-bad-exit=1 --cpu-bind=verbose,cores" \
            SLURM_JOB_CPUS_PER_NODE=4 -- "$m" pi 4 --threads 2
    done
    for m in $(built_where launch openmp | first_line); do
        rm -f "$TEST_TMP/srun.args"
        SLURM_JOB_ID=7 SLURM_JOB_CPUS_PER_NODE=2 PARBENCH_LAUNCHER=srun SRUN="$TEST_TMP/srun" \
            run_cmd "$ROOT/scripts/run" "$m" pi 2 --size 1000 --reps 1
        if [[ "$RC" == 0 && ! -e "$TEST_TMP/srun.args" && "$OUT" == *"verified=yes"* ]]; then
            pass "run in a job: the thread models run in the batch step, not through srun"
        else
            fail "run in a job: the thread models run in the batch step, not through srun" "status $RC" "$OUT" "$ERR"
        fi
    done
    rm -f "$TEST_TMP/srun.args"
    SLURM_JOB_ID=7 SLURM_JOB_CPUS_PER_NODE=2 PARBENCH_LAUNCHER=mpiexec \
        run_cmd "$ROOT/scripts/run" "$(plain_model)" pi 1 --size 1000
    DETAIL="status $RC; $OUT $ERR"
    check "run in a job: a bad PARBENCH_LAUNCHER is refused" \
        eval '[[ "$RC" == 2 && "$ERR" == *PARBENCH_LAUNCHER* ]]'
    for m in $(built_where launch mpi); do
        env -u SLURM_JOB_ID PARBENCH_LAUNCHER=srun SRUN="$TEST_TMP/srun" \
            "$ROOT/scripts/run" "$m" pi 2 --size 1000 --reps 1 >"$TEST_TMP/out" 2>&1 || true
        if [[ ! -e "$TEST_TMP/srun.args" ]] && grep -q 'verified=yes' "$TEST_TMP/out"; then
            pass "run outside a job: PARBENCH_LAUNCHER changes nothing (mpirun)"
        else
            fail "run outside a job: PARBENCH_LAUNCHER changes nothing (mpirun)" "$(cat "$TEST_TMP/out")"
        fi
    done
}

suite_submit() {
    make_stub_bench
    make_stub_sbatch
    make_stub_sinfo
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
    check_conf
    check_cpus
    check_real_bench
    check_pending
    check_cancelled
    check_launch
}
