# Unit tests of the data side (scripts/parbench) in Python: tests/py/test_*.py,
# run by `python3 -m unittest discover -s tests/py -v` from the root. Each
# unittest test is one check here: ok, FAIL (with its traceback) or skip.
# shellcheck shell=bash disable=SC2034

# The line unittest prints between its progress and its report, and after it.
PY_RULE_EQ="======================================================================"
PY_RULE_DASH="----------------------------------------------------------------------"

suite_python() {
    if ! command -v python3 >/dev/null 2>&1; then
        fail "python: python3 is installed" \
            "scripts/bench, scripts/plots and scripts/compare need python3 3.9 or later (make deps installs it)"
        return
    fi
    run_cmd python3 -c 'import sys; print("%d.%d" % sys.version_info[:2]); sys.exit(sys.version_info < (3, 9))'
    DETAIL="python3 is $OUT $ERR"
    check "python: python3 is 3.9 or later" [ "$RC" == 0 ]

    # from the root; scratch files in the suite's directory, no __pycache__ in the tree
    run_cmd env -C "$ROOT" TMPDIR="$TEST_TMP" PYTHONDONTWRITEBYTECODE=1 \
        python3 -m unittest discover -s tests/py -v
    local rc="$RC" report="$ERR" status id detail ran="" n=0 failures=0
    while IFS=$'\t' read -r status id detail; do
        detail="${detail//$'\036'/$'\n'}"
        case "$status" in
            RAN) ran="$id" ;;
            pass) n=$((n + 1)); pass "python: $id" ;;
            skip) n=$((n + 1)); skip "python: $id" "$detail" ;;
            *) n=$((n + 1)); failures=$((failures + 1)); fail "python: $id" "$detail" ;;
        esac
    done < <(py_results <<<"$report")

    local tail_of_report
    tail_of_report="$(tail -n 30 <<<"$report")"
    if [[ -z "$ran" ]]; then
        fail "python: unittest runs the tests in tests/py" "status $rc; no 'Ran N tests' line" "$tail_of_report"
    elif ((ran == 0)); then
        fail "python: unittest finds tests in tests/py" "Ran 0 tests" "$tail_of_report"
    elif ((n < ran)); then
        fail "python: every test reports a result" "unittest ran $ran tests; $n results read" "$tail_of_report"
    fi
    if [[ "$rc" != 0 ]] && ((failures == 0)); then
        fail "python: unittest exits 0" "status $rc (124 or 137: killed after ${TEST_TIMEOUT:-120} s)" \
            "$tail_of_report"
    fi
}

# py_results < REPORT: reads what `python3 -m unittest -v` wrote on stderr
# and prints one line per test: STATUS<TAB>ID<TAB>DETAIL, where STATUS is
# pass, skip or fail, ID is module.Class.test and DETAIL (newlines as \036)
# is the reason or the traceback; then RAN<TAB>N when unittest said how many
# tests it ran. It reads both forms of the progress lines:
#   test_x (module.Class.test_x) ... ok        (Python 3.11 and later)
#   test_x (module.Class) ... ok               (before)
#   test_x (module.Class.test_x)               (a docstring: its first line
#   Its docstring ... ok                        follows, then the result)
# A test whose subtests failed gets no result there; the report's
# "FAIL: test_x (...)" and "ERROR: ..." headers decide for every test.
py_results() {
    awk -v eq="$PY_RULE_EQ" -v dash="$PY_RULE_DASH" '
        function id_of(desc,    name, paren) {
            name = desc; sub(/ .*/, "", name)
            paren = desc; sub(/^[^ ]* \(/, "", paren); sub(/\).*$/, "", paren)
            if (length(paren) > length(name) && substr(paren, length(paren) - length(name)) == "." name)
                return paren
            return paren "." name
        }
        function add(id) {
            if (!(id in seen)) { seen[id] = 1; order[++count] = id }
        }
        function note(id, text) {
            detail[id] = (detail[id] == "" ? "" : detail[id] "\036") text
        }
        BEGIN { phase = 1; cur = ""; ran = "" }
        phase == 1 && ($0 == eq || $0 == dash) { phase = 2 }
        phase == 1 {
            if ($0 ~ /^  /) next  # a failed subtest (3.11): its header comes below
            line = $0
            while (line != "") {
                if (match(line, /^[A-Za-z_][A-Za-z0-9_]* \([A-Za-z0-9_]+\.[A-Za-z0-9_.]+\)/)) {
                    cur = id_of(substr(line, 1, RLENGTH))
                    add(cur)
                    line = substr(line, RLENGTH + 1)
                    if (substr(line, 1, 5) == " ... ") line = substr(line, 6)
                    else line = ""
                    continue
                }
                if (cur != "") {
                    while ((i = index(line, " ... ")) > 0) line = substr(line, i + 5)
                    result[cur] = line
                }
                line = ""
            }
            next
        }
        match($0, /^(FAIL|ERROR|UNEXPECTED SUCCESS): [A-Za-z_][A-Za-z0-9_]* \([A-Za-z0-9_]+\.[A-Za-z0-9_.]+\)/) {
            d = substr($0, 1, RLENGTH); sub(/^[^:]*: /, "", d)
            cur = id_of(d); add(cur); failed[cur] = 1; collecting = 1
            note(cur, $0)
            next
        }
        $0 == eq { collecting = 0; next }
        /^Ran [0-9]+ tests? in / { ran = $2; collecting = 0; next }
        collecting && $0 != dash { if (lines[cur]++ < 60) note(cur, $0) }
        END {
            for (i = 1; i <= count; i++) {
                id = order[i]; r = result[id]
                d = detail[id]; sub(/(\036)+$/, "", d)
                if (failed[id]) print "fail\t" id "\t" d
                else if (r == "ok" || r == "expected failure") print "pass\t" id "\t"
                else if (r ~ /^skipped/) { sub(/^skipped /, "", r); print "skip\t" id "\t" r }
                else if (r == "") print "fail\t" id "\tno result (its output was cut, or it stopped unittest)"
                else print "fail\t" id "\t" r
            }
            if (ran != "") print "RAN\t" ran "\t"
        }'
}
