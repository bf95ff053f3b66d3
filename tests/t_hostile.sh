# shellcheck shell=bash disable=SC2034
# Hostile input to every binary, driven by a table: each option of each
# binary's --help gets zero, negative, overflowing, non-numeric, empty,
# fractional and blank-led values, a newline and shell text; sizes whose
# memory no machine has; absurd worker counts. Each is refused with exit 2,
# one line on stderr naming the option, nothing on stdout, and nothing run.

# An unknown option after the value under test: the parser reaches it only
# if it took the value, so that a value it takes runs nothing either.
readonly SENTINEL=--zz-sentinel

# VALUE|WHAT THE MESSAGE SAYS, for options that take a whole number.
readonly NUMBER_CASES=(
    "-1|too small"
    "99999999999999999999|too large"
    "-99999999999999999999|too small"
    "abc|not a whole number"
    "|not a whole number"
    "1.5|not a whole number"
    " 7|not a whole number"
    "7 |not a whole number"
    "+7|not a whole number"
    "0x10|not a whole number"
    $'1\n2|not a whole number'
)

# Prints the options of BINARY that take a value, from its --help lines
# like "  --workers P    ...".
options_of() {
    "$1" --help 2>/dev/null | sed -n 's/^  --\([a-z][a-z-]*\) [A-Z][A-Z]* .*/\1/p'
}

# usage_line NEEDLE...: succeeds if the last run exited 2 with nothing on
# stdout and one line on stderr holding every NEEDLE.
usage_line() {
    local needle
    [[ "$RC" == 2 && -z "$OUT" && -n "$ERR" && "$ERR" != *$'\n'* ]] || return 1
    for needle; do [[ "$ERR" == *"$needle"* ]] || return 1; done
}

# Prints VALUE for a test's report: one line, quoted as the shell would.
quoted() {
    local q
    printf -v q '%q' "$1"
    printf '%s' "$q"
}

# hostile_number BIN LABEL OPT: the table, --OPT=, a missing value and 0.
hostile_number() {
    local bin="$1" label="$2" opt="--$3" case_ value want problems="" n=0
    for case_ in "${NUMBER_CASES[@]}"; do
        value="${case_%%|*}" want="${case_#*|}"
        run_cmd "$bin" "$opt" "$value" "$SENTINEL"
        n=$((n + 1))
        usage_line "$opt: " "$want" || problems+="$(quoted "$value"): status $RC, $(quoted "$ERR"); "
    done
    run_cmd "$bin" "$opt=" "$SENTINEL"
    n=$((n + 1))
    usage_line "$opt: '' is not a whole number" || problems+="$opt=: status $RC, $(quoted "$ERR"); "
    run_cmd "$bin" "$opt"
    n=$((n + 1))
    usage_line "$opt needs a value" || problems+="no value: status $RC, $(quoted "$ERR"); "
    # 0 is refused as too small, or taken (and then the sentinel is refused)
    run_cmd "$bin" "$opt" 0 "$SENTINEL"
    n=$((n + 1))
    usage_line "$opt: '0' is too small" || usage_line "unknown option '$SENTINEL'" ||
        problems+="0: status $RC, $(quoted "$ERR"); "
    N_CASES="$n"
    if [[ -z "$problems" ]]; then
        pass "$label $opt: $n hostile values, each refused with one line naming it"
    else
        fail "$label $opt: $n hostile values, each refused with one line naming it" "$problems"
    fi
}

# Prints the metavar of option OPT in BINARY's --help ("FILE", "LIST").
metavar_of() {
    "$1" --help 2>/dev/null | sed -n "s/^  --$2 \([A-Z][A-Z]*\) .*/\1/p"
}

# used_as_given BIN OPT VALUE METAVAR: runs BIN for real, with the test
# arguments of its workload, one repetition and OPT VALUE, in an empty
# directory. Succeeds if the run used VALUE as it is (exit 0, verified;
# and for a FILE, wrote the file named VALUE exactly there, nothing else)
# or refused it (exit 2, one stderr line, nothing written); else prints
# what happened.
used_as_given() {
    local bin="$1" opt="$2" value="$3" metavar="$4" dir="$TEST_TMP/used" n
    rm -rf "$dir"
    mkdir -p "$dir"
    load_workload "$(basename "$bin")"
    run_cmd env -C "$dir" "$bin" "${ARGS[@]}" --reps 1 --warmup 0 "$opt" "$value"
    n="$(find "$dir" -mindepth 1 -maxdepth 1 -printf x | wc -c)"
    if [[ "$RC" == 0 && "$OUT" == *verified=yes* ]]; then
        [[ "$metavar" != FILE ]] && ((n == 0)) && return 0
        [[ "$metavar" == FILE && -f "$dir/$value" ]] && ((n == 1)) && return 0
    elif usage_line && ((n == 0)); then
        return 0
    fi
    printf '%s: status %s, %s entries written, %s; ' "$(quoted "$value")" "$RC" "$n" "$(quoted "$ERR")"
}

# hostile_string BIN LABEL OPT: a value that is text (a name, a path) is
# taken as it is: quotes, $(...), backticks and a newline run nothing. The
# parser takes each (the sentinel after it is refused); then each is used
# in a real run, which uses it as it is or refuses it in one line, and the
# shell text in it, were it ever run, would leave the marker file.
hostile_string() {
    local bin="$1" label="$2" opt="--$3" value problems="" n=0 metavar
    local mark="$TEST_TMP/pwned"
    # shellcheck disable=SC2016  # the shell text is meant literally
    local -a values=("a b" "it's" '"q"' "\$(touch $mark)" "\`touch $mark\`" $'x\ny' "x;touch $mark" "")
    metavar="$(metavar_of "$bin" "$3")"
    for value in "${values[@]}"; do
        run_cmd "$bin" "$opt" "$value" "$SENTINEL"
        n=$((n + 1))
        usage_line "unknown option '$SENTINEL'" || problems+="$(quoted "$value"): status $RC, $(quoted "$ERR"); "
        problems+="$(used_as_given "$bin" "$opt" "$value" "$metavar")"
        n=$((n + 1))
    done
    run_cmd "$bin" "$opt"
    n=$((n + 1))
    usage_line "$opt needs a value" || problems+="no value: status $RC, $(quoted "$ERR"); "
    [[ ! -e "$mark" ]] || problems+="a value was run as a command; "
    N_CASES="$n"
    if [[ -z "$problems" ]]; then
        pass "$label $opt: $n odd texts taken and used as they are, nothing run"
    else
        fail "$label $opt: $n odd texts taken and used as they are, nothing run" "$problems"
    fi
}

# Every option of every binary of the models built without MPI.
hostile_options() {
    local m w bin opt
    for m in $(built_where build cc); do
        for w in $(workloads); do
            bin="$BUILD/$m/$w"
            [[ -x "$bin" ]] || continue
            for opt in $(options_of "$bin"); do
                run_cmd "$bin" "--$opt" abc "$SENTINEL"
                if [[ "$ERR" == *"--$opt: 'abc' is not a whole number"* ]]; then
                    hostile_number "$bin" "$m/$w" "$opt"
                else
                    hostile_string "$bin" "$m/$w" "$opt"
                fi
            done
        done
    done
}

# A few under mpirun: each start costs a second or two, so not the table.
hostile_mpi() {
    local -a opts=(--size --reps --warmup) values=(99999999999999999999 "" $'1\n2')
    local m i
    for m in $(built_where build mpicc); do
        for i in "${!opts[@]}"; do
            expect_usage "$m/pi under mpirun: ${opts[i]} $(quoted "${values[i]}") is refused in one line" \
                "${opts[i]}: " "$ROOT/scripts/run" "$m" pi 2 "${opts[i]}" "${values[i]}"
        done
    done
}

# Worker counts no machine should start: a limit, not a fork bomb.
hostile_workers() {
    local m
    for m in $(built_models); do
        if [[ "$(registry_field "$m" build)" != mpicc ]]; then
            expect_usage "$m/pi --workers 100000: too large (at most 1024)" "too large (at most 1024)" \
                "$BUILD/$m/pi" --workers 100000
        fi
        expect_usage "scripts/run $m pi 100000: too large (at most 1024), nothing started" \
            "too large (at most 1024)" "$ROOT/scripts/run" "$m" pi 100000
    done
    for m in $(built_where launch hybrid); do
        expect_usage "scripts/run $m pi 4 --threads 100000: too large" "too large (at most 1024)" \
            "$ROOT/scripts/run" "$m" pi 4 --threads 100000
    done
    DETAIL="$(leftovers)"
    check "absurd worker counts leave no process behind" [ -z "$(leftovers)" ]
}

# Sizes whose memory no machine has (HUGE_ARGS of tests/workloads/W.sh):
# refused before any allocation, naming the memory needed; never killed.
hostile_memory() {
    local w m tried=0
    for w in $(workloads); do
        load_workload "$w"
        ((${#HUGE_ARGS[@]} > 0)) || continue
        tried=1
        for m in $(built_for "$w"); do
            local -a cmd=("$BUILD/$m/$w")
            if [[ "$(registry_field "$m" build)" == mpicc ]]; then
                cmd=("$ROOT/scripts/run" "$m" "$w" 2)
            elif [[ "$(registry_field "$m" launch)" != plain ]]; then
                cmd+=(--workers 2)
            fi
            run_cmd "${cmd[@]}" "${HUGE_ARGS[@]}"
            if usage_line "needs " "GiB of memory"; then
                pass "$w: $m refuses ${HUGE_ARGS[*]} before allocating, naming the memory"
            else
                fail "$w: $m refuses ${HUGE_ARGS[*]} before allocating, naming the memory" \
                    "status $RC (137: killed)" "$OUT" "$ERR"
            fi
        done
    done
    ((tried)) || skip "sizes beyond the machine's memory" "no tests/workloads/*.sh sets HUGE_ARGS"
}

suite_hostile() {
    CATEGORY=input
    hostile_options
    hostile_mpi
    hostile_workers
    hostile_memory
    check "hostile input ran nothing it was given" [ ! -e "$TEST_TMP/pwned" ]
}
