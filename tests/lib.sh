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
# and LARGE, and the serial binary verifies with SMALL.
expect_presets() {
    local name="$1: scripts/presets/$1 has SMALL, DEFAULT and LARGE; SMALL verifies"
    local -a SMALL=() DEFAULT=() LARGE=()
    # shellcheck source=/dev/null
    source "$ROOT/scripts/presets/$1"
    run_cmd "$BUILD/serial/$1" "${SMALL[@]}" --warmup 0 --reps 1
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

# Lists the models built in $BUILD, or those in PARBENCH_MODELS.
built_models() {
    local m
    for m in ${PARBENCH_MODELS:-serial pthreads fork openmp mpi hybrid}; do
        [[ -d "$BUILD/$m" ]] && printf '%s\n' "$m"
    done
    return 0
}

has_model() {
    [[ -d "$BUILD/$1" ]] && [[ " ${PARBENCH_MODELS:-$1} " == *" $1 "* ]]
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

# Lists processes still running a binary of the build tree, and zombies
# that one of them (or a launcher) left unreaped.
leftovers() {
    pgrep -af "$BUILD/(serial|pthreads|fork|openmp|mpi|hybrid)/" | grep -v pgrep || true
    zombies
}

# Lists zombie processes whose parent is a binary of the build tree or an
# MPI launcher: workers that were never reaped.
zombies() {
    ps -eo pid=,ppid=,stat=,args= 2>/dev/null | awk -v build="$BUILD/" '
        { pid[NR] = $1; ppid[NR] = $2; stat[NR] = $3; line[NR] = $0
          args = $0; sub(/^ *[0-9]+ +[0-9]+ +[^ ]+ +/, "", args)
          if (index(args, build) || args ~ /(^|\/)(mpirun|mpiexec|orterun|prterun|prted|orted)( |$)/)
              parent[$1] = 1 }
        END { for (i = 1; i <= NR; i++) if (stat[i] ~ /^Z/ && (ppid[i] in parent)) print line[i] }' || true
}
