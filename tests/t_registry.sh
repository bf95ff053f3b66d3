# shellcheck shell=bash disable=SC2034,SC2016
# The model registry (models.conf) is read strictly by scripts/run and the
# Makefile alike; scripts/run answers --shape and --mpi-flavour for the
# sweep; a launcher that fails is named as such, never as a signal; the
# build records the registry; and two makes on one tree do not break each
# other.

# registry_copy NAME LINE...: writes DIR/models.conf, a copy of the registry
# with the LINEs appended, in a directory of its own, and prints its path.
registry_copy() {
    local dir="$TEST_TMP/$1"
    shift
    mkdir -p "$dir"
    cat "$REGISTRY" >"$dir/models.conf"
    if (($# > 0)); then printf '%s\n' "$@" >>"$dir/models.conf"; fi
    printf '%s\n' "$dir/models.conf"
}

# LINE|WHAT THE MESSAGE SAYS: lines appended to a copy of the registry,
# each of which the registry's readers refuse, naming its line.
readonly BAD_LINES=(
    "extra extra cc - threads #123456 3|7 columns, not 8"
    "extra extra cc - threads #123456 3 - stray|9 columns, not 8"
    "Extra extra cc - threads #123456 3 -|'Extra' is not a model name"
    "extra ../x cc - threads #123456 3 -|'../x' is not a directory name"
    "extra extra gcc - threads #123456 3 -|build 'gcc' is not one of cc, mpicc"
    "extra extra cc -pthread,,-O2 threads #123456 3 -|flags '-pthread,,-O2' are not compiler flags"
    "extra extra cc - cuda #123456 3 -|launch 'cuda' is not one of"
    "extra extra cc - threads 123456 3 -|colour '123456' is not #rrggbb"
    "extra extra cc - threads #123456 x -|point type 'x' is not a number"
    "extra extra cc - threads #123456 3 msan|checks 'msan' are not among"
)

# registry_refusals: every bad line, and a second baseline and a model
# listed twice, are refused by scripts/run (exit 2, one line naming the
# file and line) and by make (naming them too), and nothing is run.
registry_refusals() {
    local case_ line needle copy n first
    first="$(registry_first_line)"
    for case_ in "${BAD_LINES[@]}" "$first|model '${first%% *}' is listed twice" \
        "extra extra cc - plain #123456 3 -|needs exactly one model with launch 'plain'"; do
        line="${case_%|*}" needle="${case_##*|}"
        copy="$(registry_copy bad "$line")"
        n="$(wc -l <"$copy")"
        [[ "$needle" == needs* ]] || needle="models.conf:$n: $needle"
        expect_usage "registry: scripts/run refuses '$line' in one line" "$needle" \
            env PARBENCH_REGISTRY="$copy" "$ROOT/scripts/run" "$(plain_model)" pi 1 --size 1000
        expect_usage "registry: scripts/run --shape refuses it too" "$needle" \
            env PARBENCH_REGISTRY="$copy" "$ROOT/scripts/run" --shape "$(plain_model)" 1
        run_cmd make -s --no-print-directory -C "$ROOT" REGISTRY="$copy" help
        DETAIL="status $RC; $ERR"
        check "registry: make refuses it, naming the line" eval '[[ "$RC" != 0 && "$ERR" == *"$needle"* ]]'
    done
    copy="$(registry_copy hostile "x\$(touch $TEST_TMP/pwned) extra cc - threads #123456 3 -")"
    expect_usage "registry: shell text in a line is refused, not run" "models.conf:" \
        env PARBENCH_REGISTRY="$copy" "$ROOT/scripts/run" "$(plain_model)" pi 1
    check "registry: nothing in the registry was run" [ ! -e "$TEST_TMP/pwned" ]
    copy="$(registry_copy good "extra extra cc - threads #123456 3 -   # a comment after the columns")"
    run_cmd env PARBENCH_REGISTRY="$copy" "$ROOT/scripts/run" --shape extra 3
    DETAIL="status $RC; $OUT $ERR"
    check "registry: a comment after the eighth column is a comment" [ "$OUT" == "1 3" ]
    run_cmd env PARBENCH_REGISTRY="$TEST_TMP/none.conf" "$ROOT/scripts/run" --shape "$(plain_model)" 1
    DETAIL="status $RC; $ERR"
    check "registry: a missing registry is named" eval '[[ "$RC" == 2 && "$ERR" == *"cannot read the model registry"* ]]'
}

# Prints the registry's first model line as it is in the file.
registry_first_line() {
    awk '$1 !~ /^#/ && NF { print; exit }' "$REGISTRY"
}

# shape_wanted MODEL WORKERS: prints the "RANKS THREADS" the registry's
# launch column means for MODEL at WORKERS (hybrid: 2 threads when WORKERS
# is even), as README and scripts/run --help state it.
shape_wanted() {
    case "$(registry_field "$1" launch)" in
        plain | procs) echo "1 1" ;;
        threads | openmp) echo "1 $2" ;;
        mpi) echo "$2 1" ;;
        hybrid) if (($2 % 2 == 0)); then echo "$(($2 / 2)) 2"; else echo "$2 1"; fi ;;
    esac
}

# registry_shapes: --shape for every model of the registry, refusals of
# what no run could start, and the ranks and threads MPI binaries report.
registry_shapes() {
    local m p want problems=""
    for m in $(registry_models); do
        for p in 1 2 3 4; do
            [[ "$(workers_for "$m" "$p")" == "$p" ]] || continue
            want="$(shape_wanted "$m" "$p")"
            run_cmd "$ROOT/scripts/run" --shape "$m" "$p"
            [[ "$RC" == 0 && "$OUT" == "$want" && -z "$ERR" ]] || problems+="$m $p: '$OUT' (status $RC), not '$want'; "
        done
    done
    DETAIL="$problems"
    check "shape: --shape prints RANKS THREADS of every model at 1-4 workers, as launch says" [ -z "$problems" ]
    for m in $(registry_where launch hybrid); do
        run_cmd "$ROOT/scripts/run" --shape "$m" 4 --threads 4
        check "shape: $m 4 --threads 4 is 1 rank of 4 threads" [ "$RC:$OUT" == "0:1 4" ]
        expect_usage "shape: $m 4 --threads 3 is refused" "not a multiple of --threads 3" \
            "$ROOT/scripts/run" --shape "$m" 4 --threads 3
    done
    for m in $(registry_where launch threads procs openmp mpi | first_line); do
        expect_usage "shape: --threads where there are no threads per rank is refused" "takes no --threads" \
            "$ROOT/scripts/run" --shape "$m" 2 --threads 2
    done
    expect_usage "shape: the plain model at 2 workers is refused" "runs 1 worker" \
        "$ROOT/scripts/run" --shape "$(plain_model)" 2
    expect_usage "shape: an unknown model is refused" "unknown model 'cuda'" "$ROOT/scripts/run" --shape cuda 2
    expect_usage "shape: WORKERS 0 is refused" "not a positive whole number" \
        "$ROOT/scripts/run" --shape "$(plain_model)" 0
    expect_usage "shape: a missing WORKERS is refused" "needs MODEL WORKERS" \
        "$ROOT/scripts/run" --shape "$(plain_model)"
    registry_shapes_run
}

# registry_shapes_run: the ranks= and threads= that the binaries of the
# built MPI models report are the ones --shape prints.
registry_shapes_run() {
    local m p want got
    for m in $(built_where build mpicc); do
        for p in 2 4; do
            want="$("$ROOT/scripts/run" --shape "$m" "$p" 2>&1 || true)"
            run_cmd "$ROOT/scripts/run" "$m" pi "$p" --size 1000 --reps 1
            got="$(field ranks "${OUT%%$'\n'*}" || true) $(field threads "${OUT%%$'\n'*}" || true)"
            DETAIL="status $RC; --shape: '$want'; the run: '$got'; $ERR"
            check "shape: $m at $p workers runs the ranks and threads --shape prints ($want)" \
                eval '[[ "$RC" == 0 && "$got" == "$want" ]]'
        done
    done
}

# fake_mpirun NAME VERSION STATUS: a stand-in launcher, TEST_TMP/NAME, whose
# --version prints VERSION and which otherwise exits STATUS at once.
fake_mpirun() {
    printf '#!/usr/bin/env bash\nif [[ "${1-}" == --version ]]; then printf "%%s\\n" %q; exit 0; fi\nexit %d\n' \
        "$2" "$3" >"$TEST_TMP/$1"
    chmod +x "$TEST_TMP/$1"
}

# registry_flavour: --mpi-flavour names the MPI of $MPIRUN.
registry_flavour() {
    local spec name version want
    for spec in "ompi|mpirun (Open MPI) 4.1.4|openmpi" "hydra|HYDRA build details:|mpich" \
        "intel|Intel(R) MPI Library for Linux* OS|other"; do
        IFS='|' read -r name version want <<<"$spec"
        fake_mpirun "$name" "$version" 0
        MPIRUN="$TEST_TMP/$name" run_cmd "$ROOT/scripts/run" --mpi-flavour
        DETAIL="status $RC; $OUT $ERR"
        check "flavour: '$version' is $want" [ "$RC:$OUT" == "0:$want" ]
    done
    MPIRUN="$TEST_TMP/no-such-mpirun" run_cmd "$ROOT/scripts/run" --mpi-flavour
    check "flavour: a launcher that is not there is other" [ "$RC:$OUT" == "0:other" ]
    expect_usage "flavour: --mpi-flavour takes no argument" "takes no argument" \
        "$ROOT/scripts/run" --mpi-flavour x
}

# launcher_failed NAME NEEDLE ENV...: scripts/run of an MPI model, with the
# environment ENV, fails with a stderr line holding NEEDLE, and says
# nothing of a signal.
launcher_failed() {
    local name="$1" needle="$2" m
    shift 2
    m="$(built_where launch mpi | first_line)"
    TEST_TIMEOUT=60 run_cmd env "$@" "$ROOT/scripts/run" "$m" pi 2 --size 1000 --reps 1
    if [[ "$RC" != 0 && "$ERR" == *"$needle"* && "$ERR" != *"killed by signal"* ]]; then
        pass "$name"
    else
        fail "$name" "status $RC" "$OUT" "$ERR"
    fi
}

# registry_launcher: a launcher that cannot be run, or that fails on its
# own, is named as such; a status that is no signal's is not named as one.
registry_launcher() {
    if [[ -z "$(built_where launch mpi)" ]]; then
        skip "launcher failures" "no model launched mpi is built"
        return
    fi
    launcher_failed "launcher: a missing mpirun is named, status 127, no signal" \
        "the launcher $TEST_TMP/no-such-mpirun could not be run (status 127)" MPIRUN="$TEST_TMP/no-such-mpirun"
    printf 'not a program\n' >"$TEST_TMP/not-executable"
    launcher_failed "launcher: an mpirun that cannot be executed is named, status 126" \
        "could not be run (status 126)" MPIRUN="$TEST_TMP/not-executable"
    fake_mpirun silent "" 255
    launcher_failed "launcher: status 255 (128 + no signal) is not named a signal" "" MPIRUN="$TEST_TMP/silent"
    check "launcher: ... and it keeps its status" [ "$RC" == 255 ]
    if [[ "$("$ROOT/scripts/run" --mpi-flavour)" != openmpi ]]; then
        skip "launcher: mpirun's own error reaches stderr" "MPIRUN is not Open MPI's"
        return
    fi
    launcher_failed "launcher: mpirun that cannot reach a host fails as the launcher, not a signal" \
        "the launcher ${MPIRUN:-mpirun} failed (status " PARBENCH_MPIRUN_FLAGS="--host nosuchhost"
    DETAIL="$ERR"
    check "launcher: ... and mpirun's own message reaches stderr" \
        eval '[[ "$(line_count "$ERR")" -ge 2 && "$ERR" == *nosuchhost* ]]'
    launcher_failed "launcher: an option mpirun refuses is named with its message" \
        "unknown option" PARBENCH_MPIRUN_FLAGS="--no-such-mpirun-option"
}

# copy_checkout DIR: the checkout's files (tracked, and new ones not
# ignored) copied into DIR; fails outside a git checkout.
copy_checkout() {
    mkdir -p "$1"
    (cd "$ROOT" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$1" 2>/dev/null) || true
    [[ -f "$1/Makefile" && -f "$1/models.conf" ]]
}

# make -s on its own: without the settings of a make this test may run
# under (make test), so that a copy of the tree reads its own registry.
readonly TREE_MAKE=(env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u PARBENCH_REGISTRY make -s)

# two_makes TREE BUILD DELAY JOBS: starts `make -jJOBS all` in TREE with
# BUILD, and another DELAY seconds later; prints what went wrong, nothing if
# both succeeded and built every model's binaries.
two_makes() {
    local tree="$1" build="$2" delay="$3" jobs="-j$4" a=0 b=0 pid m
    rm -rf "$build"
    timeout -k 5 300 "${TREE_MAKE[@]}" -C "$tree" "$jobs" all BUILD="$build" >"$TEST_TMP/make-a.log" 2>&1 &
    pid=$!
    sleep "$delay"
    timeout -k 5 300 "${TREE_MAKE[@]}" -C "$tree" "$jobs" all BUILD="$build" >"$TEST_TMP/make-b.log" 2>&1 ||
        b=$?
    wait "$pid" || a=$?
    if ((a != 0 || b != 0)); then
        printf 'status %d and %d: %s %s' "$a" "$b" "$(grep -m 3 -iE 'error|cannot' "$TEST_TMP/make-a.log")" \
            "$(grep -m 3 -iE 'error|cannot' "$TEST_TMP/make-b.log")"
    fi
    for m in $(built_models); do
        [[ -x "$build/$m/pi" ]] || printf 'no %s/pi; ' "$m"
    done
}

# registry_make: two makes at once on a fresh copy of the tree both succeed,
# started together (where they raced for buildinfo's temporary file: 5
# rounds in 6 failed before) and one a second after the other (where one
# linked an object the other was writing: 1 in 3). The build records the
# registry, and a change of a model's flags there rebuilds it.
registry_make() {
    if ! command -v git >/dev/null 2>&1 || [[ ! -d "$ROOT/.git" ]]; then
        skip "make: two makes at once on one tree" "not a git checkout"
        return
    fi
    local tree="$TEST_TMP/tree" build="$TEST_TMP/tree-build" problems
    if ! copy_checkout "$tree"; then
        fail "make: a copy of the checkout" "no Makefile or models.conf in $tree"
        return
    fi
    local round
    for round in 1 2 3; do
        problems="$(two_makes "$tree" "$build" 0 2)"
        DETAIL="$problems"
        check "make: two 'make -j2 all' started together on a fresh tree both succeed ($round of 3)" \
            [ -z "$problems" ]
    done
    for round in 1 2; do
        problems="$(two_makes "$tree" "$build" 1 1)"
        DETAIL="$problems"
        check "make: a second 'make all' a second after the first: both succeed ($round of 2)" [ -z "$problems" ]
    done
    registry_rebuild "$tree" "$build"
}

# registry_rebuild TREE BUILD: build/buildinfo records the registry; a
# comment added to it rebuilds nothing, new flags for the plain model
# rebuild its binaries.
registry_rebuild() {
    local tree="$1" build="$2" plain before after
    plain="$(plain_model)"
    DETAIL="$(cat "$build/buildinfo" 2>&1)"
    check "make: buildinfo records each model's build from the registry" \
        grep -q "^MODELS=$plain:" "$build/buildinfo"
    before="$(stat -c %Y.%y "$build/$plain/pi")"
    sleep 1
    printf '# a comment changes nothing\n' >>"$tree/models.conf"
    run_cmd "${TREE_MAKE[@]}" -C "$tree" all BUILD="$build"
    after="$(stat -c %Y.%y "$build/$plain/pi")"
    DETAIL="status $RC; $ERR"
    check "make: a comment added to the registry rebuilds nothing" [ "$RC:$before" == "0:$after" ]
    awk -v m="$plain" '$1 == m { $4 = ($4 == "-" ? "" : $4 ",") "-DPARBENCH_TEST_FLAG" } { print }' \
        "$tree/models.conf" >"$tree/models.conf.new" && mv "$tree/models.conf.new" "$tree/models.conf"
    run_cmd "${TREE_MAKE[@]}" -C "$tree" all BUILD="$build"
    after="$(stat -c %Y.%y "$build/$plain/pi")"
    DETAIL="status $RC; $ERR; $(grep "^MODELS=" "$build/buildinfo")"
    check "make: new flags for $plain in the registry rebuild it" \
        eval '[[ "$RC" == 0 && "$before" != "$after" ]] && grep -q "^MODELS=$plain:[^ ]*PARBENCH_TEST_FLAG" "$build/buildinfo"'
}

# registry_help: make help lists the registry's models, in order.
registry_help() {
    run_cmd make -s --no-print-directory -C "$ROOT" help
    local want
    want="models:    $(registry_models | paste -sd' ' -)"
    DETAIL="$OUT"
    check "make help lists the models of the registry" grep -qF -- "$want" <<<"$OUT"
}

suite_registry() {
    CATEGORY=input
    registry_refusals
    CATEGORY=""
    registry_shapes
    registry_flavour
    registry_launcher
    registry_help
    registry_make
}
