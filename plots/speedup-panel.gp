# plots/speedup-panel.gp -- draws one speedup panel from the arrays that
# scan.gp set (loaded after it; never run on its own): one line per model,
# its speedups as DATA gives them, with error bars from their low..high
# columns (the 95 % interval), the ideal line, the shaded worker counts
# above CORES, and with SHOWFIT = 1 each model's Amdahl fit as a dashed
# curve: the models whose AF[b] is a number (filled by speedup.gp from the
# Python core's fits). YTOP, when set above 0, fixes the y range.

if (!exists("SHOWFIT")) SHOWFIT = 1
if (!exists("YTOP")) YTOP = 0

set logscale x 2
set xrange [XMIN / 1.25 : XMAX * 1.25]
set xtics 2 format "%g"
set mxtics default
set xlabel "workers (threads, processes or ranks)"
set ylabel "speedup over the same model at 1 worker"
set yrange [0 : (YTOP > 0 ? YTOP : YMAX * 1.08)]
set ytics autofreq
set samples 400
unset object 1
unset arrow 1
unset label 1
if (CORES > 0 && CORES < XMAX) { eval cores_cmd }

# fit_title(b): the key text of block b, with its Amdahl serial fraction.
# (A fraction within rounding of 0 shows as 0.000, not -0.000.)
show_f(f) = (abs(f) < 0.0005) ? 0.0 : f
has_fit(b) = SHOWFIT && AF[b] == AF[b]
fit_title(b) = (has_fit(b) && AE[b] == AE[b]) ? sprintf("%s  f = %.3f ± %.3f", NAME[b], show_f(AF[b]), AE[b]) : \
               has_fit(b) ? sprintf("%s  f = %.3f (exact)", NAME[b], show_f(AF[b])) : NAME[b]

PLOT = "plot x ls 20 title 'ideal: speedup = workers'"
do for [b = 1:NB] {
    PLOT = PLOT . sprintf(", DATA index %d using 3:4:5:6 with yerrorlines lt %d title '%s'", \
        b - 1, LT[b], fit_title(b))
}
FITS_DRAWN = 0
if (SHOWFIT) {
    do for [b = 1:NB] {
        if (has_fit(b)) {
            PLOT = PLOT . sprintf(", (x >= 1 && x <= %g) ? 1 / (%.9g + (1 - %.9g) / x) : 1/0 with lines lt %d dt (9, 6) lw 1.4 notitle", \
                XMAX, AF[b], AF[b], LT[b])
            FITS_DRAWN = 1
        }
    }
    if (FITS_DRAWN) { PLOT = PLOT . ", keyentry with lines ls 21 title 'dashed: Amdahl fit, f = serial fraction'" }
}
eval PLOT
