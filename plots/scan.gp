# plots/scan.gp -- reads a per-workload time file for the speedup plots.
# Loaded with DATA set (never run on its own). DATA has one block per model,
# blocks separated by two blank lines, columns:
#   1 model line type (style.gp)  2 model  3 workers  4 median s  5 min s  6 max s
# Sets:
#   NB            the number of blocks (models)
#   LT[b]         block b's line type; NAME[b] its model
#   T1[b]         its median time at 1 worker, the speedup baseline (0: none)
#   AF[b], AE[b]  Amdahl serial fraction and its standard error (AE is NaN
#                 when the fit is exact); AN[b] the worker counts above 1 it
#                 used (0: no fit), AP[b] the largest of them
#   XMIN, XMAX    the worker range; YMAX the largest speedup (top of a bar)
# With FIT = 1 (the default) it fits Amdahl's law S(p) = 1/(f + (1-f)/p)
# to each model's speedups. At 1 worker S = 1 whatever f is, so only the
# counts above 1 inform the fit. Amdahl's p counts processors, so the fit
# uses only the counts up to CORES (one such count gives f exactly), and all
# counts only when none lies within CORES.

if (!exists("FIT")) FIT = 1
if (!exists("CORES")) CORES = 0

# stats keeps only points inside the current ranges: clear them.
set autoscale xy
unset logscale
stats DATA using 3 nooutput
NB = STATS_blocks
XMIN = STATS_min
XMAX = STATS_max
YMAX = XMAX

array LT[NB]
array NAME[NB]
array T1[NB]
array AF[NB]
array AE[NB]
array AN[NB]
array AP[NB]

set fit quiet nolog errorvariables

do for [b = 1:NB] {
    stats DATA index (b - 1) using 1 nooutput
    LT[b] = int(STATS_min)
    NAME[b] = word(MODELS, LT[b])
    # The 1-worker median; 0 when the model has no 1-worker point.
    stats DATA index (b - 1) using (($3 == 1) ? $4 : 0) nooutput
    T1[b] = STATS_max
    AF[b] = NaN
    AE[b] = NaN
    AN[b] = 0
    AP[b] = 0
    if (T1[b] > 0) {
        stats DATA index (b - 1) using (T1[b] / $5) nooutput
        YMAX = (STATS_max > YMAX) ? STATS_max : YMAX
    }
    if (FIT && T1[b] > 0) {
        fit_top = (CORES > 0) ? CORES : XMAX
        stats DATA index (b - 1) using (($3 > 1 && $3 <= fit_top) ? 1 : 0) nooutput
        if (STATS_sum < 1) { fit_top = XMAX }
        stats DATA index (b - 1) using (($3 > 1 && $3 <= fit_top) ? 1 : 0) nooutput
        AN[b] = int(STATS_sum)
        stats DATA index (b - 1) using (($3 > 1 && $3 <= fit_top) ? $3 : 0) nooutput
        AP[b] = STATS_max
    }
    if (AN[b] > 0) {
        # Linear start: 1/S - 1/p = f (1 - 1/p), least squares through 0.
        stats DATA index (b - 1) using (($3 <= fit_top) ? (1 - 1 / $3) * ($4 / T1[b] - 1 / $3) : 0) nooutput
        sxy = STATS_sum
        stats DATA index (b - 1) using (($3 <= fit_top) ? (1 - 1 / $3) ** 2 : 0) nooutput
        AF[b] = sxy / STATS_sum
        if (AN[b] >= 2 && AF[b] > -0.9) {
            # Fitted as g = 1 + f: fit scales a parameter by its start value,
            # and f can start at exactly 0.
            amdahl_g = 1 + AF[b]
            fit 1 / ((amdahl_g - 1) + (2 - amdahl_g) / x) DATA index (b - 1) \
                using (($3 > 1 && $3 <= fit_top) ? $3 : 1/0):(T1[b] / $4) via amdahl_g
            AF[b] = amdahl_g - 1
            AE[b] = amdahl_g_err
        }
    }
}
