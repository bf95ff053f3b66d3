# plots/time.gp -- median time against workers on log-log axes, one line per
# model, error bars from the fastest to the slowest repetition.
# usage: gnuplot -c plots/time.gp DATA OUT [TITLE [CAPTION [CORES]]]
#   DATA     per-workload time file (columns in scan.gp)
#   OUT      output file; .png, .svg or .pdf picks the terminal
#   CORES    physical cores: worker counts above it are shaded
# The dashed line is the serial program's median divided by the workers:
# what perfect scaling of the serial time would give.

HERE = ""
do for [i = strlen(ARG0):1:-1] { if (HERE eq "" && ARG0[i:i] eq "/") { HERE = ARG0[1:i] } }
DATA = ARG1
TITLE = ARG3
CAPTION = ARG4
CORES = (ARG5 eq "" || ARG5 eq "unknown") ? 0 : real(ARG5)
FIT = 0
load HERE . "style.gp"
load HERE . "scan.gp"

# The serial baseline: the median at 1 worker of model serial, if present.
TS = 0
do for [b = 1:NB] { if (NAME[b] eq "serial") { TS = T1[b] } }
stats DATA using 5 nooutput
TMIN = STATS_min
stats DATA using 6 nooutput
TMAX = STATS_max
if (TS > 0 && TS / (XMAX * 1.25) < TMIN) { TMIN = TS / (XMAX * 1.25) }

eval term_for(ARG2, 960, 600)
set output ARG2
set logscale x 2
set logscale y 10
set xrange [XMIN / 1.25 : XMAX * 1.25]
set yrange [TMIN / 1.4 : TMAX * 1.4]
set xtics 2 format "%g"
eval log_tics(TMIN / 1.4, TMAX * 1.4)
set xlabel "workers (threads, processes or ranks)"
set ylabel "median time of the parallel part (s)"
set key bottom left
if (CORES > 0 && CORES < XMAX) { eval cores_cmd }

PLOT = "plot"
SEP = ""
if (TS > 0) {
    PLOT = PLOT . sprintf(" %.9g / x ls 20 title 'serial time / workers'", TS)
    SEP = ","
}
do for [b = 1:NB] {
    PLOT = PLOT . SEP . sprintf(" DATA index %d using 3:4:5:6 with yerrorlines lt %d title '%s'", b - 1, LT[b], NAME[b])
    SEP = ","
}
eval PLOT
unset output
