# plots/lib.sh -- what scripts/plots and scripts/compare share: the
# meta.json keys, reading CSV files by column name, the workloads' order and
# descriptions, escaping. Sourced; needs bash 4, awk and coreutils.
# shellcheck shell=bash disable=SC2034

# The models, in the order (and line types 1-6) of plots/style.gp.
readonly PLOT_MODELS="serial pthreads fork openmp mpi hybrid"

# The workloads in the order the report shows them; others follow sorted.
readonly PLOT_WORKLOADS="sleep pi mandelbrot triad stencil spawn"

# ---- meta.json -------------------------------------------------------------

# The meta.json keys the plots and the report read: on each line, the name
# used here, then the key names looked for in meta.json, first match wins.
# This is the one place to edit when the driver names a key differently.
meta_key_names() {
    cat <<'KEYS'
date date timestamp started
host host hostname node
cpu_model cpu_model cpu model_name processor
cores cores physical_cores cores_physical ncores
os os_release os operating_system
compiler cc_version compiler_version compiler cc
cflags CFLAGS cflags
mpi_library library_version mpi_library mpi_version mpi
git_commit commit git_commit
git_dirty dirty git_dirty
KEYS
}

# json_scalars FILE: prints "key<TAB>value" for every scalar in a JSON file,
# at any depth, under its own key and under its dotted path; an array or
# an object gives its scalars joined by spaces as well. Tabs and newlines in values
# become spaces. Malformed input gives what could be read.
json_scalars() {
    awk '
    { text = text $0 "\n" }
    END {
        n = length(text); i = 1; depth = 0; expect_key = 0
        while (i <= n) {
            c = substr(text, i, 1)
            if (c == "{") { push("o"); obj[depth] = ""; expect_key = 1; i++ }
            else if (c == "[") { push("a"); arr[depth] = ""; i++ }
            else if (c == "}" || c == "]") {
                if (c == "]" && depth > 0 && kind[depth] == "a") { v = arr[depth]; pop(); value(v) }
                else if (depth > 0 && kind[depth] == "o") { v = obj[depth]; pop(); if (v != "") value(v) }
                else pop()
                i++
            }
            else if (c == ":") { expect_key = 0; i++ }
            else if (c == ",") { if (depth > 0 && kind[depth] == "o") expect_key = 1; i++ }
            else if (c == "\"") {
                s = read_string()
                if (depth > 0 && kind[depth] == "o" && expect_key) { key[depth] = s; expect_key = 0 }
                else value(s)
            }
            else if (c ~ /[-0-9a-zA-Z.+]/) {
                j = i
                while (j <= n && substr(text, j, 1) ~ /[-0-9a-zA-Z.+]/) j++
                value(substr(text, i, j - i)); i = j
            }
            else i++
        }
    }
    function push(k) { depth++; kind[depth] = k; key[depth] = "" }
    function pop() { if (depth > 0) depth-- }
    function read_string(    out, ch, e) {
        out = ""; i++
        while (i <= n) {
            ch = substr(text, i, 1)
            if (ch == "\"") { i++; break }
            if (ch == "\\") {
                e = substr(text, i + 1, 1); i += 2
                if (e == "n" || e == "t" || e == "r") out = out " "
                else if (e == "u") { out = out "\\u" substr(text, i, 4); i += 4 }
                else out = out e
                continue
            }
            out = out ch; i++
        }
        return out
    }
    function value(v,    d, path) {
        gsub(/[\t\n\r]/, " ", v)
        if (depth > 0 && kind[depth] == "a") { arr[depth] = (arr[depth] == "" ? v : arr[depth] " " v); return }
        if (depth == 0 || key[depth] == "") return
        obj[depth] = (obj[depth] == "" ? v : obj[depth] " " v)
        path = ""
        for (d = 1; d <= depth; d++) if (kind[d] == "o" && key[d] != "") path = (path == "" ? key[d] : path "." key[d])
        printf "%s\t%s\n", key[depth], v
        if (path != key[depth]) printf "%s\t%s\n", path, v
    }' "$1"
}

# load_meta RUN_DIR: fills the associative array META (declare -A META
# first) with every name of meta_key_names; "unknown" where meta.json lacks
# it, is empty, or is missing altogether.
load_meta() {
    local file="$1/meta.json" name candidates cand value
    local -A found=()
    if [[ -r "$file" ]]; then
        local k v
        while IFS=$'\t' read -r k v; do
            if [[ -n "$k" && -z "${found[$k]+set}" ]]; then found["$k"]="$v"; fi
        done < <(json_scalars "$file")
    fi
    while read -r name candidates; do
        value=""
        for cand in $candidates; do
            if [[ -n "${found[$cand]:-}" && "${found[$cand]}" != null ]]; then
                value="${found[$cand]}"
                break
            fi
        done
        META["$name"]="${value:-unknown}"
    done < <(meta_key_names)
}

# meta_caption: one line naming the machine, the build and the date, from
# META (see load_meta).
meta_caption() {
    local -a parts=()
    local cores="" build="" k value
    if [[ "${META[cores]}" != unknown ]]; then cores="${META[cores]} cores"; fi
    for k in compiler cflags; do
        if [[ "${META[$k]}" != unknown ]]; then build+="${build:+ }${META[$k]}"; fi
    done
    for k in host cpu_model cores build mpi_library date; do
        case "$k" in
            cores) value="$cores" ;;
            build) value="$build" ;;
            *) value="${META[$k]}" ;;
        esac
        if [[ -n "$value" && "$value" != unknown ]]; then parts+=("$value"); fi
    done
    ((${#parts[@]} > 0)) || parts=("machine unknown (no meta.json)")
    local line="${parts[0]}" i
    for ((i = 1; i < ${#parts[@]}; i++)); do line+=" · ${parts[i]}"; done
    printf '%s\n' "$line"
}

# ---- CSV -------------------------------------------------------------------

# The awk functions every CSV reader here starts with. col(NAME) is the
# field of column NAME in the current line ("" when the header lacks it);
# call read_header() on line 1. Fields are split on commas (parbench's CSV
# files quote nothing).
# shellcheck disable=SC2016
readonly AWK_CSV='
function read_header(    i) { for (i = 1; i <= NF; i++) { c = $i; gsub(/^[ \t"]+|[ \t"\r]+$/, "", c); COL[c] = i } }
function col(name,    v) { if (!(name in COL)) return ""; v = $(COL[name]); gsub(/^[ \t"]+|[ \t"\r]+$/, "", v); return v }
function model_lt(m) { return (m in LTOF) ? LTOF[m] : 0 }
function num(v) { return v != "" && v ~ /^[-+]?[0-9.]+([eE][-+]?[0-9]+)?$/ }
BEGIN { FS = ","; nm = split("serial pthreads fork openmp mpi hybrid", MODEL_LIST, " "); for (i = 1; i <= nm; i++) LTOF[MODEL_LIST[i]] = i }
'

# workloads_in RUN_DIR: the workloads of summary.csv, known ones first in
# PLOT_WORKLOADS order, then the others sorted.
workloads_in() {
    local present w
    present="$(awk "$AWK_CSV"'NR == 1 { read_header(); next } col("workload") != "" { print col("workload") }' \
        "$1/summary.csv" | sort -u)"
    for w in $PLOT_WORKLOADS; do
        if grep -qxF -- "$w" <<<"$present"; then printf '%s\n' "$w"; fi
    done
    while IFS= read -r w; do
        if [[ -n "$w" && " $PLOT_WORKLOADS " != *" $w "* ]]; then printf '%s\n' "$w"; fi
    done <<<"$present"
    return 0
}

# need_gnuplot PROGRAM: exits 2 with one line, naming PROGRAM, saying how to
# install gnuplot when it is missing.
need_gnuplot() {
    if ! command -v gnuplot >/dev/null 2>&1; then
        printf '%s: gnuplot not found: it draws the plots; install it with %s (Debian package gnuplot-nox)\n' \
            "$1" "'make deps'" >&2
        exit 2
    fi
}

# write_summary_data RUN DATA: from summary.csv, per workload W:
#   W.dat        per model (a block each, in style.gp order) and worker
#                count: line type, model, workers, median, min, max seconds
#   W-cost.dat   per model, at its largest worker count with a cold_us:
#                line type, model, workers, cold_us, warm_us
# and overview.dat: per workload, each model's best speedup over serial.
write_summary_data() {
    local run="$1" data="$2"
    awk "$AWK_CSV"'
    NR == 1 { read_header(); next }
    {
        w = col("workload"); m = col("model"); p = col("workers")
        if (w == "" || !num(p)) next
        if (!(w in seen_w)) { seen_w[w] = 1; wl[++nw] = w }
        lt = model_lt(m)
        if (lt == 0) { if (!((m) in warned)) print "scripts/plots: model " m " is not in plots/style.gp; left out of the plots" > "/dev/stderr"; warned[m] = 1; next }
        med = col("median")
        if (num(med) && med > 0 && col("n") + 0 > 0) {
            k = ++n[w, lt]; wk[w, lt, k] = p + 0
            row[w, lt, k] = lt " " m " " p " " med " " (num(col("min")) ? col("min") : med) " " (num(col("max")) ? col("max") : med)
            s = col("speedup_serial")
            if (num(s) && (!((w, lt) in best) || s + 0 > best[w, lt] + 0)) best[w, lt] = s
        }
        c = col("cold_us")
        if (num(c) && (!((w, lt) in costp) || p + 0 > costp[w, lt])) {
            costp[w, lt] = p + 0
            cost[w, lt] = lt " " m " " p " " c " " (num(col("warm_us")) ? col("warm_us") : "-")
        }
    }
    END {
        print "workload serial pthreads fork openmp mpi hybrid" > (DATA "/overview.dat")
        for (i = 1; i <= nw; i++) {
            w = wl[i]; f = DATA "/" w ".dat"; sep = ""
            line = w
            for (lt = 1; lt <= 6; lt++) {
                line = line " " (((w, lt) in best) ? best[w, lt] : "-")
                if ((w, lt) in cost) print cost[w, lt] > (DATA "/" w "-cost.dat")
                if (!((w, lt) in n)) continue
                if (sep == "") printf "# %s: one block per model; line type, model, workers, median, min, max seconds\n", w > f
                printf "%s", sep > f; sep = "\n\n"
                # worker counts in increasing order
                for (a = 1; a <= n[w, lt]; a++) done[a] = 0
                for (a = 1; a <= n[w, lt]; a++) {
                    pick = 0
                    for (b = 1; b <= n[w, lt]; b++) if (!done[b] && (pick == 0 || wk[w, lt, b] < wk[w, lt, pick])) pick = b
                    done[pick] = 1; print row[w, lt, pick] > f
                }
            }
            # the time of spawn is the cost itself: a speedup would mean nothing
            if (w != "spawn") print line > (DATA "/overview.dat")
            if (sep != "") close(f)
        }
    }' DATA="$data" "$run/summary.csv"
}

# ---- words -----------------------------------------------------------------

# workload_about NAME: a plain-language paragraph on what the workload
# stresses and what to look for in its plots.
workload_about() {
    case "$1" in
        sleep) echo "Waiting-bound, like I/O or a remote call: every task mostly waits. Waiting needs no core, so the speedup keeps growing past the core count, and the models differ only in how cheaply they start workers and hand out tasks." ;;
        pi) echo "Compute-bound and balanced: the workers integrate equal shares of 4/(1+x²) and combine their partial sums once. The speedup should follow the ideal line up to the physical cores and stop there; what is missing from the ideal is the cost of starting workers and combining the results." ;;
        mandelbrot) echo "Compute-bound but imbalanced: points inside the set cost many more iterations than points outside it, so equal shares of the image are not equal work. A static split leaves workers idle while one finishes its expensive share; a dynamic schedule hands out work as workers become free. The gap between the models here is load balancing, not raw speed." ;;
        triad) echo "Memory-bandwidth-bound: a[i] = b[i] + s·c[i] over arrays far larger than the caches (STREAM's triad). Each element moves 24 bytes for 2 floating-point operations, so the speedup stops when the memory bus is full, often before the core count. The bandwidth plot shows how close each model gets to the best bandwidth measured on this machine." ;;
        stencil) echo "Halo exchange and a barrier every step: each worker updates its part of a grid from its neighbours, then must see their new edges before the next step. It measures the cost of synchronising and communicating often: shared-memory models read the edges directly, MPI sends them as messages. MLUP/s is millions of grid-point updates per second." ;;
        spawn) echo "The cost to start and join workers, with almost no work in between. Cold is the first parallel region (creating threads or processes, or starting MPI); warm is each later round, when the workers exist already. It tells how much work a parallel region needs before a model pays off." ;;
        *) echo "No description of this workload yet." ;;
    esac
}

# ---- escaping --------------------------------------------------------------

# html_escape TEXT: TEXT with & < > \" ' as HTML entities.
html_escape() {
    local s="$1"
    s="${s//&/"&amp;"}"
    s="${s//</"&lt;"}"
    s="${s//>/"&gt;"}"
    s="${s//\"/"&quot;"}"
    s="${s//\'/"&#39;"}"
    printf '%s' "$s"
}

# md_escape TEXT: TEXT safe inside a Markdown table cell or line.
md_escape() {
    local s="$1"
    s="${s//\\/\\\\}"
    s="${s//|/\\|}"
    s="${s//</"&lt;"}"
    s="${s//\*/\\*}"
    s="${s//_/\\_}"
    printf '%s' "$s"
}
