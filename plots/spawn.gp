# plots/spawn.gp -- bar chart of the cost to start and join workers: per
# model, the first parallel region (cold) and each later round (warm), in
# microseconds on a log axis.
# usage: gnuplot -c plots/spawn.gp DATA OUT [TITLE [CAPTION]]
#   DATA     one row per model, columns:
#            1 model line type  2 model  3 workers  4 cold µs  5 warm µs
#            (medians over the good repetitions; "-" when not measured);
#            models.gp must be next to it (see registry.gp): the line type
#            column picks each model's colour
#   OUT      output file; .png, .svg or .pdf picks the terminal

HERE = ""
do for [i = strlen(ARG0):1:-1] { if (HERE eq "" && ARG0[i:i] eq "/") { HERE = ARG0[1:i] } }
DATA = ARG1
TITLE = ARG3
CAPTION = ARG4
load HERE . "style.gp"

stats DATA using 1 nooutput
NR = STATS_records
stats DATA using ((valid(4) && $4 > 0) ? $4 : 1/0) nooutput
VMIN = STATS_min
VMAX = STATS_max
stats DATA using ((valid(5) && $5 > 0) ? $5 : 1/0) nooutput
VMIN = (STATS_min < VMIN) ? STATS_min : VMIN
VMAX = (STATS_max > VMAX) ? STATS_max : VMAX

eval term_for(ARG2, 960, 600)
set output ARG2
set logscale y 10
set yrange [VMIN / 3 : VMAX * 40]
set ytics ()
do for [k = floor(log10(VMIN / 3)):ceil(log10(VMAX * 40))] {
    set ytics add ((k >= 0 ? sprintf("%.0f", 10.0 ** k) : sprintf("%g", 10.0 ** k)) 10.0 ** k)
}
set ylabel "microseconds (log scale)"
set xrange [-0.6 : NR - 0.4]
set xtics scale 0 nomirror
set grid noxtics ytics
set style fill solid 0.9 border lc rgb "#333333"
set boxwidth 0.36
set key top left opaque box

# us_text(V): a bar label, whole microseconds from 100 up.
us_text(v) = (v >= 100) ? sprintf("%.0f", v) : sprintf("%.3g", v)

plot keyentry with boxes fs solid 0.9 lc rgb "#999999" title "cold: the first parallel region, which creates the workers", \
     keyentry with boxes fs pattern 2 lc rgb "#555555" title "warm: each later round, the workers already exist", \
     DATA using ($0 - 0.19):4:1 with boxes lc variable fs solid 0.9 notitle, \
     DATA using ($0 + 0.19):5:1 with boxes lc variable fs pattern 2 notitle, \
     DATA using ($0 - 0.19):4:(us_text($4)) with labels offset 0, 0.8 font ",9" notitle, \
     DATA using ($0 + 0.19):5:(us_text($5)) with labels offset 0, 0.8 font ",9" notitle, \
     DATA using 0:(VMIN / 3):xtic(sprintf("%s\n%d workers", strcol(2), $3)) with points ps 0 notitle
unset output
