# plots/time.gp -- median time against workers on log-log axes, one line per
# model, error bars from the data's low to its high time.
# usage: gnuplot -c plots/time.gp DATA OUT [TITLE [CAPTION [CORES]]]
#   DATA     per-workload time file, W.dat: one block per model, blocks
#            separated by two blank lines, columns
#            1 model line type  2 model  3 workers  4 median s  5 low s
#            6 high s (the median's 95 % interval, drawn as the error bar;
#            the fastest and slowest repetition when the summary has no
#            interval); models.gp must be next to it (see registry.gp)
#   OUT      output file; .png, .svg or .pdf picks the terminal
#   CORES    physical cores: worker counts above it are shaded
# The dashed line is the baseline model's median at 1 worker divided by the
# workers: what perfect scaling of the serial time would give. The baseline
# model is models.gp's BASELINE ("" for no line), or when models.gp does not
# define it, the registry's first model.

HERE = ""
do for [i = strlen(ARG0):1:-1] { if (HERE eq "" && ARG0[i:i] eq "/") { HERE = ARG0[1:i] } }
DATA = ARG1
TITLE = ARG3
CAPTION = ARG4
CORES = (ARG5 eq "" || ARG5 eq "unknown") ? 0 : real(ARG5)
load HERE . "style.gp"
load HERE . "blocks.gp"

# The baseline: the 1-worker median of model BASELINE, if DATA has it.
if (!exists("BASELINE")) BASELINE = word(MODELS, 1)
TS = 0
do for [b = 1:NB] {
    if (BASELINE ne "" && NAME[b] eq BASELINE) {
        stats DATA index (b - 1) using (($3 == 1) ? $4 : 0) nooutput
        TS = STATS_max
    }
}
# The y range: the error bars' ends (a log axis: the positive ones).
stats DATA using (($5 > 0) ? $5 : ($4 > 0) ? $4 : 1/0) nooutput
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
    PLOT = PLOT . sprintf(" %.9g / x ls 20 title '%s time / workers'", TS, BASELINE)
    SEP = ","
}
do for [b = 1:NB] {
    PLOT = PLOT . SEP . sprintf(" DATA index %d using 3:4:5:6 with yerrorlines lt %d title '%s'", b - 1, LT[b], NAME[b])
    SEP = ","
}
eval PLOT
unset output
