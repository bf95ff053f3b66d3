# Plots and report from the committed run directory
# tests/fixtures/run-small/ (every workload, failed, timed-out and wrong
# repetitions): valid PNG, SVG and PDF files, a report that names every
# workload and lists the failed runs, Amdahl fits in summary.csv, a clear
# message without gnuplot, scripts/compare, and report.html in Chromium.
# shellcheck shell=bash disable=SC2034,SC2016

readonly PLOT_FIXTURE="$ROOT/tests/fixtures/run-small"
readonly PLOT_WORKLOAD_LIST="sleep pi mandelbrot triad stencil spawn"

# is_png FILE: FILE starts with the 8-byte PNG signature and has more.
is_png() {
    [[ -s "$1" ]] && [[ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]] &&
        (($(wc -c <"$1") > 1000))
}

# is_svg FILE: FILE starts as XML or SVG and closes its <svg>.
is_svg() {
    [[ -s "$1" ]] && head -c 200 "$1" | grep -qE '^(<\?xml|<svg)' && grep -q '</svg>' "$1"
}

is_pdf() {
    [[ -s "$1" ]] && [[ "$(head -c 5 "$1")" == "%PDF-" ]] && tail -c 64 "$1" | grep -q '%%EOF'
}

# bad_figures DIR EXT CHECK STEMS...: prints the figures DIR/STEM.EXT that
# are missing or fail CHECK.
bad_figures() {
    local dir="$1" ext="$2" check="$3" stem
    shift 3
    for stem in "$@"; do
        "$check" "$dir/$stem.$ext" || printf '%s.%s ' "$stem" "$ext"
    done
}

# expected_figures: the figures the fixture must give.
expected_figures() {
    local w
    echo overview triad-bandwidth stencil-updates spawn-cost spawn-time
    # spawn measures the cost of workers: no speedup or efficiency figure
    for w in $PLOT_WORKLOAD_LIST; do
        if [[ "$w" != spawn ]]; then echo "$w-speedup" "$w-efficiency" "$w-time"; fi
        echo "$w-resources"
    done
}

# summary_column FILE NAME: the values of column NAME, as "workload model
# workers value" lines.
summary_column() {
    awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        { print $c["workload"], $c["model"], $c["workers"], (name in c) ? $c[name] : "MISSING" }' "$1"
}

plots_figures_and_report() {
    local run="$TEST_TMP/plots-run" figs bad w
    rm -rf "$run"
    cp -r "$PLOT_FIXTURE" "$run"
    local start=$SECONDS
    FORMAT=pdf run_cmd "$ROOT/scripts/plots" "$run"
    local took=$((SECONDS - start))
    DETAIL="$OUT $ERR"
    check "plots: scripts/plots draws the fixture run and exits 0 ($took s)" [ "$RC" == 0 ]
    DETAIL="$ERR"
    check "plots: no messages from gnuplot on the fixture" [ -z "$ERR" ]
    mapfile -t figs < <(expected_figures | tr ' ' '\n')
    bad="$(bad_figures "$run/plots" png is_png "${figs[@]}")"
    DETAIL="$bad"
    check "plots: ${#figs[@]} PNG figures, each a valid PNG" [ -z "$bad" ]
    bad="$(bad_figures "$run/plots" svg is_svg "${figs[@]}")"
    DETAIL="$bad"
    check "plots: ${#figs[@]} SVG figures, each a complete SVG" [ -z "$bad" ]
    bad="$(bad_figures "$run/plots" pdf is_pdf "${figs[@]}")"
    DETAIL="$bad"
    check "plots: FORMAT=pdf adds a PDF of each figure" [ -z "$bad" ]

    local svg="$run/plots/pi-speedup.svg" missing=""
    for w in bench-2c "AMD EPYC 7B13" "gcc 12.2.0" "size 100000000"; do
        grep -qF -- "$w" "$svg" || missing+="'$w' "
    done
    DETAIL="missing: $missing"
    check "plots: titles and captions name the machine, the compiler and the size" [ -z "$missing" ]

    # The good repetitions of a configuration with failures are plotted;
    # a configuration without any is not.
    local dat="$run/plots/data/stencil.dat"
    if grep -q '^6 hybrid 2 ' "$dat" && ! grep -q '^6 hybrid 4 ' "$dat" && grep -q '^5 mpi 4 ' "$run/plots/data/pi.dat"; then
        pass "plots: failed repetitions are left out, the good ones of the same sweep plotted"
    else
        fail "plots: failed repetitions are left out, the good ones of the same sweep plotted" "$(cat "$dat")"
    fi

    local html="$run/report.html" md="$run/report.md" absent=""
    for w in $PLOT_WORKLOAD_LIST; do
        grep -q "<h2>$w</h2>" "$html" || absent+="$w "
    done
    DETAIL="absent: $absent"
    check "report: report.html has a section for every workload" [ -z "$absent" ]
    local rows
    rows="$(grep -cE '<tr><td>(pi|mandelbrot|stencil)</td><td>(mpi|fork|hybrid)</td><td>4</td><td>[0-9]</td><td>(timeout|wrong|failed)</td>' "$html" || true)"
    if [[ "$rows" == 5 ]] && grep -q 'stencil, hybrid, 4 workers (3 failed)' "$html" &&
        grep -q 'href="logs/pi-mpi-4.log"' "$html"; then
        pass "report: lists the 5 failed repetitions with their logs, and the configuration left out"
    else
        fail "report: lists the 5 failed repetitions with their logs, and the configuration left out" "$rows failed rows found"
    fi
    absent=""
    for w in $PLOT_WORKLOAD_LIST; do
        [[ "$w" == spawn ]] && w=spawn-cost || w="$w-speedup"
        grep -q "src=\"plots/$w.png\"" "$html" || absent+="$w "
    done
    grep -q 'src="plots/overview.png"' "$html" || absent+="overview "
    DETAIL="absent: $absent"
    check "report: shows the overview, every workload's speedup plot and spawn's cost" [ -z "$absent" ]
    if grep -qiE '<script|(src|href)="(https?:)?//' "$html"; then
        fail "report: report.html loads nothing from the network and runs no script" \
            "$(grep -iE '<script|(src|href)="(https?:)?//' "$html" | head -3)"
    else
        pass "report: report.html loads nothing from the network and runs no script"
    fi
    absent=""
    for w in $PLOT_WORKLOAD_LIST; do
        grep -q "^## $w\$" "$md" || absent+="$w "
    done
    if [[ -z "$absent" ]] && grep -q '| stencil | hybrid | 4 | 3 | failed | no |' "$md" &&
        grep -q '(plots/pi-speedup.png)' "$md"; then
        pass "report: report.md has every workload, its plots and the failed runs"
    else
        fail "report: report.md has every workload, its plots and the failed runs" "absent: $absent"
    fi

    plots_amdahl "$run"
    plots_again "$run"
    plots_chromium "$run"
}

# plots_amdahl RUN: summary.csv has plausible Amdahl fits. The fixture's
# machine has 2 cores, so each fit uses the 2-worker point alone and is
# exact; the same runs summarized for 4 cores fit 2 and 4 workers, with errors.
plots_amdahl() {
    local run="$1" f e problems
    f="$(summary_column "$run/summary.csv" amdahl_f)"
    e="$(summary_column "$run/summary.csv" amdahl_f_err)"
    # sleep and pi scale almost perfectly up to the cores; serial has no fit
    problems="$(paste -d ' ' <(printf '%s\n' "$f") <(printf '%s\n' "$e" | cut -d ' ' -f 4) | awk '
        $4 == "MISSING" || $5 == "MISSING" { print "no column: " $0; next }
        $2 == "serial" || $1 == "spawn" { if ($4 != "") print "fitted: " $0; next }
        $4 == "" { print "no fit: " $0; next }
        $5 != "" { print "an error where the fit is exact: " $0 }
        $1 == "sleep" && ($4 < -0.02 || $4 > 0.05) { print "sleep f: " $0 }
        $1 == "pi" && ($4 < 0 || $4 > 0.1) { print "pi f: " $0 }')"
    DETAIL="$problems"
    check "amdahl: on 2 cores, an exact fit from the 2-worker point, not from oversubscribed ones" \
        [ -z "$problems" ]
    local four="$TEST_TMP/four-cores"
    rm -rf "$four"
    run_cmd "$ROOT/tests/fixtures/make-run-small.sh" "$four" 4
    run_cmd "$ROOT/scripts/plots" "$four"
    # stencil/hybrid has one good worker count above 1 (its fit is exact)
    e="$(summary_column "$four/summary.csv" amdahl_f_err | awk '$2 != "serial" && $1 != "spawn" &&
        !($1 == "stencil" && $2 == "hybrid") && ($4 == "" || $4 < 0)')"
    if [[ "$RC" == 0 && -z "$e" ]]; then
        pass "amdahl: with 4 cores, 2 and 4 workers are fitted, each with an error"
    else
        fail "amdahl: with 4 cores, 2 and 4 workers are fitted, each with an error" "status $RC" "$e" "$ERR"
    fi
    if grep -q 'pthreads  f = 0.30[0-9] ± 0.1[0-9][0-9]' "$four/plots/pi-speedup.svg"; then
        pass "amdahl: the fit is drawn on the speedup plot, f and its error in the key"
    else
        fail "amdahl: the fit is drawn on the speedup plot, f and its error in the key" \
            "$(grep -o 'pthreads [^<]*' "$four/plots/pi-speedup.svg" | head -2)"
    fi
}

# plots_again RUN: a second run redraws everything and never changes
# summary.csv, whose mode stays what the umask gave it.
plots_again() {
    local run="$1" before mode
    before="$(cat "$run/summary.csv")"
    chmod 0644 "$run/summary.csv"
    run_cmd "$ROOT/scripts/plots" "$run"
    mode="$(stat -c %a "$run/summary.csv")"
    if [[ "$RC" == 0 && "$before" == "$(cat "$run/summary.csv")" && "$mode" == 644 ]] && is_png "$run/plots/overview.png"; then
        pass "plots: running it again redraws everything and leaves summary.csv as it was (mode 644)"
    else
        fail "plots: running it again redraws everything and leaves summary.csv as it was (mode 644)" \
            "mode $mode" "$ERR" "$(head -n 2 "$run/summary.csv")"
    fi
}

# chromium_dom HTML: prints Chromium's DOM of HTML after it loaded; its
# console goes to $TEST_TMP/console.
chromium_dom() {
    local profile
    profile="$(mktemp -d "$TEST_TMP/chromium.XXXXXX")"
    timeout --kill-after=5 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --enable-logging=stderr --v=0 --virtual-time-budget=5000 \
        --dump-dom "file://$1" 2>"$TEST_TMP/console" || true
    rm -rf "$profile"
}

# with_image_probe HTML OUT [EXTRA]: copies HTML to OUT with a script that
# puts "IMAGES n BAD k" (k images that did not load) into the title, and
# EXTRA before it. Only the test's copy gets a script.
with_image_probe() {
    local probe='<script>window.addEventListener("load", function () { var bad = 0, i, m;
for (i = 0; i < document.images.length; i++) { m = document.images[i]; if (!(m.complete && m.naturalWidth > 0)) bad++; }
document.title = "IMAGES " + document.images.length + " BAD " + bad; });</script>'
    awk -v add="${3:-}$probe" '/<\/body>/ { print add } { print }' "$1" >"$2"
}

# console_errors: the console messages Chromium logged.
console_errors() {
    grep -E ':CONSOLE|Uncaught' "$TEST_TMP/console" || true
}

# plots_chromium RUN: report.html renders with every image, no console error.
plots_chromium() {
    local run="$1" dom title
    CHROMIUM="$(command -v chromium || command -v chromium-browser || true)"
    if [[ -z "$CHROMIUM" ]]; then
        skip "report: report.html in headless Chromium" "chromium is not installed (apt-get install chromium)"
        return
    fi
    # The check must see what it looks for: a broken image and a script error.
    with_image_probe "$run/report.html" "$run/.probe-broken.html" '<img src="plots/no-such.png"><script>noSuchFunction();</script>'
    dom="$(chromium_dom "$run/.probe-broken.html")"
    title="$(grep -o '<title>IMAGES [0-9]* BAD [0-9]*</title>' <<<"$dom" || true)"
    if [[ "$title" != *" BAD 1<"* || -z "$(console_errors)" ]]; then
        fail "report: the Chromium check sees a broken image and a console error" "title: $title" "$(tail -5 "$TEST_TMP/console")"
        return
    fi
    pass "report: the Chromium check sees a broken image and a console error"

    with_image_probe "$run/report.html" "$run/.probe.html"
    dom="$(chromium_dom "$run/.probe.html")"
    title="$(grep -o '<title>IMAGES [0-9]* BAD [0-9]*</title>' <<<"$dom" || true)"
    local expected
    expected="$(grep -o '<img ' "$run/report.html" | wc -l)"
    DETAIL="title: ${title:-none}; $(tail -5 "$TEST_TMP/console")"
    check "report: Chromium loads report.html with all its $expected images" [ "$title" == "<title>IMAGES $expected BAD 0</title>" ]
    DETAIL="$(console_errors)"
    check "report: no console errors in Chromium" [ -z "$DETAIL" ]
    rm -f "$run/.probe.html" "$run/.probe-broken.html"
}

plots_without_gnuplot() {
    local bin="$TEST_TMP/no-gnuplot-bin" tool path
    mkdir -p "$bin"
    for tool in timeout bash env dirname basename cat awk sed grep sort uniq cut paste comm mkdir rm mv cp \
        mktemp head tail tr wc nproc od; do
        path="$(command -v "$tool" || true)"
        if [[ -n "$path" && ! -e "$bin/$tool" ]]; then ln -s "$path" "$bin/$tool"; fi
    done
    ln -sf "$(python3 -c 'import sys; print(sys.executable)')" "$bin/python3"
    cp -r "$PLOT_FIXTURE" "$TEST_TMP/no-gnuplot-run"
    PATH="$bin" run_cmd "$ROOT/scripts/plots" "$TEST_TMP/no-gnuplot-run"
    DETAIL="status $RC: $ERR"
    if [[ "$RC" == 2 && "$(printf '%s\n' "$ERR" | wc -l)" == 1 && "$ERR" == *"gnuplot not found"* && "$ERR" == *"make deps"* ]]; then
        pass "plots: without gnuplot, one line naming it and 'make deps', status 2"
    else
        fail "plots: without gnuplot, one line naming it and 'make deps', status 2" "$DETAIL"
    fi
    PATH="$bin" run_cmd "$ROOT/scripts/compare" "$PLOT_FIXTURE" "$PLOT_FIXTURE"
    if [[ "$RC" == 2 && "$ERR" == *"gnuplot not found"* ]]; then
        pass "compare: without gnuplot, the same message"
    else
        fail "compare: without gnuplot, the same message" "status $RC: $ERR"
    fi
}

# plots_c_locale: gnuplot itself, in the C and POSIX locales that containers
# and CI have, draws the fixture's figures without a word (it once warned
# "iconv failed to convert degree sign" on every figure).
plots_c_locale() {
    local run="$TEST_TMP/c-locale" loc said=""
    rm -rf "$run"
    cp -r "$PLOT_FIXTURE" "$run"
    "$ROOT/scripts/plots" "$run" >/dev/null 2>&1 || true
    for loc in C POSIX; do
        said+="$(LC_ALL="$loc" gnuplot -c "$ROOT/plots/speedup.gp" "$run/plots/data/pi-speedup.dat" \
            "$run/c.svg" "pi: 2 → 4 × µ²" "caption" 2 "$run/plots/data/pi.fits" 2>&1)"
        said+="$(LC_ALL="$loc" gnuplot -c "$ROOT/plots/overview.gp" "$run/plots/data/overview.dat" \
            "$run/c.png" "overview" "caption" 2>&1)"
    done
    DETAIL="$said"
    check "plots: gnuplot in the C and POSIX locales draws with UTF-8 labels and says nothing" \
        eval '[[ -z "$said" ]] && is_svg "$run/c.svg" && is_png "$run/c.png"'
}

plots_usage() {
    mkdir -p "$TEST_TMP/empty-run"
    run_cmd "$ROOT/scripts/plots" "$TEST_TMP/empty-run"
    if [[ "$RC" == 2 && "$ERR" == *"summary.csv"* ]]; then
        pass "plots: a directory without summary.csv is refused with status 2"
    else
        fail "plots: a directory without summary.csv is refused with status 2" "status $RC: $ERR"
    fi
    run_cmd make -s -C "$ROOT" plots RUN=
    if [[ "$RC" != 0 && "$ERR" == *"RUN="* ]]; then
        pass "make plots without RUN says how to name the run directory"
    else
        fail "make plots without RUN says how to name the run directory" "status $RC: $ERR"
    fi
}

plots_compare() {
    local a="$TEST_TMP/cmp-a" b="$TEST_TMP/cmp-b" out="$TEST_TMP/cmp-out" bad w
    cp -r "$PLOT_FIXTURE" "$a"
    cp -r "$PLOT_FIXTURE" "$b"
    sed -i 's/"host": "[^"]*"/"host": "second-machine"/' "$b/meta.json"
    run_cmd "$ROOT/scripts/compare" -o "$out" "$a" "$b"
    DETAIL="$OUT $ERR"
    check "compare: scripts/compare exits 0 on two runs" [ "$RC" == 0 ]
    bad=""
    # spawn measures a cost, not a speedup: no figure
    for w in $PLOT_WORKLOAD_LIST; do
        [[ "$w" != spawn ]] || continue
        is_png "$out/$w.png" && is_svg "$out/$w.svg" || bad+="$w "
    done
    [[ "$(find "$out" -maxdepth 1 -name '*.png' | wc -l)" == 5 ]] || bad+="(not 5 PNG files)"
    DETAIL="$bad"
    check "compare: one figure per workload with a speedup, PNG and SVG" [ -z "$bad" ]
    DETAIL="$OUT"
    check "compare: it prints B over A per cell with an interval and a verdict, and compare.csv" \
        eval 'grep -qE "^  pi +pthreads +P=2 +1\.0000 \[0\.9[0-9]{3}-1\.0[0-9]{3}\] tie$" <<<"$OUT" && [[ -s "$out/compare.csv" ]]'
    check "compare: it names what differs in meta.json first" eval 'grep -q "host: bench-2c  ->  second-machine" <<<"$OUT"'
    DETAIL="$(grep -c second-machine "$out/pi.svg" 2>&1)"
    check "compare: each panel names its run's machine" grep -q second-machine "$out/pi.svg"
}

# plots_edge: a workload without a single good repetition, a model without
# its 1-worker run, a model the style does not know, no meta.json.
plots_edge() {
    local run="$TEST_TMP/edge-run"
    mkdir -p "$run"
    {
        echo "workload,model,workers,ranks,threads,size,n,median,min,max,spread,speedup_serial,speedup_self,efficiency,karp_flatt,gbps,mlups,cold_us,warm_us,failed"
        echo "pi,serial,1,,,1000,3,0.5,0.49,0.51,0.04,1,1,1,,,,,,0"
        echo "pi,openmp,2,,2,1000,3,0.26,0.25,0.27,0.07,1.92,,,,,,,,0"
        echo "pi,cuda,1,,,1000,3,0.1,0.1,0.1,0,5,1,1,,,,,,0"
        echo "dead,serial,1,,,10,0,,,,,,,,,,,,,3"
    } >"$run/summary.csv"
    {
        echo "workload,model,workers,ranks,threads,size,rep,seconds,wall_seconds,checksum,verified,status,gbps,mlups,cold_us,warm_us,log"
        echo "dead,serial,1,,,10,1,,,,no,failed,,,,,logs/dead.log"
    } >"$run/runs.csv"
    run_cmd "$ROOT/scripts/plots" "$run"
    if [[ "$RC" == 0 && "$ERR" == *"model cuda is not in models.conf"* && "$ERR" != *gnuplot* ]] &&
        is_png "$run/plots/pi-speedup.png" && grep -q '<h2>dead</h2>' "$run/report.html" &&
        grep -q 'dead, serial, 1 workers (3 failed)' "$run/report.html" && grep -q 'machine unknown' "$run/report.md"; then
        pass "plots: a workload with no good run, an unknown model and no meta.json still give plots and a report"
    else
        fail "plots: a workload with no good run, an unknown model and no meta.json still give plots and a report" \
            "status $RC" "$ERR"
    fi
}

suite_plots() {
    if ! command -v gnuplot >/dev/null 2>&1; then
        skip "plots and report" "gnuplot is not installed (make deps)"
        plots_without_gnuplot
        return
    fi
    plots_figures_and_report
    plots_without_gnuplot
    plots_c_locale
    plots_usage
    plots_edge
    plots_compare
}
