# shellcheck shell=bash disable=SC2034,SC2016
# Adding a model is its directory and one line of models.conf: in a copy of
# the checkout, a seventh model "tpool" (a copy of pthreads under another
# name) is added that way and nothing else. It must build with make, run in
# make bench, appear in every plot's data and key and in the report, and
# the model tests must run it.

# copy_tree DIR: the checkout's files (tracked, and new ones not ignored) in DIR.
copy_tree() {
    mkdir -p "$1"
    (cd "$ROOT" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$1" 2>/dev/null) ||
        (cd "$ROOT" && tar --exclude='./build*' --exclude=./results --exclude=./.git -cf - . | tar -C "$1" -xf -)
}

# add_model DIR: the new model's directory and its registry line, nothing else.
add_model() {
    local dir="$1"
    cp -r "$dir/pthreads" "$dir/tpool"
    sed -i 's/\.name = "pthreads"/.name = "tpool"/' "$dir/tpool/model.c"
    printf 'tpool      tpool     cc     -pthread  threads  #000000  4      asan\n' >>"$dir/models.conf"
}

suite_newmodel() {
    if ! command -v git >/dev/null 2>&1 || [[ ! -d "$ROOT/.git" ]]; then
        skip "newmodel: a model added as a directory and one registry line" "not a git checkout"
        return
    fi
    local copy="$TEST_TMP/copy" run="$TEST_TMP/copy/results/new"
    copy_tree "$copy"
    add_model "$copy"
    local changed
    changed="$(diff -rq -x 'build*' -x results -x .git -x __pycache__ "$ROOT" "$copy" 2>&1 |
        sed "s|$copy|.|g; s|$ROOT|.|g" | grep -vx -e 'Files ./models.conf and ./models.conf differ' \
        -e 'Only in .: tpool' || true)"
    DETAIL="$changed"
    check "newmodel: the copy differs from the checkout in models.conf and tpool/ only" [ -z "$changed" ]

    run_cmd make -s -C "$copy" -j2 all
    DETAIL="status $RC; $(tail -n 5 <<<"$ERR")"
    check "newmodel: make builds build/tpool/ with every workload" \
        eval '[[ "$RC" == 0 && -x "$copy/build/tpool/pi" && -x "$copy/build/tpool/sleep" ]]'
    TEST_TIMEOUT=300 run_cmd make -s -C "$copy" bench \
        BENCH_ARGS="--models serial,tpool,pthreads --workloads pi,sleep,triad --workers 1,2 --reps 1 --size small --quiet --out $run"
    local problems=""
    [[ "$RC" == 0 ]] || problems+="make bench: status $RC; "
    [[ "$(grep -c ',tpool,.*,yes,ok,' "$run/runs.csv" 2>/dev/null)" == 6 ]] || problems+="not 6 ok tpool rows; "
    local f
    for f in pi.dat sleep.dat triad.dat triad-gbps.dat; do
        grep -q ' tpool ' "$run/plots/data/$f" 2>/dev/null || problems+="no tpool in $f; "
    done
    grep -q '^workload .*tpool' "$run/plots/data/overview.dat" 2>/dev/null || problems+="no tpool in the overview; "
    for f in pi-speedup pi-efficiency pi-time sleep-speedup triad-bandwidth overview; do
        grep -q '>tpool' "$run/plots/$f.svg" 2>/dev/null || problems+="no tpool in the key of $f.svg; "
    done
    grep -q '<td>tpool</td>' "$run/report.html" 2>/dev/null || problems+="no tpool in report.html; "
    grep -q '| tpool |' "$run/report.md" 2>/dev/null || problems+="no tpool in report.md; "
    DETAIL="$problems $(tail -n 5 <<<"$ERR")"
    check "newmodel: make bench runs tpool; it is in the data, the key of every plot, and the report" [ -z "$problems" ]

    PARBENCH_BUILD="$copy/build" TEST_TIMEOUT=300 run_cmd "$copy/tests/run" --suite models
    DETAIL="$(grep -E '^FAIL|passed' <<<"$OUT" | head -n 5)"
    check "newmodel: the model tests run tpool, and pass" \
        eval '[[ "$RC" == 0 && "$OUT" == *"tpool"* && "$OUT" == *" 0 failed"* ]]'
}
