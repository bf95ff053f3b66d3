# shellcheck shell=bash disable=SC2034
# scripts/bench, the sweep driver: its files for a tiny sweep, option
# validation, failed, wrong and timed-out runs, an interrupted sweep resumed
# without repeating a run, and --dry-run running nothing.

# The headers, from the one module that defines them (scripts/parbench/schema.py).
schema_header() {
    PYTHONPATH="$ROOT/scripts" python3 -c 'import sys; from parbench import schema; print(",".join(getattr(schema, sys.argv[1])))' "$1"
}
BENCH_RUNS_HEADER="$(schema_header RUNS_COLUMNS)"
BENCH_SUMMARY_HEADER="$(schema_header SUMMARY_COLUMNS)"
BENCH_RUNS_FIELDS="$(awk -F, '{ print NF }' <<<"$BENCH_RUNS_HEADER")"
readonly BENCH_RUNS_HEADER BENCH_SUMMARY_HEADER BENCH_RUNS_FIELDS

# Prints the number of rows of a CSV file, its header left out.
csv_rows() {
    if [[ -f "$1" ]]; then echo $(($(wc -l <"$1") - 1)); else echo 0; fi
}

# Prints the workload,model,workers,rep keys that occur twice in runs.csv.
duplicate_keys() {
    awk -F, 'NR > 1 { print $1 "," $2 "," $3 "," $7 }' "$1" | sort | uniq -d
}

# Prints the rows of runs.csv that do not have the header's fields.
ragged_rows() {
    awk -F, -v n="$BENCH_RUNS_FIELDS" 'NF != n' "$1"
}

# csv_field FILE WORKLOAD MODEL WORKERS COLUMN: prints COLUMN (a name of the
# header) of the first row of FILE for that configuration, or "<absent>"
# when the file, the row or the column is missing, so that a check for an
# empty value cannot pass on a row that is not there.
csv_field() {
    awk -F, -v w="$2" -v m="$3" -v p="$4" -v col="$5" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
        c && $1 == w && $2 == m && $3 == p { print $c; found = 1; exit }
        END { if (!found) print "<absent>" }' "$1" 2>/dev/null || echo "<absent>"
}

# Prints the number of entries in results/.
result_dirs() {
    find "$ROOT/results" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l || true
}

# bench_usage NAME ARGS...: scripts/bench ARGS exits 2 with one line on
# stderr, nothing on stdout, and creates no directory.
bench_usage() {
    local name="$1"
    shift
    local before after
    before="$(result_dirs)"
    run_cmd "$ROOT/scripts/bench" "$@"
    after="$(result_dirs)"
    local lines
    lines="$(printf '%s' "$ERR" | grep -c '' || true)"
    if [[ "$RC" == 2 && -z "$OUT" && "$lines" == 1 && "$ERR" == "bench: "* &&
        ! -e "$BT/never" && "$before" == "$after" ]]; then
        pass "$name"
    else
        fail "$name" "status $RC, $lines stderr lines, results/ $before -> $after entries" \
            "stdout: $OUT" "stderr: $ERR"
    fi
}

bench_options() {
    mkdir -p "$BT/full"
    : >"$BT/full/something"
    local -a never=(--out "$BT/never")
    bench_usage "bench: unknown model" --models serial,cuda "${never[@]}"
    bench_usage "bench: empty element in a list" --models serial,,fork "${never[@]}"
    bench_usage "bench: a workload name with shell in it" --workloads 'pi;touch x' "${never[@]}"
    bench_usage "bench: a workload that is not built" --workloads nosuch "${never[@]}"
    bench_usage "bench: --workers 0" --workers 0 "${never[@]}"
    bench_usage "bench: --workers 1,x" --workers 1,x "${never[@]}"
    bench_usage "bench: --workers 2000" --workers 2000 "${never[@]}"
    bench_usage "bench: --workers with a newline" --workers $'1\n2' "${never[@]}"
    bench_usage "bench: --reps 0" --reps 0 "${never[@]}"
    bench_usage "bench: --reps abc" --reps abc "${never[@]}"
    bench_usage "bench: --reps without a value" "${never[@]}" --reps
    bench_usage "bench: --size huge" --size huge "${never[@]}"
    bench_usage "bench: --size pi=0" --size pi=0 "${never[@]}"
    # shellcheck disable=SC2016
    bench_usage "bench: --size with \$(...) in it" --size 'pi=$(touch x)' "${never[@]}"
    bench_usage "bench: --size for a workload outside the sweep" --workloads pi --size sleep=small "${never[@]}"
    bench_usage "bench: --timeout 0" --timeout 0 "${never[@]}"
    bench_usage "bench: --timeout -1" --timeout -1 "${never[@]}"
    bench_usage "bench: --seed x" --seed x "${never[@]}"
    bench_usage "bench: an unknown option" --frobnicate "${never[@]}"
    bench_usage "bench: --dry-run=1" --dry-run=1 "${never[@]}"
    bench_usage "bench: --out a directory that is not empty" --out "$BT/full"
    bench_usage "bench: --resume a directory that is no sweep" --resume "$BT/full"
    bench_usage "bench: --resume with --models" --resume "$BT/full" --models serial
    check "bench: a refused --out keeps what was there" [ -f "$BT/full/something" ]

    run_cmd "$ROOT/scripts/bench" --help
    if [[ "$RC" == 0 && "$OUT" == usage:* && -z "$ERR" ]]; then
        pass "bench: --help prints usage on stdout and exits 0"
    else
        fail "bench: --help prints usage on stdout and exits 0" "status $RC" "$OUT" "$ERR"
    fi
}

# Makes a build tree whose "binaries" are scripts that print a verified
# result line and note that they ran in $BT/ran (--check, which validates
# the options and runs nothing, is not a run).
fake_build() {
    local dir="$1" m
    for m in serial pthreads; do
        mkdir -p "$dir/$m"
        cat >"$dir/$m/pi" <<'SH'
#!/usr/bin/env bash
p=1
while (($# > 0)); do
    if [[ "$1" == --workers ]]; then p="$2"; fi
    if [[ "$1" == --check ]]; then exit 0; fi
    shift
done
echo ran >>"$BENCH_FAKE_MARK"
model="$(basename "$(dirname "$0")")"
echo "workload=pi model=$model workers=$p size=5 rep=1 seconds=0.001 checksum=3 verified=yes"
SH
        chmod +x "$dir/$m/pi"
    done
}

bench_dry_run() {
    fake_build "$BT/fake"
    # shellcheck disable=SC2054  # commas inside the option values
    local -a args=(--models serial,pthreads --workloads pi --workers 1,2 --reps 2)
    BENCH_FAKE_MARK="$BT/ran" PARBENCH_BUILD="$BT/fake" run_cmd "$ROOT/scripts/bench" --dry-run "${args[@]}" --out "$BT/dry"
    if [[ "$RC" == 0 && "$OUT" == *"plan: 6 runs"* && "$OUT" == *"estimate:"* && ! -e "$BT/dry" && ! -e "$BT/ran" ]]; then
        pass "bench: --dry-run prints the plan (6 runs) and an estimate, runs and writes nothing"
    else
        fail "bench: --dry-run prints the plan (6 runs) and an estimate, runs and writes nothing" \
            "status $RC; dir: $(ls "$BT/dry" 2>&1); ran: $(cat "$BT/ran" 2>&1)" "$OUT" "$ERR"
    fi
    # the same options without --dry-run do run the fake binaries
    BENCH_FAKE_MARK="$BT/ran" PARBENCH_BUILD="$BT/fake" run_cmd "$ROOT/scripts/bench" --quiet "${args[@]}" --out "$BT/fake-run"
    local ran
    ran="$(grep -c '' "$BT/ran" 2>/dev/null || true)"
    if [[ "$RC" == 0 && "$ran" == 6 && "$(csv_rows "$BT/fake-run/runs.csv")" == 6 ]]; then
        pass "bench: without --dry-run, the same plan runs 6 times"
    else
        fail "bench: without --dry-run, the same plan runs 6 times" "status $RC, ran ${ran:-0}" "$OUT" "$ERR"
    fi
}

bench_tiny_sweep() {
    local -a models=(serial pthreads)
    if has_model mpi; then models+=(mpi); fi
    local list
    list="$(IFS=,; echo "${models[*]}")"
    local expect=$((2 * (1 + 2 * (${#models[@]} - 1))))
    local d="$BT/tiny"
    run_cmd "$ROOT/scripts/bench" --models "$list" --workloads pi --workers 1,2 --reps 2 \
        --size pi=200000 --out "$d"
    check "bench: a tiny sweep exits 0 ($list; $expect runs)" [ "$RC" == 0 ]
    DETAIL="$(head -n 1 "$d/runs.csv" 2>&1)"
    check "bench: runs.csv has the documented header" [ "$(head -n 1 "$d/runs.csv" 2>/dev/null)" == "$BENCH_RUNS_HEADER" ]
    DETAIL="$(cat "$d/runs.csv" 2>&1)"
    check "bench: runs.csv has one row per repetition ($expect)" [ "$(csv_rows "$d/runs.csv")" == "$expect" ]
    DETAIL="$(ragged_rows "$d/runs.csv")"
    check "bench: every row of runs.csv has the header's $BENCH_RUNS_FIELDS fields" [ -z "$DETAIL" ]
    local notok
    notok="$(awk -F, 'NR > 1 && ($12 != "ok" || $11 != "yes" || $8 == "" || $9 == "")' "$d/runs.csv")"
    DETAIL="$notok"
    check "bench: every row is ok, verified, with seconds and wall_seconds" [ -z "$notok" ]
    local logs_missing
    logs_missing="$(awk -F, 'NR > 1 { print $17 }' "$d/runs.csv" | sort -u |
        while IFS= read -r l; do [[ -s "$d/$l" ]] || echo "$l"; done)"
    DETAIL="$logs_missing"
    check "bench: every row names its log, and the log is there" [ -z "$logs_missing" ]
    local shape
    shape="$(csv_field "$d/runs.csv" pi pthreads 2 ranks),$(csv_field "$d/runs.csv" pi pthreads 2 threads)"
    check "bench: pthreads at 2 workers is ranks=1 threads=2 ($shape)" [ "$shape" == "1,2" ]
    if has_model mpi; then
        shape="$(csv_field "$d/runs.csv" pi mpi 2 ranks),$(csv_field "$d/runs.csv" pi mpi 2 threads)"
        check "bench: mpi at 2 workers is ranks=2 threads=1 ($shape)" [ "$shape" == "2,1" ]
    fi
    # the Amdahl fit's columns come from the summarizer, with or without gnuplot
    DETAIL="$(head -n 1 "$d/summary.csv" 2>&1)"
    check "bench: summary.csv has the documented header, Amdahl columns included" \
        [ "$(head -n 1 "$d/summary.csv" 2>/dev/null)" == "$BENCH_SUMMARY_HEADER" ]
    check "bench: the sweep ends with report.html" [ -s "$d/report.html" ]
    DETAIL="$(cat "$d/summary.csv" 2>&1)"
    check "bench: summary.csv has one row per configuration" \
        [ "$(csv_rows "$d/summary.csv")" == "$((expect / 2))" ]
    local s1 n1 e2
    s1="$(csv_field "$d/summary.csv" pi serial 1 speedup_serial)"
    n1="$(csv_field "$d/summary.csv" pi serial 1 n)"
    e2="$(csv_field "$d/summary.csv" pi pthreads 2 efficiency)"
    if [[ "$s1" == 1.0000 && "$n1" == 2 && -n "$e2" ]] &&
        awk -v e="$e2" 'BEGIN { exit !(e > 0 && e < 5) }'; then
        pass "bench: summary: serial at 1 worker has speed-up 1 over 2 reps; efficiencies are there"
    else
        fail "bench: summary: serial at 1 worker has speed-up 1 over 2 reps; efficiencies are there" \
            "speedup_serial '$s1', n '$n1', pthreads P=2 efficiency '$e2'"
    fi
    local kf
    kf="$(csv_field "$d/summary.csv" pi pthreads 1 karp_flatt)"
    check "bench: summary: no Karp-Flatt fraction at 1 worker" [ -z "$kf" ]
    local bad_progress
    bad_progress="$(grep -v '^bench: ' <<<"$ERR" |
        grep -Ev "^\[[0-9]+/$expect\] [a-z]+ pi P=[12] rep [12]/2 [0-9]+\.[0-9]{3} s ok ETA [0-9hms?]+$" || true)"
    DETAIL="$ERR"
    check "bench: one progress line per run, like '[3/$expect] pthreads pi P=2 rep 1/2 0.012 s ok ETA 1s'" \
        [ -z "$bad_progress" ] 
    DETAIL="$OUT"
    check "bench: stdout ends with a table and the run directory" grep -q "^results: $d\$" <<<"$OUT"
    if command -v jq >/dev/null 2>&1; then
        run_cmd jq -e '(.cores | type) == "number" and (.sweep.reps == 2) and (.complete == true)
            and (.mpi | has("library_version")) and (.parbench | has("dirty")) and (.env | type) == "object"
            and (.results.ok == '"$expect"')' "$d/meta.json"
        DETAIL="$OUT $ERR"
        check "bench: meta.json is valid JSON with cores, sweep, MPI, git and results" [ "$RC" == 0 ]
        # shellcheck disable=SC2016  # $(y) is meant literally
        OMP_WEIRD=$'a "quoted" \\ value\twith\na newline' SLURM_JOB_NAME='x$(y)' \
            run_cmd "$ROOT/scripts/bench" --quiet --models serial --workloads pi --reps 1 --size small --out "$BT/weird"
        # shellcheck disable=SC2016  # $(y) is meant literally
        run_cmd jq -e '.env.OMP_WEIRD == "a \"quoted\" \\ value\twith\na newline" and .env.SLURM_JOB_NAME == "x$(y)"' \
            "$BT/weird/meta.json"
        DETAIL="$OUT $ERR"
        check "bench: meta.json keeps OMP_* and SLURM_* values with quotes, backslashes, newlines" [ "$RC" == 0 ]
    else
        skip "bench: meta.json is valid JSON" "jq is not installed"
    fi
}

bench_failures() {
    local d="$BT/die"
    PARBENCH_FAULT=die:1 run_cmd "$ROOT/scripts/bench" --quiet --models serial,fork --workloads sleep \
        --workers 1,2 --reps 1 --size small --out "$d"
    local st
    st="$(csv_field "$d/runs.csv" sleep fork 2 status)"
    if [[ "$RC" == 1 && "$st" == failed && "$(csv_rows "$d/runs.csv")" == 3 &&
        "$(csv_field "$d/runs.csv" sleep fork 2 seconds)" == "" &&
        "$(csv_field "$d/runs.csv" sleep fork 1 status)" == ok &&
        "$(csv_field "$d/runs.csv" sleep serial 1 status)" == ok ]]; then
        pass "bench: a run whose worker dies is recorded as failed, the sweep goes on, exit 1"
    else
        fail "bench: a run whose worker dies is recorded as failed, the sweep goes on, exit 1" \
            "status $RC, fork P=2 status '$st'" "$(cat "$d/runs.csv" 2>&1)" "$ERR"
    fi
    DETAIL="$OUT"
    check "bench: the summary names the failed run and its log" \
        grep -q "fork sleep P=2 rep 1: failed (logs/fork-sleep-P2.log)" <<<"$OUT"
    DETAIL="$(cat "$d/logs/fork-sleep-P2.log" 2>&1)"
    check "bench: the failed run's log has its stderr" grep -q "killed by signal 9" "$d/logs/fork-sleep-P2.log"
    check "bench: summary.csv counts the failure" [ "$(csv_field "$d/summary.csv" sleep fork 2 failed)" == 1 ]

    PARBENCH_FAULT=wrong run_cmd "$ROOT/scripts/bench" --quiet --models serial --workloads pi \
        --reps 1 --size small --out "$BT/wrong"
    st="$(csv_field "$BT/wrong/runs.csv" pi serial 1 status),$(csv_field "$BT/wrong/runs.csv" pi serial 1 verified)"
    if [[ "$RC" == 1 && "$st" == wrong,no ]]; then
        pass "bench: a wrong answer is recorded as wrong (verified=no), exit 1"
    else
        fail "bench: a wrong answer is recorded as wrong (verified=no), exit 1" "status $RC, '$st'" "$OUT" "$ERR"
    fi
}

bench_timeout() {
    local -a models=(fork)
    if has_model mpi; then models+=(mpi); fi
    local list d="$BT/hang"
    list="$(IFS=,; echo "${models[*]}")"
    PARBENCH_FAULT=hang:1 run_cmd "$ROOT/scripts/bench" --quiet --models "$list" --workloads sleep \
        --workers 1,2 --reps 1 --size small --timeout 1 --out "$d"
    local m problems=""
    [[ "$RC" == 1 ]] || problems+="exit status $RC; "
    for m in "${models[@]}"; do
        [[ "$(csv_field "$d/runs.csv" sleep "$m" 2 status)" == timeout ]] || problems+="$m P=2 is not timeout; "
        [[ "$(csv_field "$d/runs.csv" sleep "$m" 1 status)" == ok ]] || problems+="$m P=1 is not ok; "
        awk -v w="$(csv_field "$d/runs.csv" sleep "$m" 2 wall_seconds)" 'BEGIN { exit !(w >= 1 && w < 4) }' ||
            problems+="$m P=2 wall is not 1-4 s; "
    done
    if [[ -z "$problems" ]]; then
        pass "bench: hung runs ($list) are killed after --timeout 1 and recorded as timeout"
    else
        fail "bench: hung runs ($list) are killed after --timeout 1 and recorded as timeout" \
            "$problems" "$(cat "$d/runs.csv" 2>&1)" "$ERR"
    fi
    sleep 0.2
    DETAIL="$(leftovers)"
    check "bench: no process of a timed-out run is left ($list)" [ -z "$(leftovers)" ]
}

# The command that starts scripts/bench for the signal tests: with SIGINT
# and SIGTERM back at their defaults, in case the tests were started with
# them ignored (as a background job is), since a shell cannot trap a signal
# ignored when it started.
signalable() {
    if env --default-signal=INT true 2>/dev/null; then
        printf '%s\n' env --default-signal=INT,TERM
    fi
}

# interrupt_bench DIR SIGNAL ARGS...: starts scripts/bench ARGS in its own
# process group (as a shell does for a foreground job, so that SIGINT is not
# ignored), sends SIGNAL once DIR/runs.csv has 2 rows, and sets RC.
interrupt_bench() {
    local dir="$1" sig="$2" i
    shift 2
    local -a start
    mapfile -t start < <(signalable)
    set -m
    "${start[@]}" "$ROOT/scripts/bench" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err" &
    local pid=$!
    set +m
    local start
    start="$(csv_rows "$dir/runs.csv")"
    for ((i = 0; i < 200; i++)); do
        (($(csv_rows "$dir/runs.csv") < start + 2)) || break
        sleep 0.05
    done
    kill -s "$sig" "$pid" 2>/dev/null || true
    RC=0
    wait "$pid" || RC=$?
    ERR="$(cat "$TEST_TMP/err")"
}

bench_resume() {
    local d="$BT/int"
    # shellcheck disable=SC2054  # commas inside the option values
    local -a args=(--quiet --models serial,pthreads,fork --workloads sleep --workers 1,2 --reps 3)
    local total=15
    interrupt_bench "$d" INT "${args[@]}" --out "$d"
    local rows
    rows="$(csv_rows "$d/runs.csv")"
    if [[ "$RC" == 130 && "$rows" -ge 2 && "$rows" -lt "$total" && "$ERR" == *"--resume $d"* ]]; then
        pass "bench: SIGINT stops the sweep (exit 130) with $rows of $total rows kept, and says how to resume"
    else
        fail "bench: SIGINT stops the sweep (exit 130) with $rows of $total rows kept, and says how to resume" \
            "status $RC" "$ERR"
    fi
    DETAIL="$(leftovers)"
    check "bench: no process is left after SIGINT" [ -z "$(leftovers)" ]

    interrupt_bench "$d" TERM --resume "$d" --quiet
    local rows2
    rows2="$(csv_rows "$d/runs.csv")"
    if [[ "$RC" == 143 && "$rows2" -ge $((rows + 2)) && "$rows2" -lt "$total" ]]; then
        pass "bench: SIGTERM stops a resumed sweep (exit 143) with $rows2 rows kept"
    else
        fail "bench: SIGTERM stops a resumed sweep (exit 143) with $rows2 rows kept" "status $RC, $rows -> $rows2 rows" "$ERR"
    fi
    DETAIL="$(leftovers)"
    check "bench: no process is left after SIGTERM" [ -z "$(leftovers)" ]

    # a row cut short by a crash of the driver is dropped, then redone
    printf 'sleep,serial,1,1,1,4,9' >>"$d/runs.csv"
    run_cmd "$ROOT/scripts/bench" --resume "$d" --quiet
    rows="$(csv_rows "$d/runs.csv")"
    local dups
    dups="$(duplicate_keys "$d/runs.csv")"
    if [[ "$RC" == 0 && "$rows" == "$total" && -z "$dups" && -z "$(ragged_rows "$d/runs.csv")" ]]; then
        pass "bench: --resume finishes the sweep: $total rows, no repetition twice, no partial row"
    else
        fail "bench: --resume finishes the sweep: $total rows, no repetition twice, no partial row" \
            "status $RC, $rows rows, duplicates: $dups" "$(cat "$d/runs.csv")" "$ERR"
    fi
    local n
    # n, and the repetitions left out for heavy interference from other processes
    n="$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        { s += $c["n"] + $c["interference"] } END { print s }' "$d/summary.csv")"
    check "bench: the resumed summary counts every repetition ($n of $total, used or left out for interference)" \
        [ "$n" == "$total" ]

    run_cmd "$ROOT/scripts/bench" --resume "$d"
    if [[ "$RC" == 0 && "$(csv_rows "$d/runs.csv")" == "$total" && "$ERR" == *"0 of $total runs to do"* ]]; then
        pass "bench: resuming a finished sweep runs nothing"
    else
        fail "bench: resuming a finished sweep runs nothing" "status $RC" "$ERR"
    fi
}

# Shell text, quotes, blanks and newlines in every option: refused in one
# line, nothing run (no marker file), no run directory made.
bench_hostile() {
    local mark="$BT/pwned" opt value problems n before after lines
    # shellcheck disable=SC2016  # the shell text is meant literally
    local -a values=("a b" "it's" '"q"' "\$(touch $mark)" "\`touch $mark\`" $'1\n2' "1;touch $mark" "|touch $mark")
    for opt in --models --workloads --workers --reps --size --timeout --seed --resume; do
        problems="" n=0
        for value in "${values[@]}"; do
            before="$(result_dirs)"
            run_cmd "$ROOT/scripts/bench" "$opt" "$value" --out "$BT/never"
            after="$(result_dirs)"
            n=$((n + 1))
            lines="$(line_count "$ERR")"
            if [[ "$RC" != 2 || -n "$OUT" || "$lines" != 1 || "$ERR" != "bench: "* ||
                -e "$BT/never" || "$before" != "$after" ]]; then
                problems+="$(printf '%q' "$value"): status $RC, $lines lines: $ERR; "
            fi
        done
        [[ ! -e "$mark" ]] || problems+="a value was run as a command; "
        N_CASES="$n"
        if [[ -z "$problems" ]]; then
            pass "bench: $opt with $n hostile values: refused in one line, nothing run or made"
        else
            fail "bench: $opt with $n hostile values: refused in one line, nothing run or made" "$problems"
        fi
    done
    bench_usage "bench: --out with a newline is refused" --out "$BT/a"$'\n'"b"
}

# An --out path with blanks, quotes and shell text is a name like any
# other: the sweep runs there, nothing is run as a command, and every row
# of runs.csv keeps its fields.
bench_odd_out() {
    local mark="$BT/pwned-out"
    local d="$BT/odd dir 'q' \"dq\" \$(touch $mark) \`touch $mark\`;x,y"
    fake_build "$BT/fake"
    BENCH_FAKE_MARK="$BT/ran-odd" PARBENCH_BUILD="$BT/fake" run_cmd "$ROOT/scripts/bench" --quiet \
        --models serial,pthreads --workloads pi --workers 1,2 --reps 2 --out "$d"
    local problems=""
    [[ "$RC" == 0 ]] || problems+="status $RC; "
    [[ "$(head -n 1 "$d/runs.csv" 2>/dev/null)" == "$BENCH_RUNS_HEADER" ]] || problems+="no header; "
    [[ "$(csv_rows "$d/runs.csv")" == 6 ]] || problems+="$(csv_rows "$d/runs.csv") rows, not 6; "
    [[ -z "$(ragged_rows "$d/runs.csv" 2>&1)" ]] || problems+="rows without the header's fields; "
    [[ ! -e "$mark" ]] || problems+="the name was run as a command; "
    if command -v jq >/dev/null 2>&1 && ! jq -e . "$d/meta.json" >/dev/null 2>&1; then
        problems+="meta.json is not JSON; "
    fi
    N_CASES=1
    if [[ -z "$problems" ]]; then
        pass "bench: --out with blanks, quotes, \$(...), backticks, ';' and ',': 6 whole rows, nothing run"
    else
        fail "bench: --out with blanks, quotes, \$(...), backticks, ';' and ',': 6 whole rows, nothing run" \
            "$problems" "$(cat "$d/runs.csv" 2>&1)" "$ERR"
    fi
}

# A disk that fills during a sweep: the run directory on a tmpfs of 1 MiB,
# filled to the last byte once runs.csv has two rows. The driver stops with
# exit 3 naming "No space left on device"; the rows written before stay,
# every row whole; summary.csv and meta.json are whole or absent; with
# space again, --resume finishes the sweep.
bench_full_disk() {
    local disk="$BT/disk"
    if ! mount_tmpfs "$disk" 1m; then
        skip "bench: a disk that fills during a sweep" "$WHY_NOT"
        return
    fi
    local d="$disk/run" i before="" kept=0
    local total=40
    "$ROOT/scripts/bench" --quiet --models serial --workloads sleep --reps "$total" --size small \
        --out "$d" >"$TEST_TMP/out" 2>"$TEST_TMP/err" &
    local pid=$!
    for ((i = 0; i < 200; i++)); do
        (($(csv_rows "$d/runs.csv") < 2)) || break
        sleep 0.05
    done
    kept="$(wc -l <"$d/runs.csv")"
    before="$(head -n "$kept" "$d/runs.csv")"
    fill_disk "$disk"
    RC=0
    wait "$pid" || RC=$?
    ERR="$(<"$TEST_TMP/err")"
    local problems=""
    [[ "$RC" == 3 ]] || problems+="status $RC, not 3; "
    [[ "$ERR" == *"No space left on device"* ]] || problems+="no 'No space left on device'; "
    [[ "$(head -n "$kept" "$d/runs.csv")" == "$before" ]] || problems+="the rows before changed; "
    [[ -z "$(ragged_rows "$d/runs.csv")" && -z "$(tail -c 1 "$d/runs.csv")" ]] || problems+="a partial row; "
    (($(csv_rows "$d/runs.csv") < total)) || problems+="it never ran out of space; "
    if command -v jq >/dev/null 2>&1; then
        [[ ! -e "$d/meta.json" ]] || jq -e . "$d/meta.json" >/dev/null 2>&1 || problems+="meta.json is cut; "
    fi
    if [[ -e "$d/summary.csv" && "$(head -n 1 "$d/summary.csv")" != "$BENCH_SUMMARY_HEADER"* ]]; then
        problems+="summary.csv is cut; "
    fi
    DETAIL="$(leftovers)"
    check "bench: no process is left after the disk filled" [ -z "$(leftovers)" ]
    if [[ -z "$problems" ]]; then
        pass "bench: a disk that fills: exit 3, 'No space left on device', $(csv_rows "$d/runs.csv") whole rows kept"
    else
        fail "bench: a disk that fills: exit 3, 'No space left on device', rows kept whole" \
            "$problems" "$ERR" "$(tail -n 3 "$d/runs.csv")"
    fi
    # a disk full from the start: nothing half-made is left behind
    run_cmd "$ROOT/scripts/bench" --quiet --models serial --workloads sleep --reps 1 --size small \
        --out "$disk/run2"
    if [[ "$RC" == 3 && "$ERR" == *"cannot write the run directory"*"No space left on device"* &&
        ! -e "$disk/run2" ]]; then
        pass "bench: --out on a full disk: exit 3, 'No space left on device', no half-made directory"
    else
        fail "bench: --out on a full disk: exit 3, 'No space left on device', no half-made directory" \
            "status $RC; $(find "$disk/run2" 2>&1 | head -n 5)" "$ERR"
    fi
    rm -f "$disk/fill"
    run_cmd "$ROOT/scripts/bench" --resume "$d" --quiet
    if [[ "$RC" == 0 && "$(csv_rows "$d/runs.csv")" == "$total" && -z "$(duplicate_keys "$d/runs.csv")" ]]; then
        pass "bench: with space again, --resume finishes the sweep: $total rows, none twice"
    else
        fail "bench: with space again, --resume finishes the sweep: $total rows, none twice" \
            "status $RC, $(csv_rows "$d/runs.csv") rows" "$ERR"
    fi
}

# SIGINT and SIGTERM, in turn, at random moments of a sweep, sent to the
# driver's whole process group as a terminal's Ctrl-C is; five times, each
# followed by --resume. After each: every row whole, no repetition twice, no
# process left; a stop before the first row leaves no directory that
# --resume or --out would refuse. At the end, exactly the planned rows.
bench_random_interrupts() {
    local d="$BT/random" total=35 i sig delay ms rows problems="" pid
    local -a start
    mapfile -t start < <(signalable)
    # shellcheck disable=SC2054  # commas inside the option values
    local -a first=(--quiet --models serial,pthreads,fork --workloads sleep --workers 1,2,3 --reps 5 --seed 7)
    for ((i = 1; i <= 5; i++)); do
        if ((i % 2)); then sig=INT; else sig=TERM; fi
        # from 0.4 s on: before that the interpreter may still be starting
        # (importing its site packages), and a SIGINT there is Python's own
        # "Fatal Python error", exit status 1, before any of the driver runs
        ms=$((400 + RANDOM % 1100))
        printf -v delay '%d.%03d' $((ms / 1000)) $((ms % 1000))
        local -a cmd=("$ROOT/scripts/bench" --resume "$d" --quiet)
        [[ -f "$d/runs.csv" ]] || cmd=("$ROOT/scripts/bench" "${first[@]}" --out "$d")
        set -m
        "${start[@]}" "${cmd[@]}" >"$TEST_TMP/out" 2>"$TEST_TMP/err" &
        pid=$!
        set +m
        sleep "$delay"
        kill -s "$sig" -- "-$pid" 2>/dev/null || true
        RC=0
        wait "$pid" || RC=$?
        sleep 0.1
        rows="$(csv_rows "$d/runs.csv")"
        [[ "$RC" == 0 || "$RC" == 130 || "$RC" == 143 ]] || problems+="$i: SIG$sig after $delay s: status $RC ($(<"$TEST_TMP/err")); "
        if [[ -f "$d/runs.csv" ]]; then
            [[ -z "$(ragged_rows "$d/runs.csv")" && -z "$(tail -c 1 "$d/runs.csv")" ]] || problems+="$i: a partial row; "
            [[ -z "$(duplicate_keys "$d/runs.csv")" ]] || problems+="$i: a repetition twice; "
        elif [[ -e "$d" && -n "$(find "$d" -mindepth 1)" ]]; then
            problems+="$i: stopped before the sweep, it left $(find "$d" -mindepth 1 | tr '\n' ' '); "
        fi
        [[ -z "$(leftovers)" ]] || problems+="$i: processes left: $(leftovers); "
        printf '      (SIG%s after %s s: status %s, %s rows)\n' "$sig" "$delay" "$RC" "$rows"
    done
    local -a cmd=("$ROOT/scripts/bench" --resume "$d" --quiet)
    [[ -f "$d/runs.csv" ]] || cmd=("$ROOT/scripts/bench" "${first[@]}" --out "$d")
    run_cmd "${cmd[@]}"
    [[ "$RC" == 0 ]] || problems+="the last --resume: status $RC ($ERR); "
    [[ "$(csv_rows "$d/runs.csv")" == "$total" ]] || problems+="$(csv_rows "$d/runs.csv") rows at the end, not $total; "
    [[ -z "$(duplicate_keys "$d/runs.csv")" && -z "$(ragged_rows "$d/runs.csv")" ]] ||
        problems+="a repetition twice or a partial row at the end; "
    N_CASES=5
    if [[ -z "$problems" ]]; then
        pass "bench: SIGINT/SIGTERM at 5 random moments, each resumed: whole rows, none twice, $total at the end"
    else
        fail "bench: SIGINT/SIGTERM at 5 random moments, each resumed: whole rows, none twice, $total at the end" \
            "$problems" "$(cat "$d/runs.csv" 2>&1)"
    fi
}

suite_bench() {
    BT="$TEST_TMP/bench"
    mkdir -p "$BT"
    CATEGORY=input
    bench_options
    bench_hostile
    bench_odd_out
    CATEGORY=""
    bench_dry_run
    if ! has_model serial || ! has_model pthreads || ! has_model fork; then
        skip "bench: sweeps" "serial, pthreads and fork are not all built"
        return
    fi
    bench_tiny_sweep
    CATEGORY=fault
    bench_failures
    bench_timeout
    bench_resume
    bench_full_disk
    bench_random_interrupts
}
