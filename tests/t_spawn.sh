# spawn: every model starts all its workers in every round, and reports the
# process's first round (cold_us, the same on every line) and the mean of the
# others (warm_us), both above zero.
# shellcheck shell=bash disable=SC2034

# positive NUMBER: true if NUMBER is above zero.
positive() {
    awk -v v="${1:-0}" 'BEGIN { exit !(v + 0 > 0) }'
}

# spawn_times NAME: every result line in OUT has cold_us and warm_us above
# zero, and the same cold_us.
spawn_times() {
    local name="$1" line cold first="" problems=""
    while IFS= read -r line; do
        [[ "$line" == workload=* ]] || continue
        cold="$(field cold_us "$line" || true)"
        positive "$cold" || problems+="cold_us '$cold'; "
        positive "$(field warm_us "$line" || true)" || problems+="warm_us missing or zero; "
        [[ -z "$first" || "$cold" == "$first" ]] || problems+="cold_us changed from $first to $cold; "
        first="${first:-$cold}"
    done <<<"$OUT"
    if [[ -z "$problems" ]]; then pass "$name"; else fail "$name" "$problems" "$OUT"; fi
}

suite_spawn() {
    local m p
    for m in $(built_models); do
        p="$(workers_for "$m" 2)"
        expect_verified "spawn: $m, $p workers, all started in each of 5 rounds" 5 \
            "$ROOT/scripts/run" "$m" spawn "$p" --size 5 --reps 2
        spawn_times "spawn: $m reports cold_us and warm_us > 0, cold_us once per process"
    done
    for m in $(built_where launch threads); do
        # without a warm-up, the first repetition holds the only (cold) round
        expect_verified "spawn: $m, --warmup 0 --size 1 verifies" 1 \
            "$BUILD/$m/spawn" --workers 3 --size 1 --warmup 0 --reps 2
        local first
        first="$(printf '%s\n' "$OUT" | head -n 1)"
        if [[ "$first" == *" cold_us="* && "$first" != *" warm_us="* ]]; then
            pass "spawn: $m, a repetition with no warm round reports no warm_us"
        else
            fail "spawn: $m, a repetition with no warm round reports no warm_us" "$OUT"
        fi
        PARBENCH_FAULT=wrong run_cmd "$BUILD/$m/spawn" --workers 2 --size 3
        if [[ "$RC" == 1 && "$OUT" == *"verified=no"* && "$ERR" == *"wrong answer"* ]]; then
            pass "spawn: $m, a wrong count prints verified=no and exits 1"
        else
            fail "spawn: $m, a wrong count prints verified=no and exits 1" "status $RC; $OUT; $ERR"
        fi
    done
    for m in $(built_where launch plain); do
        expect_usage "spawn: --size 0 is refused" "too small" "$BUILD/$m/spawn" --size 0
        expect_usage "spawn: --size 2000000000 is refused" "too large" "$BUILD/$m/spawn" --size 2000000000
        expect_usage "spawn: --schedule is refused" "unknown option '--schedule'" \
            "$BUILD/$m/spawn" --schedule static
    done
}
