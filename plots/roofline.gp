# plots/roofline.gp -- the roofline: each (model, workload, workers) point's
# attained GFLOP/s against its arithmetic intensity, on log-log axes, under
# this machine's measured ceilings (scripts/ceilings): the bandwidth slope
# (GB/s x FLOP/byte) and the compute roof (peak GFLOP/s), which meet at the
# ridge point, intensity = peak / bandwidth.
# usage: gnuplot -c plots/roofline.gp DATA OUT [TITLE [CAPTION]]
#   DATA     two blocks, separated by two blank lines; '#' lines are comments:
#            block 1, the ceilings, one row per worker count measured:
#              1 workers  2 bandwidth_gbps  3 peak_gflops
#              (the best regular-store triad GB/s, ceilings.csv's
#              triad_regular best=yes, and the best fma GFLOP/s, fma best=yes,
#              at that worker count); the row with the most workers is drawn
#              solid, the others dashed and lighter
#            block 2, the points, one row per (model, workload, workers):
#              1 model line type (its 1-based position in models.gp's MODELS)
#              2 model  3 workload  4 workers  5 intensity (FLOP per byte moved)
#              6 attained GFLOP/s
#            A file without block 2 draws the ceilings alone. The models.gp of
#            the registry must be next to DATA (see registry.gp): each model
#            keeps its colour and point type; each point is labelled with its
#            workload and workers.
#   OUT      output file; .png, .svg or .pdf picks the terminal
# Example DATA:
#   # workers bandwidth_gbps peak_gflops
#   1 29.3 58.6
#   2 35.8 116
#
#
#   # lt model workload workers intensity gflops
#   4 openmp triad 1 0.08333 2.30
#   4 openmp triad 2 0.08333 2.85
# A row that is not numbers where numbers belong, or whose model and line
# type do not match models.gp, stops the plot with a message naming it.

HERE = ""
do for [i = strlen(ARG0):1:-1] { if (HERE eq "" && ARG0[i:i] eq "/") { HERE = ARG0[1:i] } }
DATA = ARG1
OUT = ARG2
TITLE = ARG3
CAPTION = ARG4
if (DATA eq "" || OUT eq "") {
    set print
    print "usage: gnuplot -c plots/roofline.gp DATA OUT [TITLE [CAPTION]]"
    exit status 1
}
load HERE . "style.gp"

# ---- the ceilings (block 1) ---------------------------------------------------

set autoscale xy
unset logscale
stats DATA index 0 using 1 nooutput name "CEIL"
if (!exists("CEIL_records") || CEIL_records < 1) {
    set print
    print sprintf("plots/roofline.gp: %s: no ceilings (block 1: workers bandwidth_gbps peak_gflops)", DATA)
    exit status 1
}
# the blocks of the whole file: 1, ceilings alone; 2, with points
stats DATA using 1 nooutput name "ALL"
NB_BLOCKS = ALL_blocks
stats DATA index 0 using ((valid(1) && valid(2) && valid(3)) ? (($1 > 0 && $2 > 0 && $3 > 0) ? 0 : 1) : 1) nooutput name "BADC"
if (!exists("BADC_sum") || BADC_sum > 0 || BADC_records != CEIL_records) {
    set print
    print sprintf("plots/roofline.gp: %s: block 1 has rows without three positive numbers (workers bandwidth_gbps peak_gflops)", DATA)
    exit status 1
}
NC = int(CEIL_records)
array CW[NC]
array CBW[NC]
array CPK[NC]
C_I = 0
stats DATA index 0 using (C_I = C_I + 1, CW[C_I] = $1, CBW[C_I] = $2, CPK[C_I] = $3, 0) nooutput
# the row with the most workers: drawn solid
TOP = 1
do for [i = 1:NC] { if (CW[i] > CW[TOP]) { TOP = i } }
BW_MAX = CBW[1]; PK_MAX = CPK[1]; BW_MIN = CBW[1]; PK_MIN = CPK[1]
do for [i = 1:NC] {
    if (CBW[i] > BW_MAX) { BW_MAX = CBW[i] }
    if (CPK[i] > PK_MAX) { PK_MAX = CPK[i] }
    if (CBW[i] < BW_MIN) { BW_MIN = CBW[i] }
    if (CPK[i] < PK_MIN) { PK_MIN = CPK[i] }
}
RIDGE_LO = PK_MIN / BW_MAX
RIDGE_HI = PK_MAX / BW_MIN

# ---- the points (block 2) -------------------------------------------------------

# two decades left of the ridge (room for the slope's label), one right
NP = 0
XLO = RIDGE_LO / 100.0
XHI = RIDGE_HI * 10.0
YLO = PK_MIN / 100.0
if (NB_BLOCKS >= 2) {
    stats DATA index 1 using 5 nooutput name "PTS"
    NP = int(PTS_records)
}
if (NP > 0) {
    stats DATA index 1 using ((valid(1) && valid(4) && valid(5) && valid(6)) ? \
        (($4 > 0 && $5 > 0 && $6 > 0 && int($1) == $1 && $1 >= 1 && $1 <= NMODELS) ? 0 : 1) : 1) nooutput name "BADP"
    if (!exists("BADP_sum") || BADP_sum > 0 || BADP_records != NP) {
        set print
        print sprintf("plots/roofline.gp: %s: %d of the %d points (block 2) lack a model line type in 1..%d (column 1), positive workers, intensity or GFLOP/s (columns 4-6)", \
            DATA, exists("BADP_sum") ? int(BADP_sum) + NP - int(BADP_records) : NP, NP, NMODELS)
        exit status 1
    }
    BAD_MODEL = ""
    BAD_LT = 0
    stats DATA index 1 using (PT_MODEL = strcol(2), (PT_MODEL eq word(MODELS, int($1))) ? 0 : (BAD_MODEL = PT_MODEL, BAD_LT = int($1), 1)) nooutput name "BADM"
    if (BADM_sum > 0) {
        set print
        print sprintf("plots/roofline.gp: %s: %d points name another model than their line type's in %s: '%s' with line type %d, which is '%s' (MODELS = \"%s\")", \
            DATA, int(BADM_sum), MODELS_GP, BAD_MODEL, BAD_LT, word(MODELS, BAD_LT), MODELS)
        exit status 1
    }
    # one column at a time: two columns would fit a line, and warn about few points
    stats DATA index 1 using 5 nooutput name "PX"
    stats DATA index 1 using 6 nooutput name "PY"
    if (PX_min / 2.0 < XLO) { XLO = PX_min / 2.0 }
    if (PX_max * 2.0 > XHI) { XHI = PX_max * 2.0 }
    if (PY_min / 2.0 < YLO) { YLO = PY_min / 2.0 }
}
YHI = PK_MAX * 3.0

# how many points each model has: a model without any gets no key entry
array NPM[NMODELS]
do for [m = 1:NMODELS] { NPM[m] = 0 }
if (NP > 0) {
    stats DATA index 1 using (NPM[int($1)] = NPM[int($1)] + 1, 0) nooutput
}

# the workloads, each once, and each one's highest GFLOP/s
WORKLOADS = ""
if (NP > 0) {
    stats DATA index 1 using (PT_W = strcol(3), WORKLOADS = (strstrt(" " . WORKLOADS . " ", " " . PT_W . " ") > 0) ? WORKLOADS : WORKLOADS . " " . PT_W, 0) nooutput
}
array WTOP[words(WORKLOADS) + 1]
do for [k = 1:words(WORKLOADS)] {
    WTOP[k] = 0
    stats DATA index 1 using ((strcol(3) eq word(WORKLOADS, k) && $6 > WTOP[k]) ? (WTOP[k] = $6) : 0, 0) nooutput
}

# ---- the figure ---------------------------------------------------------------------

eval term_for(OUT, 960, 640)
set output OUT
set logscale xy 10
set xrange [XLO : XHI]
set yrange [YLO : YHI]
set format x "%g"
set format y "%g"
set xlabel "arithmetic intensity (FLOP per byte moved)"
set ylabel "attained performance (GFLOP/s)"
set key top left
if (NP == 0) { unset key }
set samples 600

# roof(x, i): the ceiling of row i at intensity x
roof(x, i) = (CBW[i] * x < CPK[i]) ? CBW[i] * x : CPK[i]

# The labels of the roofs with the most workers, where no point can be:
# above the slope, ending at it a little left of the ridge; above the roof
# at its right end; the ridge above its corner.
R_TOP = CPK[TOP] / CBW[TOP]
LX = R_TOP / 5.0
set label 10 sprintf("bandwidth %.3g GB/s (%d worker%s) ", CBW[TOP], CW[TOP], CW[TOP] == 1 ? "" : "s") \
    at first LX, first CBW[TOP] * LX offset 0, 0.6 right font ",10" tc rgb "#222222" front noenhanced
set label 11 sprintf("peak %.3g GFLOP/s (%d worker%s)", CPK[TOP], CW[TOP], CW[TOP] == 1 ? "" : "s") \
    at graph 0.98, first CPK[TOP] offset 0, 0.8 right font ",10" tc rgb "#222222" front noenhanced
set label 12 sprintf("ridge %.3g FLOP/B", R_TOP) at first R_TOP, first CPK[TOP] \
    offset 0, 0.8 center font ",9" tc rgb "#666666" front noenhanced
L = 13
do for [i = 1:NC] {
    if (i != TOP) {
        R_I = CPK[i] / CBW[i]
        eval sprintf("set label %d sprintf('%%d worker%%s: %%.3g GB/s, %%.3g GFLOP/s', CW[%d], CW[%d] == 1 ? '' : 's', CBW[%d], CPK[%d]) at graph 0.98, first %.9g offset 0, -1 right font ',9' tc rgb '#777777' front noenhanced", \
            L, i, i, i, i, CPK[i])
        L = L + 1
    }
}

PLOT = "plot"
SEP = " "
do for [i = 1:NC] {
    PLOT = PLOT . SEP . sprintf("roof(x, %d) with lines lc rgb '%s' lw %g dt %s notitle", i, \
        (i == TOP) ? "#222222" : "#999999", (i == TOP) ? 2.5 : 1.5, (i == TOP) ? "solid" : "(6, 4)")
    SEP = ", "
}
if (NP > 0) {
    do for [m = 1:NMODELS] {
        if (NPM[m] > 0) {
            PLOT = PLOT . sprintf(", DATA index 1 using ((int($1) == %d) ? $5 : NaN):6 with points lt %d title '%s'", \
                m, m, word(MODELS, m))
        }
    }
    # each point's workers, small, left of it; each workload's name once,
    # right of its highest point
    PLOT = PLOT . ", DATA index 1 using 5:6:(sprintf('%d', int($4))) with labels offset char -0.9, char 0 right font ',8' tc rgb '#777777' notitle"
    do for [k = 1:words(WORKLOADS)] {
        PLOT = PLOT . sprintf(", DATA index 1 using ((strcol(3) eq '%s' && $6 == WTOP[%d]) ? $5 : NaN):6:(strcol(3)) with labels offset char 0.9, char 0.3 left font ',9' tc rgb '#333333' notitle noenhanced", \
            word(WORKLOADS, k), k)
    }
}
eval PLOT
unset output
