# plots/efficiency.gp -- parallel efficiency (speedup / workers) against
# workers, one line per model, on a linear y axis in percent.
# usage: gnuplot -c plots/efficiency.gp DATA OUT [TITLE [CAPTION [CORES]]]
#   DATA     per-workload time file (columns in scan.gp)
#   OUT      output file; .png, .svg or .pdf picks the terminal
#   CORES    physical cores: worker counts above it are shaded
# The baseline of each model is its own median at 1 worker, found with stats;
# error bars come from the fastest and slowest repetition.

HERE = ""
do for [i = strlen(ARG0):1:-1] { if (HERE eq "" && ARG0[i:i] eq "/") { HERE = ARG0[1:i] } }
DATA = ARG1
TITLE = ARG3
CAPTION = ARG4
CORES = (ARG5 eq "" || ARG5 eq "unknown") ? 0 : real(ARG5)
FIT = 0
load HERE . "style.gp"
load HERE . "scan.gp"

# The highest efficiency shown, from the fastest repetitions.
EMAX = 100
do for [b = 1:NB] {
    if (T1[b] > 0) {
        stats DATA index (b - 1) using (100 * T1[b] / ($5 * $3)) nooutput
        EMAX = (STATS_max > EMAX) ? STATS_max : EMAX
    }
}

eval term_for(ARG2, 960, 600)
set output ARG2
set logscale x 2
set xrange [XMIN / 1.25 : XMAX * 1.25]
set xtics 2 format "%g"
set xlabel "workers (threads, processes or ranks)"
set ylabel "parallel efficiency = speedup / workers"
set yrange [0 : EMAX * 1.1]
set ytics 20 format "%g%%"
set key bottom left
if (CORES > 0 && CORES < XMAX) { eval cores_cmd }

PLOT = "plot 100 ls 20 title 'ideal: 100 %'"
do for [b = 1:NB] {
    if (T1[b] > 0) {
        PLOT = PLOT . sprintf(", DATA index %d using 3:(100*%.9g/($4*$3)):(100*%.9g/($6*$3)):(100*%.9g/($5*$3)) with yerrorlines lt %d title '%s'", \
            b - 1, T1[b], T1[b], T1[b], LT[b], NAME[b])
    }
}
eval PLOT
unset output
