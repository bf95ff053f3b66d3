# plots/overview.gp -- which model wins where: for each workload, each
# model's best speedup over the serial program, as clustered bars.
# usage: gnuplot -c plots/overview.gp DATA OUT [TITLE [CAPTION]]
#   DATA     a header line "workload serial pthreads fork openmp mpi hybrid",
#            then one row per workload: its name and, per model, the best
#            speedup over serial at 1 worker ("-" where there is none)
#   OUT      output file; .png, .svg or .pdf picks the terminal
# Each bar is labelled with its speedup; the dashed line is serial speed.

HERE = ""
do for [i = strlen(ARG0):1:-1] { if (HERE eq "" && ARG0[i:i] eq "/") { HERE = ARG0[1:i] } }
DATA = ARG1
TITLE = ARG3
CAPTION = ARG4
load HERE . "style.gp"

# The models (columns 2-7) with at least one bar, and the tallest bar.
array SHOW[6]
NSHOW = 0
SMAX = 1
do for [i = 1:6] {
    stats DATA skip 1 using ((valid(i + 1)) ? column(i + 1) : 0) nooutput
    SHOW[i] = (STATS_max > 0) ? 1 : 0
    NSHOW = NSHOW + SHOW[i]
    SMAX = (STATS_max > SMAX) ? STATS_max : SMAX
}
stats DATA skip 1 using 0 nooutput
NROWS = STATS_records

eval term_for(ARG2, 1100, 620)
set output ARG2
GAP = 1
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.9 border lc rgb "#333333"
set boxwidth 1.0 relative
set yrange [0 : SMAX * 1.18]
set xrange [-0.6 : NROWS - 0.4]
set ylabel "best speedup over the serial program at 1 worker"
set xtics scale 0 nomirror font ",12"
set grid noxtics ytics
set key top right horizontal maxrows 1 opaque box
set arrow 2 from graph 0, first 1 to graph 1, first 1 nohead ls 20 back

# Bar k (0-based) of a cluster sits at row + (k - (n - 1) / 2) / (n + gap).
PLOT = "plot"
SEP = ""
K = 0
do for [i = 1:6] {
    if (SHOW[i]) {
        PLOT = PLOT . SEP . sprintf(" DATA skip 1 using %d:xtic(1) lt %d title '%s'", i + 1, i, word(MODELS, i))
        SEP = ","
    }
}
do for [i = 1:6] {
    if (SHOW[i]) {
        PLOT = PLOT . sprintf(", DATA skip 1 using ($0 + (%d - (%d - 1) / 2.0) / (%d + GAP)):%d:(sprintf('%%.1f', column(%d))) with labels offset 0, 0.7 font ',9' notitle", \
            K, NSHOW, NSHOW, i + 1, i + 1)
        K = K + 1
    }
}
eval PLOT
unset output
