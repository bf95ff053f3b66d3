# triad: odd shapes match serial, bandwidth is reported only for a checked
# answer, and sizes that cannot fit are refused before anything is allocated.
# shellcheck shell=bash disable=SC2034

suite_triad() {
    local m ref
    local -a odd=(--size 1001 --iters 2 --reps 1) tiny=(--size 3 --iters 2 --reps 1)
    local odd_ref tiny_ref
    odd_ref="$(first_checksum serial triad 1 "${odd[@]}")"
    tiny_ref="$(first_checksum serial triad 1 "${tiny[@]}")"
    if [[ -z "$odd_ref" || -z "$tiny_ref" ]]; then
        fail "triad: serial runs the odd shapes" "got '$odd_ref' and '$tiny_ref'"
        return
    fi
    for m in $(built_models); do
        [[ "$m" == serial ]] && continue
        expect_match "triad: $m, 1001 elements on 3 workers, matches serial" "$odd_ref" 1e-12 \
            "$m" triad 3 "${odd[@]}"
        expect_match "triad: $m, more workers (4) than elements (3), matches serial" \
            "$tiny_ref" 1e-12 "$m" triad 4 "${tiny[@]}"
    done

    expect_positive "triad: the result line reports iters= and gbps=" "iters gbps" \
        "$BUILD/serial/triad" --size 100000 --iters 2 --reps 1

    local bin="$BUILD/serial/triad"
    expect_usage "triad: --size 0 is refused" "too small" "$bin" --size 0
    expect_usage "triad: --iters 0 is refused" "too small" "$bin" --iters 0
    expect_usage "triad: --iters 2x is refused" "not a whole number" "$bin" --iters 2x
    expect_usage "triad: --size that needs too much memory names the memory" "GiB of memory" \
        "$bin" --size 100000000000
    if has_model fork; then
        expect_usage "triad: fork, the same" "GiB of memory" "$BUILD/fork/triad" --size 100000000000
    fi
    if has_model mpi; then
        expect_usage "triad: mpi, the same, on one line" "GiB of memory" \
            "$ROOT/scripts/run" mpi triad 2 --size 100000000000
    fi

    expect_presets triad

    m=serial
    has_model openmp && m=openmp
    PARBENCH_FAULT=wrong run_cmd "$ROOT/scripts/run" "$m" triad 1 "${odd[@]}"
    if [[ "$RC" == 1 && "$OUT" == *"verified=no"* && "$OUT" != *gbps=* ]]; then
        pass "triad: a wrong answer exits 1 and prints no bandwidth"
    else
        fail "triad: a wrong answer exits 1 and prints no bandwidth" "status $RC; $OUT; $ERR"
    fi
}
