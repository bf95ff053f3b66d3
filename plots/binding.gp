# plots/binding.gp -- the binding study: median time of close, spread and
# unbound workers, per model and worker count.
# usage: gnuplot -c plots/binding.gp DATA OUT [TITLE [CAPTION]]
#   DATA     W-binding.dat, one line per configuration, columns:
#            1 x position (its group, shifted by its binding)  2 group
#            3 the group's label (model,P=N: no blank)  4 binding index (0 close,
#            1 spread, 2 none)  5 median seconds  6 low  7 high (the 95 %
#            interval, the error bar)
#   OUT      output file; .png, .svg or .pdf picks the terminal
# A configuration whose every run had its workers on one CPU has no line:
# it is not believed (the report names it). The models.gp of the registry
# must be next to DATA (style.gp loads it). This script computes nothing.

HERE = ""
do for [i = strlen(ARG0):1:-1] { if (HERE eq "" && ARG0[i:i] eq "/") { HERE = ARG0[1:i] } }
DATA = ARG1
TITLE = ARG3
CAPTION = ARG4
load HERE . "style.gp"
set autoscale xy
stats DATA using 2 nooutput
GMAX = STATS_max
stats DATA using 7 nooutput
TOP = STATS_max
stats DATA using 6 nooutput
BOTTOM = STATS_min

eval term_for(ARG2, 960, 600)
set output ARG2
set xrange [0.4 : GMAX + 0.6]
set logscale y
set yrange [BOTTOM / 1.3 : TOP * 1.6]
eval log_tics(BOTTOM / 1.3, TOP * 1.6)
set xtics nomirror rotate by -30
set xlabel "model and workers"
set ylabel "median time of the parallel part (s)"
set key outside top center horizontal
set style line 31 lc rgb "#0072b2" pt 7 ps 1.3 lw 1.5
set style line 32 lc rgb "#d55e00" pt 5 ps 1.3 lw 1.5
set style line 33 lc rgb "#555555" pt 9 ps 1.4 lw 1.5
plot DATA using ($4 == 0 ? $1 : NaN):5:6:7 with yerrorbars ls 31 title "close (packed on neighbouring cores)", \
     DATA using ($4 == 1 ? $1 : NaN):5:6:7 with yerrorbars ls 32 title "spread (over the sockets)", \
     DATA using ($4 == 2 ? $1 : NaN):5:6:7 with yerrorbars ls 33 title "unbound", \
     DATA using 2:(NaN):xtic(strcol(3)) notitle
unset output
