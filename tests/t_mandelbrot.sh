# mandelbrot: both schedules in every model at 1-4 workers give the plain
# model's picture exactly, on a side no worker count divides and with more
# workers than rows; --image writes a whole PGM; bad input is refused.
# shellcheck shell=bash disable=SC2034

# mandel_ref SIZE: prints the plain model's checksum for a SIZE x SIZE picture.
mandel_ref() {
    run_cmd "$BUILD/$PLAIN/mandelbrot" --size "$1" --max-iter 300 --reps 1
    field checksum "$(printf '%s\n' "$OUT" | head -n 1)" || true
}

# mandel_schedules: every model, both schedules, 1-4 workers and 4 workers on 3 rows.
mandel_schedules() {
    local ref="$1" small="$2" m s p
    local -a args=(--max-iter 300 --reps 1)
    for m in $(built_models); do
        for s in static dynamic; do
            for p in 1 2 3 4; do
                [[ "$m" == "$PLAIN" && "$p" != 1 ]] && continue
                WANT=(schedule="$s")
                expect_verified "mandelbrot: $m, $s, $p workers, 103 x 103: $PLAIN's picture" \
                    "$ref" "$ROOT/scripts/run" "$m" mandelbrot "$p" --size 103 --schedule "$s" "${args[@]}"
            done
            [[ "$m" == "$PLAIN" ]] && continue
            expect_verified "mandelbrot: $m, $s, 4 workers on 3 rows: $PLAIN's picture" \
                "$small" "$ROOT/scripts/run" "$m" mandelbrot 4 --size 3 --schedule "$s" "${args[@]}"
        done
    done
}

# mandel_images DIR REF: the plain model and the MPI models (launch mpi)
# write the same whole PGM.
mandel_images() {
    local dir="$1" ref="$2" m f header size
    header="$(printf 'P5\n37 37\n255\n')"
    size=$(($(printf 'P5\n37 37\n255\n' | wc -c) + 37 * 37))
    for m in $(built_where launch plain mpi); do
        f="$dir/$m.pgm"
        expect_verified "mandelbrot: $m --image runs and verifies" "$ref" \
            "$ROOT/scripts/run" "$m" mandelbrot 1 --size 37 --max-iter 300 --reps 1 --image "$f"
        if [[ -f "$f" && "$(head -n 3 "$f")" == "$header" && "$(stat -c %s "$f")" == "$size" ]]; then
            pass "mandelbrot: $m --image writes a P5 PGM, 37 x 37, $size bytes"
        else
            fail "mandelbrot: $m --image writes a P5 PGM, 37 x 37, $size bytes" \
                "$(head -c 20 "$f" 2>&1 | od -c | head -n 2)" "$(stat -c %s "$f" 2>&1)"
        fi
    done
    for m in $(built_where launch mpi); do
        check "mandelbrot: $m and $PLAIN write the same picture" cmp -s "$dir/$PLAIN.pgm" "$dir/$m.pgm"
    done
    PARBENCH_FAULT=wrong run_cmd "$BUILD/$PLAIN/mandelbrot" --size 37 --max-iter 300 \
        --image "$dir/wrong.pgm"
    if [[ "$RC" == 1 && "$OUT" == *"verified=no"* && ! -e "$dir/wrong.pgm" ]]; then
        pass "mandelbrot: a wrong answer exits 1 and writes no picture"
    else
        fail "mandelbrot: a wrong answer exits 1 and writes no picture" "status $RC; $OUT; $ERR"
    fi
    DETAIL="$(ls -A "$dir")"
    check "mandelbrot: --image leaves no temporary file" [ -z "$(find "$dir" -name '*.pgm.*')" ]
}

mandel_bad_input() {
    CATEGORY=input
    local bin="$BUILD/$PLAIN/mandelbrot"
    expect_usage "mandelbrot: --schedule bogus is refused" "'bogus' is neither static nor dynamic" \
        "$bin" --schedule bogus
    expect_usage "mandelbrot: --size 0 is refused" "too small" "$bin" --size 0
    expect_usage "mandelbrot: --size 99999999 is refused before any allocation" "too large" \
        "$bin" --size 99999999
    expect_usage "mandelbrot: --max-iter 0 is refused" "too small" "$bin" --max-iter 0
    expect_usage "mandelbrot: --image in a missing directory is refused before the work" \
        "cannot create a file there" "$bin" --image "$TEST_TMP/no/such/dir/m.pgm"
    expect_usage "mandelbrot: --image naming a directory is refused" "is a directory" \
        "$bin" --image "$TEST_TMP"
    local m
    for m in $(built_where launch threads procs openmp mpi); do
        expect_usage "mandelbrot: $m refuses --schedule bogus" "neither static nor dynamic" \
            "$ROOT/scripts/run" "$m" mandelbrot 2 --schedule bogus
    done
    for m in $(built_where launch hybrid); do
        expect_usage "mandelbrot: $m refuses a bad --image path under mpirun" \
            "cannot create a file there" "$ROOT/scripts/run" "$m" mandelbrot 2 --image "$TEST_TMP/no/m.pgm"
    done
    # a limit on the process, below the machine's memory, counts too
    run_cmd bash -c 'ulimit -v 1048576 && exec "$@"' limit "$bin" --size 10000
    if [[ "$RC" == 2 && -z "$OUT" && "$ERR" == *"needs 1.1 GiB of memory; its ulimit allows 1.0 GiB"* ]]; then
        pass "mandelbrot: under ulimit -v 1 GiB, 10000 x 10000 is refused, naming both sizes"
    else
        fail "mandelbrot: under ulimit -v 1 GiB, 10000 x 10000 is refused, naming both sizes" \
            "status $RC" "$OUT" "$ERR"
    fi
    mandel_cgroup
    CATEGORY=""
}

# Under a cgroup's memory limit of 1 GiB (a container's, a Slurm job's),
# 10000 x 10000 is refused too. The cgroup is made for the test, where
# this runs as root with cgroup v2's or v1's memory controller.
mandel_cgroup() {
    local g="" file
    if [[ "$(id -u)" == 0 && -w /sys/fs/cgroup/cgroup.subtree_control ]] &&
        grep -qw memory /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null; then
        g="/sys/fs/cgroup/parbench-test-$$" file=memory.max
    elif [[ "$(id -u)" == 0 && -w /sys/fs/cgroup/memory ]]; then
        g="/sys/fs/cgroup/memory/parbench-test-$$" file=memory.limit_in_bytes
    fi
    if [[ -z "$g" ]] || ! mkdir "$g" 2>/dev/null; then
        skip "mandelbrot: a cgroup's memory limit counts" "cannot make a memory cgroup here"
        return
    fi
    if echo 1073741824 >"$g/$file" 2>/dev/null; then
        # shellcheck disable=SC2016  # expanded by the inner shell
        run_cmd bash -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' limit "$g" \
            "$BUILD/$PLAIN/mandelbrot" --size 10000
    else
        RC=99 ERR="cannot set $g/$file"
    fi
    rmdir "$g" 2>/dev/null || true
    if [[ "$RC" == 2 && "$ERR" == *"needs 1.1 GiB of memory; its cgroup allows 1.0 GiB"* ]]; then
        pass "mandelbrot: in a cgroup of 1 GiB, 10000 x 10000 is refused, naming both sizes"
    else
        fail "mandelbrot: in a cgroup of 1 GiB, 10000 x 10000 is refused, naming both sizes" \
            "status $RC" "$OUT" "$ERR"
    fi
}

suite_mandelbrot() {
    # the plain model: the reference picture of every other
    PLAIN="$(plain_model)"
    if ! has_model "$PLAIN"; then
        skip "mandelbrot" "the $PLAIN model is not built"
        return
    fi
    local ref small img
    ref="$(mandel_ref 103)"
    small="$(mandel_ref 3)"
    img="$(mandel_ref 37)"
    mandel_schedules "$ref" "$small"
    mkdir -p "$TEST_TMP/pgm"
    mandel_images "$TEST_TMP/pgm" "$img"
    mandel_bad_input
}
