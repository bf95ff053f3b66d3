# plots/report.sh -- writes report.html and report.md of a run directory
# from its summary.csv, the Amdahl fits, the failed runs and the figures that
# scripts/plots drew. Sourced by scripts/plots, whose variables it reads:
# META, WORKLOADS, PLOT_DIR, DATA_DIR.
# shellcheck shell=bash disable=SC2034

# The figures of a workload, in the report's order: file stem and caption.
figure_list() {
    cat <<'FIGS'
speedup	Speedup over the same model at 1 worker. Black dashed: ideal; coloured dashed: the Amdahl fit, with its serial fraction f in the key. Error bars run from the slowest to the fastest repetition; the shaded part has more workers than physical cores.
efficiency	Parallel efficiency, the speedup divided by the workers: 100 % is perfect scaling.
time	Median time of the parallel part, on log-log axes. Dashed: the serial program's time divided by the workers.
bandwidth	Memory bandwidth, median over the good repetitions, error bars from the lowest to the highest. Red dashed: the best bandwidth measured on this machine.
updates	Grid-point updates per second, median over the good repetitions, error bars from the lowest to the highest. Red dashed: the best rate measured.
cost	Cold (solid): the first parallel region, which creates the workers. Warm (hatched): each later round. Microseconds on a log scale, at each model's largest worker count.
FIGS
}

# table_tsv RUN: the table rows of every workload, formatted, one per line:
# workload, model, workers, ranks x threads, good reps, median s, min-max s,
# spread, speedup vs serial, vs self, efficiency, Karp-Flatt, rate or cost,
# failed reps.
table_tsv() {
    awk "$AWK_CSV"'
    function fmt(v, f) { return num(v) ? sprintf(f, v) : "–" }
    NR == 1 { read_header(); next }
    {
        if (col("workload") == "") next
        layout = "–"
        if (col("ranks") != "" && col("threads") != "") layout = col("ranks") " × " col("threads")
        metric = "–"
        if (num(col("gbps"))) metric = sprintf("%.2f GB/s", col("gbps"))
        else if (num(col("mlups"))) metric = sprintf("%.1f MLUP/s", col("mlups"))
        else if (num(col("cold_us"))) metric = sprintf("%.3g / %s µs", col("cold_us"), fmt(col("warm_us"), "%.3g"))
        n = col("n") + 0
        if (n > 0 && num(col("median"))) {
            med = sprintf("%.4g", col("median"))
            range = sprintf("%.4g–%.4g", col("min"), col("max"))
            spread = fmt(col("spread") * 100, "%.1f %%")
        } else { med = "no good run"; range = "–"; spread = "–" }
        eff = num(col("efficiency")) ? sprintf("%.0f %%", col("efficiency") * 100) : "–"
        printf "%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", col("workload"), col("model"), col("workers"),
            layout, n, med, range, spread, fmt(col("speedup_serial"), "%.2f"), fmt(col("speedup_self"), "%.2f"),
            eff, fmt(col("karp_flatt"), "%.3f"), metric, col("failed") + 0
    }' "$1/summary.csv"
}

readonly TABLE_HEAD="model	workers	ranks × threads	good runs	median (s)	min–max (s)	spread	speedup vs serial	speedup vs self	efficiency	Karp–Flatt	rate or cost	failed"
readonly FAILED_HEAD="workload	model	workers	repetition	status	verified	log"
readonly AMDAHL_HEAD="model	serial fraction f	standard error	worker counts above 1 fitted"

# amdahl_tsv W: the Amdahl fits of workload W: model, f, error, counts.
amdahl_tsv() {
    [[ -s "$DATA_DIR/$1.fits" ]] || return 0
    awk '{ printf "%s\t%.3f\t%s\t%d (up to %g workers)\n", $1, ($2 < 0.0005 && $2 > -0.0005) ? 0 : $2, ($3 == "-" ? "exact (one count)" : sprintf("± %.3f", $3)), $4, $5 }' \
        "$DATA_DIR/$1.fits"
}

# html_table HEAD [LINK_COLUMN]: an HTML table from the tab-separated HEAD
# and the rows on stdin; cells escaped. The cells of column LINK_COLUMN
# (1-based) become links when the file exists under RUN.
html_table() {
    awk -F '\t' -v head="$1" -v link="${2:-0}" -v run="$RUN_FOR_LINKS" '
    function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); gsub(/"/, "\\&quot;", s); return s }
    function exists(p,    r) { r = (substr(p, 1, 1) == "/") ? p : run "/" p; return (getline line < r) >= 0 ? (close(r) || 1) : 0 }
    BEGIN {
        n = split(head, h, "\t")
        print "<div class=\"scroll\"><table>"
        printf "<thead><tr>"
        for (i = 1; i <= n; i++) printf "<th>%s</th>", esc(h[i])
        print "</tr></thead><tbody>"
    }
    {
        printf "<tr>"
        for (i = 1; i <= NF; i++) {
            cell = esc($i)
            if (i == link && $i != "" && exists($i)) cell = "<a href=\"" esc($i) "\">" cell "</a>"
            printf "<td>%s</td>", cell
        }
        print "</tr>"
    }
    END { print "</tbody></table></div>" }'
}

# md_table HEAD: a Markdown table from the tab-separated HEAD and the rows on
# stdin; | and backslashes escaped.
md_table() {
    awk -F '\t' -v head="$1" '
    function esc(s) { gsub(/\\/, "\\\\", s); gsub(/\|/, "\\|", s); return s }
    BEGIN {
        n = split(head, h, "\t"); line = "|"; rule = "|"
        for (i = 1; i <= n; i++) { line = line " " esc(h[i]) " |"; rule = rule "---|" }
        print line; print rule
    }
    { line = "|"; for (i = 1; i <= NF; i++) line = line " " esc($i) " |"; print line }
    END { print "" }'
}

# meta_rows: the machine and build metadata as "name<TAB>value" lines.
meta_rows() {
    local name label
    while IFS=$'\t' read -r name label; do
        printf '%s\t%s\n' "$label" "${META[$name]}"
    done <<'ROWS'
host	host
cpu_model	CPU
cores	physical cores
os	operating system
compiler	compiler
cflags	CFLAGS
mpi_library	MPI library
git_commit	git commit
git_dirty	uncommitted changes
date	date of the sweep
ROWS
}

# unplotted_tsv RUN: the configurations without a single good repetition.
unplotted_tsv() {
    awk "$AWK_CSV"'NR == 1 { read_header(); next }
        col("workload") != "" && (col("n") + 0 == 0 || !num(col("median"))) {
            printf "%s\t%s\t%s\t%d\n", col("workload"), col("model"), col("workers"), col("failed") + 0 }' "$1/summary.csv"
}

# write_report RUN: writes RUN/report.html and RUN/report.md.
write_report() {
    local run="$1" tsv failed unplotted
    RUN_FOR_LINKS="$run"
    tsv="$(table_tsv "$run")"
    failed="$(cat "$DATA_DIR/failed.tsv")"
    unplotted="$(unplotted_tsv "$run")"
    write_html "$run" "$tsv" "$failed" "$unplotted" >"$run/report.html.tmp"
    mv -f "$run/report.html.tmp" "$run/report.html"
    write_md "$run" "$tsv" "$failed" "$unplotted" >"$run/report.md.tmp"
    mv -f "$run/report.md.tmp" "$run/report.md"
}

# count_lines TEXT: the number of non-empty lines in TEXT.
count_lines() {
    if [[ -z "$1" ]]; then echo 0; else printf '%s\n' "$1" | grep -c .; fi
}

readonly REPORT_CSS='
body { font-family: "DejaVu Sans", system-ui, sans-serif; color: #222; max-width: 1240px; margin: 0 auto; padding: 1rem 1.5rem 3rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.35rem; margin-top: 2.4rem; border-bottom: 2px solid #ddd; padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
.lead { color: #555; margin-top: 0; }
nav { font-size: 0.95rem; margin: 1rem 0; }
nav a { margin-right: 0.9rem; }
a { color: #0060a0; }
code { background: #f3f3f3; padding: 0 0.25rem; border-radius: 3px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.88rem; margin: 0.6rem 0; }
th, td { border: 1px solid #d8d8d8; padding: 0.25rem 0.55rem; text-align: right; white-space: nowrap; }
th { background: #f4f4f4; white-space: normal; vertical-align: bottom; min-width: 3.2em; }
td:first-child, th:first-child { text-align: left; }
table.meta td, table.meta th { text-align: left; white-space: normal; }
.figs { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 1rem; }
figure { margin: 0; }
figure img { width: 100%; height: auto; border: 1px solid #e5e5e5; }
figcaption { font-size: 0.85rem; color: #555; }
.ok { color: #2a7a2a; }
.bad { color: #b00000; }
footer { margin-top: 3rem; color: #666; font-size: 0.85rem; }
'

# figure_html STEM CAPTION [WIDTH HEIGHT]: a figure, the PNG (WIDTH x HEIGHT
# pixels, default 960 x 600) linking to the SVG.
figure_html() {
    local stem="$1" caption="$2" width="${3:-960}" height="${4:-600}"
    printf '<figure><a href="plots/%s.svg"><img src="plots/%s.png" alt="%s" width="%d" height="%d"></a>\n<figcaption>%s</figcaption></figure>\n' \
        "$(html_escape "$stem")" "$(html_escape "$stem")" "$(html_escape "${stem//-/: } plot")" "$width" "$height" \
        "$(html_escape "$caption")"
}

# problems_html FAILED UNPLOTTED: the section on runs left out of the plots.
problems_html() {
    local failed="$1" unplotted="$2" nf
    nf="$(count_lines "$failed")"
    printf '<section id="failed">\n<h2>Failed or unverified runs</h2>\n'
    if ((nf == 0)); then
        printf '<p class="ok">None: every repetition finished and its answer was verified.</p>\n'
    else
        printf '<p class="bad">%d repetitions failed, timed out or gave a wrong answer. They are left out of the medians and the plots; their logs are linked.</p>\n' "$nf"
        printf '%s\n' "$failed" | html_table "$FAILED_HEAD" 7
    fi
    if [[ -n "$unplotted" ]]; then
        printf '<p class="bad">Configurations without a single good repetition, missing from the plots:</p>\n<ul>\n'
        local w m p n
        while IFS=$'\t' read -r w m p n; do
            printf '<li>%s, %s, %s workers (%s failed)</li>\n' "$(html_escape "$w")" "$(html_escape "$m")" "$(html_escape "$p")" "$n"
        done <<<"$unplotted"
        printf '</ul>\n'
    fi
    printf '</section>\n'
}

write_html() {
    local run="$1" tsv="$2" failed="$3" unplotted="$4" w stem caption title
    title="parbench report: $(html_escape "${META[host]}"), $(html_escape "${META[date]}")"
    cat <<HTML
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>$title</title>
<style>$REPORT_CSS</style>
</head>
<body>
<header>
<h1>parbench report</h1>
<p class="lead">$(html_escape "$(meta_caption)")</p>
</header>
<nav><a href="#machine">machine</a><a href="#overview">overview</a><a href="#failed">failed runs</a>
HTML
    for w in "${WORKLOADS[@]}"; do
        printf '<a href="#w-%s">%s</a>' "$(html_escape "$w")" "$(html_escape "$w")"
    done
    printf '</nav>\n<section id="machine">\n<h2>Machine and build</h2>\n'
    meta_rows | html_table "item	value" | sed 's/<table>/<table class="meta">/'
    printf '</section>\n<section id="overview">\n<h2>Which model wins where</h2>\n'
    printf '<p>For each workload, the best speedup each model reached at any worker count, over the serial program at 1 worker. Above the dashed line a model beats the serial program; the tallest bar in a group is the model to pick for that kind of work on this machine.</p>\n'
    figure_html overview "Best speedup over the serial program, per workload and model; the number above each bar is its value." 1100 620
    printf '</section>\n'
    problems_html "$failed" "$unplotted"
    for w in "${WORKLOADS[@]}"; do
        printf '<section id="w-%s">\n<h2>%s</h2>\n<p>%s</p>\n<div class="figs">\n' \
            "$(html_escape "$w")" "$(html_escape "$w")" "$(html_escape "$(workload_about "$w")")"
        while IFS=$'\t' read -r stem caption; do
            if [[ -s "$PLOT_DIR/$w-$stem.png" ]]; then figure_html "$w-$stem" "$caption"; fi
        done < <(figure_list)
        printf '</div>\n<h3>Medians, speedups and efficiencies</h3>\n'
        awk -F '\t' -v w="$w" '$1 == w' <<<"$tsv" | cut -f 2- | html_table "$TABLE_HEAD"
        if [[ -s "$DATA_DIR/$w.fits" ]]; then
            printf '<h3>Amdahl fit</h3>\n<p>The serial fraction f of Amdahl&#39;s law, S(p) = 1 / (f + (1 − f) / p), fitted by gnuplot to each model&#39;s speedups. Only worker counts up to the physical cores are used when there are two or more of them above 1; beyond the cores, extra workers share cores and f absorbs that too. An f above 1 means that more workers made it slower.</p>\n'
            amdahl_tsv "$w" | html_table "$AMDAHL_HEAD"
        fi
        printf '</section>\n'
    done
    cat <<HTML
<footer>Written by <code>scripts/plots</code> from summary.csv, runs.csv and meta.json in this directory. To draw it again: <code>make plots RUN=$(html_escape "$run")</code>. Figures: PNG (click for SVG) in plots/.</footer>
</body>
</html>
HTML
}

write_md() {
    local run="$1" tsv="$2" failed="$3" unplotted="$4" w stem caption nf
    printf '# parbench report\n\n%s\n\n## Machine and build\n\n' "$(md_escape "$(meta_caption)")"
    meta_rows | md_table "item	value"
    printf '## Which model wins where\n\n'
    printf 'For each workload, the best speedup each model reached at any worker count, over the serial program at 1 worker. Above the dashed line a model beats the serial program.\n\n'
    printf '[![overview](plots/overview.png)](plots/overview.svg)\n\n'
    printf '## Failed or unverified runs\n\n'
    nf="$(count_lines "$failed")"
    if ((nf == 0)); then
        printf 'None: every repetition finished and its answer was verified.\n\n'
    else
        printf '%d repetitions failed, timed out or gave a wrong answer. They are left out of the medians and the plots.\n\n' "$nf"
        printf '%s\n' "$failed" | awk -F '\t' -v OFS='\t' '$7 != "" { $7 = "[" $7 "](" $7 ")" } { print }' |
            md_table "$FAILED_HEAD"
    fi
    if [[ -n "$unplotted" ]]; then
        printf 'Configurations without a single good repetition, missing from the plots:\n\n'
        local m p n
        while IFS=$'\t' read -r w m p n; do
            printf -- '- %s, %s, %s workers (%s failed)\n' "$(md_escape "$w")" "$(md_escape "$m")" "$(md_escape "$p")" "$n"
        done <<<"$unplotted"
        printf '\n'
    fi
    for w in "${WORKLOADS[@]}"; do
        printf '## %s\n\n%s\n\n' "$(md_escape "$w")" "$(md_escape "$(workload_about "$w")")"
        while IFS=$'\t' read -r stem caption; do
            if [[ -s "$PLOT_DIR/$w-$stem.png" ]]; then
                printf '[![%s](plots/%s.png)](plots/%s.svg)\n\n*%s*\n\n' "$w-$stem" "$w-$stem" "$w-$stem" "$(md_escape "$caption")"
            fi
        done < <(figure_list)
        printf '### Medians, speedups and efficiencies\n\n'
        awk -F '\t' -v w="$w" '$1 == w' <<<"$tsv" | cut -f 2- | md_table "$TABLE_HEAD"
        if [[ -s "$DATA_DIR/$w.fits" ]]; then
            printf '### Amdahl fit\n\nThe serial fraction f of Amdahl'\''s law, S(p) = 1 / (f + (1 − f) / p), fitted by gnuplot to each model'\''s speedups (worker counts up to the physical cores when there are two or more above 1).\n\n'
            amdahl_tsv "$w" | md_table "$AMDAHL_HEAD"
        fi
    done
    # shellcheck disable=SC2016
    printf -- '---\n\nWritten by `scripts/plots` from summary.csv, runs.csv and meta.json. To draw it again: `make plots RUN=%s`.\n' "$run"
}
