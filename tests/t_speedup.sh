# A deliberately loose timing bound: 8 waiting tasks on 8 workers beat 1
# worker by 3x even on 2 cores, because waiting needs no core.
# shellcheck shell=bash disable=SC2034

median_seconds() {
    printf '%s\n' "$1" | sed -n 's/.* seconds=\([0-9.]*\) .*/\1/p' | sort -g | sed -n '2p'
}

suite_speedup() {
    local m one eight
    for m in $(built_models); do
        [[ "$m" != "$(plain_model)" ]] || continue
        run_cmd "$ROOT/scripts/run" "$m" sleep 1 --size 4 --delay-ms 50 --reps 3
        one="$(median_seconds "$OUT")"
        run_cmd "$ROOT/scripts/run" "$m" sleep 8 --size 4 --delay-ms 50 --reps 3
        eight="$(median_seconds "$OUT")"
        DETAIL="1 worker: ${one:-?} s, 8 workers: ${eight:-?} s; $ERR"
        check "$m: sleep, 8 tasks on 8 workers beat 1 worker by 3x (${one:-?} s vs ${eight:-?} s)" \
            awk -v a="${one:-0}" -v b="${eight:-1e9}" 'BEGIN { exit !(a > 0 && a >= 3 * b) }'
    done
}
