# plots/scan.gp -- reads a per-workload speedup file for the speedup plots.
# Loaded with DATA set, after style.gp (never run on its own). DATA (the
# Python core's W-speedup.dat) has one block per model, blocks separated by
# two blank lines, columns:
#   1 model line type (models.gp)  2 model  3 workers  4 speedup over the
#   same model at 1 worker  5 low  6 high (its 95 % interval, the error bar)
# Sets, besides what blocks.gp sets (NB, LT[b], NAME[b], XMIN, XMAX):
#   YMAX          the top of the highest error bar, at least XMAX
#   AF[b], AE[b]  block b's Amdahl serial fraction and that one's error, NaN
#                 here: speedup.gp fills them from its FITS file (AE stays
#                 NaN when the fit is exact); AN[b] the worker counts above
#                 1 the fit used, AP[b] the largest of them (0: no fit)
# It computes nothing: the speedups, their intervals and the fits are the
# Python core's; this only finds the ranges to draw them in.

load HERE . "blocks.gp"
stats DATA using 6 nooutput
YMAX = (STATS_max > XMAX) ? STATS_max : XMAX

array AF[NB]
array AE[NB]
array AN[NB]
array AP[NB]

do for [b = 1:NB] {
    AF[b] = NaN
    AE[b] = NaN
    AN[b] = 0
    AP[b] = 0
}
