# shellcheck shell=bash disable=SC2034
# The scaling studies (scripts/bench --study): each one runs from one
# command with tiny sizes, every run verified; its rows carry the study
# columns in runs.csv and summary.csv; its figure and report section are
# drawn; a binding that does not hold (all workers on one CPU) is flagged
# and left out; scripts/run --bind and scripts/submit --study.

# csv_column FILE COLUMN: prints COLUMN of every row of the CSV FILE, one a
# line ("<absent>" when the file or column is missing).
csv_column() {
    python3 -c '
import csv, sys
try:
    with open(sys.argv[1], newline="") as f:
        rows = list(csv.DictReader(f))
except OSError:
    rows = None
if not rows or sys.argv[2] not in rows[0]:
    print("<absent>")
else:
    for r in rows:
        print(r[sys.argv[2]])' "$1" "$2"
}

# study_sweep DIR ARGS...: scripts/bench --quiet --out DIR ARGS..., in RC,
# OUT and ERR.
study_sweep() {
    local dir="$1"
    shift
    run_cmd "$ROOT/scripts/bench" --quiet --out "$dir" "$@"
}

# sweep_ok NAME DIR STUDY FIGURE HEADING: the sweep exited 0, every row of
# runs.csv is ok and verified and of STUDY, summary.csv has its rows, the
# figure plots/FIGURE.png was drawn and report.md has HEADING.
sweep_ok() {
    local name="$1" dir="$2" study="$3" figure="$4" heading="$5" problems=""
    [[ "$RC" == 0 ]] || problems+="status $RC; "
    [[ "$(csv_column "$dir/runs.csv" status | sort -u)" == ok ]] || problems+="a run not ok; "
    [[ "$(csv_column "$dir/runs.csv" verified | sort -u)" == yes ]] || problems+="a run not verified; "
    [[ "$(csv_column "$dir/runs.csv" study | sort -u)" == "$study" ]] || problems+="runs.csv study is not $study; "
    grep -q ",$study," "$dir/summary.csv" 2>/dev/null || problems+="no $study row in summary.csv; "
    [[ -s "$dir/plots/$figure.png" ]] || problems+="no plots/$figure.png; "
    grep -qxF "$heading" "$dir/report.md" 2>/dev/null || problems+="report.md has no '$heading'; "
    if [[ -z "$problems" ]]; then
        pass "$name"
    else
        fail "$name" "$problems" "$OUT" "$ERR" "$(cat "$dir/logs/plots.log" 2>/dev/null)"
    fi
}

studies_options() {
    expect_usage "studies: --study bogus is named, exit 2" "--study: 'bogus' is not a study" \
        "$ROOT/scripts/bench" --study bogus --dry-run
    expect_usage "studies: --study with --resume is refused" "--study cannot be combined with --resume" \
        "$ROOT/scripts/bench" --study weak --resume "$TEST_TMP"
    expect_usage "scripts/run --bind takes close, spread or none" "--bind: 'tight' is not close, spread or none" \
        "$ROOT/scripts/run" "$(plain_model)" pi 1 --bind tight
    local m
    m="$(built_where launch threads | first_line)"
    if [[ -n "$m" ]]; then
        expect_usage "scripts/run --bind refuses a model it cannot bind" "is not bound by scripts/run" \
            "$ROOT/scripts/run" "$m" pi 2 --bind close
    fi
}

# The plan of each study, as --dry-run prints it.
studies_plans() {
    local omp
    omp="$(built_where launch openmp | first_line)"
    if [[ -z "$omp" ]]; then
        skip "studies: the plans" "no OpenMP model is built"
        return
    fi
    run_cmd "$ROOT/scripts/bench" --dry-run --study weak --models "$omp" --workloads pi,spawn --workers 1,2,4 --reps 1
    if [[ "$RC" == 0 && "$OUT" == *"P=1 weak size 50000000 "* && "$OUT" == *"P=4 weak size 200000000 "* &&
        "$ERR" == *"spawn: no weak-scaling growth stated"* ]]; then
        pass "studies: the weak plan grows pi's size with the workers and leaves out spawn, saying so"
    else
        fail "studies: the weak plan grows pi's size with the workers and leaves out spawn, saying so" \
            "status $RC" "$OUT" "$ERR"
    fi
    run_cmd "$ROOT/scripts/bench" --dry-run --study size --models "$omp" --workloads triad --workers 1 --reps 1
    local n
    n="$(grep -c ' size: working set ' <<<"$OUT" || true)"
    if [[ "$RC" == 0 && "$OUT" == *"P=1 size: working set 8 KiB (--size 341) "* ]] && ((n >= 10)); then
        pass "studies: the size plan starts at 8 KiB of triad ($n working sets)"
    else
        fail "studies: the size plan starts at 8 KiB of triad ($n working sets)" "status $RC" "$OUT" "$ERR"
    fi
}

studies_sweeps() {
    local d="$TEST_TMP/studies" omp hy
    mkdir -p "$d"
    omp="$(built_where launch openmp | first_line)"
    hy="$(built_where launch hybrid | first_line)"
    if [[ -z "$omp" ]]; then
        skip "studies: the sweeps" "no OpenMP model is built"
        return
    fi
    study_sweep "$d/weak" --study weak --models "$(plain_model),$omp" --workloads pi --workers 1,2 --reps 1 \
        --size small
    sweep_ok "studies: weak runs from one command, verified, with its efficiency plot and section" \
        "$d/weak" weak pi-weak "## Weak study"
    if [[ "$(csv_column "$d/weak/runs.csv" size | sort -nu | paste -sd, -)" == 1000000,2000000 ]]; then
        pass "studies: weak runs pi at 1x and 2x its size"
    else
        fail "studies: weak runs pi at 1x and 2x its size" "$(csv_column "$d/weak/runs.csv" size | paste -sd, -)"
    fi

    study_sweep "$d/size" --study size --models "$(plain_model)" --workloads triad --workers 1 --reps 1
    sweep_ok "studies: size runs from one command, verified, with its bandwidth plot and section" \
        "$d/size" size triad-size "## Size study"
    if grep -q '"caches"' "$d/size/meta.json" && grep -q "L3\|L2" "$d/size/report.md"; then
        pass "studies: the size study records the machine's caches and names them"
    elif [[ ! -d /sys/devices/system/cpu/cpu0/cache ]]; then
        skip "studies: the size study records the machine's caches" "no caches in sysfs"
    else
        fail "studies: the size study records the machine's caches and names them" "$(grep -i cache "$d/size/report.md")"
    fi

    if [[ -n "$hy" ]]; then
        study_sweep "$d/hybrid" --study hybrid --models "$hy" --workloads pi --workers 2 --reps 1 --size small
        sweep_ok "studies: hybrid runs from one command, verified, with its split plot and section" \
            "$d/hybrid" hybrid pi-hybrid "## Hybrid study"
        local shapes
        shapes="$(paste -d x <(csv_column "$d/hybrid/runs.csv" ranks) <(csv_column "$d/hybrid/runs.csv" threads) |
            sort -u | paste -sd, -)"
        check "studies: hybrid runs 2 workers as 1x2 and 2x1 ($shapes)" [ "$shapes" == "1x2,2x1" ]
    else
        skip "studies: the hybrid sweep" "no hybrid model is built"
    fi

    local bm="$omp"
    study_sweep "$d/binding" --study binding --models "$bm" --workloads pi --workers 2 --reps 1 --size small
    sweep_ok "studies: binding runs from one command, verified, with its plot and section" \
        "$d/binding" binding pi-binding "## Binding study"
    check "studies: the binding column holds close, spread and none" \
        [ "$(csv_column "$d/binding/runs.csv" binding | sort -u | paste -sd, -)" == "close,none,spread" ]
    if (($(nproc) >= 2)); then
        DETAIL="$(csv_column "$d/binding/runs.csv" cpus | paste -sd' ' -)"
        check "studies: bound to cores, 2 workers ran on 2 CPUs, none flagged" \
            [ -z "$(csv_column "$d/binding/runs.csv" flags | grep stacked || true)" ]
    fi
}

# A binding that does not hold: the whole sweep restricted to one CPU, so
# that every run of 2 workers has them both on it.
studies_stacked() {
    local d="$TEST_TMP/studies/stacked" omp
    omp="$(built_where launch openmp | first_line)"
    if [[ -z "$omp" ]] || ! command -v taskset >/dev/null 2>&1; then
        skip "studies: a binding that does not hold is flagged" "needs an OpenMP model and taskset"
        return
    fi
    run_cmd taskset -c 0 "$ROOT/scripts/bench" --quiet --out "$d" --study binding --models "$omp" --workloads pi \
        --workers 2 --reps 1 --size small
    local flags
    flags="$(csv_column "$d/runs.csv" flags | sort -u | tr '\n' ' ')"
    if [[ "$RC" == 0 && "$flags" == *stacked* && "$(csv_column "$d/runs.csv" cpus | sort -u)" == 0 ]] &&
        grep -q "had all their workers on one CPU: the binding did not hold" "$d/report.md" &&
        [[ "$(csv_column "$d/summary.csv" stacked | sort -u)" == 1 && "$(csv_column "$d/summary.csv" n | sort -u)" == 0 ]]; then
        pass "studies: workers all on one CPU are flagged stacked, left out of the summary, and the report says why"
    else
        fail "studies: workers all on one CPU are flagged stacked, left out of the summary, and the report says why" \
            "status $RC, flags: $flags" "$OUT" "$ERR"
    fi
}

studies_submit() {
    local omp
    omp="$(built_where launch openmp | first_line)"
    [[ -n "$omp" ]] || return 0
    run_cmd env -u PARBENCH_BENCH -C "$TEST_TMP" "$ROOT/scripts/submit" --dry-run --cpus 2 --out sub \
        --study weak,binding --models "$omp" --workers 2 --reps 1
    if [[ "$RC" == 0 && "$OUT" == *"bench_args=(--study weak\\,binding"* ]]; then
        pass "studies: scripts/submit passes --study to the sweep of its job"
    else
        fail "studies: scripts/submit passes --study to the sweep of its job" "status $RC" "$OUT" "$ERR"
    fi
    expect_usage "studies: scripts/submit refuses --study bogus before submitting" "'bogus' is not a study" \
        env -u PARBENCH_BENCH -C "$TEST_TMP" "$ROOT/scripts/submit" --dry-run --cpus 2 --out sub2 --study bogus
}

suite_studies() {
    CATEGORY=input
    studies_options
    CATEGORY=""
    studies_plans
    if ! has_model "$(plain_model)"; then
        skip "studies: sweeps" "the baseline model is not built"
        return
    fi
    studies_sweeps
    studies_stacked
    studies_submit
}
