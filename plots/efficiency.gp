# plots/efficiency.gp -- parallel efficiency (speedup / workers) against
# workers, one line per model, on a linear y axis in percent.
# usage: gnuplot -c plots/efficiency.gp DATA OUT [TITLE [CAPTION [CORES [YLABEL]]]]
#   DATA     per-workload efficiency file, W-efficiency.dat: one block per
#            model, blocks separated by two blank lines, columns
#            1 model line type  2 model  3 workers  4 efficiency (a
#            fraction: 1 is perfect scaling)  5 low  6 high (its 95 %
#            interval, drawn as the error bar); models.gp must be next to
#            it (see registry.gp)
#   OUT      output file; .png, .svg or .pdf picks the terminal
#   CORES    physical cores: worker counts above it are shaded
#   YLABEL   the y axis label (default: strong scaling's, speedup / workers;
#            the weak study's is T(1)/T(P) at the grown size)
# The efficiencies and their intervals are the Python summarizer's: this
# script draws them as given, in percent.

HERE = ""
do for [i = strlen(ARG0):1:-1] { if (HERE eq "" && ARG0[i:i] eq "/") { HERE = ARG0[1:i] } }
DATA = ARG1
TITLE = ARG3
CAPTION = ARG4
CORES = (ARG5 eq "" || ARG5 eq "unknown") ? 0 : real(ARG5)
YLABEL = (ARG6 ne "") ? ARG6 : "parallel efficiency = speedup / workers"
load HERE . "style.gp"
load HERE . "blocks.gp"

# The highest efficiency shown (%): the top of the highest error bar, at
# least 100.
stats DATA using (100 * $6) nooutput
EMAX = (STATS_max > 100) ? STATS_max : 100

eval term_for(ARG2, 960, 600)
set output ARG2
set logscale x 2
set xrange [XMIN / 1.25 : XMAX * 1.25]
set xtics 2 format "%g"
set xlabel "workers (threads, processes or ranks)"
set ylabel YLABEL noenhanced
set yrange [0 : EMAX * 1.1]
set ytics 20 format "%g%%"
set key bottom left
if (CORES > 0 && CORES < XMAX) { eval cores_cmd }

PLOT = "plot 100 ls 20 title 'ideal: 100 %'"
do for [b = 1:NB] {
    PLOT = PLOT . sprintf(", DATA index %d using 3:(100 * $4):(100 * $5):(100 * $6) with yerrorlines lt %d title '%s'", \
        b - 1, LT[b], NAME[b])
}
eval PLOT
unset output
