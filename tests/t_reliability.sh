# shellcheck shell=bash disable=SC2034,SC2016
# The sweep's promises, one class at a time (README: "Reliability"). Each
# class is a table of cases, so that a new case is one more line: locking,
# locale, provenance, classification, process lifetime, path and markup
# safety, limits. Most cases run against stand-in binaries (fake_tree) so
# that they take milliseconds; the real ones where the binary is the point.

# ---- stand-ins ----------------------------------------------------------

# fake_tree DIR BODY: a build tree whose serial and pthreads "pi" run BODY
# (bash, after $p is set to --workers, $s to --size, and --check has exited 0), with a
# buildinfo of CFLAGS=-O2. Every process it starts carries $REL_MARK.
fake_tree() {
    local dir="$1" body="$2" m
    for m in serial pthreads; do
        mkdir -p "$dir/$m"
        {
            printf '#!/usr/bin/env bash\np=1\n'
            printf 's=5\nfor ((i = 1; i <= $#; i++)); do a="${!i}"; j=$((i + 1))\n'
            printf '    [[ "$a" != --check ]] || exit 0\n'
            printf '    [[ "$a" != --size ]] || s="${!j}"\n'
            printf '    [[ "$a" != --workers ]] || p="${!j}"; done\n'
            printf 'model="$(basename "$(dirname "$0")")"\n%s\n' "$body"
        } >"$dir/$m/pi"
        chmod +x "$dir/$m/pi"
    done
    printf 'CC=cc\nCFLAGS=-O2\n' >"$dir/buildinfo"
}

readonly REL_OK='echo "workload=pi model=$model workers=$p size=$s rep=1 seconds=0.001 checksum=3 verified=yes"'

# fake_bench DIR ARGS...: scripts/bench on the stand-in tree DIR (two
# models, pi, workers 1,2) with ARGS; sets RC, OUT, ERR.
fake_bench() {
    local dir="$1"
    shift
    REL_MARK="$REL_MARK" PARBENCH_BUILD="$dir" run_cmd "$ROOT/scripts/bench" --quiet \
        --models serial,pthreads --workloads pi --workers 1,2 "$@"
}

# marked: the processes that carry this suite's mark in their environment.
marked() {
    local f
    for f in /proc/[0-9]*/environ; do
        if grep -qaF "REL_MARK=$REL_MARK" "$f" 2>/dev/null; then
            f="${f#/proc/}"
            printf '%s ' "${f%/environ}"
        fi
    done
}

# wait_for COND SECONDS: waits until the command COND succeeds.
wait_for() {
    local i
    for ((i = 0; i < $2 * 20; i++)); do
        if eval "$1"; then return 0; fi
        sleep 0.05
    done
    return 1
}

rows_of() {
    if [[ -f "$1" ]]; then echo $(($(wc -l <"$1") - 1)); else echo 0; fi
}

# ---- locking ---------------------------------------------------------------

class_locking() {
    local t="$REL/lock" d pid before
    fake_tree "$t" 'sleep 0.2; '"$REL_OK"
    # a second sweep or a --resume while the first runs: refused, nothing lost
    local -a second=("--out|--out" "--resume|--resume")
    local c
    for c in "${second[@]}"; do
        d="$REL/lock-${c%%|*}"
        rm -rf "$d"
        REL_MARK="$REL_MARK" PARBENCH_BUILD="$t" "$ROOT/scripts/bench" --quiet --models serial \
            --workloads pi --reps 50 --out "$d" >/dev/null 2>&1 &
        pid=$!
        wait_for '(($(rows_of "$d/runs.csv") >= 1))' 10 || true
        before="$(md5sum "$d/plan.tsv" "$d/settings" 2>&1)"
        if [[ "${c#*|}" == --out ]]; then
            fake_bench "$t" --reps 5 --out "$d"
        else
            PARBENCH_BUILD="$t" run_cmd "$ROOT/scripts/bench" --quiet --resume "$d"
        fi
        local rows
        rows="$(rows_of "$d/runs.csv")"
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        if [[ "$RC" == 3 && "$ERR" == *"still working"* && "$before" == "$(md5sum "$d/plan.tsv" "$d/settings" 2>&1)" ]] &&
            ((rows >= 1)) && [[ "$(head -n 1 "$d/runs.csv")" == workload,* ]]; then
            pass "locking: ${c#*|} on a directory a sweep is using: refused, its plan, settings and rows kept"
        else
            fail "locking: ${c#*|} on a directory a sweep is using: refused, its plan, settings and rows kept" \
                "status $RC, $rows rows" "$ERR"
        fi
    done
    # two sweeps started together on one new directory: one runs, one is refused
    d="$REL/lock-race"
    local a b rca=0 rcb=0
    for a in 1 2 3; do
        rm -rf "$d"
        PARBENCH_BUILD="$t" "$ROOT/scripts/bench" --quiet --models serial --workloads pi --reps 2 --out "$d" \
            >/dev/null 2>"$REL/race.a" &
        b=$!
        PARBENCH_BUILD="$t" "$ROOT/scripts/bench" --quiet --models serial --workloads pi --reps 2 --out "$d" \
            >/dev/null 2>"$REL/race.b" || rcb=$?
        wait "$b" || rca=$?
        [[ "$((rca == 0)),$((rcb == 0))" != 1,1 && "$rca,$rcb" != *[12]* ]] || break
        [[ "$(rows_of "$d/runs.csv")" == 2 ]] || break
        rca=0 rcb=0
    done
    DETAIL="try $a: statuses $rca and $rcb, $(rows_of "$d/runs.csv") rows; $(cat "$REL/race.a" "$REL/race.b")"
    check "locking: two sweeps started at once on one --out: one runs whole, the other is refused (3 tries)" \
        [ "$rca,$rcb" == 0,0 ]
}

# ---- locale ----------------------------------------------------------------

class_locale() {
    local loc found="" run c
    for loc in de_DE.UTF-8 fr_FR.UTF-8; do
        if locale -a 2>/dev/null | grep -qix "${loc/UTF-8/utf8}"; then found+="$loc "; fi
    done
    if [[ -z "$found" ]]; then
        if [[ -n "${CI:-}" ]]; then
            fail "locale: plots, compare and the sweep in a comma-decimal locale" "no de_DE or fr_FR locale (locales package)"
        else
            skip "locale: plots, compare and the sweep in a comma-decimal locale" "no de_DE.UTF-8 or fr_FR.UTF-8 (apt-get install locales; locale-gen)"
        fi
        return
    fi
    run="$REL/loc-c"
    rm -rf "$run" && cp -r "$ROOT/tests/fixtures/run-small" "$run"
    LC_ALL=C "$ROOT/scripts/plots" "$run" >/dev/null 2>&1 || true
    for loc in $found; do
        c="$REL/loc-$loc"
        rm -rf "$c" && cp -r "$ROOT/tests/fixtures/run-small" "$c"
        LC_ALL="$loc" LANG="$loc" run_cmd "$ROOT/scripts/plots" "$c"
        DETAIL="status $RC; $ERR; $(diff -r "$run/plots/data" "$c/plots/data" | head -n 5 || true)"
        check "locale: $loc: scripts/plots writes the same data files as in C, no message" \
            eval '[[ "$RC" == 0 && -z "$ERR" ]] && diff -rq "$run/plots/data" "$c/plots/data" >/dev/null'
        # the last line names the run directory
        DETAIL="$(diff <(head -n -1 "$run/report.md") <(head -n -1 "$c/report.md") | head -n 5 || true)"
        check "locale: $loc: report.md is the same as in C" [ -z "$DETAIL" ]
        LC_ALL="$loc" run_cmd "$ROOT/scripts/compare" -o "$REL/cmp-$loc" "$run" "$c"
        DETAIL="status $RC; $ERR"
        check "locale: $loc: scripts/compare draws, no message" eval '[[ "$RC" == 0 && -z "$ERR" ]]'
        local t="$REL/loc-tree"
        fake_tree "$t" "$REL_OK"
        LC_ALL="$loc" fake_bench "$t" --reps 1 --out "$REL/loc-sweep-$loc"
        DETAIL="status $RC; $(cat "$REL/loc-sweep-$loc/summary.csv" 2>&1)"
        check "locale: $loc: the sweep's summary has medians of 0.001, with a decimal point" \
            grep -q '^pi,serial,1,1,1,[0-9]*,1,0.001,' "$REL/loc-sweep-$loc/summary.csv"
    done
}

# ---- provenance -------------------------------------------------------------

class_provenance() {
    local t="$REL/prov" d="$REL/prov-run"
    fake_tree "$t" "$REL_OK"
    rm -rf "$d"
    fake_bench "$t" --reps 2 --out "$d"
    # another build: refused; with --new-segment: a second segment in meta.json
    printf 'CC=cc\nCFLAGS=-O3 -march=native\n' >"$t/buildinfo"
    head -n 3 "$d/runs.csv" >"$d/runs.tmp" && mv "$d/runs.tmp" "$d/runs.csv"
    PARBENCH_BUILD="$t" run_cmd "$ROOT/scripts/bench" --quiet --resume "$d"
    if [[ "$RC" == 2 && "$ERR" == *"another build"* && "$(rows_of "$d/runs.csv")" == 2 ]]; then
        pass "provenance: --resume after a rebuild with other CFLAGS is refused, naming --new-segment"
    else
        fail "provenance: --resume after a rebuild with other CFLAGS is refused, naming --new-segment" "status $RC" "$ERR"
    fi
    PARBENCH_BUILD="$t" run_cmd "$ROOT/scripts/bench" --quiet --resume "$d" --new-segment
    DETAIL="status $RC; $ERR"
    check "provenance: --new-segment finishes it, and meta.json records 2 segments" eval \
        '[[ "$RC" == 0 ]] && python3 -c "import json,sys; sys.exit(json.load(open(sys.argv[1]))[\"segments\"] != 2)" "$d/meta.json"'
    # rows that are not the plan's: dropped, with the reason, then redone
    local -a foreign=(
        "a duplicated row|$(sed -n 2p "$d/runs.csv")"
        "a row of another size|$(sed -n 2p "$d/runs.csv" | awk -F, -v OFS=, '{ $6 = 77; print }')"
        "a row of no planned repetition|$(sed -n 2p "$d/runs.csv" | awk -F, -v OFS=, '{ $7 = 9; print }')"
        "a row with an extra column|$(sed -n 2p "$d/runs.csv"),extra")
    local c rows n
    for c in "${foreign[@]}"; do
        printf '%s\n' "${c#*|}" >>"$d/runs.csv"
        PARBENCH_BUILD="$t" run_cmd "$ROOT/scripts/bench" --quiet --resume "$d" --new-segment
        rows="$(rows_of "$d/runs.csv")"
        n="$(awk -F, 'NR > 1 { s += $7 } END { print s }' "$d/summary.csv")"
        if [[ "$RC" == 0 && "$rows" == 6 && "$n" == 6 && "$ERR" == *"dropped 1 row"* ]]; then
            pass "provenance: --resume drops ${c%%|*} and says why; 6 rows, n adds up to 6"
        else
            fail "provenance: --resume drops ${c%%|*} and says why; 6 rows, n adds up to 6" \
                "status $RC, $rows rows, n=$n" "$ERR"
        fi
    done
    DETAIL="$ERR"
    check "provenance: a row with an extra column is named as having more fields" eval '[[ "$ERR" == *"more than the header"* ]]'
    sed -i 's/$/\r/' "$d/runs.csv"
    PARBENCH_BUILD="$t" run_cmd "$ROOT/scripts/bench" --quiet --resume "$d" --new-segment
    DETAIL="status $RC; $ERR"
    check "provenance: a runs.csv with CRLF line ends is read, not refused" [ "$RC" == 0 ]
}

# ---- classification ------------------------------------------------------

class_classification() {
    # (what the stand-in does | the status it must get | a word of its reason in the log)
    local -a cases=(
        'echo "libgomp: Thread creation failed: Resource temporarily unavailable" >&2; exit 1|failed|Thread creation failed'
        'echo "mpirun: bad flag --frob" >&2; exit 1|failed|bad flag'
        'echo "workload=pi model=$model workers=$p size=5 rep=1 seconds=0.001 checksum=4 verified=no"; exit 1|wrong|verified=no'
        'exit 0|failed|no result line'
        'echo "workload=pi model=other workers=$p size=5 rep=1 seconds=0.001 checksum=3 verified=yes"|failed|does not match'
        'kill -SEGV $$|failed|signal 11'
        "$REL_OK|ok|")
    local c body want why t st log
    for c in "${cases[@]}"; do
        body="${c%%|*}" want="${c#*|}" why="${want#*|}" want="${want%%|*}"
        t="$REL/cls"
        rm -rf "$t" "$REL/cls-run"
        fake_tree "$t" "$body"
        PARBENCH_BUILD="$t" run_cmd "$ROOT/scripts/bench" --quiet --models serial --workloads pi --reps 1 \
            --out "$REL/cls-run"
        st="$(awk -F, 'NR == 2 { print $12 }' "$REL/cls-run/runs.csv" 2>/dev/null)"
        log="$(cat "$REL/cls-run/logs/serial-pi-P1.log" 2>/dev/null)"
        if [[ "$st" == "$want" && "$(tail -n 2 <<<"$log")" == *"$why"* ]]; then
            pass "classification: '${body:0:50}' is $want${why:+ ($why)}"
        else
            fail "classification: '${body:0:50}' is $want${why:+ ($why)}" "status '$st'" "$log"
        fi
    done
}

# ---- process lifetime -----------------------------------------------------

class_lifetime() {
    local t="$REL/life" d pid left
    fake_tree "$t" 'sleep 60 & sleep 60; '"$REL_OK"
    # SIGKILL of the sweep: its run's processes die with it
    d="$REL/life-kill"
    rm -rf "$d"
    REL_MARK="$REL_MARK" PARBENCH_BUILD="$t" "$ROOT/scripts/bench" --quiet --models serial --workloads pi \
        --reps 1 --timeout 100 --out "$d" >/dev/null 2>&1 &
    pid=$!
    wait_for '[[ -n "$(pgrep -f -- "$t/serial/pi" || true)" ]]' 10 || true
    kill -KILL "$pid"
    wait "$pid" 2>/dev/null || true
    wait_for '[[ -z "$(marked)" ]]' 6 || true
    left="$(marked)"
    DETAIL="left: $left"
    check "lifetime: SIGKILL of the sweep ends its running repetition within 6 s" [ -z "$left" ]
    # a stopped process group: the timeout still holds
    d="$REL/life-stop"
    rm -rf "$d"
    fake_tree "$t" 'kill -STOP 0; '"$REL_OK"
    SECONDS=0
    fake_bench "$t" --reps 1 --timeout 2 --out "$d"
    local took=$SECONDS st
    st="$(awk -F, 'NR > 1 { print $12 }' "$d/runs.csv" 2>/dev/null | sort -u | tr '\n' ' ')"
    DETAIL="status $RC, $took s, statuses $st; $ERR"
    check "lifetime: runs that stop their own process group time out after --timeout 2 ($took s for 3 runs)" \
        eval '[[ "$st" == "timeout " ]] && ((took < 30)) && [[ -z "$(marked)" ]]'
    # Ctrl-C while plotting: the sweep stops with 130, and gnuplot with it
    local bin="$REL/slow-gnuplot"
    mkdir -p "$bin"
    printf '#!/usr/bin/env bash\ntouch %q\nsleep 60\n' "$REL/plotting" >"$bin/gnuplot"
    chmod +x "$bin/gnuplot"
    fake_tree "$t" "$REL_OK"
    rm -f "$REL/plotting"
    d="$REL/life-plot"
    rm -rf "$d"
    REL_MARK="$REL_MARK" PATH="$bin:$PATH" PARBENCH_BUILD="$t" "$ROOT/scripts/bench" --quiet --models serial \
        --workloads pi --reps 1 --out "$d" >/dev/null 2>&1 &
    pid=$!
    wait_for '[[ -e "$REL/plotting" ]]' 20 || true
    kill -INT "$pid"
    local rc=0
    wait "$pid" || rc=$?
    wait_for '[[ -z "$(marked)" ]]' 5 || true
    DETAIL="status $rc; left: $(marked)"
    check "lifetime: Ctrl-C while the plots are drawn stops the sweep with 130, gnuplot too" \
        eval '[[ "$rc" == 130 && -z "$(marked)" ]]'
}

# ---- path and markup safety --------------------------------------------------

class_paths() {
    local run="$REL/hostile" trav="/tmp/parbench-trav-$$"
    rm -rf "$run" "$trav"*
    cp -r "$ROOT/tests/fixtures/run-small" "$run"
    # (what is planted | the file it goes into | what must not be in the reports)
    sed -i "2s|^[a-z]*,|../../../..$trav,|" "$run/summary.csv"
    sed -i '0,/,timeout,/s|,logs/[^,]*,|,javascript:alert(1),|' "$run/runs.csv"
    sed -i '0,/,failed,/s|,logs/[^,]*,|,../../../etc/passwd,|' "$run/runs.csv"
    python3 - "$run/meta.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["flags"]["CFLAGS"] = "<script>alert(1)</script> | `x` [a](javascript:alert(2))"
d["host"] = "<img src=x onerror=alert(3)>"
json.dump(d, open(sys.argv[1], "w"))
PY
    run_cmd "$ROOT/scripts/plots" "$run"
    local -a cases=(
        "nothing is written outside the run directory|[ -z \"\$(ls -d $trav* 2>/dev/null)\" ]"
        "a workload name with ../ is refused by name|[[ \"\$ERR\" == *'not a workload name'* ]]"
        "no javascript: link in report.html|! grep -q 'href=\"javascript' \"\$run/report.html\""
        "no javascript: link in report.md|! grep -q '](javascript' \"\$run/report.md\""
        "no link to a file outside the run|! grep -q 'etc/passwd\"' \"\$run/report.html\" && ! grep -q '](../' \"\$run/report.md\""
        "no raw <script or <img from meta.json in report.html|! grep -qE '<script|<img src=x' \"\$run/report.html\""
        "no raw <script or <img from meta.json in report.md|! grep -qE '<script|<img src=x' \"\$run/report.md\"")
    local c
    for c in "${cases[@]}"; do
        DETAIL="status $RC; $ERR"
        check "paths: a hostile run directory: ${c%%|*}" eval "${c#*|}"
    done
    # --out names that look like options are names
    local cwd="$REL/cwd" t="$REL/paths-tree"
    fake_tree "$t" "$REL_OK"
    mkdir -p "$cwd"
    for c in - --help é-dir; do
        rm -rf "${cwd:?}/$c"
        (cd "$cwd" && PARBENCH_BUILD="$t" "$ROOT/scripts/bench" --quiet --models serial --workloads pi --reps 1 \
            "--out=$c" >/dev/null 2>"$REL/out.err") && RC=0 || RC=$?
        DETAIL="status $RC; $(cat "$REL/out.err")"
        check "paths: --out=$c is a directory of that name in the working directory" \
            eval '[[ "$RC" == 0 && -f "$cwd/$c/runs.csv" ]]'
    done
}

# ---- limits and formats ----------------------------------------------------

class_limits() {
    local t="$REL/lim" d
    fake_tree "$t" "$REL_OK"
    # meta.json is JSON whatever the options and the environment hold
    local -a cases=("--timeout 010|" "--seed 000000001|" "--timeout 0.5|OMP_PLACES=$(printf '\xff\xfe')"
        "--timeout 7|OMP_WEIRD=$(printf 'a\"b\\\\c\nd\te\x01')")
    local c
    for c in "${cases[@]}"; do
        d="$REL/lim-run"
        rm -rf "$d"
        local -a opts env
        read -ra opts <<<"${c%%|*}"
        env=()
        [[ -z "${c#*|}" ]] || env=("${c#*|}")
        run_cmd env "${env[@]}" PARBENCH_BUILD="$t" "$ROOT/scripts/bench" --quiet --models serial \
            --workloads pi --reps 1 "${opts[@]}" --out "$d"
        DETAIL="status $RC; $ERR"
        local var="${c#*|}"
        check "limits: meta.json is JSON with ${c%%|*}${var:+ and an odd ${var%%=*}}" \
            eval '[[ "$RC" == 0 ]] && python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$d/meta.json"'
    done
    d="$REL/lim-tmp"
    rm -rf "$d"
    TMPDIR=/nonexistent/tmp fake_bench "$t" --reps 1 --out "$d"
    DETAIL="status $RC; $ERR"
    check "limits: an unwritable TMPDIR does not stop a sweep" [ "$RC" == 0 ]
    if has_model serial && "$BUILD/serial/pi" --help 2>/dev/null | grep -q -- '--check'; then
        run_cmd "$ROOT/scripts/bench" --dry-run --workloads pi --size pi=2000000000000 --out "$REL/never"
        if [[ "$RC" == 2 && "$(line_count "$ERR")" == 1 && "$ERR" == bench:*pi* && ! -e "$REL/never" ]]; then
            pass "limits: --size pi=2000000000000 is refused by the binary's own limit, before anything runs"
        else
            fail "limits: --size pi=2000000000000 is refused by the binary's own limit, before anything runs" \
                "status $RC" "$ERR"
        fi
    else
        fail "limits: the binaries validate a size with --check" "$BUILD/serial/pi --help has no --check"
    fi
}

suite_reliability() {
    REL="$TEST_TMP/rel"
    REL_MARK="parbench-rel-$$-$RANDOM"
    export REL_MARK
    mkdir -p "$REL"
    CATEGORY=fault
    class_locking
    class_classification
    class_lifetime
    class_provenance
    CATEGORY=input
    class_paths
    class_limits
    class_locale
    CATEGORY=""
}
