# triad: odd shapes match the plain model, bandwidth is reported only for a
# checked answer, and sizes that cannot fit are refused before anything is
# allocated.
# shellcheck shell=bash disable=SC2034

suite_triad() {
    local m ref plain
    local -a odd=(--size 1001 --iters 2 --reps 1) tiny=(--size 3 --iters 2 --reps 1)
    local odd_ref tiny_ref
    plain="$(plain_model)"
    odd_ref="$(first_checksum "$plain" triad 1 "${odd[@]}")"
    tiny_ref="$(first_checksum "$plain" triad 1 "${tiny[@]}")"
    if [[ -z "$odd_ref" || -z "$tiny_ref" ]]; then
        fail "triad: $plain runs the odd shapes" "got '$odd_ref' and '$tiny_ref'"
        return
    fi
    for m in $(built_for triad); do
        [[ "$m" == "$plain" ]] && continue
        expect_match "triad: $m, 1001 elements on 3 workers, matches $plain" "$odd_ref" 1e-12 \
            "$m" triad 3 "${odd[@]}"
        expect_match "triad: $m, more workers (4) than elements (3), matches $plain" \
            "$tiny_ref" 1e-12 "$m" triad 4 "${tiny[@]}"
    done

    expect_positive "triad: the result line reports iters= and gbps=" "iters gbps" \
        "$BUILD/$plain/triad" --size 100000 --iters 2 --reps 1

    local bin="$BUILD/$plain/triad" isa got
    local -a isas
    # every loop width this build runs (--isa) computes the same answer,
    # and the result line names it; the refusal of another names them, and
    # names "compiler" at least
    read -ra isas <<<"$("$bin" --isa none 2>&1 | sed -n 's/.*this build runs (\(.*\)).*/\1/p' | tr -d ,)"
    DETAIL="$("$bin" --isa none 2>&1 || true)"
    check "triad: --isa names the widths this build runs (${isas[*]})" [ "${isas[0]:-}" == compiler ]
    for isa in "${isas[@]}"; do
        got="$("$bin" "${odd[@]}" --isa "$isa")"
        if [[ "$(field checksum "$got")" == "$odd_ref" && "$got" == *" isa=$isa "* && "$got" == *verified=yes* ]]; then
            pass "triad: --isa $isa computes the same answer and names itself"
        else
            fail "triad: --isa $isa computes the same answer and names itself" "$got"
        fi
    done
    expect_usage "triad: an --isa this build lacks is refused, naming those it has" "not one this build runs (compiler" \
        "$bin" --isa avx1024
    expect_usage "triad: --size 0 is refused" "too small" "$bin" --size 0
    expect_usage "triad: --iters 0 is refused" "too small" "$bin" --iters 0
    expect_usage "triad: --iters 2x is refused" "not a whole number" "$bin" --iters 2x
    expect_usage "triad: --size that needs too much memory names the memory" "GiB of memory" \
        "$bin" --size 100000000000
    for m in $(built_where launch procs | with_binary triad); do
        expect_usage "triad: $m, the same" "GiB of memory" "$BUILD/$m/triad" --size 100000000000
    done
    for m in $(built_where launch mpi); do
        expect_usage "triad: $m, the same, on one line" "GiB of memory" \
            "$ROOT/scripts/run" "$m" triad 2 --size 100000000000
    done

    expect_presets triad

    m="$(built_where launch openmp | first_line)"
    m="${m:-$plain}"
    PARBENCH_FAULT=wrong run_cmd "$ROOT/scripts/run" "$m" triad 1 "${odd[@]}"
    if [[ "$RC" == 1 && "$OUT" == *"verified=no"* && "$OUT" != *gbps=* ]]; then
        pass "triad: a wrong answer exits 1 and prints no bandwidth"
    else
        fail "triad: a wrong answer exits 1 and prints no bandwidth" "status $RC; $OUT; $ERR"
    fi
}
