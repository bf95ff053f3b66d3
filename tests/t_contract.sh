# shellcheck shell=bash disable=SC2034
# The contract every binary keeps (README, "The contract every binary
# keeps"), by class, each class a table: a new case of a class is one more
# line in its table.
#   team    a binary runs the team it reports, or fails: status 3, one line
#   output  a result line that cannot be written fails the run: status 3
#   paths   --image writes a regular file whole, writes through a character
#           device, keeps a symbolic link, and refuses what it cannot write
#   limits  --check validates as a run would, then exits 0 and runs nothing

# one_line_error STATUS NEEDLE...: the last run (run_cmd) exited STATUS with
# nothing on stdout and one stderr line holding every NEEDLE.
one_line_error() {
    local status="$1" needle
    shift
    [[ "$RC" == "$status" && -z "$OUT" && -n "$ERR" && "$ERR" != *$'\n'* ]] || return 1
    for needle; do [[ "$ERR" == *"$needle"* ]] || return 1; done
}

# ---- team: NAME=VALUE in the environment|what the message names|extra args --
# Run under scripts/run with 4 workers in every model built with OpenMP
# (hybrid: 2 ranks x 2 threads), every workload; the runtime gives 1 thread.
readonly TEAM_CASES=(
    "OMP_THREAD_LIMIT=1|OMP_THREAD_LIMIT|"
    "OMP_MAX_ACTIVE_LEVELS=0|OMP_MAX_ACTIVE_LEVELS|"
    "OMP_THREAD_LIMIT=1|OMP_THREAD_LIMIT|--check"
)

contract_team() {
    local m w case_ env needle extra problems
    local -a more
    for m in $(built_where flags -fopenmp); do
        for case_ in "${TEAM_CASES[@]}"; do
            IFS='|' read -r env needle extra <<<"$case_"
            read -ra more <<<"$extra"
            problems=""
            for w in $(workloads); do
                load_workload "$w"
                run_cmd env "$env" "$ROOT/scripts/run" "$m" "$w" 4 "${ARGS[@]}" --reps 1 "${more[@]}"
                one_line_error 3 "asked for" "$needle" || problems+="$w: status $RC, stdout '$OUT', stderr '$ERR'; "
            done
            if [[ -z "$problems" ]]; then
                pass "team: $m with $env${extra:+ and $extra}: every workload exits 3, one line naming it"
            else
                fail "team: $m with $env${extra:+ and $extra}: every workload exits 3, one line naming it" \
                    "$problems"
            fi
        done
    done
}

# ---- output: where stdout goes|what it is ('-': closed) --------------------
# Every model's pi, the binary alone and under scripts/run (2 workers where
# the model has more than one), must end with status 3 and one line.
readonly OUTPUT_CASES=(
    "/dev/full|a full disk"
    "-|a closed stdout"
)

# run_lost TO CMD...: runs CMD (as run_cmd does) with stdout to TO, or
# closed when TO is '-'.
run_lost() {
    local to="$1"
    shift
    RC=0
    OUT=""
    if [[ "$to" == - ]]; then
        timeout --kill-after=5 "${TEST_TIMEOUT:-120}" "$@" >&- 2>"$TEST_TMP/err" || RC=$?
    else
        timeout --kill-after=5 "${TEST_TIMEOUT:-120}" "$@" >"$to" 2>"$TEST_TMP/err" || RC=$?
    fi
    ERR="$(<"$TEST_TMP/err")"
}

contract_output() {
    local m case_ to what p name
    for m in $(built_models); do
        p="$(workers_for "$m" 2)"
        for case_ in "${OUTPUT_CASES[@]}"; do
            to="${case_%%|*}" what="${case_#*|}"
            name="output: $m/pi alone, to $what: exit 3, one line 'cannot write the result line'"
            run_lost "$to" "$BUILD/$m/pi" --size 100000 --reps 2
            if one_line_error 3 "cannot write the result line"; then pass "$name"; else
                fail "$name" "status $RC" "stderr: $ERR"; fi
            name="output: $m/pi under scripts/run, $p workers, to $what: exit 3, one line 'cannot write the result line'"
            run_lost "$to" "$ROOT/scripts/run" "$m" pi "$p" --size 100000 --reps 2
            if one_line_error 3 "cannot write the result line"; then pass "$name"; else
                fail "$name" "status $RC" "stderr: $ERR"; fi
        done
    done
}

# ---- paths: what --image names|how it is made|who runs|status|what it stays -
# SETUP is a function below that makes the target in a fresh directory and
# prints its path. AS is root or nobody. STAYS is a test(1) flag the path
# must still pass afterwards. A run that exits 0 must leave a whole PGM
# wherever the path leads to a regular file; one that exits 2 leaves the
# target as it was, in one stderr line.
# As root, a binary that replaced a device would replace the machine's
# /dev/null: root writes to a node of its own, of the same device.
readonly PATH_CASES=(
    "a character device (a /dev/null node) is written through|null_node|root|0|-c"
    "a character device (/dev/null) is written through by a user who cannot replace it|dev_null|nobody|0|-c"
    "a FIFO is refused at once (no hang), and stays a FIFO|fifo|root|2|-p"
    "a socket is refused, and stays a socket|unix_socket|root|2|-S"
    "a symbolic link stays a link; its target is replaced whole|symlink|root|0|-L"
    "a regular file is replaced whole|regular|root|0|-f"
)

path_dev_null() { echo /dev/null; }
path_null_node() { mknod -m 666 "$1/null" c 1 3 2>/dev/null && echo "$1/null"; }
path_fifo() { mkfifo "$1/picture.pgm" && echo "$1/picture.pgm"; }
path_symlink() {
    echo old >"$1/target.pgm" && ln -s target.pgm "$1/picture.pgm" && echo "$1/picture.pgm"
}
path_regular() { echo old >"$1/picture.pgm" && echo "$1/picture.pgm"; }
path_unix_socket() {
    command -v python3 >/dev/null || return 1
    python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \
        "$1/picture.pgm" && echo "$1/picture.pgm"
}

# whole_pgm FILE N: FILE is a binary PGM of N x N pixels, all there.
whole_pgm() {
    local header="P5"$'\n'"$2 $2"$'\n'"255"$'\n'
    [[ -f "$1" && "$(head -c 2 "$1")" == P5 ]] &&
        (($(stat -L -c %s "$1") == ${#header} + $2 * $2))
}

# as_user WHO: prints, one word a line, the command prefix that runs a
# command as root (as it is: nothing) or as nobody.
as_user() {
    if [[ "$1" == nobody ]]; then
        printf '%s\n' setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/tmp
    fi
}

contract_paths() {
    local w m case_ name setup who status stays dir path problems n=37 i=0
    local -a user
    for w in $(workloads); do
        "$BUILD/$(plain_model)/$w" --help 2>/dev/null | grep -q '^  --image ' || continue
        for m in $(built_for "$w"); do
            for case_ in "${PATH_CASES[@]}"; do
                IFS='|' read -r name setup who status stays <<<"$case_"
                name="paths: $m/$w --image: $name"
                if [[ "$who" == nobody ]] && { [[ "$(id -u)" != 0 ]] || ! command -v setpriv >/dev/null; }; then
                    skip "$name" "needs root and setpriv"
                    continue
                fi
                i=$((i + 1))
                dir="$TEST_TMP/paths-$i"
                mkdir -p "$dir"
                chmod 755 "$dir"
                if ! path="$("path_$setup" "$dir")"; then
                    skip "$name" "cannot make the target"
                    continue
                fi
                mapfile -t user < <(as_user "$who")
                TEST_TIMEOUT=30 run_cmd "${user[@]}" "$ROOT/scripts/run" "$m" "$w" 1 \
                    --size "$n" --max-iter 100 --reps 1 --image "$path"
                problems=""
                [[ "$RC" == "$status" ]] || problems+="status $RC, not $status; "
                if [[ "$status" == 0 ]]; then
                    [[ "$OUT" == *verified=yes* ]] || problems+="no verified result line; "
                    if [[ -f "$path" ]]; then whole_pgm "$path" "$n" || problems+="not a whole PGM; "; fi
                else
                    one_line_error "$status" "--image" || problems+="not one line on stderr; "
                fi
                test "$stays" "$path" || problems+="it is no longer 'test $stays'; "
                [[ -z "$(find "$dir" -name '*.pgm.*')" ]] || problems+="a temporary file is left; "
                if [[ -z "$problems" ]]; then pass "$name"; else fail "$name" "$problems" "$ERR"; fi
            done
        done
    done
    check "paths: /dev/null is still a character device" test -c /dev/null
}

# ---- limits: status|what stderr names|environment|ulimit -v|workload|args -
# Each with --check first (a parser that knows no --check stops there), for every model: the binary alone, and under
# scripts/run. Status 0 means silence, and nothing run (PARBENCH_FAULT=hang:0
# hangs the first worker that starts; pi at 10^12 intervals would take
# minutes; no picture is written). The others are refused in one line.
readonly LIMIT_CASES=(
    "0||PARBENCH_FAULT=hang:0|unlimited|pi|--size 1000000000000"
    "0||PARBENCH_FAULT=hang:0|unlimited|mandelbrot|--size 2000 --schedule static --image $TEST_TMP/check.pgm"
    "2|--size: '2000000000000' is too large|-|unlimited|pi|--size 2000000000000"
    "2|--reps: '0' is too small|-|unlimited|pi|--reps 0"
    "2|GiB of memory|-|unlimited|triad|--size 100000000000"
    "2|its ulimit allows|-|4194304|triad|--size 300000000"
    "2|--schedule: 'sideways'|-|unlimited|mandelbrot|--schedule sideways"
    "2|is a directory|-|unlimited|mandelbrot|--image /"
    "2|--items: item 2|-|unlimited|sleep|--items 1,x"
    "2|the grid needs at least 3 x 3 points|-|unlimited|stencil|--size 2"
)

# The command prefix that runs a command under ulimit -v $1, with $2
# (NAME=VALUE, or '-' for nothing more) in its environment.
# shellcheck disable=SC2016 # expanded by the inner bash
readonly LIMITED=(bash -c 'ulimit -v "$1" || exit 125
    if [[ "$2" != - ]]; then export "${2?}"; fi
    shift 2
    exec "$@"' limited)

contract_limits() {
    local m case_ status needle env vmem w words how problems name
    local -a argv
    for m in $(built_models); do
        for case_ in "${LIMIT_CASES[@]}"; do
            IFS='|' read -r status needle env vmem w words <<<"$case_"
            [[ -x "$BUILD/$m/$w" ]] || continue # a workload the model does not implement
            read -ra argv <<<"$words"
            problems=""
            for how in alone scripts/run; do
                if [[ "$how" == alone ]]; then
                    TEST_TIMEOUT=30 run_cmd "${LIMITED[@]}" "$vmem" "$env" "$BUILD/$m/$w" --check "${argv[@]}"
                else
                    TEST_TIMEOUT=30 run_cmd "${LIMITED[@]}" "$vmem" "$env" "$ROOT/scripts/run" "$m" "$w" \
                        "$(workers_for "$m" 2)" --check "${argv[@]}"
                fi
                if [[ "$ERR" == *"ReserveShadowMemoryRange failed"* ]]; then
                    problems="skip" # AddressSanitizer cannot start under ulimit -v
                    break
                elif [[ "$status" == 0 ]]; then
                    [[ "$RC" == 0 && -z "$OUT" && -z "$ERR" ]] ||
                        problems+="$how: status $RC, stdout '$OUT', stderr '$ERR'; "
                else
                    one_line_error "$status" "$needle" ||
                        problems+="$how: status $RC, stdout '$OUT', stderr '$ERR'; "
                fi
            done
            name="limits: $m/$w --check $words"
            [[ "$env" == - ]] || name+=" with $env"
            [[ "$vmem" == unlimited ]] || name+=" under ulimit -v $vmem"
            name+=": "
            if [[ "$status" == 0 ]]; then name+="exit 0, silent, nothing run"
            else name+="exit $status, one line '$needle'"; fi
            if [[ "$problems" == skip ]]; then skip "$name" "AddressSanitizer cannot start under ulimit -v"
            elif [[ -z "$problems" ]]; then pass "$name"
            else fail "$name" "$problems"; fi
        done
    done
    check "limits: --check wrote no picture" test ! -e "$TEST_TMP/check.pgm"
    # --check is in every binary's --help (the shared option table)
    local bin missing
    for m in $(built_models); do
        missing=""
        for w in $(workloads); do
            bin="$BUILD/$m/$w"
            [[ -x "$bin" ]] || continue # a workload the model does not implement
            "$bin" --help 2>/dev/null | grep -q '^  --check ' || missing+=" $w"
        done
        check "limits: every $m binary's --help lists --check${missing:+ (not:$missing)}" [ -z "$missing" ]
    done
}

suite_contract() {
    contract_team
    contract_output
    contract_paths
    contract_limits
}
