# The Python models (the registry's build kind python: pythreads, pyprocs),
# the tutorials' own systems beside the C ones. Every workload they have,
# at 1-4 workers, verified and with the serial C program's checksum; the
# C binaries' one-line refusals of bad input and overflow, word for word;
# injected faults; multiprocessing's start methods; the interpreter PYTHON
# names; the tutorials' pitfall of a list filled in a child.
# shellcheck shell=bash disable=SC2034

# py_check_run NAME REF MODEL WORKLOAD: MODEL's WORKLOAD at 1, 2, 3 and 4
# workers (under scripts/run, with the test arguments in ARGS) exits 0 and
# prints one verified line per repetition, with the right workers= and
# model= and a checksum within RTOL of REF.
py_check_run() {
    local name="$1" ref="$2" model="$3" workload="$4" p line n problems="" wrong
    for p in 1 2 3 4; do
        run_cmd "$ROOT/scripts/run" "$model" "$workload" "$p" "${ARGS[@]}"
        [[ "$RC" == 0 ]] || problems+="P=$p: exit status $RC: $ERR; "
        n=0 wrong=""
        while IFS= read -r line; do
            [[ "$line" == workload=* ]] || continue
            n=$((n + 1))
            [[ "$(field verified "$line")" == yes ]] || problems+="P=$p: not verified; "
            [[ "$(field workers "$line")" == "$p" ]] || problems+="P=$p: workers= is not $p; "
            [[ "$(field model "$line")" == "$model" ]] || problems+="P=$p: model= is not $model; "
            [[ -n "$(field cpus "$line" || true)" ]] || problems+="P=$p: no cpus=; "
            same_checksum "$(field checksum "$line")" "$ref" "$RTOL" || wrong="$(field checksum "$line")"
        done <<<"$OUT"
        [[ -z "$wrong" ]] || problems+="P=$p: checksum $wrong is not the serial C program's $ref; "
        ((n == 2)) || problems+="P=$p: $n result lines, not 2; "
    done
    if [[ -z "$problems" ]]; then pass "$name"; else fail "$name" "$problems"; fi
}

# py_match: every workload of every Python model against the plain model.
py_match() {
    local w m ref plain
    plain="$(plain_model)"
    for w in $(workloads); do
        load_workload "$w"
        local -a have=()
        for m in $PY_MODELS; do [[ -x "$BUILD/$m/$w" ]] && have+=("$m"); done
        ((${#have[@]} > 0)) || continue
        run_cmd "$ROOT/scripts/run" "$plain" "$w" 1 "${ARGS[@]}"
        ref="$(field checksum "$(printf '%s\n' "$OUT" | head -n 1)" || true)"
        if [[ "$RC" != 0 || -z "$ref" ]]; then
            fail "$w: $plain reference runs" "status $RC" "$OUT" "$ERR"
            continue
        fi
        local how="exactly"
        [[ "$RTOL" == 0 ]] || how="to a relative $RTOL"
        for m in "${have[@]}"; do
            py_check_run "$w: $m at 1-4 workers: verified, $plain's checksum $how" "$ref" "$m" "$w"
        done
    done
}

# py_not_implemented: a workload a model has no program for is not built,
# and scripts/run says so in one line, status 2.
py_not_implemented() {
    local m w dir
    for m in $PY_MODELS; do
        dir="$(registry_field "$m" dir)"
        for w in $(workloads); do
            [[ -f "$ROOT/$dir/$w.py" ]] && continue
            expect_usage "$m/$w: not implemented, no binary; scripts/run says so" "not implemented" \
                "$ROOT/scripts/run" "$m" "$w" 2
            check "$m/$w: no $BUILD/$m/$w" [ ! -e "$BUILD/$m/$w" ]
        done
    done
}

# Bad input, as in tests/t_inputs.sh and t_hostile.sh: WORKLOAD|ARGUMENTS.
# Each must end as the C binary of a model of threads ends: the same status
# and the same one stderr line (the model's name aside), nothing on stdout.
readonly PY_BAD_CASES=(
    "pi|--workers 0" "pi|--workers -3" "pi|--workers abc" "pi|--workers 2x" "pi|--workers 1025"
    "pi|--workers 99999999999999999999" "pi|--workers=" "pi|--frobnicate" "pi|--size" "pi|--size 0"
    "pi|--size 2000000000000" "pi|--reps 99999999999999999999" "pi|--warmup -1" "pi|--threads 2"
    "pi|--check=1" "pi|extra" "pi|--workers +7" "pi|--workers 0x10" "pi|--size 1.5"
    "sleep|--items 2,x,8" "sleep|--items 2,3 --size 3" "sleep|--items ," "sleep|--delay-ms 3600001"
    "mandelbrot|--schedule sideways" "mandelbrot|--size 1000000" "mandelbrot|--image /"
    "mandelbrot|--image /nonexistent/dir/x.pgm" "mandelbrot|--max-iter 0"
    "spawn|--size 0" "spawn|--size 2000000000" "spawn|--schedule static"
)

py_inputs() {
    CATEGORY=input
    local c m case_ w words problems name n
    c="$(built_where launch threads | while read -r x; do
        [[ "$(registry_field "$x" build)" == cc ]] && { echo "$x"; break; }; done)"
    if [[ -z "$c" ]]; then
        skip "Python models refuse bad input as the C binaries do" "no C model of threads is built"
        return
    fi
    for m in $PY_MODELS; do
        problems="" n=0
        for case_ in "${PY_BAD_CASES[@]}"; do
            IFS='|' read -r w words <<<"$case_"
            [[ -x "$BUILD/$m/$w" ]] || continue
            local -a argv
            read -ra argv <<<"$words"
            run_cmd "$BUILD/$c/$w" "${argv[@]}"
            local want_rc="$RC" want_err="${ERR//$c\//MODEL/}"
            run_cmd "$BUILD/$m/$w" "${argv[@]}"
            n=$((n + 1))
            [[ "$RC" == "$want_rc" && -z "$OUT" && "$(line_count "$ERR")" == 1 &&
                "${ERR//$m\//MODEL/}" == "$want_err" ]] ||
                problems+="$w $words: status $RC (C: $want_rc), '$ERR' (C: '$want_err'); "
        done
        N_CASES="$n"
        name="$m: $n cases of bad input and overflow: status and one stderr line as $c's, nothing on stdout"
        if [[ -z "$problems" ]]; then pass "$name"; else fail "$name" "$problems"; fi
    done
    expect_usage "pythreads takes no --start-method" "unknown option '--start-method'" \
        "$BUILD/pythreads/pi" --start-method fork
    expect_usage "pyprocs: --start-method that is no method" "--start-method: 'sideways' is not one of" \
        "$BUILD/pyprocs/pi" --start-method sideways
    PARBENCH_START_METHOD=sideways expect_usage "pyprocs: PARBENCH_START_METHOD that is no method" \
        "PARBENCH_START_METHOD: 'sideways' is not one of" "$BUILD/pyprocs/pi"
    for m in $PY_MODELS; do
        run_cmd "$BUILD/$m/pi" --help
        if [[ "$RC" == 0 && "$OUT" == usage:* && "$OUT" == *"  --check "* && -z "$ERR" ]]; then
            pass "$m: --help prints usage on stdout and exits 0"
        else
            fail "$m: --help prints usage on stdout and exits 0" "status $RC" "$OUT" "$ERR"
        fi
        run_cmd "$BUILD/$m/mandelbrot" --size 2000 --check
        check "$m: --check validates, runs nothing and prints nothing" [ "$RC" == 0 -a -z "$OUT$ERR" ]
    done
    CATEGORY=""
}

# py_faults: PARBENCH_FAULT in both models; nothing is left running.
py_faults() {
    CATEGORY=fault
    local m
    for m in $PY_MODELS; do
        PARBENCH_FAULT=wrong run_cmd "$ROOT/scripts/run" "$m" pi 2 --size 10000
        if [[ "$RC" == 1 && "$OUT" == *"verified=no"* && "$ERR" == *"wrong answer"* ]]; then
            pass "$m: a wrong answer prints verified=no and exits 1"
        else
            fail "$m: a wrong answer prints verified=no and exits 1" "status $RC; $OUT; $ERR"
        fi
        PARBENCH_FAULT=abort:1 run_cmd "$ROOT/scripts/run" "$m" sleep 2 --delay-ms 20
        if [[ "$RC" == 3 && "$ERR" == *"worker 1 aborts the run"* && "$OUT" != *verified=yes* ]]; then
            pass "$m: a worker that aborts the run is named, exit 3"
        else
            fail "$m: a worker that aborts the run is named, exit 3" "status $RC" "$OUT" "$ERR"
        fi
        PARBENCH_FAULT=hang:0 run_cmd timeout -s TERM 1 "$BUILD/$m/sleep" --workers 2 --delay-ms 1
        sleep 0.3
        DETAIL="$(leftovers)"
        check "$m: killing a hung run leaves no process" [ -z "$(leftovers)" ]
    done
    PARBENCH_FAULT=die:2 run_cmd "$BUILD/pythreads/sleep" --workers 4 --delay-ms 1
    if [[ "$RC" == 3 && "$ERR" == *"cannot create worker 2 of 4"* && "$OUT" != *verified=yes* ]]; then
        pass "pythreads: a thread that cannot be created is named, exit 3"
    else
        fail "pythreads: a thread that cannot be created is named, exit 3" "status $RC; $ERR"
    fi
    local sm
    for sm in fork spawn; do
        PARBENCH_FAULT=die:1 run_cmd "$BUILD/pyprocs/sleep" --workers 3 --delay-ms 20 --start-method "$sm"
        if [[ "$RC" == 3 && "$ERR" == *"worker 1 (pid "*") was killed by signal 9"* && "$OUT" != *verified=yes* ]]
        then
            pass "pyprocs ($sm): a child killed by SIGKILL is named, exit 3"
        else
            fail "pyprocs ($sm): a child killed by SIGKILL is named, exit 3" "status $RC; $ERR"
        fi
        sleep 0.2
        DETAIL="$(leftovers)"
        check "pyprocs ($sm): no worker process is left behind" [ -z "$(leftovers)" ]
    done
    CATEGORY=""
}

# py_start_methods: pyprocs starts its workers with each of
# multiprocessing's start methods, says which on every line, and leaves no
# process (the forkserver's server included).
py_start_methods() {
    local sm line
    for sm in fork spawn forkserver; do
        WANT=(start_method="$sm" workers=2)
        expect_verified "pyprocs: --start-method $sm: spawn verifies and says start_method=$sm" 3 \
            "$ROOT/scripts/run" pyprocs spawn 2 --size 3 --reps 2 --start-method "$sm"
        line="$(printf '%s\n' "$OUT" | head -n 1)"
        DETAIL="$line"
        check "pyprocs: --start-method $sm: cold_us and warm_us above 0" \
            awk -v c="$(field cold_us "$line" || true)" -v w="$(field warm_us "$line" || true)" \
            'BEGIN { exit !(c + 0 > 0 && w + 0 > 0) }'
        WANT=(start_method="$sm" schedule=dynamic)
        load_workload mandelbrot
        expect_verified "pyprocs: --start-method $sm: mandelbrot at 3 workers verifies" \
            "$(py_self_checksum pyprocs mandelbrot)" "$ROOT/scripts/run" pyprocs mandelbrot 3 "${ARGS[@]}" \
            --start-method "$sm"
        sleep 0.2
        DETAIL="$(leftovers)"
        check "pyprocs: --start-method $sm leaves no process" [ -z "$(leftovers)" ]
    done
    WANT=(start_method=spawn)
    PARBENCH_START_METHOD=spawn expect_verified "pyprocs: PARBENCH_START_METHOD=spawn is the default" 2 \
        "$BUILD/pyprocs/spawn" --workers 2 --size 2 --reps 1
}

# py_self_checksum MODEL WORKLOAD: the checksum MODEL's WORKLOAD prints at
# 1 worker with the test arguments (ARGS).
py_self_checksum() {
    run_cmd "$BUILD/$1/$2" "${ARGS[@]}" --reps 1
    field checksum "$(printf '%s\n' "$OUT" | head -n 1)" || true
}

# py_interpreter: PYTHON names the interpreter the programs run under.
py_interpreter() {
    local fake="$TEST_TMP/fake-python" mark="$TEST_TMP/fake-python.used" real
    real="$(command -v "${PYTHON:-python3}")"
    printf '#!/bin/sh\necho "$@" >%q\nexec %q "$@"\n' "$mark" "$real" >"$fake"
    chmod +x "$fake"
    PYTHON="$fake" run_cmd "$ROOT/scripts/run" pythreads sleep 2 --delay-ms 1 --reps 1
    DETAIL="status $RC; $ERR"
    check "PYTHON=FILE: the programs run under that interpreter" \
        [ "$RC" == 0 -a -f "$mark" ]
    PYTHON="$TEST_TMP/no-such-python" run_cmd "$BUILD/pythreads/pi" --size 10
    if [[ "$RC" == 127 && "$(line_count "$ERR")" == 1 && "$ERR" == *"no-such-python"* && -z "$OUT" ]]; then
        pass "PYTHON that is no interpreter: status 127, one line naming it"
    else
        fail "PYTHON that is no interpreter: status 127, one line naming it" "status $RC" "$OUT" "$ERR"
    fi
}

# py_pitfall: the tutorials' pitfall, in the interpreter the models use: a
# list a child process fills stays empty in the parent; pyprocs's results
# come back (through its pipes), so its sleep verifies.
py_pitfall() {
    run_cmd "${PYTHON:-python3}" -S -c '
import multiprocessing as mp
square_result = []
def calc_square(numbers):
    for n in numbers:
        square_result.append(n * n)
    print("Inside the process, result:", square_result, flush=True)
if __name__ == "__main__":
    p = mp.get_context("fork").Process(target=calc_square, args=([2, 3, 8, 9],))
    p.start()
    p.join()
    print("Outside the process, result:", square_result)'
    DETAIL="$OUT $ERR"
    check "pitfall: the child filled its list; the parent's stays empty" \
        [ "$OUT" == $'Inside the process, result: [4, 9, 64, 81]\nOutside the process, result: []' ]
    WANT=(workers=2)
    expect_verified "pitfall: pyprocs's squares and cubes come back through its pipes" 1434 \
        "$ROOT/scripts/run" pyprocs sleep 2 --items 2,3,8,9 --delay-ms 1 --reps 1
}

suite_python_models() {
    PY_MODELS="$(built_where build python | tr '\n' ' ')"
    if [[ -z "$(registry_where build python)" ]]; then
        skip "python models" "the registry has no model of build python"
        return
    fi
    if [[ -z "$PY_MODELS" ]]; then
        fail "python models: built" "no build/<model> of build python in $BUILD (run make)"
        return
    fi
    if ! command -v "${PYTHON:-python3}" >/dev/null; then
        fail "python models: ${PYTHON:-python3} is installed" "make deps installs python3"
        return
    fi
    py_match
    py_not_implemented
    py_inputs
    py_faults
    py_start_methods
    py_interpreter
    py_pitfall
}
