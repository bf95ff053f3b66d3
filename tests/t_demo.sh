# make demo: the tutorials' runs, and the pitfall of a child's list.
# shellcheck shell=bash disable=SC2034

suite_demo() {
    run_cmd "$BUILD/fork/pitfall" --delay-ms 0
    DETAIL="$OUT $ERR"
    check "pitfall: the parent's list stays empty after the child filled it" \
        grep -qx 'Outside the process, result: \[\]' <<<"$OUT"
    DETAIL="$OUT"
    check "pitfall: the child saw its own list filled" \
        grep -qx 'Inside the process, result: \[4, 9, 64, 81\]' <<<"$OUT"
    local fixed
    fixed="$(grep -cx 'Outside the process, result: \[4, 9, 64, 81\]' <<<"$OUT" || true)"
    check "pitfall: both fixes (pipe, shared mapping) bring the squares back" [ "$fixed" == 2 ]
    check "pitfall: exits 0 when the lesson holds" [ "$RC" == 0 ]

    run_cmd "$ROOT/scripts/demo" --delay-ms 40
    local times
    times="$(sed -n 's/^It takes \([0-9.]*\) s$/\1/p' <<<"$OUT" | tr '\n' ' ')"
    DETAIL="times: $times; $ERR"
    check "demo: plain 8 waits, threads and processes 4 waits each ($times)" \
        awk -v t="$times" 'BEGIN { n = split(t, a, " ");
            exit !(n == 3 && a[1] >= 0.32 && a[2] >= 0.16 && a[3] >= 0.16 &&
                   a[2] < 0.75 * a[1] && a[3] < 0.75 * a[1]) }'
    DETAIL="$OUT"
    # shellcheck disable=SC2016
    check "demo: prints every square and cube" \
        bash -c '[ "$(grep -cE "^(square|cube): " <<<"$1")" -ge 24 ]' _ "$OUT"
}
