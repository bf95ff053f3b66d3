# plots/overview.gp -- which model wins where: for each workload, each
# model's best speedup over the serial program, as clustered bars with
# error bars.
# usage: gnuplot -c plots/overview.gp DATA OUT [TITLE [CAPTION]]
#   DATA     a header line, the file's first,
#            "workload M1 M1_low M1_high M2 M2_low M2_high ... MN MN_low MN_high":
#            three columns per model, the models of models.gp (next to
#            DATA, see registry.gp) in its order, N = NMODELS;
#            then one row per workload: its name and, per model, the best
#            speedup over the serial program at 1 worker and that value's
#            95 % interval, low and high ("- - -" where there is none), as
#            the Python summarizer computed them
#   OUT      output file; .png, .svg or .pdf picks the terminal
# Each bar is labelled with its speedup above its error bar; the dashed line
# is serial speed. Models without a bar are left out of the clusters and the
# key.

HERE = ""
do for [i = strlen(ARG0):1:-1] { if (HERE eq "" && ARG0[i:i] eq "/") { HERE = ARG0[1:i] } }
DATA = ARG1
TITLE = ARG3
CAPTION = ARG4
load HERE . "style.gp"

# Model i's value, low and high are columns V(i), V(i) + 1 and V(i) + 2.
V(i) = 3 * i - 1
NCOLS = 3 * NMODELS + 1

# The header must name models.gp's models in order, each as "M M_low M_high".
header_ok(i) = (i > NMODELS) ? 1 : \
    (strcol(V(i)) eq word(MODELS, i) && strcol(V(i) + 1) eq word(MODELS, i) . "_low" && \
     strcol(V(i) + 2) eq word(MODELS, i) . "_high") ? header_ok(i + 1) : 0
set autoscale xy
stats DATA every ::0::0 using (HEADER = strcol(1), 1) nooutput
HEADER_OK = (HEADER eq "workload" && STATS_columns == NCOLS)
if (HEADER_OK) {
    stats DATA every ::0::0 using (header_ok(1)) nooutput
    HEADER_OK = (STATS_max == 1)
}
if (!HEADER_OK) {
    set print
    print sprintf("plots/overview.gp: %s: the first line is not \"workload\" followed by \"M M_low M_high\" for each model M of %s: %s", \
        DATA, MODELS_GP, MODELS)
    exit status 1
}

# Each row holds, per model, three numbers or none ("- - -"), and nothing
# after the last model.
triple_ok(i) = (i > NMODELS) ? !valid(NCOLS + 1) : \
    (valid(V(i)) == valid(V(i) + 1) && valid(V(i)) == valid(V(i) + 2)) ? triple_ok(i + 1) : 0
stats DATA skip 1 using (triple_ok(1) ? 0 : 1) nooutput
if (STATS_sum > 0) {
    set print
    print sprintf("plots/overview.gp: %s: %d of its %d workload rows do not hold, per model of %s, a speedup, its low and its high (or \"- - -\"): %d columns in all", \
        DATA, int(STATS_sum), STATS_records, MODELS_GP, NCOLS)
    exit status 1
}

# The models with at least one bar, and the top of the highest error bar.
array SHOW[NMODELS]
NSHOW = 0
SMAX = 1
do for [i = 1:NMODELS] {
    stats DATA skip 1 using ((valid(V(i))) ? column(V(i)) : 0) nooutput
    SHOW[i] = (STATS_max > 0) ? 1 : 0
    NSHOW = NSHOW + SHOW[i]
    stats DATA skip 1 using ((valid(V(i)) && valid(V(i) + 2)) ? column(V(i) + 2) : 0) nooutput
    SMAX = (SHOW[i] && STATS_max > SMAX) ? STATS_max : SMAX
}
if (NSHOW == 0) {
    set print
    print sprintf("plots/overview.gp: %s: no model has a speedup: nothing to draw", DATA)
    exit status 1
}
stats DATA skip 1 using 0 nooutput
NROWS = STATS_records

eval term_for(ARG2, 1100, 620)
set output ARG2
GAP = 1
set style data histograms
set style histogram errorbars gap 1 lw 1.2    # gap = GAP (it takes a number only)
set style fill solid 0.9 border lc rgb "#333333"
set boxwidth 1.0 relative
# Headroom for the key: one row of entries up to 7 models, then two.
KEYROWS = (NSHOW > 7) ? 2 : 1
set yrange [0 : SMAX * (KEYROWS == 1 ? 1.18 : 1.3)]
set xrange [-0.6 : NROWS - 0.4]
set ylabel "best speedup over the serial program at 1 worker"
set xtics scale 0 nomirror font ",12"
set grid noxtics ytics
set key top right horizontal maxrows KEYROWS opaque box
set arrow 2 from graph 0, first 1 to graph 1, first 1 nohead ls 20 back

# Bar k (0-based) of a cluster sits at row + (k - (n - 1) / 2) / (n + gap).
# Its label, above its error bar, shrinks as the bars narrow.
LABEL_FONT = (NSHOW <= 6) ? 9 : (NSHOW <= 9) ? 8 : 7
PLOT = "plot"
SEP = ""
do for [i = 1:NMODELS] {
    if (SHOW[i]) {
        PLOT = PLOT . SEP . sprintf(" DATA skip 1 using %d:%d:%d:xtic(1) lt %d title '%s'", V(i), V(i) + 1, V(i) + 2, i, word(MODELS, i))
        SEP = ","
    }
}
max(a, b) = (a > b) ? a : b
K = 0
do for [i = 1:NMODELS] {
    if (SHOW[i]) {
        PLOT = PLOT . sprintf(", DATA skip 1 using ($0 + (%d - (%d - 1) / 2.0) / (%d + GAP)):(max(column(%d), column(%d))):(sprintf('%%.1f', column(%d))) with labels offset 0, 0.7 font ',%d' notitle", \
            K, NSHOW, NSHOW, V(i), V(i) + 2, V(i), LABEL_FONT)
        K = K + 1
    }
}
eval PLOT
unset output
