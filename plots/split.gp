# plots/split.gp -- the hybrid study: median time of every split ranks x
# threads at each worker count, the best split of each count marked.
# usage: gnuplot -c plots/split.gp DATA OUT [TITLE [CAPTION]]
#   DATA     W-hybrid.dat, one line per split, in order, columns:
#            1 x position  2 workers  3 ranks  4 threads  5 median seconds
#            6 low  7 high (its 95 % interval, the error bar)  8 1 for the
#            split with the lowest median at its worker count, else 0
#   OUT      output file; .png, .svg or .pdf picks the terminal
# The models.gp of the registry must be next to DATA (style.gp loads it);
# the hybrid model's colour draws the splits. Everything drawn is the
# Python summarizer's: this script computes nothing.

HERE = ""
do for [i = strlen(ARG0):1:-1] { if (HERE eq "" && ARG0[i:i] eq "/") { HERE = ARG0[1:i] } }
DATA = ARG1
TITLE = ARG3
CAPTION = ARG4
load HERE . "style.gp"
set autoscale xy
stats DATA using 1 nooutput
XMAX = STATS_max
stats DATA using 7 nooutput
TOP = STATS_max
stats DATA using 6 nooutput
BOTTOM = STATS_min
HYBRID = 0
do for [i = 1:NMODELS] { if (word(MODELS, i) eq "hybrid") { HYBRID = i } }
if (HYBRID == 0) { HYBRID = 1 }

eval term_for(ARG2, 960, 600)
set output ARG2
set xrange [0.4 : XMAX + 0.6]
set logscale y
set yrange [BOTTOM / 1.3 : TOP * 1.6]
eval log_tics(BOTTOM / 1.3, TOP * 1.6)
set xtics rotate by -30 nomirror
set xlabel "split: ranks × threads (P = ranks × threads)"
set ylabel "median time of the parallel part (s)"
set key outside top center horizontal
set style line 30 lc rgb "#b00000" pt 7 ps 1.8
plot DATA using 1:5:6:7:xtic(sprintf("P=%d: %d×%d", $2, $3, $4)) with yerrorbars lt HYBRID title "hybrid, median and 95 % interval", \
     DATA using 1:($8 > 0 ? $5 : NaN) with points ls 30 title "best split at its worker count", \
     DATA using 1:($8 > 0 ? $7 : NaN):(sprintf("%.3g s", $5)) with labels offset 0, 0.9 font ",9" tc rgb "#b00000" notitle
unset output
