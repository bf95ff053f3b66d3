# ceilings: the probes of tools/ceilings/ (built into $BUILD/ceilings/ by
# make) answer --help, refuse bad input on one line, verify their answers
# and fail when PARBENCH_FAULT=wrong spoils one; scripts/ceilings writes
# ceilings.csv with the schema's header and a best regular-store bandwidth
# at 1 worker; plots/roofline.gp draws a roofline without a word. A sweep
# measures the ceilings at its start or reuses the cached ones, measures
# the bandwidth again beside each triad launch, fills pct_of_limit and
# draws the roofline; --no-ceilings and a build without probes leave none.
# Without mpicc (no $BUILD/ceilings/mpi) the MPI probe's checks are skipped
# with the reason; under CI (CI set) that is a failure instead.
# shellcheck shell=bash disable=SC2034

# ceilings_unavailable NAME REASON: a skip, or under CI a failure.
ceilings_unavailable() {
    if [[ -n "${CI:-}" ]]; then
        fail "$1" "$2, and CI must run the MPI probe"
    else
        skip "$1" "$2"
    fi
}

# ceilings_mpirun: the command that starts a probe on 2 MPI ranks, in the
# array MPIRUN_CMD, with the flags Open MPI needs as root and beyond the cores.
ceilings_mpirun() {
    MPIRUN_CMD=("${MPIRUN:-mpirun}" -np 2)
    if [[ "$("$ROOT/scripts/run" --mpi-flavour 2>/dev/null)" == openmpi ]]; then
        if (($(nproc) < 2)); then MPIRUN_CMD+=(--oversubscribe --bind-to none); fi
    fi
}

# ceilings_results NAME KEYS CMD...: CMD exits 0 and prints result lines
# (probe=...), every one verified=yes with each of the space-separated KEYS
# above 0 (where it has the key; each key must appear somewhere).
ceilings_results() {
    local name="$1" keys="$2" line key value problems="" n=0
    local -A seen=()
    shift 2
    run_cmd "$@"
    [[ "$RC" == 0 ]] || problems+="exit status $RC; "
    while IFS= read -r line; do
        [[ "$line" == probe=* ]] || { [[ -z "$line" ]] || problems+="not a result line: ${line:0:60}; "; continue; }
        [[ "$line" == *nontemporal=unavailable* ]] && continue
        n=$((n + 1))
        [[ "$(field verified "$line")" == yes ]] || problems+="not verified: ${line:0:80}; "
        for key in $keys; do
            value="$(field "$key" "$line")" || continue
            seen[$key]=1
            awk -v v="$value" 'BEGIN { exit !(v + 0 > 0) }' || problems+="$key=$value; "
        done
    done <<<"$OUT"
    ((n > 0)) || problems+="no result line; "
    for key in $keys; do [[ -n "${seen[$key]:-}" ]] || problems+="no $key= on any line; "; done
    if [[ -z "$problems" ]]; then pass "$name"; else fail "$name" "$problems" "$OUT" "$ERR"; fi
}

# ceilings_wrong NAME CMD...: under PARBENCH_FAULT=wrong, CMD exits 1,
# prints a verified=no line and no other result, and says why in one line.
ceilings_wrong() {
    local name="$1"
    shift
    PARBENCH_FAULT=wrong run_cmd "$@"
    local lines
    lines="$(grep -c . <<<"$ERR" || true)"
    if [[ "$RC" == 1 && "$OUT" == *"verified=no"* && "$OUT" != *"verified=yes"* &&
        "$ERR" == *wrong* ]] && ((lines >= 1)); then
        pass "$name"
    else
        fail "$name" "status $RC" "$OUT" "$ERR"
    fi
}

suite_ceilings() {
    local dir="$BUILD/ceilings" p
    local -a cc_probes=(bandwidth flops startup)
    for p in "${cc_probes[@]}"; do
        if [[ ! -x "$dir/$p" ]]; then
            fail "ceilings: $dir/$p is built (make builds the probes)"
            return
        fi
    done

    # the small runs of each probe
    local -A small=(
        [bandwidth]="--quick --mib 8 --reps 2"
        [flops]="--quick --ms 5 --reps 2"
        [startup]="--quick --rounds 4 --batches 2"
        [mpi]="--quick --reps 20 --batches 2 --kib 64"
    )
    # each probe's option that takes a count
    local -A counted=([bandwidth]=--reps [flops]=--reps [startup]=--batches [mpi]=--reps)
    local -A rates=([bandwidth]="gbps median_gbps min_gbps" [flops]="gflops median_gflops min_gflops"
        [startup]="seconds rounds" [mpi]="us gbps")

    for p in "${cc_probes[@]}"; do
        CATEGORY=input
        run_cmd "$dir/$p" --help
        if [[ "$RC" == 0 && "$OUT" == usage:* && "$OUT" == *"probe=$p"* && -z "$ERR" ]]; then
            pass "ceilings: $p --help says how to use it and what it prints"
        else
            fail "ceilings: $p --help says how to use it and what it prints" "status $RC" "$ERR"
        fi
        expect_usage "ceilings: $p refuses an unknown option" "unknown option '--bogus'" "$dir/$p" --bogus
        expect_usage "ceilings: $p refuses ${counted[$p]} 2x" "not a whole number" "$dir/$p" "${counted[$p]}" 2x
        expect_usage "ceilings: $p refuses ${counted[$p]} 0" "too small" "$dir/$p" "${counted[$p]}" 0
        expect_usage "ceilings: $p refuses ${counted[$p]} without a value" "needs a value" "$dir/$p" "${counted[$p]}"
        expect_usage "ceilings: $p refuses --workers beyond its CPUs" "too large" "$dir/$p" --workers 100000
        expect_usage "ceilings: $p refuses a stray argument" "unexpected argument" "$dir/$p" 3
        CATEGORY=""
        # shellcheck disable=SC2086 # the options are words
        ceilings_results "ceilings: $p verifies its answers, positive figures" "${rates[$p]}" "$dir/$p" ${small[$p]}
        CATEGORY=fault
        # shellcheck disable=SC2086
        ceilings_wrong "ceilings: $p, a wrong answer exits 1 with verified=no" "$dir/$p" ${small[$p]}
        CATEGORY=""
    done

    # bandwidth: a best regular-store figure at 1 worker and at all cores
    # shellcheck disable=SC2086
    run_cmd "$dir/bandwidth" ${small[bandwidth]}
    local cores
    cores="$(nproc)"
    local k
    for k in triad scale; do
        if grep -q "kind=$k stores=regular .*workers=1 .*best=yes" <<<"$OUT" &&
            grep -q "kind=$k stores=regular .*workers=$cores .*best=yes" <<<"$OUT" &&
            (($(grep -c "kind=$k .*best=yes" <<<"$OUT") == (cores > 1 ? 2 : 1))) &&
            ! grep -q "kind=$k stores=nontemporal .*best=yes" <<<"$OUT"; then
            pass "ceilings: bandwidth marks one best regular-store $k at 1 and at $cores workers"
        else
            fail "ceilings: bandwidth marks one best regular-store $k at 1 and at $cores workers" "$OUT"
        fi
    done

    ceilings_one_variant "$dir/bandwidth"

    # MPI
    if [[ ! -x "$dir/mpi" ]] && command -v "${MPICC:-mpicc}" >/dev/null 2>&1; then
        fail "ceilings: $dir/mpi is built (${MPICC:-mpicc} is installed)"
    elif [[ ! -x "$dir/mpi" ]]; then
        ceilings_unavailable "ceilings: the MPI probe" "${MPICC:-mpicc} is not installed"
    else
        CATEGORY=input
        expect_usage "ceilings: mpi refuses --kib 0, before MPI starts" "too small" "$dir/mpi" --kib 0
        expect_usage "ceilings: mpi on one rank says it needs 2" "needs 2 ranks" "$dir/mpi"
        expect_usage "ceilings: mpi refuses an unknown --kind, before MPI starts" "--kind: 'latency' is not barrier" \
            "$dir/mpi" --kind latency
        CATEGORY=""
        local -a MPIRUN_CMD
        ceilings_mpirun
        # the barrier alone, as a sweep measures it beside spawn's launches
        OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
            run_cmd "${MPIRUN_CMD[@]}" "$dir/mpi" --kind barrier --reps 20 --batches 2
        DETAIL="status $RC; $OUT"
        check "ceilings: mpi --kind barrier measures the barrier alone" \
            test "$RC:$(printf '%s\n' "$OUT" | grep -c '^probe=mpi'):$(printf '%s\n' "$OUT" | grep -c '^probe=mpi kind=barrier ranks=2 .* verified=yes$')" == 0:1:1
        # shellcheck disable=SC2086
        OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
            ceilings_results "ceilings: mpi on 2 ranks verifies barrier and ping-pong" "${rates[mpi]}" \
            "${MPIRUN_CMD[@]}" "$dir/mpi" ${small[mpi]}
        CATEGORY=fault
        # shellcheck disable=SC2086
        OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
            ceilings_wrong "ceilings: mpi, a wrong answer exits 1 with verified=no" \
            "${MPIRUN_CMD[@]}" "$dir/mpi" ${small[mpi]}
        OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
            ceilings_wrong "ceilings: mpi --kind barrier, a wrong barrier count exits 1 with verified=no" \
            "${MPIRUN_CMD[@]}" "$dir/mpi" --kind barrier --reps 20 --batches 2
        CATEGORY=""
    fi

    suite_ceilings_script
    suite_ceilings_roofline
    suite_ceilings_sweep
}

# ceilings_one_variant PROBE: the bandwidth probe restricted to one kernel,
# width, placement and worker count (what a sweep runs beside each launch)
# prints that one variant, and refuses names it does not have.
ceilings_one_variant() {
    local probe="$1" line
    run_cmd "$probe" --at 1 --kind scale --isa compiler --placement off64 --mib 8 --reps 2
    line="$(grep '^probe=' <<<"$OUT" || true)"
    if [[ "$RC" == 0 && "$(line_count "$line")" == 1 && "$line" == *"kind=scale stores=regular isa=compiler placement=off64 huge=on "* &&
        "$(field workers "$line")" == 1 && "$(field verified "$line")" == yes && "$(field best "$line")" == yes ]]; then
        pass "ceilings: bandwidth --at --kind --isa --placement measures that one variant"
    else
        fail "ceilings: bandwidth --at --kind --isa --placement measures that one variant" "status $RC" "$OUT" "$ERR"
    fi
    # --quick sweeps arrays of --fold 2, as a sweep's probes beside its
    # launches do; a --fold given says otherwise
    local sizes="" args quick fold2 quick4 fold4
    for args in "--quick" "--fold 2" "--quick --fold 4" "--fold 4"; do
        # shellcheck disable=SC2086 # the words of args are options
        run_cmd "$probe" --at 1 --kind triad --isa compiler --placement off64 --reps 1 $args
        sizes+="$(field elements "$(grep '^probe=' <<<"$OUT" || true)"):$RC "
    done
    read -r quick fold2 quick4 fold4 <<<"$sizes"
    DETAIL="elements:status of --quick, --fold 2, --quick --fold 4, --fold 4: $sizes"
    check "ceilings: bandwidth --quick sweeps arrays of --fold 2, and a --fold given wins" \
        test "$quick" == "$fold2" -a "$quick4" == "$fold4" -a "${quick%:*}" -gt 0 -a "${quick##*:}" == 0 -a "${fold4##*:}" == 0
    CATEGORY=input
    expect_usage "ceilings: bandwidth refuses a kernel it does not have" "'copy' is not triad or scale" \
        "$probe" --kind copy
    expect_usage "ceilings: bandwidth refuses a placement it does not have" "'off3' is not aligned, off64 or off2k" \
        "$probe" --placement off3
    expect_usage "ceilings: bandwidth refuses a width it was not built with" "no loop at width 'neon'" \
        "$probe" --isa neon
    expect_usage "ceilings: bandwidth refuses a name that is not one" "is not a name" "$probe" --isa 'AVX;x'
    expect_usage "ceilings: bandwidth refuses --at beyond its CPUs" "too large" "$probe" --at 100000
    expect_usage "ceilings: bandwidth refuses arrays under twice the cache" "too small" "$probe" --fold 1
    CATEGORY=""
    run_cmd "$(dirname "$probe")/startup" --at 1 --kind fork_waitpid --quick --rounds 4 --batches 2
    line="$(grep '^probe=' <<<"$OUT" || true)"
    if [[ "$RC" == 0 && "$(line_count "$line")" == 1 && "$(field kind "$line")" == fork_waitpid &&
        "$(field workers "$line")" == 1 ]]; then
        pass "ceilings: startup --at 1 --kind fork_waitpid measures that one cost"
    else
        fail "ceilings: startup --at 1 --kind fork_waitpid measures that one cost" "status $RC" "$OUT" "$ERR"
    fi
    CATEGORY=input
    expect_usage "ceilings: startup refuses a cost it does not measure" "'clone' is not pthread_create_join" \
        "$(dirname "$probe")/startup" --kind clone
    CATEGORY=""
    run_cmd "$(dirname "$probe")/flops" --at 1 --quick --ms 5 --reps 2
    line="$(grep '^probe=' <<<"$OUT" || true)"
    if [[ "$RC" == 0 && "$(line_count "$line")" == 1 && "$(field workers "$line")" == 1 &&
        "$(field best "$line")" == yes ]]; then
        pass "ceilings: flops --at 1 measures at 1 worker only"
    else
        fail "ceilings: flops --at 1 measures at 1 worker only" "status $RC" "$OUT" "$ERR"
    fi
    CATEGORY=input
    CATEGORY=""
}

# ceilings_meta DIR KEY: prints meta.json's ceilings.KEY of run DIR.
ceilings_meta() {
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get("ceilings", {}).get(sys.argv[2], ""))' \
        "$1/meta.json" "$2" 2>/dev/null || true
}

# ceilings_cell FILE COLUMN: prints COLUMN of serial triad at 1 worker in
# the summary FILE, or <absent>.
ceilings_cell() {
    awk -F, -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
        c && $1 == "triad" && $2 == "serial" && $3 == 1 { print $c; found = 1; exit }
        END { if (!found) print "<absent>" }' "$1" 2>/dev/null || echo "<absent>"
}

# ceilings_sweep DIR ARGS...: a sweep of serial triad and pi, one launch
# each, into DIR.
ceilings_sweep() {
    local d="$1"
    shift
    run_cmd "$ROOT/scripts/bench" --models serial --workloads triad,pi --workers 1 --reps 1 --size small --out "$d" "$@"
}

# The sweep measures the ceilings at its start (or reuses the cache), and
# fills pct_of_limit; --no-ceilings skips them; without probes it goes on.
suite_ceilings_sweep() {
    local d="$TEST_TMP/sweep-ceil" status pct
    ceilings_sweep "$d/a"
    status="$(ceilings_meta "$d/a" status)"
    if [[ "$RC" == 0 && -s "$d/a/ceilings.csv" && "$status" =~ ^(measured|cached)$ && "$ERR" == *"ceilings: $status"* ]]; then
        pass "ceilings: a sweep writes ceilings.csv at its start and says how ($status)"
    else
        fail "ceilings: a sweep writes ceilings.csv at its start and says how" "status $RC, ceilings $status" "$ERR"
        return
    fi
    pct="$(ceilings_cell "$d/a/summary.csv" pct_of_limit)"
    DETAIL="pct_of_limit '$pct'; $(head -n 2 "$d/a/summary.csv")"
    check "ceilings: summary.csv has serial triad's % of limit, above 0 and finite" \
        awk -v v="$pct" 'BEGIN { exit !(v ~ /^[0-9]+(\.[0-9]+)?$/ && v + 0 > 0 && v + 0 < 1000) }'
    if ! command -v gnuplot >/dev/null 2>&1; then
        skip "ceilings: the report shows the % of limit and the roofline" "gnuplot is not installed"
    elif grep -Eq "[0-9.]+ % (\(up to [0-9.]+\) )?of [0-9.]+ GB/s \(triad_regular@1 beside\)" "$d/a/report.html" && grep -q 'plots/roofline.png' "$d/a/report.md" &&
        grep -Eq '^\| triad \| 1 \| [0-9]+(–[0-9]+)? \|' "$d/a/report.md" &&
        [[ -s "$d/a/plots/roofline.png" ]]; then
        pass "ceilings: the report shows the % of limit and the roofline"
    else
        fail "ceilings: the report shows the % of limit and the roofline" "$(grep -n 'limit\|roofline' "$d/a/report.md" | head -n 5)"
    fi

    ceilings_beside "$d/a"

    # two models of triad at 1 worker, sampled: they run side by side, and
    # the probe after the first launch is the one before the second
    run_cmd "$ROOT/scripts/bench" --models serial,openmp --workloads triad --workers 1 --budget 1 --size small \
        --out "$d/side" --quiet
    local got
    got="$(python3 - "$d/side" <<'PY'
import csv, json, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/runs.csv")))
launches = {(r["model"], r["launch"]) for r in rows}
beside = json.load(open(d + "/meta.json"))["sweep"]["beside"]
ok = len(launches) >= 2 and beside["failed"] == 0 and beside["probes"] <= 2 * len(launches) - 1
ok = ok and all(float(r["beside_low"] or 0) > 0 for r in rows)
# each cell's % against its launches' other probe is its range's high end
cells = [r for r in csv.DictReader(open(d + "/summary.csv")) if r["limit_of"].endswith(" beside")]
pcts = [(float(r["pct_of_limit"]), float(r["pct_of_limit_high"] or -1)) for r in cells]
ok = ok and len(cells) == 2 and all(high >= pct > 0 for pct, high in pcts)
print("yes" if ok else f"{len(launches)} launches, beside {beside}, % {pcts}")
PY
)" || true
    DETAIL="status $RC, $got"
    check "ceilings: launches side by side share the probe between them, and each cell's % has its range" test "$RC:$got" == 0:yes

    # MPI's spawn at 2 ranks: its barrier measured beside it, through mpirun
    if [[ ! -x "$BUILD/ceilings/mpi" || ! -x "$BUILD/mpi/spawn" ]]; then
        skip "ceilings: MPI's barrier is measured beside spawn's MPI launches" "no MPI build"
    else
        run_cmd "$ROOT/scripts/bench" --models mpi --workloads spawn --workers 2 --reps 1 --size small \
            --out "$d/mpi" --quiet
        got="$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
            $1 == "spawn" && $2 == "mpi" && $3 == 2 { print $c["limit_of"] ":" ($c["pct_of_limit"] > 0) }' \
            "$d/mpi/summary.csv" 2>/dev/null || true)"
        DETAIL="status $RC, summary: $got"
        check "ceilings: MPI's barrier is measured beside spawn's MPI launches" \
            test "$RC:$got" == "0:mpi_barrier@2 beside:1"
    fi

    ceilings_sweep "$d/b" --quiet
    status="$(ceilings_meta "$d/b" status)"
    local cache
    cache="$(ceilings_meta "$d/b" cache)"
    if [[ "$RC" == 0 && "$status" == cached && -n "$cache" ]] && cmp -s "$d/b/ceilings.csv" "$cache/ceilings.csv"; then
        pass "ceilings: a second sweep on the same build reuses the cached ceilings"
    else
        fail "ceilings: a second sweep on the same build reuses the cached ceilings" "status $RC, ceilings $status, cache $cache" "$ERR"
    fi

    cp "$d/b/ceilings.csv" "$d/b-ceilings.csv"
    run_cmd "$ROOT/scripts/bench" --resume "$d/b" --quiet
    if [[ "$RC" == 0 && "$(ceilings_meta "$d/b" status)" == cached ]] && cmp -s "$d/b/ceilings.csv" "$d/b-ceilings.csv" &&
        [[ "$(ceilings_cell "$d/b/summary.csv" limit_of)" == "triad_regular@1 beside" ]]; then
        pass "ceilings: a resumed sweep keeps the ceilings it has"
    else
        fail "ceilings: a resumed sweep keeps the ceilings it has" "status $RC" "$ERR"
    fi

    ceilings_sweep "$d/c" --no-ceilings --quiet
    pct="$(ceilings_cell "$d/c/summary.csv" pct_of_limit)"
    if [[ "$RC" == 0 && ! -e "$d/c/ceilings.csv" && "$(ceilings_meta "$d/c" status)" == off && -z "$pct" ]] &&
        grep -q 'no-ceilings' "$d/c/report.md"; then
        pass "ceilings: --no-ceilings skips them: no ceilings.csv, no % of limit, the report says why"
    else
        fail "ceilings: --no-ceilings skips them: no ceilings.csv, no % of limit, the report says why" \
            "status $RC, pct '$pct'" "$ERR"
    fi
    CATEGORY=input
    expect_usage "ceilings: --no-ceilings with --resume is refused" "keeps the ceilings" \
        "$ROOT/scripts/bench" --resume "$d/c" --no-ceilings
    CATEGORY=""

    # a build without probes: the sweep goes on, and says why there are none
    local fake="$d/noprobes" entry
    mkdir -p "$fake"
    for entry in "$BUILD"/*; do
        [[ "$(basename "$entry")" == ceilings* ]] || ln -s "$entry" "$fake/"
    done
    PARBENCH_BUILD="$fake" ceilings_sweep "$d/e" --quiet
    status="$(ceilings_meta "$d/e" status)"
    if [[ "$RC" == 0 && "$status" == missing && ! -e "$d/e/ceilings.csv" ]] && grep -q 'no probe is built' "$d/e/report.md"; then
        pass "ceilings: without probes the sweep still succeeds, and the report says why there are no ceilings"
    else
        fail "ceilings: without probes the sweep still succeeds, and the report says why there are no ceilings" \
            "status $RC, ceilings '$status'" "$ERR"
    fi
}

# ceilings_beside DIR: the sweep in DIR (serial triad and pi at 1 worker,
# one launch each) measured the limit right before and after each launch:
# every row has a positive beside_low and beside_high, meta.json counts 4
# probes, and each cell is judged against its beside_high.
ceilings_beside() {
    local d="$1" got
    got="$(python3 - "$d" <<'PY'
import csv, json, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/runs.csv")))
summ = {r["workload"]: r for r in csv.DictReader(open(d + "/summary.csv")) if r["model"] == "serial"}
beside = json.load(open(d + "/meta.json"))["sweep"]["beside"]
ok = len(rows) == 2 and beside["probes"] == 4 and beside["failed"] == 0
for r in rows:
    w, hi, lo = r["workload"], float(r["beside_high"] or 0), float(r["beside_low"] or 0)
    ok = ok and 0 < lo <= hi and w in summ and summ[w]["limit_of"] == {"triad": "triad_regular@1 beside",
                                                                       "pi": "fma@1 beside"}[w]
    ok = ok and abs(float(summ[w]["limit"] or 0) - hi) <= 0.001 * hi
print("yes" if ok else f"rows {[(r['workload'], r['beside_high'], r['beside_low']) for r in rows]}, beside {beside}, "
      f"summary {[(r['limit'], r['limit_of']) for r in summ.values()]}")
PY
)" || true
    DETAIL="$got"
    check "ceilings: a sweep measures the limit beside each triad and pi launch and judges the cell by it" \
        test "$got" == yes

    # a probe that fails beside the launches: the sweep goes on, judges by
    # the start's ceilings, and says what failed
    local fake="$d-fakebuild" entry
    mkdir -p "$fake/ceilings"
    for entry in "$BUILD"/*; do
        [[ "$(basename "$entry")" == ceilings* ]] || ln -s "$entry" "$fake/"
    done
    for entry in "$BUILD"/ceilings/*; do ln -s "$entry" "$fake/ceilings/"; done
    rm "$fake/ceilings/bandwidth"
    # shellcheck disable=SC2016 # the wrapper's own expansions
    printf '#!/bin/bash\nfor a in "$@"; do [[ "$a" != --at ]] || { echo "ceilings/bandwidth: mmap: out of memory" >&2; exit 3; }; done\nexec %q "$@"\n' \
        "$BUILD/ceilings/bandwidth" >"$fake/ceilings/bandwidth"
    chmod +x "$fake/ceilings/bandwidth"
    PARBENCH_BUILD="$fake" ceilings_sweep "$d-fail" --quiet
    got="$(python3 -c 'import json, sys; b = json.load(open(sys.argv[1]))["sweep"]["beside"]; print(b["probes"], b["failed"], b["problem"])' \
        "$d-fail/meta.json" 2>/dev/null || true)"
    if [[ "$RC" == 0 && "$got" == "4 2 ceilings/bandwidth: exit status 3: ceilings/bandwidth: mmap: out of memory" &&
        "$(ceilings_cell "$d-fail/summary.csv" limit_of)" == triad_regular@1 ]] &&
        grep -q "4 times, .* 2 failed, the first: ceilings/bandwidth: exit status 3" "$d-fail/report.md"; then
        pass "ceilings: a probe that fails beside the launches leaves the start's limit, and the report says so"
    else
        fail "ceilings: a probe that fails beside the launches leaves the start's limit, and the report says so" \
            "status $RC, beside: $got" "$ERR"
    fi
}

# scripts/ceilings: the CSV, its header, its best rows; its errors.
suite_ceilings_script() {
    local out="$TEST_TMP/ceilings" header want
    want="$(cd "$ROOT/scripts" && python3 -c 'from parbench import schema; print(",".join(schema.CEILINGS_COLUMNS))')"
    run_cmd "$ROOT/scripts/ceilings" --quick --out "$out"
    if [[ "$RC" != 0 || ! -s "$out/ceilings.csv" ]]; then
        fail "ceilings: scripts/ceilings --quick writes ceilings.csv" "status $RC" "$OUT" "$ERR"
        return
    fi
    pass "ceilings: scripts/ceilings --quick writes ceilings.csv"
    header="$(head -n 1 "$out/ceilings.csv")"
    DETAIL="header: $header; schema: $want"
    check "ceilings: ceilings.csv has the schema's header" [ "$header" == "$want" ]

    # by column name, whatever the order
    local problems
    problems="$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        {
            n++
            if ($c["verified"] != "yes") print "line " NR ": not verified"
            if ($c["kind"] != "omp_parallel" && !($c["value"] + 0 > 0)) print "line " NR ": value " $c["value"]
            if ($c["best"] == "yes") best[$c["kind"] " " $c["workers"]]++
            if ($c["kind"] == "triad_regular" && $c["workers"] == 1 && $c["best"] == "yes") bw1 = 1
        }
        END {
            if (!n) print "no rows"
            if (!bw1) print "no best triad_regular at 1 worker"
            for (k in best) if (best[k] != 1) print best[k] " best rows of " k
        }' "$out/ceilings.csv")"
    DETAIL="$problems"
    check "ceilings: every row verified, values positive, one best per kind and workers, a 1-worker bandwidth ceiling" \
        [ -z "$problems" ]
    DETAIL="$OUT"
    check "ceilings: scripts/ceilings prints the best triad_regular" grep -q '^triad_regular' <<<"$OUT"

    CATEGORY=input
    expect_usage "ceilings: scripts/ceilings refuses an unknown option" "unknown option" "$ROOT/scripts/ceilings" --bogus
    mkdir -p "$TEST_TMP/empty-build"
    PARBENCH_BUILD="$TEST_TMP/empty-build" expect_usage "ceilings: scripts/ceilings without probes says how to build them" \
        "make ceilings" "$ROOT/scripts/ceilings" --quick --out "$TEST_TMP/none"
    : >"$TEST_TMP/a-file"
    expect_usage "ceilings: scripts/ceilings --out on a file is refused" "not a directory" \
        "$ROOT/scripts/ceilings" --quick --out "$TEST_TMP/a-file"
    CATEGORY=fault
    PARBENCH_FAULT=wrong run_cmd "$ROOT/scripts/ceilings" --quick --out "$TEST_TMP/wrong"
    if [[ "$RC" == 1 && "$(line_count "$ERR")" == 1 && "$ERR" == *"did not verify"* && ! -e "$TEST_TMP/wrong/ceilings.csv" ]]; then
        pass "ceilings: a probe's wrong answer stops scripts/ceilings with status 1, one line, no CSV"
    else
        fail "ceilings: a probe's wrong answer stops scripts/ceilings with status 1, one line, no CSV" "status $RC" "$ERR"
    fi
    CATEGORY=""
}

# plots/roofline.gp on a made-up data file, in the C locale: a PNG, no
# word from gnuplot; a point of a model that is not its line type's stops it.
suite_ceilings_roofline() {
    if ! command -v gnuplot >/dev/null 2>&1; then
        skip "ceilings: plots/roofline.gp draws a roofline" "gnuplot is not installed"
        return
    fi
    local d="$TEST_TMP/roofline"
    mkdir -p "$d"
    (cd "$ROOT/scripts" && python3 -c 'from parbench import registry; print(registry.gnuplot_style(registry.load()))') \
        >"$d/models.gp"
    local lt=1 first
    first="$(registry_models | head -n 1)"
    printf '# workers bandwidth_gbps peak_gflops\n1 20 40\n2 30 80\n\n\n# lt model workload workers intensity gflops\n%s %s triad 1 0.0833 1.5\n%s %s pi 2 100 30\n' \
        "$lt" "$first" "$lt" "$first" >"$d/roof.dat"
    LC_ALL=C run_cmd gnuplot -c "$ROOT/plots/roofline.gp" "$d/roof.dat" "$d/roof.png" "a roofline" "a caption"
    if [[ "$RC" == 0 && -s "$d/roof.png" && -z "$ERR$OUT" ]]; then
        pass "ceilings: plots/roofline.gp draws a roofline, silently, under LC_ALL=C"
    else
        fail "ceilings: plots/roofline.gp draws a roofline, silently, under LC_ALL=C" "status $RC" "$OUT" "$ERR"
    fi
    printf '1 20 40\n\n\n%s not-%s triad 1 0.0833 1.5\n' "$lt" "$first" >"$d/bad.dat"
    LC_ALL=C run_cmd gnuplot -c "$ROOT/plots/roofline.gp" "$d/bad.dat" "$d/bad.png"
    if [[ "$RC" != 0 && "$ERR" == *"another model"* ]]; then
        pass "ceilings: plots/roofline.gp refuses a point whose model is not its line type's"
    else
        fail "ceilings: plots/roofline.gp refuses a point whose model is not its line type's" "status $RC" "$ERR"
    fi
}
