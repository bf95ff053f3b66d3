# plots/rate.gp -- a rate (bandwidth, updates per second) against workers,
# one line per model, with the best rate measured on the machine marked.
# usage: gnuplot -c plots/rate.gp DATA OUT [TITLE [CAPTION [CORES [YLABEL [UNIT]]]]]
#   DATA     one block per model, blocks separated by two blank lines, columns:
#            1 model line type  2 model  3 workers  4 the rate at the
#            median time  5 low  6 high (the rates at the ends of that
#            time's 95 % interval, drawn as the error bar); the models.gp
#            of the registry must be next to it (see registry.gp)
#   OUT      output file; .png, .svg or .pdf picks the terminal
#   CORES    physical cores: worker counts above it are shaded
#   YLABEL   the y axis label; UNIT the unit in the best-rate label
# The best rate (red line) is the largest median rate in DATA, found with
# stats: a high end is an interval's bound, not a measurement.

HERE = ""
do for [i = strlen(ARG0):1:-1] { if (HERE eq "" && ARG0[i:i] eq "/") { HERE = ARG0[1:i] } }
DATA = ARG1
TITLE = ARG3
CAPTION = ARG4
CORES = (ARG5 eq "" || ARG5 eq "unknown") ? 0 : real(ARG5)
YLABEL = (ARG6 ne "") ? ARG6 : "rate"
UNIT = ARG7
load HERE . "style.gp"

load HERE . "blocks.gp"
stats DATA using 4 nooutput
BEST = STATS_max
# The y range holds the highest error bar too.
stats DATA using 6 nooutput
TOP = (STATS_max > BEST) ? STATS_max : BEST

eval term_for(ARG2, 960, 600)
set output ARG2
set logscale x 2
set xrange [XMIN / 1.25 : XMAX * 1.25]
set xtics 2 format "%g"
set xlabel "workers (threads, processes or ranks)"
set ylabel YLABEL noenhanced
set yrange [0 : TOP * 1.15]
set key bottom right
if (CORES > 0 && CORES < XMAX) { eval cores_cmd }
set label 2 sprintf("best measured (median): %.4g %s", BEST, UNIT) at graph 0.02, first BEST offset 0, 0.7 left font ",10" tc rgb "#b00000" front

PLOT = sprintf("plot %.9g ls 22 notitle", BEST)
do for [b = 1:NB] {
    PLOT = PLOT . sprintf(", DATA index %d using 3:4:5:6 with yerrorlines lt %d title '%s'", \
        b - 1, LT[b], NAME[b])
}
eval PLOT
unset output
