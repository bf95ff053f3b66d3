# shellcheck shell=bash disable=SC2034,SC2016
# Numbers a rerun would confirm: adaptive sampling (launches x repetitions
# within --budget), intervals in summary.csv, and comparisons.csv's
# verdicts. Stand-in binaries print times drawn around a known value, so the
# right verdict is known: pthreads made 10 % slower than serial is "slower"
# with an interval that excludes 1; two identical programs are a "tie".

# noisy_tree DIR: serial and pthreads "pi" stand-ins that print --reps
# result lines with seconds = BASE x (1 + up to 2 % noise); pthreads' BASE
# is 10 % larger when SLOWER=1 is in their environment.
noisy_tree() {
    local m
    for m in serial pthreads; do
        mkdir -p "$1/$m"
        cat >"$1/$m/pi" <<'SH'
#!/usr/bin/env bash
p=1 reps=3 s=5
for ((i = 1; i <= $#; i++)); do a="${!i}"; j=$((i + 1))
    [[ "$a" != --check ]] || exit 0
    [[ "$a" != --workers ]] || p="${!j}"
    [[ "$a" != --reps ]] || reps="${!j}"
    [[ "$a" != --size ]] || s="${!j}"
done
model="$(basename "$(dirname "$0")")"
base=10000
if [[ "$model" == pthreads && -n "${SLOWER:-}" ]]; then base=11000; fi
base=$((base / p))
for ((r = 1; r <= reps; r++)); do
    us=$((base + base * (RANDOM % 200) / 10000))
    printf 'workload=pi model=%s workers=%s size=%s rep=%d seconds=0.%06d checksum=3 verified=yes\n' \
        "$model" "$p" "$s" "$r" "$us"
done
SH
        chmod +x "$1/$m/pi"
    done
    printf 'CC=cc\nCFLAGS=-O2\n' >"$1/buildinfo"
}

# verdict_of FILE A B P: the verdict of A against B at P in comparisons.csv.
verdict_of() {
    awk -F, -v a="$2" -v b="$3" -v p="$4" '$3 == a && $4 == b && $2 == p { print $8 " " $5 " " $6 " " $7 }' "$1"
}

stats_adaptive() {
    local t="$TEST_TMP/noisy" d="$TEST_TMP/adaptive"
    noisy_tree "$t"
    PARBENCH_BUILD="$t" run_cmd "$ROOT/scripts/bench" --quiet --models serial,pthreads --workloads pi \
        --workers 1,2 --budget 8 --seed 3 --out "$d"
    DETAIL="status $RC; $ERR"
    check "stats: an adaptive sweep (--budget 8) exits 0 and writes comparisons.csv" \
        eval '[[ "$RC" == 0 && -s "$d/comparisons.csv" ]]'
    local launches reps
    launches="$(awk -F, 'NR > 1 && $2 == "serial" { print $19 }' "$d/runs.csv" | sort -u | wc -l)"
    reps="$(awk -F, 'NR > 1 && $2 == "serial"' "$d/runs.csv" | wc -l)"
    DETAIL="$launches launches, $reps repetitions"
    check "stats: a cell ran as several launches of several repetitions ($launches launches, $reps reps)" \
        eval '((launches >= 3 && reps > launches))'
    local bad
    bad="$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $c["median"] != "" && !($c["median_low"] <= $c["median"] && $c["median"] <= $c["median_high"] &&
                                $c["speedup_self_low"] <= $c["speedup_self"] && $c["speedup_self"] <= $c["speedup_self_high"])' \
        "$d/summary.csv")"
    DETAIL="$bad"
    check "stats: every median and speedup lies inside its interval in summary.csv" [ -z "$bad" ]
    local met
    met="$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["target_met"] }' "$d/summary.csv" | sort -u | tr '\n' ' ')"
    DETAIL="target_met: $met"
    check "stats: with 2 % noise, every cell reaches the ±2 % target within the budget" [ "$met" == "yes " ]
    local v
    v="$(verdict_of "$d/comparisons.csv" serial pthreads 1)"
    DETAIL="$v"
    check "stats: two identical programs are a tie ($v)" eval '[[ "$v" == tie* ]]'
    d="$TEST_TMP/adaptive-slow"
    SLOWER=1 PARBENCH_BUILD="$t" run_cmd "$ROOT/scripts/bench" --quiet --models serial,pthreads --workloads pi \
        --workers 1,2 --budget 8 --seed 3 --out "$d"
    v="$(verdict_of "$d/comparisons.csv" serial pthreads 1)"
    DETAIL="status $RC; $v"
    check "stats: pthreads made 10 % slower: serial is 'faster', its interval below 1 ($v)" \
        eval '[[ "$v" == faster* ]] && awk -v h="$(cut -d " " -f 4 <<<"$v")" "BEGIN { exit !(h < 1) }"'
    DETAIL="$OUT"
    check "stats: the terminal table marks serial as the significant winner at 1 worker" \
        eval 'grep -qE "^  serial +1 .* \*$" <<<"$OUT"'
    # the report needs gnuplot (make deps): without it this check fails, it does not pass
    DETAIL="$(command -v gnuplot >/dev/null || echo "gnuplot is not installed: no report")"
    check "stats: the report names the winner, and a tie as a tie" \
        grep -q "<td>pi</td><td>1</td><td>serial</td>" "$d/report.html"
}

# A process that keeps a core busy for the whole sweep: every launch is
# taken under heavy interference, the budget closes every cell, and each
# one gets one more launch after it.
stats_reruns() {
    local t="$TEST_TMP/noisy" d="$TEST_TMP/reruns" hog
    noisy_tree "$t"
    timeout 60 sh -c 'while :; do :; done' &
    hog=$!
    PARBENCH_BUILD="$t" run_cmd "$ROOT/scripts/bench" --quiet --models serial,pthreads --workloads pi \
        --workers 1 --budget 1 --seed 3 --out "$d"
    kill "$hog" 2>/dev/null || true
    wait "$hog" 2>/dev/null || true
    local again
    again="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["sweep"]["sampler"]["reruns"])' \
        "$d/meta.json" 2>&1)"
    DETAIL="status $RC; reruns $again; $(cut -d, -f1-3,19,24 "$d/runs.csv" 2>&1)"
    check "stats: cells whose launches all ran under interference get one more after the budget ($again)" \
        eval '[[ "$RC" == 0 && "$again" =~ ^[12]$ ]]'
}

stats_options() {
    local -a cases=("--budget 0|--budget" "--budget x|--budget" "--target 2|--target" "--target 0|--target"
        "--threshold 1.5|--threshold" "--reps 3 --budget 5|exclude each other")
    local c
    CATEGORY=input
    for c in "${cases[@]}"; do
        local -a words
        read -ra words <<<"${c%%|*}"
        expect_usage "stats: scripts/bench ${c%%|*} is refused" "${c#*|}" "$ROOT/scripts/bench" "${words[@]}" \
            --out "$TEST_TMP/never"
    done
    CATEGORY=""
}

suite_stats() {
    stats_options
    stats_adaptive
    stats_reruns
}
