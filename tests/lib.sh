# tests/lib.sh -- counters and helpers for the test suites (sourced by tests/run).
# shellcheck shell=bash disable=SC2034

PASSED=0
FAILED=0
SKIPPED=0
WANT=()

# Cases by category. A suite sets CATEGORY (fault, input) for the checks
# that follow; tests/run clears it before each suite and prints the counts
# before its last line. A check that covers several cases at once sets
# N_CASES to their number first, as it sets DETAIL.
CATEGORY=""
N_CASES=""
declare -A CASES=([fault]=0 [input]=0)

# Counts the cases of the check that just ended in CATEGORY, if any.
count_cases() {
    if [[ -n "$CATEGORY" ]]; then CASES[$CATEGORY]=$((${CASES[$CATEGORY]:-0} + ${N_CASES:-1})); fi
    N_CASES=""
}

# Prints "fault cases: N, input cases: N" (and any other category).
case_summary() {
    local c line="" sep=""
    for c in $(printf '%s\n' "${!CASES[@]}" | sort); do
        line+="$sep$c cases: ${CASES[$c]}"
        sep=", "
    done
    printf '%s\n' "$line"
}

pass() {
    PASSED=$((PASSED + 1))
    count_cases
    printf 'ok    %s\n' "$1"
}

# fail NAME [DETAIL...]: counts a failure and prints its details indented.
fail() {
    FAILED=$((FAILED + 1))
    count_cases
    printf 'FAIL  %s\n' "$1"
    shift
    local line
    for line in "$@"; do
        while IFS= read -r l; do printf '      %s\n' "$l"; done <<<"$line"
    done
}

skip() {
    SKIPPED=$((SKIPPED + 1))
    printf 'skip  %s (%s)\n' "$1" "$2"
}

# check NAME COMMAND...: pass if the one command succeeds. For compound
# conditions write: if [[ ... ]]; then pass NAME; else fail NAME DETAIL; fi
check() {
    local name="$1"
    shift
    if "$@"; then pass "$name"; else fail "$name" "${DETAIL:-}"; fi
    DETAIL=""
}

# run_cmd CMD...: runs CMD with a time limit; sets OUT, ERR and RC.
run_cmd() {
    RC=0
    timeout --kill-after=5 "${TEST_TIMEOUT:-120}" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err" || RC=$?
    OUT="$(<"$TEST_TMP/out")"
    ERR="$(<"$TEST_TMP/err")"
}

# line_count TEXT: prints the number of lines of TEXT (0 if it is empty).
line_count() {
    local newlines="${1//[^$'\n']/}"
    if [[ -z "$1" ]]; then echo 0; else echo $((${#newlines} + 1)); fi
}

# expect_usage NAME NEEDLE CMD...: CMD exits 2 with one stderr line holding NEEDLE.
expect_usage() {
    local name="$1" needle="$2"
    shift 2
    run_cmd "$@"
    local lines
    lines="$(line_count "$ERR")"
    if [[ "$RC" == 2 && -z "$OUT" && "$lines" == 1 && "$ERR" == *"$needle"* ]]; then
        pass "$name"
    else
        fail "$name" "status $RC, $lines stderr lines, wanted '$needle'" "stdout: $OUT" "stderr: $ERR"
    fi
}

# expect_verified NAME REF CMD...: CMD exits 0 and prints result lines that
# all say verified=yes, checksum=REF exactly, and each KEY=VALUE of the
# array WANT (which it then empties). OUT and ERR stay for more checks.
expect_verified() {
    local name="$1" ref="$2" line kv problems="" n=0
    shift 2
    run_cmd "$@"
    [[ "$RC" == 0 ]] || problems+="exit status $RC; "
    while IFS= read -r line; do
        [[ "$line" == workload=* ]] || continue
        n=$((n + 1))
        [[ "$(field verified "$line")" == yes ]] || problems+="not verified; "
        [[ "$(field checksum "$line")" == "$ref" ]] ||
            problems+="checksum $(field checksum "$line" || true) is not $ref; "
        for kv in "${WANT[@]}"; do
            [[ "$(field "${kv%%=*}" "$line")" == "${kv#*=}" ]] || problems+="no $kv; "
        done
    done <<<"$OUT"
    ((n > 0)) || problems+="no result line; "
    WANT=()
    if [[ -z "$problems" ]]; then pass "$name"; else fail "$name" "$problems" "$OUT" "$ERR"; fi
}

# expect_match NAME REF RTOL MODEL WORKLOAD WORKERS [ARGS...]: the run (by
# scripts/run) exits 0 and every result line is verified, with a checksum
# within RTOL of REF (exactly, when RTOL is 0).
expect_match() {
    local name="$1" ref="$2" rtol="$3" line problems=""
    shift 3
    run_cmd "$ROOT/scripts/run" "$@"
    [[ "$RC" == 0 ]] || problems+="exit status $RC; "
    [[ "$OUT" == workload=* ]] || problems+="no result line; "
    while IFS= read -r line; do
        [[ -n "$line" ]] || continue
        [[ "$(field verified "$line")" == yes ]] || problems+="not verified; "
        same_checksum "$(field checksum "$line")" "$ref" "$rtol" ||
            problems+="checksum $(field checksum "$line") is not $ref; "
    done <<<"$OUT"
    if [[ -z "$problems" ]]; then pass "$name"; else fail "$name" "$problems" "$OUT" "$ERR"; fi
}

# expect_positive NAME KEYS CMD...: CMD exits 0 and its first result line
# holds each of the space-separated KEYS with a value above 0.
expect_positive() {
    local name="$1" keys="$2" key value problems=""
    shift 2
    run_cmd "$@"
    [[ "$RC" == 0 ]] || problems+="exit status $RC; "
    for key in $keys; do
        value="$(field "$key" "${OUT%%$'\n'*}" || true)"
        awk -v v="$value" 'BEGIN { exit !(v + 0 > 0) }' || problems+="$key='$value'; "
    done
    if [[ -z "$problems" ]]; then pass "$name"; else fail "$name" "$problems" "$OUT" "$ERR"; fi
}

# expect_presets WORKLOAD: scripts/presets/WORKLOAD defines SMALL, DEFAULT
# and LARGE, and the plain model's binary verifies with SMALL.
expect_presets() {
    local name="$1: scripts/presets/$1 has SMALL, DEFAULT and LARGE; SMALL verifies"
    local -a SMALL=() DEFAULT=() LARGE=()
    # shellcheck source=/dev/null
    source "$ROOT/scripts/presets/$1"
    run_cmd "$BUILD/$(plain_model)/$1" "${SMALL[@]}" --warmup 0 --reps 1
    if ((${#SMALL[@]} && ${#DEFAULT[@]} && ${#LARGE[@]})) && [[ "$RC" == 0 ]] &&
        [[ "$OUT" == *verified=yes* ]]; then
        pass "$name"
    else
        fail "$name" "SMALL=(${SMALL[*]}) DEFAULT=(${DEFAULT[*]}) LARGE=(${LARGE[*]}); status $RC" "$ERR"
    fi
}

# first_checksum MODEL WORKLOAD WORKERS [ARGS...]: prints the checksum of the
# first result line of a run that exits 0, else nothing.
first_checksum() {
    run_cmd "$ROOT/scripts/run" "$@"
    [[ "$RC" == 0 ]] || return 0
    field checksum "$(printf '%s\n' "$OUT" | head -n 1)" || true
}

# field KEY LINE: prints the value of KEY=value in a result line.
field() {
    local kv
    for kv in $2; do
        if [[ "$kv" == "$1="* ]]; then
            printf '%s\n' "${kv#*=}"
            return 0
        fi
    done
    return 1
}

# same_checksum A B RTOL: integers exactly when RTOL is 0, else relatively.
same_checksum() {
    if [[ "$3" == 0 ]]; then
        [[ "$1" == "$2" ]]
    else
        awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN {
            d = a - b; if (d < 0) d = -d
            m = (a < 0 ? -a : a); n = (b < 0 ? -b : b); if (n > m) m = n
            exit !(d <= t * m) }'
    fi
}

# ---- the model registry ----------------------------------------------------

# The models are the lines of the registry (models.conf, or the file
# PARBENCH_REGISTRY names), read once, strictly, by the Makefile's reader
# (tools/registry.awk): REGISTRY_LINES holds "name dir build flags launch
# colour point checks" a model, in order. A malformed registry stops the
# test run with its reason (exit 2).
REGISTRY="${PARBENCH_REGISTRY:-$ROOT/models.conf}"
REGISTRY_COLUMNS=(name dir build flags launch colour point checks)
REGISTRY_LINES=()
if ! REGISTRY_TEXT="$(awk -f "$ROOT/tools/registry.awk" "$REGISTRY")"; then
    echo "tests: $REGISTRY is not a model registry (the line above says why)" >&2
    exit 2
fi
mapfile -t REGISTRY_LINES <<<"$REGISTRY_TEXT"

# column_index COLUMN: prints the 0-based index of a registry column, given
# by name (build, launch, checks, ...) or number (1-8); fails if none.
column_index() {
    local i
    if [[ "$1" =~ ^[1-8]$ ]]; then
        echo $(($1 - 1))
        return 0
    fi
    for i in "${!REGISTRY_COLUMNS[@]}"; do
        if [[ "${REGISTRY_COLUMNS[i]}" == "$1" ]]; then
            echo "$i"
            return 0
        fi
    done
    echo "tests: no registry column '$1'" >&2
    return 1
}

# registry_models: prints every model of the registry, one a line, in order.
registry_models() {
    local line
    for line in "${REGISTRY_LINES[@]}"; do printf '%s\n' "${line%% *}"; done
}

# registry_field MODEL COLUMN: prints MODEL's COLUMN; fails for a model
# that is not in the registry.
registry_field() {
    local line i
    local -a f
    i="$(column_index "$2")" || return 1
    for line in "${REGISTRY_LINES[@]}"; do
        read -ra f <<<"$line"
        if [[ "${f[0]}" == "$1" ]]; then
            printf '%s\n' "${f[i]}"
            return 0
        fi
    done
    return 1
}

# registry_where COLUMN VALUE...: prints the models, in registry order,
# whose COLUMN is one of the VALUEs; for the list columns (flags, checks),
# whose list holds one of them. E.g. registry_where build mpicc.
registry_where() {
    local i line item value
    local -a f
    i="$(column_index "$1")" || return 1
    shift
    for line in "${REGISTRY_LINES[@]}"; do
        read -ra f <<<"$line"
        for item in ${f[i]//,/ }; do
            for value; do
                if [[ "$item" == "$value" ]]; then
                    printf '%s\n' "${f[0]}"
                    continue 3
                fi
            done
        done
    done
}

# first_line: prints the first line of its input, and reads the rest, so
# that the command writing it is not killed by SIGPIPE (with pipefail, a
# failed pipeline, and an assignment from it would end the test run).
first_line() {
    local line
    IFS= read -r line || return 0
    printf '%s\n' "$line"
    while IFS= read -r line; do :; done
}

# models_where COLUMN VALUE...: the same as registry_where.
models_where() {
    registry_where "$@"
}

# first_where COLUMN VALUE...: prints the registry's first model whose
# COLUMN is one of the VALUEs, built or not (a test of its binary then
# fails rather than passes).
first_where() {
    registry_where "$@" | first_line
}

# Lists the models built in $BUILD, of the registry's (in its order) or of
# those in PARBENCH_MODELS.
built_models() {
    local m
    for m in ${PARBENCH_MODELS:-$(registry_models)}; do
        [[ -d "$BUILD/$m" ]] && printf '%s\n' "$m"
    done
    return 0
}

# built_for WORKLOAD: the built models (built_models) that implement
# WORKLOAD (with_binary).
built_for() {
    built_models | with_binary "$1"
}

# with_binary WORKLOAD: passes on the models of its input (one a line) that
# have build/MODEL/WORKLOAD. A model need not implement every workload (the
# Python models have no triad or stencil): one that does not is left out
# of that workload's tests, never failed.
with_binary() {
    local m
    while IFS= read -r m; do
        if [[ -n "$m" && -x "$BUILD/$m/$1" ]]; then printf '%s\n' "$m"; fi
    done
}

# has_model MODEL: succeeds if MODEL is built and among built_models.
has_model() {
    [[ -d "$BUILD/$1" ]] && [[ " $(built_models | tr '\n' ' ') " == *" $1 "* ]]
}

# built_where COLUMN VALUE...: prints the built models (built_models), in
# registry order, whose COLUMN is one of the VALUEs (as registry_where).
built_where() {
    local m built
    built=" $(built_models | tr '\n' ' ') "
    for m in $(registry_where "$@"); do
        if [[ "$built" == *" $m "* ]]; then printf '%s\n' "$m"; fi
    done
}

# plain_model: prints the model launched plain: the baseline every other
# model's answer is checked against.
plain_model() {
    registry_where launch plain
}

# workers_for MODEL P: prints P, or 1 for the plain model (it runs 1 worker).
workers_for() {
    if [[ "$(registry_field "$1" launch)" == plain ]]; then echo 1; else echo "$2"; fi
}

# Lists the workloads (common/workloads/*.c).
workloads() {
    local f
    for f in "$ROOT"/common/workloads/*.c; do basename "$f" .c; done
}

# Loads the test arguments of a workload: ARGS (array), RTOL, and
# HUGE_ARGS (array; empty if none): arguments whose memory no machine has.
load_workload() {
    ARGS=()
    RTOL=0
    HUGE_ARGS=()
    # shellcheck source=/dev/null
    source "$ROOT/tests/workloads/$1.sh"
}

# ---- cleaning up, and a disk that fills -----------------------------------

# Functions that tests/run calls as it exits, however it exits.
AT_EXIT=()

# at_exit FUNCTION: calls FUNCTION when the test run ends.
at_exit() {
    AT_EXIT+=("$1")
}

run_at_exit() {
    local f
    for f in "${AT_EXIT[@]}"; do "$f" || true; done
}

MOUNTS=()

# mount_tmpfs DIR BYTES: mounts a tmpfs of BYTES at DIR (made if missing),
# unmounted when the test run ends. Fails, with the reason in WHY_NOT,
# where that is not allowed (not root, no mount in a container).
mount_tmpfs() {
    WHY_NOT=""
    if [[ "$(id -u)" != 0 ]]; then
        WHY_NOT="mounting a tmpfs needs root"
        return 1
    fi
    mkdir -p "$1"
    if ! mount -t tmpfs -o "size=$2,mode=0755" parbench-test "$1" 2>"$TEST_TMP/mount.err"; then
        WHY_NOT="cannot mount a tmpfs here: $(head -n 1 "$TEST_TMP/mount.err")"
        return 1
    fi
    if ((${#MOUNTS[@]} == 0)); then at_exit unmount_all; fi
    MOUNTS+=("$1")
}

unmount_all() {
    local d
    for d in "${MOUNTS[@]}"; do umount "$d" 2>/dev/null || umount -l "$d" 2>/dev/null || true; done
    MOUNTS=()
}

# fill_disk DIR: fills the tmpfs mounted at DIR to its last byte. It checks
# that DIR is a mount point first, and writes at most 64 MiB.
fill_disk() {
    mountpoint -q "$1" || return 1
    dd if=/dev/zero of="$1/fill" bs=4k count=16384 2>/dev/null || true
}

# ---- processes left behind -------------------------------------------------

# Every process the tests start carries PARBENCH_TEST_TAG in its
# environment, unique to this test run; a test run started by a test gets
# a tag that begins with its parent's and a "/". leftovers and zombies look
# only at processes with it: what this run started, and what those
# started, never another test run's processes or anyone else's.
export PARBENCH_TEST_TAG="${PARBENCH_TEST_TAG:+$PARBENCH_TEST_TAG/}parbench-test-$$-${EPOCHREALTIME/[.,]/}"

# proc_tagged PID: succeeds if process PID's environment holds this test
# run's tag (or one made from it). Reads /proc with builtins only, so that
# looking starts no tagged process of its own.
proc_tagged() {
    local kv
    while IFS= read -r -d '' kv; do
        if [[ "$kv" == "PARBENCH_TEST_TAG=$PARBENCH_TEST_TAG" ||
            "$kv" == "PARBENCH_TEST_TAG=$PARBENCH_TEST_TAG/"* ]]; then
            return 0
        fi
    done 2>/dev/null <"/proc/$1/environ"
    return 1
}

# proc_args PID: prints the command line of process PID on one line, cut
# at 160 characters.
proc_args() {
    local a line=""
    while IFS= read -r -d '' a; do line+="${line:+ }$a"; done 2>/dev/null <"/proc/$1/cmdline"
    line="${line//$'\n'/ }"
    ((${#line} <= 160)) || line="${line:0:157}..."
    printf '%s\n' "$line"
}

# proc_list: prints "PID PPID STATE" of every process, from /proc/*/stat.
proc_list() {
    local stat line pid ppid state
    for stat in /proc/[0-9]*/stat; do
        IFS= read -r line 2>/dev/null <"$stat" || continue
        pid="${stat#/proc/}"
        # the fields after the command name, which may hold blanks and ')'
        read -r state ppid _ <<<"${line##*) }"
        printf '%s %s %s\n' "${pid%/stat}" "$ppid" "$state"
    done
}

# no_proc: prints why processes cannot be listed, if they cannot: a check
# that needs the list then fails instead of passing on an empty one.
no_proc() {
    [[ -r /proc/self/stat && -r /proc/self/environ ]] ||
        echo "cannot list processes: /proc is not readable here"
}

# child_pids PID: prints the PIDs of the children of process PID.
child_pids() {
    local pid ppid state
    while read -r pid ppid state; do
        if [[ "$ppid" == "$1" ]]; then printf '%s\n' "$pid"; fi
    done < <(proc_list)
}

# Lists the processes this test run started that are still running (PID
# and command line), and the zombies they have not reaped; or says why it
# cannot tell. Empty when nothing is left.
leftovers() {
    local pid ppid state
    if [[ -n "$(no_proc)" ]]; then no_proc; return 0; fi
    while read -r pid ppid state; do
        if [[ "$state" != Z ]] && proc_tagged "$pid"; then
            printf '%s %s\n' "$pid" "$(proc_args "$pid")"
        fi
    done < <(proc_list)
    zombies
}

# Lists zombie processes whose parent this test run started: workers that
# were never reaped (a zombie's own environment can no longer be read); or
# says why it cannot tell.
zombies() {
    local pid ppid state
    if [[ -n "$(no_proc)" ]]; then no_proc; return 0; fi
    while read -r pid ppid state; do
        if [[ "$state" == Z ]] && proc_tagged "$ppid"; then
            printf '%s (zombie of %s %s)\n' "$pid" "$ppid" "$(proc_args "$ppid")"
        fi
    done < <(proc_list)
}
